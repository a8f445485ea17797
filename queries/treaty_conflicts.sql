-- Where sources disagree on a treaty action: the value kept and the value not used, with their sources and the
-- reason. Parameters: $iso3 VARCHAR or NULL for every State.
SELECT k.iso3, c.name, k.event_type, k.field, k.kept_value, k.kept_source_ids, k.other_value, k.other_source_ids,
       k.resolution, k.notes
FROM treaty_conflicts k JOIN countries c USING (iso3)
WHERE $iso3 IS NULL OR k.iso3 = $iso3
ORDER BY c.name COLLATE NOACCENT.NOCASE, k.event_type, k.field;
