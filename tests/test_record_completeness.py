"""Issue 7 rules on synthetic data: partial dates, published counts reconciled in the build, record checks derived
from counts, confirmed-through dates, conflicts between sources."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attdash import reports
from attdash.reconcile import reconcile
from attdash.treaty_rules import entry_into_force
from attdash.sources.validate import ValidationFailed, parse_partial_date
from tests.conftest import append_row, make_sources

D = dt.date


def _status(db, iso3, day):
    return reports.status(db, day).filter(pl.col("iso3") == iso3).to_dicts()[0]


def test_partial_dates_parse_to_their_window():
    assert parse_partial_date("2025") == parse_partial_date("2025")
    y = parse_partial_date("2025")
    assert (y.first, y.last, y.precision) == (D(2025, 1, 1), D(2025, 12, 31), "year")
    m = parse_partial_date("2024-02")
    assert (m.first, m.last, m.precision) == (D(2024, 2, 1), D(2024, 2, 29), "month")
    for bad in ("2025-13", "2025-02-30", "25", "2025/01", "1066"):
        with pytest.raises(ValueError):
            parse_partial_date(bad)


def test_a_deposit_known_only_to_its_year_is_unknown_inside_its_window(synthetic_db):
    db = synthetic_db(
        [{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},
         {"iso3": "AAA", "event_type": "deposit", "event_date": "2025"}],
        checks=[{"iso3": "AAA", "checked_on": "2024-11-01", "finding": "complete"}],
        as_of=D(2026, 11, 26),
    )
    assert _status(db, "AAA", D(2024, 12, 31))["status"] == "signatory"
    inside = _status(db, "AAA", D(2025, 6, 1))
    assert inside["status"] == "unknown" and inside["consent_date"] == "2025"
    # deposited by 31 Dec 2025 at the latest; in force at the latest 90 days later
    assert _status(db, "AAA", D(2026, 3, 30))["status"] == "unknown"
    later = _status(db, "AAA", D(2026, 3, 31))
    assert later["status"] == "state_party" and later["entry_into_force_date"] is None
    reason = db.run("profile_header", iso3="AAA", as_of=D(2025, 6, 1))["status_reason"][0]
    assert "known only to its year" in reason


def test_a_check_inside_the_window_moves_its_start(synthetic_db):
    db = synthetic_db(
        [{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},
         {"iso3": "AAA", "event_type": "deposit", "event_date": "2025"}],
        checks=[{"iso3": "AAA", "checked_on": "2025-05-15", "finding": "complete"}],
        as_of=D(2026, 11, 26),
    )
    assert _status(db, "AAA", D(2025, 5, 15))["status"] == "signatory"  # had not deposited by the check
    assert _status(db, "AAA", D(2025, 5, 16))["status"] == "unknown"


def test_confirmed_through_after_the_last_check(synthetic_db):
    db = synthetic_db([{"iso3": "BBB", "event_type": "signature", "event_date": "2013-06-03"}],
                      checks=[{"iso3": "BBB", "checked_on": "2024-04-16", "finding": "complete"},
                              {"iso3": "CCC", "checked_on": "2024-04-16", "finding": "no_action"}])
    assert _status(db, "BBB", D(2024, 4, 16))["confirmed_through"] is None
    assert _status(db, "BBB", D(2025, 1, 1))["confirmed_through"] == D(2024, 4, 16)
    ccc = _status(db, "CCC", D(2025, 1, 1))
    assert ccc["status"] == "not_signed" and ccc["confirmed_through"] == D(2024, 4, 16)
    assert _status(db, "DDD", D(2025, 1, 1))["status"] == "unknown"  # never checked, no action recorded


EVENTS = [
    {"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},
    {"iso3": "AAA", "event_type": "ratification", "event_date": "2015-01-10"},
    {"iso3": "BBB", "event_type": "signature", "event_date": "2013-06-03"},
    {"iso3": "CCC", "event_type": "accession", "event_date": "2020-05-05"},
]


def test_matching_published_counts_prove_every_record_complete(synthetic_db):
    db = synthetic_db(EVENTS, counts=[{"as_of": "2021-01-01", "signatories": "2", "parties": "2"}])
    df = reports.status(db, D(2021, 1, 1))
    assert "unknown" not in df["status"].to_list()  # no list was read: the counts alone settle it
    by = dict(zip(df["iso3"], df["status"]))
    assert by["BBB"] == "signatory" and by["DDD"] == "not_signed" and by["CCC"] == "state_party"
    assert db.run("record_complete_through")["complete_through"][0] == D(2021, 1, 1)
    assert db.snapshot.manifest["record_complete_through"] == "2021-01-01"


def test_a_count_known_to_a_month_is_checked_over_the_month(synthetic_db):
    # 1 party on 1 May 2020, 2 from 5 May: a May count of 2 reconciles, and so does one of 1
    synthetic_db(EVENTS, counts=[{"as_of": "2020-05", "parties": "2"}, {"as_of": "2020-04", "parties": "1"}])


def test_a_wrong_count_fails_the_build_naming_date_numbers_and_states(tmp_path):
    from attdash.snapshot import build
    src = make_sources(tmp_path / "src", EVENTS, counts=[{"as_of": "2020-05-06", "signatories": "2", "parties": "3"}])
    with pytest.raises(ValidationFailed) as exc:
        build(D(2026, 1, 1), src, tmp_path / "snaps")
    msg = str(exc.value.problems[0])
    assert "count of 2020-05-06" in msg and "parties: published 3, this snapshot counts 2" in msg
    assert "CCC parties 2020-05-05" in msg  # the State whose action lies nearest the date
    assert not (tmp_path / "snaps" / "2026-01-01").exists()
    assert not [p for p in (tmp_path / "snaps").iterdir()]  # no temporary folder left either


def test_other_publishers_counts_are_checked_but_do_not_block(synthetic_db):
    db = synthetic_db(EVENTS, counts=[{"as_of": "2020-05-06", "parties": "9", "authority": "other"}])
    assert db.snapshot.manifest["official_counts"]["not_reconciled_other"][0].startswith("count of 2020-05-06")
    assert reconcile(db).problems == []


def test_art22_in_sql_agrees_with_python(synthetic_db):
    db = synthetic_db([])
    days = [D(2014, 9, 24), D(2014, 9, 25), D(2014, 9, 26), D(2014, 12, 18), D(2014, 12, 23),
            D(2014, 12, 24), D(2014, 12, 25), D(2016, 2, 29), D(2024, 12, 31)]
    con = db._con
    for d in days:
        assert con.execute("SELECT entry_into_force(CAST(? AS DATE))", [d]).fetchone()[0] == entry_into_force(d)


def test_a_conflict_must_keep_the_value_treaty_events_holds(tmp_path):
    from attdash.sources.validate import validate
    src = make_sources(tmp_path / "src", EVENTS)
    line = append_row(src / "treaty_conflicts.csv", {
        "iso3": "AAA", "event_type": "ratification", "field": "event_date", "kept_value": "2015-01-11",
        "kept_source_ids": "SYN-1", "other_value": "2015-01-10", "other_source_ids": "SYN-1",
        "resolution": "test"})
    with pytest.raises(ValidationFailed) as exc:
        validate(src, D(2026, 1, 1))
    assert any(f"line {line}, column 'kept_value': '2015-01-11' is not the date treaty_events.csv holds" in str(p)
               for p in exc.value.problems)


def test_an_untyped_deposit_is_a_consent(synthetic_db):
    db = synthetic_db([{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},
                       {"iso3": "AAA", "event_type": "deposit", "event_date": "2016-01-04"}])
    row = _status(db, "AAA", D(2016, 4, 3))
    assert row["status"] == "state_party" and row["consent_type"] == "deposit"
