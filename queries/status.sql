-- Treaty status of each State on a date, one row per State, sorted by name.
-- The stable interface of `python -m attdash status` and of every status table's CSV download.
-- Parameters:
--   $as_of     DATE       the date the status is taken on
--   $groups    VARCHAR[]  UN regional groups, or NULL for all; a State matches when it belongs to any
--                         of them on $as_of (Türkiye matches both WEOG and Asia-Pacific)
--   $statuses  VARCHAR[]  statuses to keep, or NULL for all
--   A deposit known only to its month or year keeps that precision in consent_date (YYYY-MM or YYYY), with no
--   entry-into-force date. confirmed_through (last column): set when $as_of is after the State's last record
--   check; the status is then the checked one plus any later recorded action.
SELECT s.iso3, s.name, s.un_regional_group, s.status, s.no_intent, s.signature_date, s.consent_type,
       CASE s.consent_precision WHEN 'year' THEN strftime(s.consent_date, '%Y')
                                WHEN 'month' THEN strftime(s.consent_date, '%Y-%m')
                                ELSE strftime(s.consent_date, '%Y-%m-%d') END AS consent_date,
       CASE WHEN s.consent_precision = 'day' THEN s.entry_into_force_date END AS entry_into_force_date,
       s.source_ids, s.confirmed_through
FROM status_on($as_of) s
WHERE ($groups IS NULL OR list_has_any(s.un_groups, CAST($groups AS VARCHAR[])))
  AND ($statuses IS NULL OR list_contains(CAST($statuses AS VARCHAR[]), s.status))
ORDER BY s.name COLLATE NOACCENT.NOCASE, s.iso3;
