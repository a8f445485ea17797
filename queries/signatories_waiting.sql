-- Signatories that are not yet parties on a date, with how long they have waited since signing and the
-- notice of no intent. Also lists, with status 'unknown', States that had signed by then but whose later
-- record this snapshot cannot establish (e.g. a deposit known only to its year). confirmed_through: set when
-- $as_of is after the State's last record check. Parameters: $as_of DATE; $groups VARCHAR[] or NULL.
SELECT s.iso3, s.name, s.un_regional_group, s.status, s.signature_date,
       round(date_diff('day', s.signature_date, CAST($as_of AS DATE)) / 365.25, 1) AS years_waiting,
       s.no_intent, r.no_intent_date, s.confirmed_through, s.source_ids
FROM status_on($as_of) s JOIN state_treaty_record r USING (iso3)
WHERE (s.status = 'signatory' OR (s.status = 'unknown' AND s.signature_date IS NOT NULL))
  AND ($groups IS NULL OR list_has_any(s.un_groups, CAST($groups AS VARCHAR[])))
ORDER BY s.status DESC, s.signature_date, s.name COLLATE NOACCENT.NOCASE;
