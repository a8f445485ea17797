"""Tables, downloads and small displays used by several pages."""

from __future__ import annotations

import functools
import re

import polars as pl
import streamlit as st

from attdash import i18n
from attdash.export import TREATY_ACTION_LABELS, file_name, to_csv_bytes
from attdash.i18n import N_, _
from attdash.i18n.names import sort_key
from attdash.ui.format import display_day
from attdash.ui.memo import derived
from attdash.vocab import STATUS_LABELS, group_label, status_label

LABELS = {
    "iso3": "ISO3", "un_regional_group": N_("UN regional group"), "status": N_("Status"),
    "no_intent": N_("Notified no intent"), "signature_date": N_("Signed"), "consent_type": N_("Consent"),
    "consent_date": N_("Deposited"), "entry_into_force_date": N_("In force"), "source_ids": N_("Sources"),
    "years_waiting": N_("Years waiting"), "no_intent_date": N_("Notice date"), "event_type": N_("Treaty action"),
    "event_date": N_("Date"), "effective_date": N_("Effective"), "status_from": N_("Status before"),
    "status_to": N_("Status after"), "status_on_opening_day": N_("Status on the opening day"),
    # status codes as column names (counts by group)
    "state_party": N_("States Parties"), "ratified_not_in_force": N_("Ratified, not in force"), "signatory": N_("Signatories"),
    "not_signed": N_("Not signed"), "unknown": N_("No data"), "total": N_("Total"),
    "meeting_id": N_("Meeting"), "start_date": N_("Opened"), "end_date": N_("Closed"),
    # other columns of the pages' tables (a page may give its own heading)
    "abstain": N_("Abstentions"), "yes": N_("In favour"), "no": N_("Against"), "non_voting": N_("Not voting"),
    "as_of": N_("As of"), "authority": N_("Standing"), "basis": N_("Basis"), "capacity": N_("Capacity"),
    "collection": N_("Collection"), "confidence": N_("Confidence"), "confirmed_through": N_("Confirmed through"),
    "date": N_("Date"), "element": N_("Element"), "evidence": N_("Evidence"),
    "exports_reported": N_("Exports reported"), "imports_reported": N_("Imports reported"), "field": N_("Field"),
    "first_year": N_("First year"), "last_year": N_("Last year"), "instrument_id": N_("Instrument"),
    "instrument_name": N_("Instrument"), "latest_date": N_("Latest date"),
    "listed_on_unroca_org": N_("Listed on unroca.org"), "nil_report": N_("Nil report"), "notes": N_("Notes"),
    "place": N_("Place"), "publisher": N_("Publisher"), "resolution": N_("Resolution"), "rows": N_("Rows"),
    "source_id": N_("Source id"), "submitted": N_("Submitted"), "symbol": N_("Symbol"), "title": N_("Title"),
    "undl_record": N_("UN Digital Library record"), "url": "URL", "used_for": N_("Used for"), "vote": N_("Vote"),
    "year": N_("Year"), "kept_value": N_("Kept"), "other_value": N_("Not used"),
    "kept_source_ids": N_("Sources (kept)"), "other_source_ids": N_("Sources (not used)"),
    "column": N_("Column"), "type": N_("Type"), "required": N_("Required"), "allowed_values": N_("Allowed values"),
    "meaning": N_("Meaning"), "snapshot": N_("Snapshot"), "built_at": N_("Built"), "table": N_("Table"),
    "tables": N_("Tables"), "sources_cited": N_("Sources cited"), "fact": N_("Fact"), "states": N_("States"),
    "states_with_data": N_("States with data"), "states_total": N_("of"), "name": N_("Name"),
}
#: Treaty-action codes as words (the CSV keeps the codes and adds these beside them; attdash.export's
#: TREATY_ACTION_LABELS holds the same English words), translated where shown.
VALUE_LABELS = {
    "signature": N_("Signature"), "ratification": N_("Ratification"), "accession": N_("Accession"),
    "acceptance": N_("Acceptance"), "approval": N_("Approval"), "provisional_application": N_("Provisional application"),
    "declaration": N_("Declaration"), "notice_no_intent": N_("Notice of no intent"), "deposit": N_("Deposit"),
}
assert set(VALUE_LABELS) == set(TREATY_ACTION_LABELS)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


#: ASCII punctuation that Markdown (CommonMark, GFM, Streamlit's extensions) gives a meaning: emphasis, links,
#: images, code, headings, lists, tables, HTML and entities (&), maths ($), strikethrough (~), autolinks (the
#: ':' of http://, the '@' of an e-mail address, the '.' of www.).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=^\"])")
#: Streamlit turns ':smile:' into an emoji, ':material/x:' into an icon and ':red[x]' into colour, and GFM turns
#: 'http://a.b', 'www.a.b' and 'a@b.c' into links, *after* the escapes are read (on the text itself): an escaped
#: ':' or '@' is still a shortcode or an autolink. An invisible WORD JOINER after a ':' or '@' that a word follows,
#: and between 'www' and its '.', breaks them (tests/e2e/test_hostile_text.py checks the page in a browser).
_BREAK_AFTER = re.compile(r"(\\[:@])(?=\S)")  # not before a space: "file x: not readable" stays as typed
_WWW = re.compile(r"(?i)(www)(?=\\\.)")
WORD_JOINER = "\u2060"
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def md_escape(text: object) -> str:
    """Escape Markdown so that data and user text shows as written, on one line, never as a link, image,
    autolink (``http://…``, ``www.…``, ``a@b.c``), emoji or icon shortcode (``:smile:``, ``:material/x:``),
    colour directive (``:red[…]``), HTML, entity or maths."""
    text = str(text)
    return _md_escape(text) if len(text) <= 256 else _md_escape.__wrapped__(text)  # names and labels: remembered


@functools.lru_cache(maxsize=16384)
def _md_escape(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
    return _WWW.sub(r"\1" + WORD_JOINER, _BREAK_AFTER.sub(r"\1" + WORD_JOINER, escaped))


def md_link(text: object, url: object) -> str:
    """``text`` (escaped) as a Markdown link to ``url`` when ``url`` is an http(s) address, else the text alone.

    The address is judged as a browser reads it (``java<TAB>script:`` is ``javascript:``: not a link) and
    percent-encoded where Markdown would end or break the link (spaces, brackets, parentheses, quotes).
    """
    if not isinstance(url, str):
        return md_escape(text)
    return _md_link(str(text), url)


@functools.lru_cache(maxsize=4096)
def _md_link(text: str, url: str) -> str:  # sources' links, the same on every rerun
    from urllib.parse import quote

    from attdash.text_rules import web_url
    if not web_url(url):
        return md_escape(text)
    return f"[{md_escape(text)}]({quote(url, safe=SAFE_URL_CHARS)})"


#: Characters left as they are in a link's address; everything else is percent-encoded.
SAFE_URL_CHARS = ":/?#@!$&'*+,;=%-._~"


def safe_links(df: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """``df`` with every value of ``columns`` that is not an http(s) address blanked (a link column would
    otherwise make ``javascript:`` or ``data:`` clickable)."""
    from attdash.text_rules import web_url
    cols = [c for c in columns if c in df.columns and df.schema[c] == pl.Utf8]
    if not cols:
        return df
    return df.with_columns(pl.col(c).map_elements(lambda v: v if web_url(v) else None, return_dtype=pl.Utf8)
                           for c in cols)


def _displayed(df: pl.DataFrame) -> tuple[pl.DataFrame, object]:
    """``df`` labelled for display, and the same as an Arrow table (what st.dataframe sends); once per frame."""
    lang = i18n.current()
    return derived(df, ("display", lang), lambda d: (lambda out: (out, out.to_arrow()))(_labelled(d, lang)))


def state_names(lang: str | None = None) -> dict[str, str] | None:
    """ISO3 → the State's UN name in the page's language (the snapshot's country_names); None in English."""
    lang = lang or i18n.current()
    from attdash.ui.kept import kept
    f = kept().get("filters")  # attdash.ui.state.FILTERS: this run's filters
    if lang == i18n.DEFAULT or f is None:
        return None
    from attdash.ui import data
    # once per snapshot object (attdash.snapshot keeps it while its folder is unchanged) and language: the pages ask
    # for the names many times a rerun, and a cache_resource lookup hashes its arguments each time
    return derived(f.snapshot, ("state_names", lang), lambda s: data.state_names(s.name, lang))


def localised(df: pl.DataFrame, lang: str | None = None, names: dict[str, str] | None = None) -> pl.DataFrame:
    """State names (a ``name`` column next to ``iso3``) in the page's language; codes and other columns as they are.
    ``names``: ISO3 → name in ``lang`` when already known (a deferred download runs outside the page's session)."""
    names = names if names is not None else state_names(lang)
    if names and "iso3" in df.columns and "name" in df.columns:
        out = df.with_columns(pl.col("iso3").replace_strict(names, default=pl.col("name"), return_dtype=pl.Utf8)
                              .alias("name"))
        # Rows in alphabetical order of the English names are put in the language's order (attdash.i18n.names).
        english = [n or "" for n in df["name"].to_list()]
        if df.height > 1 and english == sorted(english, key=lambda n: sort_key(n, "en")):
            local = out["name"].to_list()
            order = sorted(range(len(local)), key=lambda i: sort_key(local[i] or "", lang))
            out = out[order]
        return out
    return df


def for_display(df: pl.DataFrame) -> pl.DataFrame:
    """Human labels for codes (the CSV keeps the codes)."""
    return _displayed(df)[0]


def _labelled(df: pl.DataFrame, lang: str | None = None) -> pl.DataFrame:
    lang = lang or i18n.current()
    out = localised(df, lang)
    statuses = {code: status_label(code, lang) for code in STATUS_LABELS}
    for col in ("status", "status_from", "status_to", "status_on_opening_day"):
        if col in out.columns and out.schema[col] == pl.Utf8:
            out = out.with_columns(pl.col(col).replace_strict(statuses, default=pl.col(col)))
    values = {code: i18n.gettext_in(label, lang) for code, label in VALUE_LABELS.items()}
    for col in ("event_type", "consent_type"):
        if col in out.columns and out.schema[col] == pl.Utf8:
            out = out.with_columns(pl.col(col).replace(values))
    if "un_regional_group" in out.columns and out.schema["un_regional_group"] in (pl.Utf8, pl.Null):
        groups = out["un_regional_group"].cast(pl.Utf8).unique().to_list()
        out = out.with_columns(pl.col("un_regional_group").cast(pl.Utf8).replace_strict(
            {g: group_label(g, lang) for g in groups if g is not None}, default=None)
            .fill_null(group_label(None, lang)))
    # Dates kept as ISO text by a query are dates too; st.dataframe shows them in the one date style and sorts
    # them as dates (show_table: DateColumn, a missing date blank). A column that also holds dates known only to
    # their month or year ("2026") is text in that style: such a date is never shown as a day.
    for c, t in out.schema.items():
        if t != pl.Utf8:
            continue
        values = out[c].drop_nulls()
        if not values.len() or not values.str.contains(_ISO_PARTIAL.pattern).all():
            continue
        if values.str.contains(_ISO_DAY.pattern).all():
            out = out.with_columns(pl.col(c).str.to_date(strict=False))
        else:
            out = out.with_columns(pl.col(c).map_elements(display_day, return_dtype=pl.Utf8))
    # In the other languages a date is text written by CLDR (16 avril 2024, 2024年4月16日): st.dataframe's date
    # format writes English month names.
    dates = [c for c, t in out.schema.items() if t == pl.Date] if lang != i18n.DEFAULT else []
    if dates:
        out = out.with_columns(pl.col(c).map_elements(lambda d: i18n.format_day(d, lang), return_dtype=pl.Utf8,
                                                      skip_nulls=True) for c in dates)
    empty = [c for c, t in out.schema.items() if t == pl.Null]
    if empty:
        out = out.with_columns(pl.col(empty).cast(pl.Utf8))
    text = [c for c, t in out.schema.items() if t == pl.Utf8]
    return out.with_columns(pl.col(text).fill_null("")) if text else out


#: Dates on pages: 16 April 2024 (st.dataframe's date format, moment.js tokens).
DATE_FORMAT = "D MMMM YYYY"
#: Columns that hold names, in pixels: wide enough for "United Republic of Tanzania", "Latin American and
#: Caribbean" (never cut at 1280 px; a wide table scrolls sideways instead).
NAME_WIDTHS = {"name": 230, "un_regional_group": 205, "groups_on_date": 205}


#: Columns of source ids: on the Data & sources page and in every CSV, not in the other pages' tables (each
#: page names its sources in words; the ids are the analyst's material).
SOURCE_ID_COLUMNS = ("source_ids", "kept_source_ids", "other_source_ids", "capacity_source_ids", "source_id")


def show_table(df: pl.DataFrame, *, key: str, labels: dict[str, str] | None = None, height: int | None = None,
               link_columns: tuple[str, ...] = (), source_ids: bool = False) -> None:
    if not source_ids and any(c in df.columns for c in SOURCE_ID_COLUMNS):
        df = derived(df, "without source ids", lambda d: d.drop([c for c in SOURCE_ID_COLUMNS if c in d.columns]))
    if link_columns:  # a link column would otherwise make javascript: or data: clickable
        df = derived(df, ("safe links", tuple(link_columns)), lambda d: safe_links(d, tuple(link_columns)))
    shown_df, shown = _displayed(df)  # shown: an Arrow table, sent by st.dataframe without a pandas round trip
    # the columns' labels and kinds: once per frame, language and labels (st.dataframe copies the config it gets)
    extra = tuple((labels or {}).items())
    config = derived(shown_df, ("column config", i18n.current(), extra, tuple(link_columns)),
                     lambda d: _column_config(df.columns, d.schema, dict(extra), link_columns, "iso3" in df.columns))
    kwargs = {"height": height} if height else {}
    st.dataframe(shown, column_config=config, hide_index=True, width="stretch", key=key, placeholder="", **kwargs)


def _column_config(columns: list[str], schema, extra: dict[str, str], link_columns: tuple[str, ...],
                   has_iso3: bool) -> dict:
    labels = {**LABELS, **({"name": N_("State")} if has_iso3 else {}), **extra}
    config = {}
    for c in columns:
        label = _(labels[c]) if c in labels else c.replace("_", " ").capitalize()
        kind = schema[c]
        if c in link_columns:
            config[c] = st.column_config.LinkColumn(label)
        elif kind == pl.Boolean:
            config[c] = st.column_config.CheckboxColumn(label)
        elif kind == pl.Date:
            config[c] = st.column_config.DateColumn(label, format=DATE_FORMAT)
        elif isinstance(kind, pl.Datetime):
            config[c] = st.column_config.DatetimeColumn(label, format=DATE_FORMAT + ", HH:mm")
        elif c in NAME_WIDTHS:
            config[c] = st.column_config.Column(label, width=NAME_WIDTHS[c])
        else:
            config[c] = st.column_config.Column(label)
    # st.dataframe deep-copies every entry on every rerun, then drops the unset (None) options: drop them here
    # once (the same configuration reaches the browser; the copy costs half as much).
    return {c: _without_none(v) for c, v in config.items()}


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value


_csv_file_name = functools.lru_cache(maxsize=512)(file_name)  # the same few names on every rerun


def download(df: pl.DataFrame, *parts: str, key: str, label: str | None = None) -> None:
    """The rows as CSV: the columns keep their English codes (scripts read them), State names are in the page's
    language (ISO3 is always there); the file name ends with the language when it is not English."""
    # The CSV is written when the button is clicked (deferred), not on every rerun of the page.
    lang = i18n.current()
    names = state_names(lang) or {}
    suffix = () if lang == i18n.DEFAULT else (lang,)
    st.download_button(label or _("Download CSV"),
                       data=lambda: to_csv_bytes(localised(df, lang, names), bom=True, lang=lang),
                       file_name=_csv_file_name(*parts, *suffix),
                       mime="text/csv", key=key, icon=":material/download:")


def filter_parts(groups: tuple[str, ...], statuses: tuple[str, ...] = ()) -> str:
    g = "-".join(GROUP_SLUG.get(x, x) for x in groups) or "all-groups"
    s = "-".join(statuses)
    return f"{g}_{s}" if s else g


GROUP_SLUG = {
    "African": "african", "Asia-Pacific": "asia-pacific", "Eastern European": "eastern-european",
    "Latin American and Caribbean": "grulac", "Western European and Others": "weog",
}


def reproduce(command: str, what: str | None = None) -> None:
    """The command line that gives the same figures, folded away (the page body stays free of commands)."""
    with st.expander(_("Reproduce with the command line")):
        st.caption(_("{what} as:").format(what=what or _("Same rows")))
        st.code(command, language=None, wrap_lines=True)  # plain: highlighted tokens fail WCAG AA contrast


@functools.lru_cache(maxsize=1)
def favicon() -> str:
    """The page icon as a data URL, read once: given a file name, Streamlit opens and checks the image on every
    rerun (measured: 5 % of a small page's rerun); a data URL is sent as it is."""
    import base64
    from attdash.paths import ROOT
    return "data:image/png;base64," + base64.b64encode((ROOT / "static" / "favicon.png").read_bytes()).decode("ascii")

