"""Which sources a fact is cited to, and which facts rest only on secondary sources.

A source's ``authority`` (sources.csv) says who stands behind it: the depositary (UN Treaty Collection,
XXVI-8), a UN or ATT body, or someone else (a press report, a wiki, a mirror site, a data package). A fact
that has depositary or UN sources is cited to those; a fact whose every source is "other" is cited to them
and marked "secondary source — to be confirmed by the Secretariat" on the card and in the brief, and
listed on the Data & sources page so the Secretariat can confirm it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from attdash.sources import schema

SECONDARY = "secondary source — to be confirmed by the Secretariat"
AUTHORITY_LABELS = {"depositary": "Depositary (UN Treaty Collection)", "un": "UN or ATT body",
                    "other": "Secondary source"}
_RANK = {"depositary": 0, "un": 1}
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def split_ids(ids: str | Iterable[str] | None) -> list[str]:
    """Source ids from "A;B" or a list, in order, without blanks or repeats."""
    if ids is None:
        return []
    parts = ids.split(";") if isinstance(ids, str) else ids
    return list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def cited(ids: str | Iterable[str] | None, authority: Mapping[str, str]) -> list[str]:
    """The ids to cite for a fact: its depositary and UN sources when it has any, else all of them."""
    ids = split_ids(ids)
    best = [i for i in ids if authority.get(i) in _RANK]
    return sorted(best, key=lambda i: _RANK[authority[i]]) if best else ids


def is_secondary(ids: str | Iterable[str] | None, authority: Mapping[str, str]) -> bool:
    """True when a fact has sources and none of them is the depositary or a UN or ATT body."""
    ids = split_ids(ids)
    return bool(ids) and not any(authority.get(i) in _RANK for i in ids)


def long_date(value: Any, lang: str | None = None) -> str:
    """16 April 2024; "2015-12" → December 2015; other text as written. In ``lang`` (attdash.i18n; default: the
    running page's or command's language)."""
    from attdash import i18n
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return i18n.format_day(value, lang)
    text = str(value).strip()
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return i18n.format_month(dt.date(int(text[:4]), int(text[5:]), 1), lang)
    try:
        return long_date(dt.date.fromisoformat(text[:10]), lang)
    except ValueError:
        return text


def secondary_note(lang: str = "en") -> str:
    """"secondary source — to be confirmed by the Secretariat" in a document's language."""
    from attdash.documents.i18n import tr
    _ = tr(lang)
    return _("secondary source — to be confirmed by the Secretariat")


def citation_parts(src: Mapping[str, Any], lang: str = "en") -> dict[str, str]:
    """Publisher, title, date and the whole URL of a source, for a numbered source list (the date and the word
    "undated" in ``lang``; publisher and title as the source gives them)."""
    from attdash.documents.i18n import long_date as dated, tr
    _ = tr(lang)
    title = (src.get("title") or "").strip()
    date = ((long_date(src.get("as_of")) if lang == "en" else dated(src.get("as_of"), lang))
            or ("" if _YEAR.search(title) else _("undated")))  # "GNA, 5 March 2010"
    return {"publisher": (src.get("publisher") or "").strip(), "title": title,
            "date": date, "url": (src.get("url") or "").strip(),
            "secondary": (src.get("authority") or "other") not in _RANK}


def citation(src: Mapping[str, Any]) -> str:
    """"Publisher, Title, date. URL" — never shortened."""
    c = citation_parts(src)
    text = ", ".join(x for x in (c["publisher"], c["title"], c["date"]) if x) + "."
    return text + (f" {c['url']}" if c["url"] else "")


def authority_map(sources: pl.DataFrame) -> dict[str, str]:
    if sources.is_empty() or "authority" not in sources.columns:
        return {}
    return dict(zip(sources["source_id"].to_list(), sources["authority"].fill_null("other").to_list()))


def _fact_text(row: Mapping[str, Any], columns: Iterable[str]) -> str:
    return "; ".join(f"{c.replace('_', ' ')}: {row[c]}" for c in columns if row.get(c) not in (None, ""))


def secondary_facts(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every row of every table whose sources are all secondary: table, State, the fact (its key), sources.

    ``tables``: the snapshot's tables by name (``sources`` among them, for the authorities).
    """
    authority = authority_map(tables.get("sources", pl.DataFrame()))
    out = []
    for t in schema.TABLES:
        df = tables.get(t.name)
        if t.name == "sources" or df is None or df.is_empty() or "source_ids" not in df.columns:
            continue
        key = [c for c in (t.key or ()) if c in df.columns and c not in ("source_ids", "iso3")] or \
              [c for c in df.columns if c not in ("source_ids", "notes", "iso3")][:2]
        for r in df.iter_rows(named=True):
            if is_secondary(r.get("source_ids"), authority):
                out.append({"table": t.name, "iso3": r.get("iso3") or "",
                            "fact": _fact_text(r, [c for c in key if c != "iso3"]),
                            "source_ids": ";".join(split_ids(r.get("source_ids")))})
    return pl.DataFrame(out, schema={"table": pl.Utf8, "iso3": pl.Utf8, "fact": pl.Utf8, "source_ids": pl.Utf8})
