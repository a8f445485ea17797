"""Publish a reviewed upload: build the new dated snapshot from the staging copy (the existing atomic build),
then move the changed source tables into place, and record it in the audit log. Withdraw a snapshot: hidden
from the picker, kept on disk, with a reason, recorded.

Snapshot names are dates and the as-of date cannot lie in the future, so one snapshot can be published per
day: a second publication on the same day is refused with a clear message (withdrawing does not free the
date: a withdrawn snapshot stays on disk).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import json
import os
import tempfile
from pathlib import Path

from attdash.paths import snapshots_dir
from attdash.snapshot import SnapshotExists, build, get_snapshot
from attdash.sources.staging import Staged, fingerprint

WITHDRAWN_FILE = "withdrawn.json"


class PublishRefused(Exception):
    """Publishing is not possible now; ``str(exc)`` is one line for the user. Nothing was written."""


@contextlib.contextmanager
def _lock(sources: Path):
    path = sources.parent / ".publish.lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishRefused("another publication is running; try again in a minute") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _replace(src: Path, dest: Path) -> None:
    """Copy ``src`` over ``dest`` atomically (a temporary file in the same folder, then rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(src.read_bytes())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish_folder(staged_src: Path, sources: Path, as_of: dt.date, base_fingerprint: str,
                   dest: Path | None = None) -> tuple[Path, list[str]]:
    """Build the snapshot ``as_of`` from ``staged_src`` (validated by the build itself), then replace the live
    source files that differ; returns the snapshot's folder and the files written. Nothing is written when the
    build fails (ValidationFailed) or is refused (:class:`PublishRefused`)."""
    dest = dest or snapshots_dir()
    with _lock(sources):
        if fingerprint(sources) != base_fingerprint:
            raise PublishRefused("the source tables changed since this upload was reviewed (another publication or "
                                 "edit); upload the file again to review the changes against them")
        if (dest / as_of.isoformat()).exists():
            raise PublishRefused(f"a snapshot dated {as_of.isoformat()} already exists: one publication per day "
                                 "(snapshots are named by their date and never overwritten); publish tomorrow")
        try:
            path = build(as_of, staged_src, dest)
        except SnapshotExists as exc:
            raise PublishRefused(str(exc)) from None
        files = []
        for p in sorted(staged_src.iterdir()):
            live = sources / p.name
            if p.is_file() and (not live.exists() or live.read_bytes() != p.read_bytes()):
                files.append(p.name)
        for name in files:
            _replace(staged_src / name, sources / name)
    return path, files


def publish(staged: Staged, store=None, dest: Path | None = None) -> Path:
    """Build the snapshot dated ``staged.as_of`` from the staging copy, then write the sources; returns the
    snapshot's folder. Raises :class:`PublishRefused` (nothing written) when problems remain, the sources
    changed since the review, or a snapshot already carries that date."""
    if not staged.ok:
        raise PublishRefused(f"{len(staged.problems)} problem(s) remain; nothing was written")
    if not staged.changes:
        raise PublishRefused("the upload changes nothing; nothing was written")
    path, files = publish_folder(staged.staging / "sources", staged.sources, staged.as_of,
                                 staged.base_fingerprint, dest)
    up = staged.upload
    if store is not None:
        from attdash.register import data_audit
        data_audit.record(store, username=staged.uploaded_by, action="publish", snapshot=path.name,
                          file_name=up.file_name, sha256=up.sha256, tables=sorted(staged.diffs),
                          summary={t: {"added": len(d.added), "changed": len(d.changed), "removed": len(d.removed)}
                                   for t, d in staged.diffs.items()} | {"files": files})
    staged.discard()
    return path


# --- withdrawal -------------------------------------------------------------------------------------------

def withdrawn(root: Path | None = None) -> dict[str, dict]:
    """Withdrawn snapshots: name → {reason, by, at}. A damaged file withdraws nothing (the picker still works)."""
    path = os.path.join(root or snapshots_dir(), WITHDRAWN_FILE)
    try:
        st = os.stat(path)
    except OSError:
        return {}
    # read again only when the file changed (the pages ask on every rerun)
    return {k: dict(v) for k, v in _read_withdrawn(path, st.st_size, st.st_mtime_ns, st.st_ino).items()}


@functools.lru_cache(maxsize=16)
def _read_withdrawn(path: str, _size: int, _mtime_ns: int, _ino: int) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def withdraw(name: str, reason: str, username: str, store=None, root: Path | None = None) -> None:
    """Hide snapshot ``name`` from the picker (kept on disk); the reason and who did it are recorded."""
    root = root or snapshots_dir()
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise PublishRefused("give the reason for withdrawing the snapshot (a few words)")
    snap = get_snapshot(name, root)  # LookupError for an unknown or damaged snapshot
    current = withdrawn(root)
    if snap.name in current:
        raise PublishRefused(f"snapshot {snap.name} is already withdrawn")
    from attdash.snapshot import list_snapshots
    if not [s for s in list_snapshots(root) if s.name not in current and s.name != snap.name]:
        raise PublishRefused("this is the only snapshot left in the picker; it cannot be withdrawn")
    current[snap.name] = {"reason": reason[:500], "by": username,
                          "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    fd, tmp = tempfile.mkstemp(prefix=".withdrawn.", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(current, f, indent=2, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / WITHDRAWN_FILE)
    if store is not None:
        from attdash.register import data_audit
        data_audit.record(store, username=username, action="withdraw", snapshot=snap.name, summary=reason[:500])
