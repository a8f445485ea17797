-- One State's name in the six UN languages (Unicode CLDR display names, as in country_names.csv).
-- Parameters: $iso3 VARCHAR. No row when the snapshot has no names for the State.
SELECT * FROM country_names WHERE iso3 = $iso3;
