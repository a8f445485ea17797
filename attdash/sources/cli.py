"""``python -m attdash sources template|import``: the Data updates page's template and upload, for scripts.

``sources import FILE`` reads, validates and prints the diff; nothing is written without ``--apply``, which
writes the sources and builds the snapshot dated today (the same publish as the page). A file with a problem:
one line per problem naming the sheet, row and column, exit code 2, nothing written.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path


def add_commands(sub) -> None:
    from attdash.sources.catalog import SECRETARIAT_TABLES
    s = sub.add_parser("sources", help="templates and imports of the Secretariat's files (XLSX/CSV)")
    ss = s.add_subparsers(dest="sources_command", required=True, parser_class=type(s))
    t = ss.add_parser("template", help="write a table's template (Excel, or the CSV header)")
    t.add_argument("table", choices=SECRETARIAT_TABLES, metavar="TABLE",
                   help=f"one of: {', '.join(SECRETARIAT_TABLES)}")
    t.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    t.add_argument("--output", type=Path, default=None, help="file to write (default: TABLE.xlsx here)")
    i = ss.add_parser("import", help="read, validate and show the diff of a filled template; --apply publishes")
    i.add_argument("file", type=Path)
    i.add_argument("--table", choices=SECRETARIAT_TABLES, default=None, metavar="TABLE",
                   help="the table a CSV or single sheet fills (default: from the sheet or file name)")
    i.add_argument("--apply", action="store_true",
                   help="write the sources and build today's snapshot (without it nothing is written)")
    i.add_argument("--by", default=None, help="who uploads it, for the sources row and the audit log "
                                              "(default: the system user name)")


def _fail(message: str) -> int:
    print(f"attdash: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def run(args) -> int:
    from attdash.sources import schema
    if args.sources_command == "template":
        from attdash.sources.template import template_csv, template_xlsx
        table = schema.TABLES_BY_NAME[args.table]
        out = args.output or Path(f"{args.table}.{args.format}")
        data = template_xlsx(table) if args.format == "xlsx" else template_csv(table)
        try:
            out.write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {out}: {exc.strerror or exc}")
        print(f"wrote {out}")
        return 0

    import datetime as dt

    from attdash.paths import sources_dir
    from attdash.sources.catalog import title
    from attdash.sources.reading import UnreadableFile, read_upload
    from attdash.sources.staging import describe, prepare
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}")
    by = (args.by or getpass.getuser() or "cli")[:64]
    try:
        up = read_upload(args.file.name, data, sources_dir(), args.table)
    except UnreadableFile as exc:
        return _fail(f"{args.file}: {exc}")
    staged = prepare(up, sources_dir(), by, dt.date.today())
    try:
        for sheet, row, col, raw, value in up.notes:
            print(f"read: sheet '{sheet}', row {row}, column '{col}': '{raw}' as {value}")
        if staged.problems:
            for p in staged.problems:
                print(f"error: {describe(p)}", file=sys.stderr)
            print(f"nothing written: {len(staged.problems)} problem(s) in {args.file}", file=sys.stderr)
            return 2
        for name, d in staged.diffs.items():
            print(f"{title(name)} ({name}): {len(d.added)} added, {len(d.changed)} changed, {len(d.removed)} removed, "
                  f"{d.unchanged} unchanged")
            key = schema.TABLES_BY_NAME[name].key or ("iso3",)
            for r in d.added:
                print("  + " + ", ".join(f"{k}={r.get(k, '')}" for k in key))
            for old, new, cols in d.changed:
                print("  ~ " + ", ".join(f"{k}={new.get(k, '')}" for k in key) + ": "
                      + "; ".join(f"{c} {old.get(c, '')!r} → {new.get(c, '')!r}" for c in cols))
            for r in d.removed:
                print("  - " + ", ".join(f"{k}={r.get(k, '')}" for k in key))
        if not staged.changes:
            print("The file changes nothing.")
            return 0
        if not args.apply:
            print("Nothing written. Review the diff above, then run the same command with --apply.")
            return 0
        from attdash.register.store import open_store
        from attdash.sources.publish import PublishRefused, publish
        from attdash.sources.validate import ValidationFailed
        store = open_store()
        try:
            path = publish(staged, store)
        except PublishRefused as exc:
            return _fail(str(exc))
        except ValidationFailed as exc:
            for p in exc.problems:
                print(f"error: {describe(p)}", file=sys.stderr)
            return 2
        finally:
            store.dispose()
        print(f"wrote the sources and {path}")
        return 0
    finally:
        staged.discard()
