"""The overview's world map: geometry loaded once by URL, colours and tooltips sent compactly.

The polygons and small-State points live in ``static/world.json`` (see attdash.geo), which the browser
fetches once and caches. What a rerun sends is the deck's JSON of about 5 kB:

- the fill colour of feature *i* is ``PALETTE[CODE[i]]``, where ``CODE`` is an array with one small number
  per feature (status × inside/outside the filters); deck.gl evaluates that expression per feature
  (@deck.gl/json expressions) and recomputes it when the codes change (``updateTriggers``);
- the tooltip's plain-language status and UN group come from a small style sheet in the tooltip's HTML
  template: one rule per status and per group listing the ISO3 codes it applies to. Only fixed labels
  (attdash.vocab) and ISO3 codes go into it; the feature's name is filled in (and HTML-escaped) by
  Streamlit's tooltip code.

pydeck's own JSON is indented and sorted; :class:`CompactDeck` writes the same document without
whitespace. No base map (tiles, styles) is requested: the map works offline.
"""

from __future__ import annotations

import json
from collections import defaultdict

import altair as alt
import polars as pl
import pydeck as pdk

from attdash.geo import WORLD_URL, feature_iso3, first_point
from attdash.i18n import N_, gettext_in
from attdash.vocab import NON_STATE_COLOUR, STATUS_COLOURS, STATUSES, group_label, status_label

#: Palette index: 2 × status index (+1 when outside the filters); NOT_A_STATE_CODE for other areas.
NOT_A_STATE_CODE = 2 * len(STATUSES)
SELECTED_ALPHA, FADED_ALPHA = 235, 70
NOT_A_STATE = N_("Not a UN Member or observer State")
NO_INTENT = N_("has notified that it will not become a party")
#: Streamlit's deck.gl front end loads no base map for this style value (no tiles, works offline).
NO_BASE_MAP = "__MAP_STYLE__"


def palette() -> list[list[int]]:
    out = []
    for status in STATUSES:
        out += [[*STATUS_COLOURS[status], SELECTED_ALPHA], [*STATUS_COLOURS[status], FADED_ALPHA]]
    return out + [[*NON_STATE_COLOUR, 255]]


def state_codes(status: pl.DataFrame, selected: set[str]) -> list[int]:
    """One palette index per feature of static/world.json: its status on the date, whether the filters keep it."""
    by_iso = {r["iso3"]: r["status"] for r in status.select("iso3", "status").iter_rows(named=True)}
    out = []
    for iso3 in feature_iso3():
        s = by_iso.get(iso3)
        out.append(NOT_A_STATE_CODE if s is None else 2 * STATUSES.index(s) + (iso3 not in selected))
    return out


def _rules(classes: dict[str, list[str]], prefix: str) -> str:
    return "".join(",".join(f".{prefix}-{iso3}::after" for iso3 in sorted(codes)) + "{content:" + _css_text(text) + "}"
                   for text, codes in classes.items())


def _css_text(text: str) -> str:
    """A CSS string: JSON's quoting (\\ and \"), characters kept as they are (CSS reads no \\uXXXX escapes); no
    "<" so the text cannot close the style element."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\3c ")


def tooltip(status: pl.DataFrame, lang: str = "en", names: dict[str, str] | None = None) -> dict:
    """The tooltip template: "<name>", the status in words, the UN regional group on the date — in ``lang``;
    ``names`` (ISO3 → the State's name in ``lang``) replace the map's English names."""
    statuses, groups, named = defaultdict(list), defaultdict(list), defaultdict(list)
    no_intent = " — " + gettext_in(NO_INTENT, lang)
    for r in status.iter_rows(named=True):
        label = status_label(r["status"], lang) + (no_intent if r["no_intent"] else "")
        statuses[label].append(r["iso3"])
        groups[group_label(r["un_regional_group"], lang)].append(r["iso3"])
        if names and r["iso3"] in names:
            named[names[r["iso3"]]].append(r["iso3"])
    css = (".s::after{content:" + _css_text(gettext_in(NOT_A_STATE, lang)) + "}" + _rules(statuses, "s")
           + ".g::after{content:''}" + _rules(groups, "g"))
    if names:
        css += _rules(named, "n")
        head = "<b class='n n-{iso3}'></b>"
    else:
        head = "<b>{name}</b>"
    html = ("<style>" + css + "</style>" + head + "<div class='s s-{iso3}'></div><div class='g g-{iso3}'></div>")
    return {"html": html, "style": {"backgroundColor": "#ffffff", "color": "#1a1a1a", "fontSize": "14px",
                                     "border": "1px solid #6b6b6b", "padding": "6px 8px"}}


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation (pydeck indents by two spaces)."""

    def to_json(self):  # what st.pydeck_chart sends; a deck is not changed after it is built, so written once
        if getattr(self, "_compact_json", None) is None:
            spec = json.loads(super().to_json())
            spec["mapStyle"] = NO_BASE_MAP
            self._compact_json = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
        return self._compact_json


def status_deck(status: pl.DataFrame, selected: set[str], lang: str = "en",
                names: dict[str, str] | None = None) -> CompactDeck:
    """The map of ``status`` (the status query's rows for every State); ``selected`` ISO3 codes at full colour."""
    codes = state_codes(status, selected)
    compact = {"separators": (",", ":")}
    # jsep (deck.gl's expression parser) indexes an array literal only inside parentheses.
    fill = f"({json.dumps(palette(), **compact)})[({json.dumps(codes, **compact)})[properties.i]]"
    layer = pdk.Layer(
        "GeoJsonLayer", WORLD_URL, id="states", pickable=True, stroked=True, filled=True, auto_highlight=True,
        get_fill_color=fill, update_triggers={"getFillColor": codes},
        get_line_color=f"properties.i < {first_point()} ? [255, 255, 255] : [40, 40, 40]",
        line_width_min_pixels=0.6, point_type="'circle'", get_point_radius=50000,
        point_radius_min_pixels=4, point_radius_max_pixels=8,
    )
    return CompactDeck(layers=[layer], initial_view_state=pdk.ViewState(latitude=15, longitude=10, zoom=0.75),
                       map_provider=None, map_style=None, tooltip=tooltip(status, lang, names))


def legend() -> alt.LayerChart:
    """The map's legend in its exact colours (Altair: Markdown colours are only theme names), one line each, in the
    running page's language."""
    rows = [{"label": status_label(s), "colour": "#%02x%02x%02x" % STATUS_COLOURS[s], "order": i}
            for i, s in enumerate(STATUSES)]
    rows.append({"label": gettext_in(NOT_A_STATE), "colour": "#%02x%02x%02x" % NON_STATE_COLOUR, "order": len(rows)})
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("order:O", axis=None))
    swatch = base.mark_square(size=190, opacity=SELECTED_ALPHA / 255, stroke="#555555", strokeWidth=0.6).encode(
        x=alt.value(8), color=alt.Color("colour:N", scale=None, legend=None))
    text = base.mark_text(align="left", baseline="middle", fontSize=14, color="#1a1a1a").encode(
        x=alt.value(22), text="label:N")
    return alt.layer(swatch, text).properties(width=320, height=len(rows) * 22).configure_view(stroke=None)
