-- national: the country total per period: the sum over the provinces (history re-expressed in
-- the 34 provinces, so a period spanning 2025-07-01 counts each month once and a closing stock
-- is the later era's), rates as the ratio of summed numerators and denominators (national_values).
-- :indicator is one indicator, or 'all' (the default when it is left out). basis, partial and
-- partial_reason as in trend (partial when any province's figure covers only part of the period).
SELECT nv.period, nv.indicator, i.name_vi AS indicator_name_vi, i.name_en AS indicator_name_en, nv.kind,
       nv.value, nv.numerator, nv.denominator, nv.provinces_reporting, nv.units_reporting, nv.flag, nv.synthetic,
       nv.basis, nv.partial, nv.partial_reason
FROM national_values nv
JOIN indicators i ON i.code = nv.indicator
WHERE (:indicator = 'all' OR nv.indicator = :indicator)
  AND nv.period_type = :period_type
  AND nv.stat_year BETWEEN :from AND :to
ORDER BY nv.indicator, nv.period
