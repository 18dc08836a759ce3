-- ranking: provinces for one indicator and period, best first by the indicator's direction,
-- with the same period of the previous statistical year and the change against it
-- (percentage points for rates, counts otherwise).
WITH cur AS (
  SELECT province_id, value
  FROM province_values
  WHERE indicator = :indicator AND period = :period AND stat_year = :stat_year AND value IS NOT NULL
),
prev AS (
  SELECT province_id, value
  FROM province_values
  WHERE indicator = :indicator AND period = :previous_period AND stat_year = :previous_stat_year
),
dir AS (
  SELECT CASE direction WHEN 'lower_is_better' THEN -1 ELSE 1 END AS sign
  FROM indicators WHERE code = :indicator
)
SELECT cur.province_id AS unit_id, u.name AS unit_name, cur.value,
       CAST(rank() OVER (ORDER BY cur.value * dir.sign DESC) AS INTEGER) AS rank,
       prev.value AS previous_value,
       cur.value - prev.value AS change
FROM cur
CROSS JOIN dir
JOIN units u ON u.id = cur.province_id
LEFT JOIN prev ON prev.province_id = cur.province_id
ORDER BY rank, unit_id
