"""The language of a document: its own sentences (gettext domain ``documents``) and the shared vocabulary.

Documents pass the language explicitly (``lang``); nothing here reads the running page's language.

- ``tr(lang)``: the ``documents`` catalogue's gettext for that language (mark strings as ``_("…")``).
- ``label(kind, code, lang)``: a word of the shared vocabulary (status labels, UN regional group names, treaty
  action labels, element titles), translated in the ``attdash`` domain (the pages' catalogue); until a word is
  there, the ``documents`` catalogue's copy of it (``shared_terms.py``) is used.
- ``day`` / ``month`` / ``known`` / ``window``: dates per locale (CLDR, via :mod:`attdash.i18n`), a date known only
  to its month or year never shown as a day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from attdash.i18n import DEFAULT, format_day, format_month, format_number, is_rtl, normalise, translator
from attdash.partial_dates import as_day as _as_day  # one reading of a day, for pages and documents

DOMAIN = "documents"
#: Typst's language and region per document language (hyphenation, quotes, "Figure").
TYPST_LANG = {"ar": ("ar", None), "zh": ("zh", "cn"), "en": ("en", "gb"), "fr": ("fr", None), "ru": ("ru", None),
              "es": ("es", None)}


def tr(lang: str | None) -> Callable[[str], str]:
    """gettext of the ``documents`` domain in ``lang``."""
    return translator(normalise(lang), DOMAIN).gettext


def shared(text: str, lang: str | None) -> str:
    """A phrase of the shared vocabulary: the pages' catalogue (``attdash``) first, then this domain's copy."""
    lang = normalise(lang)
    if lang == DEFAULT or not text:
        return text
    out = translator(lang, "attdash").gettext(text)
    return out if out != text else translator(lang, DOMAIN).gettext(text)


def label(kind: str, code: str | None, lang: str | None, default: str | None = None) -> str:
    """The label of a code of the shared vocabulary in ``lang``: kind is "status", "group", "action", "element",
    "consent"; ``default``: the English label when the code is not in the vocabulary."""
    from attdash.documents import shared_terms
    english = shared_terms.ENGLISH.get(kind, {}).get(code or "", default if default is not None else (code or ""))
    if normalise(lang) != DEFAULT and code:
        pages = _pages_label(kind, code, normalise(lang))
        if pages:
            return pages
    return shared(english, lang)


#: The pages' label functions of the shared vocabulary (attdash.vocab, when it has them) and their English ids.
_PAGES_FUNCTIONS = {"status": ("status_label", "STATUS_LABELS"), "group": ("group_label", "GROUP_NAMES"),
                    "element": ("element_title", "ELEMENT_TITLES")}


def _pages_label(kind: str, code: str, lang: str) -> str | None:
    """The word as the pages translate it (``attdash.vocab.status_label(code, lang)`` …), when they do: one
    vocabulary for the dashboard and its documents. None when the pages have no such function or no translation."""
    from attdash import vocab
    names = _PAGES_FUNCTIONS.get(kind)
    fn = getattr(vocab, names[0], None) if names else None
    if fn is None:
        return None
    try:
        out = fn(code, lang)
    except (KeyError, TypeError, ValueError):
        return None
    english = {fn(code, DEFAULT), getattr(vocab, names[1], {}).get(code), code}
    return out if out and out not in english else None


def label_english(kind: str, code: str) -> str:
    """The English label of a code of the shared vocabulary (the message id)."""
    from attdash.documents import shared_terms
    return shared_terms.ENGLISH.get(kind, {}).get(code, code)


def group(name: str | None, lang: str | None) -> str:
    """A UN regional group as the UN names it in ``lang`` (vocabulary names: "African", "Asia-Pacific" …)."""
    return label("group", name, lang, default=name or "")


def number(value: int | float, lang: str | None) -> str:
    return format_number(value, normalise(lang))


def day(value: Any, lang: str | None) -> str:
    """16 April 2024 · 16 avril 2024 · 16 de abril de 2024 · 16 апреля 2024 г. · 2024年4月16日 · 16 أبريل 2024."""
    d = _as_day(value)
    if not d:
        return ""
    text = format_day(d, normalise(lang))
    if normalise(lang) == "fr" and d.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]  # 1er janvier 2025, as French writes the first of the month
    return text


def month(value: Any, lang: str | None) -> str:
    d = _as_day(value)
    return format_month(d, normalise(lang)) if d else ""


def long_date(value: Any, lang: str | None) -> str:
    """A day in words; "YYYY-MM" as its month; other text as written."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return day(value, lang)
    text = str(value).strip()
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return month(dt.date(int(text[:4]), int(text[5:]), 1), lang)
    try:
        return day(dt.date.fromisoformat(text[:10]), lang)
    except ValueError:
        return text




# ------------------------------------------------------------------------------------ partial dates, localised

def _precision(value: Any, precision: str | None) -> str:
    from attdash import partial_dates
    return partial_dates._precision(value, precision)


def known(value: Any, precision: str | None, lang: str | None) -> str:
    """What is known of a date: the day; or "May 2025, day not known"; or "2025, day not known"."""
    from attdash import partial_dates
    p = _precision(value, precision)
    d = partial_dates._first(value)
    if d is None:
        return ""
    if p == "year":
        return shared("{year}, day not known", lang).format(year=d.year)
    if p == "month":
        return shared("{month}, day not known", lang).format(month=month(d, lang))
    return day(d, lang)


def window(first: Any, last: Any, lang: str | None) -> str:
    a, b = _as_day(first), _as_day(last)
    if a is None or b is None:
        return ""
    if a == b:
        return shared("on {date}", lang).format(date=day(a, lang))
    return shared("between {first} and {last}", lang).format(first=day(a, lang), last=day(b, lang))


def deposit(first: Any, latest: Any, precision: str | None, lang: str | None) -> str:
    from attdash import partial_dates
    p = _precision(first, precision)
    text = known(first, p, lang)
    if p == "day" or not text:
        return text
    a = partial_dates._first(first)
    b = _as_day(latest) or (partial_dates._natural_window(first, p) or (None, None))[1]
    if a and b and (a, b) != partial_dates._natural_window(first, p):
        w = window(a, b, lang)
        text += f"（{w}）" if normalise(lang) == "zh" else f" ({w})"
    return text


def entry_into_force(first: Any, latest: Any, precision: str | None, lang: str | None, stated: Any = None) -> str:
    from attdash import partial_dates
    from attdash.treaty_rules import entry_into_force as eif
    p = _precision(first, precision)
    if p == "day":
        d = _as_day(stated) or (eif(_as_day(first)) if _as_day(first) else None)
        return day(d, lang)
    a = partial_dates._first(first)
    b = _as_day(latest) or (partial_dates._natural_window(first, p) or (None, None))[1]
    if a is None or b is None:
        return ""
    return window(eif(a), eif(b), lang)


def treaty_dates(db: Any, s: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """profile.treaty_dates in ``lang``: the same facts (and the same floor), the words in the language."""
    from attdash.profile import treaty_dates as english
    out = english(db, s)
    if normalise(lang) == DEFAULT:
        return out
    first = s["consent_first"] if "consent_first" in s else s.get("consent_date")
    latest, precision = s.get("consent_latest"), s.get("consent_precision") or "day"
    out = dict(out, signature=day(s.get("signature_date"), lang))
    if not first:
        return out
    if precision != "day":
        lo = _as_day(out["floor"]["date"]) if out.get("floor") else _as_day(first)
        out["deposit_known"] = known(first, precision, lang)
        out["deposit"] = deposit(lo, latest, precision, lang)
        out["entry_into_force"] = entry_into_force(lo, latest, precision, lang)
        if out.get("floor"):
            _ = tr(lang)
            out["floor"] = dict(out["floor"], date_long=day(lo, lang))
            out["floor"]["sentence"] = _(
                "the instrument cannot have been deposited before {date}, the date of the domestic act it rests "
                "on: {act}").format(date=day(lo, lang), act=out["floor"]["description"])
    else:
        out["deposit"] = out["deposit_known"] = day(first, lang)
        out["entry_into_force"] = entry_into_force(first, None, "day", lang, stated=s.get("entry_into_force_date"))
    return out


def secondary(lang: str | None) -> str:
    from attdash.citations import secondary_note
    return secondary_note(normalise(lang))


def rtl(lang: str | None) -> bool:
    return is_rtl(normalise(lang))


def _tr(lang: str | None, message: str) -> str:
    """gettext of one message in ``lang`` (Babel extracts ``_tr(lang, "…")``: keyword ``_tr``, argument 2)."""
    return tr(lang)(message)
