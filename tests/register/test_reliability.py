"""Reliability of the register on both stores: concurrent writers, a SIGKILL mid-burst, bad input.

Figures are in the README (Outreach register). Synthetic activities: tests only.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from attdash import cli
from attdash.paths import ROOT
from attdash.register.store import open_store
from tests.register.pg_support import Cluster, require_postgres

PROCESSES = 4
PER_PROCESS = 250


def _writer(url: str, prefix: str, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.register.writer", url, prefix, str(count)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_1000_concurrent_submissions_from_several_processes(store_url):
    open_store(store_url).dispose()  # created once; the writers also open (and migrate) concurrently
    procs = [_writer(store_url, f"p{n}", PER_PROCESS) for n in range(PROCESSES)]
    acked = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        acked += out.split()
    expected = {f"p{n}-{i:06d}" for n in range(PROCESSES) for i in range(PER_PROCESS)}
    assert len(acked) == 1000 and set(acked) == expected
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            uids = conn.execute(sa.text("SELECT uid FROM activities")).scalars().all()
            targets = conn.execute(sa.text("SELECT count(*) FROM activity_targets")).scalar_one()
            history = conn.execute(sa.text("SELECT count(DISTINCT activity_id) FROM activity_history")).scalar_one()
        assert len(uids) == 1000 and set(uids) == expected      # exactly 1,000: no loss, no duplicates
        assert targets == 1000 and history == 1000
        assert store.integrity_check() == "ok"
    finally:
        store.dispose()


def _read_acks(proc: subprocess.Popen, until: int) -> list[str]:
    acked = []
    while len(acked) < until:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acked.append(line.strip())
    return acked


def _rest(proc: subprocess.Popen) -> list[str]:
    """The acknowledgements still in the pipe (read through the same buffered reader as _read_acks)."""
    rest = proc.stdout.read()
    proc.wait(timeout=60)
    return rest.split()


def test_sqlite_writer_killed_mid_burst_loses_no_acknowledged_write(tmp_path):
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    open_store(url).dispose()
    victim = _writer(url, "kill", 100_000)
    steady = _writer(url, "steady", 150)
    acked = _read_acks(victim, 200)
    os.kill(victim.pid, signal.SIGKILL)          # mid-transaction, most likely
    acked += _rest(victim)                        # lines written before the kill were acknowledged too
    steady_out, err = steady.communicate(timeout=120)
    assert steady.returncode == 0, err
    store = open_store(url)                      # "restart"
    try:
        assert store.integrity_check() == "ok"
        with store.engine.connect() as conn:
            uids = set(conn.execute(sa.text("SELECT uid FROM activities")).scalars().all())
        assert set(acked) <= uids and set(steady_out.split()) <= uids
        assert len(uids) - len(set(acked)) - 150 <= 1     # at most the one write in flight, never acknowledged
        assert not any(u.startswith("kill-") and u not in acked and int(u[5:]) < len(acked) - 1 for u in uids)
    finally:
        store.dispose()


def test_postgresql_server_killed_mid_burst_loses_no_acknowledged_write():
    cluster = Cluster(require_postgres()).init()
    cluster.start()
    try:
        url = cluster.url()
        open_store(url).dispose()
        writers = [_writer(url, f"w{n}", 100_000) for n in range(2)]
        acked = []
        for w in writers:
            acked += _read_acks(w, 100)
        cluster.kill9()                          # the whole server, SIGKILL, in the middle of the burst
        for w in writers:
            acked += _rest(w)
            assert w.returncode == 1             # the writer noticed the crash and stopped
        cluster.start()                          # crash recovery from the WAL
        store = open_store(url)
        try:
            with store.engine.connect() as conn:
                uids = set(conn.execute(sa.text("SELECT uid FROM activities")).scalars().all())
            assert len(acked) >= 200 and set(acked) <= uids
            assert len(uids - set(acked)) <= 2   # at most one commit in flight per writer, never acknowledged
            assert store.integrity_check() == "ok"
        finally:
            store.dispose()
        assert "database system was interrupted" in cluster.log.read_text() \
            or "not properly shut down" in cluster.log.read_text()
    finally:
        cluster.remove()


BASE = ["register", "add", "--target", "KEN", "--date", "2026-01-15", "--kind", "visit", "--by", "Co-chairs",
        "--summary", "ok"]


def _with(option: str, value: str) -> list[str]:
    args = list(BASE)
    i = args.index(option)
    args[i + 1] = value
    return args


BAD_INPUTS = [
    ("empty summary", _with("--summary", "")),
    ("blank summary", _with("--summary", "   ")),
    ("huge summary", _with("--summary", "x" * 2001)),
    ("huge actor", _with("--by", "B" * 201)),
    ("empty actor", _with("--by", "")),
    ("unknown State", _with("--target", "XXX")),
    ("not a code", _with("--target", "Kenya")),
    ("SQL in target", _with("--target", "KEN' OR '1'='1")),
    ("no target", [a for a in BASE if a not in ("--target", "KEN")]),
    ("impossible date", _with("--date", "2026-02-30")),
    ("month 13", _with("--date", "2026-13-01")),
    ("before the Treaty", _with("--date", "2013-06-02")),
    ("far past", _with("--date", "1900-01-01")),
    ("far future", _with("--date", "2100-01-01")),
    ("not a date", _with("--date", "yesterday")),
    ("done in the future", _with("--date", "2029-01-01") + ["--status", "done"]),
    ("follow-up before date", BASE + ["--follow-up", "2025-01-01"]),
    ("bad follow-up", BASE + ["--follow-up", "soon"]),
    ("unknown kind", _with("--kind", "coffee")),
    ("SQL kind", _with("--kind", "visit'; DROP TABLE activities; --")),
    ("unknown actor kind", BASE + ["--actor-kind", "emperor"]),
    ("unknown level", BASE + ["--level", "god"]),
    ("unknown visibility", BASE + ["--visibility", "public"]),
    ("forged visibility case", BASE + ["--visibility", "Secretariat"]),
    ("control character", _with("--summary", "bell\x07 here")),
    ("escape sequence", _with("--summary", "\x1b[31mred\x1b[0m")),
    ("NUL byte", _with("--by", "Co\x00chairs")),
    ("line break in a one-line field", _with("--by", "Co-chairs\nsecretariat")),
    ("bidi override", _with("--summary", "abc\u202edcba")),
    ("too many targets", BASE + [x for iso in ("UGA", "TZA", "RWA", "BDI", "ETH", "SOM", "SDN", "SSD", "ERI", "DJI",
                                                "COD", "COG", "GAB", "CMR", "NGA", "GHA", "CIV", "SEN", "MLI", "NER")
                                 for x in ("--target", iso)]),
    ("unknown account", BASE + ["--as", "mallory"]),
    ("forged uid", BASE + ["--uid", "x' OR 1=1"]),
    ("unknown option (forged role)", BASE + ["--role", "secretariat"]),
    ("missing summary", [a for a in BASE if a not in ("--summary", "ok")]),
]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_bad_inputs_get_one_line_and_store_nothing(backend, monkeypatch, tmp_path, request):
    assert len(BAD_INPUTS) >= 30
    if backend == "sqlite":
        monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
        monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path))
    else:
        monkeypatch.setenv("ATTDASH_DATABASE_URL", request.getfixturevalue("pg_cluster").new_database())
    for what, argv in BAD_INPUTS:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:
                code = exc.code
        lines = err.getvalue().strip().splitlines()
        assert code == 2, (what, err.getvalue())
        assert len(lines) == 1 and lines[0].startswith("attdash: error: "), (what, err.getvalue())
        assert "Traceback" not in err.getvalue() and out.getvalue() == "", what
    store = open_store()
    try:
        assert store.count() == 0
    finally:
        store.dispose()
    # and the good one goes through, so the refusals above were about the values
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(BASE) == 0
    store = open_store()
    try:
        assert store.count() == 1 and store.activities(store_viewer())["summary"].to_list() == ["ok"]
    finally:
        store.dispose()


def store_viewer():
    from attdash.register.store import SYSTEM
    return SYSTEM
