"""Run the named SQL queries in ``queries/`` on a snapshot through DuckDB.

When a snapshot opens, each of its Parquet files is loaded into an in-memory DuckDB
table of the same name (the tables are small: a few thousand rows in all), so queries
never re-read Parquet; the same SQL runs on any snapshot. The views of
``_definitions.sql`` (the per-State record, the status timeline) are computed once.
User values reach SQL only as bound parameters (``$name`` in the SQL files).

That database is derived, so it is kept as a read-only DuckDB file in the cache folder
(``data/cache``, override ``ATTDASH_CACHE``) under a key made of the snapshot's file hashes,
the definitions and the DuckDB version: the next process (a command-line call, a server
start) opens it in milliseconds. Deleting the folder loses nothing; a cache file that
cannot be read is set aside and rebuilt.

A derived file never outranks the verified snapshot: the key above can be computed by anyone from the manifest,
so each cache file is bound to its snapshot by an HMAC-SHA256 (``<file>.mac`` beside it) under a per-installation
secret that lives outside the cache folder (:func:`attdash.paths.cache_mac_key_file`, created 0600 on first use).
A cache file whose MAC does not verify (edited, swapped, planted) is set aside and the database is built again
from the snapshot; without a usable secret nothing is cached or read from the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import stat
import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from attdash.paths import QUERIES_DIR, cache_dir, cache_mac_key_file
from attdash.snapshot import SnapshotDamaged, SnapshotInfo, get_snapshot, verify

if TYPE_CHECKING:  # Polars is imported when a frame is first asked for: the command line's tables need none
    import polars as pl

# DuckDB warns that Arrow output from an executed statement copies the rows once; on a few hundred rows that copy
# is far cheaper than a relation, which plans the statement twice (about 5 ms for the status queries).
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

#: Bump when the layout of the cached database changes in a way its key does not capture.
CACHE_FORMAT = 3  # 2: sources of a version-1 snapshot gain their authority; 3: older snapshots gain columns added since (NULL), Art. 22 recomputed on open

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    description: str
    params: tuple[str, ...]


@lru_cache(maxsize=None)
def load_query(name: str) -> Query:
    """The query in ``queries/<name>.sql``; its leading ``--`` comment is its description."""
    if not _NAME.match(name):
        raise ValueError(f"not a query name: {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise LookupError(f"no query named {name!r} in {QUERIES_DIR}")
    sql = path.read_text(encoding="utf-8")
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    params = tuple(dict.fromkeys(_PARAM.findall(re.sub(r"--[^\n]*", "", sql))))
    return Query(name, sql, "\n".join(header), params)


def list_queries() -> list[Query]:
    return [load_query(p.stem) for p in sorted(QUERIES_DIR.glob("*.sql")) if not p.stem.startswith("_")]


def _quote_ident(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a table name: {name!r}")
    return f'"{name}"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: Columns added to treaty_events in schema version 2 (partial dates), derived for older snapshots.
_V2_EVENT_COLUMNS = ("event_date AS event_date_latest, 'day' AS event_date_precision, "
                     "entry_into_force_date AS entry_into_force_latest")


def _upgrade_older_snapshot(con: duckdb.DuckDBPyConnection, snapshot: SnapshotInfo) -> None:
    """Let a snapshot written by an earlier schema version run today's queries, unchanged on disk.

    Version 1 had only exact dates and no official_counts / treaty_conflicts: its treaty_events gain the
    partial-date columns (every date exact), and each table it lacks is an empty table of today's columns.
    """
    from attdash.sources import schema
    from attdash.snapshot import empty_frame

    tables = snapshot.manifest["tables"]
    if "treaty_events" in tables:
        cols = {r[0] for r in con.execute("DESCRIBE treaty_events").fetchall()}
        if "event_date_latest" not in cols:
            # A table (not a view over the Parquet file): the table was loaded from the verified file,
            # and the views of _definitions.sql are materialised from tables.
            con.execute(f"CREATE TABLE treaty_events_v2 AS SELECT *, {_V2_EVENT_COLUMNS} FROM treaty_events")
            con.execute("DROP TABLE treaty_events")
            con.execute("ALTER TABLE treaty_events_v2 RENAME TO treaty_events")
    if "sources" in tables:
        cols = {r[0] for r in con.execute("DESCRIBE sources").fetchall()}
        if "authority" not in cols:  # version 1: the authority as import-raw derives it from the publisher
            from attdash.sources.import_raw import source_authority
            rows = con.execute("SELECT source_id, publisher, title FROM sources").fetchall()
            con.execute("CREATE TEMP TABLE _authority (source_id VARCHAR, authority VARCHAR)")
            con.executemany("INSERT INTO _authority VALUES (?, ?)",
                            [(i, source_authority(p or "", t or "")) for i, p, t in rows])
            con.execute("CREATE OR REPLACE TABLE sources AS SELECT s.*, a.authority FROM sources s "
                        "LEFT JOIN _authority a USING (source_id)")
    for table in schema.TABLES:
        frame = empty_frame(table)  # noqa: F841 (read by DuckDB's replacement scan below)
        if table.name not in tables:
            con.execute(f"CREATE TABLE {_quote_ident(table.name)} AS SELECT * FROM frame")
            continue
        # a column added to a table since the snapshot was built: empty (NULL) in the older snapshot
        have = {r[0] for r in con.execute(f"DESCRIBE {_quote_ident(table.name)}").fetchall()}
        if any(c not in have for c in frame.columns):
            kinds = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM frame)").fetchall())
            for c in frame.columns:
                if c not in have:
                    con.execute(f"ALTER TABLE {_quote_ident(table.name)} ADD COLUMN {_quote_ident(c)} "
                                f"{kinds[c]}")


@dataclass(frozen=True)
class Rows:
    """A query's result as plain Python values (for the command line: no Polars needed)."""
    columns: tuple[str, ...]
    rows: list[tuple]


def _build(snapshot: SnapshotInfo) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the snapshot's tables, the definitions, and their views computed."""
    con = duckdb.connect(":memory:")
    for table, meta in snapshot.manifest["tables"].items():
        path = snapshot.path / meta["file"]
        # Identifiers and the path come from the snapshot's own manifest, never from a user;
        # DuckDB cannot bind parameters in DDL.
        try:
            con.execute(f"CREATE TABLE {_quote_ident(table)} AS SELECT * FROM read_parquet({_quote_literal(str(path))})")
        except duckdb.Error:  # a data page that does not decode (the file changed, then was re-hashed)
            con.close()
            raise SnapshotDamaged(f"snapshot {snapshot.name}, file {meta['file']}: cannot be decoded as Parquet "
                                  "(damaged data); refusing this snapshot") from None
    _upgrade_older_snapshot(con, snapshot)
    con.execute(_definitions())
    _materialize_views(con)
    return con


def _materialize_views(con: duckdb.DuckDBPyConnection) -> None:
    """Turn the views of _definitions.sql (e.g. state_treaty_record) into tables of the same name.

    A snapshot never changes, so a view's rows are the same for every query; computing them once
    here spares every status query the view's correlated subqueries. The macros refer to the
    view by name and bind when a query runs, so they read the table.
    """
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()]
    for view in views:
        name = _quote_ident(view)
        tmp = _quote_ident(f"materialized_{view}")
        con.execute(f"CREATE TABLE {tmp} AS SELECT * FROM {name}")
        con.execute(f"DROP VIEW {name}")
        con.execute(f"ALTER TABLE {tmp} RENAME TO {view}")


@lru_cache(maxsize=1)
def _definitions() -> str:
    return (QUERIES_DIR / "_definitions.sql").read_text(encoding="utf-8")


def cache_key(snapshot: SnapshotInfo) -> str:
    """What the cached database depends on: the snapshot's files, the definitions, DuckDB's version."""
    basis = json.dumps({"tables": {t: m["sha256"] for t, m in sorted(snapshot.manifest["tables"].items())},
                        "definitions": hashlib.sha256(_definitions().encode()).hexdigest(),
                        "duckdb": duckdb.__version__, "format": CACHE_FORMAT}, sort_keys=True)
    return hashlib.sha256(basis.encode()).hexdigest()[:20]


def cache_file(snapshot: SnapshotInfo) -> Path:
    """``<snapshot>-<folder hash>-<key>.duckdb``: snapshots of the same name in other folders (tests) keep apart."""
    folder = hashlib.sha256(str(snapshot.path.resolve()).encode()).hexdigest()[:8]
    return cache_dir() / f"{snapshot.name}-{folder}-{cache_key(snapshot)}.duckdb"


_log = logging.getLogger("attdash")
_MAC_KEY_BYTES = 32


def _mac_key() -> bytes | None:
    """The installation's secret for cache MACs, created (0600) on first use; None when none can be trusted.

    Refused (None, so nothing is cached): a key file inside the cache folder, a link, a file of another user or
    readable by others, a file too short. Two processes creating it at once agree: it is written under a temporary
    name and linked into place, and the loser reads the winner's key.
    """
    try:
        path = cache_mac_key_file()
        cache = cache_dir().resolve()
        if path.resolve().is_relative_to(cache):
            _log.warning("attdash: the cache MAC key %s lies inside the cache folder; not caching", path)
            return None
        if not path.exists() and not path.is_symlink():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                os.write(fd, os.urandom(_MAC_KEY_BYTES).hex().encode() + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, path)  # fails if another process linked its key first: that one is used
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            st = os.fstat(fd)
            if (not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or (hasattr(os, "geteuid")
                                                                        and st.st_uid != os.geteuid())):
                _log.warning("attdash: the cache MAC key %s must be a file of this user, mode 0600; not caching", path)
                return None
            text = os.read(fd, 4096).strip()
        finally:
            os.close(fd)
        key = bytes.fromhex(text.decode("ascii"))
        return key if len(key) >= _MAC_KEY_BYTES else None
    except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: no home folder
        _log.warning("attdash: no usable cache MAC key (%s); not caching", exc)
        return None


def _mac_file(path: Path) -> Path:
    return path.with_name(path.name + ".mac")


def _file_mac(mac_key: bytes, fd: int, key: str, snapshot: SnapshotInfo) -> str:
    """HMAC-SHA256 of the cache file's bytes (read from ``fd``), bound to the snapshot's folder and cache key."""
    mac = hmac.new(mac_key, digestmod=hashlib.sha256)
    mac.update(f"attdash-cache\0{CACHE_FORMAT}\0{key}\0{snapshot.path.resolve()}\0".encode())
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        mac.update(chunk)
    return mac.hexdigest()


def _set_aside(path: Path) -> None:
    for p in (path, _mac_file(path)):
        try:
            p.unlink()
        except OSError:
            pass


def _open_cached(path: Path, key: str, snapshot: SnapshotInfo,
                 mac_key: bytes | None) -> duckdb.DuckDBPyConnection | None:
    """The cached database read-only, or None when there is none, it cannot be read or its MAC does not verify
    (it is then set aside)."""
    if mac_key is None or not path.is_file():
        return None
    try:
        expected = _mac_file(path).read_text(encoding="ascii").strip()
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or not hmac.compare_digest(_file_mac(mac_key, fd, key, snapshot),
                                                                       expected):
                raise ValueError("MAC differs")
        finally:
            os.close(fd)
        con = duckdb.connect(str(path), read_only=True)
        now = os.stat(path)  # the file DuckDB opened is the file whose MAC was checked (not swapped meanwhile)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (st.st_ino, st.st_size, st.st_mtime_ns):
            con.close()
            return None
        if con.execute("SELECT key FROM attdash_cache").fetchone() != (key,):
            con.close()
            raise ValueError("key differs")
        return con
    except (duckdb.Error, OSError, ValueError, UnicodeDecodeError):
        _set_aside(path)
        return None


def _write_cache(con: duckdb.DuckDBPyConnection, path: Path, key: str, snapshot: SnapshotInfo,
                 mac_key: bytes | None) -> None:
    """Copy the built database to ``path`` with its MAC (written under temporary names, then renamed); best effort."""
    if mac_key is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp_mac = tmp.with_name(tmp.name + ".mac")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"ATTACH {_quote_literal(str(tmp))} AS attdash_cache_out")
        try:
            con.execute("COPY FROM DATABASE memory TO attdash_cache_out")
            con.execute("CREATE TABLE attdash_cache_out.attdash_cache AS SELECT $key AS key", {"key": key})
        finally:
            con.execute("DETACH attdash_cache_out")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            tmp_mac.write_text(_file_mac(mac_key, fd, key, snapshot) + "\n", encoding="ascii")
        finally:
            os.close(fd)
        os.replace(tmp, path)
        os.replace(tmp_mac, _mac_file(path))
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.duckdb"):
            if old != path:  # the same snapshot under an older key (definitions or DuckDB changed)
                _set_aside(old)
    except (duckdb.Error, OSError):
        pass  # no cache: the next open builds again, nothing is lost
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), tmp_mac):
            try:
                leftover.unlink()
            except OSError:
                pass


class Database:
    """A DuckDB connection over one snapshot. Thread-safe: each call uses a cursor.

    ``cache=False`` builds in memory and neither reads nor writes the cache (the snapshot builder's check
    of a folder being written, tests that alter tables).
    """

    def __init__(self, snapshot: SnapshotInfo, *, cache: bool = True):
        verify(snapshot)  # SnapshotDamaged unless every file matches the manifest (hashes cached)
        self.snapshot = snapshot
        self._lock = threading.Lock()
        self._constant: dict[str, pl.DataFrame] = {}  # results of parameter-free queries (the snapshot is immutable)
        con = None
        if cache:
            key, path, mac_key = cache_key(snapshot), cache_file(snapshot), _mac_key()
            con = _open_cached(path, key, snapshot, mac_key)
        if con is None:
            try:
                con = _build(snapshot)
            except duckdb.Error as exc:  # a file that passed verify() but DuckDB cannot load: one line, not a trace
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise SnapshotDamaged(f"snapshot {snapshot.name}: cannot be loaded ({first[:120]}); "
                                      "refusing this snapshot") from None
            if cache:
                _write_cache(con, path, key, snapshot, mac_key)
        # One thread: on tables this small, fanning a query out to worker threads costs more than it saves.
        con.execute("SET threads = 1")
        self._con = con

    def close(self) -> None:
        self._con.close()

    def table(self, name: str) -> pl.DataFrame:
        """A whole snapshot table (for the data page's downloads); ``name`` must be in the manifest."""
        if name not in self.snapshot.manifest["tables"]:
            raise LookupError(f"no table named {name!r} in snapshot {self.snapshot.name}")
        return self._frame("SELECT * FROM " + _quote_ident(name), {})

    def run(self, name: str, **params: Any) -> pl.DataFrame:
        """Run query ``name`` with bound parameters; returns a Polars DataFrame."""
        q = _checked(name, params)
        if not q.params and name in self._constant:
            return self._constant[name].clone()
        df = self._frame(q.sql, {k: _bindable(v) for k, v in params.items()})
        if not q.params:
            self._constant[name] = df.clone()
        return df

    def rows(self, name: str, **params: Any) -> Rows:
        """Run query ``name`` with bound parameters; returns its columns and rows as Python values."""
        q = _checked(name, params)
        with self._cursor() as cur:
            cur.execute(q.sql, {k: _bindable(v) for k, v in params.items()})
            return Rows(tuple(d[0] for d in cur.description), cur.fetchall())

    def _cursor(self):
        with self._lock:
            return self._con.cursor()

    def _frame(self, sql: str, params: dict) -> pl.DataFrame:
        """The query's rows as a Polars frame through Arrow (planned once: a relation would plan twice)."""
        import polars as pl
        with self._cursor() as cur:
            return pl.DataFrame(cur.execute(sql, params).to_arrow_reader())


def _checked(name: str, params: dict) -> Query:
    q = load_query(name)
    missing = [p for p in q.params if p not in params]
    unknown = [p for p in params if p not in q.params]
    if missing or unknown:
        raise TypeError(f"query {name}: missing parameters {missing}, unknown parameters {unknown}")
    return q


def _bindable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


@lru_cache(maxsize=8)
def open_database(snapshot_name: str | None = None) -> Database:
    """A cached :class:`Database` for the named (or newest) snapshot."""
    return Database(get_snapshot(snapshot_name))
