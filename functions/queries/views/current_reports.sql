-- The current revision of each report: per unit, scope, period and source kind, the highest
-- revision wins, then the later submission, then the later batch, then the larger id: the order of
-- current_values (which reads no report_id), of compaction and of ingest (ledger.ts isLater), so
-- that every engine and every view pick the same report.
-- stat_year and period_type are in every window's PARTITION BY (the period determines both) so
-- that a year filter passes the window and prunes partitions on Athena.
-- A report stored twice (a repeated delivery after a crash) appears once: one batch is chosen.
SELECT report_id, batch_id, unit_id, province_id, unit_level, scope, period, revision, submitted_at,
       source_kind, source_format, source_file, source_sha256, value_count, synthetic, ingested_at,
       stat_year, period_type
FROM (
  SELECT r.*,
         row_number() OVER (
           PARTITION BY unit_id, scope, period, source_kind, stat_year, period_type
           ORDER BY revision DESC, submitted_at DESC, batch_id DESC, report_id DESC
         ) AS pick
  FROM curated_reports r
) ranked
WHERE pick = 1
