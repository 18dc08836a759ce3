-- Each province's value per period and indicator in the geography of 2025-07-01 (the 34
-- provinces): history re-expressed by adding up the pre-2025 provinces each one absorbed
-- (units.successor_id, the crosswalk of the unit registry; exact, since provinces merged whole).
-- Counts sum; rates are the ratio of the summed numerators and denominators. A rate known only
-- as a percentage (flag percent_only) cannot be re-expressed where it covers part of the new
-- province: its value is NULL and harmonizable is false. Over a period that spans the switch
-- (e.g. 2025-Q3 = June, July, August), flows and rates add both eras; a closing stock is taken
-- from the later era only and an opening stock from the earlier, as the month roll-up does; a
-- workload is the earlier era's resolved part (workload − still open at its end) plus the later
-- era's workload (whose opening stock is what the earlier era left open), and a rate over a
-- workload is recomputed the same way. Such a period is complete (partial false) when the two
-- eras together cover it; it stays partial when only one era's months are there.
WITH merged AS (
  SELECT successor_id AS province_id, CAST(count(*) AS INTEGER) AS provinces_merged
  FROM units
  WHERE level = 'province' AND successor_id IS NOT NULL
  GROUP BY successor_id
),
src AS (
  SELECT coalesce(u.successor_id, pv.province_id) AS province_id, pv.province_id AS source_province_id,
         CASE u.era WHEN '2025' THEN 2 ELSE 1 END AS era_rank,
         pv.period_type, pv.period, pv.stat_year, pv.indicator, pv.kind, pv.value, pv.numerator,
         pv.denominator, pv.units_reporting, pv.flag, pv.extracted, pv.revised, pv.synthetic, pv.reviewed, pv.reconciled,
         pv.open_at_end, pv.basis, pv.partial, pv.partial_reason, i.time_aggregation,
         CASE WHEN pv.kind = 'rate'
                   AND (pv.flag = 'percent_only'
                        OR (pv.value IS NOT NULL AND (pv.numerator IS NULL OR pv.denominator IS NULL)))
              THEN 1 ELSE 0 END AS percent_only
  FROM province_values pv
  JOIN units u ON u.id = pv.province_id
  JOIN indicators i ON i.code = pv.indicator
),
-- stat_year is in the window keys (the period determines it) so a year filter passes the window.
eras AS (
  SELECT s.*,
         min(era_rank) OVER (PARTITION BY province_id, stat_year, period_type, period, indicator) AS first_era,
         max(era_rank) OVER (PARTITION BY province_id, stat_year, period_type, period, indicator) AS last_era
  FROM src s
),
picked AS (
  SELECT e.*, coalesce(m.provinces_merged, 1) AS provinces_merged
  FROM eras e
  LEFT JOIN merged m ON m.province_id = e.province_id
  WHERE (e.time_aggregation <> 'last' OR e.era_rank = e.last_era)
    AND (e.time_aggregation <> 'first' OR e.era_rank = e.first_era)
),
summed AS (
  SELECT province_id, period_type, period, stat_year, indicator, max(kind) AS kind,
         CAST(count(*) AS INTEGER) AS n,
         sum(percent_only) AS percent_only,
         -- a single row stands for the whole new province when it is the new province itself or
         -- a pre-2025 province that became one alone
         max(era_rank) = 2 OR max(provinces_merged) = 1 AS whole,
         max(value) AS one_value,
         -- a workload (or a rate's workload denominator) across the two eras: the earlier era
         -- counts only what it resolved, the later era its whole workload
         sum(CASE WHEN time_aggregation = 'workload' AND era_rank < last_era THEN value - open_at_end ELSE value END) AS value_sum,
         sum(numerator) AS numerator,
         sum(CASE WHEN time_aggregation = 'ratio_over_workload' AND era_rank < last_era THEN denominator - open_at_end ELSE denominator END) AS denominator,
         sum(CASE WHEN era_rank = last_era THEN open_at_end END) AS open_at_end,
         CASE WHEN min(basis) = max(basis) THEN min(basis) ELSE 'mixed' END AS basis,
         -- partial for a reason other than the switch, or the switch with only one era present
         coalesce(bool_or(partial AND partial_reason <> 'era_boundary')
           OR (bool_or(partial AND partial_reason = 'era_boundary') AND max(first_era) = max(last_era)), false) AS partial,
         CASE WHEN bool_or(partial AND partial_reason <> 'era_boundary') THEN max(CASE WHEN partial_reason <> 'era_boundary' THEN partial_reason END)
              WHEN bool_or(partial AND partial_reason = 'era_boundary') AND max(first_era) = max(last_era) THEN 'era_boundary' END AS partial_reason,
         CAST(sum(units_reporting) AS INTEGER) AS units_reporting,
         CAST(count(DISTINCT source_province_id) AS INTEGER) AS provinces_reporting,
         max(provinces_merged) AS provinces_merged,
         max(flag) AS flag,
         bool_or(extracted) AS extracted,
         bool_or(revised) AS revised,
         bool_or(synthetic) AS synthetic,
         bool_and(CASE WHEN extracted THEN reviewed END) AS reviewed,
         bool_and(reconciled) AS reconciled
  FROM picked
  GROUP BY province_id, period_type, period, stat_year, indicator
)
SELECT province_id, period_type, period, stat_year, indicator, kind,
       CASE
         WHEN kind <> 'rate' THEN value_sum
         WHEN n = 1 AND (percent_only = 0 OR whole) THEN one_value
         WHEN percent_only > 0 THEN NULL
         WHEN denominator > 0 THEN round(100.0 * numerator / denominator, 2)
       END AS value,
       CASE WHEN kind = 'rate' AND percent_only = 0 THEN numerator END AS numerator,
       CASE WHEN kind = 'rate' AND percent_only = 0 THEN denominator END AS denominator,
       open_at_end, basis, partial, partial_reason,
       units_reporting, provinces_reporting, provinces_merged, flag,
       NOT (kind = 'rate' AND percent_only > 0 AND NOT (n = 1 AND whole)) AS harmonizable,
       extracted, revised, synthetic, reviewed, reconciled
FROM summed
