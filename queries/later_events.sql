-- Treaty actions recorded after the date through which every State's record is proven complete (see
-- record_complete_through): what is known of the time since, each at the precision its sources give.
-- No parameters.
SELECT e.iso3, c.name, e.event_type,
       CASE e.event_date_precision WHEN 'year' THEN strftime(e.event_date, '%Y')
                                   WHEN 'month' THEN strftime(e.event_date, '%Y-%m')
                                   ELSE strftime(e.event_date, '%Y-%m-%d') END AS event_date,
       e.event_date_precision AS precision, e.source_ids
FROM treaty_events e
JOIN countries c USING (iso3)
CROSS JOIN record_complete_through t
WHERE t.complete_through IS NOT NULL AND e.event_date_latest > t.complete_through
  AND e.event_type NOT IN ('provisional_application', 'declaration')
ORDER BY e.event_date, c.name;
