-- Number of States in each status on a date, for the selected groups (all five statuses, zero included).
-- Parameters: $as_of DATE; $groups VARCHAR[] or NULL (a State counts when it belongs to any of them).
WITH s AS (
    SELECT status FROM status_on($as_of) s
    WHERE ($groups IS NULL OR list_has_any(s.un_groups, CAST($groups AS VARCHAR[])))
)
SELECT st.status, count(s.status) AS states
FROM (VALUES ('state_party', 1), ('ratified_not_in_force', 2), ('signatory', 3), ('not_signed', 4),
             ('unknown', 5)) st(status, ord)
LEFT JOIN s USING (status)
GROUP BY st.status, st.ord ORDER BY st.ord;
