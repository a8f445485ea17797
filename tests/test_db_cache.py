"""The cached database of a snapshot (attdash/db.py): reused, rebuilt when damaged or stale, never required."""

from __future__ import annotations

import datetime as dt

import pytest

from attdash import db as dbmod
from attdash.db import Database, cache_file
from attdash.paths import ROOT
from attdash.snapshot import get_snapshot

DAY = dt.date(2024, 4, 16)


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTDASH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _count(db: Database, status: str) -> int:
    return len(db.rows("status", as_of=DAY, groups=None, statuses=[status]).rows)


def test_second_open_reads_the_cache_and_answers_the_same(cache):
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    first = Database(snap)
    path = cache_file(snap)
    assert path.is_file() and path.parent == cache
    second = Database(snap)
    assert second._con.execute("SELECT count(*) FROM duckdb_databases() WHERE readonly").fetchone()[0] >= 1
    assert _count(first, "signatory") == _count(second, "signatory") == 28  # the work plan's 28 signatories
    assert first.run("summary", as_of=DAY).equals(second.run("summary", as_of=DAY))
    first.close()
    second.close()


def test_a_damaged_cache_file_is_set_aside_and_rebuilt(cache):
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    Database(snap).close()
    path = cache_file(snap)
    data = bytearray(path.read_bytes())
    data[: 4096] = b"\0" * 4096  # the file header gone
    path.write_bytes(bytes(data))
    db = Database(snap)
    assert _count(db, "signatory") == 28
    db.close()
    assert Database(snap)._con.execute("SELECT key FROM attdash_cache").fetchone()[0] == dbmod.cache_key(snap)


def test_a_stale_cache_for_other_definitions_is_replaced(cache, monkeypatch):
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    Database(snap).close()
    old = cache_file(snap)
    monkeypatch.setattr(dbmod, "CACHE_FORMAT", dbmod.CACHE_FORMAT + 1)
    new = cache_file(snap)
    assert new != old
    Database(snap).close()
    assert new.is_file() and not old.exists()  # the older key's file is removed, not left to pile up


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("ATTDASH_CACHE", str(blocker / "cache"))
    db = Database(get_snapshot(None, ROOT / "data" / "snapshots"))
    assert _count(db, "signatory") == 28
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_builder_check_writes_no_cache(cache, sources_copy, tmp_path):
    from attdash.snapshot import build
    build(dt.date(2026, 11, 26), sources_copy, tmp_path / "snaps")
    assert not cache.exists() or not list(cache.iterdir())


def test_processes_opening_at_once_all_answer_and_leave_one_cache_file(cache):
    """Several command-line calls (or servers) opening a snapshot with no cache yet: each builds, one file stays,
    no temporary file is left, and all print the same rows."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ATTDASH_CACHE": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-m", "attdash", "summary", "--as-of", "2024-04-16", "--format",
                               "csv"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and "Asia-Pacific,12,0,11,31,0,54" in outs[0][0]
    assert [p.suffix for p in cache.iterdir()] == [".duckdb"]
