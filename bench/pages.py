"""Rerun benchmark: each dashboard page against a bare Streamlit script of the same size.

Run: ``python -m bench.pages [--runs 30] [--warmup 2] [--page NAME] [--json PATH]`` or ``make bench``.

What it measures
    For each page (overview, by_group, signatories, profile with ``?iso3=GHA``,
    data_sources) the wall time of ``AppTest.run()`` on an unchanged page: the
    server side of a rerun, which is what every widget interaction costs.
    It covers ``app.py`` (navigation, sidebar filters, URL sync) and the page
    script, with every ``st.cache_data`` entry already filled by the warm-up
    runs. Reported: the median of ``--runs`` timed reruns (default 30), and
    the ratio: the median of the paired ratios (each page rerun against the
    floor rerun right after it; ``ratio_of_medians`` is in ``--json`` too).

    Next to it, the framework floor: a bare script generated from the element
    tree the page produced. It renders the same elements in the same
    containers (columns, bordered containers, expanders, sidebar), after the
    same page configuration and navigation menu (as many pages, the same
    icons): texts, labels and options of the same length and in the same
    script as the page's (an Arabic or Chinese page sends more bytes than
    ASCII filler would), metrics, widgets with as many options, dataframes
    with the same rows, columns and column kinds, Vega-Lite charts (a fixed spec) with as
    many rows, a pydeck map with as many features, positions and points sent as
    compact JSON (or, when the page's layer loads its data by URL, a layer
    loading the same URL with accessor strings of the same length) — what a
    bare script written with care would send, so the floor is not inflated
    by the page's own choices. The values
    are synthetic and there is no data access (no DuckDB, no snapshot, no
    ``st.cache_data``; the synthetic frames are built once and held by
    ``st.cache_resource`` in a helper module). Page and floor reruns are
    interleaved. The ratio page/floor is the cost of the page's own work
    (cache lookups, which copy their result; Polars reshaping; building charts;
    CSV for downloads) on top of what Streamlit must do to send the same
    output. The elements are counted and compared between page and floor; a
    difference is reported on stderr. A timed page rerun that renders other
    elements than the warm-up did (say, the snapshot was rebuilt meanwhile)
    is left out of the median and counted (``dropped_page_runs``).

What it does not measure
    AppTest runs the script in-process. The times exclude the websocket
    transfer (the overview map alone is over 1 MB of JSON; the ``payload_kb``
    figure in ``--json`` gives the protobuf size), the browser's parsing,
    rendering and layout, and a real server's session overhead. They include
    AppTest's bookkeeping (a script thread per run, parsing the messages into
    an element tree, ~1 ms polling; 4-7 ms for a one-line script), which
    page and floor pay alike. First visits (cold caches, imports) are not
    timed. The floor's download buttons carry a small fixed payload; its dataframes
    carry the page's column configuration (labels, column types). Timings on a shared or busy machine
    are noisy: compare ratios from the same run rather than milliseconds
    across machines.

AppTest made to rerun like a server (``_server_like_apptest``)
    AppTest (Streamlit 1.67) resets ``PagesManager.uses_pages_directory``
    before every run, and since a ``pages/`` folder sits next to ``app.py`` it
    takes the legacy pages-folder route: after the first run it runs the page
    file alone, without ``app.py`` (no sidebar, filters from the first run).
    A real server sets the flag to ``False`` once ``st.navigation`` ran, so
    the benchmark pins it to ``False``. AppTest also makes a new
    ``ScriptCache`` per run (in Streamlit 1.67, in ``LocalScriptRunner``),
    re-parsing and compiling the scripts every time (half of a small rerun,
    and more for a long floor script); a server compiles once, so the
    benchmark shares one cache, each script under its own path. Both patches
    are undone when it ends.

The synthetic values exist only in the generated scripts (a temporary folder,
or ``--save-scripts DIR``); nothing is written to ``data/``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from attdash.paths import ROOT

APP = ROOT / "app.py"
PAGES: list[tuple[str, dict[str, str]]] = [
    ("overview.py", {}),
    ("by_group.py", {}),
    ("signatories.py", {}),
    ("profile.py", {"iso3": "GHA"}),
    ("data_sources.py", {}),
    ("report.py", {}),
    ("planning.py", {}),
]
TEXT = {"markdown": "markdown", "caption": "caption", "title": "title", "header": "header",
        "subheader": "subheader", "warning": "warning", "info": "info", "error": "error", "success": "success"}
CHARTS = {"vega_lite_chart", "arrow_vega_lite_chart", "deck_gl_json_chart", "plotly_chart", "graphviz_chart",
          "bokeh_chart", "map"}
TIMEOUT = 120  # seconds per AppTest run; the first (cold) run of the overview loads the map


@dataclass
class Shape:
    """What one run of a script rendered (leaf elements only; containers are not counted)."""

    elements: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    dataframes: int = 0
    dataframe_rows: int = 0
    charts: int = 0
    payload_kb: float = 0.0  # serialised size of the elements' protobufs (what goes over the websocket)


# --------------------------------------------------------------------------- element tree


def _leaves(at):
    from streamlit.testing.v1.element_tree import Block

    for root in (at.main, at.sidebar):
        for node in root:
            if not isinstance(node, Block):
                yield node


def _arrow_table(data: bytes):
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all()


def _arrow_rows(data: bytes) -> int:
    return _arrow_table(data).num_rows if data else 0


def _frame_bytes(node) -> bytes:
    p = node.proto
    return p.arrow_data.data or (p.lazy_data.initial_chunk.data if p.HasField("lazy_data") else b"")


def _frame_rows(node) -> int:
    return _arrow_rows(_frame_bytes(node))


def _types(at) -> dict[str, int]:
    return dict(sorted(Counter(node.type for node in _leaves(at)).items()))


def shape_of(at) -> Shape:
    types: Counter[str] = Counter()
    s = Shape()
    size = 0
    for node in _leaves(at):
        types[node.type] += 1
        size += node.proto.ByteSize()
        if node.type == "dataframe":
            s.dataframes += 1
            s.dataframe_rows += _frame_rows(node)
        elif node.type in CHARTS:
            s.charts += 1
    s.elements = sum(types.values())
    s.payload_kb = round(size / 1024, 1)
    s.by_type = dict(sorted(types.items()))
    return s


# --------------------------------------------------------------------------- bare script

FLOOR_MODULE = "_attdash_floor"  # helpers of the bare scripts, imported once like any app module
_FLOOR_LIB = '''"""Synthetic values for bench.pages' bare scripts; no data access. Generated, not app code."""
import datetime as dt
import math

import pandas as pd
import polars as pl
import pyarrow as pa
import pydeck as pdk
import streamlit as st


def text(n, sample="lorem ipsum "):
    """``n`` characters of filler in the script of ``sample`` (Arabic, Chinese, Cyrillic… weigh more than ASCII)."""
    return (sample * (n // max(len(sample), 1) + 1))[:max(n, 1)]


@st.cache_resource(show_spinner=False)
def frame(rows, cols):
    """An Arrow table (built with Polars): ``cols`` is (kind, width) per column, as read from the page's table."""
    out = {}
    for j, (kind, width) in enumerate(cols):
        if kind == "i":
            values = list(range(rows))
        elif kind == "f":
            values = [i / 3 for i in range(rows)]
        elif kind == "b":
            values = [i % 2 == 0 for i in range(rows)]
        elif kind == "d":
            values = [dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(rows)]
        elif kind == "t":
            values = [dt.datetime(2000, 1, 1) + dt.timedelta(hours=i) for i in range(rows)]
        elif kind == "l":
            values = [["x" * 8] * width for _ in range(rows)]
        else:
            fill = kind[1:] or "x"  # "s" or "s" + a character of the column's script
            values = [("v%d" % i).ljust(width, fill) for i in range(rows)]
        out["c%d" % j] = values
    return pl.DataFrame(out, strict=False).to_arrow()  # Arrow, as the pages pass it: no pandas round trip


@st.cache_resource(show_spinner=False)
def series(rows, ncols):
    cols = {"x": range(rows), "y": [i % 17 for i in range(rows)]}
    for j in range(max(ncols - 2, 0)):
        cols["s%d" % j] = ["g%d" % (i % 6) for i in range(rows)]
    return pa.Table.from_pandas(pd.DataFrame(cols), preserve_index=False)  # Arrow, as the pages pass it


def spec(ncols):
    """A fixed Vega-Lite spec (what a careful script passes to st.vega_lite_chart; no Altair work per rerun)."""
    enc = {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}
    if ncols > 2:
        enc["color"] = {"field": "s0", "type": "nominal"}
    return {"mark": "line", "encoding": enc}


@st.cache_resource(show_spinner=False)
def geo(features, positions, props):
    per = max(positions // max(features, 1), 4)
    out = []
    for f in range(features):
        x, y = (f % 36) * 10 - 175, (f // 36) * 10 - 60
        ring = [[x + 4 * math.cos(2 * math.pi * k / per), y + 4 * math.sin(2 * math.pi * k / per)]
                for k in range(per)]
        out.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {("p%d" % j): ("value %d" % f) for j in range(props)} | {"fill": [1, 2, 3, 200]}})
    return {"type": "FeatureCollection", "features": out}


@st.cache_resource(show_spinner=False)
def points(n, props):
    return [{"lon": i % 360 - 180, "lat": i % 160 - 80, "fill": [1, 2, 3, 200]}
            | {("p%d" % j): ("value %d" % i) for j in range(props)} for i in range(n)]


class _Compact(pdk.Deck):
    def to_json(self):
        import json
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"))


def deck(layers):
    """``layers``: ("geo", features, positions, props), ("points", n, props) or ("url", url, accessor_chars)."""
    out = []
    for kind, *size in layers:
        if kind == "url":
            url, chars = size
            expr = "(" + ("[" + ",".join(["0"] * (max(chars - 20, 2) // 2)) + "]") + ")[properties.i]"
            out.append(pdk.Layer("GeoJsonLayer", url, id="floor", pickable=True, stroked=True, filled=True,
                                 get_fill_color=expr))
        elif kind == "geo":
            out.append(pdk.Layer("GeoJsonLayer", geo(*size), pickable=True, stroked=True, filled=True,
                                 get_fill_color="properties.fill"))
        else:
            out.append(pdk.Layer("ScatterplotLayer", points(*size), pickable=True, get_position=["lon", "lat"],
                                 get_fill_color="fill", get_radius=60000))
    return _Compact(layers=out, map_provider=None, map_style=None, tooltip={"text": "{p0}"},
                    initial_view_state=pdk.ViewState(latitude=15, longitude=10, zoom=0.8))
'''
_HEADER = '''"""Framework floor for {page}: the page's elements, synthetic values, no data access.
Generated by bench.pages; not part of the app."""
import datetime as dt

import streamlit as st

from {module} import deck, frame, series, spec, text

'''


def _column_kinds(node) -> tuple[tuple[str, int], ...]:
    """(kind, width) per column of the table as sent: int, float, bool, date, timestamp, list, string.
    For strings and lists, width is the mean length of the non-null values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _arrow_table(_frame_bytes(node))
    kinds = []
    for field_, col in zip(table.schema, table.columns):
        t = field_.type
        if pa.types.is_boolean(t):
            kinds.append(("b", 0))
        elif pa.types.is_integer(t):
            kinds.append(("i", 0))
        elif pa.types.is_floating(t) or pa.types.is_decimal(t):
            kinds.append(("f", 0))
        elif pa.types.is_date(t):
            kinds.append(("d", 0))
        elif pa.types.is_temporal(t):
            kinds.append(("t", 0))
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            kinds.append(("l", round(pc.mean(pc.list_value_length(col)).as_py() or 0)))
        else:
            text = pc.cast(col, pa.string()) if not (pa.types.is_string(t) or pa.types.is_large_string(t)) else col
            kinds.append(("s" + _dominant_char(" ".join(v for v in text.to_pylist()[:200] if v)),
                          max(round(pc.mean(pc.utf8_length(text)).as_py() or 1), 1)))
    return tuple(kinds)


def _dominant_char(value: str) -> str:
    """A character of the text's script when most of its letters are outside ASCII, else "" (ASCII filler)."""
    letters = [ch for ch in value if ch.isalpha()]
    wide = [ch for ch in letters if ord(ch) > 127]
    return wide[0] if letters and len(wide) * 2 > len(letters) else ""


def _sample(value: object) -> str:
    """Filler in the script of ``value``: twelve of its letters (spaces kept), or "lorem ipsum " for ASCII text.
    Synthetic: the characters are only a sample of the script, in no order that says anything."""
    text_ = str(value)
    if not _dominant_char(text_):
        return "lorem ipsum "
    letters = [ch for ch in text_ if ch.isalpha() and ord(ch) > 127][:11]
    return "".join(letters) + " "


def _filler(value: object) -> str:
    """``text(n, sample)``: as many characters as ``value``, in its script."""
    return f"text({len(str(value))}, {_sample(value)!r})"


def _column_config(node) -> dict:
    """The table's column configuration as sent (labels, column types), keyed by the floor's column names."""
    config = json.loads(node.proto.columns or "{}")
    names = _arrow_table(_frame_bytes(node)).column_names
    return {f"c{i}": config[name] for i, name in enumerate(names) if name in config}


def _positions(coords) -> int:
    """Number of [x, y] positions in a GeoJSON coordinates array."""
    if isinstance(coords, list) and coords and all(isinstance(c, (int, float)) for c in coords):
        return 1
    return sum(_positions(c) for c in coords) if isinstance(coords, list) else 0


def _deck_line(node) -> str:
    layers = []
    for layer in json.loads(node.proto.json).get("layers", []):
        data = layer.get("data")
        if isinstance(data, str):
            chars = sum(len(v) for k, v in layer.items() if k.startswith("get") and isinstance(v, str))
            layers.append(("url", data, chars + len(node.proto.tooltip)))
        elif isinstance(data, dict) and "features" in data:
            feats = data["features"]
            positions = sum(_positions((f.get("geometry") or {}).get("coordinates")) for f in feats)
            props = max((len(f.get("properties") or {}) for f in feats), default=1)
            layers.append(("geo", len(feats), positions, max(props - 1, 1)))
        elif isinstance(data, list):
            props = max((len(d) for d in data if isinstance(d, dict)), default=3)
            layers.append(("points", len(data), max(props - 3, 1)))
    return f"st.pydeck_chart(deck({layers!r}), height=430)"


def _widget_extras(node) -> str:
    """The widget's help text and icon as the page sent them (keyword arguments), so the floor draws them too."""
    p, out = node.proto, ""
    if getattr(p, "help", ""):
        out += f", help={p.help!r}"
    if getattr(p, "icon", ""):
        out += f", icon={p.icon!r}"
    return out


def _leaf_line(node, n: int) -> str:
    """One statement that renders an element of the same type and size as ``node``."""
    t = node.type
    key = f"k{n}"
    if t in TEXT:
        return f"st.{TEXT[t]}({_filler(node.value)})"
    if t == "metric":
        delta = _filler(node.proto.delta) if node.proto.delta else None
        return f'st.metric({_filler(node.label)}, {_filler(node.value)}, {delta})'
    if t == "dataframe":
        return (f"st.dataframe(frame({_frame_rows(node)}, {_column_kinds(node)!r}), hide_index=True, "
                f"column_config={_column_config(node)!r}, width='stretch', key={key!r})")
    if t == "json":
        return f"st.json({{'k': text({max(len(node.proto.body) - 10, 1)})}}, expanded=False)"
    extra = _widget_extras(node)
    if t in ("selectbox", "multiselect", "radio"):
        options = list(node.options) or ["option"]
        opts = "[" + ", ".join(f"{_filler(o)} + {str(i)!r}" for i, o in enumerate(options)) + "]"
        return f"st.{t}({_filler(node.label)}, {opts}, key={key!r}{extra})"
    if t == "text_input":
        return f"st.text_input({_filler(node.label)}, {_filler(node.value or 'text')}, key={key!r}{extra})"
    if t == "code":
        return f"st.code(text({len(str(node.value))}), language=None)"
    if t == "date_input":
        return f"st.date_input('widget {n}', dt.date(2020, 1, 1), key={key!r}{extra})"
    if t == "download_button":
        return (f"st.download_button({_filler(node.label)}, b'a,b\\n1,2\\n', file_name='x.csv', mime='text/csv', "
                f"key={key!r}{extra})")
    if t == "button":
        return f"st.button({_filler(node.label)}, key={key!r}{extra})"
    if t in ("vega_lite_chart", "arrow_vega_lite_chart"):
        p = node.proto
        tables = [_arrow_table(d.data.data) for d in p.datasets if d.data.data]
        if p.HasField("data") and p.data.data:
            tables.append(_arrow_table(p.data.data))
        rows = sum(t.num_rows for t in tables)
        ncols = max((t.num_columns for t in tables), default=2)
        return f"st.vega_lite_chart(series({rows}, {ncols}), spec({ncols}), width='stretch')"
    if t == "deck_gl_json_chart":
        return _deck_line(node)
    return f"st.markdown(text(20))  # stand-in for unsupported element {t!r}"


def _block_lines(block, out: list[str], indent: str, counter: list[int]) -> None:
    from streamlit.testing.v1.element_tree import Block

    if not block.children:
        out.append(indent + "pass")
    for i in sorted(block.children):
        node = block.children[i]
        counter[0] += 1
        n = counter[0]
        if not isinstance(node, Block):
            out.append(indent + _leaf_line(node, n))
        elif node.type == "flex_container" and node.children and all(
                getattr(c, "type", "") == "column" for c in node.children.values()):
            cols = [node.children[j] for j in sorted(node.children)]
            weights = [round(c.weight or 1.0, 4) for c in cols]
            out.append(f"{indent}_cols{n} = st.columns({weights})")
            for j, col in enumerate(cols):
                out.append(f"{indent}with _cols{n}[{j}]:")
                _block_lines(col, out, indent + "    ", counter)
        else:
            if node.type == "expander":
                out.append(f"{indent}with st.expander({node.label!r}):")
            else:
                flex = getattr(node.proto, "flex_container", None)
                border = bool(flex is not None and flex.border)
                out.append(f"{indent}with st.container(border={border}):")
            _block_lines(node, out, indent + "    ", counter)


def _navigation_lines(at) -> list[str]:
    """The page configuration and the navigation menu, as a multipage script sends them on every rerun: as many
    pages as the app offered (titles of the same length and script, the same icons), the first one running."""
    try:
        pages = at.session_state["_attdash"]["pages"][1]  # app.py keeps the pages it built (attdash.ui.kept)
    except KeyError:
        return []
    items = ", ".join(f"st.Page(_page, title={_filler(p.title)}, icon={p.icon!r}, url_path='p{i}', default={i == 0})"
                      for i, p in enumerate(pages))
    return ["st.set_page_config(page_title=text(28), layout='wide')", "", "", "def _page():", "    pass", "", "",
            f"_navigation = st.navigation([{items}])"]


def bare_script(at, page: str) -> str:
    """Source of a script rendering what ``at`` shows now, from synthetic values."""
    out = [_HEADER.format(page=page, module=FLOOR_MODULE)]
    nav = _navigation_lines(at)
    out += nav
    counter = [0]
    _block_lines(at.main, out, "", counter)
    out.append("with st.sidebar:")
    _block_lines(at.sidebar, out, "    ", counter)
    if nav:
        out.append("_navigation.run()")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- timing


@contextlib.contextmanager
def _server_like_apptest():
    """Make AppTest reruns do what a real server's reruns do (see the module docstring)."""
    from streamlit.runtime.context import ContextProxy
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    original_init, original_cache = PagesManager.__init__, app_test.ScriptCache
    original_local_cache = getattr(local_script_runner, "ScriptCache", None)
    original_cookies = ContextProxy.cookies
    shared = ScriptCache()

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False  # st.navigation app: always run app.py

    PagesManager.__init__ = init
    app_test.ScriptCache = lambda: shared  # compile each script once, as the server's ScriptCache does
    if original_local_cache is not None:  # Streamlit 1.67 makes it in LocalScriptRunner
        local_script_runner.ScriptCache = lambda: shared
    # A visitor who is not signed in sends no cookie; AppTest's context answers every lookup with a mock, which
    # would send each rerun to the register's database to look up a session that a real request never names.
    ContextProxy.cookies = property(lambda self: {})
    try:
        yield
    finally:
        PagesManager.__init__, app_test.ScriptCache = original_init, original_cache
        if original_local_cache is not None:
            local_script_runner.ScriptCache = original_local_cache
        ContextProxy.cookies = original_cookies
        PagesManager.uses_pages_directory = None


def _check(at, what: str) -> None:
    if at.exception:
        raise SystemExit(f"bench: {what} raised: {at.exception[0].value}")


def _open_page(page: str, query: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()  # registers the st.navigation pages; switch_page needs them
    at.query_params.update(query)
    at.switch_page(f"pages/{page}")
    return at


def _timed(at) -> float:
    t0 = time.perf_counter()
    at.run()
    return (time.perf_counter() - t0) * 1000


@dataclass
class Result:
    page: str
    query: dict[str, str]
    shape: Shape
    floor_shape: Shape
    page_ms: list[float]
    floor_ms: list[float]
    dropped: int = 0  # page reruns left out: they rendered other elements than the warm-up run

    @property
    def page_median(self) -> float:
        return statistics.median(self.page_ms)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor_ms)

    @property
    def ratio(self) -> float:
        """The median of the paired ratios: each timed page rerun against the floor rerun that follows it. Paired,
        a slow moment of a shared machine (another process, a collection) weighs on both sides of a pair; the ratio
        of the two medians, which pairs nothing, moved by ±0.2 between runs on this machine."""
        pairs = [p / f for p, f in zip(self.page_ms, self.floor_ms) if f > 0]
        return statistics.median(pairs) if pairs else math.inf

    @property
    def ratio_of_medians(self) -> float:
        return self.page_median / self.floor_median if self.floor_median else math.inf


def bench_page(page: str, query: dict[str, str], runs: int, warmup: int, scripts: Path) -> Result:
    from streamlit.testing.v1 import AppTest

    at = _open_page(page, query)
    for _ in range(max(warmup, 1)):  # the first run on the page fills the caches
        at.run()
        _check(at, page)
    if page == "profile.py" and not any("GHA" in h.value for h in at.header):
        raise SystemExit("bench: the profile page did not open Ghana from ?iso3=GHA")
    shape = shape_of(at)

    (scripts / f"{FLOOR_MODULE}.py").write_text(_FLOOR_LIB, encoding="utf-8")
    # one file per page and query: the shared ScriptCache keeps each script's code by its path
    suffix = "".join(f"_{k}-{v}" for k, v in sorted(query.items()) if k == "lang")
    path = scripts / f"floor_{Path(page).stem}{suffix}.py"
    path.write_text(bare_script(at, page), encoding="utf-8")
    floor = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    for _ in range(max(warmup, 1)):
        floor.run()
        _check(floor, f"floor script {path}")
    floor_shape = shape_of(floor)
    if floor_shape.by_type != shape.by_type or floor_shape.dataframe_rows != shape.dataframe_rows:
        print(f"bench: note: floor for {page} differs: page {shape.by_type} rows {shape.dataframe_rows}, "
              f"floor {floor_shape.by_type} rows {floor_shape.dataframe_rows}", file=sys.stderr)

    page_ms, floor_ms, dropped = [], [], 0
    for _ in range(runs):  # interleaved, so drift (GC, CPU frequency) hits both alike
        ms = _timed(at)
        floor_time = _timed(floor)
        if at.exception or _types(at) != shape.by_type:  # e.g. the snapshot being rebuilt meanwhile
            dropped += 1  # and its pair with it
        else:
            page_ms.append(ms)
            floor_ms.append(floor_time)
    if dropped:
        print(f"bench: note: {dropped} of {runs} reruns of {page} rendered something else and were left out",
              file=sys.stderr)
    if not page_ms:
        raise SystemExit(f"bench: no rerun of {page} rendered the same page as the warm-up")
    return Result(page, query, shape, floor_shape, page_ms, floor_ms, dropped)


def write_floor(page: str, query: dict[str, str], dest: Path) -> Path:
    """Write the floor script of ``page`` (and its helper module) into ``dest``; returns the script's path.
    Used by ``bench.load --floor`` to load-test what Streamlit alone costs for the same output."""
    with _server_like_apptest():
        at = _open_page(page, query)
        at.run()
        _check(at, page)
        (dest / f"{FLOOR_MODULE}.py").write_text(_FLOOR_LIB, encoding="utf-8")
        path = dest / f"floor_{Path(page).stem}.py"
        path.write_text(bare_script(at, page), encoding="utf-8")
    return path


def _table(results: list[Result]) -> str:
    head = (f"{'page':<26}{'elements':>9}{'tables':>8}{'rows':>7}{'charts':>8}"
            f"{'page kB':>9}{'floor kB':>9}{'page ms':>10}{'floor ms':>10}{'ratio':>7}")
    lines = [head, "-" * len(head)]
    for r in results:
        name = r.page + ("?" + "&".join(f"{k}={v}" for k, v in r.query.items()) if r.query else "")
        s = r.shape
        lines.append(f"{name:<26}{s.elements:>9}{s.dataframes:>8}{s.dataframe_rows:>7}{s.charts:>8}"
                     f"{s.payload_kb:>9.1f}{r.floor_shape.payload_kb:>9.1f}"
                     f"{r.page_median:>10.1f}{r.floor_median:>10.1f}{r.ratio:>7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=30, help="timed reruns per page and per floor (default 30)")
    p.add_argument("--warmup", type=int, default=2, help="untimed runs before timing (default 2, min 1)")
    p.add_argument("--page", action="append", type=lambda v: v if v.endswith(".py") else v + ".py",
                   choices=[name for name, _ in PAGES], metavar="PAGE",
                   help="only this page, e.g. profile (repeatable; default all five)")
    p.add_argument("--lang", default="en",
                   help="interface languages: codes separated by commas (e.g. en,ar) or all (the six UN languages); "
                        "each page is benched in each (default en)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    p.add_argument("--save-scripts", type=Path, metavar="DIR",
                   help="keep the generated floor scripts in DIR (default: a temporary folder)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")

    import streamlit

    # Streamlit warns "missing ScriptRunContext" when AppTest touches st.* outside a script thread.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())

    from attdash.i18n import LANGUAGES
    langs = list(LANGUAGES) if args.lang == "all" else [x.strip() for x in args.lang.split(",") if x.strip()]
    unknown = [x for x in langs if x not in LANGUAGES]
    if unknown:
        p.error(f"--lang: unknown language {unknown[0]!r} (one of {', '.join(LANGUAGES)} or all)")
    selected = [(name, {**q, **({"lang": lang} if lang != "en" else {})})
                for lang in langs for name, q in PAGES if not args.page or name in args.page]
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.save_scripts:
            args.save_scripts.mkdir(parents=True, exist_ok=True)
            scripts = args.save_scripts
        else:
            scripts = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="attdash-bench-")))
        stack.enter_context(_server_like_apptest())
        results = []
        for name, query in selected:
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            results.append(bench_page(name, query, args.runs, args.warmup, scripts))
    elapsed = time.perf_counter() - t0

    print(f"Server rerun time (AppTest), median of {args.runs} warm reruns; floor = bare script with the same "
          f"elements and rows. streamlit {streamlit.__version__}, Python {platform.python_version()}.")
    print(_table(results))
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; " if hasattr(os, "getloadavg") else ""
    print(f"({elapsed:.0f} s; {load}AppTest timing excludes websocket transfer and browser rendering)")
    if args.json:
        doc = {
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "streamlit": streamlit.__version__, "python": platform.python_version(),
            "runs": args.runs, "warmup": args.warmup, "unit": "ms",
            "pages": [{
                "page": r.page, "query": r.query, **asdict(r.shape),
                "page_ms_median": round(r.page_median, 2), "floor_ms_median": round(r.floor_median, 2),
                "ratio": round(r.ratio, 3), "ratio_of_medians": round(r.ratio_of_medians, 3), "floor": asdict(r.floor_shape), "dropped_page_runs": r.dropped,
                "page_ms": [round(x, 2) for x in r.page_ms], "floor_ms": [round(x, 2) for x in r.floor_ms],
            } for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
