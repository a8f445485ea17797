"""Start-up: the command line against ``python -c "import duckdb"``; server start to the first rendered overview.

Run: ``python -m bench.startup [--runs 5] [--no-browser]`` (part of ``make bench``).

- CLI: wall time of ``python -m attdash summary --as-of 2024-04-16`` (a whole command: imports, opening the
  snapshot, the query, printing) against ``python -c "import duckdb"``, median of ``--runs`` runs each,
  interleaved. Goal: ratio <= 2.
- Server: ``streamlit run app.py`` on a free loopback port, then headless Chromium (Playwright) opens ``/``;
  the time from starting the process until the overview's title, its five headline figures and the map's
  canvas are on screen (the script run finished). One cold start per run; median reported.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120)
    return time.perf_counter() - t0


def cli_ratio(runs: int) -> dict:
    base, cli = [], []
    for _ in range(runs):
        base.append(_wall([sys.executable, "-c", "import duckdb"]))
        cli.append(_wall([sys.executable, "-m", "attdash", "summary", "--as-of", "2024-04-16"]))
    b, c = statistics.median(base), statistics.median(cli)
    return {"import_duckdb_s": round(b, 3), "cli_s": round(c, 3), "ratio": round(c / b, 2)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_start(browser) -> float:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:  # the server answers health checks
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.05)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        try:
            page.goto(url + "/")
            page.get_by_test_id("stMetric").nth(4).wait_for(timeout=90_000)
            page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=90_000)
            page.wait_for_function("""() => document.querySelector('[data-testid="stApp"]')
                ?.getAttribute('data-test-script-state') === 'notRunning'""", timeout=90_000)
            return time.perf_counter() - t0
        finally:
            page.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def server_starts(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            times = [server_start(browser) for _ in range(runs)]
        finally:
            browser.close()
    return {"server_to_overview_s": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--server-runs", type=int, default=2)
    p.add_argument("--no-browser", action="store_true", help="skip the server start measurement")
    args = p.parse_args(argv)
    c = cli_ratio(args.runs)
    print(f"CLI start-up (median of {args.runs}): `python -c \"import duckdb\"` {c['import_duckdb_s']:.3f} s, "
          f"`python -m attdash summary --as-of 2024-04-16` {c['cli_s']:.3f} s, ratio {c['ratio']:.2f} (goal <= 2)")
    if not args.no_browser and os.path.exists(CHROMIUM):
        s = server_starts(args.server_runs)
        print(f"Server start to first rendered overview (median of {args.server_runs} cold starts): "
              f"{s['server_to_overview_s']:.2f} s {s['runs']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
