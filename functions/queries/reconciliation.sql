-- reconciliation: a unit's own report for a period (basis 'reported') against the roll-up of its
-- monthly reports (unit_period_values.rolled_*), and a province's "hai cấp" report (scope
-- province_total) against the sum of its units' figures (province_reconciliation, over
-- province_values, which prefers the units' own reports). Counts are compared by value; rates by
-- numerator and denominator (their printed value is rounded), or by value within 0.05 points when
-- a side has no parts: the views make the comparison (their `reconciled`), so the board's marks
-- and this analysis cannot disagree.
-- status: 'differs' | 'agrees' | 'incomplete' (the months, or the units, are not all there, or
-- the roll-up cannot be computed: not a disagreement, and partial = true).
WITH pairs AS (
  SELECT u.unit_id, u.scope, 'months' AS compared_with, u.period_type, u.period, u.stat_year, u.indicator, u.kind,
         u.value AS reported_value, u.rolled_value AS rolled_up_value,
         u.numerator AS reported_numerator, u.rolled_numerator AS rolled_up_numerator,
         u.denominator AS reported_denominator, u.rolled_denominator AS rolled_up_denominator,
         u.rolled_partial OR u.rolled_value IS NULL AS incomplete,
         -- the view's comparison of the report with its months (NULL: none could be made)
         u.reconciled
  FROM unit_period_values u
  WHERE u.basis = 'reported' AND u.period_type <> 'month' AND u.scope = 'unit'
    -- a roll-up exists (a value, or the reason it has none)
    AND (u.rolled_value IS NOT NULL OR u.rolled_partial)
    AND u.stat_year BETWEEN :from AND :to
    AND (:indicator = 'all' OR u.indicator = :indicator)
    -- disagreements only: skips the millions of figures that agree on one boolean; a complete
    -- roll-up the view could not compare (a report without a value) differs
    AND (:show = 'all' OR u.reconciled = false
         OR (u.reconciled IS NULL AND NOT u.rolled_partial AND u.rolled_value IS NOT NULL))
  UNION ALL
  SELECT r.province_id AS unit_id, 'province_total' AS scope, 'units' AS compared_with, r.period_type, r.period, r.stat_year,
         r.indicator, r.kind, r.value AS reported_value, r.units_value AS rolled_up_value,
         r.numerator AS reported_numerator, r.units_numerator AS rolled_up_numerator,
         r.denominator AS reported_denominator, r.units_denominator AS rolled_up_denominator,
         r.incomplete, r.reconciled
  FROM province_reconciliation r
  WHERE r.stat_year BETWEEN :from AND :to
    AND (:indicator = 'all' OR r.indicator = :indicator)
    AND (:show = 'all' OR r.reconciled = false)
),
judged AS (
  SELECT p.*,
         CASE WHEN p.kind = 'rate' THEN round(p.reported_value - p.rolled_up_value, 2)
              ELSE p.reported_value - p.rolled_up_value END AS difference,
         CASE WHEN p.incomplete THEN 'incomplete' WHEN p.reconciled THEN 'agrees' ELSE 'differs' END AS status
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
