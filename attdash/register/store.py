"""The outreach register's store: the one module that reads and writes it (SQLAlchemy Core).

The store is chosen by ``ATTDASH_DATABASE_URL`` (an SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host/attdash``); unset, it is an SQLite file under the data directory
(``ATTDASH_DATA_DIR``, default ``data/register/``), in WAL mode with ``synchronous=FULL``, created on first
open. Alembic migrations run on every open (a no-op when the schema is current), under a lock so that
several processes can start at once.

Every write is one transaction: the activity, its target States and its history row are committed
together or not at all. Permissions are checked here, not in the pages: a member reads entries visible to
members, adds, and edits or deletes only what they entered; the Secretariat reads and edits everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import polars as pl
import sqlalchemy as sa

from attdash.paths import ROOT
from attdash.register import vocab
from attdash.register.tables import activities, activity_history, activity_targets
from attdash.register.validation import ActivityInput

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_NAME = "register.sqlite3"


class NotAllowed(PermissionError):
    """The signed-in user may not do this. ``str(exc)`` is a one-line message."""


class Conflict(RuntimeError):
    """Someone else changed the entry since it was read."""


class StoreUnavailable(RuntimeError):
    """The register's database cannot be opened or reached. ``str(exc)`` is one line, without a password."""


@dataclass(frozen=True)
class Viewer:
    """Who is acting: an account's user name and role."""
    username: str
    role: str

    @property
    def secretariat(self) -> bool:
        return self.role == "secretariat"


#: The command line on the server: whoever can run it can read the database file anyway.
SYSTEM = Viewer("cli", "secretariat")

# Columns of the register's list and CSV, in order.
LIST_COLUMNS = ["id", "activity_date", "date_status", "targets", "actor_kind", "actor_name", "kind", "level",
                "summary", "outcome", "next_step", "follow_up_date", "visibility", "entered_by", "updated_at"]
_DATE_COLS = {"activity_date", "follow_up_date", "updated_at", "deleted_at"}
_FIELDS = ["activity_date", "date_status", "actor_kind", "actor_name", "kind", "level", "summary", "outcome",
           "next_step", "follow_up_date", "visibility"]


def data_dir() -> Path:
    """The register's data directory (override: ATTDASH_DATA_DIR); outside the snapshots."""
    return Path(os.environ.get("ATTDASH_DATA_DIR") or ROOT / "data" / "register")


def database_url() -> str:
    """The configured store: ATTDASH_DATABASE_URL, else the embedded SQLite file."""
    url = os.environ.get("ATTDASH_DATABASE_URL", "").strip()
    if url:
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                url = "postgresql+psycopg://" + url[len(plain):]
        return url
    return f"sqlite:///{data_dir() / SQLITE_NAME}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _as_text(col):
    """A date or timestamp column as ISO text (timestamps to the second, UTC), the same on both stores."""
    if isinstance(col.type, sa.DateTime):
        return sa.func.substr(sa.cast(col, sa.String), 1, 19)
    return sa.cast(col, sa.String)


def _env_int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, "") or default))
    except ValueError:
        return default


#: Connections per process (SQLAlchemy pool): POOL_SIZE kept open, up to POOL_OVERFLOW more at peaks; a request
#: beyond waits up to POOL_TIMEOUT s for a free one. Keep (server processes) × (size + overflow) below
#: PostgreSQL's max_connections (100 by default) less what other clients need.
POOL_SIZE = _env_int("ATTDASH_DB_POOL_SIZE", 4)
POOL_OVERFLOW = _env_int("ATTDASH_DB_POOL_OVERFLOW", 4)
POOL_TIMEOUT = _env_int("ATTDASH_DB_POOL_TIMEOUT", 30)
#: When PostgreSQL refuses a connection because all its slots are taken ("too many clients"), a process
#: waits and tries again (growing pauses) for up to this many seconds before it gives up with one line.
CONNECT_WAIT = _env_int("ATTDASH_DB_CONNECT_WAIT", 60)

_FULL_SQLSTATES = {"53300", "57P03"}   # too_many_connections, cannot_connect_now (starting up)


def _server_full(exc: BaseException) -> bool:
    state = getattr(exc, "sqlstate", None)
    text = str(exc).lower()
    return state in _FULL_SQLSTATES or "too many clients" in text or "too many connections" in text or \
        "remaining connection slots are reserved" in text or "the database system is starting up" in text


def _private_file(path: Path) -> None:
    """Create ``path`` readable and writable by its owner only (0600), or tighten it to that."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def _prepare_sqlite_file(path: Path) -> None:
    """The register's file holds password hashes and Secretariat-only entries: its folder is made 0700 when
    created here, the database and its -wal/-shm/lock files 0600 (SQLite gives -wal and -shm the database
    file's permissions when it creates them)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    elif path.parent.resolve() == data_dir().resolve() and path.parent.stat().st_mode & 0o077:
        try:
            os.chmod(path.parent, 0o700)
        except PermissionError:
            pass
    _private_file(path)
    for suffix in ("-wal", "-shm", ".migrate.lock"):
        extra = Path(str(path) + suffix)
        if extra.exists() and extra.stat().st_mode & 0o077:
            os.chmod(extra, 0o600)


def _engine(url: str) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreUnavailable("ATTDASH_DATABASE_URL is not a database URL (expected e.g. "
                               "postgresql://user@host/attdash or sqlite:///path/register.sqlite3)") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreUnavailable(f"the register's database must be SQLite or PostgreSQL, not "
                               f"{parsed.get_backend_name()!r} (ATTDASH_DATABASE_URL)")
    if url.startswith("sqlite"):
        path = parsed.database
        if path and path != ":memory:" and not path.startswith("file:"):
            try:
                _prepare_sqlite_file(Path(path))
            except OSError as exc:
                from attdash.text_rules import cut
                raise StoreUnavailable(f"cannot create the register's database file {cut(path, 120)}: "
                                       f"{exc.strerror or exc}") from None
        engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                                  poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=8)

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_con, _record):
            dbapi_con.isolation_level = None  # transactions are begun below, IMMEDIATE: no upgrade deadlocks
            cur = dbapi_con.cursor()
            cur.execute("PRAGMA busy_timeout = 60000")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA cache_size = -32768")     # 32 MB of page cache per connection
            cur.execute("PRAGMA mmap_size = 268435456")   # reads through the OS page cache
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                                  pool_timeout=POOL_TIMEOUT,
                                  connect_args={"options": "-c timezone=UTC", "connect_timeout": 10})
    except (ImportError, sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise StoreUnavailable(f"cannot use ATTDASH_DATABASE_URL: {str(exc).splitlines()[0][:200]}") from None

    @sa.event.listens_for(engine, "do_connect")
    def _queue_when_full(dialect, _record, cargs, cparams):
        # PostgreSQL has a fixed number of connection slots; when they are all taken, wait in line.
        import random
        import time
        deadline = time.monotonic() + CONNECT_WAIT
        pause = 0.05
        while True:
            try:
                return dialect.dbapi.connect(*cargs, **cparams)
            except dialect.dbapi.OperationalError as exc:
                if not _server_full(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 2.0)

    return engine


def _unavailable(engine: sa.Engine, exc: BaseException) -> StoreUnavailable:
    where = engine.url.render_as_string(hide_password=True)
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]
    if _server_full(orig):
        return StoreUnavailable(f"the register's database at {where} has no free connection (too many "
                                f"clients) after {CONNECT_WAIT} s; try again later")
    return StoreUnavailable(f"cannot reach the register's database at {where}: {first}")


@contextlib.contextmanager
def _migration_lock(engine: sa.Engine):
    if engine.dialect.name == "sqlite":
        lock_path = Path(engine.url.database + ".migrate.lock")
        with os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield None
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    else:
        yield None   # PostgreSQL: a transaction-level advisory lock, taken in migrate()


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration (Alembic, run programmatically)."""
    from alembic import command
    from alembic.config import Config

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    # One connection per process at a time, also here: a process that holds the lock and waits for a
    # second connection could otherwise starve when PostgreSQL's slots are all taken.
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    if current == head:
        return
    with _migration_lock(engine):
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(74210511)"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def open_store(url: str | None = None) -> "Store":
    """Open (and create or migrate) the register; :class:`StoreUnavailable` (one line) when it cannot."""
    engine = _engine(url or database_url())
    try:
        migrate(engine)
    except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError) as exc:
        engine.dispose()
        raise _unavailable(engine, exc) from None
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        if engine.dialect.name == "sqlite":   # "file is not a database"
            raise StoreUnavailable(f"the register's database file cannot be read: "
                                   f"{str(getattr(exc, 'orig', exc)).splitlines()[0][:200]}") from None
        raise
    return Store(engine)


def _snapshot_row(row: dict[str, Any], targets: Sequence[str]) -> dict[str, Any]:
    """An entry as kept in its history: every field, dates as ISO text."""
    out = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()
           if k in _FIELDS or k in ("deleted_at", "deleted_by", "delete_reason")}
    out["targets"] = sorted(targets)
    return out


class Store:
    """The register. All methods take the acting :class:`Viewer` and enforce its permissions."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    # --- writes -------------------------------------------------------------------------------------------

    def add(self, viewer: Viewer, act: ActivityInput, uid: str | None = None) -> int:
        """Record a new activity; returns its id. ``uid`` makes a retried submission a no-op (idempotent)."""
        uid = uid or str(uuid.uuid4())
        now = _now()
        row = {**act.as_row(), "uid": uid, "entered_by": viewer.username, "created_at": now, "updated_at": now,
               "version": 1}
        with self.engine.begin() as conn:
            existing = conn.execute(sa.select(activities.c.id).where(activities.c.uid == uid)).scalar()
            if existing is not None:
                return int(existing)
            new_id = conn.execute(activities.insert().values(**row).returning(activities.c.id)).scalar_one()
            conn.execute(activity_targets.insert(), [{"activity_id": new_id, "iso3": t} for t in act.targets])
            conn.execute(activity_history.insert().values(
                activity_id=new_id, changed_at=now, changed_by=viewer.username, action="create", before_json=None,
                after_json=json.dumps(_snapshot_row(row, act.targets), ensure_ascii=False, sort_keys=True)))
        return int(new_id)

    def _load_for_change(self, conn, viewer: Viewer, activity_id: int) -> tuple[dict[str, Any], list[str]]:
        row = conn.execute(sa.select(activities).where(activities.c.id == activity_id)).mappings().first()
        if row is None or not self._may_read(viewer, row):
            raise LookupError(f"no register entry {activity_id}")
        if row["deleted_at"] is not None:   # (only the Secretariat gets here for a deleted entry)
            raise NotAllowed(f"entry {activity_id} was deleted; it can no longer be changed")
        if not (viewer.secretariat or row["entered_by"] == viewer.username):
            raise NotAllowed(f"entry {activity_id} was entered by someone else; members edit only their own")
        targets = conn.execute(sa.select(activity_targets.c.iso3).where(
            activity_targets.c.activity_id == activity_id)).scalars().all()
        return dict(row), list(targets)

    def update(self, viewer: Viewer, activity_id: int, act: ActivityInput, expected_version: int | None = None) -> None:
        """Change an entry; the history keeps before → after. A member may change only their own entries,
        and may not make an entry Secretariat-only content they cannot see any more (allowed: it is theirs)."""
        now = _now()
        with self.engine.begin() as conn:
            before, old_targets = self._load_for_change(conn, viewer, activity_id)
            if expected_version is not None and before["version"] != expected_version:
                raise Conflict(f"entry {activity_id} was changed by someone else since you opened it; "
                               "reload it and apply your change again")
            values = act.as_row()
            res = conn.execute(activities.update().where(activities.c.id == activity_id)
                               .where(activities.c.version == before["version"])
                               .values(**values, updated_at=now, version=before["version"] + 1))
            if res.rowcount != 1:
                raise Conflict(f"entry {activity_id} was changed at the same moment; apply your change again")
            if sorted(old_targets) != sorted(act.targets):
                conn.execute(activity_targets.delete().where(activity_targets.c.activity_id == activity_id))
                conn.execute(activity_targets.insert(), [{"activity_id": activity_id, "iso3": t} for t in act.targets])
            after = {**before, **values}
            conn.execute(activity_history.insert().values(
                activity_id=activity_id, changed_at=now, changed_by=viewer.username, action="update",
                before_json=json.dumps(_snapshot_row(before, old_targets), ensure_ascii=False, sort_keys=True),
                after_json=json.dumps(_snapshot_row(after, act.targets), ensure_ascii=False, sort_keys=True)))

    def delete(self, viewer: Viewer, activity_id: int, reason: str) -> None:
        """Soft delete with a reason: the entry disappears from lists; its row and history stay."""
        now = _now()
        with self.engine.begin() as conn:
            before, targets = self._load_for_change(conn, viewer, activity_id)
            values = {"deleted_at": now, "deleted_by": viewer.username, "delete_reason": reason}
            conn.execute(activities.update().where(activities.c.id == activity_id)
                         .values(**values, updated_at=now, version=before["version"] + 1))
            conn.execute(activity_history.insert().values(
                activity_id=activity_id, changed_at=now, changed_by=viewer.username, action="delete",
                before_json=json.dumps(_snapshot_row(before, targets), ensure_ascii=False, sort_keys=True),
                after_json=json.dumps(_snapshot_row({**before, **values}, targets), ensure_ascii=False,
                                      sort_keys=True)))

    # --- reads --------------------------------------------------------------------------------------------

    @staticmethod
    def _may_read(viewer: Viewer, row) -> bool:
        """The Secretariat reads every entry, deleted ones included; a member only live entries visible to
        members (a deleted entry and its reason are the Secretariat's, even when opened by its number)."""
        return viewer.secretariat or (row["visibility"] == "members" and row["deleted_at"] is None)

    @staticmethod
    def _visible(viewer: Viewer, include_deleted: bool = False):
        conds = []
        if not viewer.secretariat:
            conds.append(activities.c.visibility == "members")
            include_deleted = False
        if not include_deleted:
            conds.append(activities.c.deleted_at.is_(None))
        return sa.and_(sa.true(), *conds)

    def get(self, viewer: Viewer, activity_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(activities).where(activities.c.id == activity_id)).mappings().first()
            if row is None or not self._may_read(viewer, row):
                raise LookupError(f"no register entry {activity_id}")
            targets = conn.execute(sa.select(activity_targets.c.iso3).where(
                activity_targets.c.activity_id == activity_id).order_by(activity_targets.c.iso3)).scalars().all()
        out = dict(row)
        out["targets"] = list(targets)
        for k in ("created_at", "updated_at", "deleted_at"):
            out[k] = _utc(out[k])
        return out

    def may_edit(self, viewer: Viewer, entry: dict[str, Any]) -> bool:
        return entry.get("deleted_at") is None and (viewer.secretariat or entry["entered_by"] == viewer.username)

    def history(self, viewer: Viewer, activity_id: int) -> list[dict[str, Any]]:
        """Every change of an entry, oldest first: ``before``/``after`` hold the entry's fields.

        For a member, a side of a change when the entry was Secretariat-only is withheld (None) and
        ``redacted`` names it ("before", "after" or "both"): an entry made visible to members later does
        not show its earlier, confidential text."""
        self.get(viewer, activity_id)  # permission check
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(activity_history).where(activity_history.c.activity_id == activity_id)
                                .order_by(activity_history.c.id)).mappings().all()
        out = []
        for r in rows:
            before = json.loads(r["before_json"]) if r["before_json"] else None
            after = json.loads(r["after_json"])
            hidden = []
            if not viewer.secretariat:
                if before is not None and before.get("visibility") != "members":
                    before, hidden = None, hidden + ["before"]
                if after.get("visibility") != "members":
                    after, hidden = None, hidden + ["after"]
            out.append({"changed_at": _utc(r["changed_at"]), "changed_by": r["changed_by"], "action": r["action"],
                        "before": before, "after": after,
                        "redacted": "both" if len(hidden) == 2 else (hidden[0] if hidden else None)})
        return out

    def _conditions(self, viewer: Viewer, targets, since, until, include_deleted):
        cond = self._visible(viewer, include_deleted)
        targets = [t for t in (targets or []) if t]
        if targets:
            cond = sa.and_(cond, activities.c.id.in_(
                sa.select(activity_targets.c.activity_id).where(activity_targets.c.iso3.in_(targets))))
        if since is not None:
            cond = sa.and_(cond, activities.c.activity_date >= since)
        if until is not None:
            cond = sa.and_(cond, activities.c.activity_date <= until)
        return cond

    def count_matching(self, viewer: Viewer, *, targets: Iterable[str] | None = None, since: dt.date | None = None,
                       until: dt.date | None = None, include_deleted: bool = False) -> int:
        """How many entries :meth:`activities` would return without a limit."""
        cond = self._conditions(viewer, targets, since, until, include_deleted)
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(activities).where(cond)).scalar_one())

    def activities(self, viewer: Viewer, *, targets: Iterable[str] | None = None, since: dt.date | None = None,
                   until: dt.date | None = None, include_deleted: bool = False, limit: int | None = None
                   ) -> pl.DataFrame:
        """Entries the viewer may read, newest first, one row each with its targets joined by ';'."""
        cond = self._conditions(viewer, targets, since, until, include_deleted)
        # Dates travel as ISO text and are parsed by Polars in one go: row-by-row conversion of 100,000
        # entries in Python would take seconds.
        cols = [_as_text(activities.c[c]).label(c) if c in _DATE_COLS else activities.c[c]
                for c in LIST_COLUMNS if c != "targets"]
        if include_deleted:
            cols += [_as_text(activities.c.deleted_at).label("deleted_at"), activities.c.delete_reason]
        q = sa.select(*cols).where(cond).order_by(activities.c.activity_date.desc(), activities.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
            ids_q = sa.select(q.subquery().c.id)
            pairs = conn.execute(sa.select(activity_targets.c.activity_id, activity_targets.c.iso3)
                                 .where(activity_targets.c.activity_id.in_(ids_q))).all()
        names = [c.name for c in cols]
        text_schema = {n: (pl.Int64 if n == "id" else pl.String) for n in names}
        df = pl.DataFrame(rows, schema=text_schema, orient="row")
        df = df.with_columns(
            [pl.col(c).str.to_date("%Y-%m-%d") for c in ("activity_date", "follow_up_date")]
            + [pl.col(c).str.to_datetime("%Y-%m-%d %H:%M:%S", time_zone="UTC", time_unit="us")
               for c in ("updated_at", "deleted_at") if c in names])
        tg = (pl.DataFrame(pairs, schema={"id": pl.Int64, "iso3": pl.String}, orient="row")
              .group_by("id").agg(pl.col("iso3").sort().str.join(";").alias("targets")))
        df = df.join(tg, on="id", how="left", maintain_order="left").with_columns(pl.col("targets").fill_null(""))
        return df.select(LIST_COLUMNS + (["deleted_at", "delete_reason"] if include_deleted else []))

    def overlapping(self, viewer: Viewer, targets: Sequence[str], day: dt.date,
                    window_days: int = vocab.DUPLICATE_WINDOW_DAYS, exclude_id: int | None = None
                    ) -> tuple[pl.DataFrame, int]:
        """Other live entries on any of ``targets`` within ±window days of ``day`` (the duplicate-effort check).

        Returns the entries the viewer may read (with who to contact) and the number of further entries
        visible to the Secretariat only (counted, not shown, so a member knows to ask the Secretariat)."""
        if not targets:
            return self.activities(viewer, targets=["---"]), 0
        lo, hi = day - dt.timedelta(days=window_days), day + dt.timedelta(days=window_days)
        all_rows = self.activities(SYSTEM, targets=targets, since=lo, until=hi)
        if exclude_id is not None:
            all_rows = all_rows.filter(pl.col("id") != exclude_id)
        visible = all_rows if viewer.secretariat else all_rows.filter(pl.col("visibility") == "members")
        return visible, all_rows.height - visible.height

    def target_rows(self, viewer: Viewer, *, since: dt.date | None = None, until: dt.date | None = None
                    ) -> pl.DataFrame:
        """(activity_id, iso3, activity_date, follow_up_date, actor_name) for every live, readable entry and target."""
        cond = self._visible(viewer)
        if since is not None:
            cond = sa.and_(cond, activities.c.activity_date >= since)
        if until is not None:
            cond = sa.and_(cond, activities.c.activity_date <= until)
        q = (sa.select(activity_targets.c.activity_id, activity_targets.c.iso3, activities.c.activity_date,
                       activities.c.date_status, activities.c.follow_up_date, activities.c.actor_name)
             .select_from(activity_targets.join(activities, activities.c.id == activity_targets.c.activity_id))
             .where(cond))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        schema = {"activity_id": pl.Int64, "iso3": pl.String, "activity_date": pl.Date, "date_status": pl.String,
                  "follow_up_date": pl.Date, "actor_name": pl.String}
        return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)

    def state_summary(self, viewer: Viewer, today: dt.date | None = None, engaged_days: int = 365) -> pl.DataFrame:
        """Per target State: last activity done, next follow-up or planned date, how many entries, and who is
        engaged (actors of the last ``engaged_days`` days and of planned activities). Aggregated in SQL."""
        today = today or dt.date.today()
        a, t = activities, activity_targets
        cond = self._visible(viewer)
        joined = t.join(a, a.c.id == t.c.activity_id)
        # Grouping by an expression (not the bare column) keeps SQLite from walking the iso3 index and
        # looking up activities in random order (20x slower at 100,000 entries); same result on PostgreSQL.
        state = sa.func.coalesce(t.c.iso3, "")
        agg = (sa.select(state.label("iso3"),
                         sa.func.max(sa.case((a.c.date_status == "done", a.c.activity_date))).label("last_outreach"),
                         sa.func.min(sa.case((a.c.follow_up_date >= today, a.c.follow_up_date))).label("fu"),
                         sa.func.min(sa.case((sa.and_(a.c.date_status == "planned", a.c.activity_date >= today),
                                              a.c.activity_date))).label("planned"),
                         sa.func.count().label("activities"))
               .select_from(joined).where(cond).group_by(state))
        who = (sa.select(t.c.iso3, a.c.actor_name).distinct().select_from(joined)
               .where(cond).where(a.c.activity_date >= today - dt.timedelta(days=engaged_days)))
        with self.engine.connect() as conn:
            rows = conn.execute(agg).all()
            pairs = conn.execute(who).all()
        schema = {"iso3": pl.String, "last_outreach": pl.Date, "next_follow_up": pl.Date, "engaged": pl.String,
                  "activities": pl.UInt32}
        if not rows:
            return pl.DataFrame(schema=schema)
        out = pl.DataFrame(
            [(r.iso3, r.last_outreach, min([d for d in (r.fu, r.planned) if d is not None], default=None),
              r.activities) for r in rows],
            schema={"iso3": pl.String, "last_outreach": pl.Date, "next_follow_up": pl.Date, "activities": pl.UInt32},
            orient="row")
        eng = (pl.DataFrame(pairs, schema={"iso3": pl.String, "actor_name": pl.String}, orient="row")
               .group_by("iso3").agg(pl.col("actor_name").sort().str.join("; ").alias("engaged")))
        return out.join(eng, on="iso3", how="left").select(list(schema)).sort("iso3")

    def change_marker(self) -> int:
        """A number that grows with every change (the newest history row): a cache key for summaries."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(activity_history.c.id))).scalar() or 0)

    def count(self, include_deleted: bool = True) -> int:
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(activities)
            if not include_deleted:
                q = q.where(activities.c.deleted_at.is_(None))
            return int(conn.execute(q).scalar_one())

    def integrity_check(self) -> str:
        """'ok' when the store passes its own integrity check (SQLite: PRAGMA integrity_check;
        PostgreSQL: amcheck on the register's indexes where the extension is available)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                return "\n".join(r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all())
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
            idx = conn.exec_driver_sql(
                "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'btree' AND t.relname IN "
                "('users', 'activities', 'activity_targets', 'activity_history')").scalars().all()
            for oid in idx:
                conn.exec_driver_sql("SELECT bt_index_check(%(oid)s::regclass, true)", {"oid": oid})
            conn.commit()
            return "ok"
