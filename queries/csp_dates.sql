-- Conferences of States Parties (regular sessions) with their opening and closing days, oldest first.
-- Used for the default reference date ("since the last CSP"). No parameters.
SELECT meeting_id, name, start_date, end_date, place, source_ids
FROM meetings WHERE meeting_type = 'CSP' AND start_date IS NOT NULL
ORDER BY start_date;
