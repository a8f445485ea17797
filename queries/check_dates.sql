-- Dates on which full participant lists settle many States' records (record checks), newest first:
-- the dates for which this snapshot can tell the most statuses. Parameters: $as_of DATE (checks up to it).
SELECT checked_on, count(*) AS states_checked, string_agg(DISTINCT source_ids, ';') AS source_ids
FROM treaty_record_checks
WHERE checked_on <= CAST($as_of AS DATE)
GROUP BY checked_on
HAVING count(*) >= 10
ORDER BY checked_on DESC;
