-- One State's participation in related regional and global instruments, with each list's as-of date.
-- Parameters: $iso3 VARCHAR.
SELECT i.instrument_name, p.instrument_id, p.status, p.signature_date, p.consent_date, p.consent_type,
       p.as_of, p.confidence, p.notes, p.source_ids
FROM instrument_participation p JOIN instruments i USING (instrument_id)
WHERE p.iso3 = $iso3
ORDER BY i.instrument_name;
