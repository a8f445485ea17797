"""Named queries in DuckDB against the same result computed by Polars in memory; the profile card's query time.

Run: ``python -m bench.queries [--runs 15]`` (part of ``make bench``).

Every named query is timed through ``Database.run`` (median of ``--runs`` warm runs, parameters of a
typical page view: 16 April 2024, Ghana). For the queries listed in ``POLARS`` a Polars version computes the
same rows from the snapshot's tables already in memory (as Polars frames; the per-State treaty record, which
the Database computes once when a snapshot opens, is handed to both); the ratio is DuckDB / Polars, goal
<= 2. A Polars version whose rows differ from the query's is reported as "differs" (the status rules live in
queries/_definitions.sql; the Polars copy here exists only to measure, and is checked, not trusted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

import polars as pl

from attdash.db import Database, list_queries
from attdash.profile import build_profile
from attdash.snapshot import get_snapshot
from attdash.vocab import GROUPS, NO_GROUP_LABEL, STATUSES

DAY = dt.date(2024, 4, 16)
PARAMS = {"as_of": DAY, "groups": None, "statuses": None, "iso3": "GHA", "ids": ["T1-S1"],
          "from": dt.date(2023, 8, 21), "to": DAY}


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


# --------------------------------------------------------------------------- Polars versions


def _status_on(t: dict[str, pl.DataFrame], d: dt.date) -> pl.DataFrame:
    r = t["state_treaty_record"]
    g = t["group_membership"].filter((pl.col("valid_from").is_null() | (pl.col("valid_from") <= d))
                                     & (pl.col("valid_to").is_null() | (pl.col("valid_to") > d)))
    listed = g.filter(pl.col("listed_in_annex")).group_by("iso3").agg(pl.col("un_regional_group").min())
    src = (t["treaty_events"].filter(pl.col("event_date") <= d)
           .select("iso3", pl.col("source_ids").str.split(";").alias("s")).explode("s")
           .group_by("iso3").agg(pl.col("s").unique().sort().str.join(";").alias("source_ids")))
    c = pl.col
    consent_by = c("consent_date") <= d
    status = (pl.when(consent_by & (c("entry_into_force_date") <= d)).then(pl.lit("state_party"))
              .when(consent_by).then(pl.lit("ratified_not_in_force"))
              .when(c("party_known_from") <= d).then(pl.lit("state_party"))
              .when((c("signature_date") <= d) & ((c("consent_date") > d) | (c("checked_through") >= d)))
              .then(pl.lit("signatory"))
              .when(c("signature_date") <= d).then(pl.lit("unknown"))
              .when(c("signature_date") > d).then(pl.lit("not_signed"))
              .when((c("consent_type") == "accession") & (c("consent_date") > d)).then(pl.lit("not_signed"))
              .when(c("checked_through") >= d).then(pl.lit("not_signed"))
              .otherwise(pl.lit("unknown")))
    signed = (c("signature_date") <= d).fill_null(False)
    consented = consent_by.fill_null(False)
    return (t["countries"].select("iso3", "name").join(r, on="iso3").join(listed, on="iso3", how="left")
            .join(src, on="iso3", how="left")
            .select("iso3", "name", "un_regional_group", status.alias("status"),
                    ((c("no_intent_date") <= d) & signed & ~consented).fill_null(False).alias("no_intent"),
                    pl.when(signed).then(c("signature_date")).alias("signature_date"),
                    pl.when(consented).then(c("consent_type")).alias("consent_type"),
                    pl.when(consented).then(c("consent_date")).alias("consent_date"),
                    pl.when(consented).then(c("entry_into_force_date")).alias("entry_into_force_date"),
                    c("source_ids").fill_null("")))


def _sort_by_name(df: pl.DataFrame) -> pl.DataFrame:
    import unicodedata
    key = [unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode().lower() for n in df["name"]]
    return df.with_columns(pl.Series("_k", key)).sort("_k", "iso3").drop("_k")


def p_status(t, as_of, groups, statuses):
    return _sort_by_name(_status_on(t, as_of))


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
    return (t["treaty_events"].filter(pl.col("iso3") == iso3)
            .select("event_type", "event_date", "effective_date", "entry_into_force_date", "notes", "source_ids")
            .sort("event_date", "event_type"))


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
    cur = db._con.cursor()  # the materialized per-State record (see Database._materialize_views)
    tables["state_treaty_record"] = pl.DataFrame(cur.sql("SELECT * FROM state_treaty_record"))
    cur.close()
    out = []
    for q in list_queries():
        kw = {p: PARAMS[p] for p in q.params}
        duck = _median_ms(lambda: db.run(q.name, **kw), runs)
        row = {"query": q.name, "duckdb_ms": round(duck, 2), "polars_ms": None, "ratio": None, "same": None}
        if q.name in POLARS:
            fn = POLARS[q.name]
            row["same"] = _same(db.run(q.name, **kw), fn(tables, **kw))
            pol = _median_ms(lambda: fn(tables, **kw), runs)
            row["polars_ms"], row["ratio"] = round(pol, 2), round(duck / pol, 2)
        out.append(row)
    card = _median_ms(lambda: build_profile(db, "GHA", DAY), runs)
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
