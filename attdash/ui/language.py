"""The page's language: chosen in the sidebar, kept in the page address (``?lang=zh``), English by default.

``apply()`` runs first on every run (app.py, or a page run on its own): it makes the chosen language the running
page's (attdash.i18n.use), so every ``_()`` of the run translates into it. ``selector()`` draws the choice in the
sidebar; the filters live in the session and the address, so switching language keeps them. Arabic gets a fixed
right-to-left stylesheet (``RTL_CSS``: no data in it); charts, the map, tables of figures, numbers and codes keep
left-to-right.
"""

from __future__ import annotations

import streamlit as st

from attdash import i18n
from attdash.i18n import LANGUAGES, _
from attdash.ui.kept import kept

KEY = "f_lang"
_KEEP = "keep_f_lang"  # in kept(): the choice, kept across a page switch
_URL_READ = "lang_url_read"

#: Right to left where text flows (headings, paragraphs, tables' cells, cards, the sidebar); charts, the map,
#: code and the figures of metrics stay left to right. A constant: nothing from the data or the user goes in it.
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stMainBlockContainer"],
[data-testid="stSidebarContent"] { direction: rtl; }
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"],
[data-testid="stMetricLabel"], [data-testid="stAlertContainer"] { text-align: right; }
[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stCode"], pre, code,
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; }
[data-testid="stMetricValue"] { text-align: right; }
</style>"""


def apply() -> str:
    """The language of this run (the sidebar's choice, else the link's ``?lang=``, else English), made current."""
    own = kept()
    chosen = st.session_state.get(KEY)
    if chosen is None and _KEEP in own:
        chosen = st.session_state[KEY] = own[_KEEP]  # a page switch forgot the widget's value
    if chosen is None and not own.get(_URL_READ):
        own[_URL_READ] = True
        raw = st.query_params.get("lang")
        lang = i18n.normalise(raw)
        if raw is not None and str(raw).strip().lower().split("-")[0] != lang:
            from attdash.ui.state import _short, notice
            i18n.use(lang)
            notice(_("Unknown language '{value}' in the link; showing English. Choose from: {choices}.").format(
                value=_short(raw), choices=", ".join(LANGUAGES)))
        chosen = st.session_state[KEY] = lang
    lang = i18n.use(chosen or i18n.DEFAULT)
    if chosen != lang:
        st.session_state[KEY] = lang
    own[_KEEP] = lang
    return lang


def selector() -> str:
    """The language choice at the top of the sidebar, written to the address (absent for English)."""
    with st.sidebar:
        lang = st.selectbox(_("Language"), list(LANGUAGES), key=KEY, format_func=LANGUAGES.get,
                            help=_("The dashboard in the six official languages of the United Nations."))
    write_url(lang)
    return lang


def write_url(lang: str) -> None:
    from attdash.ui.state import set_url_param
    set_url_param("lang", None if lang == i18n.DEFAULT else lang)


def direction() -> None:
    """Arabic: the fixed right-to-left stylesheet (nothing for the other languages)."""
    if i18n.is_rtl():
        st.html(RTL_CSS)
