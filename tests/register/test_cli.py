"""``python -m attdash users ...`` and ``register list`` (in-process; SQLite in a temporary data directory)."""

from __future__ import annotations

import csv
import io

import pytest

from attdash import cli


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path))
    return tmp_path


def run(capsys, monkeypatch, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_list_disable(env, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, ["users", "add", "Sara", "--role", "secretariat", "--email",
                                               "sara@example.org", "--password-stdin"], "a good passphrase\n")
    assert (code, out.strip(), err) == (0, "added sara (secretariat)", "")
    code, out, _ = run(capsys, monkeypatch, ["users", "list"])
    assert code == 0 and "sara@example.org" in out and "argon2" not in out and "passphrase" not in out
    code, _, err = run(capsys, monkeypatch, ["users", "add", "bob", "--role", "admin", "--password-stdin"], "x" * 12)
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(capsys, monkeypatch, ["users", "add", "bob", "--role", "member", "--password-stdin"], "short\n")
    assert code == 2 and err.strip() == "attdash: error: password: must have at least 10 characters"
    assert run(capsys, monkeypatch, ["users", "disable", "sara"])[0] == 0
    code, _, err = run(capsys, monkeypatch, ["users", "disable", "nobody"])
    assert code == 2 and "no account named 'nobody'" in err


def test_register_add_as_member_and_list_by_role(env, capsys, monkeypatch):
    run(capsys, monkeypatch, ["users", "add", "mia", "--role", "member", "--password-stdin"], "member passphrase\n")
    base = ["register", "add", "--target", "FJI", "--date", "2026-02-01", "--kind", "visit", "--by", "Co-chairs"]
    assert run(capsys, monkeypatch, base + ["--summary", "open", "--as", "mia"])[0] == 0
    assert run(capsys, monkeypatch, base + ["--summary", "closed", "--visibility", "secretariat"])[0] == 0
    code, out, _ = run(capsys, monkeypatch, ["register", "list", "--format", "csv", "--as", "mia"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["summary"] for r in rows] == ["open"] and rows[0]["entered_by"] == "mia"
    code, out, _ = run(capsys, monkeypatch, ["register", "list", "--format", "csv", "--target", "fji"])
    assert sorted(r["summary"] for r in csv.DictReader(io.StringIO(out))) == ["closed", "open"]
    code, out, _ = run(capsys, monkeypatch, ["register", "list", "--format", "csv", "--since", "2026-02-02"])
    assert list(csv.DictReader(io.StringIO(out))) == []


def test_disable_password_and_sign_out_end_open_sessions(env, capsys, monkeypatch):
    from attdash.register import sessions
    from attdash.register.store import open_store
    run(capsys, monkeypatch, ["users", "add", "tom", "--role", "member", "--password-stdin"], "tom walks far away\n")
    store = open_store()
    try:
        for _ in range(2):
            sessions.start(store, "tom")
        code, out, _ = run(capsys, monkeypatch, ["users", "sign-out", "tom"])
        assert (code, out.strip()) == (0, "signed out tom: 2 open sessions ended")
        sid, _ = sessions.start(store, "tom")
        code, out, err = run(capsys, monkeypatch, ["users", "password", "tom", "--password-stdin"], "password123\n")
        assert code == 2 and err.startswith("attdash: error: password: is too easy to guess")
        assert sessions.by_id(store, sid).username == "tom"          # a refused new password changes nothing
        code, out, _ = run(capsys, monkeypatch, ["users", "password", "tom", "--password-stdin"], "new long phrase 9\n")
        assert code == 0 and sessions.live_count(store, "tom") == 0
        sessions.start(store, "tom")
        code, out, _ = run(capsys, monkeypatch, ["users", "disable", "tom"])
        assert (code, out.strip()) == (0, "disabled tom: 1 open session ended")
        code, _, err = run(capsys, monkeypatch, ["users", "sign-out", "nobody"])
        assert code == 2 and "no account named 'nobody'" in err
    finally:
        store.dispose()
