"""The register's store: the same tests on SQLite and on PostgreSQL (see conftest.store_url)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from attdash.register import users, validation
from attdash.register.store import Conflict, NotAllowed, Viewer, open_store
from tests.register.conftest import STATES, TODAY, raw_activity

SEC = Viewer("sara", "secretariat")
ALICE = Viewer("alice", "member")
BOB = Viewer("bob", "member")


def act(**over):
    return validation.activity(raw_activity(**over), STATES, today=TODAY)


def test_add_get_list_roundtrip(store):
    i = store.add(ALICE, act(targets=["ken", "UGA", "KEN"], summary="Démarche <script>x</script> 'a'; --",
                             follow_up_date="2026-12-01", level="ambassador"))
    e = store.get(ALICE, i)
    assert e["targets"] == ["KEN", "UGA"]
    assert e["summary"] == "Démarche <script>x</script> 'a'; --"
    assert e["entered_by"] == "alice" and e["version"] == 1 and e["level"] == "ambassador"
    assert e["follow_up_date"] == dt.date(2026, 12, 1)
    df = store.activities(ALICE, targets=["UGA"])
    assert df["id"].to_list() == [i] and df["targets"].to_list() == ["KEN;UGA"]
    assert store.activities(ALICE, targets=["ECU"]).height == 0
    assert store.activities(ALICE, since=dt.date(2026, 10, 2)).height == 0
    assert store.activities(ALICE, since=dt.date(2026, 10, 1)).height == 1


def test_same_submission_id_is_stored_once(store):
    a = store.add(ALICE, act(), uid="sub-0001-retry")
    b = store.add(ALICE, act(), uid="sub-0001-retry")
    assert a == b and store.count() == 1


def test_update_keeps_before_and_after(store):
    i = store.add(ALICE, act())
    store.update(ALICE, i, act(summary="Second meeting.", targets=["KEN", "ECU"]), expected_version=1)
    e = store.get(ALICE, i)
    assert e["summary"] == "Second meeting." and e["version"] == 2 and e["targets"] == ["ECU", "KEN"]
    h = store.history(ALICE, i)
    assert [x["action"] for x in h] == ["create", "update"]
    assert h[1]["before"]["summary"] == "Met the mission in Geneva." and h[1]["before"]["targets"] == ["KEN"]
    assert h[1]["after"]["summary"] == "Second meeting." and h[1]["after"]["targets"] == ["ECU", "KEN"]
    assert h[1]["changed_by"] == "alice"
    with pytest.raises(Conflict):
        store.update(ALICE, i, act(summary="stale"), expected_version=1)
    assert store.get(ALICE, i)["summary"] == "Second meeting."


def test_soft_delete_hides_but_keeps(store):
    i = store.add(ALICE, act())
    store.delete(ALICE, i, "entered twice")
    assert store.activities(SEC).height == 0
    assert store.count() == 1
    gone = store.activities(SEC, include_deleted=True)
    assert gone["delete_reason"].to_list() == ["entered twice"]
    h = store.history(SEC, i)
    assert h[-1]["action"] == "delete" and h[-1]["after"]["delete_reason"] == "entered twice"
    with pytest.raises(NotAllowed):
        store.update(SEC, i, act())


def test_history_is_append_only_in_the_database(store):
    i = store.add(ALICE, act())
    for stmt in ("UPDATE activity_history SET changed_by = 'mallory'", "DELETE FROM activity_history"):
        with pytest.raises(sa.exc.DBAPIError):
            with store.engine.begin() as conn:
                conn.execute(sa.text(stmt))
    assert store.history(SEC, i)[0]["changed_by"] == "alice"


def test_members_do_not_see_secretariat_only_entries(store):
    secret = store.add(SEC, act(visibility="secretariat", summary="Sensitive"))
    public = store.add(SEC, act(summary="Shared"))
    assert store.activities(ALICE)["id"].to_list() == [public]
    assert sorted(store.activities(SEC)["id"].to_list()) == sorted([secret, public])
    with pytest.raises(LookupError):
        store.get(ALICE, secret)
    with pytest.raises(LookupError):
        store.history(ALICE, secret)
    with pytest.raises(LookupError):
        store.update(ALICE, secret, act())
    seen, hidden = store.overlapping(ALICE, ["KEN"], dt.date(2026, 10, 20))
    assert seen["id"].to_list() == [public] and hidden == 1
    assert "Sensitive" not in str(store.state_summary(ALICE).to_dicts())


def test_members_edit_only_their_own(store):
    mine = store.add(ALICE, act())
    with pytest.raises(NotAllowed):
        store.update(BOB, mine, act(summary="Bob was here"))
    with pytest.raises(NotAllowed):
        store.delete(BOB, mine, "no")
    store.update(SEC, mine, act(summary="Fixed by the Secretariat"))
    assert store.get(BOB, mine)["summary"] == "Fixed by the Secretariat"
    assert store.history(SEC, mine)[-1]["changed_by"] == "sara"


def test_duplicate_window(store):
    a = store.add(ALICE, act(activity_date="2026-08-02", targets=["VNM"], actor_name="Mission of Japan"))
    store.add(ALICE, act(activity_date="2026-05-01", targets=["VNM"]))        # 153 days before: outside
    store.add(ALICE, act(activity_date="2026-09-30", targets=["FJI"]))        # other State
    seen, hidden = store.overlapping(BOB, ["VNM", "IDN"], dt.date(2026, 10, 1))
    assert seen["id"].to_list() == [a] and hidden == 0      # 60 days after 2 Aug is 1 Oct: inside
    assert seen["actor_name"].to_list() == ["Mission of Japan"] and seen["entered_by"].to_list() == ["alice"]
    assert store.overlapping(BOB, ["VNM"], dt.date(2026, 10, 2))[0].height == 0
    assert store.overlapping(BOB, ["VNM"], dt.date(2026, 7, 1))[0]["id"].to_list() == [a]
    assert store.overlapping(BOB, ["VNM"], dt.date(2026, 10, 2), window_days=61)[0]["id"].to_list() == [a]
    assert store.overlapping(BOB, ["VNM"], dt.date(2026, 8, 2), exclude_id=a)[0].height == 0


def test_state_summary(store):
    store.add(ALICE, act(activity_date="2026-03-01", targets=["ECU"], actor_name="Mexico",
                         follow_up_date="2026-12-15"))
    store.add(BOB, act(activity_date="2026-09-01", targets=["ECU", "KEN"], actor_name="Co-chairs"))
    store.add(BOB, act(activity_date="2027-02-01", targets=["ECU"], actor_name="Co-chairs"))  # planned
    s = {r["iso3"]: r for r in store.state_summary(ALICE, today=TODAY).to_dicts()}
    assert s["ECU"]["last_outreach"] == dt.date(2026, 9, 1)
    assert s["ECU"]["next_follow_up"] == dt.date(2026, 12, 15)
    assert s["ECU"]["engaged"] == "Co-chairs; Mexico" and s["ECU"]["activities"] == 3
    assert s["KEN"]["next_follow_up"] is None and s["KEN"]["activities"] == 1


def test_accounts_and_rate_limit(store):
    users.add_user(store, "Alice", "a long passphrase", "member", email="Alice@Example.org")
    assert users.authenticate(store, "alice", "a long passphrase").role == "member"
    assert users.user_by_email(store, "alice@example.org").username == "alice"
    with pytest.raises(validation.InvalidInput):
        users.add_user(store, "alice", "another passphrase", "member")
    with pytest.raises(validation.InvalidInput):
        users.add_user(store, "root", "another passphrase", "admin")
    with pytest.raises(validation.InvalidInput):
        users.add_user(store, "carol", "short", "member")
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInRefused):
            users.authenticate(store, "alice", "wrong guess!")
    # locked: the right password is refused, with the one message every failure gets
    with pytest.raises(users.SignInRefused) as locked:
        users.authenticate(store, "alice", "a long passphrase")
    assert str(locked.value) == users.REFUSED
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=users.LOCK_MINUTES + 1)
    assert users.authenticate(store, "alice", "a long passphrase", now=later).username == "alice"
    users.set_active(store, "alice", False)
    with pytest.raises(users.SignInRefused):
        users.authenticate(store, "alice", "a long passphrase", now=later)
    with pytest.raises(users.SignInRefused):
        users.authenticate(store, "nobody", "a long passphrase")
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and "passphrase" not in stored


def _head() -> str:
    """The newest migration (0001 the register, 0002 sessions, 0003 data updates, ...)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from attdash.register.store import MIGRATIONS_DIR
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_reopening_migrates_nothing_and_keeps_rows(store, store_url):
    store.add(ALICE, act())
    again = open_store(store_url)
    try:
        assert again.count() == 1
        with again.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == _head() == "0003"
    finally:
        again.dispose()


def test_sqlite_pragmas(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
    assert s.integrity_check() == "ok"
    s.dispose()


def test_default_location_and_url(monkeypatch, tmp_path):
    from attdash.register import store as st
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path / "fresh" / "dir"))
    assert st.database_url() == f"sqlite:///{tmp_path / 'fresh' / 'dir' / 'register.sqlite3'}"
    s = open_store()
    assert (tmp_path / "fresh" / "dir" / "register.sqlite3").exists()
    s.dispose()
    monkeypatch.setenv("ATTDASH_DATABASE_URL", "postgresql://u@h/db")
    assert st.database_url() == "postgresql+psycopg://u@h/db"
