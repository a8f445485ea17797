-- States whose treaty status changed between two dates (who signed, deposited, entered into force).
-- Parameters: $from DATE, $to DATE; $groups VARCHAR[] or NULL (membership on $to).
-- A deposit known only to its month or year keeps that precision in consent_date (YYYY-MM or YYYY), with no
-- entry-into-force date, as in the status query; consent_first and consent_latest give its window (first and last
-- possible day) and consent_precision its precision.
SELECT b.iso3, b.name, b.un_regional_group, a.status AS status_from, b.status AS status_to,
       b.signature_date, b.consent_type,
       CASE b.consent_precision WHEN 'year' THEN strftime(b.consent_date, '%Y')
                                WHEN 'month' THEN strftime(b.consent_date, '%Y-%m')
                                ELSE strftime(b.consent_date, '%Y-%m-%d') END AS consent_date,
       CASE WHEN b.consent_precision = 'day' THEN b.entry_into_force_date END AS entry_into_force_date,
       b.source_ids, b.consent_date AS consent_first, b.consent_latest, b.consent_precision
FROM status_on($from) a JOIN status_on($to) b USING (iso3)
WHERE a.status <> b.status
  AND ($groups IS NULL OR list_has_any(b.un_groups, CAST($groups AS VARCHAR[])))
ORDER BY b.name COLLATE NOACCENT.NOCASE;
