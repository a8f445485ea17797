"""Presentation of values on pages: one date style per language, labels instead of codes. (CSV downloads keep codes.)

Every date on a page is written by :func:`attdash.i18n.format_day` (CLDR, Babel): 16 April 2024, 16 avril 2024,
16 de abril de 2024, 16 апреля 2024 г., 2024年4月16日, 16 أبريل 2024.
"""

from __future__ import annotations

import datetime as dt
import re

from attdash import i18n
from attdash.i18n import _
from attdash.reports import BadParameter, parse_day


def long_date(value: dt.date | str | None, lang: str | None = None) -> str:
    """The day in the language's long form (no leading zero); "" for a missing date. Default: the page's language."""
    return i18n.format_day(value, lang)


_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def display_day(text: object) -> str:
    """An ISO date as the pages show it: "2024-04-16" → 16 April 2024, "2024-04" → April 2024 (a date known only
    to its month is never shown as a day); anything else unchanged."""
    m = _ISO.match(str(text or ""))
    if not m:
        return "" if text is None else str(text)
    if m.group(3):
        return long_date(str(text))
    return i18n.format_month(dt.date(int(m.group(1)), int(m.group(2)), 1))


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


_LONG = re.compile(r"^\s*(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+(?:\s*/\s*[^\W\d_]+|\s[^\W\d_]+)?)\.?\s+(?:de\s+)?"
                   r"(\d{4})(?:\s*г\.?)?\s*$")
_CJK = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")


def _month_names(lang: str) -> dict[str, int]:
    """Month names (wide and abbreviated, format and stand-alone) of the language and of English, folded."""
    from babel import Locale

    from attdash.i18n.names import fold
    out: dict[str, int] = {}
    for code in {i18n.CLDR_LOCALE[i18n.normalise(lang)], "en"}:
        months = Locale.parse(code).months
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for n, name in months[ctx][width].items():
                    out.setdefault(fold(name).rstrip("."), n)
    if i18n.normalise(lang) == "ar":  # "نيسان/أبريل", "نيسان" or "أبريل"
        for n, name in enumerate(i18n.UN_ARABIC_MONTHS, 1):
            for part in (name, *name.split("/")):
                out.setdefault(fold(part), n)
    return out


def parse_user_day(text: str, lang: str | None = None) -> dt.date:
    """A date typed by a user: 2024-04-16, or the long form in the page's language or in English
    (16 April 2024, 16 avril 2024, 16 de abril de 2024, 16 апреля 2024 г., 2024年4月16日, 16 أبريل 2024);
    month names of 3 letters or more."""
    from attdash.i18n.names import fold
    raw = (text or "").strip()
    m = _CJK.match(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return dt.date(y, mo, d)
        except ValueError:
            raise BadParameter(_("{text} is not a real calendar date").format(text=repr(raw[:40]))) from None
    m = _LONG.match(raw)
    if m:
        name = re.sub(r"\s+de$", "", fold(m.group(2)))  # "abril de" (16 de abril de 2024)
        months = {n for full, n in _month_names(lang or i18n.current()).items()
                  if len(name) >= 3 and full.startswith(name)}
        if len(months) != 1:
            raise BadParameter(_("{text}: unknown month {month}").format(text=repr(raw[:40]),
                                                                         month=repr(m.group(2)[:20])))
        try:
            return dt.date(int(m.group(3)), months.pop(), int(m.group(1)))
        except ValueError:
            raise BadParameter(_("{text} is not a real calendar date").format(text=repr(raw[:40]))) from None
    try:
        return parse_day(raw)
    except BadParameter:
        raise BadParameter(_("{text} is not a date: type it as 2024-04-16 or {example}").format(
            text=repr(raw[:40]), example=i18n.format_day(dt.date(2024, 4, 16)))) from None
