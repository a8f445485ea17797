"""The ``untc import`` command: read the page (file or URL), print the diff, write only with ``--apply``."""

from __future__ import annotations

import dataclasses
import sys
import urllib.error
import urllib.parse
import urllib.request

from attdash.paths import sources_dir
from attdash.untc_import import CannotImport, apply_plan, plan_import
from attdash.untc_page import BadPage, read_page

MAX_BYTES = 20 * 1024 * 1024


def _fail(message: str) -> int:
    print(f"attdash: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def fetch(url: str, timeout: float = 60) -> bytes:
    """The page's bytes (http/https only)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise BadPage(f"--url must be an http or https address, not {url[:80]!r}")
    req = urllib.request.Request(url, headers={"User-Agent": "attdash untc import (ATT universalization data)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
            data = resp.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise BadPage(f"fetching {url} failed: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise BadPage(f"fetching {url} failed: {getattr(exc, 'reason', exc)}") from None
    if len(data) > MAX_BYTES:
        raise BadPage(f"{url} returned more than {MAX_BYTES // (1024 * 1024)} MB: not a status page")
    return data


def run_import(args) -> int:
    src = args.sources or sources_dir()
    try:
        if args.url:
            data = fetch(args.url)
        else:
            try:
                data = args.path.read_bytes()
            except OSError as exc:
                return _fail(f"cannot read {args.path}: {exc.strerror or exc}")
            if len(data) > MAX_BYTES:
                return _fail(f"{args.path} is larger than {MAX_BYTES // (1024 * 1024)} MB: not a status page")
        table = read_page(data, args.status_as_at)
        if args.url:
            table = dataclasses.replace(table, url=args.url)
        plan = plan_import(table, src)
    except (BadPage, CannotImport) as exc:
        where = args.url or args.path
        return _fail(f"{where}: {exc}")
    print(plan.render())
    if plan.empty:
        return 0
    if not args.apply:
        print("Nothing written. Review the diff above, then run the same command with --apply.")
        return 0
    written = apply_plan(plan)
    print("Wrote " + ", ".join(p.name for p in written) + f" in {src}.")
    print("Next: python -m attdash snapshot build")
    return 0
