"""Named queries in DuckDB against the same result computed by Polars in memory; the profile card's query time.

Run: ``python -m bench.queries [--runs 15]`` (part of ``make bench``).

Every named query is timed through ``Database.run`` (median of ``--runs`` warm runs, parameters of a
typical page view: 16 April 2024, Ghana). For the queries listed in ``POLARS`` a Polars version computes the
same rows from the snapshot's tables already in memory (as Polars frames; the status timeline, which the
Database computes once when a snapshot opens, is handed to both: the Polars side is the same range lookup);
the ratio is DuckDB / Polars, goal <= 2. A Polars version whose rows differ from the query's is reported as "differs" (the status rules live in
queries/_definitions.sql; the Polars copy here exists only to measure, and is checked, not trusted).
"""

from __future__ import annotations

import argparse
import datetime as dt

import polars as pl

from attdash.db import Database, list_queries
from bench.timing import median_ms
from attdash.profile import build_profile
from attdash.snapshot import get_snapshot
from attdash.vocab import GROUPS, NO_GROUP_LABEL, STATUSES

DAY = dt.date(2024, 4, 16)
PARAMS = {"as_of": DAY, "groups": None, "statuses": None, "iso3": "GHA", "ids": ["T1-S1"],
          "from": dt.date(2023, 8, 21), "to": DAY}


# --------------------------------------------------------------------------- Polars versions


def _status_on(t: dict[str, pl.DataFrame], d: dt.date) -> pl.DataFrame:
    """Every State's status row on ``d`` from the status timeline (the rows status_on reads in DuckDB)."""
    return t["status_timeline"].filter((pl.col("valid_from") <= d)
                                       & (pl.col("valid_to").is_null() | (pl.col("valid_to") > d)))


def _at_precision(col: str, precision: str) -> pl.Expr:
    p = pl.col(precision)
    return (pl.when(p == "year").then(pl.col(col).dt.strftime("%Y"))
            .when(p == "month").then(pl.col(col).dt.strftime("%Y-%m"))
            .otherwise(pl.col(col).dt.strftime("%Y-%m-%d")))


def _sort_by_name(df: pl.DataFrame) -> pl.DataFrame:
    import unicodedata
    key = [unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode().lower() for n in df["name"]]
    return df.with_columns(pl.Series("_k", key)).sort("_k", "iso3").drop("_k")


def p_status(t, as_of, groups, statuses):
    s = _status_on(t, as_of).select(
        "iso3", "name", "un_regional_group", "status", "no_intent", "signature_date", "consent_type",
        _at_precision("consent_date", "consent_precision").alias("consent_date"),
        pl.when(pl.col("consent_precision") == "day").then(pl.col("entry_into_force_date"))
        .alias("entry_into_force_date"), "source_ids", "confirmed_through")
    return _sort_by_name(s)


def p_status_counts(t, as_of, groups):
    s = _status_on(t, as_of)
    counts = dict(s.group_by("status").len().iter_rows())
    return pl.DataFrame({"status": list(STATUSES), "states": [counts.get(x, 0) for x in STATUSES]},
                        schema={"status": pl.Utf8, "states": pl.Int64})


def p_summary(t, as_of):
    s = _status_on(t, as_of).with_columns(pl.col("un_regional_group").fill_null(NO_GROUP_LABEL))
    order = [*GROUPS, NO_GROUP_LABEL]
    out = s.group_by("un_regional_group").agg(
        *[(pl.col("status") == x).sum().cast(pl.Int64).alias(x) for x in STATUSES], pl.len().cast(pl.Int64).alias("total"))
    return out.with_columns(pl.col("un_regional_group").replace_strict(order, list(range(len(order))))
                            .alias("_o")).sort("_o").drop("_o")


def p_profile_treaty_events(t, iso3):
    return (t["treaty_events"].filter(pl.col("iso3") == iso3).sort("event_date", "event_type")
            .select("event_type", _at_precision("event_date", "event_date_precision").alias("event_date"),
                    "effective_date", pl.when(pl.col("event_date_precision") == "day")
                    .then(pl.col("entry_into_force_date")).alias("entry_into_force_date"), "notes", "source_ids"))


def p_csp_dates(t):
    return (t["meetings"].filter((pl.col("meeting_type") == "CSP") & pl.col("start_date").is_not_null())
            .select("meeting_id", "name", "start_date", "end_date", "place", "source_ids").sort("start_date"))


POLARS = {"status": p_status, "status_counts": p_status_counts, "summary": p_summary,
          "profile_treaty_events": p_profile_treaty_events, "csp_dates": p_csp_dates}


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    try:
        return a.columns == b.columns and a.cast(b.schema).equals(b)
    except Exception:  # noqa: BLE001 - a schema that cannot be cast is a difference
        return False


def run(runs: int = 15) -> list[dict]:
    db = Database(get_snapshot())
    tables = {name: db.table(name) for name in db.snapshot.manifest["tables"]}
    # The status timeline computed when the snapshot opened (queries/_definitions.sql): both engines read it.
    tables["status_timeline"] = db._frame("SELECT * FROM status_timeline", {})
    out = []
    for q in list_queries():
        kw = {p: PARAMS[p] for p in q.params}
        bound = {k: list(v) if isinstance(v, (list, tuple)) else v for k, v in kw.items()}
        # The statement itself each time: Database.run keeps parameter-free results, which would time a lookup.
        duck = median_ms(lambda: db._frame(q.sql, bound), runs)
        row = {"query": q.name, "duckdb_ms": round(duck, 2), "polars_ms": None, "ratio": None, "same": None}
        if q.name in POLARS:
            fn = POLARS[q.name]
            row["same"] = _same(db.run(q.name, **kw), fn(tables, **kw))
            pol = median_ms(lambda: fn(tables, **kw), runs)
            row["polars_ms"], row["ratio"] = round(pol, 2), round(duck / pol, 2)
        out.append(row)
    card = median_ms(lambda: build_profile(db, "GHA", DAY), runs)
    out.append({"query": "profile card (GHA, all its queries)", "duckdb_ms": round(card, 2), "polars_ms": None,
                "ratio": None, "same": None})
    return out


def table(rows: list[dict]) -> str:
    lines = [f"{'query':<38}{'DuckDB ms':>10}{'Polars ms':>10}{'ratio':>7}  result",
             "-" * 74]
    for r in rows:
        pol = f"{r['polars_ms']:>10.2f}" if r["polars_ms"] is not None else f"{'':>10}"
        ratio = f"{r['ratio']:>7.2f}" if r["ratio"] is not None else f"{'':>7}"
        same = "" if r["same"] is None else ("same" if r["same"] else "differs")
        lines.append(f"{r['query']:<38}{r['duckdb_ms']:>10.2f}{pol}{ratio}  {same}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.queries", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args(argv)
    print(f"Named queries on the newest snapshot, median of {args.runs} warm runs (goal: DuckDB <= 2x Polars; "
          "profile card < 50 ms).")
    print(table(run(args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
