"""Presentation of values on pages: one date style, labels instead of codes. (CSV downloads keep codes.)"""

from __future__ import annotations

import datetime as dt
import re

from attdash.reports import BadParameter, parse_day



def long_date(value: dt.date | str | None) -> str:
    """16 April 2024 (no leading zero); "" for a missing date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day} {value:%B %Y}"


_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def display_day(text: object) -> str:
    """An ISO date as the pages show it: "2024-04-16" → 16 April 2024, "2024-04" → April 2024 (a date known only
    to its month is never shown as a day); anything else unchanged."""
    m = _ISO.match(str(text or ""))
    if not m:
        return "" if text is None else str(text)
    if m.group(3):
        return long_date(str(text))
    return f"{dt.date(int(m.group(1)), int(m.group(2)), 1):%B %Y}"


_ISO_IN_TEXT = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def dates_in_text(text: object) -> str:
    """Free text with its ISO dates in the pages' style: "latest fact 2024-12-02" → "latest fact 2 December 2024"."""
    def one(m: re.Match) -> str:
        try:
            return long_date(m.group(0))
        except ValueError:
            return m.group(0)
    return _ISO_IN_TEXT.sub(one, "" if text is None else str(text))


def without_file_names(text: str) -> str:
    """A sentence for a page: "the Secretariat's files → vtf_proposals.csv" → "the Secretariat's files" (the file
    a source goes to is named on Data & sources)."""
    return re.sub(r"\s*→\s*[\w.,\s]*\.csv\b\.?", "", text).strip()


_LONG = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s*$")
_MONTHS = {m.lower(): i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July",
                                                "August", "September", "October", "November", "December"), 1)}


def parse_user_day(text: str) -> dt.date:
    """A date typed by a user: 2024-04-16 or 16 April 2024 (month names in English, 3+ letters)."""
    m = _LONG.match(text or "")
    if m:
        name = m.group(2).lower()
        months = [n for full, n in _MONTHS.items() if len(name) >= 3 and full.startswith(name)]
        if len(months) != 1:
            raise BadParameter(f"{text.strip()[:40]!r}: unknown month {m.group(2)[:20]!r}")
        try:
            return dt.date(int(m.group(3)), months[0], int(m.group(1)))
        except ValueError:
            raise BadParameter(f"{text.strip()[:40]!r} is not a real calendar date") from None
    try:
        return parse_day((text or "").strip())
    except BadParameter:
        raise BadParameter(f"{(text or '').strip()[:40]!r} is not a date: type it as 2024-04-16 or 16 April 2024") from None
