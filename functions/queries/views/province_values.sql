-- Each province's value per period and indicator, as reported (the province of the era: 63
-- before 2025-07-01, 34 after): the sum over its units' own reports (scope "unit"); a
-- province's "hai cấp" total report is used only where no unit reports exist. Rates are the
-- ratio of summed numerators and denominators, never an average of unit rates. A workload and
-- the stock still open at the end (open_at_end) sum over units. basis: 'reported' when every
-- unit's figure is its own report for the period, 'rolled_up' when every one is a roll-up of
-- months, 'mixed' otherwise; partial when any unit's figure covers only part of the period.
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
       sum(open_at_end) AS open_at_end,
       CASE WHEN min(basis) = max(basis) THEN min(basis) ELSE 'mixed' END AS basis,
       bool_or(partial) AS partial,
       max(partial_reason) AS partial_reason,
       max(months_expected) AS months_expected,
       max(parts) AS months_covered,
       -- one scope per group and one row per unit in it: count(*) counts units
       CAST(count(*) AS INTEGER) AS units_reporting,
       max(flag) AS flag,
       bool_or(extracted) AS extracted,
       bool_or(revised) AS revised,
       bool_or(synthetic) AS synthetic,
       -- every extracted figure under it reviewed (NULL when none is extracted); every unit's own
       -- period report that can be compared agrees with its months (NULL when none can)
       bool_and(CASE WHEN extracted THEN reviewed END) AS reviewed,
       bool_and(reconciled) AS reconciled
FROM ranked
WHERE scope_rank = best_scope
GROUP BY province_id, period_type, period, stat_year, indicator
