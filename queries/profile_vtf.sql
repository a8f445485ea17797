-- One State's Voluntary Trust Fund projects (public sources, partial) and proposals (Secretariat records).
-- Parameters: $iso3 VARCHAR.
SELECT 'project (public source)' AS record, cycle_year, project_title, NULL AS outcome, amount_usd,
       activity_period, implementing_partner, confidence, notes, source_ids
FROM vtf_projects WHERE iso3 = $iso3
UNION ALL
SELECT 'proposal (Secretariat record)', cycle_year, project_title, outcome, amount_usd, NULL, NULL, NULL, notes,
       source_ids
FROM vtf_proposals WHERE iso3 = $iso3
ORDER BY cycle_year NULLS LAST, project_title;
