-- Every CSP (and the Extraordinary Meeting) with the evidence, if any, that the State was present, and its
-- treaty status on the opening day. No evidence = 'not recorded', never 'absent'. Parameters: $iso3 VARCHAR.
SELECT m.meeting_id, m.name, m.start_date, m.place,
       treaty_status(m.start_date, r) AS status_on_opening_day,
       p.basis, p.evidence, p.capacity, p.confidence, p.notes, p.source_ids
FROM meetings m
CROSS JOIN (SELECT * FROM state_treaty_record WHERE iso3 = $iso3) r
LEFT JOIN csp_participation p ON p.meeting_id = m.meeting_id AND p.iso3 = $iso3
WHERE m.meeting_type IN ('CSP', 'Extraordinary CSP')
ORDER BY m.start_date;
