-- The step approach (co-chairs' report): every State not yet a party on a date, with the signals we hold.
-- One row per State; counts are of recorded facts (0 = none recorded in this snapshot). No composite score.
-- Parameters: $as_of DATE.
WITH open_states AS (
    SELECT s.iso3, s.name, s.un_regional_group, s.status, s.signature_date, s.no_intent
    FROM status_on($as_of) s
    WHERE s.status IN ('signatory', 'not_signed', 'unknown')
), latest_vote AS (
    SELECT symbol FROM unga_resolutions WHERE date <= CAST($as_of AS DATE) ORDER BY date DESC LIMIT 1
)
SELECT o.iso3, o.name, o.un_regional_group, o.status, o.signature_date, o.no_intent,
    (SELECT v.vote FROM unga_votes v WHERE v.iso3 = o.iso3 AND v.symbol = (SELECT symbol FROM latest_vote))
        AS latest_unga_vote,
    (SELECT count(*) FILTER (WHERE v.vote = 'yes') FROM unga_votes v JOIN unga_resolutions r USING (symbol)
      WHERE v.iso3 = o.iso3 AND r.date <= CAST($as_of AS DATE)) AS unga_yes_votes,
    (SELECT count(DISTINCT p.meeting_id) FROM csp_participation p JOIN meetings m USING (meeting_id)
      WHERE p.iso3 = o.iso3 AND m.start_date <= CAST($as_of AS DATE)) AS csps_with_presence_evidence,
    (SELECT count(*) FROM statements t LEFT JOIN meetings m USING (meeting_id)
      WHERE t.iso3 = o.iso3 AND coalesce(t.date, m.start_date) <= CAST($as_of AS DATE)) AS statements_recorded,
    -- From the Secretariat's official lists of participants: the State's role at the latest CSP it is listed at.
    (SELECT arg_max(coalesce(p.capacity, 'listed') || ' at ' || p.meeting_id, m.start_date)
       FROM csp_participation p JOIN meetings m USING (meeting_id)
      WHERE p.iso3 = o.iso3 AND p.basis = 'official_list' AND m.start_date <= CAST($as_of AS DATE))
        AS latest_csp_role,
    -- The Secretariat's VTF records: proposals submitted (any outcome) in a cycle up to the date's year.
    (SELECT count(*) FROM vtf_proposals WHERE iso3 = o.iso3 AND cycle_year <= year(CAST($as_of AS DATE)))
        AS vtf_proposals,
    (SELECT count(*) FROM instrument_participation WHERE iso3 = o.iso3
       AND status IN ('party', 'participating', 'member')) AS regional_instruments
FROM open_states o
ORDER BY o.name COLLATE NOACCENT.NOCASE;
