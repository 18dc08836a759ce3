-- changes: which figures changed between two moments, and by which revision. For each unit,
-- scope, period and indicator, its current value as the warehouse knew it at :from (the ledger
-- rows with ingested_at <= :from, current and history alike) against its current value at :to,
-- listed where they differ: a new revision that changed the figure, or a figure that did not
-- exist yet at :from (value_before NULL). A revision that left a figure as it was is not a
-- change. The revision in force at :to names its file, its SHA-256 and when it was ingested.
-- before_* and after_* are the derived relations at the two cuts (core/as-of/compose.ts builds
-- them from the views' own SQL). :units is 'all' or a comma-separated list of unit ids; a
-- province's id also lists the figures of its units. :indicator and :period are 'all' or one.
WITH before_values AS (
  SELECT unit_id, scope, period, stat_year, period_type, indicator, value, revision
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
ORDER BY a.ingested_at DESC, a.unit_id, a.period, a.indicator, a.scope
