-- Shared definitions, loaded into every connection before the named queries run.
-- This file is THE definition of treaty status; every query that needs a status uses these macros.

-- Art. 22(1): the Treaty entered into force on 24 Dec 2014 (90 days after the 50th instrument, 25 Sep 2014) for
-- every State that had deposited by then; Art. 22(2): for a State depositing "subsequent to the entry into force",
-- on the 90th day after its deposit. Mirrors attdash/treaty_rules.py (a test checks they agree).
CREATE OR REPLACE MACRO entry_into_force(deposit) AS
    CASE WHEN deposit <= DATE '2014-12-24' THEN DATE '2014-12-24'
         ELSE CAST(deposit + INTERVAL 90 DAY AS DATE) END;

-- A snapshot stores the entry-into-force dates its build computed; they are derived, not facts, so they are
-- recomputed here by the rule above when the snapshot opens: a snapshot built under an earlier (wrong) reading of
-- Art. 22 shows the Treaty's own dates, and no two places can disagree.
CREATE OR REPLACE TABLE treaty_events AS
SELECT * REPLACE (
    CASE WHEN event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit')
         THEN entry_into_force(event_date) END AS entry_into_force_date,
    CASE WHEN event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit')
         THEN entry_into_force(event_date_latest) END AS entry_into_force_latest)
FROM treaty_events;

-- Record checks proven by the counts themselves. On a date D for which the depositary (or the UN) published
-- exact counts, when the participants whose deposit surely lies on or before D are exactly as many as the
-- published parties, and the signatories are the closed set (signature closed when the Treaty entered into
-- force: every State that ever signed is in the snapshot, all before D, as many as published), then every
-- State's record is complete on D: the parties are exactly those, the signatories exactly those, the others
-- had taken no action.
CREATE OR REPLACE VIEW derived_record_checks AS
WITH exact AS (
    SELECT as_of AS d, signatories, parties, string_agg(source_ids, ';' ORDER BY source_ids) AS source_ids
    FROM official_counts
    WHERE as_of_precision = 'day' AND authority IN ('depositary', 'un')
      AND signatories IS NOT NULL AND parties IS NOT NULL
    GROUP BY as_of, signatories, parties
), counted AS (
    SELECT x.d, x.source_ids, x.signatories, x.parties,
           (SELECT count(DISTINCT iso3) FROM treaty_events
            WHERE event_type = 'signature') AS signed_ever,
           (SELECT count(DISTINCT iso3) FROM treaty_events
            WHERE event_type = 'signature' AND event_date_latest <= x.d) AS signed_surely,
           (SELECT count(DISTINCT iso3) FROM treaty_events
            WHERE event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit')
              AND event_date_latest <= x.d) AS deposited_surely
    FROM exact x
)
SELECT c.iso3, k.d AS checked_on,
       CASE WHEN EXISTS (SELECT 1 FROM treaty_events e WHERE e.iso3 = c.iso3 AND e.event_date_latest <= k.d)
            THEN 'complete' ELSE 'no_action' END AS finding,
       k.source_ids,
       'derived: ' || k.parties || ' parties and ' || k.signatories || ' signatories published for this date '
           || 'match the snapshot''s participants exactly, and the signatories are a closed set' AS notes
FROM counted k CROSS JOIN countries c
WHERE k.signed_ever = k.signatories AND k.signed_surely = k.signatories AND k.deposited_surely = k.parties;

-- Every record check: the curated ones (full participant lists) and the derived ones.
CREATE OR REPLACE VIEW all_record_checks AS
SELECT iso3, checked_on, finding, source_ids, notes, false AS derived FROM treaty_record_checks
UNION ALL
SELECT iso3, checked_on, finding, source_ids, notes, true AS derived FROM derived_record_checks;

-- One row per State with the dates of its treaty actions (all of them, whatever the date). A date known only to a
-- month or year is a window: *_date is its first possible day, *_latest its last. A complete record check inside
-- a deposit's window (the State had not yet deposited then) moves the window's start past the check.
CREATE OR REPLACE VIEW state_treaty_record AS
WITH base AS (
    SELECT
        c.iso3,
        min(e.event_date) FILTER (WHERE e.event_type = 'signature') AS signature_date,
        min(e.event_date_latest) FILTER (WHERE e.event_type = 'signature') AS signature_latest,
        arg_min(e.event_type, e.event_date)
            FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit'))
            AS consent_type,
        min(e.event_date)
            FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit'))
            AS consent_date_raw,
        min(e.event_date_latest)
            FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit'))
            AS consent_latest,
        min(e.event_date_precision)
            FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval', 'deposit'))
            AS consent_precision,
        min(e.event_date) FILTER (WHERE e.event_type = 'notice_no_intent') AS no_intent_date,
        min(e.event_date) FILTER (WHERE e.event_type = 'provisional_application') AS provisional_application_date,
        (SELECT max(k.checked_on) FROM all_record_checks k
         WHERE k.iso3 = c.iso3 AND k.finding IN ('complete', 'no_action')) AS checked_through,
        (SELECT min(k.checked_on) FROM all_record_checks k
         WHERE k.iso3 = c.iso3 AND k.finding = 'party') AS party_known_from
    FROM countries c
    LEFT JOIN treaty_events e USING (iso3)
    GROUP BY c.iso3
), narrowed AS (
    SELECT b.*,
           (SELECT max(k.checked_on) FROM all_record_checks k
            WHERE k.iso3 = b.iso3 AND k.finding IN ('complete', 'no_action')
              AND k.checked_on >= b.consent_date_raw AND k.checked_on < b.consent_latest) AS not_deposited_on,
           -- an instrument is not deposited before the domestic act it rests on (a sourced approval or decree
           -- dated inside the window)
           (SELECT max(s.step_date) FROM domestic_steps s
            WHERE s.iso3 = b.iso3 AND s.step IN ('parliamentary_approval', 'decree_or_law')
              AND s.step_date > b.consent_date_raw AND s.step_date <= b.consent_latest) AS act_before_deposit
    FROM base b
), windowed AS (
    SELECT n.*,
           greatest(consent_date_raw, CAST(not_deposited_on + INTERVAL 1 DAY AS DATE), act_before_deposit)
               AS consent_first
    FROM narrowed n
)
SELECT iso3, signature_date, signature_latest, consent_type,
       consent_first AS consent_date,
       consent_latest, consent_precision,
       entry_into_force(consent_first) AS entry_into_force_date,
       entry_into_force(consent_latest) AS entry_into_force_latest,
       no_intent_date, provisional_application_date, checked_through, party_known_from
FROM windowed;

-- Treaty status on date d, from a State's record r (a row of state_treaty_record).
--   state_party            instrument of consent deposited and the Treaty in force for the State on d
--   ratified_not_in_force  instrument deposited on or before d; entry into force after d
--   signatory              signed on or before d; nothing deposited by d
--   not_signed             no action by d
--   unknown                the sources cannot tell: a deposit known only to its month or year whose window
--                          (or that of its entry into force) contains d; or, for a State whose record no full
--                          participant list ever checked, "signatory" / "not signed" without a later action to
--                          prove it. Absence from our table is not proof.
-- After a State's last record check (checked_through) its status is the checked one plus any later recorded
-- action; status_on reports checked_through as confirmed_through for such dates.
-- A State that a full list shows as a State Party (check finding 'party') is one from that date on, even
-- while its deposit date is missing.
CREATE OR REPLACE MACRO treaty_status(d, r) AS
    CASE
        WHEN r.entry_into_force_latest <= d THEN 'state_party'
        WHEN r.consent_latest <= d AND r.entry_into_force_date > d THEN 'ratified_not_in_force'
        WHEN r.consent_date <= d THEN 'unknown'
        WHEN r.party_known_from <= d THEN 'state_party'
        WHEN r.signature_latest <= d AND (r.consent_date > d OR r.checked_through IS NOT NULL) THEN 'signatory'
        WHEN r.signature_date <= d THEN 'unknown'
        -- not signed by d: certain when the signature came later, when the State later acceded
        -- (an accession means it never signed), or when its record was checked
        WHEN r.signature_date > d THEN 'not_signed'
        WHEN r.consent_type = 'accession' AND r.consent_date > d THEN 'not_signed'
        WHEN r.checked_through IS NOT NULL THEN 'not_signed'
        ELSE 'unknown'
    END;

-- Why a status is 'unknown' on d (NULL otherwise), in words for the card and the tables.
CREATE OR REPLACE MACRO status_reason(d, r) AS
    CASE
        WHEN treaty_status(d, r) <> 'unknown' THEN NULL
        WHEN r.consent_date <= d AND r.consent_precision IN ('year', 'month') THEN
            'instrument deposited on a day the sources do not give (known only to its '
            || r.consent_precision || ', between ' || strftime(r.consent_date, '%-d %B %Y') || ' and '
            || strftime(r.consent_latest, '%-d %B %Y') || '): the deposit or the entry into force '
            || '(90 days later) may fall either side of this date'
        WHEN r.consent_date <= d THEN
            'the Treaty enters into force for it 90 days after a deposit the sources date only approximately'
        ELSE 'no full participant list read for this snapshot covers this State''s record'
    END;

-- Is a group membership row valid on date d? (valid_from inclusive, valid_to exclusive, blank = open)
CREATE OR REPLACE MACRO member_on(d, valid_from, valid_to) AS
    (valid_from IS NULL OR valid_from <= d) AND (valid_to IS NULL OR valid_to > d);

-- UN regional group memberships valid on date d (Türkiye has two; Kiribati none before 2024).
CREATE OR REPLACE MACRO groups_on(d) AS TABLE
SELECT g.iso3, g.un_regional_group, g.role, g.listed_in_annex
FROM group_membership g
WHERE member_on(CAST(d AS DATE), g.valid_from, g.valid_to);

-- The last date on which every State's record is proven complete ("record complete through"), or NULL.
CREATE OR REPLACE VIEW record_complete_through AS
SELECT CASE WHEN count(checked_through) = count(*) THEN min(checked_through) END AS complete_through
FROM state_treaty_record;

-- Every State's status row at points (iso3, d), given as the name of a table or view with those two columns.
-- un_groups: every UN regional group the State belongs to on d (Türkiye: two), for the queries' group filters.
-- This is the one definition of a status row; status_on(d) reads it through status_timeline.
-- confirmed_through: set when d is after the State's last record check: its status is the checked one plus any
-- later recorded action, and the record is proven complete only through that date.
CREATE OR REPLACE MACRO status_at(points) AS TABLE
WITH p AS (
    SELECT DISTINCT iso3, CAST(d AS DATE) AS d FROM query_table(points)
), listed AS (
    SELECT p.iso3, p.d, min(g.un_regional_group) AS un_regional_group
    FROM p JOIN group_membership g
      ON g.iso3 = p.iso3 AND g.listed_in_annex AND member_on(p.d, g.valid_from, g.valid_to)
    GROUP BY p.iso3, p.d
), belongs AS (
    SELECT p.iso3, p.d, list(DISTINCT g.un_regional_group ORDER BY g.un_regional_group) AS un_groups
    FROM p JOIN group_membership g ON g.iso3 = p.iso3 AND member_on(p.d, g.valid_from, g.valid_to)
    GROUP BY p.iso3, p.d
), src AS (
    SELECT iso3, d, string_agg(DISTINCT s, ';' ORDER BY s) AS source_ids
    FROM (SELECT p.iso3, p.d, unnest(string_split(e.source_ids, ';')) AS s
          FROM p JOIN treaty_events e ON e.iso3 = p.iso3 AND e.event_date <= p.d)
    GROUP BY iso3, d
)
SELECT
    p.iso3,
    p.d,
    c.name,
    l.un_regional_group,
    treaty_status(p.d, r) AS status,
    coalesce(r.no_intent_date <= p.d AND r.signature_date <= p.d
             AND NOT coalesce(r.consent_date <= p.d, false), false) AS no_intent,
    CASE WHEN r.signature_date <= p.d THEN r.signature_date END AS signature_date,
    CASE WHEN r.consent_date <= p.d THEN r.consent_type END AS consent_type,
    CASE WHEN r.consent_date <= p.d THEN r.consent_date END AS consent_date,
    CASE WHEN r.consent_date <= p.d THEN r.entry_into_force_date END AS entry_into_force_date,
    coalesce(src.source_ids, '') AS source_ids,
    CASE WHEN r.checked_through < p.d THEN r.checked_through END AS confirmed_through,
    CASE WHEN r.consent_date <= p.d THEN r.consent_precision END AS consent_precision,
    CASE WHEN r.consent_date <= p.d THEN r.consent_latest END AS consent_latest,
    status_reason(p.d, r) AS status_reason,
    c.un_member,
    coalesce(b.un_groups, []) AS un_groups
FROM p
JOIN countries c USING (iso3)
JOIN state_treaty_record r USING (iso3)
LEFT JOIN listed l ON l.iso3 = p.iso3 AND l.d = p.d
LEFT JOIN belongs b ON b.iso3 = p.iso3 AND b.d = p.d
LEFT JOIN src ON src.iso3 = p.iso3 AND src.d = p.d;

-- The days on which a State's status row can change: every date in its record, its treaty events and its group
-- rows, and the day after each (the rules compare dates with <=, < and >), plus the first day of the calendar.
-- Between two of them nothing the row depends on changes, so the row is the same every day (a test checks
-- this against every day from 2012 to 2030).
CREATE OR REPLACE VIEW status_breakpoints AS
WITH dates AS (
    SELECT iso3, unnest([signature_date, signature_latest, consent_date, consent_latest, entry_into_force_date,
                         entry_into_force_latest, no_intent_date, checked_through, party_known_from]) AS x
    FROM state_treaty_record
    UNION ALL SELECT iso3, event_date FROM treaty_events
    UNION ALL SELECT iso3, valid_from FROM group_membership
    UNION ALL SELECT iso3, valid_to FROM group_membership
)
SELECT DISTINCT iso3, d FROM (
    SELECT iso3, x AS d FROM dates WHERE x IS NOT NULL
    UNION ALL SELECT iso3, CAST(x + INTERVAL 1 DAY AS DATE) FROM dates WHERE x IS NOT NULL
    UNION ALL SELECT iso3, DATE '0001-01-01' FROM countries
);

-- Every State's status row from each breakpoint (valid_from, inclusive) to the next (valid_to, exclusive; NULL:
-- open). Materialized when a snapshot opens, so a status on any date is a range lookup.
CREATE OR REPLACE VIEW status_timeline AS
SELECT s.d AS valid_from, lead(s.d) OVER (PARTITION BY s.iso3 ORDER BY s.d) AS valid_to,
       s.* EXCLUDE (d)
FROM status_at('status_breakpoints') s;

-- Every State's status on a day, with the group it is listed under in tables by group.
-- A query keeps the States of the groups $groups (NULL: all) with
--   $groups IS NULL OR list_has_any(s.un_groups, CAST($groups AS VARCHAR[]))
CREATE OR REPLACE MACRO status_on(day) AS TABLE
SELECT iso3, name, un_regional_group, status, no_intent, signature_date, consent_type, consent_date,
       entry_into_force_date, source_ids, confirmed_through, consent_precision, consent_latest, status_reason,
       un_member, un_groups
FROM status_timeline
WHERE valid_from <= CAST(day AS DATE) AND (valid_to IS NULL OR valid_to > CAST(day AS DATE));
