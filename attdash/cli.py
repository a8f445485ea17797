"""Command line: ``python -m attdash <command>``. A stable interface for scripts and checks."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from attdash import reports
from attdash.text_rules import cut
from attdash.vocab import GROUP_SHORT, GROUPS, STATUSES, VIEWDETAILS_URL

#: The longest error line printed: a message echoing user input never runs to pages.
MAX_ERROR = 400

# Start-up time: heavy modules (DuckDB, Polars, the snapshot builder) are imported inside the commands
# that need them, so `--help`, a usage error or `snapshot list` never load them.


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit code 2
        self.exit(2, f"attdash: error: {cut(' '.join(message.split()), MAX_ERROR)}\n")



def _plain(text: object, limit: int = 120) -> str:
    """Text from a file for the terminal: no control or format characters (an escape sequence prints as "?")."""
    return cut("".join(ch if ch.isprintable() else "?" for ch in str(text)), limit)


def _error(message: object) -> None:
    """One line on stderr, however long or multi-line the message (it may echo user input)."""
    print(f"attdash: error: {cut(' '.join(str(message).split()), MAX_ERROR)}", file=sys.stderr)


def _output_path(text: str) -> Path:
    if not text or "\0" in text or len(text) > 4096:
        raise argparse.ArgumentTypeError(f"{cut(text)!r} is not a file name")
    return Path(text)


def _day(text: str) -> dt.date:
    try:
        return reports.parse_day(text)
    except reports.BadParameter as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _group(text: str) -> str:
    """A UN regional group as the pages accept it: the full name or GRULAC/WEOG, any case."""
    from attdash.vocab import GROUP_SHORT
    wanted = text.strip().casefold()
    for full, short in GROUP_SHORT.items():
        if wanted in (full.casefold(), short.casefold()):
            return full
    return text  # reports.check_groups names it in a one-line error


def _state(db, text: str) -> str:
    """The State a profile/brief argument names: an ISO3 code or a name as people type it (attdash.country_match).
    Several States: a one-line error listing them; none: the text goes on as a code and the card names it unknown."""
    from attdash.country_match import StateFinder
    finder = StateFinder.from_database(db)
    found = finder.find(text)
    return finder.one(text) if len(found) > 1 else (found[0] if found else text.upper())


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m attdash", description="Arms Trade Treaty universalization data.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    snap = sub.add_parser("snapshot", help="build or list dated snapshots")
    snap_sub = snap.add_subparsers(dest="snapshot_command", required=True, parser_class=_Parser)
    b = snap_sub.add_parser("build", help="validate data/sources and write data/snapshots/<as-of>/")
    b.add_argument("--as-of", type=_day, default=None,
                   help="the data's as-of date (default: data/sources/AS_OF, else today)")
    b.add_argument("--sources", type=Path, default=None, help="source tables folder (default data/sources)")
    b.add_argument("--dest", type=Path, default=None, help="snapshots folder (default data/snapshots)")
    snap_sub.add_parser("list", help="list snapshots with their as-of dates and row counts")

    def common(sp, default_format="table"):
        sp.add_argument("--snapshot", default=None, help="snapshot name (default: the newest, unless withdrawn)")
        sp.add_argument("--format", choices=("csv", "table"), default=default_format)

    s = sub.add_parser("status", help="treaty status of each State on a date")
    s.add_argument("--as-of", type=_day, required=True)
    s.add_argument("--group", action="append", default=[], metavar="NAME", type=_group,
                   help=f"UN regional group (repeatable): {'; '.join(GROUPS)} (GRULAC and WEOG too)")
    s.add_argument("--status", action="append", default=[], metavar="S",
                   help=f"status (repeatable): {', '.join(STATUSES)}")
    common(s)

    m = sub.add_parser("summary", help="number of States by group and status on a date")
    m.add_argument("--as-of", type=_day, required=True)
    common(m)

    pr = sub.add_parser("profile", help="a State's profile card (work plan ¶13 elements)")
    pr.add_argument("iso3", metavar="STATE", help="ISO3 code or name (any UN language, former names too)")
    pr.add_argument("--as-of", type=_day, default=None, help="status date (default: the snapshot's as-of)")
    pr.add_argument("--snapshot", default=None)
    pr.add_argument("--format", choices=("json", "markdown"), default="markdown")
    _lang_option(pr)

    c = sub.add_parser("coverage", help="how many States each profile element has data for")
    common(c)

    from attdash.vocab import ANNEX_FORMATS, BRIEF_FORMATS, REPORT_FORMATS

    def document(sp, formats):
        sp.add_argument("--snapshot", default=None, help="snapshot name (default: the newest, unless withdrawn)")
        sp.add_argument("--format", choices=formats, default="pdf")
        sp.add_argument("--output", type=_output_path, default=None,
                        help="file to write (default: attdash_<document>_..._<date>.<format> in the current folder); "
                             "an existing file is replaced only with --force; never inside data/")
        sp.add_argument("--force", action="store_true", help="replace an existing --output file")
        _lang_option(sp)

    br = sub.add_parser("brief", help="print-ready country brief (work plan ¶13): PDF, Word or Markdown")
    br.add_argument("iso3", metavar="STATE", help="ISO3 code or name (any UN language, former names too)")
    br.add_argument("--as-of", type=_day, default=None, help="status date (default: the snapshot's as-of)")
    document(br, BRIEF_FORMATS)

    rp = sub.add_parser("report", help="progress report between two dates: PDF, Word, Markdown or CSV")
    rp.add_argument("--since", type=_day, default=None,
                    help="first date (default: the opening of the last CSP before --until)")
    rp.add_argument("--until", type=_day, default=None, help="second date (default: the snapshot's as-of)")
    rp.add_argument("--group", action="append", default=[], metavar="NAME",
                    help=f"only this UN regional group (repeatable): {'; '.join(GROUPS)} (or GRULAC, WEOG)")
    document(rp, REPORT_FORMATS)

    an = sub.add_parser("annex", help="the work plan's annex (status per UN regional group) on a date")
    an.add_argument("--as-of", type=_day, default=None, help="date (default: the snapshot's as-of)")
    document(an, ANNEX_FORMATS)

    untc = sub.add_parser("untc", help="refresh the treaty record from the depositary (UN Treaty Collection)")
    untc_sub = untc.add_subparsers(dest="untc_command", required=True, parser_class=_Parser)
    ui = untc_sub.add_parser("import", help="read the XXVI-8 participant table, show the diff, write with --apply")
    where = ui.add_mutually_exclusive_group(required=True)
    where.add_argument("path", nargs="?", type=Path, default=None,
                       help="a saved ViewDetails HTML page or MTDSG XML file")
    where.add_argument("--url", nargs="?", const=VIEWDETAILS_URL, default=None, metavar="URL",
                       help="fetch the page from this address (http or https); alone: the UNTC ViewDetails page "
                            "of XXVI-8")
    ui.add_argument("--apply", action="store_true", help="write the changes (without it nothing is written)")
    ui.add_argument("--sources", type=Path, default=None, help="source tables folder (default data/sources)")
    ui.add_argument("--status-as-at", type=_day, default=None,
                    help="the table's date, for a file that does not state it (the MTDSG XML)")

    imp = sub.add_parser("import-raw", help="bootstrap data/sources from the researched raw material")
    imp.add_argument("raw", type=Path)
    imp.add_argument("--dest", type=Path, default=None)
    imp.add_argument("--force", action="store_true")
    imp.add_argument("--names", action="store_true",
                     help="refresh only country_names.csv and its sources from names_un_official.csv")

    from attdash.register.cli import add_register_commands  # the outreach register's verbs (lazy inside)
    add_register_commands(sub)
    from attdash.sources.cli import add_commands as add_sources_commands  # templates and imports (lazy inside)
    add_sources_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from attdash import i18n
    i18n.use(getattr(args, "lang", None) or i18n.DEFAULT)  # dates and labels of profile/brief/report/annex
    try:
        from attdash.paths import BadSetting, check_settings
        check_settings()
    except BadSetting as exc:
        _error(exc)
        return 2
    try:
        return _run(args)
    except reports.BadParameter as exc:
        _error(exc)
        return 2
    except FileExistsError as exc:
        _error(exc)
        return 2
    except LookupError as exc:
        _error(exc.args[0] if exc.args else exc)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a folder or file the command needs that cannot be read or written: one line
        where = f"{cut(str(exc.filename), 120)}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return 2


def _emit(df, fmt: str) -> None:
    from attdash.export import to_csv, to_table
    sys.stdout.write(to_csv(df) if fmt == "csv" else to_table(df) + "\n")


def _run(args) -> int:
    if args.command in ("register", "users"):
        from attdash.register.cli import run as run_register
        return run_register(args)
    if args.command == "snapshot":
        return _snapshot(args)
    if args.command == "sources":
        from attdash.sources.cli import run as run_sources
        return run_sources(args)
    if args.command == "untc":
        from attdash.depositary.cli import run_import
        return run_import(args)
    if args.command == "import-raw":
        import csv

        from attdash.sources.import_raw import import_names, import_raw
        from attdash.paths import sources_dir
        if not args.raw.is_dir():
            raise reports.BadParameter(f"import-raw: {cut(str(args.raw), 120)!r} is not a folder of raw material")
        try:
            counts = (import_names(args.raw, args.dest or sources_dir()) if args.names
                      else import_raw(args.raw, args.dest or sources_dir(), force=args.force))
        except (KeyError, ValueError, csv.Error) as exc:  # a raw folder of another shape
            raise reports.BadParameter(f"import-raw: {cut(str(args.raw), 120)!r} is not the researched raw "
                                       f"material ({type(exc).__name__}: {cut(exc, 80)})") from None
        for name, n in counts.items():
            print(f"{name:28} {n:6d} rows")
        return 0

    from attdash.db import Database
    from attdash.snapshot import get_snapshot, scan_snapshots
    from attdash.sources.publish import withdrawn
    gone = withdrawn()
    if args.snapshot is None:
        # the newest the dashboard offers: a withdrawn snapshot (hidden from the picker) is not the default here either
        usable = [s for s in scan_snapshots()[0] if s.name not in gone]
        db = Database(usable[0] if usable else get_snapshot(None))
        for name in sorted((n for n in gone if n > db.snapshot.name), reverse=True):
            print(f"attdash: warning: snapshot {name} was withdrawn ({_plain(gone[name].get('reason', ''))}); "
                  f"using snapshot {db.snapshot.name}", file=sys.stderr)
        for b in scan_snapshots()[1]:
            if b.name > db.snapshot.name:  # never answer from an older snapshot without saying so
                print(f"attdash: warning: newer {b.reason}; using snapshot {db.snapshot.name}", file=sys.stderr)
    else:
        db = Database(get_snapshot(args.snapshot))
        if db.snapshot.name in gone:
            print(f"attdash: warning: snapshot {db.snapshot.name} was withdrawn "
                  f"({_plain(gone[db.snapshot.name].get('reason', ''))}); answering from it because it was named",
                  file=sys.stderr)
    if getattr(args, "as_of", None) is not None:
        reports.check_day(args.as_of, db.snapshot.as_of, "--as-of")
    # status and summary print plain rows: no Polars import, a faster start
    if args.command == "status":
        _emit(db.rows("status", **reports.status_params(args.as_of, args.group, args.status)), args.format)
    elif args.command == "summary":
        _emit(db.rows("summary", as_of=args.as_of), args.format)
    elif args.command == "coverage":
        from attdash.profile import coverage
        _emit(coverage(db), args.format)
    elif args.command in ("brief", "report", "annex"):
        from attdash.documents.typst_pdf import FontsMissing
        try:
            return _document(db, args)
        except FontsMissing as exc:
            print(f"attdash: error: {exc}", file=sys.stderr)
            return 1
    elif args.command == "profile":
        from attdash.profile import build_profile, profile_markdown
        card = build_profile(db, _state(db, args.iso3), args.as_of)
        if args.format == "json":
            print(json.dumps(card, indent=2, ensure_ascii=False, default=str))
        else:
            print(profile_markdown(card, lang=args.lang))
    return 0


def _snapshot(args) -> int:
    from attdash.snapshot import BuildRefused, NothingNew, SnapshotDamaged, SnapshotExists, build, scan_snapshots
    from attdash.snapshot import verify_deep as verify  # the list decodes every file: what a load would find
    from attdash.sources.validate import ValidationFailed
    if args.snapshot_command == "list":
        snaps, broken = scan_snapshots()
        if not snaps and not broken:
            print("no snapshots yet: python -m attdash snapshot build")
        for s in snaps:
            rows = s.manifest["tables"]
            try:
                verify(s)
            except SnapshotDamaged as exc:
                print(f"{s.name}  BROKEN: {exc.args[0]}")
                continue
            print(f"{s.name}  built {s.manifest.get('built_at', '?')}  "
                  f"{sum(t['rows'] for t in rows.values())} rows in {len(rows)} tables "
                  f"(treaty_events {rows['treaty_events']['rows']}, countries {rows['countries']['rows']})")
        for b in broken:
            print(f"{b.name}  BROKEN: {b.reason}")
        return 0
    from attdash.paths import sources_dir
    src = args.sources or sources_dir()
    as_of = args.as_of
    if as_of is None:
        as_of_file = src / "AS_OF"
        as_of = (reports.parse_day(as_of_file.read_text(errors="replace").strip()) if as_of_file.exists()
                 else dt.date.today())
    try:
        path = build(as_of, src, args.dest, report=lambda note: print(note, file=sys.stderr))
    except ValidationFailed as exc:
        for p in exc.problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"snapshot not written: {len(exc.problems)} problem(s) in {src}", file=sys.stderr)
        return 1
    except NothingNew as exc:
        print(exc)
        return 0
    except SnapshotExists as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BuildRefused as exc:
        print(f"attdash: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


def _document(db, args) -> int:
    from attdash import documents
    from attdash.documents.content import annex_content, brief_content, report_content
    fmt = args.format
    lang = args.lang
    tail = (lang,) if lang != "en" else ()  # attdash_brief_KEN_2026-11-26_fr.pdf
    if args.command == "brief":
        data = brief_content(db, _state(db, args.iso3), args.as_of, **_lang_kw(brief_content, lang))
        body = documents.render_brief(data, fmt, **_lang_kw(documents.render_brief, lang))
        name = documents.file_name("brief", data["iso3"], data["status_as_of"], *tail, fmt=fmt)
    elif args.command == "report":
        data = report_content(db, args.since, args.until, args.group or None, **_lang_kw(report_content, lang))
        body = documents.render_report(data, fmt, **_lang_kw(documents.render_report, lang))
        name = documents.file_name("report", *[GROUP_SHORT[g] for g in data["groups"]], data["since"],
                                   data["until"], *tail, fmt=fmt)
    else:
        data = annex_content(db, args.as_of, **_lang_kw(annex_content, lang))
        body = documents.render_annex(data, fmt, **_lang_kw(documents.render_annex, lang))
        name = documents.file_name("annex", data["as_of"], *tail, fmt=fmt)
    out = args.output or Path(name)
    if str(out) == "-":
        sys.stdout.buffer.write(body)
        return 0
    out = write_output(out, name, body, force=args.force)
    print(f"wrote {out} ({len(body):,} bytes)")
    return 0


def _lang_option(sp) -> None:
    from attdash.i18n import LANGUAGES
    sp.add_argument("--lang", type=_language, default="en", metavar="LANG",
                    help=f"language: {', '.join(LANGUAGES)} (the six UN languages; default en)")


def _language(text: str) -> str:
    from attdash.i18n import LANGUAGES
    code = str(text).strip().lower()
    if code not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"unknown language {text[:20]!r} (use one of: {', '.join(LANGUAGES)})")
    return code


def _lang_kw(fn, lang: str) -> dict:
    """``lang=`` for a documents function that takes it (attdash.documents, domain "documents")."""
    import inspect
    try:
        return {"lang": lang} if "lang" in inspect.signature(fn).parameters else {}
    except (TypeError, ValueError):
        return {}
def _protected() -> list[Path]:
    """Folders a document is never written into: the data (sources, snapshots, cache, register)."""
    from attdash.paths import ROOT, cache_dir, snapshots_dir, sources_dir
    return [p.resolve() for p in (ROOT / "data", sources_dir(), snapshots_dir(), cache_dir())]


def write_output(out: Path, name: str, body: bytes, force: bool = False) -> Path:
    """Write ``body`` to ``out`` (a file, or a folder to put ``name`` in) and return the file written.

    Never inside ``data/``; an existing file only with ``force``, and only a regular file (not ``/dev/full``);
    written to a temporary file beside it and renamed, so a failed write (disk full, no permission) leaves
    nothing half-written and the old file intact. FileExistsError (one line) otherwise.
    """
    shown = cut(str(out), 120)
    try:
        if out.is_dir():
            out = out / name
            shown = cut(str(out), 120)
        folder = out.parent
        if not folder.is_dir():
            raise FileExistsError(f"folder {cut(str(folder), 80)!r} does not exist")
        target = folder.resolve() / out.name
        for p in _protected():
            if target == p or target.is_relative_to(p):
                raise FileExistsError(f"--output {shown}: refusing to write inside {p} (the data); "
                                      "write the document elsewhere")
        if out.exists() or out.is_symlink():
            if not out.is_file() or out.is_symlink():
                raise FileExistsError(f"--output {shown}: exists and is not a regular file; refusing to write")
            if not force:
                raise FileExistsError(f"--output {shown}: the file exists; add --force to replace it")
        import tempfile
        fd, tmp = tempfile.mkstemp(prefix=".attdash-", suffix=".tmp", dir=folder)
    except FileExistsError:
        raise
    except OSError as exc:
        raise FileExistsError(f"--output {shown}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise FileExistsError(f"--output {shown}: {exc.strerror or exc}") from None
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
