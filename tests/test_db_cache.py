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
    assert sorted(p.suffix for p in cache.iterdir()) == [".duckdb", ".mac"]


# ---------------------------------------------------------------------------------------------------------------
# A derived file never outranks the verified snapshot: the cache is bound to it by a keyed MAC.

def _kenya(db: Database) -> str:
    rows = db.rows("status", as_of=DAY, groups=None, statuses=None)
    i, s = rows.columns.index("iso3"), rows.columns.index("status")
    return next(r[s] for r in rows.rows if r[i] == "KEN")


def _tamper(path, sql: str) -> None:
    import duckdb
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


def test_an_edited_cache_file_is_refused_and_the_snapshot_answers(cache):
    """The audit's case: UPDATE status_timeline in the cache file made Kenya a State Party."""
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    db = Database(snap)
    truth = _kenya(db)
    assert truth in ("not_signed", "signatory")  # the record: Kenya is not a State Party
    db.close()
    path = cache_file(snap)
    _tamper(path, "UPDATE status_timeline SET status = 'state_party' WHERE iso3 = 'KEN'")
    db = Database(snap)
    assert _kenya(db) == truth
    db.close()
    db = Database(snap)  # the rebuilt file (with a new MAC) is used again
    assert _kenya(db) == truth
    assert db._con.execute("SELECT count(*) FROM duckdb_databases() WHERE readonly").fetchone()[0] >= 1
    db.close()


def test_a_planted_cache_file_without_a_mac_is_refused(cache):
    """Anyone can compute the cache key from the manifest: a file with the right key table but no MAC is not used."""
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    Database(snap).close()
    path = cache_file(snap)
    _tamper(path, "UPDATE status_timeline SET status = 'state_party' WHERE iso3 = 'KEN'")
    (path.parent / (path.name + ".mac")).unlink()
    db = Database(snap)
    assert _kenya(db) != "state_party"
    db.close()


def test_a_mac_copied_from_another_file_is_refused(cache):
    """A valid MAC beside different bytes (another file's MAC, or the MAC kept while the file is replaced)."""
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    Database(snap).close()
    path = cache_file(snap)
    mac = (path.parent / (path.name + ".mac")).read_text()
    _tamper(path, "UPDATE status_timeline SET status = 'state_party' WHERE iso3 = 'KEN'")
    (path.parent / (path.name + ".mac")).write_text(mac)
    db = Database(snap)
    assert _kenya(db) != "state_party"
    db.close()


def test_the_mac_key_is_private_and_outside_the_cache(cache, tmp_path, monkeypatch):
    import os
    import stat
    key = tmp_path / "keys" / "cache-mac.key"
    monkeypatch.setenv("ATTDASH_CACHE_KEY_FILE", str(key))
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    Database(snap).close()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(bytes.fromhex(key.read_text().strip())) == 32
    assert cache_file(snap).is_file()
    # another installation (another key) does not accept this installation's cache file
    other = tmp_path / "other.key"
    monkeypatch.setenv("ATTDASH_CACHE_KEY_FILE", str(other))
    path = cache_file(snap)
    _tamper(path, "UPDATE status_timeline SET status = 'state_party' WHERE iso3 = 'KEN'")
    os.utime(path)
    db = Database(snap)
    assert _kenya(db) != "state_party"
    db.close()


@pytest.mark.parametrize("case", ["inside the cache folder", "readable by others", "a symbolic link", "too short"])
def test_an_untrustworthy_mac_key_means_no_cache_never_a_wrong_answer(case, cache, tmp_path, monkeypatch):
    import os
    cache.mkdir(parents=True, exist_ok=True)
    key = cache / "cache-mac.key" if case == "inside the cache folder" else tmp_path / "cache-mac.key"
    if case == "readable by others":
        key.write_text(os.urandom(32).hex())
        key.chmod(0o644)
    elif case == "a symbolic link":
        real = tmp_path / "real.key"
        real.write_text(os.urandom(32).hex())
        real.chmod(0o600)
        key.symlink_to(real)
    elif case == "too short":
        key.write_text("abcd")
        key.chmod(0o600)
    monkeypatch.setenv("ATTDASH_CACHE_KEY_FILE", str(key))
    snap = get_snapshot(None, ROOT / "data" / "snapshots")
    db = Database(snap)
    assert _kenya(db) != "state_party" and _count(db, "signatory") == 28
    db.close()
    assert not cache_file(snap).exists()
