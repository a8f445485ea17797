-- Engagement evidence for each signatory (not yet a party) on a date, side by side; no composite score.
-- Counts are of recorded facts; 0 means none recorded in this snapshot, not "none happened".
-- Parameters: $as_of DATE; $groups VARCHAR[] or NULL.
-- (Each measure is aggregated once per State and joined, rather than a correlated subquery per row.)
WITH sig AS (
    SELECT s.iso3, s.name, s.un_regional_group, s.signature_date, s.no_intent
    FROM status_on($as_of) s
    WHERE s.status = 'signatory'
      AND ($groups IS NULL OR list_has_any(s.un_groups, CAST($groups AS VARCHAR[])))
), votes AS (
    SELECT v.iso3, count(*) FILTER (WHERE v.vote = 'yes') AS yes, count(*) AS recorded,
           arg_max(v.vote, r.date) AS latest
    FROM unga_votes v JOIN unga_resolutions r USING (symbol)
    WHERE r.date <= CAST($as_of AS DATE) AND v.iso3 IN (SELECT iso3 FROM sig)
    GROUP BY v.iso3
), csps AS (
    SELECT p.iso3, count(DISTINCT p.meeting_id) AS n
    FROM csp_participation p JOIN meetings m USING (meeting_id)
    WHERE m.start_date <= CAST($as_of AS DATE) GROUP BY p.iso3
), stm AS (
    SELECT t.iso3, count(*) AS n
    FROM statements t LEFT JOIN meetings m USING (meeting_id)
    WHERE coalesce(t.date, m.start_date) <= CAST($as_of AS DATE) GROUP BY t.iso3
), vtf AS (
    SELECT iso3, count(*) AS n FROM vtf_projects GROUP BY iso3
), unroca AS (
    SELECT iso3, count(*) AS n, max(year) AS latest FROM unroca_reports
    WHERE submitted AND year < year(CAST($as_of AS DATE)) GROUP BY iso3
), instruments AS (
    SELECT iso3, count(*) AS n FROM instrument_participation
    WHERE status IN ('party', 'participating', 'member') GROUP BY iso3
)
SELECT sig.iso3, sig.name, sig.un_regional_group, sig.signature_date, sig.no_intent,
    coalesce(votes.yes, 0) AS unga_yes_votes,
    coalesce(votes.recorded, 0) AS unga_votes_recorded,
    votes.latest AS latest_unga_vote,
    coalesce(csps.n, 0) AS csps_with_presence_evidence,
    coalesce(stm.n, 0) AS statements_recorded,
    coalesce(vtf.n, 0) AS vtf_projects,
    coalesce(unroca.n, 0) AS unroca_reports,
    unroca.latest AS latest_unroca_year,
    coalesce(instruments.n, 0) AS regional_instruments
FROM sig
LEFT JOIN votes USING (iso3)
LEFT JOIN csps USING (iso3)
LEFT JOIN stm USING (iso3)
LEFT JOIN vtf USING (iso3)
LEFT JOIN unroca USING (iso3)
LEFT JOIN instruments USING (iso3)
ORDER BY sig.name COLLATE NOACCENT.NOCASE;
