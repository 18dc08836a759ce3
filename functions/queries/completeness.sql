-- completeness: monthly reports expected from the units in force each month (provincial,
-- district and regional procuracies) against the reports received, per period.
WITH months AS (
  SELECT cp.period, cp.stat_year, cm.month, cm.month_start, cm.month_end
  FROM calendar_periods cp
  JOIN calendar_months cm ON cm.month = cp.month
  WHERE cp.period_type = :period_type AND cp.stat_year BETWEEN :from AND :to
),
expected AS (
  SELECT m.period, m.stat_year, m.month, un.id AS unit_id
  FROM months m
  JOIN units un
    ON un.valid_from <= m.month_start AND (un.valid_to IS NULL OR un.valid_to >= m.month_end)
),
received AS (
  SELECT DISTINCT unit_id, period AS month
  FROM current_reports
  WHERE period_type = 'month' AND scope = 'unit' AND stat_year BETWEEN :from AND :to
)
SELECT e.period,
       CAST(count(*) AS INTEGER) AS expected,
       CAST(count(r.unit_id) AS INTEGER) AS received,
       CAST(count(DISTINCT CASE WHEN r.unit_id IS NULL THEN e.unit_id END) AS INTEGER) AS missing_count,
       array_agg(DISTINCT e.unit_id) FILTER (WHERE r.unit_id IS NULL) AS missing_units
FROM expected e
LEFT JOIN received r ON r.unit_id = e.unit_id AND r.month = e.month
GROUP BY e.period, e.stat_year
ORDER BY e.period
