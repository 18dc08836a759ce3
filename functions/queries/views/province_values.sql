-- Each province's value per period and indicator, as reported (the province of the era: 63
-- before 2025-07-01, 34 after): the sum over its units' own reports (scope "unit"); a
-- province's "hai cấp" total report is used only where no unit reports exist. Rates are the
-- ratio of summed numerators and denominators, never an average of unit rates.
WITH ranked AS (
  SELECT u.*,
         CASE u.scope WHEN 'unit' THEN 1 ELSE 2 END AS scope_rank,
         min(CASE u.scope WHEN 'unit' THEN 1 ELSE 2 END)
           OVER (PARTITION BY u.province_id, u.period_type, u.period, u.stat_year, u.indicator) AS best_scope
  FROM unit_period_values u
)
SELECT province_id, period_type, period, stat_year, indicator, max(kind) AS kind,
       CASE max(kind)
         WHEN 'rate' THEN
           CASE WHEN count(*) = 1 THEN max(value)
                WHEN sum(CASE WHEN flag = 'percent_only' THEN 1 ELSE 0 END) > 0 THEN NULL
                WHEN sum(denominator) > 0 THEN round(100.0 * sum(numerator) / sum(denominator), 2)
           END
         ELSE sum(value)
       END AS value,
       CASE WHEN max(kind) = 'rate' THEN sum(numerator) END AS numerator,
       CASE WHEN max(kind) = 'rate' THEN sum(denominator) END AS denominator,
       -- one scope per group and one row per unit in it: count(*) counts units
       CAST(count(*) AS INTEGER) AS units_reporting,
       max(flag) AS flag,
       bool_or(extracted) AS extracted,
       bool_or(revised) AS revised,
       bool_or(synthetic) AS synthetic
FROM ranked
WHERE scope_rank = best_scope
GROUP BY province_id, period_type, period, stat_year, indicator
