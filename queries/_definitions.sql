-- Shared definitions, loaded into every connection before the named queries run.
-- This file is THE definition of treaty status; every query that needs a status uses these macros.

-- One row per State with the dates of its treaty actions (all of them, whatever the date).
CREATE OR REPLACE VIEW state_treaty_record AS
SELECT
    c.iso3,
    min(e.event_date) FILTER (WHERE e.event_type = 'signature') AS signature_date,
    arg_min(e.event_type, e.event_date)
        FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval')) AS consent_type,
    min(e.event_date)
        FILTER (WHERE e.event_type IN ('ratification', 'accession', 'acceptance', 'approval')) AS consent_date,
    min(e.entry_into_force_date) AS entry_into_force_date,
    min(e.event_date) FILTER (WHERE e.event_type = 'notice_no_intent') AS no_intent_date,
    min(e.event_date) FILTER (WHERE e.event_type = 'provisional_application') AS provisional_application_date,
    (SELECT max(k.checked_on) FROM treaty_record_checks k
     WHERE k.iso3 = c.iso3 AND k.finding IN ('complete', 'no_action')) AS checked_through,
    (SELECT min(k.checked_on) FROM treaty_record_checks k
     WHERE k.iso3 = c.iso3 AND k.finding = 'party') AS party_known_from
FROM countries c
LEFT JOIN treaty_events e USING (iso3)
GROUP BY c.iso3;

-- Treaty status on date d, from a State's action dates.
--   state_party            instrument of consent deposited and the Treaty in force for the State on d
--   ratified_not_in_force  instrument deposited on or before d; entry into force after d
--   signatory              signed on or before d; nothing deposited by d
--   not_signed             no action by d
--   unknown                the sources cannot tell: "signatory" and "not signed" are claims that nothing
--                          (more) happened by d, so they need a later recorded action or a record check
--                          (treaty_record_checks) reaching d. Absence from our table is not proof.
-- A State that a full list shows as a State Party (check finding 'party') is one from that date on, even
-- while its deposit date is missing.
CREATE OR REPLACE MACRO treaty_status(d, signature_date, consent_type, consent_date, entry_into_force_date,
                                      checked_through, party_known_from) AS
    CASE
        WHEN consent_date <= d AND entry_into_force_date <= d THEN 'state_party'
        WHEN consent_date <= d THEN 'ratified_not_in_force'
        WHEN party_known_from <= d THEN 'state_party'
        WHEN signature_date <= d AND (consent_date > d OR checked_through >= d) THEN 'signatory'
        WHEN signature_date <= d THEN 'unknown'
        -- not signed by d: certain when the signature came later, when the State later acceded
        -- (an accession means it never signed), or when a record check reaches d
        WHEN signature_date > d THEN 'not_signed'
        WHEN consent_type = 'accession' AND consent_date > d THEN 'not_signed'
        WHEN checked_through >= d THEN 'not_signed'
        ELSE 'unknown'
    END;

-- Is a group membership row valid on date d? (valid_from inclusive, valid_to exclusive, blank = open)
CREATE OR REPLACE MACRO member_on(d, valid_from, valid_to) AS
    (valid_from IS NULL OR valid_from <= d) AND (valid_to IS NULL OR valid_to > d);

-- UN regional group memberships valid on date d (Türkiye has two; Kiribati none before 2024).
CREATE OR REPLACE MACRO groups_on(d) AS TABLE
SELECT g.iso3, g.un_regional_group, g.role, g.listed_in_annex
FROM group_membership g
WHERE member_on(CAST(d AS DATE), g.valid_from, g.valid_to);

-- Every State's status on date d, with the group it is listed under in tables by group.
CREATE OR REPLACE MACRO status_on(d) AS TABLE
WITH listed AS (
    SELECT iso3, min(un_regional_group) AS un_regional_group
    FROM groups_on(d) WHERE listed_in_annex GROUP BY iso3
), src AS (
    SELECT iso3, string_agg(DISTINCT s, ';' ORDER BY s) AS source_ids
    FROM (SELECT iso3, unnest(string_split(source_ids, ';')) AS s
          FROM treaty_events WHERE event_date <= CAST(d AS DATE))
    GROUP BY iso3
)
SELECT
    c.iso3,
    c.name,
    l.un_regional_group,
    treaty_status(CAST(d AS DATE), r.signature_date, r.consent_type, r.consent_date,
                  r.entry_into_force_date, r.checked_through, r.party_known_from) AS status,
    coalesce(r.no_intent_date <= CAST(d AS DATE) AND r.signature_date <= CAST(d AS DATE)
             AND NOT coalesce(r.consent_date <= CAST(d AS DATE), false), false) AS no_intent,
    CASE WHEN r.signature_date <= CAST(d AS DATE) THEN r.signature_date END AS signature_date,
    CASE WHEN r.consent_date <= CAST(d AS DATE) THEN r.consent_type END AS consent_type,
    CASE WHEN r.consent_date <= CAST(d AS DATE) THEN r.consent_date END AS consent_date,
    CASE WHEN r.consent_date <= CAST(d AS DATE) THEN r.entry_into_force_date END AS entry_into_force_date,
    coalesce(src.source_ids, '') AS source_ids
FROM countries c
JOIN state_treaty_record r USING (iso3)
LEFT JOIN listed l USING (iso3)
LEFT JOIN src USING (iso3);
