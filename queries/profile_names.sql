-- One State's name in the six UN languages (UNTERM short names, else UNSD M49; notes say where not UNTERM).
-- Parameters: $iso3 VARCHAR. No row when the snapshot has no names for the State.
SELECT * FROM country_names WHERE iso3 = $iso3;
