-- One State's UN Register of Conventional Arms years: submitted is true or NULL (unknown), never false.
-- Parameters: $iso3 VARCHAR.
SELECT year, submitted, listed_on_unroca_org, exports_reported, imports_reported, nil_report, source_ids
FROM unroca_reports WHERE iso3 = $iso3 ORDER BY year;
