-- One State's requests in the needs-and-resources matching database. Parameters: $iso3 VARCHAR.
SELECT request_date, area, status, matched_with, notes, source_ids
FROM assistance_requests WHERE iso3 = $iso3 ORDER BY request_date;
