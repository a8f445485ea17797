"""Shared constants and helpers of the end-to-end tests (imported by conftest.py and the tests).

A module with its own name rather than ``from conftest import ...``: another conftest.py higher up
would shadow that name.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 720}  # a meeting room's projector
WIDE_VIEWPORT = {"width": 1920, "height": 1080}
HEALTH_TIMEOUT_S = 60


def in_ci() -> bool:
    """CI is "set" unless it is absent, empty, 0 or false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


EXPECT_TIMEOUT_MS = 20_000


def require_browser() -> None:
    """Skip the calling test module when there is no browser locally; fail loudly in CI.

    Call at module level: a skip skips the whole module; in CI a missing browser is a collection error.
    """
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package is not installed (pip install -r requirements.txt)")
    if not problems:
        # An assertion waits for what a rerun draws: on a busy 2-core CI machine a rerun after a save can take
        # longer than Playwright's default 5 s. A passing assertion returns as soon as it holds.
        from playwright.sync_api import expect
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)
        return
    reason = "end-to-end browser tests cannot run: " + "; ".join(problems)
    if in_ci():
        raise RuntimeError(f"{reason}. CI is set, so these tests must run.")
    pytest.skip(reason, allow_module_level=True)


# --- the command line ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def cli(*args: str) -> str:
    """Run ``python -m attdash ARGS`` from the repo root and return its stdout (UTF-8); cached per run."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    done = subprocess.run([sys.executable, "-m", "attdash", *args], cwd=REPO_ROOT, env=env, capture_output=True,
                          timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"attdash {' '.join(args)} exited {done.returncode}: "
                             f"{done.stderr.decode('utf-8', 'replace')}")
    return done.stdout.decode("utf-8")


def cli_csv(*args: str) -> list[dict[str, str]]:
    """Rows of ``python -m attdash ARGS --format csv``."""
    return parse_csv(cli(*args, "--format", "csv"))


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- what the browser does -----------------------------------------------------------------------------

def watch_network_and_console(page) -> None:
    """Record on ``page``: every request URL (``page.requests``), console errors (``page.console_errors``)
    and the byte size of every websocket frame received (``page.ws_frames``, Streamlit's ForwardMsgs)."""
    page.requests = []
    page.ws_frames = []
    page.bad_responses = []
    page._console_errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("response", lambda r: page.bad_responses.append((r.status, r.url)) if r.status >= 400 else None)
    page._console_warnings = []
    page.on("console", lambda m: page._console_errors.append(m.text) if m.type == "error" else None)
    page.on("console", lambda m: page._console_warnings.append(m.text) if m.type == "warning" else None)
    type(page).console_errors = property(_console_errors)
    type(page).console_warnings = property(_console_warnings)

    def on_ws(ws):
        ws.on("framereceived", lambda payload: page.ws_frames.append(
            len(payload) if isinstance(payload, (bytes, bytearray)) else len(payload.encode("utf-8"))))

    page.on("websocket", on_ws)


def _console_errors(page) -> list[str]:
    """Console errors. (A page opened at its own address, /by-group, used to log two 404s while Streamlit's
    front end looked for its server under that path; asgi.py's attdash.web.PinBackendUrl tells it the root.)"""
    return list(page._console_errors)


def _console_warnings(page) -> list[str]:
    """Console warnings of the page's own making (Vega's "WARN …"); the GPU driver's notes are not the page's."""
    return [t for t in page._console_warnings if not t.startswith("[.WebGL")]


def external_requests(page) -> list[str]:
    """Requests to any host but the local server (fonts, map tiles, CDNs): there must be none."""
    from urllib.parse import urlsplit

    return [u for u in page.requests if urlsplit(u).scheme not in ("data", "blob")
            and urlsplit(u).hostname not in ("127.0.0.1",)]
