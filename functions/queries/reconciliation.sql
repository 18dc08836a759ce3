-- reconciliation: a unit's own report for a period (basis 'reported') against the roll-up of its
-- monthly reports (unit_period_values.rolled_*), and a province's "hai cấp" report (scope
-- province_total) against the sum of its units' figures (province_values, which prefers the
-- units' own reports). Counts are compared by value; rates by numerator and denominator (their
-- printed value is rounded), or by value within 0.05 points when a side has no parts.
-- status: 'differs' | 'agrees' | 'incomplete' (the months, or the units, are not all there, or
-- the roll-up cannot be computed: not a disagreement, and partial = true).
WITH periods AS (
  SELECT period_type, period, stat_year, max(period_start) AS period_start, max(period_end) AS period_end
  FROM calendar_periods
  GROUP BY period_type, period, stat_year
),
-- units of each province in force over the whole period (office, districts or regional units)
expected_units AS (
  SELECT m.province_id, p.period_type, p.period, p.stat_year, CAST(count(*) AS INTEGER) AS units_expected
  FROM units m
  JOIN periods p ON m.valid_from <= p.period_start AND (m.valid_to IS NULL OR m.valid_to >= p.period_end)
  WHERE p.stat_year BETWEEN :from AND :to
  GROUP BY m.province_id, p.period_type, p.period, p.stat_year
),
pairs AS (
  SELECT u.unit_id, u.scope, 'months' AS compared_with, u.period_type, u.period, u.stat_year, u.indicator, u.kind,
         u.value AS reported_value, u.rolled_value AS rolled_up_value,
         u.numerator AS reported_numerator, u.rolled_numerator AS rolled_up_numerator,
         u.denominator AS reported_denominator, u.rolled_denominator AS rolled_up_denominator,
         u.rolled_partial OR u.rolled_value IS NULL AS incomplete
  FROM unit_period_values u
  WHERE u.basis = 'reported' AND u.period_type <> 'month' AND u.scope = 'unit'
    -- a roll-up exists (a value, or the reason it has none)
    AND (u.rolled_value IS NOT NULL OR u.rolled_partial)
    AND u.stat_year BETWEEN :from AND :to
    AND (:indicator = 'all' OR u.indicator = :indicator)
  UNION ALL
  SELECT t.unit_id, t.scope, 'units' AS compared_with, t.period_type, t.period, t.stat_year, t.indicator, t.kind,
         t.value AS reported_value, pv.value AS rolled_up_value,
         t.numerator AS reported_numerator, pv.numerator AS rolled_up_numerator,
         t.denominator AS reported_denominator, pv.denominator AS rolled_up_denominator,
         pv.partial OR pv.value IS NULL OR pv.units_reporting < coalesce(e.units_expected, 0) AS incomplete
  FROM unit_period_values t
  JOIN province_values pv
    ON pv.province_id = t.unit_id AND pv.period_type = t.period_type AND pv.period = t.period
   AND pv.stat_year = t.stat_year AND pv.indicator = t.indicator
  LEFT JOIN expected_units e
    ON e.province_id = t.unit_id AND e.period_type = t.period_type AND e.period = t.period AND e.stat_year = t.stat_year
  WHERE t.scope = 'province_total' AND t.basis = 'reported'
    AND t.stat_year BETWEEN :from AND :to
    AND (:indicator = 'all' OR t.indicator = :indicator)
),
judged AS (
  SELECT p.*,
         CASE WHEN p.kind = 'rate' THEN round(p.reported_value - p.rolled_up_value, 2)
              ELSE p.reported_value - p.rolled_up_value END AS difference,
         CASE
           WHEN p.incomplete THEN 'incomplete'
           WHEN p.kind = 'rate' AND p.reported_numerator IS NOT NULL AND p.rolled_up_numerator IS NOT NULL
                AND p.reported_denominator IS NOT NULL AND p.rolled_up_denominator IS NOT NULL THEN
             CASE WHEN p.reported_numerator = p.rolled_up_numerator AND p.reported_denominator = p.rolled_up_denominator
                  THEN 'agrees' ELSE 'differs' END
           WHEN p.kind = 'rate' THEN CASE WHEN abs(p.reported_value - p.rolled_up_value) <= 0.05 THEN 'agrees' ELSE 'differs' END
           WHEN p.reported_value = p.rolled_up_value THEN 'agrees'
           ELSE 'differs'
         END AS status
  FROM pairs p
)
SELECT j.unit_id, u.name AS unit_name, j.scope, j.compared_with, j.period_type, j.period, j.indicator, j.kind,
       j.reported_value, j.rolled_up_value, j.difference,
       j.reported_numerator, j.rolled_up_numerator, j.reported_denominator, j.rolled_up_denominator,
       j.status, j.incomplete AS partial
FROM judged j
JOIN units u ON u.id = j.unit_id
WHERE :show = 'all' OR j.status = 'differs'
ORDER BY CASE j.status WHEN 'differs' THEN 0 WHEN 'incomplete' THEN 1 ELSE 2 END,
         abs(coalesce(j.difference, 0)) DESC, j.unit_id, j.period, j.indicator, j.compared_with
