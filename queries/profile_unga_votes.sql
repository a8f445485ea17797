-- One State's recorded vote on every UN General Assembly ATT resolution, oldest first, with the tallies.
-- A resolution with no row for the State gives vote NULL (not a UN Member, or not in the record).
-- Parameters: $iso3 VARCHAR.
SELECT r.symbol, r.date, v.vote, r.yes, r.no, r.abstain, r.non_voting, r.undl_record,
       coalesce(v.source_ids, r.source_ids) AS source_ids
FROM unga_resolutions r
LEFT JOIN unga_votes v ON v.symbol = r.symbol AND v.iso3 = $iso3
ORDER BY r.date;
