"""The planning view's figures: the step approach per UN group, champions, domestic steps, outreach.

Public facts come from the snapshot (queries/planning_signals.sql, domestic_steps.sql, champions.sql);
register rows (last outreach, next follow-up, who is engaged) are joined in only when the caller passes
them, i.e. when someone is signed in. The page and any script call these same functions.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from attdash.db import Database
from attdash.vocab import NO_GROUP_LABEL

STEPS = {
    1: "Signatories not yet parties",
    2: "Near-term candidates",
    3: "Others",
}
#: The work plan's regional focus.
FOCUS_GROUP = "Asia-Pacific"
#: A State with no recorded outreach for this long is flagged.
QUIET_DAYS = 365

_STEP_SCHEMA = {"iso3": pl.String, "name": pl.String, "step_date": pl.Date, "step": pl.String,
                "description": pl.String, "source_ids": pl.String, "notes": pl.String}
_CHAMP_SCHEMA = {"region": pl.String, "iso3": pl.String, "name": pl.String, "since": pl.Date,
                 "contact_role": pl.String, "source_ids": pl.String}


def has_table(db: Database, name: str) -> bool:
    return name in db.snapshot.manifest["tables"]


def domestic_steps(db: Database, as_of: dt.date, iso3: str | None = None) -> pl.DataFrame:
    """Sourced domestic steps on or before ``as_of`` (empty when the snapshot predates the table)."""
    if not has_table(db, "domestic_steps"):
        return pl.DataFrame(schema=_STEP_SCHEMA)
    return db.run("domestic_steps", iso3=iso3, as_of=as_of)


def champions(db: Database) -> pl.DataFrame:
    if not has_table(db, "champions"):
        return pl.DataFrame(schema=_CHAMP_SCHEMA)
    return db.run("champions")


def step_table(db: Database, as_of: dt.date, outreach: pl.DataFrame | None = None,
               today: dt.date | None = None) -> pl.DataFrame:
    """Every State not yet a party on ``as_of``, with its step and signals; sorted by group, step, name.

    Step 1: signed, no instrument recorded. Step 2 (near-term candidates): not signed, with a domestic step
    toward joining, evidence of presence at a CSP (an official list of participants included), a statement
    recorded, or a Voluntary Trust Fund proposal (Secretariat records). Step 3: the others.
    ``outreach`` (from the register's state_summary, signed-in only) adds last outreach, next follow-up,
    who is engaged, and a flag where nothing was recorded in the last 12 months.
    """
    sig = db.run("planning_signals", as_of=as_of)
    steps = domestic_steps(db, as_of)
    per_state = (steps.sort("step_date")
                 .group_by("iso3")
                 .agg(pl.format("{} {}", pl.col("step_date").dt.to_string("%Y-%m-%d"), pl.col("step"))
                      .str.join("; ").alias("domestic_steps"),
                      pl.col("step_date").max().alias("latest_domestic_step"),
                      pl.col("source_ids").str.split(";").list.explode(keep_nulls=False, empty_as_null=False).unique().sort().str.join(";")
                      .alias("domestic_step_sources")))
    out = sig.join(per_state, on="iso3", how="left")
    near = (pl.col("latest_domestic_step").is_not_null() | (pl.col("csps_with_presence_evidence") > 0)
            | (pl.col("statements_recorded") > 0) | (pl.col("vtf_proposals") > 0))
    out = out.with_columns(
        pl.when(pl.col("signature_date").is_not_null()).then(1).when(near).then(2).otherwise(3).alias("step"),
        pl.col("un_regional_group").fill_null(NO_GROUP_LABEL),
    )
    order = ["iso3", "name", "un_regional_group", "step", "status", "signature_date", "domestic_steps",
             "latest_unga_vote", "unga_yes_votes", "csps_with_presence_evidence", "latest_csp_role",
             "statements_recorded", "vtf_proposals", "regional_instruments", "no_intent", "latest_domestic_step", "domestic_step_sources"]
    out = out.select(order).sort("un_regional_group", "step", pl.col("latest_domestic_step").is_null(), "name")
    return out if outreach is None else add_outreach(out, outreach, today)


def add_outreach(steps: pl.DataFrame, outreach: pl.DataFrame, today: dt.date | None = None) -> pl.DataFrame:
    """Join the register's per-State summary (signed-in only): last outreach, next follow-up, who is engaged,
    and ``no_outreach_12_months`` where nothing was done in the last 12 months."""
    today = today or dt.date.today()
    return steps.join(outreach, on="iso3", how="left", maintain_order="left").with_columns(
        pl.col("activities").fill_null(0),
        (pl.col("last_outreach").is_null()
         | (pl.col("last_outreach") < today - dt.timedelta(days=QUIET_DAYS))).alias("no_outreach_12_months"))


def recent_by_group(targets: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Activities per UN group from (activity_id, iso3) rows and (iso3, un_regional_group); an activity on
    several States of a group counts once for that group."""
    g = groups.select("iso3", pl.col("un_regional_group").fill_null(NO_GROUP_LABEL))
    return (targets.join(g, on="iso3", how="left")
            .with_columns(pl.col("un_regional_group").fill_null(NO_GROUP_LABEL))
            .group_by("un_regional_group").agg(pl.col("activity_id").n_unique().alias("activities"))
            .sort("un_regional_group"))
