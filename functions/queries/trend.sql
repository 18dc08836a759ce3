-- trend: an indicator over time for provinces (the sum of their units' reports, rates as the
-- ratio of summed numerators and denominators) and for single district or regional units.
-- :units is a comma-separated list of unit ids, or 'provinces' for every province.
-- :geography 'as_reported' gives the provinces of each period's era (63 before 2025-07-01, 34
-- after); 'as_2025' re-expresses history in the 34 provinces (province_values_2025), where a
-- rate known only as a percentage is NULL with harmonizable = false. Units are never re-expressed.
-- basis: 'reported' (the units' own reports for the period), 'rolled_up' (from their months) or
-- 'mixed'; partial: the figure covers only part of the period (partial_reason 'era_boundary' for
-- a unit or province of an era that ended or began inside it, the July 2025 merger;
-- 'months_missing' where monthly reports are missing). A partial figure is never a full period.
-- extracted: the figure rests on at least one figure extracted from a narrative report;
-- reviewed: every extracted figure under it has been decided by an analyst (NULL when none is
-- extracted); reconciled: the units' own period reports under it agree with their months (NULL
-- where there is no own report to compare). Trend includes unreviewed figures, marked.
WITH pv AS (
  SELECT province_id, period, stat_year, period_type, indicator, value, numerator, denominator, flag,
         units_reporting, synthetic, true AS harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values
  WHERE :geography = 'as_reported'
    AND indicator = :indicator AND period_type = :period_type AND stat_year BETWEEN :from AND :to
  UNION ALL
  SELECT province_id, period, stat_year, period_type, indicator, value, numerator, denominator, flag,
         units_reporting, synthetic, harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values_2025
  WHERE :geography = 'as_2025'
    AND indicator = :indicator AND period_type = :period_type AND stat_year BETWEEN :from AND :to
)
SELECT pv.province_id AS unit_id, u.name AS unit_name, pv.period, pv.indicator,
       pv.value, pv.numerator, pv.denominator, pv.flag, pv.units_reporting AS parts, pv.synthetic,
       pv.harmonizable, pv.basis, pv.partial, pv.partial_reason, pv.extracted, pv.reviewed, pv.reconciled
FROM pv
JOIN units u ON u.id = pv.province_id
WHERE (:units = 'provinces' OR strpos(',' || :units || ',', ',' || pv.province_id || ',') > 0)
UNION ALL
SELECT upv.unit_id, u.name AS unit_name, upv.period, upv.indicator,
       upv.value, upv.numerator, upv.denominator, upv.flag, upv.parts, upv.synthetic,
       true AS harmonizable, upv.basis, upv.partial, upv.partial_reason, upv.extracted, upv.reviewed, upv.reconciled
FROM unit_period_values upv
JOIN units u ON u.id = upv.unit_id
WHERE upv.indicator = :indicator
  AND upv.period_type = :period_type
  AND upv.stat_year BETWEEN :from AND :to
  AND upv.unit_level <> 'province'
  AND upv.scope = 'unit'
  -- 'provinces' names no single unit: the branch reads nothing (and engines can skip it)
  AND :units <> 'provinces'
  AND strpos(',' || :units || ',', ',' || upv.unit_id || ',') > 0
ORDER BY unit_id, period
