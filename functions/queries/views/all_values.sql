-- Every stored value of every committed report revision (history included). Values files
-- without a ledger row (an interrupted write) are invisible; a report committed twice counts
-- once. Revisions that compaction moved to the history tables appear once they have left the
-- curated ledger, so no moment of a compaction shows a value twice.
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
UNION ALL
SELECT h.report_id, h.batch_id, h.unit_id, h.province_id, h.unit_level, h.scope, h.period,
       h.period_start, h.period_end, h.indicator, h.value, h.numerator, h.denominator, h.flag, h.note,
       h.source_kind, h.confidence, h.span_start, h.span_end, h.revision, h.submitted_at, h.synthetic,
       h.stat_year, h.period_type
FROM history_values h
JOIN (
  SELECT report_id, stat_year, period_type, min(batch_id) AS batch_id
  FROM history_reports
  GROUP BY report_id, stat_year, period_type
) hr
  ON h.report_id = hr.report_id AND h.batch_id = hr.batch_id
 AND h.stat_year = hr.stat_year AND h.period_type = hr.period_type
WHERE NOT EXISTS (SELECT 1 FROM curated_reports c WHERE c.report_id = h.report_id)
