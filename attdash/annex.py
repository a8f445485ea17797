"""The work plan's annex layout: per UN regional group, States Parties · Signatories · Others, numbered.

One function for the "Status by regional group" page, the annex document and the progress report.
Annex tables list a State under one group only (Türkiye under Asia-Pacific); States that take full
part in a group but are listed under another are named in ``also``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from attdash import reports
from attdash.db import Database
from attdash.vocab import GROUPS, NO_GROUP_LABEL

PARTY_STATUSES = ("state_party", "ratified_not_in_force")
OTHER_STATUSES = ("not_signed", "unknown")


def _rows(df: pl.DataFrame) -> list[dict[str, Any]]:
    keep = [c for c in ("iso3", "name", "status", "no_intent") if c in df.columns]
    return df.select(keep).to_dicts()


def annex_group(members: pl.DataFrame, group: str | None) -> dict[str, Any]:
    """One group's block from the ``status`` rows of the States that belong to it (``group`` None: no group)."""
    if group is None:
        listed, also = members.filter(pl.col("un_regional_group").is_null()), []
    else:
        listed = members.filter(pl.col("un_regional_group") == group)
        also = members.filter(pl.col("un_regional_group") != group)["name"].to_list()
    parties = _rows(listed.filter(pl.col("status").is_in(PARTY_STATUSES)))
    signatories = _rows(listed.filter(pl.col("status") == "signatory"))
    others = _rows(listed.filter(pl.col("status").is_in(OTHER_STATUSES)))
    return {
        "group": group or NO_GROUP_LABEL,
        "listed": listed.height,
        "parties": parties,
        "pending": sum(1 for r in parties if r["status"] == "ratified_not_in_force"),
        "signatories": signatories,
        "no_intent": sum(1 for r in signatories if r.get("no_intent")),
        "others": others,
        "unknown": sum(1 for r in others if r["status"] == "unknown"),
        "also": also,
    }


def annex(db: Database, as_of: dt.date, groups: Sequence[str] | None = None,
          with_ungrouped: bool = False) -> list[dict[str, Any]]:
    """The annex blocks on ``as_of`` for ``groups`` (default: all five), optionally with the States in none."""
    everyone = reports.status(db, as_of)  # one status query; group membership on the date from a second
    members = db.run("groups_on", as_of=as_of)
    blocks = []
    for g in reports.check_groups(groups) or GROUPS:
        in_group = set(members.filter(pl.col("un_regional_group") == g)["iso3"])
        blocks.append(annex_group(everyone.filter(pl.col("iso3").is_in(list(in_group))), g))
    if with_ungrouped:
        rest = annex_group(everyone, None)
        if rest["listed"]:
            blocks.append(rest)
    return blocks
