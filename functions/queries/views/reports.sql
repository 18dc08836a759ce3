-- The ledger: one row per stored report revision, current and superseded (history), each once.
SELECT report_id, batch_id, unit_id, province_id, unit_level, scope, period, revision, submitted_at,
       source_kind, source_format, source_file, source_sha256, value_count, synthetic, ingested_at,
       stat_year, period_type
FROM (
  SELECT r.*, row_number() OVER (PARTITION BY report_id, stat_year, period_type ORDER BY batch_id) AS pick
  FROM (
    SELECT * FROM curated_reports
    UNION ALL
    SELECT h.* FROM history_reports h
    WHERE NOT EXISTS (SELECT 1 FROM curated_reports c WHERE c.report_id = h.report_id)
  ) r
) ranked
WHERE pick = 1
