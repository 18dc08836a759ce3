-- trend: an indicator over time for provinces (the sum of their units' reports, rates as the
-- ratio of summed numerators and denominators) and for single district or regional units.
-- :units is a comma-separated list of unit ids, or 'provinces' for every province.
SELECT pv.province_id AS unit_id, u.name AS unit_name, pv.period, pv.indicator,
       pv.value, pv.numerator, pv.denominator, pv.flag, pv.units_reporting AS parts, pv.synthetic
FROM province_values pv
JOIN units u ON u.id = pv.province_id
WHERE pv.indicator = :indicator
  AND pv.period_type = :period_type
  AND pv.stat_year BETWEEN :from AND :to
  AND (:units = 'provinces' OR strpos(',' || :units || ',', ',' || pv.province_id || ',') > 0)
UNION ALL
SELECT upv.unit_id, u.name AS unit_name, upv.period, upv.indicator,
       upv.value, upv.numerator, upv.denominator, upv.flag, upv.parts, upv.synthetic
FROM unit_period_values upv
JOIN units u ON u.id = upv.unit_id
WHERE upv.indicator = :indicator
  AND upv.period_type = :period_type
  AND upv.stat_year BETWEEN :from AND :to
  AND upv.unit_level <> 'province'
  AND upv.scope = 'unit'
  AND strpos(',' || :units || ',', ',' || upv.unit_id || ',') > 0
ORDER BY unit_id, period
