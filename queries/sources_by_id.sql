-- The sources with the given ids, in id order. Parameters: $ids VARCHAR[].
SELECT source_id, collection, title, publisher, url, as_of, used_for, authority
FROM sources WHERE list_contains(CAST($ids AS VARCHAR[]), source_id)
ORDER BY source_id;
