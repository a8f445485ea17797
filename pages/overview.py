"""Overview: headline counts with change since the last CSP, world map, States Parties over time."""

import json

import altair as alt
import polars as pl
import pydeck as pdk
import streamlit as st

from attdash.paths import GEO_DIR
from attdash.ui import data
from attdash.ui.state import current, set_url_param
from attdash import reports
from attdash.ui.widgets import download, md_escape, show_table
from attdash.vocab import GROUP_SHORT, MARKDOWN_COLOURS, NO_GROUP_LABEL, STATUS_COLOURS, STATUS_LABELS

f = current()
snap = f.snapshot.name
st.title("Arms Trade Treaty — universalization overview")
st.caption(f"Status on **{f.on.isoformat()}** · {f.describe()}")
_currency = data.record_currency(snap)
st.info(md_escape(reports.describe_record_currency(_currency))
        + (" Statuses after that date are the record of that day plus the actions recorded since."
           if _currency["complete_through"] and f.on > _currency["complete_through"] else ""),
        icon=":material/fact_check:")

# Reference date: the opening of the most recent CSP before the chosen date (CSP dates are sourced data).
csps = data.run(snap, "csp_dates").filter(pl.col("start_date") < f.on)
options = {r["meeting_id"]: r for r in csps.iter_rows(named=True)}
ref_ids = list(reversed(options))
if not ref_ids:
    st.info("No Conference of States Parties had opened before this date; changes are not shown.")
    ref = None
else:
    wanted = st.query_params.get("ref")
    if wanted is not None and wanted not in options:
        st.warning(f"Unknown reference meeting in the link; comparing with {ref_ids[0]} instead.", icon="⚠️")
        wanted = None
    ref_id = st.selectbox("Compare with the opening of", ref_ids, index=ref_ids.index(wanted or ref_ids[0]),
                          format_func=lambda m: f"{m} ({options[m]['start_date']:%d %b %Y}, {options[m]['place']})",
                          key="ov_ref")
    set_url_param("ref", None if ref_id == ref_ids[0] else ref_id)
    ref = options[ref_id]

now = data.run(snap, "status_counts", as_of=f.on, groups=f.groups_param)
before = data.run(snap, "status_counts", as_of=ref["start_date"], groups=f.groups_param) if ref else None
total = int(now["states"].sum())
cols = st.columns(5)
for i, row in enumerate(now.iter_rows(named=True)):
    delta = None
    if before is not None:
        d = row["states"] - before["states"][i]
        delta = f"{d:+d} since {ref['meeting_id']}"
    neutral = row["status"] in ("not_signed", "unknown") or (before is not None and d == 0)
    cols[i].metric(f"{STATUS_LABELS[row['status']]}", f"{row['states']} of {total}", delta,
                   delta_color="off" if neutral else "normal", delta_arrow="off" if neutral else "auto")
if int(now.filter(pl.col("status") == "unknown")["states"][0]):
    st.caption("“No data in this snapshot”: the sources in this snapshot do not establish the State's status on "
               "this date — no full participant list read for the snapshot reaches it. See Data & sources.")
    # Offer the date (among those a full participant list reaches) on which the fewest statuses are unknown.
    unknown_now = int(now.filter(pl.col("status") == "unknown")["states"][0])
    candidates = []
    for day in data.run(snap, "check_dates", as_of=f.snapshot.as_of)["checked_on"]:
        counts = data.run(snap, "status_counts", as_of=day, groups=f.groups_param)
        candidates.append((int(counts.filter(pl.col("status") == "unknown")["states"][0]), -day.toordinal(), day))
    if candidates and min(candidates)[0] < unknown_now:
        fewest, _, best_day = min(candidates)

        def _go(day=best_day):
            st.session_state.f_on = day

        st.button(f"Show {best_day:%d %B %Y}: full participant lists settle most statuses on that date "
                  f"({fewest} unknown instead of {unknown_now})", on_click=_go, key="ov_best_date",
                  icon=":material/event_available:")

status = data.run(snap, "status", as_of=f.on, groups=None, statuses=None)
selected = set(data.run(snap, "status", as_of=f.on, groups=f.groups_param, statuses=f.statuses_param)["iso3"])


@st.cache_resource(show_spinner=False)
def _geo():
    world = json.loads((GEO_DIR / "world_110m.geojson").read_text(encoding="utf-8"))
    centroids = pl.read_csv(GEO_DIR / "centroids.csv")
    return world, centroids


world, centroids = _geo()
by_iso = {r["iso3"]: r for r in status.iter_rows(named=True)}


def _props(iso3: str) -> dict:
    r = by_iso.get(iso3)
    if r is None:
        return {"name": iso3, "status": "Not a UN Member or observer State", "group": "", "fill": [245, 245, 245, 255]}
    rgb = list(STATUS_COLOURS[r["status"]])
    alpha = 230 if iso3 in selected else 50
    return {"name": r["name"], "status": STATUS_LABELS[r["status"]] + (" (notified no intent)" if r["no_intent"] else ""),
            "group": r["un_regional_group"] or NO_GROUP_LABEL, "fill": rgb + [alpha]}


features = [{**feat, "properties": {**feat["properties"], **_props(feat["properties"].get("ISO_A3"))}}
            for feat in world["features"]]
points = [{"lon": c["lon"], "lat": c["lat"], **_props(c["iso3"])}
          for c in centroids.filter(~pl.col("method").str.starts_with("polygon")).iter_rows(named=True)]
deck = pdk.Deck(
    layers=[
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, pickable=True,
                  stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[255, 255, 255],
                  line_width_min_pixels=0.5),
        pdk.Layer("ScatterplotLayer", points, pickable=True, get_position=["lon", "lat"], get_fill_color="fill",
                  get_radius=60000, radius_min_pixels=4, radius_max_pixels=9, stroked=True,
                  get_line_color=[60, 60, 60], line_width_min_pixels=0.5),
    ],
    initial_view_state=pdk.ViewState(latitude=15, longitude=10, zoom=0.8),
    map_provider=None,
    map_style=None,
    tooltip={"text": "{name}\n{status}\n{group}"},
)
left, right = st.columns([3, 2])
with left:
    st.subheader("World map")
    st.pydeck_chart(deck, height=430)
    st.caption("Colour = status on the chosen date; small island States are drawn as points. Natural Earth 1:110m "
               "(public domain). Faded = outside the selected groups/statuses.")
    st.markdown(" · ".join(f":{MARKDOWN_COLOURS[s]}[{'□' if s == 'unknown' else '■'}] {STATUS_LABELS[s]}"
                           for s in STATUS_COLOURS))
with right:
    st.subheader("States Parties over time")
    tl = data.run(snap, "timeline", as_of=f.on)
    tl = tl.filter(pl.col("states_parties").max().over("un_regional_group") > 0)
    if f.groups:
        tl = tl.filter(pl.col("un_regional_group").is_in(list(f.groups)))
    tl = tl.with_columns(pl.col("un_regional_group").replace(GROUP_SHORT).alias("group"))
    chart = alt.Chart(tl.to_pandas()).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("states_parties:Q", title="States Parties"),
        color=alt.Color("group:N", title="UN regional group", legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=["date:T", "group:N", "states_parties:Q"],
    ).properties(height=380)
    st.altair_chart(chart, width="stretch")
    download(tl.drop("group"), "states-parties-over-time", f.on.isoformat(), key="dl_timeline",
             label="Download the series (CSV)")

st.subheader("Counts by UN regional group")
summary = data.run(snap, "summary", as_of=f.on)
show_table(summary, key="ov_summary", labels={"state_party": "States Parties",
                                                 "ratified_not_in_force": "Ratified, not in force",
                                                 "signatory": "Signatories", "not_signed": "Not signed",
                                                 "unknown": "No data", "total": "Total"})
download(summary, "summary", f.on.isoformat(), key="dl_summary")
st.caption("Each State is counted under the group it is listed under on that date (Türkiye: Asia-Pacific, as in "
           "the work plan's annex). Same rows as `python -m attdash summary --as-of "
           f"{f.on.isoformat()} --format csv`.")
