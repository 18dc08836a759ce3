-- Each unit's value for every period type of the statistical calendar: months roll up into
-- quarters, halves, nine months and the year by the indicator's time aggregation (flows sum,
-- closing stocks take the last month, opening stocks the first, rates are recomputed from
-- summed numerators and denominators). A report made directly for a longer period (e.g. a
-- 6-month narrative report) is used where no months exist.
-- Rows are aggregated first and the granularity preferred after, so the window runs over the
-- rolled-up rows, not over every month mapped into five period types.
-- stat_year is a grouping and window key (and joined to the source's) so engines push year
-- filters down to the partitions.
WITH mapped AS (
  SELECT cv.unit_id, cv.province_id, cv.unit_level, cv.scope, cv.indicator, cv.value, cv.numerator,
         cv.denominator, cv.flag, cv.synthetic, cv.source_kind, cv.revision, cv.period AS source_period,
         t.period_type, t.period, t.stat_year, 1 AS granularity
  FROM current_values cv
  JOIN calendar_periods t ON t.month = cv.period AND t.stat_year = cv.stat_year
  WHERE cv.period_type = 'month'
  UNION ALL
  SELECT cv.unit_id, cv.province_id, cv.unit_level, cv.scope, cv.indicator, cv.value, cv.numerator,
         cv.denominator, cv.flag, cv.synthetic, cv.source_kind, cv.revision, cv.period AS source_period,
         cv.period_type, cv.period, cv.stat_year, 2 AS granularity
  FROM current_values cv
  WHERE cv.period_type <> 'month'
),
rolled AS (
  SELECT p.unit_id, max(p.province_id) AS province_id, max(p.unit_level) AS unit_level, p.scope,
         p.period_type, p.period, p.stat_year, p.indicator, p.granularity, max(i.kind) AS kind,
         CASE max(i.time_aggregation)
           WHEN 'last' THEN max_by(p.value, p.source_period)
           WHEN 'first' THEN min_by(p.value, p.source_period)
           WHEN 'ratio_of_sums' THEN
             CASE WHEN count(*) = 1 THEN max(p.value)
                  WHEN sum(CASE WHEN p.flag = 'percent_only' THEN 1 ELSE 0 END) > 0 THEN NULL
                  WHEN sum(p.denominator) > 0 THEN round(100.0 * sum(p.numerator) / sum(p.denominator), 2)
             END
           ELSE sum(p.value)
         END AS value,
         CASE WHEN max(i.kind) = 'rate' THEN sum(p.numerator) END AS numerator,
         CASE WHEN max(i.kind) = 'rate' THEN sum(p.denominator) END AS denominator,
         -- current_values holds one row per unit, scope, period and indicator: count(*) counts periods
         CAST(count(*) AS INTEGER) AS parts,
         max(CASE WHEN p.flag = 'percent_only' THEN 'percent_only' END) AS flag,
         max(CASE WHEN p.source_kind = 'extracted' THEN 1 ELSE 0 END) = 1 AS extracted,
         max(CASE WHEN p.revision > 1 THEN 1 ELSE 0 END) = 1 AS revised,
         bool_or(p.synthetic) AS synthetic
  FROM mapped p
  JOIN indicators i ON i.code = p.indicator
  GROUP BY p.unit_id, p.scope, p.period_type, p.period, p.stat_year, p.indicator, p.granularity
)
SELECT unit_id, province_id, unit_level, scope, period_type, period, stat_year, indicator, kind,
       value, numerator, denominator, parts, flag, extracted, revised, synthetic
FROM (
  SELECT r.*, min(granularity) OVER (PARTITION BY unit_id, scope, indicator, period_type, period, stat_year) AS best
  FROM rolled r
) ranked
WHERE granularity = best
