"""Checkpoints from the real, shipped snapshot: the work plan's figures, the UNGA tallies, group special cases."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attdash import reports
from attdash.profile import build_profile, coverage

WORK_PLAN_DATE = dt.date(2024, 4, 16)
WORK_PLAN_SIGNATORIES = [
    "Angola", "Bahrain", "Bangladesh", "Burundi", "Cambodia", "Colombia", "Comoros", "Congo", "Djibouti",
    "Eswatini", "Haiti", "Israel", "Kiribati", "Libya", "Malawi", "Malaysia", "Mongolia", "Nauru", "Rwanda",
    "Singapore", "Thailand", "Türkiye", "Ukraine", "United Arab Emirates", "United Republic of Tanzania",
    "United States of America", "Vanuatu", "Zimbabwe",
]


def test_work_plan_checkpoint_28_signatories(real_db):
    df = reports.status(real_db, WORK_PLAN_DATE, statuses=["signatory"])
    assert sorted(df["name"].to_list()) == sorted(WORK_PLAN_SIGNATORIES)
    assert df.filter(pl.col("no_intent"))["name"].to_list() == ["United States of America"]
    assert df["signature_date"].null_count() == 0


def test_united_states_notice_of_no_intent(real_db):
    us = reports.status(real_db, WORK_PLAN_DATE).filter(pl.col("iso3") == "USA").to_dicts()[0]
    assert us["status"] == "signatory" and us["no_intent"] is True
    assert us["signature_date"] == dt.date(2013, 9, 25)
    before = reports.status(real_db, dt.date(2019, 7, 17)).filter(pl.col("iso3") == "USA")
    assert before["no_intent"].to_list() == [False]


def test_colombia_ratified_after_the_work_plan(real_db):
    col = lambda d: reports.status(real_db, d).filter(pl.col("iso3") == "COL").to_dicts()[0]  # noqa: E731
    assert col(WORK_PLAN_DATE)["status"] == "signatory"
    later = col(dt.date(2025, 2, 1))
    assert later["status"] == "state_party" and later["consent_date"] == "2024-10-15"
    assert later["entry_into_force_date"] == dt.date(2025, 1, 13)


#: Deposited between the 50th instrument (25 Sep 2014) and the Treaty's entry into force (24 Dec 2014): Art. 22(1)
#: makes the Treaty enter into force for them on 24 Dec 2014, as OT-002 (and UN-003 for South Africa) prints.
LATE_2014 = {"GIN": "2014-10-21", "SRB": "2014-12-05", "KNA": "2014-12-15", "LIE": "2014-12-16",
             "POL": "2014-12-17", "LTU": "2014-12-18", "NLD": "2014-12-18", "ZAF": "2014-12-22"}


def test_2014_cohort_entered_into_force_on_24_december_2014(real_db):
    df = reports.status(real_db, dt.date(2014, 12, 24), statuses=["state_party"])
    assert df.height == 61  # every instrument deposited by 24 Dec 2014 (53 by 25 Sep, OT-007, + the 8 below)
    assert set(df["entry_into_force_date"].to_list()) == {dt.date(2014, 12, 24)}
    assert reports.status(real_db, dt.date(2014, 12, 23), statuses=["state_party"]).height == 0
    assert reports.status(real_db, dt.date(2014, 12, 24), statuses=["ratified_not_in_force"]).height == 0
    rows = {r["iso3"]: r for r in df.to_dicts()}
    for iso3, deposit in LATE_2014.items():
        assert rows[iso3]["consent_date"] == deposit
        assert rows[iso3]["entry_into_force_date"] == dt.date(2014, 12, 24), iso3
        events = real_db.run("profile_treaty_events", iso3=iso3).to_dicts()
        assert [e["entry_into_force_date"] for e in events if e["event_date"] == deposit] == [dt.date(2014, 12, 24)]


def test_kiribati_and_turkiye_group_special_cases(real_db):
    ap_april = reports.status(real_db, WORK_PLAN_DATE, groups=["Asia-Pacific"])
    ap_sept = reports.status(real_db, dt.date(2024, 9, 1), groups=["Asia-Pacific"])
    weog = reports.status(real_db, WORK_PLAN_DATE, groups=["Western European and Others"])
    assert "KIR" not in ap_april["iso3"].to_list() and "KIR" in ap_sept["iso3"].to_list()
    assert ap_april.height == 54 and ap_sept.height == 55  # 53 + Türkiye; then + Kiribati
    assert "TUR" in ap_april["iso3"].to_list() and "TUR" in weog["iso3"].to_list()
    assert weog.height == 29  # 27 members + Türkiye + the United States (observer)
    assert ap_april.filter(pl.col("iso3") == "TUR")["un_regional_group"].to_list() == ["Asia-Pacific"]
    assert reports.status(real_db, WORK_PLAN_DATE).height == 197  # 195 + Niue and the Cook Islands


def test_summary_counts_every_state_once(real_db):
    s = reports.summary(real_db, WORK_PLAN_DATE)
    assert s["total"].sum() == 197
    assert s.filter(pl.col("un_regional_group") == "Asia-Pacific")["total"].to_list() == [54]
    assert s["signatory"].sum() == 28


def test_unga_adoption_vote_sums_to_the_recorded_tallies(real_db):
    votes = real_db.table("unga_votes")
    res = real_db.table("unga_resolutions")
    for r in res.iter_rows(named=True):
        v = votes.filter(pl.col("symbol") == r["symbol"])["vote"].value_counts()
        counts = dict(zip(v["vote"], v["count"]))
        assert (counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0), counts.get("absent", 0)) == \
            (r["yes"], r["no"], r["abstain"], r["non_voting"]), r["symbol"]
    adoption = res.filter(pl.col("symbol") == "A/RES/67/234 B").to_dicts()[0]
    assert (adoption["yes"], adoption["no"], adoption["abstain"]) == (154, 3, 23)


def test_unroca_submitted_is_true_or_unknown_never_false(real_db):
    u = real_db.table("unroca_reports")
    assert set(u["submitted"].unique().to_list()) <= {True, None}
    assert u.filter(pl.col("submitted").is_null())["listed_on_unroca_org"].unique().to_list() == [False]


def test_every_shown_fact_resolves_to_a_source(real_db):
    sources = set(real_db.table("sources")["source_id"])
    for name in real_db.snapshot.manifest["tables"]:
        df = real_db.table(name)
        if "source_ids" in df.columns and df.height:
            ids = {s for v in df["source_ids"].drop_nulls() for s in v.split(";")}
            assert ids <= sources, name
            assert df["source_ids"].null_count() == 0, name


def test_profile_of_a_state_party_keeps_unknown_apart_from_no(real_db):
    card = build_profile(real_db, "gha", WORK_PLAN_DATE)
    assert card["state"]["name"] == "Ghana" and card["state"]["status"] == "state_party"
    sections = {s["key"]: s for s in card["sections"]}
    assert [s["key"] for s in card["sections"]] == ["vtf", "assistance_requests", "sponsorship", "csp_attendance",
                                                   "statements", "unga_votes", "unroca", "regional_arrangements",
                                                   "other"]
    assert sections["vtf"]["has_data"] and sections["vtf"]["rows"][0]["amount_usd"] == 99958
    assert not sections["assistance_requests"]["has_data"]
    assert "assistance_requests.csv" in sections["assistance_requests"]["gap_source_file"]  # the file: data only
    assert sections["assistance_requests"]["gap_source"] == ("an export of the ATT assistance database, with the "
                                                             "requesting State's consent")
    csp = sections["csp_attendance"]["rows"]
    assert {r["meeting_id"] for r in csp} >= {"CSP1", "CSP10"}
    # CSPs without evidence are listed with no evidence ("not recorded"), never as absent.
    assert any(r["evidence"] is None for r in csp)
    assert all(r["vote"] is not None for r in sections["unga_votes"]["rows"])


def test_profile_of_an_observer_state_has_no_unga_votes(real_db):
    card = build_profile(real_db, "VAT", WORK_PLAN_DATE)
    votes = {s["key"]: s for s in card["sections"]}["unga_votes"]
    assert not votes["has_data"] and len(votes["rows"]) == 13
    assert votes["not_applicable"] == "Not applicable (not a UN Member State)."


def test_coverage_figures(real_db):
    cov = coverage(real_db)
    by = {r["element"]: r for r in cov.iter_rows(named=True)}
    assert by["unga_votes"]["states_with_data"] == 193
    assert by["assistance_requests"]["states_with_data"] == 0 and by["sponsorship"]["states_with_data"] == 0
    assert by["unroca"]["first_year"] == 1992 and by["unroca"]["last_year"] == 2022
    assert all(r["states_total"] == 197 for r in by.values())


# --- Issue 7: the record is complete and reconciles with the depositary's counts ---------------------------------

def _counts(db, day):
    df = reports.status(db, day)
    return df, dict(zip(*df["status"].value_counts().sort("status").to_dict(as_series=False).values()))


def test_15_may_2025_matches_the_depositary_header(real_db):
    """UNTC header 'status as at 15 May 2025': 130 signatories, 116 parties (Niue included); nothing unknown."""
    df, by = _counts(real_db, dt.date(2025, 5, 15))
    assert by.get("state_party", 0) + by.get("ratified_not_in_force", 0) == 116
    assert "NIU" in df.filter(pl.col("status") == "state_party")["iso3"].to_list()
    assert df["signature_date"].drop_nulls().len() == 130
    assert by.get("unknown", 0) == 0
    assert df["confirmed_through"].null_count() == df.height  # proven on the day itself


def test_work_plan_date_asia_pacific_has_no_unknown(real_db):
    df = reports.status(real_db, WORK_PLAN_DATE, groups=["Asia-Pacific"])
    assert df.filter(pl.col("status") == "unknown").height == 0
    listed = df.filter(pl.col("un_regional_group") == "Asia-Pacific")
    others = listed.filter(pl.col("status").is_in(["not_signed", "unknown"]))
    assert others.height == 31  # the annex's 31 "others" of the Asia-Pacific Group


def test_working_group_count_of_15_february_2023(real_db):
    _, by = _counts(real_db, dt.date(2023, 2, 15))
    assert by.get("state_party", 0) + by.get("ratified_not_in_force", 0) == 113


def test_today_only_year_precision_steps_stay_unknown_with_a_reason(real_db):
    today = real_db.snapshot.as_of
    df = reports.status(real_db, today)
    unknown = df.filter(pl.col("status") == "unknown")
    assert unknown["iso3"].to_list() == ["ECU"]  # accession known only to its year (2026)
    assert unknown["consent_date"].to_list() == ["2026"]
    card = build_profile(real_db, "ECU", today)
    assert "known only to its year" in card["state"]["status_reason"]
    vut = df.filter(pl.col("iso3") == "VUT").to_dicts()[0]
    assert vut["status"] == "state_party" and vut["consent_date"] == "2025"
    # after the last full list, statuses carry a confirmed-through date
    assert df.filter(pl.col("iso3") == "MHL")["confirmed_through"].to_list() == [dt.date(2025, 5, 15)]


def test_every_enforced_official_count_reconciles(real_db):
    check = real_db.run("official_counts_check")
    enforced = check.filter(pl.col("authority").is_in(["depositary", "un"]))
    assert enforced.height >= 8 and enforced["reconciled"].all()
    assert real_db.snapshot.manifest["record_complete_through"] == "2025-05-15"


def test_deposits_of_unknown_type_are_not_called_ratifications(real_db):
    ev = real_db.table("treaty_events")
    assert ev.filter((pl.col("iso3") == "JPN") & (pl.col("event_type") == "acceptance")).height == 1
    nld = ev.filter((pl.col("iso3") == "NLD") & (pl.col("event_date") == dt.date(2014, 12, 18)))
    assert nld["event_type"].to_list() == ["deposit"]  # no readable source states its type


def test_conflicting_values_stay_visible(real_db):
    c = real_db.table("treaty_conflicts")
    hnd = c.filter(pl.col("iso3") == "HND").to_dicts()[0]
    assert (hnd["kept_value"], hnd["other_value"]) == ("2017-03-01", "2017-03-22")


def test_deposits_counted_as_the_depositary_counts_parties(real_db):
    def deposited(day):
        r = real_db.run("deposited_count", as_of=day).to_dicts()[0]
        return r["deposited_min"], r["deposited_max"]
    assert deposited(dt.date(2025, 5, 15)) == (116, 116)  # UNTC header, status as at 15 May 2025
    assert deposited(dt.date(2025, 8, 1)) == (116, 117)   # Vanuatu's deposit is known only to 2025
    assert deposited(real_db.snapshot.as_of) == (118, 118)  # 117 States + Niue; Ecuador's in-force day unknown


def test_an_older_snapshot_shows_entry_into_force_by_todays_rule():
    """Entry into force is derived: a snapshot built under the earlier reading of Art. 22 (90 days for every deposit
    after 25 Sep 2014) stores 18 Mar 2015 for the Netherlands, and opens showing the Treaty's 24 Dec 2014."""
    import pyarrow.parquet as pq

    from attdash.db import Database
    from attdash.snapshot import get_snapshot
    from tests.conftest import SHIPPED_SNAPSHOTS
    snap = get_snapshot("2026-11-25", SHIPPED_SNAPSHOTS)
    stored = pq.read_table(snap.path / snap.manifest["tables"]["treaty_events"]["file"]).to_pylist()
    nld = [r for r in stored if r["iso3"] == "NLD" and r["event_type"] != "signature"]  # "ratification" then
    assert [r["entry_into_force_date"] for r in nld] == [dt.date(2015, 3, 18)]  # what that build computed
    db = Database(snap)
    events = db.run("profile_treaty_events", iso3="NLD").to_dicts()
    assert [e["entry_into_force_date"] for e in events if e["event_date"] == "2014-12-18"] == [dt.date(2014, 12, 24)]
    nl = reports.status(db, dt.date(2014, 12, 24)).filter(pl.col("iso3") == "NLD").to_dicts()[0]
    assert nl["status"] == "state_party" and nl["entry_into_force_date"] == dt.date(2014, 12, 24)
