"""Names of States in the six UN languages, their sorting and search.

Names: the snapshot's ``country_names`` table — the UN's own names (UNTERM short names, else the UNSD M49 names;
its ``notes`` column says which); every one of the 197 States and entities the dashboard lists has a UN name in
all six languages, so no CLDR display name is used. An ISO3 code missing from the table keeps the English name.

Sorting and search (Babel has no collation, and PyICU has no wheels on PyPI): a documented key instead of the
Unicode Collation Algorithm —

- ``fold(text)``: case folded (``casefold``), accents and Arabic short vowels removed (NFKD without combining
  marks), typographic apostrophes made plain, Arabic alef forms (أ إ آ ٱ) read as ا, Russian ё as е, spaces
  collapsed. Search compares folded text, so "cote", "CÔTE" and "Côte" find Côte d'Ivoire.
- ``sort_key(text, lang)``: the folded text, with Spanish ñ after n (as the Real Academia orders it) and ties broken
  by the unfolded text. Chinese sorts by pinyin with tones (CLDR's default for zh), read with pypinyin; without it,
  by code point (the CJK block's radical-and-stroke order). Arabic and Russian letters sort in alphabetical order by
  code point once folded.
- ``search(query, names)``: a State matches when the folded query is part of its name in ANY of the six
  languages or of its ISO3 code — "科特迪瓦", "Côte" or "CIV" find CIV whatever the interface language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

from attdash.i18n import DEFAULT, LANGUAGES, current, normalise

_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": None})
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


def fold(text: object) -> str:
    """Text for comparison: "Côte d’Ivoire" → "cote d'ivoire"; "Türkiye" → "turkiye"; "أفغانستان" → "افغانستان"."""
    return _fold(str(text or ""))


@functools.lru_cache(maxsize=16384)
def _fold(s: str) -> str:
    s = s.translate(_QUOTES).translate(_ALEF).replace("ё", "е").replace("Ё", "Е")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[\s\u00a0]+", " ", s).strip().casefold()


def sort_key(text: object, lang: str | None = None) -> tuple[str, str]:
    """A key that orders names as readers of ``lang`` expect (see the module's note)."""
    return _sort_key(str(text or ""), normalise(lang or current()))


@functools.lru_cache(maxsize=16384)
def _sort_key(raw: str, code: str) -> tuple[str, str]:
    s = raw
    if code == "es":
        s = s.replace("ñ", "n\U0010ffff").replace("Ñ", "N\U0010ffff")
    elif code == "zh":
        s = _pinyin(raw)
    return fold(s), raw


@functools.lru_cache(maxsize=4096)
def _pinyin(text: str) -> str:
    """中非共和国 → "zhong1 fei1 gong4 he2 guo2" (pypinyin; the text itself when pypinyin is not installed)."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        return text
    return " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default"))


def column(lang: str) -> str:
    return f"name_{normalise(lang)}"


def names_in(rows: Iterable[Mapping[str, object]], lang: str | None = None) -> dict[str, str]:
    """ISO3 → the State's name in ``lang`` from rows of the ``country_names`` table (empty names left out)."""
    col = column(lang or current())
    return {str(r["iso3"]): str(r[col]) for r in rows if r.get(col)}


def search(query: str, rows: Iterable[Mapping[str, object]]) -> list[str]:
    """ISO3 codes of the States whose name in any UN language, or whose code, contains the query (folded)."""
    q = fold(query)
    if not q:
        return []
    out = []
    for r in rows:
        texts = [str(r.get(f"name_{lang}") or "") for lang in LANGUAGES] + [str(r["iso3"])]
        if any(q in fold(t) for t in texts):
            out.append(str(r["iso3"]))
    return out


__all__ = ["fold", "sort_key", "names_in", "search", "column", "DEFAULT"]
