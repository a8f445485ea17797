-- Domestic steps toward joining (cabinet decision, parliamentary approval, decree or law), dated and sourced.
-- Parameters: $iso3 VARCHAR or NULL for every State; $as_of DATE (steps on or before it).
SELECT d.iso3, c.name, d.step_date, d.step, d.description, d.source_ids, d.notes
FROM domestic_steps d JOIN countries c USING (iso3)
WHERE ($iso3 IS NULL OR d.iso3 = $iso3) AND d.step_date <= CAST($as_of AS DATE)
ORDER BY c.name COLLATE NOACCENT.NOCASE, d.step_date, d.step;
