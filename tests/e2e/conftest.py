"""Fixtures for the end-to-end browser tests: the Streamlit server, the browser, a page per test.

The server runs the real app (``streamlit run asgi.py``: app.py as the Makefile serves it) on the shipped snapshot; expectations are
computed with ``python -m attdash ...`` (see e2e_support.cli) so the tests compare the dashboard with
the command line, not with numbers copied into the tests.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from e2e_support import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, HEALTH_TIMEOUT_S, REPO_ROOT, VIEWPORT,
                         watch_network_and_console)


# --- the server ---------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_running(log_dir: Path, script: str = "asgi.py", extra_args: tuple[str, ...] = (),
                      port: int | None = None):
    """``asgi.py`` (app.py as ``make run`` serves it: through the launcher, with TCP_NODELAY; or ``script``) on a
    free port (or ``port``); yields the base URL, stops the server afterwards."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = log_dir / f"server-{port}.log"
    cmd = [sys.executable, "-m", "attdash.server.launch", script,
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false",
           # Other people edit the sources while the tests run: no "source changed" prompts or reruns.
           "--server.fileWatcherType", "none", "--server.runOnSave", "false", *extra_args]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode} before answering /_stcore/health:\n"
                            + log_path.read_text(errors="replace"))
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer /_stcore/health with 'ok' within {HEALTH_TIMEOUT_S} s:\n"
                            + log_path.read_text(errors="replace"))
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory):
    with streamlit_running(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


# --- the browser --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def browser_context(browser, streamlit_server):
    """One browser context for the run (its HTTP cache makes page loads fast).

    Each tab has its own websocket, so each test's page is still a fresh Streamlit session.
    """
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=streamlit_server)
    ctx.set_default_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def base_url(streamlit_server, browser_context):
    """The app's URL, after one visit to the entry page.

    One visit to / first warms the server (imports, snapshot connection, query caches) so that the tests'
    timeouts measure the app, not the cold start. A deep link as the very first request after the server
    starts is tested on its own server in test_deep_link_on_a_freshly_started_server.
    """
    page = browser_context.new_page()
    try:
        page.goto("/")
        page.get_by_role("heading", name="Arms Trade Treaty — universalization overview").wait_for(timeout=60_000)
    finally:
        page.close()
    return streamlit_server


@pytest.fixture
def page(browser_context, base_url):
    """A new tab, hence a new Streamlit session, per test.

    ``page.dialogs`` records every JavaScript dialog (alert/confirm/prompt), dismissed at once;
    ``page.page_errors`` records uncaught JavaScript errors; ``page.requests``, ``page.console_errors`` and
    ``page.ws_frames`` (see e2e_support.watch_network_and_console) every request, console error and
    websocket frame received.
    """
    pg = browser_context.new_page()
    pg.dialogs = []
    pg.page_errors = []

    def on_dialog(d):
        pg.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.page_errors.append(str(e)))
    watch_network_and_console(pg)
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
