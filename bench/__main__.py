"""``make bench``: page reruns against a fair floor, named queries against Polars, start-up times.

Run: ``python -m bench [--runs 30] [--lang all]``. Each part also runs alone: ``python -m bench.pages``,
``python -m bench.queries``, ``python -m bench.startup``; the load test is ``python -m bench.load``
(``make load``).
"""

from __future__ import annotations

import argparse
import os
import platform


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=30, help="timed runs per page / query (default 30)")
    p.add_argument("--no-browser", action="store_true", help="skip the server-start measurement (Chromium)")
    p.add_argument("--lang", default="all",
                   help="interface languages of the page bench: all (default: the six UN languages) or codes, "
                        "e.g. en,ar")
    args = p.parse_args(argv)
    from bench import pages, queries, startup

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}\n")
    pages.main(["--runs", str(args.runs), "--lang", args.lang])
    print()
    queries.main(["--runs", str(args.runs)])
    print()
    startup.main(["--runs", "5"] + (["--no-browser"] if args.no_browser else []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
