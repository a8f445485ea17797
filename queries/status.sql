-- Treaty status of each State on a date, one row per State, sorted by name.
-- The stable interface of `python -m attdash status` and of every status table's CSV download.
-- Parameters:
--   $as_of     DATE       the date the status is taken on
--   $groups    VARCHAR[]  UN regional groups, or NULL for all; a State matches when it belongs to any
--                         of them on $as_of (Türkiye matches both WEOG and Asia-Pacific)
--   $statuses  VARCHAR[]  statuses to keep, or NULL for all
SELECT s.iso3, s.name, s.un_regional_group, s.status, s.no_intent, s.signature_date, s.consent_type,
       s.consent_date, s.entry_into_force_date, s.source_ids
FROM status_on($as_of) s
WHERE ($groups IS NULL OR s.iso3 IN (
          SELECT iso3 FROM groups_on($as_of)
          WHERE list_contains(CAST($groups AS VARCHAR[]), un_regional_group)))
  AND ($statuses IS NULL OR list_contains(CAST($statuses AS VARCHAR[]), s.status))
ORDER BY s.name COLLATE NOACCENT.NOCASE, s.iso3;
