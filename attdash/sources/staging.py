"""An upload merged into a staging copy of the sources, validated with the rules of ``snapshot build``, and
the reviewed diff: rows added, changed and removed per table, and what that changes for the users.

The staging copy lives beside ``data/sources`` (same file system, so publishing can rename files into place);
the live sources are not touched here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from attdash.sources import schema
from attdash.sources.catalog import SCOPE, UPLOAD_SOURCE_PREFIX
from attdash.sources.reading import Upload, UploadRow
from attdash.sources.validate import Problem, ValidationFailed, validate

STAGING_PREFIX = ".staging-"


@dataclass
class TableDiff:
    table: str
    added: list[dict[str, str]] = field(default_factory=list)
    changed: list[tuple[dict[str, str], dict[str, str], list[str]]] = field(default_factory=list)  # old, new, cols
    removed: list[dict[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class Staged:
    upload: Upload
    staging: Path
    sources: Path
    as_of: dt.date
    uploaded_by: str
    base_fingerprint: str
    problems: list[Problem]
    diffs: dict[str, TableDiff]
    source_id: str | None  # the upload's own sources row, when some row cites none
    impact: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> bool:
        return any(not d.empty for d in self.diffs.values())

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def fingerprint(sources: Path) -> str:
    """The state of the live source tables (every CSV's size, time and name): publishing refuses when it moved."""
    h = hashlib.sha256()
    for p in sorted(sources.glob("*.csv")) + [sources / "AS_OF"]:
        if p.exists():
            st = p.stat()
            h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader
                if any((v or "").strip() for v in r.values() if isinstance(v, str))]
        return list(reader.fieldnames or []), rows


def _render(header: list[str], row: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(c, "") for c in header])
    return buf.getvalue()


def _key(table: schema.Table, row: dict[str, str]) -> tuple:
    cols = table.key or tuple(c for c in table.column_names if c != "source_ids")
    return tuple(row.get(c, "") for c in cols)


def clean_stale(sources: Path, max_age_s: float = 24 * 3600) -> None:
    """Remove staging folders older than a day (a review abandoned in a closed browser tab)."""
    for p in sources.parent.glob(f"{STAGING_PREFIX}*"):
        try:
            if p.is_dir() and not p.is_symlink() and time.time() - p.stat().st_mtime > max_age_s:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def upload_source_row(up: Upload, uploaded_by: str, when: dt.datetime) -> dict[str, str]:
    tables = ", ".join(sorted(up.tables))
    return {"source_id": f"{UPLOAD_SOURCE_PREFIX}{when:%Y%m%d}-{up.sha256[:12]}", "collection": "secretariat_upload",
            "title": f"{up.file_name} (sha256 {up.sha256})", "publisher": "ATT Secretariat", "url": "",
            "as_of": when.date().isoformat(),
            "used_for": f"{tables}: rows citing no other source; uploaded by {uploaded_by} on "
                        f"{when.isoformat(timespec='seconds')}",
            "authority": "un"}


def prepare(up: Upload, sources: Path, uploaded_by: str, as_of: dt.date | None = None,
            now: dt.datetime | None = None) -> Staged:
    """Merge the upload into a staging copy of ``sources`` and validate it; nothing live is written."""
    as_of = as_of or dt.date.today()
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clean_stale(sources)
    base = fingerprint(sources)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=sources.parent))
    shutil.copytree(sources, staging / "sources", ignore=shutil.ignore_patterns("research", ".*"))
    stage_src = staging / "sources"
    problems = list(up.problems)
    diffs: dict[str, TableDiff] = {}
    line_map: dict[str, dict[int, UploadRow]] = {}
    src_row = upload_source_row(up, uploaded_by, now)
    cited_upload = False
    for name, rows in up.tables.items():
        table = schema.TABLES_BY_NAME[name]
        path = stage_src / table.file
        header, current = read_csv(path) if path.exists() else (table.column_names, [])
        header = table.column_names
        scope_col = SCOPE.get(name)
        if scope_col:
            scope = {r.values.get(scope_col, "") for r in rows}
            kept = [r for r in current if r.get(scope_col, "") not in scope]
            old = [r for r in current if r.get(scope_col, "") in scope]
        else:
            kept, old = [], current
        old_by_key = {}
        for r in old:
            old_by_key.setdefault(_key(table, r), r)
        diff = TableDiff(name)
        new_rows: list[tuple[dict[str, str], UploadRow]] = []
        for ur in rows:
            v = dict(ur.values)
            prev = old_by_key.get(_key(table, v))
            if not v.get("source_ids"):
                if prev and all(prev.get(c, "") == v.get(c, "") for c in header if c != "source_ids"):
                    v["source_ids"] = prev.get("source_ids", "")  # unchanged row: keeps its source
                if not v.get("source_ids"):
                    v["source_ids"] = src_row["source_id"]
                    cited_upload = True
            new_rows.append((v, ur))
            if prev is None:
                diff.added.append(v)
            else:
                cols = [c for c in header if prev.get(c, "") != v.get(c, "")]
                if cols:
                    diff.changed.append((prev, v, cols))
                else:
                    diff.unchanged += 1
        new_keys = {_key(table, v) for v, _ in new_rows}
        diff.removed = [r for k, r in old_by_key.items() if k not in new_keys]
        diffs[name] = diff
        text = _render(header, {c: c for c in header})
        line = 2
        lines: dict[int, UploadRow] = {}
        for r in kept:
            chunk = _render(header, r)
            text += chunk
            line += chunk.count("\n")
        for v, ur in new_rows:
            chunk = _render(header, v)
            lines[line] = ur
            text += chunk
            line += chunk.count("\n")
        line_map[table.file] = lines
        path.write_text(text, encoding="utf-8")
    if cited_upload:
        with (stage_src / "sources.csv").open("a", encoding="utf-8", newline="") as f:
            if not (stage_src / "sources.csv").read_text(encoding="utf-8").endswith("\n"):
                f.write("\n")
            f.write(_render(schema.SOURCES.column_names, src_row))
    (stage_src / "AS_OF").write_text(as_of.isoformat() + "\n")
    try:
        validate(stage_src, as_of)
    except ValidationFailed as exc:
        flagged = {(p.file, p.line, p.column) for p in problems}
        problems += [m for m in (_map(p, line_map) for p in exc.problems)
                     if (m.file, m.line, m.column) not in flagged]
    return Staged(up, staging, sources, as_of, uploaded_by, base, problems, diffs,
                  src_row["source_id"] if cited_upload else None)


def _map(p: Problem, line_map: dict[str, dict[int, UploadRow]]) -> Problem:
    """A problem in the staged CSV → the uploaded sheet and row it came from."""
    file = p.file.split("/")[-1]
    lines = line_map.get(file)
    if lines is None:
        return Problem(f"current {file}", p.line, p.column, p.message)
    ur = lines.get(p.line) if p.line else None
    msg = re.sub(r"(duplicates|repeats) line (\d+)",
                 lambda m: f"{m.group(1)} row {lines[int(m.group(2))].row}" if int(m.group(2)) in lines
                 else m.group(0), p.message)
    if ur is None:
        return Problem(file.removesuffix(".csv"), None if p.line == 1 else p.line, p.column, msg)
    return Problem(ur.sheet, ur.row, p.column, msg)


def describe(p: Problem) -> str:
    """One line for the user: sheet, row, column, what is wrong."""
    where = f"sheet '{p.file}'" if not p.file.startswith("current ") else p.file
    if p.line is not None:
        where += f", row {p.line}"
    if p.column:
        where += f", column '{p.column}'"
    return f"{where}: {p.message}"


def staged_sources(staged: Staged) -> Path:
    return staged.staging / "sources"
