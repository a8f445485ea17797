-- One State's Sponsorship Programme applications. Parameters: $iso3 VARCHAR.
SELECT a.meeting_id, m.start_date, a.application_date, a.outcome, a.delegates_sponsored, a.notes, a.source_ids
FROM sponsorship_applications a LEFT JOIN meetings m USING (meeting_id)
WHERE a.iso3 = $iso3 ORDER BY m.start_date NULLS LAST, a.meeting_id;
