-- timeliness: units' monthly reports received after their due date, per period. A report's time
-- is its first revision's submitted_at (a later correction does not make an on-time report late);
-- it is late when that falls, in Vietnam time, after the due day: :due_days days after the
-- month's last day (data-schemas/calendar.json report_due; the default of this analysis is
-- checked against it). One row per late report; days_late = days past the due day.
WITH months AS (
  SELECT cp.period, cm.month, cm.month_end
  FROM calendar_periods cp
  JOIN calendar_months cm ON cm.month = cp.month
  WHERE cp.period_type = :period_type AND cp.stat_year BETWEEN :from AND :to
),
firsts AS (
  SELECT unit_id, period AS month, min(submitted_at) AS submitted_at
  FROM reports
  WHERE period_type = 'month' AND scope = 'unit' AND CAST(stat_year AS INTEGER) BETWEEN :from AND :to
  GROUP BY unit_id, period
),
dated AS (
  SELECT m.period, f.unit_id, f.month, f.submitted_at,
         date_diff('day', m.month_end, CAST(f.submitted_at + INTERVAL '7' HOUR AS DATE)) AS days_after_end
  FROM months m
  JOIN firsts f ON f.month = m.month
)
SELECT d.period, d.unit_id, u.name AS unit_name, u.province_id, d.month, d.submitted_at,
       CAST(d.days_after_end - :due_days AS INTEGER) AS days_late
FROM dated d
JOIN units u ON u.id = d.unit_id
WHERE d.days_after_end > :due_days
ORDER BY d.period, u.province_id, d.unit_id, d.month
