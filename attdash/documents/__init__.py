"""Print-ready documents: the country brief (work plan ¶13), the progress report and the annex.

``content`` builds plain dicts from the functions the pages and the CLI use; ``typst_pdf`` (Typst
templates in ``templates/``), ``word`` (python-docx) and ``markdown`` only lay them out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from attdash.db import Database
from attdash.documents import content, markdown, word
from attdash.documents import i18n as L
from attdash.export import to_csv
from attdash.text_rules import printable

from attdash.vocab import ANNEX_FORMATS, BRIEF_FORMATS, REPORT_FORMATS  # noqa: F401 (part of this API)
MIME = {"pdf": "application/pdf", "md": "text/markdown", "csv": "text/csv",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _pdf(template: str, data: dict[str, Any]) -> bytes:
    from attdash.documents.typst_pdf import render  # imported late: Typst and fonts only when a PDF is asked
    return render(template, data)


def render_brief(data: dict[str, Any], fmt: str) -> bytes:
    data = printable(data)  # no character a writer cannot hold (U+FFFF crashed the Word writer)
    if fmt == "pdf":
        return _pdf("brief", data)
    if fmt == "docx":
        return word.brief(data)
    return markdown.brief(data).encode("utf-8")


def brief(db: Database, iso3: str, as_of: dt.date | None = None, fmt: str = "pdf",
          outreach: Sequence[Mapping[str, Any]] | None = None, role: str | None = None, lang: str = "en") -> bytes:
    """The country brief as PDF, Word or Markdown bytes. ``outreach`` (register rows) only for signed-in users;
    ``role``: the viewer's role, for restricted elements (None: signed out); ``lang``: one of the six UN
    languages (ar, zh, en, fr, ru, es)."""
    return render_brief(content.brief_content(db, iso3, as_of, outreach=outreach, role=role, lang=lang), fmt)


def report_table(data: dict[str, Any]) -> pl.DataFrame:
    """The report's counts as one long table (the CSV form): group × status, on both dates."""
    rows = []
    lang = data.get("lang", "en")
    words = dict(content.status_columns(lang))
    _ = L.tr(lang)
    # "+1: Colombia …" as "in (1): Colombia …" ("out" for −): a cell never starts like a spreadsheet formula
    def signs(text: str) -> str:
        ins, outs = _("in ({n}):"), _("out ({n}):")
        text = re.sub(r"(^|· )−(\d+):", lambda m: m.group(1) + outs.format(n=m.group(2)), text)
        return re.sub(r"(^|· )\+(\d+):", lambda m: m.group(1) + ins.format(n=m.group(2)), text)
    why = {(e.get("group_code", e["group"]), e["count"]): signs(e["why"]) for e in data.get("explained", [])}
    for c in data["counts"]:
        for k in content.COUNT_KEYS:
            row: dict[str, Any] = {"un_regional_group": c["group"]}
            if lang != "en":  # label columns in the language beside the English codes (English: export adds them)
                row["un_regional_group_label"] = c.get("group_label", c["group"])
            row["status"] = k
            if lang != "en":
                row["status_label"] = words.get(k, _("States"))
            rows.append({**row, "since": data["since"], "until": data["until"],
                         "states_since": c["since"][k], "states_until": c["until"][k],
                         "change": c["until"][k] - c["since"][k],
                         "states_behind_change": why.get((c["group"], words.get(k, "")), "")})
    return pl.DataFrame(rows)


def _report_for_typst(data: dict[str, Any]) -> dict[str, Any]:
    """The report's dict with its lists as (title, headings, rows) and the status headings, for the template."""
    return {**data, "sections": [{"title": t, "head": list(h), "rows": r} for t, h, r in content.report_sections(data)],
            "status_heads": [label for _, label in content.status_columns(data.get("lang", "en"))]}


def render_report(data: dict[str, Any], fmt: str) -> bytes:
    data = printable(data)  # no character a writer cannot hold (U+FFFF crashed the Word writer)
    if fmt == "pdf":
        return _pdf("report", _report_for_typst(data))
    if fmt == "docx":
        from attdash.documents.typst_pdf import render
        return word.report(data, chart_png=render("chart_only", _report_for_typst(data), fmt="png", ppi=200))
    if fmt == "csv":
        return to_csv(report_table(data)).encode("utf-8")
    return markdown.report(data).encode("utf-8")


def report(db: Database, since: dt.date | None = None, until: dt.date | None = None, fmt: str = "pdf",
           groups: Sequence[str] | None = None, lang: str = "en") -> bytes:
    """The progress report between two dates (defaults: opening of the last CSP → the snapshot's as-of), for all
    UN regional groups or only ``groups``, in ``lang`` (CSV: the column names stay the English codes)."""
    return render_report(content.report_content(db, since, until, groups, lang=lang), fmt)


def render_annex(data: dict[str, Any], fmt: str) -> bytes:
    data = printable(data)  # no character a writer cannot hold (U+FFFF crashed the Word writer)
    if fmt == "pdf":
        return _pdf("annex", data)
    if fmt == "docx":
        return word.annex(data)
    return markdown.annex(data).encode("utf-8")


def annex(db: Database, as_of: dt.date | None = None, fmt: str = "pdf", lang: str = "en") -> bytes:
    """The work plan's annex (States Parties · Signatories · Others per group) on a date, in ``lang``."""
    return render_annex(content.annex_content(db, as_of, lang=lang), fmt)


def file_name(kind: str, *parts: str, fmt: str) -> str:
    from attdash.export import file_name as csv_name
    return csv_name(kind, *parts)[: -len(".csv")] + "." + fmt
