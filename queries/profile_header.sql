-- One State's identity and treaty status on a date: name, codes, groups on that date, status and dates,
-- the latest record check. Parameters: $iso3 VARCHAR, $as_of DATE. No row for an unknown ISO3.
SELECT s.iso3, c.iso2, c.m49, s.name, c.un_member, s.un_regional_group,
       (SELECT string_agg(g.un_regional_group || CASE WHEN g.role = 'member' THEN '' ELSE ' (' || g.role || ')' END,
                          '; ' ORDER BY g.un_regional_group)
        FROM groups_on($as_of) g WHERE g.iso3 = s.iso3) AS groups_on_date,
       s.status, s.no_intent, s.signature_date, s.consent_type, s.consent_date, s.entry_into_force_date,
       r.provisional_application_date, r.no_intent_date, r.checked_through, s.source_ids,
       s.confirmed_through, s.status_reason, s.consent_precision, s.consent_latest
FROM status_on($as_of) s
JOIN countries c USING (iso3)
JOIN state_treaty_record r USING (iso3)
WHERE s.iso3 = $iso3;
