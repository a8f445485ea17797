"""Participant names → ISO3: the one place that says which name means which State.

Names are matched against the UN short names in ``countries.csv`` and the curated aliases in
``country_aliases.csv`` (former UN names and other spellings that sources use, each with its source ids),
after normalising case, accents, apostrophes and spaces. A name that matches nothing, or more than one
State, is an error: never skipped, never guessed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path


class UnknownName(LookupError):
    pass


def normalise(name: str) -> str:
    """``'Côte d’Ivoire '`` → ``"cote d'ivoire"``; ``'Türkiye'`` → ``'turkiye'``."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\s\u00a0]+", " ", text).strip().casefold()
    return text


class NameMatcher:
    def __init__(self, names: dict[str, set[str]]):
        self._names = names  # normalised name -> ISO3 codes

    @classmethod
    def from_sources(cls, sources_dir: Path) -> "NameMatcher":
        names: dict[str, set[str]] = {}

        def add(name: str, iso3: str) -> None:
            if name.strip() and iso3.strip():
                names.setdefault(normalise(name), set()).add(iso3.strip())

        with (sources_dir / "countries.csv").open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                add(r["name"], r["iso3"])
        aliases = sources_dir / "country_aliases.csv"
        if aliases.exists():
            with aliases.open(encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    add(r["alias"], r["iso3"])
        return cls(names)

    def iso3(self, name: str) -> str:
        codes = self._names.get(normalise(name), set())
        if len(codes) == 1:
            return next(iter(codes))
        if not codes:
            raise UnknownName(f"unknown participant {name[:80]!r}: add it to country_aliases.csv (iso3, alias, "
                              "source_ids, notes) if it is another name of a State in countries.csv")
        raise UnknownName(f"participant {name[:80]!r} matches several States ({', '.join(sorted(codes))}) "
                          "in countries.csv/country_aliases.csv")


# --- search: what a person types (pages' type-ahead and register, the CLI's profile/brief) -------------------

_NON_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^(the|l|le|la|les|el|los|las)\s+|\s+\((the|l'|le|la|les|el|los|las)\)\s*$")


def search_key(text: str) -> str:
    """``'Côte d’Ivoire'`` → ``'cote d ivoire'``; ``'Viet Nam (le)'`` → ``'viet nam'``; ``'科特迪瓦'`` unchanged.

    Case, accents, apostrophes, hyphens and brackets ignored; a leading article or the UN's bracketed one
    (``(the)``, ``(l')``, ``(el)``) dropped.
    """
    text = normalise(text)
    text = _ARTICLE.sub("", text)
    text = _ARTICLE.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


class StateFinder:
    """Finds States by any of their names as people type them.

    The names: the UN short name and ISO3 code (countries), other names sources use — former UN names, common
    English names, the UN's names in the six languages — (country_aliases), and the display names in the six
    UN languages (country_names). Each name is a sourced row of the snapshot.
    """

    def __init__(self, names: dict[str, str], pairs: list[tuple[str, str]]):
        self.names = names  # iso3 -> the UN short name
        self._exact: dict[str, set[str]] = {}
        for iso3, name in pairs:
            key = search_key(name)
            if key:
                self._exact.setdefault(key, set()).add(iso3)
        self._keys = sorted(self._exact)

    @classmethod
    def from_rows(cls, countries, aliases=(), names=()) -> "StateFinder":
        """Rows as dicts: countries (iso3, name), aliases (iso3, alias), names (iso3, name_ar … name_es)."""
        official = {r["iso3"]: r["name"] for r in countries}
        pairs = [(i, n) for i, n in official.items()] + [(i, i) for i in official]
        pairs += [(r["iso3"], r["alias"]) for r in aliases if r["iso3"] in official]
        for r in names:
            if r["iso3"] in official:
                pairs += [(r["iso3"], v) for k, v in r.items() if k.startswith("name_") and v]
        return cls(official, pairs)

    @classmethod
    def from_database(cls, db) -> "StateFinder":
        def rows(table):
            try:
                return db.table(table).to_dicts()
            except Exception:  # a snapshot built before the table existed
                return []
        return cls.from_rows(rows("countries"), rows("country_aliases"), rows("country_names"))

    def find(self, text: str) -> list[str]:
        """ISO3 codes of the States that ``text`` names, best first: an exact name or code; else names that
        start with it; else names with a word that starts with it. Empty when nothing matches."""
        key = search_key(text or "")
        if not key:
            return []
        if key in self._exact:
            return sorted(self._exact[key], key=self.names.get)
        starts = {i for k in self._keys if k.startswith(key) for i in self._exact[k]}
        if starts:
            return sorted(starts, key=self.names.get)
        words = {i for k in self._keys if f" {key}" in f" {k}" for i in self._exact[k]}
        return sorted(words, key=self.names.get)

    def one(self, text: str) -> str:
        """The one State ``text`` names; UnknownName (one line, with the candidates) otherwise."""
        found = self.find(text)
        shown = (text or "").strip()[:40]
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnknownName(f"no State matches {shown!r}: type a name (any UN language, former names too) "
                              "or an ISO3 code")
        listed = "; ".join(f"{self.names[i]} ({i})" for i in found[:8]) + ("; …" if len(found) > 8 else "")
        raise UnknownName(f"{shown!r} matches {len(found)} States: {listed}. Type more of the name or the ISO3 code")
