"""Several Streamlit workers behind HAProxy: one address for a whole room.

Run: ``python -m attdash.server.serve [--workers N] [--port 8501] [--address 127.0.0.1]`` or ``make serve WORKERS=N``.

One Streamlit server runs every session's script under one interpreter lock, so a room of people clicking at the
same moment queues behind it. This supervisor starts N workers (``attdash.server.launch``, default one per CPU)
on free loopback ports, waits until each answers ``/_stcore/health``, writes an HAProxy configuration to a
temporary folder and runs HAProxy in the foreground on the public address:

- sticky sessions by cookie (``attdash_worker``, inserted by HAProxy; not by source address, which a room behind
  one NAT would share): a browser's page, its static files and its websocket all reach the same worker;
- new browsers go to the worker with the fewest connections (``balance leastconn``: sessions are long websockets);
- health checks on ``/_stcore/health`` every 2 s; a worker that stops answering gets no new sessions;
- websocket tunnels may stay idle for an hour (``timeout tunnel``); Streamlit pings every 30 s anyway;
- every response names its worker in the header ``X-Attdash-Worker`` (w1, w2, ...; tests and diagnostics).

Every worker opens the same snapshots folder (a snapshot published while serving is seen by each worker's next
rerun: the folder is scanned per rerun) and the same register (the SQLite file in WAL mode, or PostgreSQL through
``ATTDASH_DATABASE_URL``). A worker that exits is started again (on a fresh port, given to HAProxy through its
admin socket). Ctrl-C or SIGTERM stops HAProxy
(it stops accepting at once), then the workers (Streamlit's own graceful shutdown), kills whatever is left after
15 s, and removes the temporary folder; the children also get SIGTERM should this process die (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from attdash.paths import ROOT

COOKIE = "attdash_worker"
WORKER_HEADER = "X-Attdash-Worker"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 15
HAPROXY_TIMEOUT_S = 30
READY = "behind HAProxy: http://"  # in the line that says the proxy answers (tests wait for it)


class ServeError(Exception):
    """A one-line reason why serving cannot start."""


def find_haproxy() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
                                            if os.access(p, os.X_OK)), None)


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def listening(pid: int, port: int) -> bool:
    """Whether process ``pid`` itself listens on ``port`` (a health answer on a port could come from another
    program that took the port first)."""
    import psutil

    try:
        return any(c.status == psutil.CONN_LISTEN and c.laddr.port == port
                   for c in psutil.Process(pid).net_connections("tcp"))
    except psutil.Error:
        return False


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux; elsewhere nothing)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Worker:
    name: str
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def haproxy_config(workers: list[Worker], address: str, port: int, stats_socket: Path) -> str:
    """The whole HAProxy configuration (HAProxy 2.6, Debian 12)."""
    servers = "\n".join(
        f"    server {w.name} 127.0.0.1:{w.port} cookie {w.name} check inter 2s fall 3 rise 2" for w in workers)
    bind = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"""\
# Written by attdash.server.serve; regenerated on every start.
global
    maxconn 4096
    stats socket {stats_socket} mode 600 level admin
    # a soft stop (SIGUSR1) waits for open connections at most this long
    hard-stop-after 5s

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 15s
    # an upgraded (websocket) connection may stay idle this long; Streamlit pings every 30 s
    timeout tunnel 1h
    timeout client-fin 5s

frontend attdash
    bind {bind}
    default_backend streamlit

backend streamlit
    balance leastconn
    # a request whose worker cannot be reached is sent to another one
    option redispatch
    retries 2
    # sticky by a cookie HAProxy inserts (not by source address); removed before the request reaches the worker
    cookie {COOKIE} insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET {HEALTH_PATH}
    http-check expect string ok
    http-response set-header {WORKER_HEADER} %s
{servers}
"""


class Supervisor:
    def __init__(self, n: int, address: str, port: int, haproxy: str, streamlit_args: list[str],
                 out=sys.stderr):
        self.address, self.port, self.haproxy_bin = address, port, haproxy
        self.streamlit_args = streamlit_args
        self.out = out
        self.tmp = Path(tempfile.mkdtemp(prefix="attdash-serve-"))
        self.workers = [Worker(f"w{i + 1}", 0, self.tmp / f"w{i + 1}.log") for i in range(n)]
        self.haproxy: subprocess.Popen | None = None
        self.stopping = threading.Event()
        # Streamlit signs its cookies (XSRF, st.login) with server.cookieSecret, random per process unless set:
        # the workers share one, so a browser moved to another worker (a worker restarted) keeps working.
        self.env = {**os.environ}
        self.env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))

    def say(self, text: str) -> None:
        print(f"serve: {text}", file=self.out, flush=True)

    # --- the children ---------------------------------------------------------------------------------

    def _spawn(self, cmd: list[str], log: Path | None) -> subprocess.Popen:
        out = open(log, "ab") if log else None  # noqa: SIM115 - handed to the child
        try:
            # Own session: a Ctrl-C in the terminal reaches only this supervisor, which stops the children in order.
            return subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=out or None,
                                    stderr=subprocess.STDOUT if out else None, start_new_session=True,
                                    preexec_fn=_die_with_parent)
        finally:
            if out:
                out.close()

    def _start_worker(self, w: Worker) -> None:
        cmd = [sys.executable, "-m", "attdash.server.launch", str(ROOT / "asgi.py"),
               "--server.address", "127.0.0.1", "--server.port", str(w.port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false", *self.streamlit_args]
        w.proc = self._spawn(cmd, w.log)
        w.started = time.monotonic()

    def _tail(self, w: Worker, lines: int = 15) -> str:
        try:
            return "\n".join(w.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _state(self, w: Worker) -> str:
        code = w.proc.poll() if w.proc else None
        return (f"worker {w.name} on port {w.port}: " + ("running" if w.proc and code is None else f"exited {code}")
                + (", listening" if w.proc and listening(w.proc.pid, w.port) else ", not listening")
                + ". Its log ends:\n" + self._tail(w))

    def start_workers(self) -> None:
        for w in self.workers:
            w.port = free_port()
            self._start_worker(w)
        deadline = time.monotonic() + START_TIMEOUT_S
        waiting = list(self.workers)
        while waiting:
            if self.stopping.is_set():
                return
            for w in list(waiting):
                if w.proc.poll() is None:
                    if listening(w.proc.pid, w.port) and healthy(w.url, timeout=1):
                        waiting.remove(w)
                else:
                    if w.restarts >= 2:
                        raise ServeError(f"worker {w.name} exited with {w.proc.returncode} while starting:\n"
                                         + self._tail(w))
                    w.restarts += 1  # most likely its port was taken meanwhile: another port
                    w.port = free_port()
                    self._start_worker(w)
            if time.monotonic() > deadline:
                raise ServeError(f"worker(s) {', '.join(w.name for w in waiting)} did not answer {HEALTH_PATH} "
                                 f"within {START_TIMEOUT_S} s")
            self.stopping.wait(0.25)
        for w in self.workers:
            w.restarts = 0

    def start_haproxy(self) -> None:
        cfg = self.tmp / "haproxy.cfg"
        cfg.write_text(haproxy_config(self.workers, self.address, self.port, self.tmp / "haproxy.sock"))
        check = subprocess.run([self.haproxy_bin, "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServeError("haproxy refused the configuration: " + (check.stderr or check.stdout).strip())
        # -db: stay in the foreground (a child of this process), no daemon, no master process
        self.haproxy = self._spawn([self.haproxy_bin, "-db", "-f", str(cfg)], None)
        deadline = time.monotonic() + HAPROXY_TIMEOUT_S
        host = f"[{self.address}]" if ":" in self.address else self.address
        url = f"http://{'127.0.0.1' if self.address in ('0.0.0.0', '::', '') else host}:{self.port}"
        while not healthy(url, timeout=3):  # through HAProxy to a worker
            if self.haproxy.poll() is not None:
                raise ServeError(f"haproxy exited with {self.haproxy.returncode} (is port {self.port} in use?)")
            if time.monotonic() > deadline or self.stopping.is_set():
                raise ServeError(f"haproxy did not answer on {url} within {HAPROXY_TIMEOUT_S} s; "
                                 + "; ".join(self._state(w) for w in self.workers))
            time.sleep(0.2)

    def watch(self) -> int:
        """Until a stop is asked: restart a worker that exits; end when HAProxy ends."""
        while not self.stopping.wait(0.5):
            if self.haproxy.poll() is not None:
                self.say(f"haproxy exited with {self.haproxy.returncode}; stopping")
                return 1
            for w in self.workers:
                if w.proc.poll() is not None:
                    self.say(f"worker {w.name} exited with {w.proc.returncode}; starting it again. Its log:\n"
                             + self._tail(w))
                    if time.monotonic() - w.started > 60:
                        w.restarts = 0  # it had been running: count only crashes in a row
                    w.restarts += 1
                    if w.restarts > 5:
                        self.say(f"worker {w.name} exited {w.restarts} times; stopping")
                        return 1
                    # On a fresh port (the old one may have been taken meanwhile), told to HAProxy at run time;
                    # its health check admits the worker once it answers.
                    w.port = free_port()
                    self._start_worker(w)
                    answer = self.haproxy_command(f"set server streamlit/{w.name} addr 127.0.0.1 port {w.port}")
                    if "changed" not in answer:
                        self.say(f"haproxy did not take worker {w.name}'s new port: {answer.strip()}; stopping")
                        return 1
        return 0

    def haproxy_command(self, command: str) -> str:
        """One command on HAProxy's admin socket (its runtime API); returns the answer."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(str(self.tmp / "haproxy.sock"))
            s.sendall(command.encode() + b"\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return data.decode(errors="replace")

    def stop(self) -> None:
        """HAProxy first (no new connections), then the workers; SIGKILL for anything left after 15 s."""
        procs = [p for p in [self.haproxy, *(w.proc for w in self.workers)] if p is not None]
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.send_signal(signal.SIGUSR1)  # soft stop: stop listening, let requests finish
        for w in self.workers:
            if w.proc is not None and w.proc.poll() is None:
                w.proc.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for p in procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)  # the child's own session: it and anything it started
                except ProcessLookupError:
                    pass
                p.wait(timeout=5)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self) -> int:
        try:
            self.say(f"starting {len(self.workers)} worker(s)...")
            self.start_workers()
            if self.stopping.is_set():
                return 0
            self.start_haproxy()
            shown = "localhost" if self.address in ("127.0.0.1", "::1", "localhost") else self.address
            self.say(f"{len(self.workers)} worker(s) {READY}{shown}:{self.port}  (Ctrl-C stops all; "
                     f"the workers' logs are in {self.tmp} while they run)")
            return self.watch()
        except ServeError as exc:
            self.say(f"error: {exc}")
            return 2
        finally:
            self.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m attdash.server.serve", description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="Streamlit processes (default: the number of CPUs, here %(default)s)")
    p.add_argument("--port", type=int, default=8501, help="HAProxy's port (default 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="HAProxy's address (default 127.0.0.1; 0.0.0.0 for every network interface)")
    p.add_argument("--haproxy", default=None, help="the haproxy program (default: found on PATH or /usr/sbin)")
    p.add_argument("streamlit_args", nargs="*", metavar="-- STREAMLIT_OPTION",
                   help="further options for every worker's `streamlit run`, after --")
    args = p.parse_args(argv)
    if not 1 <= args.workers <= 64:
        p.error(f"--workers must be 1..64, not {args.workers}")
    if not 1 <= args.port <= 65535:
        p.error(f"--port must be 1..65535, not {args.port}")
    haproxy = args.haproxy or find_haproxy()
    if not haproxy or not os.access(haproxy, os.X_OK):
        print("serve: error: haproxy not found; install it with `make serve` or `apt-get install haproxy`",
              file=sys.stderr)
        return 2
    sup = Supervisor(args.workers, args.address, args.port, haproxy, args.streamlit_args)

    def on_signal(signum, _frame):
        if not sup.stopping.is_set():
            sup.say(f"{signal.Signals(signum).name}: stopping haproxy and {len(sup.workers)} worker(s)")
        sup.stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    return sup.run()


if __name__ == "__main__":
    raise SystemExit(main())
