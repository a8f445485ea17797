"""Issue 16: access control of the register, each hostile case kept as a test (SQLite and PostgreSQL).

Synthetic accounts and entries only.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import os
import stat
import statistics
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from attdash.paths import ROOT
from attdash.register import sessions, users, validation
from attdash.register.store import StoreUnavailable, Viewer, open_store
from tests.register.conftest import STATES, TODAY, raw_activity

SEC = Viewer("sara", "secretariat")
MIA = Viewer("mia", "member")
GOOD = "correct horse battery staple 7"


def act(**over):
    return validation.activity(raw_activity(**over), STATES, today=TODAY)


# --- entries: history and deleted entries --------------------------------------------------------------

def test_member_history_hides_text_from_when_the_entry_was_secretariat_only(store):
    i = store.add(SEC, act(summary="CONFIDENTIAL: the minister hesitates", visibility="secretariat",
                           outcome="secret outcome"))
    store.update(SEC, i, act(summary="Met the mission.", visibility="members"))
    store.update(SEC, i, act(summary="Met the mission twice.", visibility="members"))
    hist = store.history(MIA, i)
    assert [h["action"] for h in hist] == ["create", "update", "update"]
    assert [h["redacted"] for h in hist] == ["after", "before", None]
    assert hist[0]["after"] is None and hist[1]["before"] is None
    assert hist[1]["after"]["summary"] == "Met the mission."
    assert hist[2]["before"]["summary"] == "Met the mission." and hist[2]["after"]["summary"] == \
        "Met the mission twice."
    assert "CONFIDENTIAL" not in repr(hist) and "secret outcome" not in repr(hist)
    # the Secretariat still sees every version
    full = store.history(SEC, i)
    assert full[0]["after"]["summary"] == "CONFIDENTIAL: the minister hesitates" and full[1]["redacted"] is None


def test_member_history_of_entry_hidden_in_between(store):
    i = store.add(SEC, act(summary="open one"))
    store.update(SEC, i, act(summary="hidden middle text", visibility="secretariat"))
    store.update(SEC, i, act(summary="open again"))
    hist = store.history(MIA, i)
    assert [h["redacted"] for h in hist] == [None, "after", "before"]
    assert "hidden middle text" not in repr(hist)


def test_member_cannot_open_a_deleted_entry_by_number(store):
    mine = store.add(MIA, act(summary="mine, then deleted"))
    store.delete(SEC, mine, "DELETE-REASON-confidential")
    for call in (lambda: store.get(MIA, mine), lambda: store.history(MIA, mine)):
        with pytest.raises(LookupError, match=f"no register entry {mine}$"):
            call()
    # the same answer as for a number that does not exist: nothing tells a deleted entry apart
    with pytest.raises(LookupError, match="no register entry 999999$"):
        store.get(MIA, 999999)
    with pytest.raises(LookupError):
        store.update(MIA, mine, act(summary="revive"))
    assert store.activities(MIA, include_deleted=True).height == 0
    assert store.count_matching(MIA, include_deleted=True) == 0
    e = store.get(SEC, mine)
    assert e["delete_reason"] == "DELETE-REASON-confidential"
    assert store.activities(SEC, include_deleted=True)["delete_reason"].to_list() == ["DELETE-REASON-confidential"]


# --- accounts: sign-in, lockout, sessions ---------------------------------------------------------------

def test_disabling_or_a_new_password_ends_every_session(store):
    users.add_user(store, "mia", GOOD, "member")
    s1, _ = sessions.start(store, "mia")
    s2, code = sessions.start(store, "mia")
    token = sessions.exchange(store, code)
    assert sessions.by_token(store, token).username == "mia" and sessions.by_id(store, s1).id == s1
    assert sessions.live_count(store, "mia") == 2
    users.set_password(store, "mia", "another long phrase 42")
    for check in (lambda: sessions.by_id(store, s1), lambda: sessions.by_id(store, s2),
                  lambda: sessions.by_token(store, token)):
        with pytest.raises(sessions.SessionEnded):
            check()
    s3, code = sessions.start(store, "mia")
    token = sessions.exchange(store, code)
    users.set_active(store, "mia", False)
    with pytest.raises(sessions.SessionEnded):
        sessions.by_token(store, token)
    with pytest.raises(sessions.SessionEnded):
        sessions.by_id(store, s3)
    users.set_active(store, "mia", True)           # enabling again does not bring old sessions back
    with pytest.raises(sessions.SessionEnded):
        sessions.by_token(store, token)
    assert sessions.live_count(store, "mia") == 0


def test_sessions_store_only_a_hash_and_hand_off_once(store):
    users.add_user(store, "mia", GOOD, "member")
    users.add_user(store, "sam", "another long phrase 42", "secretariat")
    sid, code = sessions.start(store, "mia")
    with pytest.raises(sessions.SessionEnded):     # the hand-off code is not a cookie token
        sessions.by_token(store, code)
    token = sessions.exchange(store, code)
    assert token and token != code and len(token) >= 40
    assert sessions.exchange(store, code) is None  # used once
    assert sessions.exchange(store, "x" * 43) is None and sessions.exchange(store, None) is None
    with store.engine.connect() as conn:
        dump = repr(conn.execute(sa.text("SELECT * FROM sessions")).all())
    assert token not in dump and code not in dump and sessions.token_hash(token) in dump
    # a hand-off code left too long is refused
    _, late = sessions.start(store, "sam")
    assert sessions.exchange(store, late, now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)) is None
    # sign-out ends every session of that account, not the others'
    _, other = sessions.start(store, "sam")
    sam = sessions.exchange(store, other)
    sid2, _ = sessions.start(store, "mia")
    sessions.sign_out(store, sid)
    for check in (lambda: sessions.by_token(store, token), lambda: sessions.by_id(store, sid2)):
        with pytest.raises(sessions.SessionEnded):
            check()
    assert sessions.by_token(store, sam).username == "sam"


def test_sessions_end_when_idle_or_too_old(store):
    users.add_user(store, "mia", GOOD, "member")
    t0 = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    _, code = sessions.start(store, "mia", now=t0)
    token = sessions.exchange(store, code, now=t0)
    # active every 20 minutes: still signed in after 11 hours ...
    t = t0
    for _ in range(33):
        t += dt.timedelta(minutes=20)
        assert sessions.by_token(store, token, now=t).username == "mia"
    # ... but never beyond MAX_HOURS
    with pytest.raises(sessions.SessionEnded, match="timed out"):
        sessions.by_token(store, token, now=t0 + dt.timedelta(hours=sessions.MAX_HOURS, minutes=1))
    _, code = sessions.start(store, "mia", now=t0)
    token = sessions.exchange(store, code, now=t0)
    with pytest.raises(sessions.SessionEnded, match="timed out"):
        sessions.by_token(store, token, now=t0 + dt.timedelta(minutes=sessions.IDLE_MINUTES, seconds=1))
    with pytest.raises(sessions.SessionEnded):   # and it stays ended
        sessions.by_token(store, token, now=t0 + dt.timedelta(minutes=1))


def test_parallel_wrong_guesses_all_count_and_lock(store):
    """30 wrong passwords at once and the right one: every failure is counted (atomic UPDATE), the account
    locks, and the right password is refused while it is locked."""
    users.add_user(store, "mia", GOOD, "member")

    def attempt(pw):
        try:
            users.authenticate(store, "mia", pw)
            return "ok"
        except users.SignInRefused as exc:
            return str(exc)

    with cf.ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(attempt, [f"wrong guess {i:02d}" for i in range(30)] + [GOOD]))
    assert results[:30] == [users.REFUSED] * 30
    with store.engine.connect() as conn:
        locked = conn.execute(sa.text("SELECT locked_until FROM users WHERE username = 'mia'")).scalar_one()
    assert locked is not None
    assert attempt(GOOD) == users.REFUSED
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=users.LOCK_MINUTES * 3)
    assert users.authenticate(store, "mia", GOOD, now=later).username == "mia"


def test_refusals_are_alike_for_unknown_wrong_locked_and_disabled(store):
    users.add_user(store, "mia", GOOD, "member")
    users.add_user(store, "lou", GOOD, "member")
    users.add_user(store, "dan", GOOD, "member")
    users.set_active(store, "dan", False)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInRefused):
            users.authenticate(store, "lou", "wrong guess!")
    cases = {"unknown": ("nobody-here", GOOD), "wrong": ("mia", "wrong guess!"), "locked": ("lou", GOOD),
             "disabled": ("dan", GOOD)}
    times: dict[str, list[float]] = {k: [] for k in cases}
    messages = set()
    for _ in range(7):   # interleaved, so a busy machine slows every case alike
        for k, (u, p) in cases.items():
            t = time.perf_counter()
            with pytest.raises(users.SignInRefused) as exc:
                users.authenticate(store, u, p)
            times[k].append(time.perf_counter() - t)
            messages.add(str(exc.value))
        users.set_active(store, "mia", True)      # keep "mia" under the lock threshold
    assert messages == {users.REFUSED}
    med = {k: statistics.median(v) for k, v in times.items()}
    # an answer without the argon2 verification would be some hundred times faster
    assert max(med.values()) < 3 * min(med.values()), med


# --- passwords ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pw", ["password123", "aaaaaaaaaa", "Password123!", "qwertyuiop", "1234567890",
                                "abcdefghijk", "iloveyou12", "abababababab", "mia.mueller", "mia.mueller99",
                                "Mia Mueller", "attdash2026"])
def test_common_breached_and_own_name_passwords_are_refused(pw):
    with pytest.raises(validation.InvalidInput, match="is too easy to guess") as exc:
        validation.password(pw, context=("mia.mueller", "mia.mueller@example.org", "Mia Mueller"))
    assert str(exc.value).startswith("password: ") and "\n" not in str(exc.value)


@pytest.mark.parametrize("pw", [GOOD, "Lagos rain at noon", "ünïcödé lange Wörter", "mia likes 7 green kites"])
def test_long_unusual_passwords_are_accepted(pw):
    assert validation.password(pw, context=("mia", None, "Mia")) == pw


def test_the_blocklist_is_the_shipped_one():
    common = validation.common_passwords()
    assert len(common) == 19640 and "password123" in common and "aaaaaaaaaa" in common
    assert (ROOT / "attdash" / "register" / "common-passwords.NOTICE.txt").read_text().count("Django") >= 2


def test_account_with_own_name_as_password_is_refused(store):
    with pytest.raises(validation.InvalidInput, match="too easy to guess"):
        users.add_user(store, "kwame.mensah", "kwame.mensah", "member")
    with pytest.raises(validation.InvalidInput, match="too easy to guess"):
        users.add_user(store, "kofi", "Kofi Annan 2024", "member", display_name="Kofi Annan")
    users.add_user(store, "kofi", GOOD, "member")
    with pytest.raises(validation.InvalidInput, match="too easy to guess"):
        users.set_password(store, "kofi", "password123")


# --- entries: non-characters ----------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["summary", "actor_name", "outcome", "next_step"])
@pytest.mark.parametrize("ch", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_noncharacters_are_refused_at_entry(field, ch):
    with pytest.raises(validation.InvalidInput, match=f"^{field}: contains control characters"):
        validation.activity(raw_activity(**{field: f"Met{ch} the mission"}), STATES, today=TODAY)


# --- the SQLite file's permissions -----------------------------------------------------------------------

def test_sqlite_register_is_private(tmp_path, monkeypatch):
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    folder = tmp_path / "fresh" / "register"
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(folder))
    old = os.umask(0o022)
    try:
        s = open_store()
        s.add(SEC, act())
        users.add_user(s, "mia", GOOD, "member")
        files = sorted(p.name for p in folder.iterdir())
        assert {"register.sqlite3", "register.sqlite3-wal", "register.sqlite3-shm"} <= set(files)
        for p in folder.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        s.dispose()
        # an older, world-readable file is tightened when opened
        os.chmod(folder / "register.sqlite3", 0o644)
        os.chmod(folder, 0o755)
        open_store().dispose()
        assert stat.S_IMODE((folder / "register.sqlite3").stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        os.umask(old)


# --- a bad or unreachable database ----------------------------------------------------------------------

def _cli(*args, env_over: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_over}
    return subprocess.run([sys.executable, "-m", "attdash", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("url, says", [
    ("not a url", "ATTDASH_DATABASE_URL is not a database URL"),
    ("mysql://u@h/db", "must be SQLite or PostgreSQL"),
    ("postgresql://nobody:s3cret-pw@127.0.0.1:1/attdash", "cannot reach the register's database at "
                                                          "postgresql+psycopg://nobody:***@127.0.0.1:1/attdash"),
])
def test_bad_or_unreachable_database_is_one_line_exit_2(url, says, tmp_path):
    res = _cli("users", "list", env_over={"ATTDASH_DATABASE_URL": url, "ATTDASH_DATA_DIR": str(tmp_path)})
    assert res.returncode == 2, res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.startswith("attdash: error: ") and says in res.stderr
    assert "s3cret-pw" not in res.stderr


def test_open_store_names_the_problem_without_the_password():
    with pytest.raises(StoreUnavailable, match=r"\*\*\*") as exc:
        open_store("postgresql+psycopg://u:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in str(exc.value)


# --- PostgreSQL full: a queue, not tracebacks ------------------------------------------------------------

@pytest.fixture
def limited_pg(pg_cluster):
    """A database owned by a role that may hold only 2 connections at once ("too many connections")."""
    import psycopg
    pg_cluster._n += 1
    role, name = f"lim_{os.getpid()}_{pg_cluster._n}", f"limdb_{os.getpid()}_{pg_cluster._n}"
    with psycopg.connect(host=str(pg_cluster.sock), port=pg_cluster.port, user="postgres", dbname="postgres",
                         autocommit=True) as con:
        con.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 2')
        con.execute(f'CREATE DATABASE "{name}" OWNER "{role}"')
    url = f"postgresql+psycopg://{role}@/{name}?host={pg_cluster.sock}&port={pg_cluster.port}"
    open_store(url).dispose()    # migrated once
    return url


def test_many_processes_at_once_wait_for_a_connection(limited_pg):
    """24 stores (as 24 processes would) writing at once through 2 connection slots: all succeed."""
    def one(i):
        s = open_store(limited_pg)
        try:
            return s.add(SEC, act(summary=f"parallel {i}"))
        finally:
            s.dispose()

    with cf.ThreadPoolExecutor(max_workers=24) as pool:
        ids = list(pool.map(one, range(24)))
    assert len(set(ids)) == 24
    s = open_store(limited_pg)
    assert s.count() == 24
    s.dispose()


def test_cli_processes_at_once_wait_or_refuse_in_one_line(limited_pg, tmp_path):
    env = {"ATTDASH_DATABASE_URL": limited_pg, "ATTDASH_DATA_DIR": str(tmp_path)}
    args = ["register", "add", "--target", "FJI", "--date", "2026-02-01", "--kind", "visit", "--by", "Co-chairs",
            "--summary", "parallel CLI"]
    procs = [subprocess.Popen([sys.executable, "-m", "attdash", *args], cwd=ROOT, env={**os.environ, **env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [e for _, e in outs]
    assert all("Traceback" not in e for _, e in outs)
    # with no patience at all, the refusal is one line
    hold = [open_store(limited_pg) for _ in range(2)]
    conns = [h.engine.connect() for h in hold]
    try:
        res = _cli(*args, env_over={**env, "ATTDASH_DB_CONNECT_WAIT": "1"})
    finally:
        for c in conns:
            c.close()
        for h in hold:
            h.dispose()
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, res.stderr
    assert "has no free connection (too many clients)" in res.stderr
