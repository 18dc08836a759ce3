-- yoy: for one indicator and period, each province's (or unit's) value against the previous
-- period of the same type (prior_*, e.g. 2025-Q2 for 2025-Q3, 2024-12 for 2025-01) and against
-- the same period of the previous statistical year (last_year_*, "so với cùng kỳ").
-- change_unit says how a change is measured: 'percentage_points' for rates (the difference of
-- two rates), 'percent' for counts (relative change, 100 × (value − earlier) / earlier; NULL
-- when the earlier count is 0).
-- :units is 'provinces' (every province) or a comma-separated list of province, district or
-- regional unit ids. :geography 'as_reported' uses the provinces of each period's era (so a new
-- province has no value before 2025-07-01); 'as_2025' re-expresses history in the 34 provinces.
-- partial_period: the unit did not exist for the whole period (as reported, across 2025-07-01).
-- basis / partial / partial_reason describe the current period's value (as in trend).
WITH prov AS (
  SELECT province_id AS unit_id, period, value, true AS harmonizable, basis, partial, partial_reason
  FROM province_values
  WHERE :geography = 'as_reported' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year)
      OR (period = :prior_period AND stat_year = :prior_stat_year)
      OR (period = :previous_period AND stat_year = :previous_stat_year))
  UNION ALL
  SELECT province_id AS unit_id, period, value, harmonizable, basis, partial, partial_reason
  FROM province_values_2025
  WHERE :geography = 'as_2025' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year)
      OR (period = :prior_period AND stat_year = :prior_stat_year)
      OR (period = :previous_period AND stat_year = :previous_stat_year))
),
vals AS (
  SELECT unit_id, period, value, harmonizable, basis, partial, partial_reason
  FROM prov
  WHERE :units = 'provinces' OR strpos(',' || :units || ',', ',' || unit_id || ',') > 0
  UNION ALL
  SELECT unit_id, period, value, true AS harmonizable, basis, partial, partial_reason
  FROM unit_period_values
  WHERE indicator = :indicator AND scope = 'unit' AND unit_level <> 'province'
    AND strpos(',' || :units || ',', ',' || unit_id || ',') > 0
    AND ((period = :period AND stat_year = :stat_year)
      OR (period = :prior_period AND stat_year = :prior_stat_year)
      OR (period = :previous_period AND stat_year = :previous_stat_year))
),
cur AS (SELECT unit_id, value, harmonizable, basis, partial, partial_reason FROM vals WHERE period = :period),
pri AS (SELECT unit_id, value FROM vals WHERE period = :prior_period),
ly AS (SELECT unit_id, value FROM vals WHERE period = :previous_period),
ind AS (SELECT kind FROM indicators WHERE code = :indicator)
SELECT cur.unit_id, u.name AS unit_name, u.level AS unit_level, CAST(:period AS VARCHAR) AS period, cur.value,
       CAST(:prior_period AS VARCHAR) AS prior_period, pri.value AS prior_value,
       CASE WHEN ind.kind = 'rate' THEN round(cur.value - pri.value, 2)
            WHEN pri.value > 0 THEN round(100.0 * (cur.value - pri.value) / pri.value, 2)
       END AS change_prior,
       CAST(:previous_period AS VARCHAR) AS last_year_period, ly.value AS last_year_value,
       CASE WHEN ind.kind = 'rate' THEN round(cur.value - ly.value, 2)
            WHEN ly.value > 0 THEN round(100.0 * (cur.value - ly.value) / ly.value, 2)
       END AS change_last_year,
       CASE WHEN ind.kind = 'rate' THEN 'percentage_points' ELSE 'percent' END AS change_unit,
       CASE WHEN u.level = 'province' AND :geography = 'as_2025' THEN false
            ELSE NOT (u.valid_from <= CAST(:period_start AS DATE)
                      AND (u.valid_to IS NULL OR u.valid_to >= CAST(:period_end AS DATE)))
       END AS partial_period,
       cur.harmonizable, cur.basis, cur.partial, cur.partial_reason
FROM cur
CROSS JOIN ind
JOIN units u ON u.id = cur.unit_id
LEFT JOIN pri ON pri.unit_id = cur.unit_id
LEFT JOIN ly ON ly.unit_id = cur.unit_id
ORDER BY cur.unit_id
