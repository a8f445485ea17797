"""The planning view's figures and the new snapshot tables, on a snapshot built from data/sources."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attdash import planning
from attdash.db import Database
from attdash.paths import ROOT
from attdash.snapshot import build, get_snapshot

AS_OF = dt.date.fromisoformat((ROOT / "data" / "sources" / "AS_OF").read_text().strip())


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Database:
    dest = tmp_path_factory.mktemp("snaps")
    path = build(AS_OF, ROOT / "data" / "sources", dest)
    return Database(get_snapshot(path.name, dest))


def test_ecuador_domestic_steps_are_sourced(db):
    steps = planning.domestic_steps(db, AS_OF, "ECU")
    assert steps.select("step_date", "step").rows() == [
        (dt.date(2025, 11, 20), "other"),
        (dt.date(2025, 12, 17), "parliamentary_approval"),
        (dt.date(2026, 1, 23), "decree_or_law")]
    sources = set(db.table("sources")["source_id"])
    for ids in steps["source_ids"]:
        assert set(ids.split(";")) <= sources
    # before the Assembly vote only the request is there
    assert planning.domestic_steps(db, dt.date(2025, 12, 16), "ECU")["step"].to_list() == ["other"]


def test_champions_ship_empty(db):
    assert planning.champions(db).is_empty()
    assert db.snapshot.manifest["tables"]["champions"]["rows"] == 0


def test_step_table_partitions_the_states_not_yet_parties(db):
    on = dt.date(2024, 4, 16)
    t = planning.step_table(db, on)
    status = db.run("status", as_of=on, groups=None, statuses=None)
    open_states = status.filter(pl.col("status").is_in(["signatory", "not_signed", "unknown"]))
    assert sorted(t["iso3"]) == sorted(open_states["iso3"])          # every State not yet a party, once
    signed = set(open_states.filter(pl.col("signature_date").is_not_null())["iso3"])
    assert set(t.filter(pl.col("step") == 1)["iso3"]) == signed
    assert "USA" in signed                                              # a signatory with a notice of no intent
    near = t.filter(pl.col("step") == 2)
    assert (near["domestic_steps"].is_not_null() | (near["csps_with_presence_evidence"] > 0)
            | (near["statements_recorded"] > 0) | (near["vtf_proposals"] > 0)).all()


def test_ecuador_is_a_near_term_candidate_with_its_steps(db):
    t = planning.step_table(db, AS_OF)
    ecu = t.filter(pl.col("iso3") == "ECU").to_dicts()
    assert len(ecu) == 1 and ecu[0]["step"] == 2
    assert ecu[0]["domestic_steps"] == "2025-11-20 other; 2025-12-17 parliamentary_approval; 2026-01-23 decree_or_law"
    assert ecu[0]["domestic_step_sources"] == "LT-012;LT-013;OT-014"


def test_outreach_columns_and_quiet_flag(db):
    t = planning.step_table(db, AS_OF)
    summary = pl.DataFrame({"iso3": ["ECU", "USA"], "last_outreach": [AS_OF - dt.timedelta(days=30),
                                                                       AS_OF - dt.timedelta(days=400)],
                            "next_follow_up": [None, None], "engaged": ["Mexico", "Co-chairs"],
                            "activities": [2, 1]},
                           schema_overrides={"next_follow_up": pl.Date, "activities": pl.UInt32})
    out = planning.add_outreach(t, summary, today=AS_OF)
    flags = dict(zip(out["iso3"], out["no_outreach_12_months"]))
    assert flags["ECU"] is False and flags["USA"] is True
    assert all(flags[i] for i in out["iso3"] if i not in ("ECU", "USA"))   # nothing recorded: flagged


def test_recent_by_group_counts_an_activity_once_per_group():
    targets = pl.DataFrame({"activity_id": [1, 1, 2, 3], "iso3": ["FJI", "VNM", "KEN", "KIR"]})
    groups = pl.DataFrame({"iso3": ["FJI", "VNM", "KEN", "KIR"],
                           "un_regional_group": ["Asia-Pacific", "Asia-Pacific", "African", None]})
    assert planning.recent_by_group(targets, groups).rows() == [
        ("African", 1), ("Asia-Pacific", 1), ("No regional group", 1)]


def test_planning_page_without_sign_in_shows_no_register_columns(monkeypatch, tmp_path, db):
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("ATTDASH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ATTDASH_SNAPSHOTS", str(db.snapshot.path.parent))
    monkeypatch.delenv("ATTDASH_DATABASE_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/planning.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    subheaders = [s.value for s in at.subheader]
    assert subheaders[:2] == ["Regional champions", "Asia-Pacific — the work plan's focus region"]
    for df in at.dataframe:
        assert "engaged" not in df.value.columns and "last_outreach" not in df.value.columns
