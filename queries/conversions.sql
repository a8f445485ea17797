-- Instruments deposited per year up to a date: by signatories (signature → party) and by accession,
-- with the median years from signature to deposit. Parameters: $as_of DATE.
SELECT year(consent_date) AS year,
       count(*) FILTER (WHERE consent_type <> 'accession') AS signatories_deposited,
       count(*) FILTER (WHERE consent_type = 'accession') AS accessions,
       round(median(date_diff('day', signature_date, consent_date) / 365.25)
             FILTER (WHERE signature_date IS NOT NULL), 1) AS median_years_from_signature
FROM state_treaty_record
WHERE consent_date <= CAST($as_of AS DATE)
GROUP BY year(consent_date)
ORDER BY year;
