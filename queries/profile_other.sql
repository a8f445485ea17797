-- Other relevant information about one State: ATT offices held, voluntary contributions, Art. 13 reports,
-- assessed contributions. One row per fact, with a kind. Parameters: $iso3 VARCHAR.
SELECT 'office held' AS kind, body || ': ' || role || coalesce(' — ' || person, '') AS detail, period AS period,
       notes, source_ids FROM office_holders WHERE iso3 = $iso3
UNION ALL
SELECT 'voluntary contribution', contribution_type || coalesce(' (' || fund || ')', '')
           || coalesce(': ' || amount::VARCHAR || ' ' || coalesce(currency, ''), ''),
       period_or_as_of, notes, source_ids FROM vtf_contributions WHERE iso3 = $iso3
UNION ALL
SELECT 'Art. 13 report', report_type || coalesce(' report ' || report_year::VARCHAR, '')
           || CASE WHEN submitted_date IS NULL THEN ': not received' ELSE ': received ' || submitted_date::VARCHAR END
           || CASE WHEN public THEN ' (public)' WHEN NOT public THEN ' (not public)' ELSE '' END,
       coalesce(report_year::VARCHAR, ''), notes, source_ids FROM reporting_status WHERE iso3 = $iso3
UNION ALL
SELECT 'assessed contribution', 'assessed ' || assessed_usd::VARCHAR || ' USD, paid ' || coalesce(paid_usd::VARCHAR, '?')
           || ' USD (as of ' || as_of::VARCHAR || ')',
       financial_year::VARCHAR, notes, source_ids FROM assessed_contributions WHERE iso3 = $iso3
ORDER BY kind, period;
