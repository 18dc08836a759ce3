-- The current value of each unit, scope, period and indicator: values of current report
-- revisions; where a structured report and an extracted figure both exist, the structured one.
--
-- Neither side reads report_id, a 32-character hash that does not compress: about four fifths
-- of the values table's bytes and nearly a third of the ledger's; Athena bills every byte of the
-- columns a query touches (the local engine does not care either way). So the
-- current revision of each report key is chosen here from the ledger in current_reports' order
-- less its last tie-break by id (highest revision, then the later submission, then the later
-- batch, which also picks one copy of a report delivered twice), and its values are found by
-- the batch, the report key, the revision and the submission time, written on the ledger row and
-- on every values row of a report alike. The id is never needed: ingest starts a new batch
-- rather than put two reports with the same key, revision and submission time in one
-- (ingest-files.ts), so batch, key, revision and submission time name one report.
-- reviewed: for an extracted figure, whether an analyst has decided on it (its revision is a
-- review document, source_format 'json': functions/core/review/); NULL for a structured figure.
SELECT report_id, batch_id, unit_id, province_id, unit_level, scope, period, period_start, period_end,
       indicator, value, numerator, denominator, flag, note, source_kind, confidence, span_start, span_end,
       revision, submitted_at, synthetic, stat_year, period_type,
       CASE WHEN source_kind = 'extracted' THEN source_format = 'json' END AS reviewed
FROM (
  SELECT v.*, c.source_format,
         row_number() OVER (
           PARTITION BY v.unit_id, v.scope, v.period, v.indicator, v.stat_year, v.period_type
           ORDER BY CASE v.source_kind WHEN 'structured' THEN 0 ELSE 1 END
         ) AS pick
  FROM curated_values v
  JOIN (
    SELECT batch_id, unit_id, scope, period, source_kind, source_format, revision, submitted_at, stat_year, period_type
    FROM (
      SELECT r.batch_id, r.unit_id, r.scope, r.period, r.source_kind, r.source_format, r.revision, r.submitted_at, r.stat_year, r.period_type,
             row_number() OVER (
               PARTITION BY r.unit_id, r.scope, r.period, r.source_kind, r.stat_year, r.period_type
               ORDER BY r.revision DESC, r.submitted_at DESC, r.batch_id DESC
             ) AS latest
      FROM curated_reports r
    ) ledger
    WHERE latest = 1
  ) c
    ON v.batch_id = c.batch_id AND v.unit_id = c.unit_id AND v.scope = c.scope AND v.period = c.period
   AND v.source_kind = c.source_kind AND v.revision = c.revision AND v.submitted_at = c.submitted_at
   AND v.stat_year = c.stat_year AND v.period_type = c.period_type
) ranked
WHERE pick = 1
