"""kill -9 during ``snapshot build``: no partial snapshot is ever visible, and the next build cleans up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from attdash.paths import ROOT
from attdash.snapshot import get_snapshot, scan_snapshots, verify
from tests.conftest import make_sources

TRIALS = 5


def _visible_snapshots_are_complete(dest: Path) -> list[str]:
    """Names of the dated folders; each must be a complete snapshot whose files match its manifest."""
    good, broken = scan_snapshots(dest)
    assert broken == [], broken
    for s in good:
        verify(s)
    return [s.name for s in good]


def _build(src: Path, dest: Path, as_of: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "attdash", "snapshot", "build", "--as-of", as_of,
                             "--sources", str(src), "--dest", str(dest)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_during_build_leaves_no_partial_snapshot_and_the_next_build_cleans_up(tmp_path):
    src = make_sources(tmp_path / "src", [{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"}])
    dest = tmp_path / "snaps"
    dest.mkdir()
    rng = random.Random(8)
    interrupted = 0
    for i in range(TRIALS):
        proc = _build(src, dest, f"2026-01-{i + 1:02d}")
        deadline = time.monotonic() + 60
        # Wait until the build is writing (its temporary folder exists), then kill it at a random moment.
        while proc.poll() is None and not list(dest.glob(".building-*")) and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            interrupted += 1
        names = _visible_snapshots_are_complete(dest)
        assert set(names) <= {f"2026-01-{k + 1:02d}" for k in range(i + 1)}
    assert interrupted >= 1  # at least one build really was killed
    stale = sorted(p.name for p in dest.glob(".building-*"))
    assert stale  # the killed builds left their temporary folders: the next build must remove them

    done = _build(src, dest, "2026-02-01")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert out.strip() == f"wrote {dest / '2026-02-01'}"
    assert sorted(line.split()[1] for line in err.splitlines()) == stale
    assert all(line.endswith("left by an interrupted build") for line in err.splitlines())
    assert list(dest.glob(".building-*")) == []
    assert "2026-02-01" in _visible_snapshots_are_complete(dest)
    assert get_snapshot(None, dest).name == "2026-02-01"
