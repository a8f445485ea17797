-- For each work-plan ¶13 profile element: how many of the States have any data in this snapshot, the years
-- the data cover, the latest date in the data, and the sources. No parameters.
WITH facts AS (
    SELECT 'vtf' AS element, iso3, cycle_year AS year, NULL::DATE AS day, source_ids FROM vtf_projects
    UNION ALL SELECT 'vtf', iso3, cycle_year, NULL, source_ids FROM vtf_proposals
    UNION ALL SELECT 'assistance_requests', iso3, year(request_date), request_date, source_ids FROM assistance_requests
    UNION ALL SELECT 'sponsorship', iso3, year(application_date), application_date, source_ids FROM sponsorship_applications
    UNION ALL SELECT 'csp_attendance', iso3, year, NULL, source_ids FROM csp_participation
    UNION ALL SELECT 'statements', s.iso3, year(coalesce(s.date, m.start_date)), coalesce(s.date, m.start_date), s.source_ids
              FROM statements s LEFT JOIN meetings m USING (meeting_id) WHERE s.iso3 IS NOT NULL
    UNION ALL SELECT 'unga_votes', v.iso3, year(r.date), r.date, v.source_ids
              FROM unga_votes v JOIN unga_resolutions r USING (symbol)
    UNION ALL SELECT 'unroca', iso3, year, NULL, source_ids FROM unroca_reports WHERE submitted
    UNION ALL SELECT 'regional_arrangements', iso3, year(coalesce(consent_date, signature_date)),
              coalesce(consent_date, signature_date), source_ids FROM instrument_participation WHERE iso3 IS NOT NULL
    UNION ALL SELECT 'other', iso3, NULL, NULL, source_ids FROM office_holders WHERE iso3 IS NOT NULL
    UNION ALL SELECT 'other', iso3, NULL, NULL, source_ids FROM vtf_contributions
    UNION ALL SELECT 'other', iso3, report_year, submitted_date, source_ids FROM reporting_status
    UNION ALL SELECT 'other', iso3, financial_year, as_of, source_ids FROM assessed_contributions
), elements(element, ord, title) AS (
    VALUES ('vtf', 1, 'Voluntary Trust Fund proposals'),
           ('assistance_requests', 2, 'Assistance requests (matching database)'),
           ('sponsorship', 3, 'Sponsorship Programme applications'),
           ('csp_attendance', 4, 'CSP attendance (evidence of presence)'),
           ('statements', 5, 'Statements at CSPs and working groups'),
           ('unga_votes', 6, 'UNGA votes on ATT resolutions'),
           ('unroca', 7, 'UN Register of Conventional Arms reports'),
           ('regional_arrangements', 8, 'Regional arrangements'),
           ('other', 9, 'Other relevant information')
), ids AS (
    SELECT element, string_agg(DISTINCT s, ';' ORDER BY s) AS source_ids
    FROM (SELECT element, unnest(string_split(source_ids, ';')) AS s FROM facts) GROUP BY element
)
SELECT e.element, e.title,
       count(DISTINCT f.iso3) AS states_with_data,
       (SELECT count(*) FROM countries) AS states_total,
       min(f.year) AS first_year, max(f.year) AS last_year, max(f.day) AS latest_date,
       count(f.iso3) AS rows,
       coalesce(ids.source_ids, '') AS source_ids
FROM elements e
LEFT JOIN facts f USING (element)
LEFT JOIN ids USING (element)
GROUP BY e.element, e.title, e.ord, ids.source_ids
ORDER BY e.ord;
