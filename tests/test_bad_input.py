"""The bad-input corpus: command line, damaged snapshots, damaged source files and exports.

Each case is one row of a table and asserts the exact outcome (exit code and message). The URL-parameter
cases of the pages are in test_bad_urls.py. Synthetic and damaged data live only in tmp folders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from attdash.cli import _parser, main
from attdash.export import neutralise, to_csv, to_csv_bytes
from attdash.profile import profile_markdown, to_frame
from attdash.snapshot import get_snapshot, list_snapshots
from attdash.sources.validate import ValidationFailed, validate
from tests.conftest import SHIPPED_SNAPSHOTS, append_row

SHIPPED = get_snapshot(None, SHIPPED_SNAPSHOTS)
ASOF = SHIPPED.name
N_COUNTRIES = len(pl.read_parquet(SHIPPED.path / "countries.parquet"))
AVAILABLE = ", ".join(s.name for s in list_snapshots(SHIPPED_SNAPSHOTS))
RANGE = f"is outside 2013-06-03 – {ASOF} (from the Treaty's opening for signature to the snapshot's as-of date)"
GROUPS = "African, Asia-Pacific, Eastern European, Latin American and Caribbean, Western European and Others"
COMMANDS = ", ".join(repr(c) for c in next(a for a in _parser()._actions if a.dest == "command").choices)
STATUSES = "state_party, ratified_not_in_force, signatory, not_signed, unknown"


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse
            rc = exc.code
    return rc, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# 1. Command line: (arguments, exit code, the one stderr line)

CLI_CASES = [
    (["status", "--as-of", "2000-01-01"], 2, f"--as-of 2000-01-01 {RANGE}"),
    (["status", "--as-of", "2013-06-02"], 2, f"--as-of 2013-06-02 {RANGE}"),
    (["summary", "--as-of", "9999-12-31"], 2, f"--as-of 9999-12-31 {RANGE}"),
    (["summary", "--as-of", "2099-01-01", "--format", "csv"], 2, f"--as-of 2099-01-01 {RANGE}"),
    (["profile", "KEN", "--as-of", "2000-01-01"], 2, f"--as-of 2000-01-01 {RANGE}"),
    (["profile", "KEN", "--as-of", "2100-01-01", "--format", "json"], 2, f"--as-of 2100-01-01 {RANGE}"),
    (["status", "--as-of", "16/04/2024"], 2, "argument --as-of: '16/04/2024' is not a date in the form YYYY-MM-DD"),
    (["summary", "--as-of", "2023-02-29"], 2, "argument --as-of: '2023-02-29' is not a real calendar date"),
    (["status", "--as-of", ""], 2, "argument --as-of: '' is not a date in the form YYYY-MM-DD"),
    (["status", "--as-of", "2024-04-16'; DROP TABLE countries; --"], 2,
     "argument --as-of: \"2024-04-16'; DROP TABLE countries; --\" is not a date in the form YYYY-MM-DD"),
    (["status", "--as-of", "2024-04-16", "--group", "Asia"], 2,
     f"unknown UN regional group 'Asia' (use one of: {GROUPS})"),
    (["status", "--as-of", "2024-04-16", "--group", "[Log in](https://ev.il)"], 2,
     f"unknown UN regional group '[Log in](https://ev.il)' (use one of: {GROUPS})"),
    (["status", "--as-of", "2024-04-16", "--status", "party"], 2, f"unknown status 'party' (use one of: {STATUSES})"),
    (["profile", "XYZ"], 2, "unknown country code 'XYZ' (use an ISO 3166 alpha-3 code, e.g. KEN)"),
    (["profile", "' OR 1=1 --"], 2, "unknown country code \"' OR 1=1 -\" (use an ISO 3166 alpha-3 code, e.g. KEN)"),
    (["profile", ""], 2, "unknown country code '' (use an ISO 3166 alpha-3 code, e.g. KEN)"),
    (["status", "--as-of", "2024-04-16", "--snapshot", "../../etc"], 2,
     f"unknown snapshot '../../etc' (available: {AVAILABLE})"),
    (["summary", "--as-of", "2024-04-16", "--snapshot", "1999-01-01"], 2,
     f"unknown snapshot '1999-01-01' (available: {AVAILABLE})"),
    (["coverage", "--snapshot", "<script>alert(1)</script>"], 2,
     f"unknown snapshot '<script>alert(1)</script>' (available: {AVAILABLE})"),
    (["status", "--as-of", "2024-04-16", "--format", "xml"], 2,
     "argument --format: invalid choice: 'xml' (choose from 'csv', 'table')"),
    (["profile", "KEN", "--format", "html"], 2,
     "argument --format: invalid choice: 'html' (choose from 'json', 'markdown')"),
    (["status"], 2, "the following arguments are required: --as-of"),
    (["frobnicate"], 2, f"argument command: invalid choice: 'frobnicate' (choose from {COMMANDS})"),
    (["snapshot", "build", "--as-of", "2999-01-01"], 2, "--as-of 2999-01-01 is after today ({today}): a snapshot "
                                                        "cannot be dated in the future"),
    (["snapshot", "build", "--as-of", "2026-02-30"], 2, "argument --as-of: '2026-02-30' is not a real calendar date"),
    (["snapshot", "build", "--as-of", "2026-01-01", "--dest", "/proc/attdash"], 2,
     "cannot write snapshots to /proc/attdash: No such file or directory"),
    (["snapshot", "build", "--as-of", "2026-01-01", "--dest", "{file}"], 2,
     "cannot write snapshots to {file}: it is a file, not a folder"),
    # the boundaries are answered
    (["status", "--as-of", "2013-06-03", "--format", "csv"], 0, ""),
    (["summary", "--as-of", ASOF, "--format", "csv"], 0, ""),
]


@pytest.mark.parametrize("argv, code, message", CLI_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_cli(argv, code, message, tmp_path, monkeypatch):
    import datetime as dt
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    a_file = tmp_path / "a_file"
    a_file.write_text("not a folder")
    argv = [a.replace("{file}", str(a_file)) for a in argv]
    rc, out, err = run_cli(argv)
    assert rc == code
    if code:
        expected = message.replace("{file}", str(a_file)).replace("{today}", dt.date.today().isoformat())
        assert err == f"attdash: error: {expected}\n"
        assert out == ""
    else:
        assert err == "" and out.count("\n") > 5


# ---------------------------------------------------------------------------------------------------------------
# 2. Damaged snapshots: a good copy (one day older) beside a damaged one.

DAMAGED = "2026-11-25"
GOOD = "2026-11-24"


def _copy_snapshot(dest: Path, name: str) -> Path:
    target = dest / name
    shutil.copytree(SHIPPED.path, target)
    m = json.loads((target / "manifest.json").read_text())
    m["as_of"] = name
    (target / "manifest.json").write_text(json.dumps(m))
    return target


def _edit_manifest(fn):
    def damage(folder: Path) -> None:
        m = json.loads((folder / "manifest.json").read_text())
        fn(m)
        (folder / "manifest.json").write_text(json.dumps(m))
    return damage


def _other_parquet(folder: Path) -> None:
    """A valid Parquet file with a tampered name: only the sha256 can tell."""
    df = pl.read_parquet(folder / "countries.parquet")
    df.with_columns(pl.when(pl.col("iso3") == "KEN").then(pl.lit("Tampered")).otherwise(pl.col("name"))
                    .alias("name")).write_parquet(folder / "countries.parquet")


def _symlink(folder: Path) -> None:
    (folder / "countries.parquet").unlink()
    (folder / "countries.parquet").symlink_to(SHIPPED.path / "countries.parquet")


def _dir(folder: Path) -> None:
    (folder / "countries.parquet").unlink()
    (folder / "countries.parquet").mkdir()


def _swap_entries(folder: Path) -> None:
    """countries and sources trade places in the manifest, each with the other's valid hash and row count."""
    m = json.loads((folder / "manifest.json").read_text())
    m["tables"]["countries"], m["tables"]["sources"] = m["tables"]["sources"], m["tables"]["countries"]
    (folder / "manifest.json").write_text(json.dumps(m))


def _rehash(folder: Path, table: str) -> None:
    import hashlib
    m = json.loads((folder / "manifest.json").read_text())
    m["tables"][table]["sha256"] = hashlib.sha256((folder / f"{table}.parquet").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(m))


def _flip_and_rehash(folder: Path) -> None:
    """A byte of the first column's compressed data changed (the zstd frame's first byte), and the manifest's hash
    updated to match. (A flipped byte that still decodes is a different valid file: only the schema and counts can
    be checked then.)"""
    import pyarrow.parquet as pq
    path = folder / "countries.parquet"
    chunk = pq.read_metadata(path).row_group(0).column(0)
    data = bytearray(path.read_bytes())
    frame = data.index(b"\x28\xb5\x2f\xfd", chunk.data_page_offset)  # the zstd magic number
    data[frame] ^= 0x01
    path.write_bytes(bytes(data))
    _rehash(folder, "countries")


def _retype(folder: Path) -> None:
    """A valid Parquet file, re-hashed, whose un_member column holds text: the table schema is checked."""
    df = pl.read_parquet(folder / "countries.parquet")
    df.with_columns(pl.col("un_member").cast(pl.Utf8)).write_parquet(folder / "countries.parquet")
    _rehash(folder, "countries")


P = f"snapshot {DAMAGED}, file"
SNAPSHOT_CASES = [
    # (case, damage, the one line; manifest-level damage is seen by `snapshot list` without opening)
    ("parquet is text", lambda f: (f / "countries.parquet").write_text("iso3,name\nKEN,Kenya\n"),
     f"{P} countries.parquet: not a Parquet file (truncated or overwritten)"),
    ("parquet truncated", lambda f: (f / "countries.parquet").write_bytes((f / "countries.parquet").read_bytes()[:500]),
     f"{P} countries.parquet: not a Parquet file (truncated or overwritten)"),
    ("parquet zero bytes", lambda f: (f / "treaty_events.parquet").write_bytes(b""),
     f"{P} treaty_events.parquet: empty (0 bytes)"),
    ("parquet missing", lambda f: (f / "sources.parquet").unlink(), f"{P} sources.parquet: missing"),
    ("parquet tampered", _other_parquet,
     f"{P} countries.parquet: sha256 differs from manifest.json (the file changed after the build); "
     "refusing this snapshot"),
    ("parquet is a symlink", _symlink, f"{P} countries.parquet: not a regular file"),
    ("parquet is a folder", _dir, f"{P} countries.parquet: not a regular file"),
    ("manifest not JSON", lambda f: (f / "manifest.json").write_text("{\n"),
     f"{P} manifest.json: not valid JSON (line 2, column 1: Expecting property name enclosed in double quotes)"),
    ("manifest empty", lambda f: (f / "manifest.json").write_text(""),
     f"{P} manifest.json: not valid JSON (line 1, column 1: Expecting value)"),
    ("manifest not UTF-8", lambda f: (f / "manifest.json").write_bytes(b'{"as_of": "\xff"}'),
     f"{P} manifest.json: not UTF-8 text"),
    ("manifest a list", lambda f: (f / "manifest.json").write_text("[]"), f"{P} manifest.json: not a JSON object"),
    ("manifest missing", lambda f: (f / "manifest.json").unlink(),
     f"{P} manifest.json: missing (an incomplete or damaged snapshot)"),
    ("no tables", _edit_manifest(lambda m: m.pop("tables")),
     f"{P} manifest.json: no 'tables' object listing the snapshot's Parquet files"),
    ("tables not an object", _edit_manifest(lambda m: m.update(tables=["countries"])),
     f"{P} manifest.json: no 'tables' object listing the snapshot's Parquet files"),
    ("bad table name", _edit_manifest(lambda m: m["tables"].update({"x; DROP TABLE y": m["tables"]["countries"]})),
     f"{P} manifest.json: unknown table name 'x; DROP TABLE y'"),
    ("core table missing", _edit_manifest(lambda m: m["tables"].pop("countries")),
     f"{P} manifest.json: the table 'countries' is missing"),
    ("as_of not a date", _edit_manifest(lambda m: m.update(as_of="yesterday")),
     f"{P} manifest.json: 'as_of' is 'yesterday', not a date in the form YYYY-MM-DD"),
    ("as_of impossible", _edit_manifest(lambda m: m.update(as_of="2026-02-30")),
     f"{P} manifest.json: 'as_of' is '2026-02-30', not a date in the form YYYY-MM-DD"),
    ("as_of not the folder", _edit_manifest(lambda m: m.update(as_of="2026-11-01")),
     f"{P} manifest.json: 'as_of' 2026-11-01 does not match the folder name {DAMAGED}"),
    ("path traversal", _edit_manifest(lambda m: m["tables"]["countries"].update(file="../../elsewhere/x.parquet")),
     f"{P} manifest.json: table 'countries' points to '../../elsewhere/x.parquet'; only a plain file name "
     "ending in .parquet inside the snapshot folder is allowed"),
    ("absolute path", _edit_manifest(lambda m: m["tables"]["countries"].update(file="/etc/passwd")),
     f"{P} manifest.json: table 'countries' points to '/etc/passwd'; only a plain file name ending in .parquet "
     "inside the snapshot folder is allowed"),
    ("sha256 missing", _edit_manifest(lambda m: m["tables"]["countries"].pop("sha256")),
     f"{P} manifest.json: table 'countries' has no valid sha256"),
    ("rows negative", _edit_manifest(lambda m: m["tables"]["countries"].update(rows=-1)),
     f"{P} manifest.json: table 'countries' has no row count"),
    # round 2: the manifest's claims are checked against the files
    ("rows 10^30", _edit_manifest(lambda m: m["tables"]["countries"].update(rows=10**30)),
     f"{P} manifest.json: table 'countries' claims {10**30} rows, more than 10,000,000; not a real count"),
    ("rows not the file's", _edit_manifest(lambda m: m["tables"]["countries"].update(rows=5)),
     f"{P} countries.parquet: holds {N_COUNTRIES:,} rows, manifest.json says 5; refusing this snapshot"),
    ("entries swapped, hashes valid", _swap_entries,
     f"{P} countries.parquet: column 'iso3' is not a column of table 'sources'; refusing this snapshot"),
    ("byte flipped, then re-hashed", _flip_and_rehash,
     f"{P} countries.parquet: cannot be decoded as Parquet (damaged data); refusing this snapshot"),
    ("column of another type", _retype,
     f"{P} countries.parquet: column 'un_member' is of type VARCHAR, not BOOLEAN; refusing this snapshot"),
    ("manifest nested 200,000 deep", lambda f: (f / "manifest.json").write_text("[" * 200_000 + "]" * 200_000),
     f"{P} manifest.json: nested too deeply to be a manifest"),
    ("manifest of 2 MB", lambda f: (f / "manifest.json").write_text("{}" + " " * 2_000_000),
     f"{P} manifest.json: 2,000,002 bytes, too large for a manifest (at most 1,048,576)"),
    ("schema_version from the future", _edit_manifest(lambda m: m.update(schema_version=99)),
     f"{P} manifest.json: 'schema_version' is 99; this version of attdash reads 1 to 2"),
]


@pytest.fixture()
def two_snapshots(tmp_path, monkeypatch):
    root = tmp_path / "snaps"
    root.mkdir()
    _copy_snapshot(root, GOOD)
    damaged = _copy_snapshot(root, DAMAGED)
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(root))
    return damaged


@pytest.mark.parametrize("case, damage, message", SNAPSHOT_CASES, ids=[c[0] for c in SNAPSHOT_CASES])
def test_damaged_snapshot(case, damage, message, two_snapshots):
    damage(two_snapshots)
    # opening the damaged snapshot: one line, exit code 2, nothing printed
    assert run_cli(["profile", "KEN", "--snapshot", DAMAGED]) == (2, "", f"attdash: error: {message}\n")
    # the other snapshot stays usable
    rc, out, err = run_cli(["profile", "KEN", "--snapshot", GOOD])
    assert (rc, err) == (0, "") and out.startswith("# Kenya (KEN)")
    # and `snapshot list` names the broken one and lists the rest
    rc, out, err = run_cli(["snapshot", "list"])
    lines = out.splitlines()
    assert rc == 0 and f"{DAMAGED}  BROKEN: {message}" in lines
    assert any(line.startswith(f"{GOOD}  built ") for line in lines) and len(lines) == 2


def test_a_file_damaged_after_opening_is_found_within_a_second(two_snapshots, monkeypatch):
    """The pages verify on every rerun; a success is trusted for VERIFIED_FOR_S (1 s), then the files are
    checked again (attdash.snapshot.verify)."""
    from attdash import snapshot
    info = snapshot.get_snapshot(DAMAGED)
    clock = [1000.0]
    monkeypatch.setattr(snapshot.time, "monotonic", lambda: clock[0])
    snapshot.verify(info)
    (two_snapshots / "countries.parquet").write_bytes(b"PAR1" + b"\0" * 64 + b"PAR1")
    clock[0] += 0.5
    snapshot.verify(info)  # within the second: the earlier check stands
    clock[0] += 0.6
    with pytest.raises(snapshot.SnapshotDamaged, match="countries.parquet: sha256 differs from manifest.json"):
        snapshot.verify(info)
    with pytest.raises(snapshot.SnapshotDamaged):  # and stays refused: a failure is never remembered as a success
        snapshot.verify(info)


def test_the_newest_damaged_snapshot_is_refused_by_default_not_replaced(two_snapshots):
    (two_snapshots / "countries.parquet").write_bytes(b"")
    assert run_cli(["summary", "--as-of", "2024-04-16"]) == (
        2, "", f"attdash: error: {P} countries.parquet: empty (0 bytes)\n")


def test_a_newer_snapshot_with_a_damaged_manifest_is_named_when_the_older_one_answers(two_snapshots):
    (two_snapshots / "manifest.json").write_text("[]")
    rc, out, err = run_cli(["summary", "--as-of", "2024-04-16", "--format", "csv"])
    assert rc == 0 and out.startswith("un_regional_group,")
    assert err == f"attdash: warning: newer {P} manifest.json: not a JSON object; using snapshot {GOOD}\n"


def test_a_snapshot_dated_in_the_future_is_refused_on_reading(two_snapshots):
    """A folder copied to 2098: it would open as the newest and answer for 2098. Reading applies build's rule."""
    future = _copy_snapshot(two_snapshots.parent, "2098-01-01")
    reason = f"snapshot 2098-01-01, file manifest.json: 'as_of' 2098-01-01 is after today ({dt.date.today()}); " \
             "a snapshot cannot be dated in the future"
    assert run_cli(["summary", "--as-of", "2024-04-16", "--snapshot", "2098-01-01"]) == (
        2, "", f"attdash: error: {reason}\n")
    rc, out, err = run_cli(["summary", "--as-of", "2024-04-16", "--format", "csv"])
    assert rc == 0 and err == f"attdash: warning: newer {reason}; using snapshot {DAMAGED}\n"
    assert f"2098-01-01  BROKEN: {reason}" in run_cli(["snapshot", "list"])[1].splitlines()
    # its own copy of the shipped as-of keeps answering; the future folder is never the default
    shutil.rmtree(future)


@pytest.mark.parametrize("where", ["a snapshot folder", "the snapshots folder"])
def test_a_symlink_loop_breaks_nothing(where, two_snapshots, tmp_path, monkeypatch):
    if where == "a snapshot folder":
        loop = two_snapshots.parent / "2026-01-01"
        loop.symlink_to(loop)
        rc, out, err = run_cli(["snapshot", "list"])
        assert rc == 0 and "2026-01-01  BROKEN: snapshot 2026-01-01: a symbolic link, not a snapshot folder" in out
        rc, out, err = run_cli(["summary", "--as-of", "2024-04-16", "--format", "csv"])
        assert (rc, err) == (0, "") and out.startswith("un_regional_group,")
    else:
        loop = tmp_path / "loop"
        loop.symlink_to(loop)
        monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(loop))
        assert run_cli(["snapshot", "list"]) == (0, "no snapshots yet: python -m attdash snapshot build\n", "")
        rc, out, err = run_cli(["summary", "--as-of", "2024-04-16"])
        assert rc == 2 and err.startswith(f"attdash: error: no usable snapshot found in {loop}") and out == ""


@pytest.mark.parametrize("name", [s.name for s in list_snapshots(SHIPPED_SNAPSHOTS)])
def test_every_shipped_snapshot_opens_on_the_command_line(name, tmp_path, monkeypatch):
    """The first shipped snapshot (schema version 1) crashed with 'treaty_events is of type Table'; every shipped
    snapshot opens, without and with its cached database."""
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    monkeypatch.setenv("ATTDASH_CACHE", str(tmp_path / "cache"))
    for _ in range(2):  # built, then read from the cache
        rc, out, err = run_cli(["summary", "--as-of", "2024-04-16", "--snapshot", name, "--format", "csv"])
        assert (rc, err) == (0, "") and "Asia-Pacific," in out
        rc, out, err = run_cli(["profile", "KEN", "--snapshot", name])
        assert (rc, err) == (0, "") and out.startswith("# Kenya (KEN)")
        rc, out, err = run_cli(["status", "--as-of", "2024-04-16", "--snapshot", name, "--format", "csv"])
        assert (rc, err) == (0, "") and out.count("\n") > 190
    assert len(list((tmp_path / "cache").glob(f"{name}-*.duckdb"))) == 1


# ---------------------------------------------------------------------------------------------------------------
# 3. Source files: (case, file, how to damage it, the problems validation reports)

def _write(name: str, text: str | bytes):
    def damage(src: Path) -> None:
        p = src / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return damage


def _append_text(name: str, text: str):
    def damage(src: Path) -> None:
        p = src / name
        p.write_bytes(p.read_bytes() + text.encode("utf-8"))
    return damage


def _replace(name: str, old: bytes, new: bytes, count: int = 1):
    def damage(src: Path) -> None:
        p = src / name
        data = p.read_bytes()
        assert old in data
        p.write_bytes(data.replace(old, new, count))
    return damage


def _row(name: str, /, **values: str):
    def damage(src: Path) -> None:
        append_row(src / name, values)
    return damage


def _header_only(name: str):
    def damage(src: Path) -> None:
        p = src / name
        p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return damage


def _duplicate_last_row(name: str):
    def damage(src: Path) -> None:
        p = src / name
        lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
        p.write_text("".join(lines) + lines[-1], encoding="utf-8")
    return damage


def _oversized(src: Path) -> None:
    with (src / "statements.csv").open("r+b") as f:
        f.truncate(21_000_000)


def _source(url: str):
    return _row("sources.csv", source_id="X-1", collection="test", title="t", authority="other", url=url)


STATEMENT = dict(meeting_id="CSP10", actor="Kenya", iso3="KEN", source_ids="ENG-S01")
S = "sources/statements.csv"
SOURCE_CASES = [
    ("one bad byte gives one error", _replace("countries.csv", b"Kenya", b"K\xe9nya"),
     ["sources/countries.csv, line {kenya}: the file is not UTF-8 text: byte 0xe9 at offset {offset} "
      "(invalid continuation byte); save it as UTF-8"]),
    ("NUL character", _replace("countries.csv", b"Kenya", b"Ke\x00nya"),
     ["sources/countries.csv, line {kenya}: contains the control character U+0000; control characters are not "
      "allowed (tabs and line breaks inside quoted text are)"]),
    ("escape character, twice", _replace("meetings.csv", b"CSP", b"\x1bCSP", 2),
     ["sources/meetings.csv, line {csp}: contains the control character U+001B (and 1 more in this file); control "
      "characters are not allowed (tabs and line breaks inside quoted text are)"]),
    ("C1 control (NEL)", _append_text("statements.csv", "CSP10,,Kenya\u0085,KEN,,,,,,,ENG-S01\n"),
     [f"{S}, line {{end}}: contains the control character U+0085; control characters are not allowed (tabs and "
      "line breaks inside quoted text are)"]),
    ("unterminated quote", _append_text("statements.csv", 'CSP10,,"Kenya,KEN,,,,,,,ENG-S01\nCSP10,,Kenya,KEN\n'),
     [f"{S}, line {{end}}: a quoted field that starts here is never closed (unterminated quote); nothing after it "
      "was read"]),
    ("text after a closing quote", _append_text("statements.csv", 'CSP10,,"Kenya"x,KEN,,,,,,,ENG-S01\n'),
     [f"{S}, line {{end}}: cannot be read as CSV (',' expected after '\"'); nothing after it was read"]),
    ("treaty_events header only", _header_only("treaty_events.csv"),
     ["sources/treaty_events.csv: has no rows: this core table must not be empty"]),
    ("countries header only: one error, not thousands", _header_only("countries.csv"),
     ["sources/countries.csv: has no rows: this core table must not be empty"]),
    ("sources header only", _header_only("sources.csv"),
     ["sources/sources.csv: has no rows: this core table must not be empty"]),
    ("group_membership header only", _header_only("group_membership.csv"),
     ["sources/group_membership.csv: has no rows: this core table must not be empty"]),
    ("zero-byte file", _write("statements.csv", b""),
     [f"{S}, line 1: the file is empty: it needs at least the header line"]),
    ("missing file", lambda src: (src / "statements.csv").unlink(), [f"{S}: the file is missing"]),
    ("oversized file", _oversized, [f"{S}: the file is 21.0 MB; the limit is 20 MB per source file"]),
    ("exact duplicate row (table without key)", _duplicate_last_row("statements.csv"),
     [f"{S}, line {{end}}: repeats line {{last}} exactly"]),
    ("meeting ends before it starts", _row("meetings.csv", meeting_id="TEST-X", name="Test", meeting_type="CSP",
                                           start_date="2024-08-26", end_date="2024-08-20", source_ids="ENG-S01"),
     ["sources/meetings.csv, line {end}, column 'end_date': 2024-08-20 is before start_date 2024-08-26"]),
    ("formula '=' in free text", _row("statements.csv", **STATEMENT, notes='=HYPERLINK("http://evil.example","x")'),
     [f"{S}, line {{end}}, column 'notes': starts with '=', which a spreadsheet runs as a formula; rephrase it so "
      "that it does not start with =, +, - or @"]),
    ("formula '+'", _row("statements.csv", **{**STATEMENT, "actor": "+cmd|' /C calc'!A0"}),
     [f"{S}, line {{end}}, column 'actor': starts with '+', which a spreadsheet runs as a formula; rephrase it so "
      "that it does not start with =, +, - or @"]),
    ("formula '@'", _row("statements.csv", **STATEMENT, notes="@SUM(1+1)*cmd|' /C calc'!A0"),
     [f"{S}, line {{end}}, column 'notes': starts with '@', which a spreadsheet runs as a formula; rephrase it so "
      "that it does not start with =, +, - or @"]),
    ("formula '-' (DDE)", _row("statements.csv", **STATEMENT, notes="-2+3+cmd|' /C calc'!A0"),
     [f"{S}, line {{end}}, column 'notes': starts with '-', which a spreadsheet runs as a formula; rephrase it so "
      "that it does not start with =, +, - or @"]),
    ("javascript: URL", _source("javascript:alert(1)"),
     ["sources/sources.csv, line {end}, column 'url': 'javascript:alert(1)' is not an http:// or https:// address"]),
    ("data: URL", _source("data:text/html,<b>x</b>"),
     ["sources/sources.csv, line {end}, column 'url': 'data:text/html,<b>x</b>' is not an http:// or https:// "
      "address"]),
    ("protocol-relative URL", _source("//evil.example/x"),
     ["sources/sources.csv, line {end}, column 'url': '//evil.example/x' is not an http:// or https:// address"]),
    ("file: URL", _source("file:///etc/passwd"),
     ["sources/sources.csv, line {end}, column 'url': 'file:///etc/passwd' is not an http:// or https:// address"]),
    ("wrong number of fields", _append_text("countries.csv", "ZZZ,ZZ\n"),
     ["sources/countries.csv, line {end}: has 2 fields, the header has 6"]),
    ("bad row after a multi-line field: true line", _append_text(
        "statements.csv", 'CSP10,,Kenya,KEN,,,,,,"line one\nline two",ENG-S01\nCSP10,Kenya\n'),
     [f"{S}, line {{end_plus_2}}: has 2 fields, the header has 11"]),
    ("column missing from the header", _replace("countries.csv", b"iso2,", b""),
     ["sources/countries.csv, line 1, column 'iso2': this column is missing from the header"]),
    # round 2: text that crashes a writer or misleads a reader is refused at entry (attdash/text_rules.py)
    ("U+FFFE in a name (crashed the Word writer)", _replace("countries.csv", b"Kenya", "Ken\ufffeya".encode()),
     ["sources/countries.csv, line {kenya}, column 'name': contains a Unicode non-character, U+FFFE at "
      "character 4"]),
    ("U+FFFF in a speaker", _row("statements.csv", **STATEMENT, speaker="Amb.\uffff"),
     [f"{S}, line {{end}}, column 'speaker': contains a Unicode non-character, U+FFFF at character 5"]),
    ("U+202E (right-to-left override) in a name", _replace("countries.csv", b"Kenya", "\u202eayneK".encode()),
     ["sources/countries.csv, line {kenya}, column 'name': contains a bidirectional control (it reorders what a "
      "reader sees), U+202E at character 1"]),
    ("U+2066 (isolate) in notes", _row("statements.csv", **STATEMENT, notes="a\u2066b"),
     [f"{S}, line {{end}}, column 'notes': contains a bidirectional control (it reorders what a reader sees), "
      "U+2066 at character 2"]),
    ("line break in a name", _replace("countries.csv", b"Kenya", b'"Ken\nya"'),
     ["sources/countries.csv, line {kenya}, column 'name': contains a line break, U+000A at character 4; this field "
      "is a single line"]),
    ("U+2028 in a name", _replace("countries.csv", b"Kenya", "Ken\u2028ya".encode()),
     ["sources/countries.csv, line {kenya}, column 'name': contains a line break, U+2028 at character 4; this field "
      "is a single line"]),
    ("java<TAB>script: URL", _source("java\tscript:alert(1)"),
     ["sources/sources.csv, line {end}, column 'url': 'java\tscript:alert(1)' is not an http:// or https:// "
      "address"]),
    ("java<ZERO WIDTH SPACE>script: URL", _source("java\u200bscript:alert(1)"),
     ["sources/sources.csv, line {end}, column 'url': 'java\u200bscript:alert(1)' is not an http:// or https:// "
      "address"]),
    ("https URL with a line feed inside", _source("https://exa\nmple.org/"),
     ["sources/sources.csv, line {end}, column 'url': contains a line break, U+000A at character 12; this field "
      "is a single line"]),
    ("a count of 5,000 digits", _row("official_counts.csv", as_of="2024-01-01", signatories="7" * 5000,
                                     authority="other", source_ids="OT-010"),
     ["sources/official_counts.csv, line {end}, column 'signatories': '" + "7" * 80 + "…' has more than 15 digits; "
      "not a plausible number", "sources/official_counts.csv, line {end}: gives neither signatories nor parties"]),
    ("a date padded to 4,000 characters is echoed cut", _row("statements.csv", **STATEMENT, date="2024-04-16" + " x" * 2000),
     [f"{S}, line {{end}}, column 'date': '" + ("2024-04-16" + " x" * 2000)[:80] + "…' is not a date in the form "
      "YYYY-MM-DD"]),
]


def _placeholders(src: Path) -> dict[str, int]:
    countries = (src / "countries.csv").read_bytes()
    lines = countries.split(b"\n")
    kenya = next(i for i, line in enumerate(lines, 1) if b"Kenya" in line)
    meetings = (src / "meetings.csv").read_bytes().split(b"\n")
    return {"kenya": kenya, "offset": countries.index(b"Kenya") + 1,
            "csp": next(i for i, line in enumerate(meetings, 1) if b"CSP" in line)}


@pytest.mark.parametrize("case, damage, expected", SOURCE_CASES, ids=[c[0] for c in SOURCE_CASES])
def test_damaged_source_file(case, damage, expected, sources_copy):
    import datetime as dt
    fixed = _placeholders(sources_copy)
    names = {"statements.csv", "sources.csv", "meetings.csv", "countries.csv", "official_counts.csv"}
    before = {n: (sources_copy / n).read_bytes().count(b"\n") for n in names}
    damage(sources_copy)
    with pytest.raises(ValidationFailed) as exc:
        validate(sources_copy, dt.date.fromisoformat(ASOF))
    got = [str(p) for p in exc.value.problems]
    changed = [n for n in names if (sources_copy / n).exists() and (sources_copy / n).stat().st_size < 10_000_000
               and (sources_copy / n).read_bytes().count(b"\n") != before[n]]
    end = before[changed[0]] + 1 if changed else 0
    values = {**fixed, "end": end, "last": end - 1, "end_plus_2": end + 2}
    assert got == [e.format(**values) for e in expected]


ACCEPTED_CASES = [
    ("UTF-8 BOM (Excel)", lambda src: (src / "countries.csv").write_bytes(
        b"\xef\xbb\xbf" + (src / "countries.csv").read_bytes()), None),
    ("CRLF line endings (Excel)", lambda src: (src / "statements.csv").write_bytes(
        (src / "statements.csv").read_bytes().replace(b"\n", b"\r\n")), None),
    ("quoted line break kept", _append_text("statements.csv", 'CSP10,,Kenya,KEN,,,,,,"line one\nline two",ENG-S01\n'),
     ("statements", "notes", "line one\nline two")),
    ("U+2028 kept, not a row split", _row("statements.csv", **STATEMENT, notes="one\u2028two"),
     ("statements", "notes", "one\u2028two")),
    ("tab inside free text", _row("statements.csv", **STATEMENT, notes="a\tb"), ("statements", "notes", "a\tb")),
    ("a dash then a number is a plain negative number", _row("statements.csv", **STATEMENT, notes="-5"),
     ("statements", "notes", "-5")),
    ("https URL", _source("https://example.org/a"),
     ("sources", "url", "https://example.org/a")),
    ("Arabic name with a zero-width joiner (not a bidi control)", _row("statements.csv", **STATEMENT,
                                                                         speaker="\u0643\u200d\u064a"),
     ("statements", "speaker", "\u0643\u200d\u064a")),
]


@pytest.mark.parametrize("case, change, kept", ACCEPTED_CASES, ids=[c[0] for c in ACCEPTED_CASES])
def test_accepted_source_variants(case, change, kept, sources_copy):
    import datetime as dt
    change(sources_copy)
    parsed = validate(sources_copy, dt.date.fromisoformat(ASOF))
    assert len(parsed.tables["countries"]) == N_COUNTRIES
    if kept:
        table, col, value = kept
        assert parsed.tables[table][-1][col] == value
        assert len([r for r in parsed.tables[table] if r[col] == value]) == 1


# ---------------------------------------------------------------------------------------------------------------
# 4. Exports: formula-leading cells neutralised (OWASP), BOM only for downloads

EXPORT_CASES = [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("-5", "-5"),
    ("-1.5", "-1.5"),
    ("Türkiye", "Türkiye"),
    ("a=b", "a=b"),
]


@pytest.mark.parametrize("text, safe", EXPORT_CASES)
def test_export_neutralises_formula_cells(text, safe):
    assert neutralise(text) == safe
    df = pl.DataFrame({"name": [text], "n": [-3]})
    back = pl.read_csv(io.StringIO(to_csv(df)), infer_schema=False)
    assert back["name"].to_list() == [safe] and back["n"].to_list() == ["-3"]


def test_download_bytes_have_a_bom_and_the_cli_none():
    df = pl.DataFrame({"name": ["Türkiye"]})
    assert to_csv_bytes(df, bom=True) == b"\xef\xbb\xbfname\nT\xc3\xbcrkiye\n"
    assert to_csv_bytes(df, bom=False) == b"name\nT\xc3\xbcrkiye\n"
    rc, out, _ = run_cli(["status", "--as-of", "2024-04-16", "--format", "csv"])
    assert rc == 0 and out.startswith("iso3,name,")


def test_markdown_card_neutralises_formula_cells(real_db):
    from attdash.profile import build_profile
    card = build_profile(real_db, "GHA")
    card["state"]["name"] = "=cmd"
    card["treaty_events"][0]["event_type"] = "@evil"  # source ids are no longer shown: a shown cell instead
    md = profile_markdown(card)
    assert md.startswith("# '=cmd (GHA)") and "| '@evil |" in md


def test_profile_frames_take_their_types_from_every_row():
    """More than 100 rows whose first 100 leave a column empty: inferring from 100 rows fails, to_frame does not."""
    rows = [{"event_date": f"2015-01-{1 + i % 28:02d}", "notes": None} for i in range(120)]
    rows[110]["notes"] = "a note"
    with pytest.raises(pl.exceptions.ComputeError):
        pl.DataFrame(rows)
    df = to_frame(rows)
    assert df.schema["notes"] == pl.Utf8 and df["notes"].drop_nulls().to_list() == ["a note"]


# ---------------------------------------------------------------------------------------------------------------
# 5. Writing files: --output never loses a file and never writes into data/; one line for every failure.

def _annex(*extra: str) -> list[str]:
    return ["annex", "--as-of", "2024-04-16", "--format", "md", *extra]


OUTPUT_CASES = [
    # (case, --output (with {tmp}), extra arguments, the one stderr line)
    ("the audit's case: a source table", "{data}/sources/countries.csv", [],
     "--output {data}/sources/countries.csv: refusing to write inside {data} (the data); write the document "
     "elsewhere"),
    ("a new file inside data/", "{data}/brief.md", [],
     "--output {data}/brief.md: refusing to write inside {data} (the data); write the document elsewhere"),
    ("data/ itself, as a folder", "{data}", ["--force"],
     "--output {data}/attdash_annex_2024-04-16.md: refusing to write inside {data} (the data); write the document "
     "elsewhere"),
    ("an existing file without --force", "{tmp}/existing.md", [],
     "--output {tmp}/existing.md: the file exists; add --force to replace it"),
    ("/dev/full", "/dev/full", ["--force"], "--output /dev/full: exists and is not a regular file; refusing to write"),
    ("a file in /proc", "/proc/self/attdash.md", [], "--output /proc/self/attdash.md: {proc_error}"),
    ("an unwritable folder", "/sys/attdash.md", [], "--output /sys/attdash.md: {sys_error}"),
    ("a 300-character name", "{tmp}/" + "n" * 300 + ".md", [],
     "--output {tmp}/" + "n" * (120 - len("{tmp}/")) + "…: File name too long"),
    ("a folder that does not exist", "{tmp}/nope/x.md", [], "folder '{tmp}/nope' does not exist"),
]


def _os_error(folder: str) -> str:
    import os
    import tempfile
    try:
        fd, name = tempfile.mkstemp(dir=folder)
    except OSError as exc:
        return exc.strerror
    os.close(fd)
    os.unlink(name)
    return "writable"


@pytest.mark.parametrize("case, output, extra, message", OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_output_loses_nothing(case, output, extra, message, tmp_path, monkeypatch):
    from attdash.paths import ROOT
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    data = str((ROOT / "data").resolve())
    existing = tmp_path / "existing.md"
    existing.write_text("the Secretariat's notes")
    protected = ROOT / "data" / "sources" / "countries.csv"
    before = protected.read_bytes()
    values = {"tmp": str(tmp_path), "data": data, "proc_error": _os_error("/proc/self"),
              "sys_error": _os_error("/sys")}
    out = output.format(**values)
    expected = message.format(**values)
    if case == "a 300-character name":
        expected = f"--output {(str(tmp_path) + '/' + 'n' * 300 + '.md')[:120]}…: File name too long"
    rc, stdout, err = run_cli(_annex("--output", out, *extra))
    assert (rc, stdout) == (2, "")
    assert err == f"attdash: error: {expected}\n"
    assert protected.read_bytes() == before and existing.read_text() == "the Secretariat's notes"
    assert not list(tmp_path.glob(".attdash-*"))  # no temporary file left behind


def test_output_replaces_a_file_only_with_force(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    target = tmp_path / "annex.md"
    target.write_text("old")
    assert run_cli(_annex("--output", str(target)))[0] == 2 and target.read_text() == "old"
    rc, out, err = run_cli(_annex("--output", str(target), "--force"))
    assert (rc, err) == (0, "") and target.read_text().startswith("# ") and out.startswith(f"wrote {target} (")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.md"]


def test_output_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    """A write that fails half-way (disk full) leaves the old file as it was and no temporary file."""
    import os
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    target = tmp_path / "annex.md"
    target.write_text("old")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    rc, out, err = run_cli(_annex("--output", str(target), "--force"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert (rc, out) == (2, "") and err == f"attdash: error: --output {target}: No space left on device\n"
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["annex.md"]


MISC_CLI_CASES = [
    (["import-raw", "/nonexistent"], "import-raw: '/nonexistent' is not a folder of raw material"),
    (["import-raw", "{tmp}"], "{tmp}/countries/SOURCES.md: No such file or directory"),
    (["status", "--as-of", "2023-02-30" + " " * 120_000 + "x"],
     "argument --as-of: '2023-02-30 …' is not a date in the form YYYY-MM-DD"),  # spaces shown as one
    (["status", "--as-of", " " * 120_000 + "2023-02-30"],
     "argument --as-of: '2023-02-30' is not a real calendar date"),
    (["status", "--as-of", "2024-04-16", "--group", "x" * 120_000], "unknown UN regional group '" + "x" * 80
     + "…' (use one of: " + GROUPS + ")"),
]


@pytest.mark.parametrize("argv, message", MISC_CLI_CASES, ids=[" ".join(a)[:40] for a, _ in MISC_CLI_CASES])
def test_misc_cli_one_short_line(argv, message, tmp_path, monkeypatch):
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    rc, out, err = run_cli([a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert (rc, out) == (2, "")
    assert err == f"attdash: error: {message.replace('{tmp}', str(tmp_path))}\n"
    assert len(err) < 600


SETTING_CASES = [
    ("ATTDASH_SNAPSHOTS", "/snap\x01shots", "ATTDASH_SNAPSHOTS contains the control character U+0001; it must name a "
                                            "folder or file"),
    ("ATTDASH_CACHE", "/tmp/" + "c" * 2000, "ATTDASH_CACHE is 2,005 characters long (at most 1024); it must name a "
                                            "folder or file"),
    ("ATTDASH_SOURCES", "a\x1b[31mred", "ATTDASH_SOURCES contains the control character U+001B; it must name a "
                                        "folder or file"),
    ("ATTDASH_DATA_DIR", "/x\x7f", "ATTDASH_DATA_DIR contains the control character U+007F; it must name a "
                                   "folder or file"),
]


@pytest.mark.parametrize("name, value, message", SETTING_CASES, ids=[c[0] for c in SETTING_CASES])
def test_bad_path_settings_one_line(name, value, message, monkeypatch):
    monkeypatch.setenv(name, value)
    assert run_cli(["summary", "--as-of", "2024-04-16"]) == (2, "", f"attdash: error: {message}\n")


@pytest.mark.parametrize("name", ["ATTDASH_SNAPSHOTS", "ATTDASH_CACHE", "ATTDASH_DATA_DIR"])
def test_settings_naming_proc_answer_in_one_line_or_as_usual(name, monkeypatch):
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(SHIPPED_SNAPSHOTS))
    monkeypatch.setenv(name, "/proc/x")
    if name == "ATTDASH_SNAPSHOTS":
        assert run_cli(["summary", "--as-of", "2024-04-16"]) == (
            2, "", "attdash: error: no usable snapshot found in /proc/x; build one with: python -m attdash "
                   "snapshot build\n")
    elif name == "ATTDASH_CACHE":  # no cache: only slower
        rc, out, err = run_cli(["summary", "--as-of", "2024-04-16", "--format", "csv"])
        assert (rc, err) == (0, "") and "Asia-Pacific," in out
    else:  # the register's folder cannot be created
        rc, out, err = run_cli(["register", "list"])
        assert (rc, out) == (2, "") and err.startswith("attdash: error: ") and err.count("\n") == 1
        assert "/proc/x" in err and "Traceback" not in err


def test_an_empty_setting_means_the_default_not_the_current_folder(monkeypatch, tmp_path):
    from attdash.paths import ROOT, snapshots_dir
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", "")
    monkeypatch.chdir(tmp_path)
    assert snapshots_dir() == ROOT / "data" / "snapshots"


# ---------------------------------------------------------------------------------------------------------------
# 6. Data values in Markdown and PDF outputs never become markup (a name that is an image fetched a URL).

HOSTILE_NAME = "![x](http://127.0.0.1:9/t.png) <img src=x> [Log in](https://ev.il) http://3232235777/ www.ev.il a@ev.il"


def test_markdown_card_and_brief_escape_data_values(real_db):
    import re
    from attdash import documents
    from attdash.documents.content import brief_content
    from attdash.profile import build_profile
    card = build_profile(real_db, "GHA")
    card["state"]["name"] = HOSTILE_NAME
    card["sources"][0]["url"] = "java\tscript:alert(1)"
    brief = brief_content(real_db, "GHA", None)
    brief["state"]["name"] = HOSTILE_NAME
    brief["names"] = [{"language": "en", "name": HOSTILE_NAME}]
    brief["sources"][0]["url"] = "java\tscript:alert(1)"
    brief["sources"][0]["title"] = HOSTILE_NAME
    for md in (profile_markdown(card), documents.render_brief(brief, "md").decode()):
        assert "![x](" not in md and "[Log in](" not in md and not re.search(r"(?<!\\)<img", md)
        assert "http://3232235777" not in md and "www.ev" not in md and "a@ev" not in md
        assert (r"\!\[x\](http\:" "\u2060" r"//127.0.0.1:9/t.png) \<img src=x\> \[Log in\](https\:" "\u2060"
                r"//ev.il) http\:" "\u2060" r"//3232235777/ www" "\u2060" r"\.ev.il a\@" "\u2060" "ev.il") in md
        assert "<java" not in md and not re.search(r"<[^>\s]*script", md)


def test_pdf_brief_links_only_http_addresses(real_db):
    import re
    from attdash import documents
    from attdash.documents.content import brief_content
    brief = brief_content(real_db, "GHA", None)
    brief["sources"][0]["url"] = brief["sources"][0]["url_short"] = "java\tscript:alert(1)"
    brief["sources"][1]["url"] = brief["sources"][1]["url_short"] = "https://example.org/kept"
    pdf = documents.render_brief(brief, "pdf")
    uris = re.findall(rb"/URI\s*\(([^)]*)\)", pdf)
    assert b"https://example.org/kept" in uris
    assert uris and all(u.startswith((b"http://", b"https://")) for u in uris), uris


@pytest.mark.parametrize("fmt", ["docx", "md", "pdf"])
def test_a_non_character_that_slipped_past_the_checks_does_not_crash_a_writer(fmt, real_db):
    """U+FFFE/U+FFFF passed validation once and crashed the Word writer; the entry checks refuse them now, and
    the writers replace any that reach them (an older snapshot) with U+FFFD."""
    from attdash import documents
    from attdash.documents.content import brief_content
    brief = brief_content(real_db, "GHA", None)
    brief["state"]["name"] = "Gha\ufffena\uffff\x01"
    brief["title"] = brief["title"].replace("Ghana", brief["state"]["name"])  # the heading names the State too
    body = documents.render_brief(brief, fmt)
    assert body[:4] in (b"PK\x03\x04", b"%PDF") or "Gha\ufffdna\ufffd\ufffd" in body.decode()
    if fmt == "docx":
        import zipfile
        xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
        assert "Gha\ufffdna\ufffd\ufffd" in xml


def test_the_terminal_table_keeps_one_line_per_row():
    """A line break, U+2028 or a bidi override in a cell (an older snapshot: the entry checks refuse them now)
    broke the `status` layout; each row stays one line, its columns in place."""
    from attdash.export import to_table
    df = pl.DataFrame({"name": ["Ken\u2028ya\r\nX\u202eY", "Ghana"], "n": [1, 2]})
    lines = to_table(df).splitlines()
    assert lines == ["| name       | n |", "|------------|---|", "| Ken ya X Y | 1 |", "| Ghana      | 2 |"]
