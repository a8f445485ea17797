"""The ``untc import`` command: read the page (file or URL), print the diff, write only with ``--apply``."""

from __future__ import annotations

import dataclasses
import sys
import urllib.error
import urllib.parse
import urllib.request

from attdash.paths import sources_dir
from attdash.depositary.importer import CannotImport, apply_plan, plan_import
from attdash.text_rules import DEPOSITARY_HOST, cut, is_depositary_url
from attdash.depositary.page import BadPage, check_status_date, read_page

MAX_BYTES = 20 * 1024 * 1024


def _fail(message: str) -> int:
    print(f"attdash: error: {cut(' '.join(str(message).split()), 400)}", file=sys.stderr)
    return 2


def fetch(url: str, timeout: float = 60) -> bytes:
    """The page's bytes, from the depositary's own host only (https://treaties.un.org), redirects included."""
    if not is_depositary_url(url):
        raise BadPage(f"--url must be an address on https://{DEPOSITARY_HOST} (the depositary), not {cut(url)!r}")
    req = urllib.request.Request(url, headers={"User-Agent": "attdash untc import (ATT universalization data)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (host checked above)
            final = (resp.geturl() if hasattr(resp, "geturl") else url) or url
            data = resp.read(MAX_BYTES + 1) if is_depositary_url(final) else b""
    except urllib.error.HTTPError as exc:
        raise BadPage(f"fetching failed: HTTP {exc.code} {cut(exc.reason)}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BadPage(f"fetching failed: {cut(getattr(exc, 'reason', exc))}") from None
    if not is_depositary_url(final):
        raise BadPage(f"redirected to {cut(final)!r}, which is not the depositary's host")
    if len(data) > MAX_BYTES:
        raise BadPage(f"the page is more than {MAX_BYTES // (1024 * 1024)} MB: not a status page")
    return data


def run_import(args) -> int:
    src = args.sources or sources_dir()
    if args.status_as_at is not None:  # refused before anything is read or written
        try:
            check_status_date(args.status_as_at)
        except BadPage as exc:
            return _fail(f"--status-as-at: {exc}")
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
        where = cut(args.url or args.path, 200)
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
