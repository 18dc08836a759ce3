-- The current value of each unit, scope, period and indicator: values of current report
-- revisions; where a structured report and an extracted figure both exist, the structured one.
-- A values row is matched to its current ledger row by the batch and the report's key, revision
-- and submission time (written on both rows from the same report), not by report_id: the id is
-- a 32-character hash, about four fifths of the bytes of the values table, and Athena would read
-- it for every query that touches values. batch_id tells repeated deliveries apart; the one case
-- these columns do not separate is two different files carrying the same report revision with
-- the same submission time in one ingest batch (both copies then match, and one figure per
-- indicator is taken from either). current_reports still breaks its ties by id.
SELECT report_id, batch_id, unit_id, province_id, unit_level, scope, period, period_start, period_end,
       indicator, value, numerator, denominator, flag, note, source_kind, confidence, span_start, span_end,
       revision, submitted_at, synthetic, stat_year, period_type
FROM (
  SELECT v.*,
         row_number() OVER (
           PARTITION BY v.unit_id, v.scope, v.period, v.indicator, v.stat_year, v.period_type
           ORDER BY CASE v.source_kind WHEN 'structured' THEN 0 ELSE 1 END
         ) AS pick
  FROM curated_values v
  JOIN current_reports c
    ON v.batch_id = c.batch_id AND v.unit_id = c.unit_id AND v.scope = c.scope AND v.period = c.period
   AND v.source_kind = c.source_kind AND v.revision = c.revision AND v.submitted_at = c.submitted_at
   AND v.stat_year = c.stat_year AND v.period_type = c.period_type
) ranked
WHERE pick = 1
