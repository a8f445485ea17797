"""What a staged upload changes for the users: the planning view's steps and champions, and the profile
elements' coverage, computed by building the staged sources into a throw-away snapshot and comparing it with
the current one (the same functions the pages call; nothing estimated)."""

from __future__ import annotations

import polars as pl

from attdash.db import Database
from attdash.snapshot import SnapshotInfo, build, get_snapshot
from attdash.sources.staging import Staged


def _names(df: pl.DataFrame, limit: int = 8) -> str:
    names = sorted(df["name"].to_list())
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def impact(staged: Staged, current: SnapshotInfo | None = None) -> list[str]:
    """Plain-language lines, e.g. "Planning: 6 new near-term candidates in the African group (…)"."""
    if not staged.ok or not staged.changes:
        return []
    from attdash import planning
    path = build(staged.as_of, staged.staging / "sources", staged.staging / "preview")
    new = Database(get_snapshot(path.name, path.parent), cache=False)
    try:
        current = current or get_snapshot(None)
    except LookupError:
        current = None
    old = Database(current, cache=False) if current is not None else None
    lines: list[str] = []
    try:
        after = planning.step_table(new, new.snapshot.as_of)
        before = planning.step_table(old, old.snapshot.as_of) if old else after.clear()
        for step, label in ((2, "near-term candidate"), (1, "signatory not yet a party")):
            was = set(before.filter(pl.col("step") == step)["iso3"])
            now = after.filter(pl.col("step") == step)
            gained = now.filter(~pl.col("iso3").is_in(list(was)))
            lost = before.filter((pl.col("step") == step) & ~pl.col("iso3").is_in(now["iso3"].to_list()))
            for verb, df in (("new", gained), ("no longer", lost)):
                for (group,), g in sorted(df.group_by("un_regional_group"), key=lambda x: str(x[0][0])):
                    n = g.height
                    what = f"{label}{'s' if n != 1 else ''}"
                    lines.append(f"Planning: {n} {verb} {what} in the {group} group ({_names(g)})"
                                 if verb == "new" else
                                 f"Planning: {n} State{'s' if n != 1 else ''} no longer {what}s in the {group} "
                                 f"group ({_names(g)})")
        champ_new = planning.champions(new)
        champ_old = planning.champions(old) if old else champ_new.clear()
        for verb, a, b in (("new", champ_new, champ_old), ("removed", champ_old, champ_new)):
            keys = set(zip(b["iso3"], b["region"]))
            diff = a.filter([(i, r) not in keys for i, r in zip(a["iso3"], a["region"])])
            for (region,), g in diff.group_by("region"):
                lines.append(f"Planning: {g.height} {verb} champion{'s' if g.height != 1 else ''} for the {region} "
                             f"group ({_names(g)})")
        cov_new = new.run("coverage")
        cov_old = old.run("coverage") if old else cov_new.clear()
        before_n = dict(zip(cov_old["element"], cov_old["states_with_data"]))
        before_rows = dict(zip(cov_old["element"], cov_old["rows"]))
        for r in cov_new.iter_rows(named=True):
            b, br = before_n.get(r["element"], 0), before_rows.get(r["element"], 0)
            if (b, br) != (r["states_with_data"], r["rows"]):
                lines.append(f"Country profiles, “{r['title']}”: States with data {b} → {r['states_with_data']} "
                             f"(records {br} → {r['rows']})")
    finally:
        new.close()
        if old:
            old.close()
    return lines
