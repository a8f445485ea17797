"""Reconcile a snapshot with the published counts (``official_counts.csv``) before it is written.

The snapshot's own count of signatories and parties on each published date must equal the published figure
(over the whole month or year where the count is dated only so far). Depositary and UN counts must reconcile or
the build fails, naming the date, both numbers and the States whose actions lie nearest that date; other
publishers' counts are checked and the result kept in the manifest (shown on the Data & sources page).
"""

from __future__ import annotations

from dataclasses import dataclass

from attdash.sources.validate import Problem

ENFORCED = ("depositary", "un")


@dataclass(frozen=True)
class Reconciliation:
    problems: list[Problem]
    checked: int
    not_reconciled_other: list[str]
    record_complete_through: str | None


def _describe(r: dict) -> str:
    parts = []
    for what in ("signatories", "parties"):
        want, lo, hi = r[what], r[f"{what}_min"], r[f"{what}_max"]
        if want is not None and not lo <= want <= hi:
            ours = str(lo) if lo == hi else f"{lo}–{hi}"
            parts.append(f"{what}: published {want}, this snapshot counts {ours}")
    near = r["near"] or "none within 45 days"
    return (f"count of {r['as_of']} ({r['source_ids']}, {r['authority']}) does not reconcile — "
            f"{'; '.join(parts)}. States with actions nearest that date: {near}")


def reconcile(db) -> Reconciliation:
    """Check every published count against the snapshot open in ``db`` (an attdash.db.Database)."""
    rows = db.run("official_counts_check").to_dicts()
    problems, other = [], []
    for r in rows:
        if r["reconciled"]:
            continue
        if r["authority"] in ENFORCED:
            problems.append(Problem("official_counts.csv", None, None, _describe(r)))
        else:
            other.append(_describe(r))
    through = db.run("record_complete_through")["complete_through"][0]
    return Reconciliation(problems, len(rows), other, through.isoformat() if through else None)
