-- Each unit's value for every period type of the statistical calendar, with where it comes from.
-- A unit's own report for a period (a monthly report, or a cumulative quarter, 6-month, 9-month
-- or annual report) is the official figure (basis 'reported'); otherwise its months roll up
-- (basis 'rolled_up') by the indicator's time aggregation (DOMAIN.md §3): flows sum; closing
-- stocks take the last month and opening stocks the first; a workload (phải giải quyết = cũ +
-- mới) is Σ resolved + the stock still open after the last month (= first(carried over) +
-- Σ received − Σ transferred), never the sum of monthly workloads; a rate is recomputed from its
-- numerator and denominator, each by its own kind (a workload denominator as a workload).
-- The roll-up of the months stays available beside a reported figure (rolled_*), which is what
-- the reconciliation analysis compares.
-- A period whose months are not all there is computed over the months present and flagged
-- partial, with the reason: 'era_boundary' when the unit's era (pre-2025 or 2025) ended or began
-- inside the period (the July 2025 merger), 'months_missing' otherwise. A workload whose
-- resolved count is missing for a month is left empty (value NULL, reason 'resolved_missing').
-- stat_year is a grouping key (and joined to the source's) so engines push year filters down
-- to the partitions.
WITH vals AS (
  SELECT cv.unit_id, cv.province_id, cv.unit_level, cv.scope, cv.indicator, cv.value, cv.numerator,
         cv.denominator, cv.flag, cv.synthetic, cv.source_kind, cv.reviewed, cv.revision, cv.period, cv.period_type,
         cv.stat_year, i.kind, i.time_aggregation
  FROM current_values cv
  JOIN indicators i ON i.code = cv.indicator
),
-- The resolved count of each workload in the same report: what leaves the workload in the
-- period (the numerator of the rate over it); workload − resolved is still open at its end.
workload_resolved AS (
  SELECT w.unit_id, w.scope, w.period, w.period_type, w.stat_year, w.indicator, r.value AS resolved
  FROM vals w
  JOIN indicators rate ON rate.denominator = w.indicator AND rate.time_aggregation = 'ratio_over_workload'
  JOIN vals r ON r.unit_id = w.unit_id AND r.scope = w.scope AND r.period = w.period
             AND r.period_type = w.period_type AND r.stat_year = w.stat_year AND r.indicator = rate.numerator
  WHERE w.time_aggregation = 'workload'
),
parts AS (
  SELECT v.*,
         CASE v.time_aggregation
           WHEN 'workload' THEN wr.resolved
           WHEN 'ratio_over_workload' THEN v.numerator
         END AS outflow,
         CASE v.time_aggregation
           WHEN 'workload' THEN v.value - wr.resolved
           WHEN 'ratio_over_workload' THEN v.denominator - v.numerator
         END AS still_open
  FROM vals v
  -- equalities only, so engines hash-join (workload_resolved holds workload rows only)
  LEFT JOIN workload_resolved wr
    ON wr.unit_id = v.unit_id AND wr.scope = v.scope AND wr.period = v.period
   AND wr.period_type = v.period_type AND wr.stat_year = v.stat_year AND wr.indicator = v.indicator
),
periods AS (
  SELECT period_type, period, stat_year, max(period_start) AS period_start, max(period_end) AS period_end,
         max(months_in_period) AS months_in_period
  FROM calendar_periods
  GROUP BY period_type, period, stat_year
),
mapped AS (
  SELECT p.unit_id, p.province_id, p.unit_level, p.scope, p.indicator, p.kind, p.time_aggregation, p.value,
         p.numerator, p.denominator, p.flag, p.synthetic, p.source_kind, p.reviewed, p.revision, p.outflow, p.still_open,
         p.period AS source_period, t.period_type, t.period, t.stat_year, t.months_in_period,
         t.period_start, t.period_end,
         CASE WHEN t.period_type = 'month' THEN 'reported' ELSE 'rolled_up' END AS basis
  FROM parts p
  JOIN calendar_periods t ON t.month = p.period AND t.stat_year = p.stat_year
  WHERE p.period_type = 'month'
  UNION ALL
  SELECT p.unit_id, p.province_id, p.unit_level, p.scope, p.indicator, p.kind, p.time_aggregation, p.value,
         p.numerator, p.denominator, p.flag, p.synthetic, p.source_kind, p.reviewed, p.revision, p.outflow, p.still_open,
         p.period AS source_period, p.period_type, p.period, p.stat_year, t.months_in_period,
         t.period_start, t.period_end, 'reported' AS basis
  FROM parts p
  JOIN periods t ON t.period = p.period AND t.period_type = p.period_type AND t.stat_year = p.stat_year
  WHERE p.period_type <> 'month'
),
rolled AS (
  SELECT p.unit_id, max(p.province_id) AS province_id, max(p.unit_level) AS unit_level, p.scope,
         p.period_type, p.period, p.stat_year, p.indicator, p.basis, max(p.kind) AS kind,
         max(p.time_aggregation) AS time_aggregation,
         CASE
           WHEN count(*) = 1 THEN max(p.value)
           WHEN max(p.time_aggregation) = 'last' THEN max_by(p.value, p.source_period)
           WHEN max(p.time_aggregation) = 'first' THEN min_by(p.value, p.source_period)
           WHEN max(p.time_aggregation) = 'workload' THEN
             CASE WHEN count(p.outflow) = count(*) THEN sum(p.outflow) + max_by(p.still_open, p.source_period) END
           WHEN max(p.kind) = 'rate' THEN
             CASE WHEN sum(CASE WHEN p.flag = 'percent_only' OR p.numerator IS NULL OR p.denominator IS NULL THEN 1 ELSE 0 END) > 0 THEN NULL
                  WHEN sum(p.denominator) > 0 THEN round(100.0 * sum(p.numerator) / sum(p.denominator), 2)
             END
           ELSE sum(p.value)
         END AS value,
         CASE WHEN max(p.kind) = 'rate' THEN sum(p.numerator) END AS numerator,
         CASE WHEN max(p.kind) = 'rate' THEN sum(p.denominator) END AS denominator,
         sum(CASE WHEN p.flag = 'percent_only' OR p.numerator IS NULL OR p.denominator IS NULL THEN 1 ELSE 0 END) AS percent_only,
         -- the stock of a workload still open after the last month present (the next period's opening)
         max_by(p.still_open, p.source_period) AS open_last,
         max(p.source_period) AS last_part,
         -- current_values holds one row per unit, scope, period and indicator: count(*) counts periods
         CAST(count(*) AS INTEGER) AS parts,
         max(p.months_in_period) AS months_expected,
         max(p.period_start) AS period_start,
         max(p.period_end) AS period_end,
         max(CASE WHEN p.time_aggregation = 'workload' AND p.outflow IS NULL THEN 1 ELSE 0 END) = 1 AS resolved_missing,
         max(CASE WHEN p.flag = 'percent_only' THEN 'percent_only' END) AS flag,
         max(CASE WHEN p.source_kind = 'extracted' THEN 1 ELSE 0 END) = 1 AS extracted,
         -- every extracted month under it decided by an analyst (NULL when none is extracted)
         bool_and(CASE WHEN p.source_kind = 'extracted' THEN p.reviewed END) AS reviewed,
         max(CASE WHEN p.revision > 1 THEN 1 ELSE 0 END) = 1 AS revised,
         bool_or(p.synthetic) AS synthetic
  FROM mapped p
  GROUP BY p.unit_id, p.scope, p.period_type, p.period, p.stat_year, p.indicator, p.basis
),
-- Which months of each period a unit reported at all (any indicator): a period is complete when
-- every month was reported, whatever a report left out.
report_months AS (
  SELECT m.unit_id, m.scope, t.period_type, t.period, t.stat_year,
         CAST(count(*) AS INTEGER) AS months_reported, max(m.period) AS last_month
  FROM (SELECT DISTINCT unit_id, scope, period, stat_year FROM current_values WHERE period_type = 'month') m
  JOIN calendar_periods t ON t.month = m.period AND t.stat_year = m.stat_year
  WHERE t.period_type <> 'month'
  GROUP BY m.unit_id, m.scope, t.period_type, t.period, t.stat_year
),
judged AS (
  SELECT r.unit_id, r.province_id, r.unit_level, r.scope, r.period_type, r.period, r.stat_year, r.indicator,
         r.basis, r.kind, r.parts, r.months_expected, r.flag, r.extracted, r.reviewed, r.revised, r.synthetic,
         -- A month's report omits a rate whose denominator is 0 (report.schema.json: value is a
         -- number): when the last month reported has no row for a rate over a workload, nothing
         -- was open at its end.
         CASE WHEN r.basis = 'rolled_up' AND r.time_aggregation = 'ratio_over_workload' AND rm.last_month > r.last_part THEN 0
              ELSE r.open_last END AS open_at_end,
         CASE WHEN r.basis = 'rolled_up' AND r.time_aggregation = 'ratio_over_workload' THEN
           -- one month standing for the period (and it is the last reported): its value as reported
           CASE WHEN r.parts = 1 AND NOT coalesce(rm.last_month > r.last_part, false) THEN r.value
                WHEN r.percent_only > 0 THEN NULL
                WHEN r.numerator + CASE WHEN rm.last_month > r.last_part THEN 0 ELSE r.open_last END > 0
                THEN round(100.0 * r.numerator / (r.numerator + CASE WHEN rm.last_month > r.last_part THEN 0 ELSE r.open_last END), 2)
           END
         -- a workload missing from a month reported cannot be rolled up (its inflow is unknown)
         WHEN r.basis = 'rolled_up' AND r.kind = 'workload' AND r.parts < coalesce(rm.months_reported, r.parts) THEN NULL
         ELSE r.value END AS value,
         r.numerator,
         CASE WHEN r.basis = 'rolled_up' AND r.time_aggregation = 'ratio_over_workload' AND r.percent_only = 0
              THEN r.numerator + CASE WHEN rm.last_month > r.last_part THEN 0 ELSE r.open_last END
              ELSE r.denominator END AS denominator,
         CASE
           WHEN r.basis = 'rolled_up' AND coalesce(rm.months_reported, r.parts) < r.months_expected
                AND (r.period_start < u.valid_from OR r.period_end > coalesce(u.valid_to, r.period_end)) THEN 'era_boundary'
           WHEN r.basis = 'rolled_up' AND coalesce(rm.months_reported, r.parts) < r.months_expected THEN 'months_missing'
           WHEN r.basis = 'rolled_up' AND r.kind <> 'rate' AND r.parts < rm.months_reported THEN 'component_missing'
           WHEN r.basis = 'rolled_up' AND r.kind = 'workload' AND r.resolved_missing THEN 'resolved_missing'
         END AS partial_reason
  FROM rolled r
  LEFT JOIN report_months rm
    ON rm.unit_id = r.unit_id AND rm.scope = r.scope AND rm.period_type = r.period_type
   AND rm.period = r.period AND rm.stat_year = r.stat_year
  LEFT JOIN units u ON u.id = r.unit_id
)
-- A month is its own report. For a longer period, the unit's own report (if any) beside the
-- roll-up of its months (if any): a full join on the key, not a GROUP BY, since most periods
-- have one side only.
SELECT unit_id, province_id, unit_level, scope, period_type, period, stat_year, indicator, kind, basis,
       value, numerator, denominator, open_at_end, parts, months_expected,
       false AS partial, CAST(NULL AS VARCHAR) AS partial_reason,
       CAST(NULL AS DOUBLE) AS rolled_value, CAST(NULL AS DOUBLE) AS rolled_numerator,
       CAST(NULL AS DOUBLE) AS rolled_denominator, false AS rolled_partial,
       flag, extracted, revised, synthetic, reviewed, CAST(NULL AS BOOLEAN) AS reconciled
FROM judged
WHERE period_type = 'month'
UNION ALL
SELECT coalesce(p.unit_id, r.unit_id) AS unit_id, coalesce(p.province_id, r.province_id) AS province_id,
       coalesce(p.unit_level, r.unit_level) AS unit_level, coalesce(p.scope, r.scope) AS scope,
       coalesce(p.period_type, r.period_type) AS period_type, coalesce(p.period, r.period) AS period,
       coalesce(p.stat_year, r.stat_year) AS stat_year, coalesce(p.indicator, r.indicator) AS indicator,
       coalesce(p.kind, r.kind) AS kind,
       -- the unit's own report where there is one, else the roll-up of its months
       CASE WHEN p.indicator IS NOT NULL THEN 'reported' ELSE 'rolled_up' END AS basis,
       CASE WHEN p.indicator IS NOT NULL THEN p.value ELSE r.value END AS value,
       CASE WHEN p.indicator IS NOT NULL THEN p.numerator ELSE r.numerator END AS numerator,
       CASE WHEN p.indicator IS NOT NULL THEN p.denominator ELSE r.denominator END AS denominator,
       CASE WHEN p.indicator IS NOT NULL THEN p.open_at_end ELSE r.open_at_end END AS open_at_end,
       CASE WHEN p.indicator IS NOT NULL THEN p.parts ELSE r.parts END AS parts,
       coalesce(p.months_expected, r.months_expected) AS months_expected,
       -- partial: a value that covers only part of the period; partial_reason also says why a
       -- value is empty ('resolved_missing', or 'component_missing' for a workload)
       p.indicator IS NULL AND r.partial_reason IS NOT NULL AND r.value IS NOT NULL AS partial,
       CASE WHEN p.indicator IS NULL THEN r.partial_reason END AS partial_reason,
       r.value AS rolled_value, r.numerator AS rolled_numerator, r.denominator AS rolled_denominator,
       coalesce(r.partial_reason IS NOT NULL, false) AS rolled_partial,
       CASE WHEN p.indicator IS NOT NULL THEN p.flag ELSE r.flag END AS flag,
       CASE WHEN p.indicator IS NOT NULL THEN p.extracted ELSE r.extracted END AS extracted,
       CASE WHEN p.indicator IS NOT NULL THEN p.revised ELSE r.revised END AS revised,
       CASE WHEN p.indicator IS NOT NULL THEN p.synthetic ELSE r.synthetic END AS synthetic,
       CASE WHEN p.indicator IS NOT NULL THEN p.reviewed ELSE r.reviewed END AS reviewed,
       -- the unit's own report against the roll-up of its months, by the rule of the
       -- reconciliation analysis (counts by value; rates by numerator and denominator, or by value
       -- within 0.05 points); NULL with no own report, or no complete roll-up to compare
       CASE WHEN p.indicator IS NOT NULL AND r.indicator IS NOT NULL AND r.value IS NOT NULL AND r.partial_reason IS NULL THEN
         CASE WHEN p.kind = 'rate' AND p.numerator IS NOT NULL AND r.numerator IS NOT NULL
                   AND p.denominator IS NOT NULL AND r.denominator IS NOT NULL
              THEN (p.numerator = r.numerator AND p.denominator = r.denominator)
              WHEN p.kind = 'rate' THEN (abs(p.value - r.value) <= 0.05)
              ELSE (p.value = r.value)
         END
       END AS reconciled
FROM (SELECT * FROM judged WHERE basis = 'rolled_up') r
FULL OUTER JOIN (SELECT * FROM judged WHERE basis = 'reported' AND period_type <> 'month') p
  ON p.unit_id = r.unit_id AND p.scope = r.scope AND p.period_type = r.period_type AND p.period = r.period
 AND p.stat_year = r.stat_year AND p.indicator = r.indicator
