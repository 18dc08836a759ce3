-- changes: which figures changed between two moments, and by which revision. For each unit,
-- scope, period and indicator, its current value as the warehouse knew it at :from (the ledger
-- rows with ingested_at <= :from, current and history alike) against its current value at :to,
-- listed where they differ: a new revision that changed the figure, or a figure that did not
-- exist yet at :from (value_before NULL), or one the revision in force at :to no longer has
-- (value_after NULL: left out of a revised report, or rejected by an analyst's review). A
-- revision that left a figure as it was is not a change. The revision in force at :to names its
-- file, its SHA-256 and when it was ingested.
-- before_* and after_* are the derived relations at the two cuts (core/as-of/compose.ts builds
-- them from the views' own SQL). :units is 'all' or a comma-separated list of unit ids; a
-- province's id also lists the figures of its units. :indicator and :period are 'all' or one.
WITH before_values AS (
  SELECT unit_id, province_id, scope, period, stat_year, period_type, indicator, source_kind, value, revision
  FROM before_current_values
  WHERE (:indicator = 'all' OR indicator = :indicator)
    AND (:period = 'all' OR period = :period)
    AND (:units = 'all' OR strpos(',' || :units || ',', ',' || unit_id || ',') > 0
         OR strpos(',' || :units || ',', ',' || province_id || ',') > 0)
),
after_values AS (
  SELECT cv.unit_id, cv.province_id, cv.scope, cv.period, cv.stat_year, cv.period_type, cv.indicator, cv.value, cv.revision,
         r.source_file, r.source_sha256, r.ingested_at
  FROM after_current_values cv
  JOIN after_reports r
    ON r.report_id = cv.report_id AND r.batch_id = cv.batch_id
   AND r.stat_year = cv.stat_year AND r.period_type = cv.period_type
  WHERE (:indicator = 'all' OR cv.indicator = :indicator)
    AND (:period = 'all' OR cv.period = :period)
    AND (:units = 'all' OR strpos(',' || :units || ',', ',' || cv.unit_id || ',') > 0
         OR strpos(',' || :units || ',', ',' || cv.province_id || ',') > 0)
),
-- figures of :from that the report in force at :to (same unit, scope, period and kind) left out
dropped AS (
  SELECT b.unit_id, b.province_id, b.scope, b.period, b.indicator, b.value, b.revision,
         r.revision AS revision_after, r.source_file, r.source_sha256, r.ingested_at
  FROM before_values b
  JOIN after_current_reports r
    ON r.unit_id = b.unit_id AND r.scope = b.scope AND r.period = b.period AND r.source_kind = b.source_kind
   AND r.stat_year = b.stat_year AND r.period_type = b.period_type
  LEFT JOIN after_values a
    ON a.unit_id = b.unit_id AND a.scope = b.scope AND a.period = b.period
   AND a.stat_year = b.stat_year AND a.period_type = b.period_type AND a.indicator = b.indicator
  WHERE a.unit_id IS NULL
)
SELECT a.unit_id, u.name AS unit_name, a.province_id, a.period, a.indicator,
       b.value AS value_before, a.value AS value_after,
       a.value - b.value AS difference,
       b.revision AS revision_before, a.revision AS revision_after,
       a.source_file AS source_file_after, a.source_sha256 AS source_sha256_after, a.ingested_at AS ingested_at_after,
       a.scope
FROM after_values a
LEFT JOIN before_values b
  ON b.unit_id = a.unit_id AND b.scope = a.scope AND b.period = a.period
 AND b.stat_year = a.stat_year AND b.period_type = a.period_type AND b.indicator = a.indicator
JOIN units u ON u.id = a.unit_id
WHERE b.unit_id IS NULL OR a.value IS DISTINCT FROM b.value
UNION ALL
SELECT d.unit_id, u.name AS unit_name, d.province_id, d.period, d.indicator,
       d.value AS value_before, CAST(NULL AS DOUBLE) AS value_after, CAST(NULL AS DOUBLE) AS difference,
       d.revision AS revision_before, d.revision_after,
       d.source_file AS source_file_after, d.source_sha256 AS source_sha256_after, d.ingested_at AS ingested_at_after,
       d.scope
FROM dropped d
JOIN units u ON u.id = d.unit_id
ORDER BY ingested_at_after DESC, unit_id, period, indicator, scope
