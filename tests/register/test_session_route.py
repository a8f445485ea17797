"""Issue 17: the session route of asgi.py (/api/attdash/session), called as the browser's frame calls it
(raw ASGI requests, no server): code → HttpOnly SameSite=Strict cookie, once; other sites refused."""

from __future__ import annotations

import pytest

from attdash.register import sessions, users
from attdash.register.store import open_store
from attdash.ui import session_http
from tests.conftest import run_coroutine


def call(path: str, headers: dict[str, str] | None = None, scheme: str = "http") -> tuple[int, dict[str, list[str]]]:
    from starlette.applications import Starlette
    app = Starlette(routes=session_http.routes())
    raw_path, _, query = path.partition("?")
    scope = {"type": "http", "method": "GET", "path": raw_path, "raw_path": raw_path.encode(),
             "query_string": query.encode(), "scheme": scheme, "server": ("127.0.0.1", 8501),
             "client": ("127.0.0.1", 5000), "root_path": "", "http_version": "1.1",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
    out: dict = {"headers": {}}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(msg):
        if msg["type"] == "http.response.start":
            out["status"] = msg["status"]
            for k, v in msg["headers"]:
                out["headers"].setdefault(k.decode().lower(), []).append(v.decode())

    run_coroutine(app(scope, receive, send))
    return out["status"], out["headers"]


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(session_http, "MOUNTED", False)   # routes() sets it; restored after the test
    session_http._store.cache_clear()
    store = open_store()
    users.add_user(store, "mia", "mia walks the long road 3", "member")
    yield store
    store.dispose()
    session_http._store.cache_clear()


def test_code_becomes_an_httponly_cookie_once(env):
    sid, code = sessions.start(env, "mia")
    status, headers = call(f"{session_http.PATH}?code={code}", {"sec-fetch-site": "same-origin"})
    assert status == 200
    (cookie,) = headers["set-cookie"]
    parts = [p.strip() for p in cookie.split(";")]
    token = parts[0].split("=", 1)[1]
    assert parts[0].startswith("attdash_session=") and "HttpOnly" in parts and "SameSite=strict" in parts
    assert "Path=/" in parts and "Secure" not in parts and f"Max-Age={sessions.MAX_HOURS * 3600}" in parts
    assert headers["cache-control"] == ["no-store"]
    assert sessions.by_token(env, token).id == sid
    status, headers = call(f"{session_http.PATH}?code={code}")       # used: refused, no cookie
    assert status == 400 and "set-cookie" not in headers


def test_https_behind_a_proxy_sets_secure(env):
    _, code = sessions.start(env, "mia")
    status, headers = call(f"{session_http.PATH}?code={code}", {"x-forwarded-proto": "https"})
    assert status == 200 and "Secure" in [p.strip() for p in headers["set-cookie"][0].split(";")]


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_other_sites_cannot_sign_a_browser_in_or_out(env, site):
    _, code = sessions.start(env, "mia")
    for path in (f"{session_http.PATH}?code={code}", f"{session_http.PATH}?end=1"):
        status, headers = call(path, {"sec-fetch-site": site})
        assert status == 403 and "set-cookie" not in headers
    assert sessions.exchange(env, code) is not None    # the code was not spent by the refused request


@pytest.mark.parametrize("query", ["code=", "code=short", "code=" + "x" * 43, "code=%3Cscript%3E" + "a" * 30, ""])
def test_bad_codes_are_refused(env, query):
    status, headers = call(f"{session_http.PATH}?{query}")
    assert status == 400 and "set-cookie" not in headers


def test_end_clears_the_cookie_and_signs_out(env):
    sid, code = sessions.start(env, "mia")
    token = sessions.exchange(env, code)
    status, headers = call(f"{session_http.PATH}?end=1", {"cookie": f"attdash_session={token}"})
    assert status == 200
    cleared = [p.strip() for p in headers["set-cookie"][0].split(";")]
    assert cleared[0] in ("attdash_session=", 'attdash_session=""') and "Max-Age=0" in cleared
    with pytest.raises(sessions.SessionEnded):
        sessions.by_id(env, sid)
