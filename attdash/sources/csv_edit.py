"""Edit a curated CSV without disturbing it: untouched rows keep their exact bytes, changed and new rows are
written in the file's own style (line endings, quoting), and files are replaced atomically.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Row:
    values: dict[str, str]
    raw: str | None = None  # the row's original text (None: new or changed, written anew)

    def get(self, col: str) -> str:
        return (self.values.get(col) or "").strip()

    def set(self, col: str, value: str) -> None:
        if self.values.get(col, "") != value:
            self.values[col] = value
            self.raw = None


@dataclass
class CsvFile:
    path: Path
    header: list[str]
    header_raw: str
    rows: list[Row] = field(default_factory=list)
    newline: str = "\n"
    quote_all: bool = False
    bom: bool = False

    def append(self, values: dict[str, str]) -> Row:
        row = Row({c: values.get(c, "") or "" for c in self.header})
        self.rows.append(row)
        return row

    def render(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator=self.newline,
                       quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL)
        text = ("\ufeff" if self.bom else "") + self.header_raw
        if text and not text.endswith(("\n", "\r")):
            text += self.newline
        parts = [text]
        for i, r in enumerate(self.rows):
            if r.raw is not None:
                raw = r.raw
                if i < len(self.rows) - 1 and not raw.endswith(("\n", "\r")):
                    raw += self.newline  # the old last line had no line end
                parts.append(raw)
            else:
                out.seek(0)
                out.truncate()
                w.writerow([r.values.get(c, "") for c in self.header])
                parts.append(out.getvalue())
        return "".join(parts)


def read_csv(path: Path) -> CsvFile:
    """Read a CSV keeping each record's original text."""
    text = path.read_bytes().decode("utf-8")
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    consumed: list[str] = []

    def lines():
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(lines())
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{path.name} is empty: it needs at least its header line") from None
    header_raw = "".join(consumed)
    consumed.clear()
    newline = "\r\n" if header_raw.endswith("\r\n") else "\r" if header_raw.endswith("\r") else "\n"
    quote_all = header_raw.startswith('"')
    f = CsvFile(path, [h.strip() for h in header], header_raw, newline=newline, quote_all=quote_all, bom=bom)
    for values in reader:
        raw = "".join(consumed)
        consumed.clear()
        if not values or all(not v.strip() for v in values):
            # blank line: keep it verbatim, as a row with no values
            f.rows.append(Row({}, raw))
            continue
        f.rows.append(Row(dict(zip(f.header, values)), raw))
    return f


def write_atomic(contents: dict[Path, str]) -> None:
    """Write each file to a temporary file beside it, then move all into place (os.replace)."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in contents.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            else:
                os.chmod(tmp, 0o644)
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
