"""Shared fixtures: the shipped snapshot (real data) and small synthetic source folders (tests only)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The computed databases of the many synthetic snapshots go to a folder of this run, not to data/cache
# (servers started by the browser tests inherit it).
os.environ["ATTDASH_CACHE"] = tempfile.mkdtemp(prefix="attdash-test-cache-")
os.environ["ATTDASH_CACHE_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="attdash-test-key-"), "cache-mac.key")

from attdash.sources import schema
from attdash.db import Database
from attdash.sources.import_raw import write_table
from attdash.paths import ROOT
from attdash.snapshot import build, get_snapshot

SHIPPED_SOURCES = ROOT / "data" / "sources"
SHIPPED_SNAPSHOTS = ROOT / "data" / "snapshots"


@pytest.fixture(scope="session")
def real_db() -> Database:
    """The newest shipped snapshot of the real data."""
    return Database(get_snapshot(None, SHIPPED_SNAPSHOTS))


@pytest.fixture()
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped source tables, to break on purpose."""
    dest = tmp_path / "sources"
    shutil.copytree(SHIPPED_SOURCES, dest, ignore=shutil.ignore_patterns("research"))
    return dest


def append_row(path: Path, row: dict[str, str]) -> int:
    """Append a row (by column name) to a source CSV; returns its line number."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        n = 1 + sum(1 for _ in reader)
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([row.get(c, "") for c in header])
    return n + 1


# Synthetic States for rule tests. Codes are real ISO3 shapes but the facts are invented: tests only.
SYN_COUNTRIES = [
    ("AAA", "Aland Test", "African"),
    ("BBB", "Bravo Test", "Asia-Pacific"),
    ("CCC", "Charlie Test", "Eastern European"),
    ("DDD", "Delta Test", "Latin American and Caribbean"),
    ("EEE", "Echo Test", "Western European and Others"),
    ("FFF", "Foxtrot Test", "Asia-Pacific"),
    ("GGG", "Golf Test", ""),
]


def make_sources(root: Path, events: list[dict[str, str]], checks: list[dict[str, str]] | None = None,
                 groups: list[dict[str, str]] | None = None, counts: list[dict[str, str]] | None = None) -> Path:
    """A complete, valid synthetic source folder with the given treaty events."""
    root.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict[str, str]]] = {t.name: [] for t in schema.TABLES}
    rows["sources"] = [{"source_id": "SYN-1", "collection": "test", "title": "Synthetic test source",
                        "authority": "other"}]
    for i, (iso3, name, group) in enumerate(SYN_COUNTRIES):
        rows["countries"].append({"iso3": iso3, "iso2": iso3[:2], "m49": f"{900 + i}", "name": name,
                                  "un_member": "true", "source_ids": "SYN-1"})
        if group:
            rows["group_membership"].append({"iso3": iso3, "un_regional_group": group, "role": "member",
                                             "listed_in_annex": "true", "source_ids": "SYN-1"})
    if groups is not None:
        rows["group_membership"] = groups
    # treaty_events is a core table and must not be empty: without events of its own, a folder gets one
    # signature by GGG (a State in no regional group), which no group table or group count shows.
    events = events or [{"iso3": "GGG", "event_type": "signature", "event_date": "2013-06-03"}]
    rows["treaty_events"] = [{"source_ids": "SYN-1", **e} for e in events]
    rows["treaty_record_checks"] = [{"source_ids": "SYN-1", **c} for c in (checks or [])]
    rows["official_counts"] = [{"source_ids": "SYN-1", "authority": "depositary", **c} for c in (counts or [])]
    for t in schema.TABLES:
        write_table(root / t.file, t, rows[t.name])
    return root


@pytest.fixture()
def synthetic_db(tmp_path: Path):
    """Build a snapshot from synthetic events and return a Database on it."""

    def _make(events, checks=None, groups=None, as_of=dt.date(2026, 1, 1), counts=None) -> Database:
        src = make_sources(tmp_path / "src", events, checks, groups, counts)
        path = build(as_of, src, tmp_path / "snaps")
        return Database(get_snapshot(path.name, tmp_path / "snaps"))

    return _make


def run_coroutine(coro):
    """``asyncio.run(coro)`` in a thread of its own: after the browser tests, Playwright's event loop is running in
    the main thread, where ``asyncio.run`` refuses to start another."""
    import asyncio
    import threading

    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            out["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")
