-- UN regional group memberships valid on a date, one row per State and group (Türkiye has two; States in no
-- group have none). Parameters: $as_of DATE.
SELECT iso3, un_regional_group, role, listed_in_annex FROM groups_on($as_of) ORDER BY iso3, un_regional_group;
