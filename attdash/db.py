"""Run the named SQL queries in ``queries/`` on a snapshot through DuckDB.

When a snapshot opens, each of its Parquet files is loaded into an in-memory DuckDB
table of the same name (the tables are small: a few thousand rows in all), so queries
never re-read Parquet; the same SQL runs on any snapshot. User values reach SQL only
as bound parameters (``$name`` in the SQL files).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import polars as pl

from attdash.paths import QUERIES_DIR
from attdash.snapshot import SnapshotInfo, get_snapshot, verify

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
    from attdash import schema
    from attdash.snapshot import empty_frame

    tables = snapshot.manifest["tables"]
    if "treaty_events" in tables:
        cols = {r[0] for r in con.execute("DESCRIBE treaty_events").fetchall()}
        if "event_date_latest" not in cols:
            path = _quote_literal(str(snapshot.path / tables["treaty_events"]["file"]))
            con.execute("CREATE OR REPLACE VIEW treaty_events AS "
                        f"SELECT *, {_V2_EVENT_COLUMNS} FROM read_parquet({path})")
    for table in schema.TABLES:
        if table.name not in tables:
            frame = empty_frame(table)  # noqa: F841 (read by DuckDB's replacement scan below)
            con.execute(f"CREATE TABLE {_quote_ident(table.name)} AS SELECT * FROM frame")


class Database:
    """A DuckDB connection over one snapshot. Thread-safe: each call uses a cursor."""

    def __init__(self, snapshot: SnapshotInfo):
        verify(snapshot)  # SnapshotDamaged unless every file matches the manifest (hashes cached)
        self.snapshot = snapshot
        # One thread: on tables this small, fanning a query out to worker threads costs more than it saves.
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._constant: dict[str, pl.DataFrame] = {}  # results of parameter-free queries (the snapshot is immutable)
        for table, meta in snapshot.manifest["tables"].items():
            path = snapshot.path / meta["file"]
            # Identifiers and the path come from the snapshot's own manifest, never from a user;
            # DuckDB cannot bind parameters in DDL.
            ddl = (f"CREATE TABLE {_quote_ident(table)} AS "
                   f"SELECT * FROM read_parquet({_quote_literal(str(path))})")
            self._con.execute(ddl)
        _upgrade_older_snapshot(self._con, snapshot)
        self._con.execute((QUERIES_DIR / "_definitions.sql").read_text(encoding="utf-8"))
        self._materialize_views()

    def _materialize_views(self) -> None:
        """Turn the views of _definitions.sql (e.g. state_treaty_record) into tables of the same name.

        A snapshot never changes, so a view's rows are the same for every query; computing them once
        here spares every status query the view's correlated subqueries. The macros refer to the
        view by name and bind when a query runs, so they read the table.
        """
        views = [r[0] for r in self._con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()]
        for view in views:
            name = _quote_ident(view)
            tmp = _quote_ident(f"materialized_{view}")
            self._con.execute(f"CREATE TABLE {tmp} AS SELECT * FROM {name}")
            self._con.execute(f"DROP VIEW {name}")
            self._con.execute(f"ALTER TABLE {tmp} RENAME TO {view}")

    def close(self) -> None:
        self._con.close()

    def table(self, name: str) -> pl.DataFrame:
        """A whole snapshot table (for the data page's downloads); ``name`` must be in the manifest."""
        if name not in self.snapshot.manifest["tables"]:
            raise LookupError(f"no table named {name!r} in snapshot {self.snapshot.name}")
        with self._lock:
            cur = self._con.cursor()
        try:
            return _frame(cur.sql("SELECT * FROM " + _quote_ident(name)))
        finally:
            cur.close()

    def run(self, name: str, **params: Any) -> pl.DataFrame:
        """Run query ``name`` with bound parameters; returns a Polars DataFrame."""
        q = load_query(name)
        missing = [p for p in q.params if p not in params]
        unknown = [p for p in params if p not in q.params]
        if missing or unknown:
            raise TypeError(f"query {name}: missing parameters {missing}, unknown parameters {unknown}")
        if not q.params and name in self._constant:
            return self._constant[name].clone()
        bound = {k: _bindable(v) for k, v in params.items()}
        with self._lock:
            cur = self._con.cursor()
        try:
            df = _frame(cur.sql(q.sql, params=bound))
        finally:
            cur.close()
        if not q.params:
            self._constant[name] = df.clone()
        return df


def _frame(rel: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """The relation's rows as a Polars frame, through the Arrow C stream (no pyarrow import: faster start)."""
    return pl.DataFrame(rel)


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
