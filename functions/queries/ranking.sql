-- ranking: provinces for one indicator and period, best first by the indicator's direction,
-- with the same period of the previous statistical year and the change against it
-- (percentage points for rates, counts otherwise).
-- percentile: 100 × the share of the other provinces this one does strictly better than
-- (percent_rank; the best is 100, the worst 0; ties share a value; a lone province is 100).
-- quartile: 1 (top quarter: percentile ≥ 75) … 4 (bottom quarter: percentile < 25).
-- :geography 'as_reported' ranks the provinces of the period's era; 'as_2025' the 34 provinces
-- with history re-expressed. partial_period: the province did not exist for the whole period
-- (only for as_reported periods that span 2025-07-01, e.g. 2025-Q3, 2025-H2, 2025-9M, 2025-Y).
-- basis ('reported' | 'rolled_up' | 'mixed'), partial / partial_reason, extracted, reviewed and
-- reconciled: as in trend. :include_unreviewed 'false' (the default) leaves out a province whose
-- figure rests on an extracted figure no analyst has reviewed yet; 'true' ranks it, marked.
-- The explicit stat_year IN (…) lets every engine prune to the two years read (a predicate
-- inside an OR is not pushed down to partitions).
WITH pv AS (
  SELECT province_id, period, stat_year, value, true AS harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values
  WHERE :geography = 'as_reported' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year) OR (period = :previous_period AND stat_year = :previous_stat_year))
    AND stat_year IN (:stat_year, :previous_stat_year)
  UNION ALL
  SELECT province_id, period, stat_year, value, harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM province_values_2025
  WHERE :geography = 'as_2025' AND indicator = :indicator
    AND ((period = :period AND stat_year = :stat_year) OR (period = :previous_period AND stat_year = :previous_stat_year))
    AND stat_year IN (:stat_year, :previous_stat_year)
),
cur AS (
  SELECT province_id, value, harmonizable, basis, partial, partial_reason, extracted, reviewed, reconciled
  FROM pv
  WHERE period = :period AND value IS NOT NULL
    -- an unreviewed extracted figure is not ranked unless asked for (an extractor's error must
    -- not become a verdict)
    AND (:include_unreviewed = 'true' OR NOT (coalesce(extracted, false) AND NOT coalesce(reviewed, false)))
),
prev AS (
  SELECT province_id, value FROM pv WHERE period = :previous_period
),
dir AS (
  SELECT CASE direction WHEN 'lower_is_better' THEN -1 ELSE 1 END AS sign
  FROM indicators WHERE code = :indicator
),
ranked AS (
  SELECT cur.province_id, cur.value, cur.harmonizable, cur.basis, cur.partial, cur.partial_reason,
         cur.extracted, cur.reviewed, cur.reconciled,
         CAST(rank() OVER (ORDER BY cur.value * dir.sign DESC) AS INTEGER) AS rank,
         CASE WHEN count(*) OVER () = 1 THEN 100.0
              ELSE round(100.0 * percent_rank() OVER (ORDER BY cur.value * dir.sign ASC), 1) END AS percentile
  FROM cur
  CROSS JOIN dir
)
SELECT r.province_id AS unit_id, u.name AS unit_name, r.value, r.rank, r.percentile,
       CASE WHEN r.percentile >= 75 THEN 1 WHEN r.percentile >= 50 THEN 2 WHEN r.percentile >= 25 THEN 3 ELSE 4 END AS quartile,
       prev.value AS previous_value,
       round(r.value - prev.value, 2) AS change,
       :geography = 'as_reported'
         AND NOT (u.valid_from <= CAST(:period_start AS DATE)
                  AND (u.valid_to IS NULL OR u.valid_to >= CAST(:period_end AS DATE))) AS partial_period,
       r.harmonizable, r.basis, r.partial, r.partial_reason, r.extracted, r.reviewed, r.reconciled
FROM ranked r
JOIN units u ON u.id = r.province_id
LEFT JOIN prev ON prev.province_id = r.province_id
ORDER BY r.rank, unit_id
