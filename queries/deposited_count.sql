-- Participants that had deposited an instrument of consent by a date: the depositary's count of "Parties"
-- (it counts a deposit at once, before entry into force; Niue included). A deposit dated only to its month or
-- year counts in `deposited_min` once its window has closed and in `deposited_max` from its first day.
-- Parameters: $as_of DATE.
SELECT count(*) FILTER (WHERE consent_latest <= CAST($as_of AS DATE)) AS deposited_min,
       count(*) FILTER (WHERE consent_date <= CAST($as_of AS DATE)) AS deposited_max
FROM state_treaty_record;
