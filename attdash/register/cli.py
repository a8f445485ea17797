"""``python -m attdash register ...`` and ``python -m attdash users ...``: scripted and bulk use.

attdash/cli.py calls :func:`add_register_commands` to add the verbs and :func:`run` to run them; the
heavy imports happen only when one of these verbs runs.
"""

from __future__ import annotations

import getpass
import sys

from attdash.register import vocab

COMMANDS = ("register", "users")


def add_register_commands(sub) -> None:
    r = sub.add_parser("register", help="the outreach register (work plan ¶8–9)")
    rs = r.add_subparsers(dest="register_command", required=True, parser_class=type(r))
    a = rs.add_parser("add", help="record an outreach activity")
    a.add_argument("--target", action="append", default=[], metavar="ISO3", help="target State (repeatable)")
    a.add_argument("--date", required=True, help="date done or planned, YYYY-MM-DD")
    a.add_argument("--status", choices=vocab.DATE_STATUSES, default=None,
                   help="done or planned (default: planned for a future date, else done)")
    a.add_argument("--kind", required=True, help=f"one of: {', '.join(vocab.KINDS)}")
    a.add_argument("--by", required=True, metavar="WHO", help="who carried it out (a State, a champion, ...)")
    a.add_argument("--actor-kind", default="secretariat", help=f"one of: {', '.join(vocab.ACTOR_KINDS)}")
    a.add_argument("--level", default=None, help=f"one of: {', '.join(vocab.LEVELS)}")
    a.add_argument("--summary", required=True)
    a.add_argument("--outcome", default="")
    a.add_argument("--next-step", default="")
    a.add_argument("--follow-up", default=None, metavar="DATE")
    a.add_argument("--visibility", default="members", help="members or secretariat")
    a.add_argument("--as", dest="as_user", default=None, metavar="USER",
                   help="record it in this account's name (default: 'cli', Secretariat rights)")
    a.add_argument("--uid", default=None, help="a submission id: re-running with the same id adds nothing")
    a.add_argument("--snapshot", default=None, help="snapshot whose States are valid targets (default newest)")
    ls = rs.add_parser("list", help="list register entries")
    ls.add_argument("--target", action="append", default=[], metavar="ISO3")
    ls.add_argument("--since", default=None, metavar="DATE")
    ls.add_argument("--as", dest="as_user", default=None, metavar="USER", help="list what this account may read")
    ls.add_argument("--format", choices=("csv", "table"), default="table")

    u = sub.add_parser("users", help="accounts of the register: add, disable, enable, list")
    us = u.add_subparsers(dest="users_command", required=True, parser_class=type(u))
    ua = us.add_parser("add", help="create an account; the password is read from stdin or prompted")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, choices=vocab.ROLES)
    ua.add_argument("--email", default=None, help="e-mail (maps an OIDC sign-in to this account)")
    ua.add_argument("--name", default=None, help="display name")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from the first stdin line")
    ua.add_argument("--no-password", action="store_true", help="OIDC-only account: no local password")
    for verb in ("disable", "enable"):
        x = us.add_parser(verb, help=f"{verb} an account" + ("; ends every open session" if verb == "disable"
                                                             else ""))
        x.add_argument("username")
    so = us.add_parser("sign-out", help="end every open session of an account (all browsers)")
    so.add_argument("username")
    pw = us.add_parser("password", help="set a new password (stdin or prompt); ends every open session")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    us.add_parser("list", help="list accounts (never passwords)")


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise ValueError("the passwords differ")
    return first


def run(args) -> int:
    """Run a register or users verb; one-line errors with exit code 2."""
    import sqlalchemy as sa

    from attdash.register.store import NotAllowed, StoreUnavailable
    from attdash.register.validation import InvalidInput
    try:
        return _register(args) if args.command == "register" else _users(args)
    except (InvalidInput, NotAllowed, LookupError, ValueError, StoreUnavailable) as exc:
        print(f"attdash: error: {exc.args[0] if isinstance(exc, LookupError) and exc.args else exc}",
              file=sys.stderr)
        return 2
    except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError) as exc:
        # The database went away (or stayed full) after it was opened: one line, nothing half-written.
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["no answer"])[0][:200]
        print(f"attdash: error: the register's database did not answer: {first}", file=sys.stderr)
        return 2


def _viewer(store, as_user: str | None):
    from attdash.register.store import SYSTEM
    from attdash.register.users import get_user
    if not as_user:
        return SYSTEM
    user = get_user(store, as_user)
    if user is None:
        raise LookupError(f"no active account named {as_user[:64]!r}")
    return user.viewer


def _register(args) -> int:
    from attdash.export import to_csv, to_table
    from attdash.register import validation
    from attdash.register.store import open_store

    if args.register_command == "list":
        import datetime as dt
        since = validation.parse_date("since", args.since, today=dt.date.today(), required=False)
        targets = [t.strip().upper() for t in args.target]
        store = open_store()
        df = store.activities(_viewer(store, args.as_user), targets=targets, since=since)
        sys.stdout.write(to_csv(df) if args.format == "csv" else to_table(df) + "\n")
        return 0

    from attdash.db import Database
    from attdash.register.states import known_states
    from attdash.snapshot import get_snapshot
    raw = {"targets": args.target, "activity_date": args.date, "date_status": args.status,
           "actor_kind": args.actor_kind, "actor_name": args.by, "kind": args.kind, "level": args.level,
           "summary": args.summary, "outcome": args.outcome, "next_step": args.next_step,
           "follow_up_date": args.follow_up, "visibility": args.visibility}
    if args.uid is not None and not validation.re.fullmatch(r"[A-Za-z0-9-]{8,36}", args.uid):
        raise validation.InvalidInput("uid", "use 8–36 letters, digits or '-'")
    act = validation.activity(raw, known_states(Database(get_snapshot(args.snapshot))))
    store = open_store()
    viewer = _viewer(store, args.as_user)
    new_id = store.add(viewer, act, uid=args.uid)
    print(new_id)
    dupes, hidden = store.overlapping(viewer, act.targets, act.activity_date, exclude_id=new_id)
    for r in dupes.iter_rows(named=True):  # the duplicate-effort check, after the fact for scripts
        print(f"note: entry {r['id']} on {r['targets']} ({r['activity_date']}) by {r['actor_name']!r}, entered by "
              f"{r['entered_by']}: possible duplicate effort", file=sys.stderr)
    if hidden:
        print(f"note: {hidden} further Secretariat-only entries on these States nearby", file=sys.stderr)
    return 0


def _users(args) -> int:
    from attdash.export import to_table
    from attdash.register import users
    from attdash.register.store import open_store
    import polars as pl

    store = open_store()
    cmd = args.users_command
    if cmd == "list":
        rows = users.list_users(store)
        print(to_table(pl.DataFrame(rows)) if rows else "no accounts yet: python -m attdash users add NAME "
              "--role secretariat")
    elif cmd == "add":
        password = None if args.no_password else _read_password(args.password_stdin)
        u = users.add_user(store, args.username, password, args.role, email=args.email, display_name=args.name)
        print(f"added {u.username} ({u.role})")
    elif cmd == "password":
        users.set_password(store, args.username, _read_password(args.password_stdin))
        print(f"password changed for {args.username.strip().lower()}")
    elif cmd == "sign-out":
        n = users.end_sessions(store, args.username)
        print(f"signed out {args.username.strip().lower()}: {n} open session{'' if n == 1 else 's'} ended")
    else:
        n = users.set_active(store, args.username, cmd == "enable")
        print(f"{cmd}d {args.username.strip().lower()}"
              + (f": {n} open session{'' if n == 1 else 's'} ended" if cmd == "disable" else ""))
    return 0
