"""Dates known only to their month or year, written as what is known — never as a day.

The one formatter for partial dates, used by the card (page and Markdown), the brief, the report, the register's
warnings and the planning tables. A partial date is a window: its first and last possible days (the snapshot's
``*_date`` and ``*_latest``), possibly narrowed by a record check or a sourced domestic step.

    known(2025-05-16, 2025-12-31, "year")  -> "2025, day not known"
    window(2025-05-16, 2025-12-31)          -> "between 16 May 2025 and 31 December 2025"
    deposit(...)                            -> "2025, day not known (between 16 May 2025 and 31 December 2025)"
    entry_into_force(...)                   -> "between 14 August 2025 and 31 March 2026 (90 days after the deposit)"
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from attdash import i18n
from attdash.treaty_rules import entry_into_force as _eif

# Every function takes ``lang`` (one of attdash.i18n.LANGUAGES; default: the running page's language):
# known("2025", lang="fr") -> "2025, jour inconnu"; window(a, b, lang="es") -> "entre el 16 de mayo de 2025 y …".


def as_day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def day(value: Any, lang: str | None = None) -> str:
    """16 April 2024 (the UN's style, no leading zero; CLDR's long date in the other languages); "" if missing."""
    d = as_day(value)
    return i18n.format_day(d, lang) if d else ""


def _precision(value: Any, precision: str | None) -> str:
    """The precision, also read from a date written as YYYY or YYYY-MM."""
    if precision:
        return precision
    text = str(value or "")
    if len(text) == 4 and text.isdigit():
        return "year"
    if len(text) == 7 and text[4] == "-":
        return "month"
    return "day"


def _first(value: Any) -> dt.date | None:
    text = str(value or "")
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        return dt.date(int(text[:4]), int(text[5:]), 1)
    return as_day(value)


def known(value: Any, precision: str | None = None, lang: str | None = None) -> str:
    """What is known of a date: "16 May 2025", "May 2025, day not known" or "2025, day not known"."""
    p = _precision(value, precision)
    d = _first(value)
    if d is None:
        return ""
    t = i18n.translator(lang or i18n.current())
    if p == "year":
        return t.gettext("{year}, day not known").format(year=d.year)
    if p == "month":
        return t.gettext("{month}, day not known").format(month=i18n.format_month(d, lang))
    return day(d, lang)


def window(first: Any, last: Any, lang: str | None = None) -> str:
    """"between 16 May 2025 and 31 December 2025" ("on 16 May 2025" when the two are one day)."""
    a, b = as_day(first), as_day(last)
    if a is None or b is None:
        return ""
    t = i18n.translator(lang or i18n.current())
    if a == b:
        return t.gettext("on {day}").format(day=day(a, lang))
    return t.gettext("between {first} and {last}").format(first=day(a, lang), last=day(b, lang))


def _natural_window(value: Any, precision: str) -> tuple[dt.date, dt.date] | None:
    d = _first(value)
    if d is None:
        return None
    if precision == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if precision == "month":
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return dt.date(d.year, d.month, 1), nxt - dt.timedelta(days=1)
    return None


def deposit(first: Any, latest: Any = None, precision: str | None = None, lang: str | None = None) -> str:
    """A deposit (or any act) date: the day; or what is known, with the window when it is narrower than the
    month or year itself ("2025, day not known (between 16 May 2025 and 31 December 2025)")."""
    p = _precision(first, precision)
    text = known(first, p, lang)
    if p == "day" or not text:
        return text
    a, b = _first(first), as_day(latest) or (_natural_window(first, p) or (None, None))[1]
    if a and b and (a, b) != _natural_window(first, p):
        text += f" ({window(a, b, lang)})"
    return text


def entry_into_force(first: Any, latest: Any = None, precision: str | None = None,
                     stated: Any = None, lang: str | None = None) -> str:
    """When the Treaty entered into force for a State (Art. 22), from its deposit: the day when the deposit's day
    is known, else the window of possible days ("between 14 August 2025 and 31 March 2026")."""
    p = _precision(first, precision)
    if p == "day":
        d = as_day(stated) or (_eif(as_day(first)) if as_day(first) else None)
        return day(d, lang)
    a = _first(first)
    b = as_day(latest) or (_natural_window(first, p) or (None, None))[1]
    if a is None or b is None:
        return ""
    return window(_eif(a), _eif(b), lang)
