-- drilldown: one province's units for an indicator and period: the provincial office and its
-- districts (before 2025-07-01) or regional units (from 2025-07-01), each unit's own reports
-- (scope "unit"), beside the province total. For a province of 2025 and an earlier period, the
-- units are those of the provinces it absorbed (their offices and districts), so the new
-- province's history can be opened too. Units in force during any part of the period are
-- listed; one without a value did not report. share_pct (counts): the unit's share of the
-- province total; diff_pp (rates): the unit's rate minus the province's, in percentage points.
-- rank: among the units of the same level (districts, or regional units) with a value, best
-- first by the indicator's direction (the provincial office is not ranked against them).
-- The province total is province_values_2025 for a p34 province (history re-expressed) and
-- province_values for a p63 one. partial_period: the unit did not exist for the whole period.
-- basis, partial, partial_reason, extracted, reviewed and reconciled: of the unit's value (as in trend).
WITH scoped AS (
  SELECT u.id, u.name, u.level, u.province_id, u.valid_from, u.valid_to
  FROM units u
  LEFT JOIN units p ON p.id = u.province_id
  WHERE (u.province_id = :province OR p.successor_id = :province)
    AND u.valid_from <= CAST(:period_end AS DATE)
    AND (u.valid_to IS NULL OR u.valid_to >= CAST(:period_start AS DATE))
),
vals AS (
  SELECT unit_id, value, numerator, denominator, flag, parts, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM unit_period_values
  WHERE indicator = :indicator AND period = :period AND stat_year = :stat_year AND scope = 'unit'
),
totals AS (
  SELECT value
  FROM province_values_2025
  WHERE province_id = :province AND indicator = :indicator AND period = :period AND stat_year = :stat_year
  UNION ALL
  SELECT pv.value
  FROM province_values pv
  JOIN units pu ON pu.id = pv.province_id
  WHERE pu.era = 'pre2025'
    AND pv.province_id = :province AND pv.indicator = :indicator AND pv.period = :period AND pv.stat_year = :stat_year
),
total AS (SELECT max(value) AS value FROM totals),
ind AS (
  SELECT kind, CASE direction WHEN 'lower_is_better' THEN -1 ELSE 1 END AS sign
  FROM indicators WHERE code = :indicator
),
joined AS (
  SELECT s.id AS unit_id, s.name AS unit_name, s.level AS unit_level, s.province_id,
         v.value, v.numerator, v.denominator, v.flag, v.parts, v.basis, v.partial, v.partial_reason,
         v.extracted, v.reviewed, v.reconciled,
         t.value AS province_value, ind.kind, ind.sign,
         -- the group a unit is ranked in: its level, or none (the office, or no value)
         CASE WHEN s.level <> 'province' AND v.value IS NOT NULL THEN s.level END AS rank_group,
         NOT (s.valid_from <= CAST(:period_start AS DATE)
              AND (s.valid_to IS NULL OR s.valid_to >= CAST(:period_end AS DATE))) AS partial_period
  FROM scoped s
  CROSS JOIN ind
  CROSS JOIN total t
  LEFT JOIN vals v ON v.unit_id = s.id
)
SELECT unit_id, unit_name, unit_level, province_id, value, numerator, denominator, flag, parts, province_value,
       CASE WHEN kind <> 'rate' AND province_value > 0 THEN round(100.0 * value / province_value, 2) END AS share_pct,
       CASE WHEN kind = 'rate' THEN round(value - province_value, 2) END AS diff_pp,
       CASE WHEN rank_group IS NOT NULL
            THEN CAST(rank() OVER (PARTITION BY rank_group ORDER BY value * sign DESC) AS INTEGER)
       END AS rank,
       partial_period, basis, partial, partial_reason, extracted, reviewed, reconciled
FROM joined
ORDER BY CASE unit_level WHEN 'province' THEN 0 ELSE 1 END, province_id, unit_id
