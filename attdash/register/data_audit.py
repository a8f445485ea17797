"""The audit log of data updates (table ``data_updates``, migration 0003): who published or withdrew what, when.

Append-only in the database itself (triggers). Written by :mod:`attdash.sources.publish`; read by the Data
updates page.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import sqlalchemy as sa

from attdash.register.store import Store
from attdash.register.tables import metadata

data_updates = sa.Table(
    "data_updates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("snapshot", sa.String(32), nullable=True),
    sa.Column("file_name", sa.String(255), nullable=True),
    sa.Column("sha256", sa.String(64), nullable=True),
    sa.Column("tables", sa.Text, nullable=True),
    sa.Column("summary", sa.Text, nullable=False),
)


def record(store: Store, *, username: str, action: str, summary: str | dict, snapshot: str | None = None,
           file_name: str | None = None, sha256: str | None = None, tables: list[str] | None = None) -> int:
    row = {"at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0), "username": username[:64],
           "action": action, "snapshot": snapshot, "file_name": (file_name or "")[:255] or None, "sha256": sha256,
           "tables": ",".join(tables) if tables else None,
           "summary": summary if isinstance(summary, str) else json.dumps(summary, ensure_ascii=False)}
    with store.engine.begin() as conn:
        return conn.execute(sa.insert(data_updates).values(**row)).inserted_primary_key[0]


def entries(store: Store, limit: int = 200) -> pl.DataFrame:
    cols = ["at", "username", "action", "snapshot", "file_name", "sha256", "tables", "summary"]
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(*[data_updates.c[c] for c in cols])
                            .order_by(data_updates.c.id.desc()).limit(limit)).all()
    return pl.DataFrame([[v.isoformat(sep=" ")[:19] if isinstance(v, dt.datetime) else v for v in r] for r in rows],
                        schema={c: pl.String for c in cols}, orient="row")
