"""Languages: the six UN languages, their catalogues (gettext, managed with Babel) and CLDR formatting.

One place for the language of a page or a document:
- ``LANGUAGES``: code → the language's own name, in the UN's order (Arabic, Chinese, English, French, Russian,
  Spanish); English is the default.
- ``translator(lang, domain)``: the catalogue of a language (``attdash/i18n/locales/<lang>/LC_MESSAGES/<domain>.po``), read with
  Babel and cached; a missing catalogue or message falls back to the English text.
- ``use(lang)`` / ``current()``: the language of the running page (a context variable: each Streamlit session runs
  its script in its own thread); ``_``/``ngettext``/``pgettext`` translate in it. Documents and the CLI pass the
  language explicitly (``translator(lang).gettext``).
- ``format_day`` / ``format_month`` / ``format_number``: dates and numbers per locale with Babel (CLDR).
- ``is_rtl(lang)``: Arabic reads right to left.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from pathlib import Path
from typing import Any

#: code → the language's own name, in the order the UN lists its official languages.
LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
DEFAULT = "en"
RTL = frozenset({"ar"})
#: the CLDR locale that writes dates and numbers as the UN's documents in each language do
#: (English: "16 April 2024", day first, as UN English documents; Arabic with Western digits).
CLDR_LOCALE = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_Hans", "ar": "ar"}
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAINS = ("attdash", "documents")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("attdash_language", default=DEFAULT)


def normalise(lang: Any) -> str:
    """A supported language code from user input (``?lang=``, ``--lang``): "fr", "FR", "fr-CH" → "fr"; else English."""
    code = str(lang or "").strip().lower().replace("_", "-").split("-")[0][:8]
    return code if code in LANGUAGES else DEFAULT


def is_rtl(lang: str | None = None) -> bool:
    return (lang or current()) in RTL


def use(lang: Any) -> str:
    """Make ``lang`` the language of the running page or command; returns the code used."""
    code = normalise(lang)
    _current.set(code)
    return code


def current() -> str:
    return _current.get()


class _Catalogue:
    """Messages of one language and domain, read from the .po file with Babel (no compiled file needed at run time)."""

    def __init__(self, lang: str, domain: str) -> None:
        self.lang, self.domain = lang, domain
        self._messages: dict[Any, Any] = {}
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        if lang != DEFAULT and path.exists():
            from babel.messages.pofile import read_po
            with path.open("rb") as fh:
                cat = read_po(fh, locale=CLDR_LOCALE[lang], domain=domain)
            self.plural = cat.plural_expr
            for m in cat:
                if m.id and m.string and not m.fuzzy:
                    self._messages[(m.context, m.id)] = m.string
        self._plural_fn = _plural_function(getattr(self, "plural", "(n != 1)"))

    def gettext(self, message: str) -> str:
        return self._messages.get((None, message)) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._messages.get((context, message)) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._messages.get((None, (singular, plural)))
        if forms and isinstance(forms, (tuple, list)):
            i = self._plural_fn(n)
            if 0 <= i < len(forms) and forms[i]:
                return forms[i]
        return singular if n == 1 else plural


def _plural_function(expr: str):
    import gettext as _gettext  # the catalogue's Plural-Forms expression (C syntax), as gettext evaluates it
    return _gettext.c2py(expr)


def translator(lang: str | None = None, domain: str = "attdash") -> _Catalogue:
    """The catalogue of ``lang`` (default: the running page's or command's language) and ``domain``."""
    return _catalogue(normalise(lang or current()), domain)  # resolved first: None must not be a cache key


@functools.lru_cache(maxsize=None)
def _catalogue(lang: str, domain: str) -> _Catalogue:
    return _Catalogue(lang, domain)


def _(message: str) -> str:
    """Translate ``message`` into the running page's language (domain ``attdash``)."""
    return _catalogue(_current.get(), "attdash").gettext(message)  # use() stores a normalised code


gettext = _


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (fixed vocabularies translated later, with a
    language: ``translator(lang).gettext(message)``)."""
    return message


def gettext_in(message: str, lang: str | None = None, context: str | None = None) -> str:
    """``message`` (marked with ``N_`` or ``pgettext``) in ``lang`` (default: the running page's language)."""
    cat = translator(lang or current())
    return cat.pgettext(context, message) if context else cat.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translator(current()).pgettext(context, message)


def format_day(value: dt.date | str | None, lang: str | None = None) -> str:
    """A day in the language's long form: 16 April 2024, 16 avril 2024, 16 de abril de 2024, 16 апреля 2024 г.,
    2024年4月16日, 16 نيسان/أبريل 2024 (as UN Arabic documents write it); "" for a missing date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return _format_day(value if type(value) is dt.date else dt.date(value.year, value.month, value.day),
                       normalise(lang or current()))


@functools.lru_cache(maxsize=16384)
def _format_day(value: dt.date, code: str) -> str:
    if code == "ar":  # UN Arabic documents: "16 نيسان/أبريل 2024" (both month names, Western digits)
        return f"{value.day} {UN_ARABIC_MONTHS[value.month - 1]} {value.year}"
    from babel.dates import format_date
    return format_date(value, "long", locale=CLDR_LOCALE[code])


#: Month names as UN Arabic documents write them: the Levantine name, a slash, the Egyptian (CLDR's) name, with the
#: UN's spellings يونيه and يوليه.
UN_ARABIC_MONTHS = ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيه",
                    "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
                    "كانون الأول/ديسمبر")


def format_month(value: dt.date, lang: str | None = None) -> str:
    """A month and year as a name stands alone: April 2024, avril 2024, abril de 2024, апрель 2024 г., 2024年4月."""
    return _format_month(value.year, value.month, normalise(lang or current()))


@functools.lru_cache(maxsize=4096)
def _format_month(year: int, month: int, code: str) -> str:
    if code == "ar":
        return f"{UN_ARABIC_MONTHS[month - 1]} {year}"
    from babel.dates import format_skeleton
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=CLDR_LOCALE[code])


def format_number(value: float | int, lang: str | None = None, digits: int = 0) -> str:
    return _format_number(value, normalise(lang or current()), digits)


@functools.lru_cache(maxsize=16384)
def _format_number(value: float | int, code: str, digits: int) -> str:
    from babel.numbers import format_decimal
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=CLDR_LOCALE[code])
