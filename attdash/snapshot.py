"""Dated, immutable Parquet snapshots of the validated source tables.

``data/snapshots/<as-of>/`` holds one Parquet file per table and ``manifest.json``.
A snapshot is written to a temporary folder and renamed into place in one step; an
existing snapshot is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from attdash import schema
from attdash.paths import snapshots_dir, sources_dir
from attdash.schema import BOOL, DATE, FLOAT, INT, PDATE, YEAR
from attdash.treaty_rules import entry_into_force
from attdash.validate import validate
from attdash.vocab import CONSENT_TYPES

#: 2: partial dates (event_date_latest, *_precision), official_counts, treaty_conflicts, sources.authority.
SCHEMA_VERSION = 2
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_POLARS_TYPES = {DATE: pl.Date, PDATE: pl.Date, INT: pl.Int64, YEAR: pl.Int32, FLOAT: pl.Float64, BOOL: pl.Boolean}


class SnapshotExists(Exception):
    pass


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    path: Path
    manifest: dict

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.manifest["as_of"])


def _frame(table: schema.Table, rows: list[dict]) -> pl.DataFrame:
    pl_schema: dict[str, pl.DataType] = {}
    for c in table.columns:
        pl_schema[c.name] = _POLARS_TYPES.get(c.kind, pl.Utf8)
        if c.kind == PDATE:  # first possible day in the column itself; last day and precision beside it
            pl_schema[f"{c.name}_latest"] = pl.Date
            pl_schema[f"{c.name}_precision"] = pl.Utf8
    rows = [{k: r.get(k) for k in pl_schema} for r in rows]
    df = pl.DataFrame(rows, schema=pl_schema, orient="row") if rows else pl.DataFrame(schema=pl_schema)
    if table.name == "treaty_events":
        # Art. 22, computed once here so every query reads the same dates (earliest and latest possible).
        def eif(col: str) -> pl.Expr:
            return pl.struct("event_type", col).map_elements(
                lambda s: entry_into_force(s[col]) if s["event_type"] in CONSENT_TYPES and s[col] else None,
                return_dtype=pl.Date)
        df = df.with_columns(eif("event_date").alias("entry_into_force_date"),
                             eif("event_date_latest").alias("entry_into_force_latest"))
    return df


def empty_frame(table: schema.Table) -> pl.DataFrame:
    """A table with no rows and the columns (and computed columns) a snapshot stores for it."""
    return _frame(table, [])


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _reconcile(folder: Path, manifest: dict) -> dict:
    """Check the published counts on the tables just written; raise ValidationFailed when they disagree."""
    from attdash.db import Database
    from attdash.reconcile import reconcile
    from attdash.validate import ValidationFailed

    db = Database(SnapshotInfo(folder.name, folder, manifest))
    try:
        result = reconcile(db)
    finally:
        db.close()
    if result.problems:
        raise ValidationFailed(result.problems)
    return {"record_complete_through": result.record_complete_through,
            "official_counts": {"checked": result.checked, "not_reconciled_other": result.not_reconciled_other}}


def build(as_of: dt.date, src: Path | None = None, dest: Path | None = None) -> Path:
    """Validate ``src`` and write ``dest/<as_of>/``. Raises ValidationFailed or SnapshotExists."""
    src = src or sources_dir()
    dest = dest or snapshots_dir()
    target = dest / as_of.isoformat()
    if target.exists():
        raise SnapshotExists(f"snapshot {target} already exists; snapshots are never overwritten "
                             "(choose another --as-of date)")
    parsed = validate(src, as_of)
    dest.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".building-{as_of.isoformat()}-", dir=dest))
    try:
        files = {}
        for table in schema.TABLES:
            df = _frame(table, parsed.tables[table.name])
            path = tmp / f"{table.name}.parquet"
            df.write_parquet(path)
            files[table.name] = {"file": path.name, "rows": df.height, "sha256": _sha256(path)}
        cited = sorted({s for rows in parsed.tables.values() for r in rows
                        for key in ("source_ids", "capacity_source_ids") if r.get(key)
                        for s in r[key].split(";")})
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "as_of": as_of.isoformat(),
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "tables": files,
            "sources_used": cited,
            "sources_count": len(parsed.tables["sources"]),
        }
        manifest.update(_reconcile(tmp, manifest))
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o755)
        try:
            # rename() onto an existing non-empty folder fails: a concurrent build loses, never overwrites.
            os.rename(tmp, target)
        except OSError:
            raise SnapshotExists(f"snapshot {target} already exists; snapshots are never overwritten") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def list_snapshots(root: Path | None = None) -> list[SnapshotInfo]:
    """Complete snapshots, newest first (folders without a manifest are skipped)."""
    root = root or snapshots_dir()
    out = []
    if not root.exists():
        return out
    for p in root.iterdir():
        manifest = p / "manifest.json"
        if p.is_dir() and SNAPSHOT_NAME.match(p.name) and manifest.exists():
            out.append(SnapshotInfo(p.name, p, json.loads(manifest.read_text())))
    return sorted(out, key=lambda s: s.name, reverse=True)


def get_snapshot(name: str | None = None, root: Path | None = None) -> SnapshotInfo:
    """The named snapshot, or the newest when ``name`` is None."""
    snaps = list_snapshots(root)
    if not snaps:
        raise LookupError(f"no snapshot found in {root or snapshots_dir()}; "
                          "build one with: python -m attdash snapshot build")
    if name is None:
        return snaps[0]
    for s in snaps:
        if s.name == name:
            return s
    raise LookupError(f"unknown snapshot '{name}' (available: {', '.join(s.name for s in snaps)})")
