-- One State's statements, papers and alignments at CSPs and working groups, by meeting date.
-- Parameters: $iso3 VARCHAR.
SELECT s.meeting_id, m.name AS meeting, coalesce(s.date, m.start_date) AS date, s.statement_type, s.role,
       s.session_or_agenda_item, s.speaker, s.confidence, s.notes, s.source_ids
FROM statements s LEFT JOIN meetings m USING (meeting_id)
WHERE s.iso3 = $iso3
ORDER BY coalesce(s.date, m.start_date), s.meeting_id;
