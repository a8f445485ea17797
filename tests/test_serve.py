"""The serve command (attdash.server.serve) without a browser: its HAProxy configuration as HAProxy reads it,
how it stops (Ctrl-C, and its own death: the children follow), the connections through the proxy have
TCP_NODELAY on the worker's end, and bad input (a port in use, no haproxy, bad options) gets one line and leaves
no process behind. The browser tests are tests/e2e/test_serve.py."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from attdash.paths import ROOT
from attdash.server.serve import READY, Worker, find_haproxy, haproxy_config
from tests.socket_probe import established_options, server_side_option

HAPROXY = find_haproxy()
needs_haproxy = pytest.mark.skipif(HAPROXY is None and not os.environ.get("CI"),
                                   reason="haproxy is not installed (make haproxy)")


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


def _serve(tmp_path, *args: str, port: int | None = None) -> tuple[subprocess.Popen, str, int]:
    port = port or _free_port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "attdash.server.serve", "--port", str(port), *args, "--",
                             "--server.fileWatcherType", "none"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}", port


def _wait_up(proc, url, tmp_path) -> list[psutil.Process]:
    """Until serve says it is ready (its own check through HAProxy passed) and the proxy answers."""
    deadline = time.monotonic() + 120
    while READY not in (tmp_path / "serve.log").read_text(errors="replace") or not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("serve did not start:\n" + (tmp_path / "serve.log").read_text(errors="replace"))
        time.sleep(0.2)
    return [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]


def _all_gone(procs: list[psutil.Process], timeout: float = 20) -> list[str]:
    _gone, alive = psutil.wait_procs(procs, timeout=timeout)
    return [" ".join(p.cmdline()) for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@needs_haproxy
def test_haproxy_accepts_the_configuration(tmp_path):
    workers = [Worker("w1", 20001, tmp_path / "w1.log"), Worker("w2", 20002, tmp_path / "w2.log")]
    cfg = haproxy_config(workers, "127.0.0.1", 8501, tmp_path / "haproxy.sock")
    (tmp_path / "haproxy.cfg").write_text(cfg)
    check = subprocess.run([HAPROXY, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for line in ("cookie attdash_worker insert indirect nocache httponly",
                 "option httpchk GET /_stcore/health", "http-check expect string ok", "timeout tunnel 1h",
                 "server w1 127.0.0.1:20001 cookie w1 check", "server w2 127.0.0.1:20002 cookie w2 check",
                 "http-response set-header X-Attdash-Worker %s", "balance leastconn"):
        assert line in cfg
    assert "balance source" not in cfg


@needs_haproxy
@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_stopping_or_killing_serve_leaves_no_process(tmp_path, how):
    """Ctrl-C stops everything in order; if the supervisor itself is killed, its children still end
    (PR_SET_PDEATHSIG), and nothing keeps the port."""
    proc, url, port = _serve(tmp_path, "--workers", "1")
    tree = _wait_up(proc, url, tmp_path)
    assert sorted(p.name() for p in tree[1:]).count("haproxy") == 1 and len(tree) == 3
    haproxy_cmd = next(p for p in tree if p.name() == "haproxy").cmdline()
    folder = Path(haproxy_cmd[haproxy_cmd.index("-f") + 1]).parent
    proc.send_signal(getattr(signal, how))
    proc.wait(timeout=30)
    assert _all_gone(tree) == []
    assert folder.exists() == (how == "SIGKILL")  # a killed supervisor cannot remove its temporary folder
    shutil.rmtree(folder, ignore_errors=True)
    if how == "SIGINT":
        assert proc.returncode == 0
        assert "SIGINT: stopping haproxy and 1 worker(s)" in (tmp_path / "serve.log").read_text()
    with socket.socket() as s:  # the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


@needs_haproxy
def test_a_worker_that_dies_is_started_again_and_connections_have_nodelay(tmp_path):
    proc, url, port = _serve(tmp_path, "--workers", "1")
    try:
        tree = _wait_up(proc, url, tmp_path)
        worker = next(p for p in tree if "attdash.server.launch" in p.cmdline())
        wport = int(worker.cmdline()[worker.cmdline().index("--server.port") + 1])
        # through HAProxy: the worker's end of HAProxy's connection has TCP_NODELAY (the launcher)
        with socket.create_connection(("127.0.0.1", port)) as c:
            c.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert c.recv(4096).startswith(b"HTTP/1.1 200")
            # HAProxy's health checks (every 2 s) open and close short connections to the worker too: one
            # listed here may be gone when it is probed, so a vanished connection is skipped, not a failure.
            conns = [k for k in psutil.Process(worker.pid).net_connections("tcp")
                     if k.laddr.port == wport and k.status == psutil.CONN_ESTABLISHED]
            assert conns, "HAProxy keeps no connection to the worker"
            probed = {}
            for k in conns:
                try:
                    probed[k.raddr.port] = server_side_option(worker.pid, wport, k.raddr.port)
                except (LookupError, OSError):
                    continue
            assert probed and set(probed.values()) == {1}, probed
            # and HAProxy's own ends, towards the browser and towards the worker (HAProxy sets it itself)
            haproxy = next(p for p in tree if p.name() == "haproxy")
            ends = established_options(haproxy.pid)
            pairs = {(lp, rp) for lp, rp, _ in ends}
            assert (port, c.getsockname()[1]) in pairs, ends
            assert any((hp, wport) in pairs for hp in probed), (probed, ends)
            assert [v for _, _, v in ends] == [1] * len(ends), ends
        worker.kill()
        deadline = time.monotonic() + 60
        while True:
            again = []
            for p in psutil.Process(proc.pid).children():
                try:  # read once: a child just forked still shows its parent's command line until exec
                    cmd = p.cmdline()
                    if "attdash.server.launch" in cmd:
                        again.append((p, int(cmd[cmd.index("--server.port") + 1])))
                except (psutil.Error, ValueError, IndexError):  # a zombie until reaped, or caught mid-exec
                    pass
            if again and again[0][0].pid != worker.pid and _healthy(f"http://127.0.0.1:{again[0][1]}"):
                break
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        deadline = time.monotonic() + 30
        while not _healthy(url):  # HAProxy admits the new worker after its health check (every 2 s)
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        assert "worker w1 exited with -9; starting it again" in (tmp_path / "serve.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@needs_haproxy
def test_a_port_in_use_is_one_line_and_leaves_no_process(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc, _url, _ = _serve(tmp_path, "--workers", "1", port=port)
        children: set[int] = set()
        while proc.poll() is None:  # note every process it starts, to check they end
            try:
                children |= {c.pid for c in psutil.Process(proc.pid).children(recursive=True)}
            except psutil.NoSuchProcess:
                break
            time.sleep(0.1)
        assert proc.wait(timeout=120) == 2
    out = (tmp_path / "serve.log").read_text()
    assert f"serve: error: haproxy exited with 1 (is port {port} in use?)" in out
    assert "Traceback" not in out
    assert children and not [p for p in children if psutil.pid_exists(p)
                             and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "--workers must be 1..64, not 0"),
    (["--workers", "two"], "argument --workers: invalid int value: 'two'"),
    (["--port", "70000"], "--port must be 1..65535, not 70000"),
    (["--haproxy", "/nonexistent/haproxy"], "serve: error: haproxy not found"),
])
def test_bad_options_get_one_line(args, message):
    done = subprocess.run([sys.executable, "-m", "attdash.server.serve", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr.strip().splitlines()[-1] and "Traceback" not in done.stderr


@needs_haproxy
def test_the_compose_proxy_configuration_is_valid_and_matches_serve(tmp_path):
    """deploy/haproxy.cfg (compose.yaml) is not run here (no Docker engine): HAProxy checks it, and its timeouts,
    health check, stickiness and worker header are those of the configuration make serve runs."""
    cfg = ROOT / "deploy" / "haproxy.cfg"
    check = subprocess.run([HAPROXY, "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    def settings(text: str) -> set[str]:
        keep = ("timeout ", "option ", "http-check ", "http-response ", "balance ", "retries ", "mode ", "maxconn ",
                "hard-stop-after ")
        return {line.strip() for line in text.splitlines() if line.strip().startswith(keep)}

    served = haproxy_config([Worker("w1", 20001, tmp_path / "w1.log")], "127.0.0.1", 8501, tmp_path / "s.sock")
    assert settings(cfg.read_text()) == settings(served)
    assert "cookie attdash_worker insert indirect nocache httponly" in cfg.read_text()
    compose = (ROOT / "compose.yaml").read_text()
    for needed in ("./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro",
                   "./data/snapshots:/app/data/snapshots:ro", "ATTDASH_DATABASE_URL: postgresql+psycopg://",
                   "STREAMLIT_SERVER_COOKIE_SECRET", "image: postgres:15"):
        assert needed in compose
