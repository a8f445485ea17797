-- Engagement evidence for each signatory (not yet a party) on a date, side by side; no composite score.
-- Counts are of recorded facts; 0 means none recorded in this snapshot, not "none happened".
-- Parameters: $as_of DATE; $groups VARCHAR[] or NULL.
WITH sig AS (
    SELECT s.iso3, s.name, s.un_regional_group, s.signature_date, s.no_intent
    FROM status_on($as_of) s
    WHERE s.status = 'signatory'
      AND ($groups IS NULL OR s.iso3 IN (SELECT iso3 FROM groups_on($as_of)
                                         WHERE list_contains(CAST($groups AS VARCHAR[]), un_regional_group)))
)
SELECT sig.iso3, sig.name, sig.un_regional_group, sig.signature_date, sig.no_intent,
    (SELECT count(*) FILTER (WHERE v.vote = 'yes') FROM unga_votes v JOIN unga_resolutions r USING (symbol)
      WHERE v.iso3 = sig.iso3 AND r.date <= CAST($as_of AS DATE)) AS unga_yes_votes,
    (SELECT count(*) FROM unga_votes v JOIN unga_resolutions r USING (symbol)
      WHERE v.iso3 = sig.iso3 AND r.date <= CAST($as_of AS DATE)) AS unga_votes_recorded,
    (SELECT v.vote FROM unga_votes v JOIN unga_resolutions r USING (symbol)
      WHERE v.iso3 = sig.iso3 AND r.date <= CAST($as_of AS DATE) ORDER BY r.date DESC LIMIT 1) AS latest_unga_vote,
    (SELECT count(DISTINCT p.meeting_id) FROM csp_participation p JOIN meetings m USING (meeting_id)
      WHERE p.iso3 = sig.iso3 AND m.start_date <= CAST($as_of AS DATE)) AS csps_with_presence_evidence,
    (SELECT count(*) FROM statements t LEFT JOIN meetings m USING (meeting_id)
      WHERE t.iso3 = sig.iso3 AND coalesce(t.date, m.start_date) <= CAST($as_of AS DATE)) AS statements_recorded,
    (SELECT count(*) FROM vtf_projects WHERE iso3 = sig.iso3) AS vtf_projects,
    (SELECT count(*) FROM unroca_reports WHERE iso3 = sig.iso3 AND submitted
       AND year < year(CAST($as_of AS DATE))) AS unroca_reports,
    (SELECT max(year) FROM unroca_reports WHERE iso3 = sig.iso3 AND submitted
       AND year < year(CAST($as_of AS DATE))) AS latest_unroca_year,
    (SELECT count(*) FROM instrument_participation WHERE iso3 = sig.iso3
       AND status IN ('party', 'participating', 'member')) AS regional_instruments
FROM sig
ORDER BY sig.name COLLATE NOACCENT.NOCASE;
