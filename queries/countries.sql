-- Every State for pickers: ISO3 and UN English short name, sorted by name. No parameters.
SELECT iso3, name FROM countries ORDER BY name COLLATE NOACCENT.NOCASE;
