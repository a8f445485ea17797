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
