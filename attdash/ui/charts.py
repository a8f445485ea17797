"""The pages' charts: each Vega-Lite spec is built once with Altair, the rows are passed on each rerun.

Building an Altair chart validates it against the Vega-Lite schema, which cost more than the rest of a page's
rerun; a chart's encoding never changes, only its rows do. Each builder below returns the chart without
data; :func:`show` sends its cached spec with the rows (as Arrow, like ``st.altair_chart``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

import altair as alt
import polars as pl
import streamlit as st

from attdash import i18n
from attdash.i18n import N_, _, pgettext
from attdash.ui.memo import derived
from attdash.ui.world_map import legend


@lru_cache(maxsize=None)
def spec(builder: Callable[[], alt.TopLevelMixin], lang: str = "en") -> str:
    """The builder's chart as Vega-Lite JSON, built and validated once per language (titles, legends and tooltips
    are translated when it is built), without its data (see :func:`inline_rows`)."""
    i18n.use(lang)
    chart = builder().to_dict()
    chart.pop("data", None)  # Altair's placeholder ({"name": "empty"}) or the chart's own rows
    chart.pop("datasets", None)  # the placeholder's rows ({"empty": [{}]}): Vega would look for that data set
    return json.dumps(chart)


@lru_cache(maxsize=None)
def inline_rows(builder: Callable[[], alt.TopLevelMixin], lang: str = "en"):
    """Rows a chart carries itself (the map legend), as an Arrow table made once per language; None for charts fed
    by a query."""
    import pyarrow as pa
    i18n.use(lang)
    data = builder().to_dict().get("data", {})
    return pa.Table.from_pylist(data["values"]) if isinstance(data, dict) and "values" in data else None


def show(builder: Callable[[], alt.TopLevelMixin], rows: pl.DataFrame | None = None, *,
         width: str = "stretch") -> None:
    """Draw the chart of ``builder`` with ``rows`` (None: the rows the chart carries itself).

    Streamlit hands the rows to Vega after drawing the chart once without them; with a scale's domain given
    from the rows (:func:`_domains`), that first drawing has no "infinite extent" to warn about. The chart's
    titles, legends and tooltips are in the running page's language (one spec per language).
    """
    lang = i18n.current()
    if rows is None:
        st.vega_lite_chart(inline_rows(builder, lang), json.loads(spec(builder, lang)), width=width)
        return
    rows = derived(rows, "drawable", lambda r: r.drop_nulls([c for c in ("date", "year") if c in r.columns]))
    if rows.is_empty():
        st.caption(_("Nothing to draw for this selection."))
        return
    chart = json.loads(spec(builder, lang))  # a fresh dict: Streamlit may change it
    for channel, domain in derived(rows, ("domains", builder), lambda r: _domains(chart, r)).items():
        chart["encoding"][channel].setdefault("scale", {})["domain"] = domain
    st.vega_lite_chart(derived(rows, "arrow", lambda r: r.to_arrow()), chart, width=width)


def _domains(chart: dict, rows: pl.DataFrame) -> dict[str, list]:
    """The x/y domains of a chart's temporal and quantitative scales, from its rows (bars stacked by colour:
    the largest stack)."""
    enc = chart.get("encoding", {})
    stacked = chart.get("mark", {}).get("type") == "bar" and "color" in enc
    out = {}
    for channel in ("x", "y"):
        e = enc.get(channel)
        if not isinstance(e, dict) or "field" not in e or e.get("scale", {}).get("domain"):
            continue
        field = e["field"]
        if e.get("type") == "temporal":
            lo, hi = rows[field].min(), rows[field].max()
            out[channel] = [{"year": d.year, "month": d.month, "date": d.day} for d in (lo, hi)]
        elif e.get("type") == "quantitative":
            other = enc.get("y" if channel == "x" else "x", {}).get("field")
            if stacked and other in rows.columns:
                hi = rows.group_by(other).agg(pl.col(field).sum())[field].max()
            else:
                hi = rows[field].max()
            out[channel] = [min(0, rows[field].min()), max(hi, 1)]
    return out


def map_legend() -> alt.LayerChart:
    return legend()


def states_parties_over_time() -> alt.Chart:
    """Rows: date, day (the date in words), group (its name in the page's language), states_parties."""
    return alt.Chart().mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y")),
        y=alt.Y("states_parties:Q", title=_("States Parties")),
        color=alt.Color("group:N", title=_("UN regional group"),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=300)),
        tooltip=[alt.Tooltip("day:N", title=_("Date")), alt.Tooltip("group:N", title=_("UN regional group")),
                 alt.Tooltip("states_parties:Q", title=_("States Parties"))],
    ).properties(height=380)


def conversions_per_year() -> alt.Chart:
    """Rows: year, kind, states."""
    return alt.Chart().mark_bar().encode(
        x=alt.X("year:O", title=None), y=alt.Y("states:Q", title=_("Instruments deposited")),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("kind:N", title=_("Instrument")),
                 alt.Tooltip("states:Q", title=_("States"))]).properties(height=300)


#: UNGA votes as the data writes them, and their words on the pages (pgettext context "UNGA vote").
VOTES = ("yes", "abstain", "no", "absent", "not a UN Member")


def vote_label(vote: str) -> str:
    """A vote in words, in the running page's language."""
    return {"yes": pgettext("UNGA vote", "yes"), "abstain": pgettext("UNGA vote", "abstain"),
            "no": pgettext("UNGA vote", "no"), "absent": pgettext("UNGA vote", "absent"),
            "not a UN Member": pgettext("UNGA vote", "not a UN Member")}.get(vote, vote)


def vote_colours() -> alt.Scale:
    return alt.Scale(domain=[vote_label(v) for v in VOTES], range=["#1b7837", "#e6ab02", "#b2182b", "#bdbdbd",
                                                                   "#f0f0f0"])


def unga_votes() -> alt.Chart:
    """Rows: symbol, day (the date in words), vote (in words: vote_label), yes, no, abstain (one per resolution)."""
    return alt.Chart().mark_square(size=420).encode(
        x=alt.X("symbol:N", sort=None, title=None, axis=alt.Axis(labelAngle=-40)),
        # legends on top: below the rotated resolution symbols they fell outside the chart's height
        color=alt.Color("vote:N", scale=vote_colours(), legend=alt.Legend(orient="top", title=None, labelLimit=400)),
        tooltip=[alt.Tooltip("symbol:N", title=_("Resolution")), alt.Tooltip("day:N", title=_("Date")),
                 alt.Tooltip("vote:N", title=_("Vote")), alt.Tooltip("yes:Q", title=_("In favour")),
                 alt.Tooltip("no:Q", title=_("Against")), alt.Tooltip("abstain:Q", title=_("Abstentions"))],
    ).properties(height=140)


def unroca_years() -> alt.Chart:
    """Rows: year, record."""
    return alt.Chart().mark_square(size=170, opacity=1).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-60)), color=alt.Color(
            "record:N", scale=alt.Scale(domain=[_(UNROCA_KNOWN), _(UNROCA_UNKNOWN)],
                                        range=["#1c83e1", "#d6d6d6"]),
            legend=alt.Legend(orient="top", title=None, labelLimit=400)),
        tooltip=[alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("record:N", title=_("Report"))]
    ).properties(height=115)


UNROCA_KNOWN = N_("report known")
UNROCA_UNKNOWN = N_("not shown on unroca.org (unknown)")
