-- provinces_all: every indicator of every province for one period type and a range of
-- statistical years, in one pass (the explorer's data extracts under site/data/ are built from
-- it). :geography 'as_reported' gives the provinces of each period's era (63 before 2025-07-01,
-- 34 after); 'as_2025' the 34 provinces with history re-expressed (province_values_2025).
-- Rates are the ratio of summed numerators and denominators; parts = units reporting.
-- basis, partial, partial_reason, extracted, reviewed and reconciled as in trend.
WITH pv AS (
  SELECT province_id, period, stat_year, indicator, value, numerator, denominator, flag, units_reporting, synthetic,
         basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values
  WHERE :geography = 'as_reported' AND period_type = :period_type AND stat_year BETWEEN :from AND :to
  UNION ALL
  SELECT province_id, period, stat_year, indicator, value, numerator, denominator,
         CASE WHEN harmonizable THEN flag ELSE 'percent_only' END AS flag, units_reporting, synthetic,
         basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values_2025
  WHERE :geography = 'as_2025' AND period_type = :period_type AND stat_year BETWEEN :from AND :to
)
SELECT pv.province_id AS unit_id, u.name AS unit_name, pv.period, pv.stat_year, pv.indicator,
       pv.value, pv.numerator, pv.denominator, pv.flag, pv.units_reporting AS parts, pv.synthetic,
       pv.basis, pv.partial, pv.partial_reason, pv.extracted, pv.reviewed, pv.reconciled
FROM pv
JOIN units u ON u.id = pv.province_id
ORDER BY pv.indicator, pv.province_id, pv.period
