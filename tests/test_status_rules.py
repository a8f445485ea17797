"""The status rules (queries/_definitions.sql) at their edges, on synthetic events (tests only)."""

from __future__ import annotations

import datetime as dt

from attdash import reports
from attdash.treaty_rules import entry_into_force

D = dt.date


def _status(db, iso3: str, on: dt.date) -> dict:
    df = reports.status(db, on)
    return df.filter(df["iso3"] == iso3).to_dicts()[0]


ART_22_1 = ("This Treaty shall enter into force ninety days following the date of the deposit of the fiftieth "
            "instrument of ratification, acceptance or approval with the Depositary.")
ART_22_2 = ("For any State that deposits its instrument of ratification, acceptance, approval or accession "
            "subsequent to the entry into force of this Treaty, this Treaty shall enter into force for that State "
            "ninety days following the date of its deposit of its instrument of ratification, acceptance, approval "
            "or accession.")


def test_article_22_from_the_treaty_text():
    """Checked against the Treaty's text, not against the function's own constants."""
    fiftieth = D(2014, 9, 25)  # the 50th instrument (UNTC XXVI-8; UN-006)
    treaty_in_force = fiftieth + dt.timedelta(days=90)  # Art. 22(1): "ninety days following ... the fiftieth"
    assert treaty_in_force == D(2014, 12, 24)
    # Art. 22(1): every instrument deposited before the Treaty entered into force takes effect with it.
    for deposit in (D(2013, 6, 3), D(2014, 9, 24), fiftieth, D(2014, 9, 26), D(2014, 10, 21), D(2014, 12, 22),
                    D(2014, 12, 23)):
        assert entry_into_force(deposit) == treaty_in_force, deposit
    # a deposit on the very day of entry into force is not "subsequent to" it
    assert "subsequent to the entry into force" in ART_22_2
    assert entry_into_force(D(2014, 12, 24)) == treaty_in_force
    # Art. 22(2): "ninety days following the date of its deposit"
    assert entry_into_force(D(2014, 12, 25)) == D(2015, 3, 25)
    assert entry_into_force(D(2015, 1, 30)) == D(2015, 4, 30)   # Switzerland
    assert entry_into_force(D(2020, 7, 29)) == D(2020, 10, 27)  # Afghanistan
    assert entry_into_force(D(2024, 10, 15)) == D(2025, 1, 13)  # Colombia
    assert "ninety days following the date of the deposit of the fiftieth" in ART_22_1


def test_deposit_day_and_day_before_entry_into_force(synthetic_db):
    db = synthetic_db([
        {"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},
        {"iso3": "AAA", "event_type": "ratification", "event_date": "2016-01-04"},
    ])
    assert _status(db, "AAA", D(2013, 6, 2))["status"] == "not_signed"     # signature came later
    assert _status(db, "AAA", D(2013, 6, 3))["status"] == "signatory"      # a later deposit is known
    assert _status(db, "AAA", D(2016, 1, 3))["status"] == "signatory"
    day = _status(db, "AAA", D(2016, 1, 4))
    assert day["status"] == "ratified_not_in_force" and day["entry_into_force_date"] == D(2016, 4, 3)
    assert _status(db, "AAA", D(2016, 4, 2))["status"] == "ratified_not_in_force"
    assert _status(db, "AAA", D(2016, 4, 3))["status"] == "state_party"


def test_2014_cohort_enters_into_force_together(synthetic_db):
    """Art. 22(1): instruments deposited before 24 Dec 2014 — on 25 Sep or in December — take effect that day;
    Art. 22(2): one deposited after it, 90 days later."""
    db = synthetic_db([
        {"iso3": "BBB", "event_type": "ratification", "event_date": "2014-09-25"},
        {"iso3": "BBB", "event_type": "signature", "event_date": "2013-06-03"},
        {"iso3": "CCC", "event_type": "signature", "event_date": "2013-06-03"},
        {"iso3": "CCC", "event_type": "ratification", "event_date": "2014-12-18"},
        {"iso3": "DDD", "event_type": "signature", "event_date": "2013-06-03"},
        {"iso3": "DDD", "event_type": "ratification", "event_date": "2014-12-25"},
    ])
    for iso3 in ("BBB", "CCC"):
        assert _status(db, iso3, D(2014, 12, 23))["status"] == "ratified_not_in_force"
        on = _status(db, iso3, D(2014, 12, 24))
        assert on["status"] == "state_party" and on["entry_into_force_date"] == D(2014, 12, 24)
    dd = _status(db, "DDD", D(2015, 3, 24))
    assert dd["status"] == "ratified_not_in_force" and dd["entry_into_force_date"] == D(2015, 3, 25)
    assert _status(db, "DDD", D(2015, 3, 25))["status"] == "state_party"
    # the stored entry-into-force column of the events follows the same rule
    ev = db.run("profile_treaty_events", iso3="CCC").to_dicts()
    assert [e["entry_into_force_date"] for e in ev if e["event_type"] == "ratification"] == [D(2014, 12, 24)]


def test_unknown_is_kept_apart_from_not_signed(synthetic_db):
    db = synthetic_db(
        [
            {"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"},   # signatory, no check
            {"iso3": "DDD", "event_type": "signature", "event_date": "2013-06-03"},   # signatory, checked
            {"iso3": "EEE", "event_type": "accession", "event_date": "2020-01-02"},  # acceded: never signed
            {"iso3": "FFF", "event_type": "ratification", "event_date": "2020-01-02"},  # signature date unknown
        ],
        checks=[{"iso3": "DDD", "checked_on": "2024-04-16", "finding": "complete"},
                {"iso3": "CCC", "checked_on": "2024-04-16", "finding": "no_action"}],
    )
    on = D(2024, 4, 16)
    assert _status(db, "AAA", on)["status"] == "unknown"      # signed, but nothing says it had not ratified
    assert _status(db, "DDD", on)["status"] == "signatory"
    # After its last check a State keeps the checked status, and says how far its record is confirmed
    later = _status(db, "DDD", D(2024, 4, 17))
    assert later["status"] == "signatory" and later["confirmed_through"] == D(2024, 4, 16)
    assert _status(db, "DDD", on)["confirmed_through"] is None
    assert _status(db, "CCC", on)["status"] == "not_signed"
    assert _status(db, "BBB", on)["status"] == "unknown"      # no action recorded, none checked
    assert _status(db, "EEE", D(2019, 1, 1))["status"] == "not_signed"
    assert _status(db, "FFF", D(2019, 1, 1))["status"] == "unknown"   # must have signed, date not known


def test_no_intent_flag_and_filters(synthetic_db):
    db = synthetic_db(
        [
            {"iso3": "EEE", "event_type": "signature", "event_date": "2013-09-25"},
            {"iso3": "EEE", "event_type": "notice_no_intent", "event_date": "2019-07-18"},
        ],
        checks=[{"iso3": "EEE", "checked_on": "2025-01-01", "finding": "complete"}],
    )
    assert _status(db, "EEE", D(2019, 7, 17))["no_intent"] is False
    assert _status(db, "EEE", D(2019, 7, 18))["no_intent"] is True
    only = reports.status(db, D(2020, 1, 1), groups=["Western European and Others"], statuses=["signatory"])
    assert only["iso3"].to_list() == ["EEE"]


def test_group_membership_answers_as_of_a_date(synthetic_db):
    groups = [
        {"iso3": "AAA", "un_regional_group": "Asia-Pacific", "role": "member", "listed_in_annex": "true",
         "valid_from": "2024-08-26", "source_ids": "SYN-1"},
        {"iso3": "BBB", "un_regional_group": "Western European and Others", "role": "dual",
         "listed_in_annex": "false", "source_ids": "SYN-1"},
        {"iso3": "BBB", "un_regional_group": "Asia-Pacific", "role": "dual", "listed_in_annex": "true",
         "source_ids": "SYN-1"},
    ]
    # treaty_events is a core table and must not be empty: one action by a State outside these groups.
    db = synthetic_db([{"iso3": "GGG", "event_type": "signature", "event_date": "2013-06-03"}], groups=groups)
    ap_before = reports.status(db, D(2024, 4, 16), groups=["Asia-Pacific"])
    ap_after = reports.status(db, D(2024, 9, 1), groups=["Asia-Pacific"])
    weog = reports.status(db, D(2024, 4, 16), groups=["Western European and Others"])
    assert ap_before["iso3"].to_list() == ["BBB"]
    assert sorted(ap_after["iso3"].to_list()) == ["AAA", "BBB"]
    assert weog["iso3"].to_list() == ["BBB"] and weog["un_regional_group"].to_list() == ["Asia-Pacific"]


def test_a_list_showing_a_state_party_settles_it_from_that_date(synthetic_db):
    db = synthetic_db(
        [{"iso3": "AAA", "event_type": "signature", "event_date": "2013-06-03"}],
        checks=[{"iso3": "AAA", "checked_on": "2024-07-15", "finding": "party"}],
    )
    assert _status(db, "AAA", D(2024, 7, 14))["status"] == "unknown"
    assert _status(db, "AAA", D(2024, 7, 15))["status"] == "state_party"
    assert _status(db, "AAA", D(2026, 1, 1))["consent_date"] is None  # the deposit date stays unknown


def _timeline_disagreements(db) -> tuple[int, int]:
    """(points compared, points where the status timeline differs from the rules applied on that very day)."""
    con = db._con
    con.execute("CREATE OR REPLACE TEMP TABLE every_day AS SELECT c.iso3, CAST(g.d AS DATE) AS d FROM countries c "
                "CROSS JOIN generate_series(DATE '2012-01-01', DATE '2030-12-31', INTERVAL 1 DAY) g(d)")
    return con.execute("""
        WITH dense AS (SELECT * FROM status_at('every_day')),
        sparse AS (SELECT e.iso3, e.d, t.* EXCLUDE (iso3, valid_from, valid_to)
                   FROM every_day e JOIN status_timeline t
                     ON t.iso3 = e.iso3 AND t.valid_from <= e.d AND (t.valid_to IS NULL OR t.valid_to > e.d))
        SELECT (SELECT count(*) FROM dense),
               (SELECT count(*) FROM (SELECT * FROM dense EXCEPT SELECT * FROM sparse))
             + (SELECT count(*) FROM (SELECT * FROM sparse EXCEPT SELECT * FROM dense))""").fetchone()


def test_status_timeline_equals_the_rules_on_every_day(real_db):
    """status_on(d) reads rows computed at breakpoints only; they must equal the rules applied on every day."""
    compared, differing = _timeline_disagreements(real_db)
    assert compared == real_db.run("countries").height * 6940  # every State, every day 2012-2030
    assert differing == 0


def test_status_timeline_misses_changes_without_the_day_after_breakpoints(real_db):
    """The check above can fail: dropping the day-after breakpoints (rules using '<' such as confirmed_through)
    leaves rows that differ from the rules on some days."""
    from attdash.db import Database

    db = Database(real_db.snapshot, cache=False)
    try:
        db._con.execute("DROP TABLE status_timeline")
        db._con.execute("""CREATE TABLE status_timeline AS
            SELECT s.d AS valid_from, lead(s.d) OVER (PARTITION BY s.iso3 ORDER BY s.d) AS valid_to, s.* EXCLUDE (d)
            FROM status_at('status_breakpoints') s
            WHERE s.d = DATE '0001-01-01' OR (s.iso3, s.d) IN (
                SELECT (iso3, x) FROM (SELECT iso3, unnest([signature_date, consent_date, consent_latest,
                    entry_into_force_date, entry_into_force_latest, checked_through]) AS x FROM state_treaty_record))
        """)
        assert _timeline_disagreements(db)[1] > 0
    finally:
        db.close()
