-- Number of States by UN regional group (the group each is listed under) and status, on a date.
-- States without a group on that date (State of Palestine, Holy See; Kiribati before 2024) are counted
-- under 'No regional group'. Parameters: $as_of DATE.
WITH s AS (
    SELECT coalesce(un_regional_group, 'No regional group') AS un_regional_group, status
    FROM status_on($as_of)
), counts AS (
    SELECT un_regional_group,
           count(*) FILTER (WHERE status = 'state_party') AS state_party,
           count(*) FILTER (WHERE status = 'ratified_not_in_force') AS ratified_not_in_force,
           count(*) FILTER (WHERE status = 'signatory') AS signatory,
           count(*) FILTER (WHERE status = 'not_signed') AS not_signed,
           count(*) FILTER (WHERE status = 'unknown') AS unknown,
           count(*) AS total
    FROM s GROUP BY un_regional_group
)
SELECT * FROM counts
ORDER BY list_position(['African', 'Asia-Pacific', 'Eastern European', 'Latin American and Caribbean',
                        'Western European and Others', 'No regional group'], un_regional_group);
