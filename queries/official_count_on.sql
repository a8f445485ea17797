-- The published counts current on an exact day (for "record complete through" captions). Parameters: $as_of DATE.
SELECT as_of, signatories, parties, authority, source_ids
FROM official_counts
WHERE as_of_precision = 'day' AND as_of = CAST($as_of AS DATE)
ORDER BY list_position(['depositary', 'un', 'other'], authority), source_ids;
