"""Download buttons for the print-ready documents: generated only when clicked, then cached."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from attdash import documents, i18n, reports
from attdash.documents import content
from attdash.i18n import _
from attdash.ui.data import database, remembered


def _with_lang(fn, lang: str) -> dict:
    """``lang=`` for a documents function that takes it (the documents' own catalogue, domain "documents")."""
    import inspect
    try:
        takes = "lang" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes = False
    return {"lang": lang} if takes else {}

LABELS = {"pdf": "PDF", "docx": "Word", "md": "Markdown", "csv": "CSV"}  # the formats' own names, in every language
ICONS = {"pdf": ":material/picture_as_pdf:", "docx": ":material/description:", "md": ":material/article:",
         "csv": ":material/download:"}


@st.cache_data(show_spinner=False, max_entries=128)
def brief_bytes(snapshot_name: str, iso3: str, as_of: dt.date, fmt: str, role: str | None = None,
                lang: str = "en") -> bytes:
    return documents.brief(database(snapshot_name), iso3, as_of, fmt, role=role,
                           **_with_lang(documents.brief, lang))


@remembered(64)
@st.cache_resource(show_spinner=False, max_entries=64)  # shared, not copied: the page only reads it
def report_content(snapshot_name: str, since: dt.date | None, until: dt.date | None,
                   groups: tuple[str, ...] = (), lang: str = "en") -> dict[str, Any]:
    return content.report_content(database(snapshot_name), since, until, list(groups) or None,
                                  **_with_lang(content.report_content, lang))


@st.cache_data(show_spinner=False, max_entries=64)
def report_bytes(snapshot_name: str, since: dt.date | None, until: dt.date | None, fmt: str,
                 groups: tuple[str, ...] = (), lang: str = "en") -> bytes:
    return documents.render_report(report_content(snapshot_name, since, until, groups, lang), fmt,
                                   **_with_lang(documents.render_report, lang))


@st.cache_data(show_spinner=False, max_entries=64)
def annex_bytes(snapshot_name: str, as_of: dt.date, fmt: str, lang: str = "en") -> bytes:
    return documents.annex(database(snapshot_name), as_of, fmt, **_with_lang(documents.annex, lang))


def _for_download(body: bytes, fmt: str) -> bytes:
    """A CSV download starts with the UTF-8 BOM, like every CSV download of the pages (Excel then reads UTF-8)."""
    return b"\xef\xbb\xbf" + body if fmt == "csv" and not body.startswith(b"\xef\xbb\xbf") else body


@functools.lru_cache(maxsize=256)
def _file_name(parts: tuple[str, ...], fmt: str) -> str:
    return documents.file_name(*parts, fmt=fmt)


def buttons(make, formats: Sequence[str], name_parts: Sequence[str], *, key: str, what: str) -> None:
    """One download button per format; ``make(fmt)`` runs only when the button is clicked."""
    cols = st.columns(len(formats))
    lang = i18n.current()
    parts = (*name_parts, lang) if lang != i18n.DEFAULT else tuple(name_parts)
    for col, fmt in zip(cols, formats):
        col.download_button(_("Download {what} ({format})").format(what=what, format=LABELS[fmt]),
                            data=lambda fmt=fmt: _for_download(make(fmt), fmt),
                            file_name=_file_name(parts, fmt), mime=documents.MIME[fmt],
                            key=f"{key}_{fmt}", icon=ICONS[fmt], on_click="ignore")


def brief_buttons(snapshot_name: str, iso3: str, as_of: dt.date,
                  outreach: Sequence[Mapping[str, Any]] | None = None, role: str | None = None) -> None:
    """Brief downloads; ``outreach`` (register rows) only for a signed-in user, never cached; ``role``: the
    viewer's role for restricted elements (None: signed out)."""
    if outreach is None:
        def make(fmt):
            return brief_bytes(snapshot_name, iso3, as_of, fmt, role, lang)
    else:
        def make(fmt):
            return documents.brief(database(snapshot_name), iso3, as_of, fmt, outreach=list(outreach), role=role,
                                   **_with_lang(documents.brief, lang))
    lang = i18n.current()
    buttons(make, ("pdf", "docx"), ("brief", iso3, as_of.isoformat()), key=f"brief_{iso3}", what=_("brief"))


@remembered(64)
@st.cache_resource(show_spinner=False, max_entries=64)
def default_since(snapshot_name: str, until: dt.date) -> dt.date | None:
    """content.default_since for the page: the last CSP's opening before ``until``, or None when there is none."""
    try:
        return content.default_since(database(snapshot_name), until)
    except reports.BadParameter:
        return None
