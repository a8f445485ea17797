"""Fixtures of the register's tests: the same tests run against SQLite and a real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from attdash.register.store import Store, open_store
from tests.register.pg_support import Cluster, require_postgres

STATES = frozenset({"KEN", "UGA", "ECU", "VNM", "FJI", "USA", "CHN", "IDN"})
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster(require_postgres()).init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def store(store_url) -> Store:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.dispose()


def raw_activity(**over) -> dict:
    base = {"targets": ["KEN"], "activity_date": "2026-10-01", "actor_kind": "co_chairs",
            "actor_name": "WGTU co-chairs", "kind": "bilateral_meeting", "summary": "Met the mission in Geneva."}
    base.update(over)
    return base
