"""The States an activity may target: the countries of a snapshot (195, plus any the lead adds)."""

from __future__ import annotations

from attdash.db import Database


def known_states(db: Database) -> frozenset[str]:
    return frozenset(db.run("countries")["iso3"].to_list())
