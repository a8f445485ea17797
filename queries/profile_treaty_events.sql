-- One State's treaty actions (all dates), oldest first, with the Art. 22 entry-into-force date.
-- Parameters: $iso3 VARCHAR.
SELECT event_type, event_date, effective_date, entry_into_force_date, notes, source_ids
FROM treaty_events WHERE iso3 = $iso3
ORDER BY event_date, event_type;
