-- Regional universalization champions: State, the region it champions, since when, the contact's role.
-- No parameters. Shipped empty until a sourced roster exists (template table).
SELECT ch.region, ch.iso3, c.name, ch.since, ch.contact_role, ch.source_ids
FROM champions ch JOIN countries c USING (iso3)
ORDER BY ch.region, c.name COLLATE NOACCENT.NOCASE;
