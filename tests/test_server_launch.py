"""The launcher (attdash.server.launch): every connection the dashboard accepts has TCP_NODELAY set.

Without it each interaction waited ~40 ms for a delayed ACK (Nagle's algorithm holding the second of a rerun's
small websocket frames). The option is read on the server's own end of real connections (tests/socket_probe.py).
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from websockets.sync.client import connect

from attdash.paths import ROOT
from attdash.server.launch import NoDelayEventLoop
from tests.socket_probe import server_side_option


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(module_args: list[str], tmp_path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    log = open(tmp_path / f"server-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", *module_args, "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("server did not start:\n" + (tmp_path / f"server-{port}.log").read_text(errors="replace"))
        time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def _http_keepalive(port: int) -> socket.socket:
    """A connection that has had one answered request and stays open."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert s.recv(4096).startswith(b"HTTP/1.1 200")
    return s


def _nodelay_on_server_side(proc: subprocess.Popen, port: int) -> tuple[int, int]:
    """TCP_NODELAY on the server's end of an HTTP connection and of the app's websocket."""
    with _http_keepalive(port) as http:
        on_http = server_side_option(proc.pid, port, http)
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"]) as ws:
        on_ws = server_side_option(proc.pid, port, ws.socket)
    return on_http, on_ws


def test_the_launcher_sets_nodelay_on_accepted_connections(tmp_path):
    proc, port = _start(["attdash.server.launch", "asgi.py"], tmp_path)
    try:
        assert _nodelay_on_server_side(proc, port) == (1, 1)
    finally:
        _stop(proc)


def test_plain_streamlit_still_leaves_nagle_on(tmp_path):
    """Why the launcher exists. When this fails, Streamlit sets TCP_NODELAY itself: drop attdash/server/launch.py
    and start `streamlit run` again (make run, attdash.server.serve, bench/load.py)."""
    proc, port = _start(["streamlit", "run", "asgi.py"], tmp_path)
    try:
        assert _nodelay_on_server_side(proc, port) == (0, 0), \
            "Streamlit now sets TCP_NODELAY itself: the launcher (attdash/server/launch.py) can be dropped"
    finally:
        _stop(proc)


@pytest.mark.parametrize("loop_class, expected", [(NoDelayEventLoop, 1), (asyncio.SelectorEventLoop, 0)])
def test_the_loop_sets_nodelay_on_a_listening_socket_it_is_given(loop_class, expected):
    """The mechanism, in-process: a listening socket made like Streamlit's (protocol number 0) served by
    ``create_server(sock=...)``; the accepted connection has the option only with the launcher's loop."""
    accepted = []

    class Keep(asyncio.Protocol):
        def connection_made(self, transport):
            accepted.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    async def main():
        listener = socket.socket(socket.AF_INET)  # as streamlit's _bind_socket: proto 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        server = await asyncio.get_running_loop().create_server(Keep, sock=listener)
        _r, w = await asyncio.open_connection(*listener.getsockname())
        for _ in range(100):
            if accepted:
                break
            await asyncio.sleep(0.01)
        w.close()
        server.close()

    def run():  # in a thread of its own: the browser tests' Playwright keeps a loop running in this one
        loop = loop_class()
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=30)
    assert accepted == [expected]
