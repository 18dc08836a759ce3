-- outliers: provinces whose change against the same period last year is far from the other
-- provinces' changes, by a robust z-score: z = 0.6745 × (change − median) / MAD, where MAD is the
-- median absolute deviation from the median (Iglesias & Hoaglin's modified z; |z| ≥ 3.5 is the
-- usual cut-off). When more than half the changes are equal (MAD = 0) the mean absolute
-- deviation stands in: z = (change − median) / (1.253314 × mean AD); all equal gives z = 0.
-- The change is in percentage points for rates and in percent for counts (so large and small
-- provinces compare); a count that was 0 last year has no change and is left out.
-- Medians are approx_percentile (Athena; exact quantile_cont on DuckDB via the dialect shim).
-- :geography 'as_reported' compares the provinces of the period's era (a province created on
-- 2025-07-01 has no last year); 'as_2025' the 34 provinces with history re-expressed.
-- :show 'outliers' returns the outliers only, 'all' every province with its score.
-- basis, partial and partial_reason describe the current value (as in trend); partial is also
-- true when last year's value covers only part of its period, so a change between a part and a
-- whole period is never read as a full-period change. extracted / reviewed cover both years'
-- figures, reconciled the current one (as in trend); :include_unreviewed 'false' (the default)
-- leaves out a province whose change rests on an extracted figure no analyst has reviewed yet.
WITH pv AS (
  SELECT province_id, period, value, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values
  WHERE :geography = 'as_reported' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year) OR (period = :previous_period AND stat_year = :previous_stat_year))
  UNION ALL
  SELECT province_id, period, value, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values_2025
  WHERE :geography = 'as_2025' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year) OR (period = :previous_period AND stat_year = :previous_stat_year))
),
ind AS (SELECT kind FROM indicators WHERE code = :indicator),
changes AS (
  SELECT cur.province_id, cur.value, ly.value AS last_year_value, ind.kind, cur.basis,
         cur.extracted OR ly.extracted AS extracted,
         CASE WHEN cur.extracted OR ly.extracted THEN (coalesce(cur.reviewed, true) AND coalesce(ly.reviewed, true)) END AS reviewed,
         cur.reconciled,
         cur.partial OR ly.partial AS partial, coalesce(cur.partial_reason, ly.partial_reason) AS partial_reason,
         CASE WHEN ind.kind = 'rate' THEN cur.value - ly.value
              WHEN ly.value > 0 THEN 100.0 * (cur.value - ly.value) / ly.value
         END AS change
  FROM pv cur
  JOIN pv ly ON ly.province_id = cur.province_id AND ly.period = :previous_period
  CROSS JOIN ind
  WHERE cur.period = :period AND cur.value IS NOT NULL AND ly.value IS NOT NULL
),
-- an unreviewed extracted figure (this year or last) is not compared unless asked for
valid AS (
  SELECT * FROM changes
  WHERE change IS NOT NULL
    AND (:include_unreviewed = 'true' OR NOT (coalesce(extracted, false) AND NOT coalesce(reviewed, false)))
),
center AS (
  SELECT approx_percentile(change, 0.5) AS median_change, CAST(count(*) AS INTEGER) AS provinces
  FROM valid
),
spread AS (
  SELECT approx_percentile(abs(v.change - c.median_change), 0.5) AS mad,
         avg(abs(v.change - c.median_change)) AS mean_ad
  FROM valid v
  CROSS JOIN center c
),
scored AS (
  SELECT v.province_id, v.value, v.last_year_value, v.kind, v.change, c.median_change, c.provinces, s.mad,
         v.basis, v.partial, v.partial_reason, v.extracted, v.reviewed, v.reconciled,
         CASE WHEN s.mad > 0 THEN 0.6745 * (v.change - c.median_change) / s.mad
              WHEN s.mean_ad > 0 THEN (v.change - c.median_change) / (1.253314 * s.mean_ad)
              ELSE 0.0
         END AS z
  FROM valid v
  CROSS JOIN center c
  CROSS JOIN spread s
)
SELECT s.province_id AS unit_id, u.name AS unit_name, s.value,
       CAST(:previous_period AS VARCHAR) AS last_year_period, s.last_year_value,
       round(s.change, 2) AS change,
       CASE WHEN s.kind = 'rate' THEN 'percentage_points' ELSE 'percent' END AS change_unit,
       round(s.median_change, 2) AS median_change, round(s.mad, 2) AS mad,
       round(s.z, 2) AS robust_z,
       abs(s.z) >= :threshold AS is_outlier,
       s.provinces AS provinces_compared,
       s.basis, s.partial, s.partial_reason, s.extracted, s.reviewed, s.reconciled
FROM scored s
JOIN units u ON u.id = s.province_id
WHERE :show = 'all' OR abs(s.z) >= :threshold
ORDER BY abs(s.z) DESC, unit_id
