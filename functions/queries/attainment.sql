-- attainment: for one period, each unit's value of every indicator that has a target in force
-- at the end of the period, and whether it met it ("đạt" / "chưa đạt").
-- :level is 'province' (province totals) or a unit level ('district', 'regional').
-- :geography (provinces only) 'as_reported' gives the provinces of the period's era, 'as_2025'
-- the 34 provinces with history re-expressed; a rate that cannot be re-expressed (known only as
-- a percentage) has a NULL value and met, and harmonizable = false. basis, partial and
-- partial_reason as in trend: a partial figure is judged over the months it covers only.
-- extracted, reviewed, reconciled as in trend; :include_unreviewed 'false' (the default) gives no
-- verdict (met NULL) on a figure resting on an extracted figure no analyst has reviewed yet.
WITH vals AS (
  SELECT province_id AS unit_id, indicator, value, true AS harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values
  WHERE period = :period AND stat_year = :stat_year AND :level = 'province' AND :geography = 'as_reported'
  UNION ALL
  SELECT province_id AS unit_id, indicator, value, harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values_2025
  WHERE period = :period AND stat_year = :stat_year AND :level = 'province' AND :geography = 'as_2025'
  UNION ALL
  SELECT unit_id, indicator, value, true AS harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM unit_period_values
  WHERE period = :period AND stat_year = :stat_year AND scope = 'unit' AND unit_level = :level
    AND :level <> 'province'
),
targets AS (
  SELECT indicator, comparator, threshold, evidence
  FROM indicator_targets
  WHERE valid_from <= CAST(:period_end AS DATE)
    AND (valid_to IS NULL OR valid_to >= CAST(:period_end AS DATE))
)
SELECT v.unit_id, u.name AS unit_name, v.indicator, v.value, t.comparator, t.threshold AS target, t.evidence,
       CASE
         WHEN v.value IS NULL THEN NULL
         -- no verdict on an extracted figure no analyst has reviewed, unless asked for
         WHEN :include_unreviewed <> 'true' AND coalesce(v.extracted, false) AND NOT coalesce(v.reviewed, false) THEN NULL
         WHEN t.comparator = '>=' THEN v.value >= t.threshold
         WHEN t.comparator = '>' THEN v.value > t.threshold
         WHEN t.comparator = '<=' THEN v.value <= t.threshold
         WHEN t.comparator = '<' THEN v.value < t.threshold
         ELSE v.value = t.threshold
       END AS met,
       v.harmonizable, v.basis, v.partial, v.partial_reason, v.extracted, v.reviewed, v.reconciled
FROM vals v
JOIN targets t ON t.indicator = v.indicator
JOIN units u ON u.id = v.unit_id
ORDER BY v.unit_id, v.indicator
