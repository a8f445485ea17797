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
    """Draw the chart of ``builder`` with ``rows`` (None: the rows the chart carries itself)."""
    lang = i18n.current()
    data = inline_rows(builder, lang) if rows is None else derived(rows, "arrow", lambda r: r.to_arrow())
    st.vega_lite_chart(data, json.loads(spec(builder, lang)), width=width)  # a fresh dict: Streamlit may change it


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
        color=alt.Color("vote:N", scale=vote_colours(), legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip("symbol:N", title=_("Resolution")), alt.Tooltip("day:N", title=_("Date")),
                 alt.Tooltip("vote:N", title=_("Vote")), alt.Tooltip("yes:Q", title=_("In favour")),
                 alt.Tooltip("no:Q", title=_("Against")), alt.Tooltip("abstain:Q", title=_("Abstentions"))],
    ).properties(height=120)


def unroca_years() -> alt.Chart:
    """Rows: year, record."""
    return alt.Chart().mark_square(size=170, opacity=1).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-60)), color=alt.Color(
            "record:N", scale=alt.Scale(domain=[_(UNROCA_KNOWN), _(UNROCA_UNKNOWN)],
                                        range=["#1c83e1", "#d6d6d6"]),
            legend=alt.Legend(orient="bottom", title=None)),
        tooltip=[alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("record:N", title=_("Report"))]
    ).properties(height=90)


UNROCA_KNOWN = N_("report known")
UNROCA_UNKNOWN = N_("not shown on unroca.org (unknown)")
