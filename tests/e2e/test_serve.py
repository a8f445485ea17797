"""Two workers behind HAProxy (``python -m attdash.server.serve --workers 2``), in a real browser.

A session stays on its worker (every websocket handshake and page response names it in ``X-Attdash-Worker``,
and HAProxy's own counters show no connection on the other worker); new browsers are spread and the stickiness
cookie picks the worker; a snapshot published while serving reaches both workers' new sessions; a signed-in user
stays signed in on the other worker (sessions live in the register's database); stopping the serve
command leaves no process behind.

Its own serve: a temporary snapshots folder (a copy of the newest shipped snapshot) and a temporary register with
one synthetic account. Run: .venv/bin/python -m pytest tests/e2e/test_serve.py -q
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from e2e_support import REPO_ROOT, VIEWPORT, in_ci, require_browser

require_browser()

from attdash.server.serve import READY, find_haproxy  # noqa: E402

if find_haproxy() is None and not in_ci():
    pytest.skip("haproxy is not installed (make haproxy)", allow_module_level=True)

import psutil  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from test_browser import pick_multiselect, sidebar, wait_for_app  # noqa: E402

COOKIE, HEADER = "attdash_worker", "x-attdash-worker"
WORKERS = {"w1", "w2"}
USER, PASSWORD = "sara", "serve test passphrase 1"
SHIPPED = sorted(p for p in (REPO_ROOT / "data" / "snapshots").iterdir() if not p.name.startswith("."))[-1]
#: the serve's first snapshot (the newest shipped one, dated two days before today at the latest) and the one
#: published while serving, a day later: a snapshot dated after today is refused on reading
START = min(dt.date.fromisoformat(SHIPPED.name), dt.date.today() - dt.timedelta(days=2)).isoformat()
PUBLISHED = (dt.date.fromisoformat(START) + dt.timedelta(days=1)).isoformat()


def _copy_as(day: str, dest: Path) -> None:
    """The shipped snapshot's files as the snapshot of ``day`` (its manifest's as-of date changed to match)."""
    shutil.copytree(SHIPPED, dest)
    manifest = json.loads((dest / "manifest.json").read_text())
    manifest["as_of"] = day
    (dest / "manifest.json").write_text(json.dumps(manifest))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read() == b"ok"
    except OSError:
        return False


class Serve:
    """The running serve command: its process, URL, snapshots folder and every process it started."""

    def __init__(self, proc: subprocess.Popen, url: str, snapshots: Path, log: Path):
        self.proc, self.url, self.snapshots, self.log = proc, url, snapshots, log
        self.tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]

    @property
    def haproxy(self) -> psutil.Process:
        return next(p for p in self.tree if p.name() == "haproxy")

    def current_sessions(self) -> dict[str, int]:
        """HAProxy's count of current sessions per worker (its admin socket, beside its configuration)."""
        cmd = self.haproxy.cmdline()
        sock_path = Path(cmd[cmd.index("-f") + 1]).with_name("haproxy.sock")
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(str(sock_path))
            s.sendall(b"show stat\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {r["svname"]: int(r["scur"]) for r in rows if r["pxname"] == "streamlit" and r["svname"] in WORKERS}


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    from attdash.register import users
    from attdash.register.store import open_store

    tmp = tmp_path_factory.mktemp("serve")
    snapshots = tmp / "snapshots"
    _copy_as(START, snapshots / START)
    env = {**os.environ, "ATTDASH_SNAPSHOTS": str(snapshots), "ATTDASH_DATA_DIR": str(tmp / "register")}
    env.pop("ATTDASH_DATABASE_URL", None)
    saved = {k: os.environ.get(k) for k in ("ATTDASH_DATA_DIR", "ATTDASH_DATABASE_URL")}
    os.environ["ATTDASH_DATA_DIR"] = env["ATTDASH_DATA_DIR"]
    os.environ.pop("ATTDASH_DATABASE_URL", None)
    try:
        store = open_store()
        users.add_user(store, USER, PASSWORD, "secretariat", display_name="Sara (Secretariat)")
        store.dispose()
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "attdash.server.serve", "--workers", "2", "--port", str(port),
                                 "--", "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
                                cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while READY not in log.read_text(errors="replace") or not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("serve did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.25)
    s = Serve(proc, url, snapshots, log)
    try:
        yield s
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture
def new_context(browser, serve):
    """Fresh browser contexts (no cookies) on the proxy; each page records the worker named by every websocket
    handshake (``page.ws_workers``, through the DevTools protocol) and every page or fetch response
    (``page.http_workers``)."""
    made = []

    def make(cookie: str | None = None) -> Page:
        ctx = browser.new_context(viewport=VIEWPORT, base_url=serve.url)
        ctx.set_default_timeout(30_000)
        made.append(ctx)
        if cookie:
            ctx.add_cookies([{"name": COOKIE, "value": cookie, "url": serve.url}])
        page = ctx.new_page()
        page.ws_workers, page.http_workers = [], []
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: page.ws_workers.append(
            {k.lower(): v for k, v in e["response"]["headers"].items()}.get(HEADER)))
        page.on("response", lambda r: page.http_workers.append(r.headers.get(HEADER))
                if r.request.resource_type in ("document", "fetch") and r.url.startswith(serve.url) else None)
        return page

    yield make
    for ctx in made:
        ctx.close()


def open_overview(page: Page) -> None:
    page.goto("/", wait_until="domcontentloaded")
    wait_for_app(page, after_action=False)
    expect(page.get_by_role("heading", name="Arms Trade Treaty — universalization overview")).to_be_visible()


def worker_cookie(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)


def test_a_session_stays_on_its_worker(serve, new_context):
    page = new_context()
    open_overview(page)
    worker = worker_cookie(page)
    assert worker in WORKERS
    pick_multiselect(page, "UN regional group", "African")  # reruns over the same websocket
    pick_multiselect(page, "UN regional group", "Asia-Pacific")
    for _ in range(2):  # a reload is a new websocket and a new Streamlit session: the cookie brings it back
        page.reload(wait_until="domcontentloaded")
        wait_for_app(page, after_action=False)
    assert page.ws_workers == [worker] * 3, page.ws_workers
    assert page.http_workers and set(page.http_workers) == {worker}, page.http_workers
    other = (WORKERS - {worker}).pop()
    sessions = serve.current_sessions()
    assert sessions[worker] >= 1 and sessions[other] == 0, sessions


def test_new_browsers_are_spread_and_the_cookie_picks_the_worker(serve, new_context):
    first = new_context()
    open_overview(first)
    a = worker_cookie(first)
    second = new_context()  # no cookie: the worker with fewer connections
    open_overview(second)
    b = worker_cookie(second)
    assert {a, b} == WORKERS and second.ws_workers == [b]
    for w in sorted(WORKERS):  # the cookie decides, whatever the load
        forced = new_context(cookie=w)
        open_overview(forced)
        pick_multiselect(forced, "UN regional group", "African")
        assert forced.ws_workers == [w] and set(forced.http_workers) == {w}, (w, forced.ws_workers)


def test_a_signed_in_user_stays_signed_in_on_the_other_worker(serve, new_context):
    page = new_context()
    page.goto("/register", wait_until="domcontentloaded")
    wait_for_app(page, after_action=False)
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)
    other = (WORKERS - {worker_cookie(page)}).pop()
    page.context.add_cookies([{"name": COOKIE, "value": other, "url": serve.url}])  # as if the worker moved
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page, after_action=False)
    assert page.ws_workers[-1] == other, page.ws_workers
    expect(sidebar(page).get_by_role("button", name="Sign out")).to_be_visible(timeout=15_000)


def test_a_snapshot_published_while_serving_reaches_every_worker(serve, new_context):
    def long(day: str) -> str:
        d = dt.date.fromisoformat(day)
        return f"{d.day} {d:%B %Y}"

    def new_session_opens(worker: str, snapshot: str) -> None:
        """A new session on ``worker`` opens ``snapshot`` (the newest): its "Status on" date is the as-of date."""
        page = new_context(cookie=worker)
        open_overview(page)
        assert page.ws_workers == [worker]
        expect(sidebar(page).get_by_role("textbox", name="Status on")).to_have_value(long(snapshot))

    for w in sorted(WORKERS):  # both workers have scanned (and cached) the snapshots folder
        new_session_opens(w, START)
    # Publish as `snapshot build` does: write a temporary folder, then rename it into place.
    building = serve.snapshots / f".building-{PUBLISHED}-test"
    _copy_as(PUBLISHED, building)
    building.rename(serve.snapshots / PUBLISHED)
    for w in sorted(WORKERS):  # no restart: each worker's next new session opens the new snapshot
        new_session_opens(w, PUBLISHED)


def test_stopping_serve_leaves_no_process_behind(serve):
    tree = serve.tree
    assert len(tree) == 4 and sum(p.name() == "haproxy" for p in tree) == 1, [p.cmdline() for p in tree]
    tmp = Path(serve.haproxy.cmdline()[serve.haproxy.cmdline().index("-f") + 1]).parent
    assert tmp.is_dir()
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(timeout=30) == 0, serve.log.read_text(errors="replace")
    gone, alive = psutil.wait_procs(tree, timeout=5)
    assert alive == [], [p.cmdline() for p in alive]
    assert not tmp.exists()
    assert not _healthy(serve.url)
