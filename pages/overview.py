"""Overview: headline counts with change since the last CSP, world map, States Parties over time."""

import polars as pl
import streamlit as st

from attdash.ui import charts, data, outreach
from attdash.ui.state import current, set_url_param
from attdash import reports
from attdash.ui.format import long_date
from attdash.ui.memo import derived
from attdash.ui.widgets import download, md_escape, show_table, state_names
from attdash import i18n
from attdash.i18n import _, ngettext
from attdash.vocab import group_label, status_label

f = current()
snap = f.snapshot.name
st.title(_("Arms Trade Treaty — universalization overview"))
st.caption(_("Status on **{day}** · {filters}").format(day=long_date(f.on), filters=f.describe()))
_currency = data.record_currency(snap)
st.info(md_escape(reports.describe_record_currency(_currency, names=state_names()))
        + (" " + _("Statuses after that date are the record of that day plus the actions recorded since.")
           if _currency["complete_through"] and f.on > _currency["complete_through"] else ""),
        icon=":material/fact_check:")

# Reference date: the opening of the most recent CSP before the chosen date (CSP dates are sourced data).
csps = derived(data.run(snap, "csp_dates"), ("before", f.on), lambda c: c.filter(pl.col("start_date") < f.on))
options = {r["meeting_id"]: r for r in csps.iter_rows(named=True)}
ref_ids = list(reversed(options))
if not ref_ids:
    st.info(_("No Conference of States Parties had opened before this date; changes are not shown."))
    ref = None
else:
    wanted = st.query_params.get("ref")
    if wanted is not None and wanted not in options:
        st.warning(_("Unknown reference meeting in the link; comparing with {meeting} instead.").format(
            meeting=md_escape(ref_ids[0])), icon="⚠️")
        wanted = None
    ref_id = st.selectbox(_("Compare with the opening of"), ref_ids, index=ref_ids.index(wanted or ref_ids[0]),
                          format_func=lambda m, lang=i18n.current():
                          f"{m} ({long_date(options[m]['start_date'], lang)}, {options[m]['place']})",
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
        delta = _("{change} since {meeting}").format(change=f"{d:+d}", meeting=ref["meeting_id"])
    neutral = row["status"] in ("not_signed", "unknown") or (before is not None and d == 0)
    # The number alone, so it never truncates at 1280 px; "of N" is said once below the tiles.
    cols[i].metric(status_label(row["status"]), i18n.format_number(row["states"]), delta,
                   delta_color="off" if neutral else "normal", delta_arrow="off" if neutral else "auto")
st.caption(_("Number of States, out of {total} ({who}), on {day}.").format(
               total=total, day=long_date(f.on),
               who=_("the Member States of the selected groups") if f.groups else
               _("UN Member and observer States, Niue and the Cook Islands, as the depositary counts"))
           + ("" if f.groups else " " + reports.deposited_sentence(data.run(snap, "deposited_count", as_of=f.on))))
unknown_now = dict(zip(now["status"], now["states"]))["unknown"]
if unknown_now:
    st.caption(_("“No data in this snapshot”: the sources in this snapshot do not establish the State's status on "
                 "this date — no full participant list read for the snapshot reaches it. See Data & sources."))
    # Offer the date (among those a full participant list reaches) on which the fewest statuses are unknown.
    candidates = data.unknown_by_check_date(snap, f.snapshot.as_of, f.groups_param)
    if candidates and min(candidates)[0] < unknown_now:
        fewest, _order, best_day = min(candidates)

        def _go(day=best_day):
            st.session_state.f_on = day

        st.button(_("Show {day}: full participant lists settle most statuses on that date ({fewest} unknown "
                    "instead of {now})").format(day=long_date(best_day), fewest=fewest, now=unknown_now),
                  on_click=_go, key="ov_best_date",
                  icon=":material/event_available:")



left, right = st.columns([3, 2])
with left:
    st.subheader(_("World map"))
    st.pydeck_chart(data.status_deck(snap, f.on, f.groups_param, f.statuses_param, i18n.current()), height=430)
    charts.show(charts.map_legend, width="content")
    st.caption(_("Colour = status on the chosen date; small island States are drawn as points; faded = outside "
                 "the selected groups or statuses. Map: Natural Earth 1:110m (public domain)."))
with right:
    st.subheader(_("States Parties over time"))
    def _series(timeline: pl.DataFrame, groups: tuple[str, ...]) -> pl.DataFrame:
        """The groups that have States Parties (those chosen, if any)."""
        out = timeline.filter(pl.col("states_parties").max().over("un_regional_group") > 0)
        if groups:
            out = out.filter(pl.col("un_regional_group").is_in(list(groups)))
        return out

    tl = derived(data.run(snap, "timeline", as_of=f.on), ("series", f.groups), lambda t: _series(t, f.groups))
    lang = i18n.current()
    charts.show(charts.states_parties_over_time, derived(tl, ("chart", lang), lambda t: t.with_columns(
        pl.col("un_regional_group").map_elements(lambda g: group_label(g, lang), return_dtype=pl.Utf8).alias("group"),
        pl.col("date").map_elements(lambda d: long_date(d, lang), return_dtype=pl.Utf8).alias("day"))))
    download(tl, "states-parties-over-time", f.on.isoformat(), key="dl_timeline",
             label=_("Download the series (CSV)"))

st.subheader(_("Counts by UN regional group"))
summary = data.run(snap, "summary", as_of=f.on)
show_table(summary, key="ov_summary")
download(summary, "summary", f.on.isoformat(), key="dl_summary")
st.caption(_("Each State is counted under the group it is listed under on that date (Türkiye: Asia-Pacific, as "
             "in the work plan's annex)."))

outreach.overview_outreach(snap, f.on)  # activities in the last 90 days by group: signed-in only
