"""Dated, immutable Parquet snapshots of the validated source tables.

``data/snapshots/<as-of>/`` holds one Parquet file per table and ``manifest.json``.
A snapshot is written to a temporary folder and renamed into place in one step; an
existing snapshot is never overwritten.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from attdash.sources import schema
from attdash.paths import snapshots_dir, sources_dir
from attdash.sources.schema import BOOL, DATE, FLOAT, INT, PDATE, YEAR
from attdash.treaty_rules import entry_into_force
from attdash.sources.validate import CORE_TABLES, validate
from attdash.vocab import CONSENT_TYPES

if TYPE_CHECKING:  # Polars is imported by the builder only: opening a snapshot to query it needs none
    import polars as pl

#: 2: partial dates (event_date_latest, *_precision), official_counts, treaty_conflicts, sources.authority.
SCHEMA_VERSION = 2
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")

def _polars_types() -> dict:
    import polars as pl
    return {DATE: pl.Date, PDATE: pl.Date, INT: pl.Int64, YEAR: pl.Int32, FLOAT: pl.Float64, BOOL: pl.Boolean}


class SnapshotExists(Exception):
    pass


class NothingNew(SnapshotExists):
    """The snapshot for this as-of date exists and holds exactly the tables the sources give: nothing to write."""


class SnapshotDamaged(LookupError):
    """A snapshot whose manifest or files cannot be trusted. ``args[0]`` is one line naming the snapshot and file.

    A LookupError, so the command line answers it like an unknown snapshot: one line, exit code 2.
    """


class BuildRefused(Exception):
    """``snapshot build`` cannot or must not write (as-of in the future, destination not writable)."""


#: A manifest is a few kB; anything much larger is not one (and is not parsed).
MAX_MANIFEST_BYTES = 1 << 20
#: The largest table holds a few thousand rows; a row count beyond this is not a real count.
MAX_TABLE_ROWS = 10_000_000
_PLAIN_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}\.parquet$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_BUILDING = ".building-"


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    path: Path
    manifest: dict

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.manifest["as_of"])


@dataclass(frozen=True)
class BrokenSnapshot:
    """A dated folder that is not a usable snapshot, with the one-line reason."""

    name: str
    path: Path
    reason: str


def _frame(table: schema.Table, rows: list[dict]) -> pl.DataFrame:
    import polars as pl
    types = _polars_types()
    pl_schema: dict[str, pl.DataType] = {}
    for c in table.columns:
        pl_schema[c.name] = types.get(c.kind, pl.Utf8)
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
    from attdash.sources.validate import ValidationFailed

    db = Database(SnapshotInfo(folder.name, folder, manifest), cache=False)  # a folder still being written
    try:
        result = reconcile(db)
    finally:
        db.close()
    if result.problems:
        raise ValidationFailed(result.problems)
    return {"record_complete_through": result.record_complete_through,
            "official_counts": {"checked": result.checked, "not_reconciled_other": result.not_reconciled_other}}


def build(as_of: dt.date, src: Path | None = None, dest: Path | None = None,
          report: Callable[[str], None] | None = None) -> Path:
    """Validate ``src`` and write ``dest/<as_of>/``.

    Raises ValidationFailed, SnapshotExists or BuildRefused. ``report`` receives notes for the user
    (stale temporary folders removed).
    """
    src = src or sources_dir()
    dest = dest or snapshots_dir()
    check_build_date(as_of)
    target = dest / as_of.isoformat()
    if target.exists():
        parsed = validate(src, as_of)
        if _same_tables(target, parsed):
            raise NothingNew(f"nothing new: snapshot {target.name} already holds these sources")
        raise SnapshotExists(f"the sources changed since snapshot {target.name} was built, and snapshots are never "
                             "overwritten: build with a later --as-of date")
    _prepare_dest(dest)
    parsed = validate(src, as_of)
    for old in clean_stale_builds(dest):
        if report:
            report(f"removed {old.name} in {dest}: left by an interrupted build")
    tmp = Path(tempfile.mkdtemp(prefix=f"{_BUILDING}{as_of.isoformat()}-{os.getpid()}-", dir=dest))
    try:
        files = {}
        for table in schema.TABLES:
            df = _frame(table, parsed.tables[table.name])
            path = tmp / f"{table.name}.parquet"
            df.write_parquet(path)
            _fsync_file(path)
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
        _fsync_file(tmp / "manifest.json")
        os.chmod(tmp, 0o755)
        # Every file and the folder itself reach the disk before the rename makes the snapshot visible:
        # a power cut cannot leave a complete-looking snapshot with empty files.
        _fsync_dir(tmp)
        try:
            # rename() onto an existing non-empty folder fails: a concurrent build loses, never overwrites.
            os.rename(tmp, target)
        except OSError:
            raise SnapshotExists(f"snapshot {target} already exists; snapshots are never overwritten") from None
        _fsync_dir(dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _same_tables(folder: Path, parsed) -> bool:
    """Whether the snapshot in ``folder`` holds exactly the tables the validated sources give."""
    import polars as pl
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        for table in schema.TABLES:
            entry = manifest["tables"].get(table.name)
            if entry is None or not pl.read_parquet(folder / entry["file"]).equals(
                    _frame(table, parsed.tables[table.name])):
                return False
    except (OSError, ValueError, KeyError, pl.exceptions.PolarsError):
        return False
    return True


def check_build_date(as_of: dt.date, today: dt.date | None = None) -> None:
    """A snapshot's as-of date cannot lie in the future: it would open as the newest and claim facts not yet known."""
    today = today or dt.date.today()
    if as_of > today:
        raise BuildRefused(f"--as-of {as_of.isoformat()} is after today ({today.isoformat()}): a snapshot cannot "
                           "be dated in the future")


def _prepare_dest(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise BuildRefused(f"cannot write snapshots to {dest}: it is a file, not a folder")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".write-test-", dir=dest)
        probe.close()
    except OSError as exc:
        raise BuildRefused(f"cannot write snapshots to {dest}: {exc.strerror or exc}") from None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # platforms without directory file descriptors
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_builds(dest: Path, min_age_s: float = 3600) -> list[Path]:
    """Remove ``.building-*`` folders left by interrupted builds; returns what was removed.

    A folder is stale when the build process named in it (``.building-<as-of>-<pid>-…``) is gone, or,
    for a folder without a process id, when it is older than ``min_age_s``. A running build is left alone.
    """
    removed = []
    if not dest.is_dir():
        return removed
    for p in sorted(dest.glob(f"{_BUILDING}*")):
        m = re.match(rf"^{re.escape(_BUILDING)}\d{{4}}-\d{{2}}-\d{{2}}-(\d+)-", p.name)
        if m:
            stale = int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1)))
        else:
            try:
                stale = dt.datetime.now().timestamp() - p.stat().st_mtime > min_age_s
            except OSError:
                continue
        if stale and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            if not p.exists():
                removed.append(p)
    return removed


def read_manifest(path: Path) -> dict:
    """The checked manifest of the snapshot folder ``path``; SnapshotDamaged names what is wrong."""
    name = path.name
    mpath = path / "manifest.json"
    where = f"snapshot {name}, file manifest.json"
    if not mpath.is_file():
        raise SnapshotDamaged(f"{where}: missing (an incomplete or damaged snapshot)")
    try:
        st = mpath.stat()
        if st.st_size > MAX_MANIFEST_BYTES:
            raise SnapshotDamaged(f"{where}: {st.st_size:,} bytes, too large for a manifest "
                                  f"(at most {MAX_MANIFEST_BYTES:,})")
        manifest = copy.deepcopy(_manifest_json(str(mpath), st.st_size, st.st_mtime_ns, st.st_ino))
    except RecursionError:
        raise SnapshotDamaged(f"{where}: nested too deeply to be a manifest") from None
    except UnicodeDecodeError:
        raise SnapshotDamaged(f"{where}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise SnapshotDamaged(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except OSError as exc:
        raise SnapshotDamaged(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if not isinstance(manifest, dict):
        raise SnapshotDamaged(f"{where}: not a JSON object")
    as_of = manifest.get("as_of")
    try:
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) and SNAPSHOT_NAME.match(as_of) else None
    except ValueError:
        day = None
    if day is None:
        raise SnapshotDamaged(f"{where}: 'as_of' is {_short(as_of)}, not a date in the form YYYY-MM-DD")
    if as_of != name:
        raise SnapshotDamaged(f"{where}: 'as_of' {as_of} does not match the folder name {name}")
    if day > dt.date.today():  # the rule snapshot build applies (check_build_date), applied again on reading
        raise SnapshotDamaged(f"{where}: 'as_of' {as_of} is after today ({dt.date.today().isoformat()}); "
                              "a snapshot cannot be dated in the future")
    version = manifest.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= SCHEMA_VERSION:
        raise SnapshotDamaged(f"{where}: 'schema_version' is {_short(version)}; this version of attdash reads "
                              f"1 to {SCHEMA_VERSION}")
    if not isinstance(manifest.get("built_at", ""), str) or not isinstance(manifest.get("sources_used", []), list):
        raise SnapshotDamaged(f"{where}: 'built_at' must be text and 'sources_used' a list")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise SnapshotDamaged(f"{where}: no 'tables' object listing the snapshot's Parquet files")
    for table, meta in tables.items():
        if table not in schema.TABLES_BY_NAME:
            raise SnapshotDamaged(f"{where}: unknown table name {_short(table)}")
        if not isinstance(meta, dict):
            raise SnapshotDamaged(f"{where}: the entry for table '{table}' is not an object")
        file = meta.get("file")
        if not isinstance(file, str) or not _PLAIN_FILE.match(file):
            raise SnapshotDamaged(f"{where}: table '{table}' points to {_short(file)}; only a plain file name "
                                  "ending in .parquet inside the snapshot folder is allowed")
        if not isinstance(meta.get("rows"), int) or isinstance(meta.get("rows"), bool) or meta["rows"] < 0:
            raise SnapshotDamaged(f"{where}: table '{table}' has no row count")
        if meta["rows"] > MAX_TABLE_ROWS:
            raise SnapshotDamaged(f"{where}: table '{table}' claims {_short(meta['rows'])} rows, more than "
                                  f"{MAX_TABLE_ROWS:,}; not a real count")
        if not isinstance(meta.get("sha256"), str) or not _SHA256.match(meta["sha256"]):
            raise SnapshotDamaged(f"{where}: table '{table}' has no valid sha256")
    missing = [t for t in CORE_TABLES if t not in tables]
    if missing:
        raise SnapshotDamaged(f"{where}: the table '{missing[0]}' is missing")
    return manifest


@lru_cache(maxsize=256)
def _manifest_json(path: str, _size: int, _mtime_ns: int, _inode: int) -> object:
    """A manifest's JSON, read again only when the file changes (size, time or inode): pages scan every rerun."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def scan_snapshots(root: Path | None = None) -> tuple[list[SnapshotInfo], list[BrokenSnapshot]]:
    """Every dated folder under ``root``: usable snapshots (newest first) and broken ones with the reason.

    Only the manifest is checked here; the files are checked when a snapshot is opened (:func:`verify`).
    The pages scan on every rerun: the result is kept while no folder or manifest changes (name, size,
    modification time, inode).
    """
    root = root or snapshots_dir()
    try:
        if not root.is_dir():
            return [], []
        entries = list(os.scandir(root))
    except OSError:  # a symbolic-link loop, a folder that cannot be read: no snapshots, never a traceback
        return [], []
    seen = []
    for entry in entries:
        if not SNAPSHOT_NAME.match(entry.name):
            continue
        try:
            if entry.is_symlink():  # a snapshot is a real folder: a link (perhaps a loop) is reported, not followed
                seen.append((entry.name, -2, -2, -2))
                continue
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        try:
            st = os.stat(os.path.join(entry.path, "manifest.json"))
            seen.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            seen.append((entry.name, -1, -1, -1))
    good, broken = _scan(str(root), tuple(sorted(seen)))
    return list(good), list(broken)


@lru_cache(maxsize=32)
def _scan(root: str, seen: tuple) -> tuple[tuple[SnapshotInfo, ...], tuple[BrokenSnapshot, ...]]:
    good, broken = [], []
    for name, *stat in seen:
        p = Path(root) / name
        if stat[0] == -2:
            broken.append(BrokenSnapshot(name, p, f"snapshot {name}: a symbolic link, not a snapshot folder"))
            continue
        try:
            good.append(SnapshotInfo(name, p, read_manifest(p)))
        except SnapshotDamaged as exc:
            broken.append(BrokenSnapshot(name, p, exc.args[0]))
    return (tuple(sorted(good, key=lambda s: s.name, reverse=True)),
            tuple(sorted(broken, key=lambda s: s.name, reverse=True)))


def list_snapshots(root: Path | None = None) -> list[SnapshotInfo]:
    """Usable snapshots, newest first (damaged ones are left out: see :func:`scan_snapshots`)."""
    return scan_snapshots(root)[0]


def get_snapshot(name: str | None = None, root: Path | None = None) -> SnapshotInfo:
    """The named snapshot, or the newest usable one when ``name`` is None."""
    snaps, broken = scan_snapshots(root)
    if name is not None:
        for b in broken:
            if b.name == name:
                raise SnapshotDamaged(b.reason)
    if not snaps:
        hint = f" ({broken[0].reason})" if broken else ""
        raise LookupError(f"no usable snapshot found in {root or snapshots_dir()}{hint}; "
                          "build one with: python -m attdash snapshot build")
    if name is None:
        return snaps[0]
    for s in snaps:
        if s.name == name:
            return s
    raise LookupError(f"unknown snapshot '{str(name)[:40]}' (available: {', '.join(s.name for s in snaps)})")


def verify_deep(snapshot: SnapshotInfo) -> None:
    """:func:`verify`, then every data page of every file decoded (``snapshot list``: the check a load makes)."""
    import duckdb
    verify(snapshot)
    for meta in snapshot.manifest["tables"].values():
        literal = "'" + str(snapshot.path / meta["file"]).replace("'", "''") + "'"
        try:
            with _footer_lock:
                cur = _footer_reader().cursor()
            try:
                cur.execute(f"SELECT * FROM read_parquet({literal})").fetchall()
            finally:
                cur.close()
        except duckdb.Error:
            raise SnapshotDamaged(f"snapshot {snapshot.name}, file {meta['file']}: cannot be decoded as Parquet "
                                  "(damaged data); refusing this snapshot") from None


def verify(snapshot: SnapshotInfo) -> None:
    """Check every file of the snapshot against its manifest (present, Parquet, sha256); SnapshotDamaged if not.

    The hashes are computed once per file state (size and modification time): opening a snapshot again is cheap,
    and a file changed afterwards is checked again.
    """
    folder = str(snapshot.path)
    tables = snapshot.manifest["tables"]
    last = _VERIFIED.get(folder)
    now = time.monotonic()
    # A rerun within a second of a successful check trusts it: a stat costs ~6 µs on a virtual machine, and the
    # pages verify on every rerun (a room of browsers, many a second). Answers come from query results already in
    # memory; what a new query reads is checked again a second later at the most.
    if last is not None and last[0] is tables and now - last[2] < VERIFIED_FOR_S:
        return
    stats = []
    for table, meta in tables.items():
        try:
            st = os.stat(os.path.join(folder, meta["file"]))  # each rerun: plain os.stat, no Path objects
        except FileNotFoundError:
            raise SnapshotDamaged(f"snapshot {snapshot.name}, file {meta['file']}: missing") from None
        except OSError as exc:
            raise SnapshotDamaged(f"snapshot {snapshot.name}, file {meta['file']}: cannot be read "
                                  f"({exc.strerror or exc})") from None
        stats.append((st.st_size, st.st_mtime_ns, st.st_ino))
    # The pages verify on every rerun: when no file changed since this manifest's files were last verified, a
    # comparison of the stats is enough (no hashing of the whole list).
    if last is None or last[0] is not tables or last[1] != stats:
        _verify_files(folder, snapshot.name, tuple(
            (table, meta["file"], meta["sha256"], *stat, meta["rows"])
            for (table, meta), stat in zip(tables.items(), stats)))
    _VERIFIED[folder] = (tables, stats, now)


#: snapshot folder → (its manifest's tables, the files' size, mtime and inode, when) at the last successful check
_VERIFIED: dict[str, tuple[dict, list, float]] = {}
VERIFIED_FOR_S = 1.0


def _column_types(kind: str) -> tuple[str, ...]:
    """The DuckDB type names a column of this kind may have in a snapshot's Parquet file."""
    return {DATE: ("DATE",), PDATE: ("DATE",), INT: ("BIGINT",), YEAR: ("INTEGER",), FLOAT: ("DOUBLE",),
            BOOL: ("BOOLEAN",)}.get(kind, ("VARCHAR",))


def expected_columns(table: schema.Table) -> dict[str, tuple[str, ...]]:
    """Every column a snapshot may store for ``table`` (with the computed ones) and its DuckDB type names."""
    cols: dict[str, tuple[str, ...]] = {}
    for c in table.columns:
        cols[c.name] = _column_types(c.kind)
        if c.kind == PDATE:
            cols[f"{c.name}_latest"] = ("DATE",)
            cols[f"{c.name}_precision"] = ("VARCHAR",)
    if table.name == "treaty_events":
        cols["entry_into_force_date"] = cols["entry_into_force_latest"] = ("DATE",)
    return cols


_footer_lock = threading.Lock()


@lru_cache(maxsize=1)
def _footer_reader():
    import duckdb
    return duckdb.connect(":memory:")


def _check_content(path: Path, where: str, table: str, rows: int) -> None:
    """The Parquet file's footer holds the manifest's row count and the table's columns with their types.

    The sha256 binds a file to the manifest, not the manifest to the truth: a manifest whose entries were swapped
    (countries pointing at sources.parquet, hashes and all), a count that is not the file's, or a file changed and
    then re-hashed is refused here (damaged data pages are refused when the tables are loaded: attdash.db).
    """
    import duckdb
    literal = "'" + str(path).replace("'", "''") + "'"
    try:
        with _footer_lock:
            cur = _footer_reader().cursor()
        try:
            found = cur.execute(f"SELECT num_rows FROM parquet_file_metadata({literal})").fetchone()[0]
            columns = [(r[0], r[1]) for r in cur.execute(f"DESCRIBE SELECT * FROM read_parquet({literal})").fetchall()]
        finally:
            cur.close()
    except duckdb.Error:
        raise SnapshotDamaged(f"{where}: cannot be decoded as Parquet (damaged data); refusing this snapshot") from None
    if found != rows:
        raise SnapshotDamaged(f"{where}: holds {found:,} rows, manifest.json says {rows:,}; refusing this snapshot")
    t = schema.TABLES_BY_NAME[table]
    expected = expected_columns(t)
    for name, kind in columns:
        if name not in expected:
            raise SnapshotDamaged(f"{where}: column {_short(name)} is not a column of table '{table}'; "
                                  "refusing this snapshot")
        if kind not in expected[name]:
            raise SnapshotDamaged(f"{where}: column '{name}' is of type {kind[:40]}, not {expected[name][0]}; "
                                  "refusing this snapshot")
    missing = sorted((set(t.key) | {t.columns[0].name}) - {n for n, _ in columns})
    if missing:
        raise SnapshotDamaged(f"{where}: the column '{missing[0]}' of table '{table}' is missing; "
                              "refusing this snapshot")


@lru_cache(maxsize=64)
def _verify_files(folder: str, name: str, stats: tuple) -> None:
    # lru_cache does not keep exceptions: a damaged snapshot is checked (and refused) on each open.
    for table, file, sha, size, _mtime, _ino, rows in stats:
        path = Path(folder) / file
        where = f"snapshot {name}, file {file}"
        if not path.is_file() or path.is_symlink():
            raise SnapshotDamaged(f"{where}: not a regular file")
        if size == 0:
            raise SnapshotDamaged(f"{where}: empty (0 bytes)")
        with path.open("rb") as f:
            head = f.read(4)
            f.seek(max(size - 4, 0))
            tail = f.read(4)
        if size < 12 or head != b"PAR1" or tail != b"PAR1":
            raise SnapshotDamaged(f"{where}: not a Parquet file (truncated or overwritten)")
        if _sha256(path) != sha:
            raise SnapshotDamaged(f"{where}: sha256 differs from manifest.json (the file changed after the build); "
                                  "refusing this snapshot")
        _check_content(path, where, table, rows)
