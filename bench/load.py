"""Load test: many sessions on one server, spoken in Streamlit's own websocket protocol (no browsers).

Run: ``python -m bench.load [--sessions 25] [--rounds 2] [--workers 1,2]`` or ``make load``.

A small client (``websockets`` + the protobuf messages that ship with ``streamlit``: BackMsg, ForwardMsg)
does what a browser tab does, without rendering: it opens ``/_stcore/stream``, asks for a run of the
overview (``rerun_script``) and reads the ForwardMsgs until ``script_finished``; then it changes a filter
(the sidebar's UN regional group, a ``widget_states`` rerun) and waits again. Reported per step: the
latency (request to ``script_finished``), p50 and p95, for one session alone and for ``--sessions`` sessions
started together (or, with ``--spread S``, their starts spread over S seconds, as people arriving in a meeting); the ratio of p95 under load to the single-session median (goal <= 3); the bytes received;
the server's CPU time and peak resident memory (psutil, the server process and its children).

With ``--workers N`` (or a list, ``--workers 1,2``) the sessions go through HAProxy to N Streamlit workers
(``python -m attdash.server.serve``), each N measured in turn; then also: the server's CPU time per open and per
filter change (the Streamlit processes, from the single sessions: opens alone, then opens with changes), each
p50 against it (goal <= 1.5x); sessions per second at the same instant (goal with 2 workers on 2 cores: >= 1.8x
one worker) and the p95 of a session's completion against the CPU floor, 25 x CPU per session / cores (goal
<= 1.3x).

Bounded: a fixed number of sessions and rounds, a timeout per step; loopback only (the server is started on
127.0.0.1 by this script and stopped at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT_S = 120


@dataclass
class Step:
    seconds: float
    bytes: int


@dataclass
class SessionResult:
    open: list[Step] = field(default_factory=list)
    change: list[Step] = field(default_factory=list)
    finished: float = 0.0  # perf_counter when the session's last step ended


def _rerun(query_string: str = "", widgets: list | None = None, page_hash: str = "", cached=()) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string = query_string
    cs.page_script_hash = page_hash
    cs.cached_message_hashes.extend(cached)
    if widgets:
        cs.widget_states.widgets.extend(widgets)
    return msg.SerializeToString()


async def _until_finished(ws, seen: dict) -> int:
    """Read ForwardMsgs until the script run ends; collect widget ids by label; returns bytes received."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    total = 0
    while True:
        raw = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT_S)
        total += len(raw)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            seen["page_hash"] = msg.new_session.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "multiselect":  # in drawing order: the sidebar's group filter first
                seen.setdefault("multiselects", []).append((el.multiselect.id, list(el.multiselect.options)))
            if msg.metadata.cacheable and msg.hash:
                seen.setdefault("hashes", set()).add(msg.hash)
        elif kind == "script_finished":
            return total


async def session(url: str, rounds: int, delay: float = 0.0) -> SessionResult:
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    await asyncio.sleep(delay)
    out = SessionResult()
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        seen: dict = {}
        t0 = time.perf_counter()
        await ws.send(_rerun())
        n = await _until_finished(ws, seen)
        out.open.append(Step(time.perf_counter() - t0, n))
        if not seen.get("multiselects"):
            raise RuntimeError("the page drew no multiselect (the overview's 'UN regional group' filter)")
        widget_id, options = seen["multiselects"][0]  # the app: "UN regional group", first option "African"
        for i in range(rounds):
            value = [options[0]] if i % 2 == 0 else []
            state = WidgetState(id=widget_id)
            state.string_array_value.data.extend(value)
            t0 = time.perf_counter()
            await ws.send(_rerun(widgets=[state], page_hash=seen.get("page_hash", ""),
                                 cached=sorted(seen.get("hashes", ()))))
            n = await _until_finished(ws, seen)
            out.change.append(Step(time.perf_counter() - t0, n))
    out.finished = time.perf_counter()
    return out


async def _many(url: str, sessions: int, rounds: int, spread: float) -> list[SessionResult]:
    """All sessions at once (spread 0) or their starts spread evenly over ``spread`` seconds."""
    return await asyncio.gather(*(session(url, rounds, spread * i / sessions) for i in range(sessions)))


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


class _Sampler(threading.Thread):
    """The server's CPU time and peak resident memory (process and children), sampled every 100 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.stop = threading.Event()
        self.peak_rss = 0

    def _procs(self):
        return [self.proc, *self.proc.children(recursive=True)]

    def cpu_seconds(self) -> float:
        """CPU time of the Streamlit processes (not HAProxy's: reported apart by :meth:`proxy_cpu_seconds`)."""
        return self._cpu(lambda name: name != "haproxy")

    def proxy_cpu_seconds(self) -> float:
        return self._cpu(lambda name: name == "haproxy")

    def _cpu(self, keep) -> float:
        total = 0.0
        for p in self._procs():
            try:
                if not keep(p.name()):
                    continue
                t = p.cpu_times()
                total += t.user + t.system
            except Exception:  # noqa: BLE001 - a child that just ended
                pass
        return total

    def run(self):
        while not self.stop.is_set():
            rss = 0
            for p in self._procs():
                try:
                    rss += p.memory_info().rss
                except Exception:  # noqa: BLE001
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self.stop.wait(0.1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(script: Path | None = None, plain: bool = False) -> tuple[subprocess.Popen, str]:
    """Streamlit on 127.0.0.1 running app.py, or ``script`` (a floor script, run from its own folder with a copy
    of the project's .streamlit/config.toml so both servers have the same settings)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cwd, target = (ROOT, "asgi.py") if script is None else (script.parent, script.name)
    if script is not None:
        (cwd / ".streamlit").mkdir(exist_ok=True)
        (cwd / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
    # The launcher: streamlit run with TCP_NODELAY (attdash/server/launch.py), as make run and make serve.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    launcher = ["streamlit", "run"] if plain else ["attdash.server.launch"]
    proc = subprocess.Popen([sys.executable, "-m", *launcher, target, "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none"], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    _wait_healthy(proc, url)
    return proc, url


def _start_proxy(workers: int) -> tuple[subprocess.Popen, str, list[str]]:
    """``python -m attdash.server.serve --workers N`` on a free port; its URL and its workers' own URLs."""
    import psutil

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "attdash.server.serve", "--workers", str(workers), "--port",
                             str(port), "--", "--server.fileWatcherType", "none"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    _wait_healthy(proc, url)
    direct = []
    for child in psutil.Process(proc.pid).children():
        cmd = child.cmdline()
        if "attdash.server.launch" in cmd:
            direct.append(f"http://127.0.0.1:{cmd[cmd.index('--server.port') + 1]}")
    if len(direct) != workers:
        proc.terminate()
        raise SystemExit(f"load: expected {workers} workers, found {len(direct)}")
    return proc, url, direct


def _wait_healthy(proc: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("load: streamlit did not start")
        time.sleep(0.1)


def _summary(name: str, results: list[SessionResult], base_open: float, base_change: float) -> str:
    opens = [s.seconds for r in results for s in r.open]
    changes = [s.seconds for r in results for s in r.change]
    kb_open = statistics.median([s.bytes for r in results for s in r.open]) / 1024
    kb_change = statistics.median([s.bytes for r in results for s in r.change]) / 1024
    return (f"{name:<22}{_pct(opens, .5) * 1000:>9.0f}{_pct(opens, .95) * 1000:>9.0f}"
            f"{_pct(opens, .95) / base_open:>7.2f}{kb_open:>8.1f}"
            f"{_pct(changes, .5) * 1000:>11.0f}{_pct(changes, .95) * 1000:>9.0f}"
            f"{_pct(changes, .95) / base_change:>7.2f}{kb_change:>8.1f}")


@dataclass
class Run:
    """One configuration measured: single sessions (the baseline and the CPU per step), then the load."""
    label: str
    single: list[SessionResult]
    cpu_open: float  # server CPU seconds per open (Streamlit processes)
    cpu_change: float  # per filter change
    loaded: list[SessionResult]
    start: float
    wall: float
    cpu: float
    proxy_cpu: float
    peak_rss: int

    @property
    def base_open(self) -> float:
        return statistics.median([s.seconds for r in self.single for s in r.open])

    @property
    def base_change(self) -> float:
        return statistics.median([s.seconds for r in self.single for s in r.change])


def _measure(label: str, url: str, warm: list[str], pid: int, args) -> Run:
    sampler = _Sampler(pid)
    sampler.start()
    try:
        for u in warm:  # imports, snapshot, caches of every worker (not counted)
            asyncio.run(session(u, 1))
        # Each CPU reading waits SETTLE_S after the last session closed, so that a session's CPU includes its
        # end (Streamlit shuts the session down after the websocket closes).
        # Opens: `single` sessions that only open. Changes: one session that opens, then changes the filter
        # `single` x `rounds` times (its one open's CPU is subtracted: the error of a reading, one clock tick,
        # is spread over many changes).
        c0 = _settled(sampler.cpu_seconds)
        opens = [asyncio.run(session(url, 0)) for _ in range(args.single)]
        c1 = _settled(sampler.cpu_seconds)
        changes = asyncio.run(session(url, args.single * args.rounds))
        c2 = _settled(sampler.cpu_seconds)
        cpu_open = (c1 - c0) / args.single
        cpu_change = max(0.0, (c2 - c1) - cpu_open) / len(changes.change)
        full = [changes]
        cpu0, p0, t0 = sampler.cpu_seconds(), sampler.proxy_cpu_seconds(), time.perf_counter()
        loaded = asyncio.run(_many(url, args.sessions, args.rounds, args.spread))
        wall = time.perf_counter() - t0
        cpu, proxy_cpu = _settled(sampler.cpu_seconds) - cpu0, sampler.proxy_cpu_seconds() - p0
    finally:
        sampler.stop.set()
    return Run(label, opens + full, cpu_open, cpu_change, loaded, t0, wall, cpu, proxy_cpu, sampler.peak_rss)


SETTLE_S = 0.5


def _settled(read) -> float:
    time.sleep(SETTLE_S)
    return read()


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=25, help="concurrent sessions (default 25, at most 200)")
    p.add_argument("--rounds", type=int, default=2, help="filter changes per session (default 2, at most 20)")
    p.add_argument("--single", type=int, default=10,
                   help="single-session repetitions for the baseline and the CPU per step (default 10)")
    p.add_argument("--spread", type=float, default=0.0,
                   help="spread the sessions' starts over this many seconds (default 0: all at once; max 120)")
    p.add_argument("--floor", action="store_true",
                   help="load-test the overview's floor script (bench.pages: the same elements, no data access) "
                        "instead of the app: what Streamlit alone costs for the same output")
    p.add_argument("--plain", action="store_true",
                   help="one server started with plain `streamlit run` (Nagle's algorithm on), to compare with the "
                        "launcher (attdash.server.launch, TCP_NODELAY)")
    p.add_argument("--workers", default=None,
                   help="go through HAProxy to this many Streamlit workers (python -m attdash.server.serve); "
                        "a list such as 1,2 measures each in turn (default: one Streamlit server, no proxy)")
    args = p.parse_args(argv)
    if not (1 <= args.sessions <= 200 and 1 <= args.rounds <= 20 and 1 <= args.single <= 50
            and 0 <= args.spread <= 120):
        p.error("sessions 1..200, rounds 1..20, single 1..50, spread 0..120")
    workers: list[int] = []
    if args.workers is not None:
        try:
            workers = [int(w) for w in args.workers.split(",")]
        except ValueError:
            workers = []
        if not workers or not all(1 <= w <= 16 for w in workers):
            p.error(f"--workers takes a number 1..16 or a list such as 1,2, not {args.workers!r}")
        if args.floor or args.plain:
            p.error("--floor and --plain run one server without the proxy; leave out --workers")

    runs: list[Run] = []
    if not workers:
        script = None
        if args.floor:
            import tempfile

            from bench.pages import write_floor
            script = write_floor("overview.py", {}, Path(tempfile.mkdtemp(prefix="attdash-floor-")))
        proc, url = _start_server(script, plain=args.plain)
        try:
            label = "one server, plain streamlit run (no TCP_NODELAY)" if args.plain else "one server (launcher)"
            runs.append(_measure(label, url, [url], proc.pid, args))
        finally:
            _stop(proc)
    for n in workers:
        proc, url, direct = _start_proxy(n)
        try:
            runs.append(_measure(f"{n} worker{'s' if n > 1 else ''} behind HAProxy", url, direct + [url],
                                 proc.pid, args))
        finally:
            _stop(proc)

    cores = os.cpu_count() or 1
    what = "the overview's floor script (same elements, no data access)" if args.floor else "the overview"
    print(f"Load test: {what} opened, then the UN regional group filter changed {args.rounds}x per session; "
          f"latency = request to script_finished over Streamlit's websocket. {cores} CPUs; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end.")
    label = f"{args.sessions} sessions at once" if not args.spread else f"{args.sessions} in {args.spread:g} s"
    for run in runs:
        print(f"\n== {run.label}")
        print(f"{'':<22}{'open p50':>9}{'p95':>9}{'xbase':>7}{'kB':>8}{'filter p50':>11}{'p95':>9}{'xbase':>7}"
              f"{'kB':>8}")
        print(_summary("1 session", run.single, run.base_open, run.base_change))
        print(_summary(label, run.loaded, run.base_open, run.base_change))
        print(f"server CPU per open {run.cpu_open * 1000:.1f} ms, per filter change {run.cpu_change * 1000:.1f} ms "
              f"(Streamlit processes: {args.single} sessions opened, one session changed it "
              f"{args.single * args.rounds}x); one session: open p50 "
              f"{run.base_open / max(run.cpu_open, 1e-9):.2f}x its CPU, filter change p50 "
              f"{run.base_change / max(run.cpu_change, 1e-9):.2f}x (goal <= 1.5x)")
        per_session = run.cpu_open + args.rounds * run.cpu_change
        floor = args.sessions * per_session / cores  # from the single sessions' CPU
        floor_load = run.cpu / cores  # from the CPU the load itself used (sessions cost less together)
        done = [r.finished - run.start for r in run.loaded]
        p95 = _pct(done, .95)
        print(f"{label}: {args.sessions / run.wall:.1f} sessions/s ({run.wall:.2f} s wall); a session's completion "
              f"p50 {_pct(done, .5) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms against the CPU floor "
              f"(goal <= 1.3x): {p95 / floor_load:.2f}x the load's own CPU / {cores} cores ({floor_load * 1000:.0f} ms), "
              f"{p95 / floor:.2f}x {args.sessions} x single-session CPU {per_session * 1000:.0f} ms / {cores} cores "
              f"({floor * 1000:.0f} ms)")
        print(f"the load: Streamlit CPU {run.cpu:.2f} s ({run.cpu / args.sessions * 1000:.0f} ms per session, "
              f"{run.cpu / run.wall * 100:.0f}% of one core), HAProxy CPU {run.proxy_cpu:.2f} s; peak RSS "
              f"{run.peak_rss / 2**20:.0f} MB")
    if len(runs) > 1:
        base = runs[0]
        print()
        for run in runs[1:]:
            print(f"{run.label}: {base.wall / run.wall:.2f}x the sessions per second of {base.label} "
                  f"(goal with 2 workers on 2 cores: >= 1.8x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
