-- One State's treaty actions (all dates), oldest first, with the Art. 22 entry-into-force date. A date known only
-- to its month or year is written at that precision (YYYY-MM or YYYY), with no entry-into-force day.
-- Parameters: $iso3 VARCHAR.
SELECT event_type,
       CASE event_date_precision WHEN 'year' THEN strftime(event_date, '%Y')
                                 WHEN 'month' THEN strftime(event_date, '%Y-%m')
                                 ELSE strftime(event_date, '%Y-%m-%d') END AS event_date,
       effective_date,
       CASE WHEN event_date_precision = 'day' THEN entry_into_force_date END AS entry_into_force_date,
       notes, source_ids
FROM treaty_events WHERE iso3 = $iso3
ORDER BY treaty_events.event_date, event_type;
