-- Every published count of signatories and parties next to the snapshot's own count on the same date. A count
-- dated only to a month or a year is checked over its whole window: the snapshot's count must reach the published
-- figure on some day of it (counts only grow). An action dated only approximately counts as "possible" from its
-- first day and as "sure" from its last. `reconciled` is false when a published figure lies outside
-- [sure at the window's start, possible at its end]; `near` names the States whose actions lie closest to the
-- window (the likeliest to differ). No parameters.
WITH events AS (
    SELECT iso3, event_date, event_date_latest,
           CASE WHEN event_type = 'signature' THEN 'signatories' ELSE 'parties' END AS counted_as
    FROM treaty_events
    WHERE event_type IN ('signature', 'ratification', 'accession', 'acceptance', 'approval', 'deposit')
), ours AS (
    SELECT o.as_of, o.as_of_latest, o.as_of_precision, o.signatories, o.parties, o.authority, o.source_ids, o.notes,
           count(DISTINCT e.iso3) FILTER (WHERE e.counted_as = 'signatories' AND e.event_date_latest <= o.as_of)
               AS signatories_min,
           count(DISTINCT e.iso3) FILTER (WHERE e.counted_as = 'signatories' AND e.event_date <= o.as_of_latest)
               AS signatories_max,
           count(DISTINCT e.iso3) FILTER (WHERE e.counted_as = 'parties' AND e.event_date_latest <= o.as_of)
               AS parties_min,
           count(DISTINCT e.iso3) FILTER (WHERE e.counted_as = 'parties' AND e.event_date <= o.as_of_latest)
               AS parties_max
    FROM official_counts o CROSS JOIN events e
    GROUP BY ALL
)
SELECT CASE as_of_precision WHEN 'year' THEN strftime(as_of, '%Y') WHEN 'month' THEN strftime(as_of, '%Y-%m')
            ELSE strftime(as_of, '%Y-%m-%d') END AS as_of,
       authority, source_ids, signatories, signatories_min, signatories_max, parties, parties_min, parties_max,
       (signatories IS NULL OR signatories BETWEEN signatories_min AND signatories_max)
       AND (parties IS NULL OR parties BETWEEN parties_min AND parties_max) AS reconciled,
       (SELECT string_agg(e.iso3 || ' ' || e.counted_as || ' ' || strftime(e.event_date, '%Y-%m-%d'), ', '
                          ORDER BY abs(date_diff('day', e.event_date, ours.as_of)))
        FROM (SELECT * FROM events
              WHERE event_date_latest >= ours.as_of - INTERVAL 45 DAY
                AND event_date <= ours.as_of_latest + INTERVAL 45 DAY) e)
           AS near,
       notes
FROM ours
ORDER BY ours.as_of, source_ids;
