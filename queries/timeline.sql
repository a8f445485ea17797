-- Number of States Parties over time, per UN regional group (the group each State is listed under on each
-- date), on the first day of each month from the Treaty's entry into force to $as_of, and on $as_of.
-- Parameters: $as_of DATE.
WITH days AS (
    SELECT CAST(d AS DATE) AS date
    FROM generate_series(DATE '2014-12-01', CAST($as_of AS DATE), INTERVAL 1 MONTH) AS t(d)
    UNION SELECT CAST($as_of AS DATE)
), per_state AS (
    SELECT days.date, r.iso3,
           treaty_status(days.date, r) AS status
    FROM days CROSS JOIN state_treaty_record r
)
SELECT p.date, coalesce(g.un_regional_group, 'No regional group') AS un_regional_group,
       count(*) FILTER (WHERE p.status = 'state_party') AS states_parties
FROM per_state p
LEFT JOIN group_membership g
       ON g.iso3 = p.iso3 AND g.listed_in_annex AND member_on(p.date, g.valid_from, g.valid_to)
GROUP BY p.date, coalesce(g.un_regional_group, 'No regional group')
ORDER BY p.date, un_regional_group;
