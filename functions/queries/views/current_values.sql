-- The current value of each unit, scope, period and indicator: values of current report
-- revisions; where a structured report and an extracted figure both exist, the structured one.
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
    ON v.report_id = c.report_id AND v.batch_id = c.batch_id
   AND v.stat_year = c.stat_year AND v.period_type = c.period_type
) ranked
WHERE pick = 1
