"""Benchmark: the register and planning pages with 100,000 activities (issue 11).

Run: ``python bench/register_bench.py [--activities 100000] [--runs 10]`` or ``make bench-register``.

Fills a temporary register (SQLite, under a temporary ATTDASH_DATA_DIR; PostgreSQL when
ATTDASH_DATABASE_URL is set — use an empty database) with synthetic activities on the snapshot's States,
times the store's reads directly, then times the pages' server reruns signed in as the Secretariat with
attdash.bench's method (median of warm AppTest reruns next to a bare script with the same elements; the
page/floor ratio is the figure to compare with ``make bench``). Synthetic rows exist only in the temporary
register; nothing is written to data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_ms  # noqa: E402 (after the path: also runs as a file)


def fill(store, n: int, states: list[str], seed: int = 11) -> None:
    """Bulk-insert ``n`` synthetic activities (one transaction per 10,000; history rows included)."""
    import json

    from attdash.register import vocab
    from attdash.register.tables import activities, activity_history, activity_targets

    rnd = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    today = dt.date.today()
    start = 0
    while start < n:
        stop = min(n, start + 10_000)
        acts, targets, hist = [], [], []
        for i in range(start, stop):
            day = today - dt.timedelta(days=rnd.randrange(0, 4 * 365))
            row = {"id": i + 1, "uid": f"bench-{i:07d}", "activity_date": day, "date_status": "done",
                   "actor_kind": rnd.choice(vocab.ACTOR_KINDS), "actor_name": f"Actor {rnd.randrange(300)}",
                   "entered_by": f"user{rnd.randrange(40)}", "kind": rnd.choice(vocab.KINDS),
                   "level": rnd.choice(vocab.LEVELS), "summary": f"Synthetic activity {i} " + "x" * 120,
                   "outcome": "", "next_step": "", "visibility": rnd.choice(vocab.VISIBILITIES),
                   "follow_up_date": day + dt.timedelta(days=90) if i % 3 == 0 else None,
                   "created_at": now, "updated_at": now, "version": 1}
            acts.append(row)
            for iso3 in rnd.sample(states, rnd.choice((1, 1, 1, 2, 3))):
                targets.append({"activity_id": i + 1, "iso3": iso3})
            hist.append({"activity_id": i + 1, "changed_at": now, "changed_by": row["entered_by"],
                         "action": "create", "before_json": None, "after_json": json.dumps({"summary": row["summary"]})})
        with store.engine.begin() as conn:
            conn.execute(activities.insert(), acts)
            conn.execute(activity_targets.insert(), targets)
            conn.execute(activity_history.insert(), hist)
        start = stop
    if store.dialect == "postgresql":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('activities', 'id'), "
                                 "(SELECT max(id) FROM activities))")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--activities", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    args = p.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="attdash-register-bench-")
    os.environ.setdefault("ATTDASH_DATA_DIR", tmp.name)

    from bench import pages as bench
    from attdash.db import open_database
    from attdash.register.store import Viewer, open_store

    store = open_store()
    if store.count():
        raise SystemExit("register_bench: the register is not empty; point it at an empty one")
    states = open_database().run("countries")["iso3"].to_list()
    t0 = time.perf_counter()
    fill(store, args.activities, states)
    print(f"filled {store.count()} activities in {time.perf_counter() - t0:.1f} s ({store.describe()})")
    sec = Viewer("bench", "secretariat")
    today = dt.date.today()
    reads = {
        "list: 500 most recent": lambda: store.activities(sec, limit=500),
        "count (list caption)": lambda: store.count_matching(sec),
        "list: one State": lambda: store.activities(sec, targets=["KEN"], limit=500),
        "duplicate check (±60 days)": lambda: store.overlapping(sec, ["KEN", "UGA"], today),
        "per-State summary (planning)": lambda: store.state_summary(sec),
        "CSV of the whole register": lambda: store.activities(sec),
    }
    print(f"\nStore reads with {args.activities} activities, median of 5 (ms):")
    for name, fn in reads.items():
        print(f"  {name:<32}{median_ms(fn, 5, warmup=False):>9.1f}")

    from attdash.register import sessions, users
    users.add_user(store, "bench", None, "secretariat", display_name="Bench")
    sid, _code = sessions.start(store, "bench")   # a database session, as a sign-in makes
    original = bench._open_page

    def signed_in(page, query):
        at = original(page, query)
        at.session_state["_reg_session_id"] = sid
        return at

    bench._open_page = signed_in
    results = []
    with tempfile.TemporaryDirectory(prefix="attdash-bench-") as scripts, bench._server_like_apptest():
        for page in ("register.py", "planning.py"):
            print(f"bench: {page} ...", file=sys.stderr, flush=True)
            results.append(bench.bench_page(page, {}, args.runs, args.warmup, Path(scripts)))
    bench._open_page = original
    print(f"\nServer rerun time (AppTest), signed in as the Secretariat, {args.activities} activities; "
          f"median of {args.runs} warm reruns:")
    print(bench._table(results))
    store.dispose()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
