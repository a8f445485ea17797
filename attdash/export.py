"""CSV and text output shared by the command line and the dashboard's downloads.

Each writer takes a Polars frame (pages, documents) or a :class:`attdash.db.Rows` (the command line, which
does not load Polars) and turns its Python values into text the same way: ISO dates, true/false, empty for
missing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


#: A cell a spreadsheet would run as a formula (OWASP "CSV Injection"): it starts with = + - @, a tab or a
#: carriage return. A plain number such as -5 is not a formula.
_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^-?\d+(\.\d+)?$"


def neutralise(text: str) -> str:
    """``text`` made inert for a spreadsheet: a formula-leading cell gets a leading apostrophe (OWASP)."""
    if re.match(_FORMULA_START, text) and not re.match(_PLAIN_NUMBER, text):
        return "'" + text
    return text


def _columns_rows(data) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a Polars frame or a :class:`attdash.db.Rows`."""
    rows = data.rows() if callable(data.rows) else data.rows
    return list(data.columns), rows


def cell_text(value: Any) -> str:
    """One value as text: ISO dates, true/false, empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


#: Treaty-action codes in words.
TREATY_ACTION_LABELS = {
    "signature": "Signature", "ratification": "Ratification", "accession": "Accession",
    "acceptance": "Acceptance", "approval": "Approval", "provisional_application": "Provisional application",
    "declaration": "Declaration", "notice_no_intent": "Notice of no intent", "deposit": "Deposit",
}


#: Planning steps (attdash.planning.STEPS) in words.
STEP_LABELS = {1: "Signatories not yet parties", 2: "Near-term candidates", 3: "Others"}


def code_labels(lang: str | None = None) -> dict[str, dict]:
    """Code column → its codes in words: the CSV puts ``<column>_label`` beside each (codes stay for scripts).
    In ``lang`` (attdash.i18n; None or "en": English): the labels are the "attdash" catalogue's message ids."""
    from attdash.register import vocab as reg
    from attdash.vocab import STATUS_LABELS
    status = {**STATUS_LABELS, "others": "Others", "total": "Total"}  # the report's counts add two rows
    maps = {"status": status, "status_from": status, "status_to": status, "status_on_opening_day": status,
            "consent_type": TREATY_ACTION_LABELS, "event_type": TREATY_ACTION_LABELS,
            "actor_kind": reg.ACTOR_KIND_LABELS, "kind": reg.KIND_LABELS, "level": reg.LEVEL_LABELS,
            "visibility": reg.VISIBILITY_LABELS, "step": STEP_LABELS}
    if lang in (None, "en"):
        return maps
    from attdash.i18n import translator
    t = translator(lang)
    return {col: {code: t.gettext(label) for code, label in m.items()} for col, m in maps.items()}


_SHARED_NAMES = {"kind", "step"}


def with_label_columns(columns: list[str], rows: list, lang: str | None = None) -> tuple[list[str], list[tuple]]:
    """``<code column>_label`` inserted after each code column whose values are codes (:func:`code_labels`), in
    ``lang`` (English by default)."""
    maps = code_labels(lang)
    out_cols, plan = [], []
    for i, c in enumerate(columns):
        out_cols.append(c)
        plan.append((i, None))
        m = maps.get(c)
        # "kind" and "step" name other things in some tables: labelled only where they hold these codes
        if m and f"{c}_label" not in columns and (c not in _SHARED_NAMES or any(r[i] in m for r in rows)):
            out_cols.append(f"{c}_label")
            plan.append((i, m))
    if len(out_cols) == len(columns):
        return columns, rows
    return out_cols, [tuple(r[i] if m is None else (None if r[i] is None else m.get(r[i], r[i])) for i, m in plan)
                      for r in rows]


def to_csv(data: pl.DataFrame, lang: str | None = None) -> str:
    """The one CSV form: UTF-8, header line, ISO dates, true/false, empty for missing; formula-leading text
    cells neutralised (:func:`neutralise`), so a CSV opened in Excel never runs a cell. Beside each code
    column its label column (``status`` → ``status_label``: "State Party"), so the file reads in a letter too."""
    columns, rows = with_label_columns(*_columns_rows(data), lang=lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([neutralise(v) if isinstance(v, str) else cell_text(v) for v in row] for row in rows)
    return out.getvalue()


def to_csv_bytes(df: pl.DataFrame, *, bom: bool, lang: str | None = None) -> bytes:
    """:func:`to_csv` as bytes. ``bom=True`` for downloads (Excel on Windows then reads UTF-8, e.g. "Türkiye");
    the command line writes no BOM, for scripts."""
    return to_csv(df, lang).encode("utf-8-sig" if bom else "utf-8")


_ONE_LINE = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def to_table(data: pl.DataFrame) -> str:
    """A Markdown table for the terminal, columns padded to their widest cell."""
    columns, rows = _columns_rows(data)
    # one line per row whatever a cell holds (CR, U+2028, a bidi override that would flip the columns)
    cells = [[_ONE_LINE.sub(" ", cell_text(v)).replace("|", "\\|") for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |" for r in cells]
    return "\n".join(lines)


def file_name(*parts: str) -> str:
    """A safe download file name: attdash_<view>_<filters>_<date>.csv."""
    slug = "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", p).strip("-").lower() for p in parts if p)
    return f"attdash_{slug}.csv"
