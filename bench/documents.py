"""Generation time of the print-ready documents (brief, progress report, annex): median of several runs.

Run: python -m bench.documents [--runs 7]  (part of `make bench`). Times include the snapshot queries,
the content assembly and the rendering; the first (cold) run, which loads fonts and templates, is shown apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

CASES = (
    ("brief GHA", "brief", ("GHA",), "pdf"),
    ("brief GHA", "brief", ("GHA",), "docx"),
    ("brief GHA", "brief", ("GHA",), "md"),
    ("brief CHN (CJK + Arabic names)", "brief", ("CHN",), "pdf"),
    ("report 2019-08-26 → 2024-04-16", "report", (dt.date(2019, 8, 26), dt.date(2024, 4, 16)), "pdf"),
    ("report 2019-08-26 → 2024-04-16", "report", (dt.date(2019, 8, 26), dt.date(2024, 4, 16)), "docx"),
    ("report 2019-08-26 → 2024-04-16", "report", (dt.date(2019, 8, 26), dt.date(2024, 4, 16)), "csv"),
    ("annex 2024-04-16", "annex", (dt.date(2024, 4, 16),), "pdf"),
    ("annex 2024-04-16", "annex", (dt.date(2024, 4, 16),), "docx"),
)


def bench_documents(runs: int = 7, snapshot: str | None = None) -> list[dict]:
    from attdash import documents
    from attdash.db import Database
    from attdash.snapshot import get_snapshot

    db = Database(get_snapshot(snapshot))
    out = []
    for label, kind, args, fmt in CASES:
        fn = getattr(documents, kind)
        times = []
        for _ in range(runs + 1):
            t0 = time.perf_counter()
            body = fn(db, *args, fmt=fmt)
            times.append((time.perf_counter() - t0) * 1000)
        out.append({"document": label, "format": fmt, "bytes": len(body), "cold_ms": round(times[0], 1),
                    "median_ms": round(statistics.median(times[1:]), 1), "runs": runs})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7, help="timed runs per document after the cold one (default 7)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    rows = bench_documents(args.runs)
    print(f"Document generation time, median of {args.runs} warm runs (cold = first run: fonts, templates).")
    print(f"| {'document':34} | format | median ms | cold ms |    bytes |")
    print(f"|{'-' * 36}|--------|-----------|---------|----------|")
    for r in rows:
        print(f"| {r['document']:34} | {r['format']:6} | {r['median_ms']:9.1f} | {r['cold_ms']:7.1f} | "
              f"{r['bytes']:8,d} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
