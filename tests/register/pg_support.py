"""A throwaway PostgreSQL cluster for the register's tests (Debian ``postgresql``, as CI installs it).

The server refuses to run as root, so as root the cluster belongs to the ``postgres`` user (``runuser``).
It listens only on a Unix socket in its own temporary directory, on a free port number.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest



def in_ci() -> bool:
    """CI is "set" unless it is absent, empty, 0 or false (as in tests/e2e)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def require_postgres() -> Path:
    """The PostgreSQL bin directory; skip locally when it is missing, fail in CI."""
    b = pg_bin()
    if b is None:
        reason = "PostgreSQL is not installed (apt-get install postgresql; `make test` does it)"
        if in_ci():
            pytest.fail(reason + ". CI is set, so the PostgreSQL store must be tested.")
        pytest.skip(reason)
    return b


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="attdash-pg-"))
        self.data = self.root / "data"
        self.sock = self.root
        self.port = _free_port()
        self.log = self.root / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._n = 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> "Cluster":
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> None:
        """Start the server as our own child process (not daemonised by pg_ctl), so that after a SIGKILL
        it is reaped here and no zombie keeps its pid "alive" in the eyes of the next start."""
        cmd = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.sock),
               "-c", "listen_addresses=", "-c", "fsync=on", "-c", "synchronous_commit=on"]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        log = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + 60
        while True:
            res = self._run("pg_isready", "-h", str(self.sock), "-p", str(self.port), check=False)
            if res.returncode == 0:
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start:\n" + self.log.read_text(errors="replace")[-3000:])
            time.sleep(0.1)

    def stop(self) -> None:
        proc = getattr(self, "proc", None)
        if proc is None or proc.poll() is not None:
            return
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def kill9(self) -> None:
        """SIGKILL the server and every one of its processes (a crash, not a shutdown)."""
        import signal
        pid = self.postmaster_pid()
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(stat.split("/")[2]))
        os.kill(pid, signal.SIGKILL)
        for c in children:
            try:
                os.kill(c, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=30)   # reaps the server (and runuser, when root)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and
                                                  "zombie" not in _state(p) for p in children):
            time.sleep(0.05)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{db}?host={self.sock}&port={self.port}"

    def new_database(self) -> str:
        import psycopg
        self._n += 1
        name = f"reg_{os.getpid()}_{self._n}"
        with psycopg.connect(host=str(self.sock), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
