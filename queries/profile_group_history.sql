-- One State's UN regional group memberships over time. Parameters: $iso3 VARCHAR.
SELECT un_regional_group, role, listed_in_annex, valid_from, valid_from_earliest, valid_to, notes, source_ids
FROM group_membership WHERE iso3 = $iso3 ORDER BY valid_from NULLS FIRST, un_regional_group;
