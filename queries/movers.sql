-- States whose treaty status changed between two dates (who signed, deposited, entered into force).
-- Parameters: $from DATE, $to DATE; $groups VARCHAR[] or NULL (membership on $to).
SELECT b.iso3, b.name, b.un_regional_group, a.status AS status_from, b.status AS status_to,
       b.signature_date, b.consent_type, b.consent_date, b.entry_into_force_date, b.source_ids,
       b.consent_precision, b.consent_latest
FROM status_on($from) a JOIN status_on($to) b USING (iso3)
WHERE a.status <> b.status
  AND ($groups IS NULL OR list_has_any(b.un_groups, CAST($groups AS VARCHAR[])))
ORDER BY b.name COLLATE NOACCENT.NOCASE;
