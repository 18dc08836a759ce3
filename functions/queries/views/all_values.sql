-- Every stored value of every committed report revision (history included). Values files
-- without a ledger row (an interrupted write) are invisible; a report committed twice counts once.
SELECT v.report_id, v.batch_id, v.unit_id, v.province_id, v.unit_level, v.scope, v.period,
       v.period_start, v.period_end, v.indicator, v.value, v.numerator, v.denominator, v.flag, v.note,
       v.source_kind, v.confidence, v.span_start, v.span_end, v.revision, v.submitted_at, v.synthetic,
       v.stat_year, v.period_type
FROM curated_values v
JOIN (
  SELECT report_id, stat_year, period_type, min(batch_id) AS batch_id
  FROM curated_reports
  GROUP BY report_id, stat_year, period_type
) r
  ON v.report_id = r.report_id AND v.batch_id = r.batch_id
 AND v.stat_year = r.stat_year AND v.period_type = r.period_type
