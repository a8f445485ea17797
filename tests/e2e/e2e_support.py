"""Shared constants and helpers of the end-to-end tests (imported by conftest.py and the tests).

A module with its own name rather than ``from conftest import ...``: another conftest.py higher up
would shadow that name.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
HEALTH_TIMEOUT_S = 60


def in_ci() -> bool:
    """CI is "set" unless it is absent, empty, 0 or false."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


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
