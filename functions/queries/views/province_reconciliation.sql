-- Each province's own "hai cấp" report for a period longer than a month (scope province_total)
-- beside the sum of its units' figures for the same period and indicator (province_values, which
-- prefers the units' own reports), and how many units were expected: the units of the province
-- in force over the whole period. The reconciliation analysis reads it; materialized locally, so
-- the analysis does not join 300 thousand reports to the sums at national scale on every request.
-- incomplete: the sum covers part of the period, has no value, or lacks some of the units (not a
-- disagreement). reconciled: the report agrees with the sum, by the rule unit_period_values uses
-- for a unit's report against its months (counts by value; rates by numerator and denominator, or
-- by value within 0.05 points when a side has no parts; a report without a value differs); NULL
-- when incomplete.
WITH periods AS (
  SELECT period_type, period, stat_year, max(period_start) AS period_start, max(period_end) AS period_end
  FROM calendar_periods
  WHERE period_type <> 'month'
  GROUP BY period_type, period, stat_year
),
expected_units AS (
  SELECT m.province_id, p.period_type, p.period, p.stat_year, CAST(count(*) AS INTEGER) AS units_expected
  FROM units m
  JOIN periods p ON m.valid_from <= p.period_start AND (m.valid_to IS NULL OR m.valid_to >= p.period_end)
  GROUP BY m.province_id, p.period_type, p.period, p.stat_year
),
paired AS (
  SELECT t.province_id, t.period_type, t.period, t.stat_year, t.indicator, t.kind,
         t.value, t.numerator, t.denominator,
         pv.value AS units_value, pv.numerator AS units_numerator, pv.denominator AS units_denominator,
         pv.units_reporting, coalesce(e.units_expected, 0) AS units_expected,
         pv.partial OR pv.value IS NULL OR pv.units_reporting < coalesce(e.units_expected, 0) AS incomplete
  FROM unit_period_values t
  -- the province's monthly sums (most of province_values) are left out before the join; the
  -- statistical year and period type are join keys so that Athena's filters on them reach both sides
  JOIN (SELECT * FROM province_values WHERE period_type <> 'month') pv
    ON pv.province_id = t.province_id AND pv.period_type = t.period_type AND pv.period = t.period
   AND pv.stat_year = t.stat_year AND pv.indicator = t.indicator
  LEFT JOIN expected_units e
    ON e.province_id = t.province_id AND e.period_type = t.period_type AND e.period = t.period AND e.stat_year = t.stat_year
  WHERE t.scope = 'province_total' AND t.basis = 'reported' AND t.period_type <> 'month'
)
SELECT province_id, period_type, period, stat_year, indicator, kind, value, numerator, denominator,
       units_value, units_numerator, units_denominator, units_reporting, units_expected, incomplete,
       CASE WHEN NOT incomplete THEN coalesce(
         CASE WHEN kind = 'rate' AND numerator IS NOT NULL AND units_numerator IS NOT NULL
                   AND denominator IS NOT NULL AND units_denominator IS NOT NULL
              THEN (numerator = units_numerator AND denominator = units_denominator)
              WHEN kind = 'rate' THEN (abs(value - units_value) <= 0.05)
              ELSE (value = units_value)
         END, false)
       END AS reconciled
FROM paired
