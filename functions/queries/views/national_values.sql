-- The country total per period and indicator: the sum over the 34 provinces of 2025 (history
-- re-expressed, province_values_2025), so a period spanning the 2025-07-01 switch is counted
-- once and a closing stock is not added across the two eras. Rates are the ratio of the summed
-- numerators and denominators; if any province's rate is known only as a percentage, the national
-- rate cannot be computed (NULL, flag percent_only) unless it is the only province reporting.
-- Workloads and the stock still open at the end sum over provinces; partial when any province's
-- figure covers only part of the period.
SELECT period_type, period, stat_year, indicator, max(kind) AS kind,
       CASE
         WHEN max(kind) <> 'rate' THEN sum(value)
         WHEN count(*) = 1 THEN max(value)
         WHEN bool_or(NOT harmonizable OR coalesce(flag, '') = 'percent_only') THEN NULL
         WHEN sum(denominator) > 0 THEN round(100.0 * sum(numerator) / sum(denominator), 2)
       END AS value,
       CASE WHEN max(kind) = 'rate' AND NOT bool_or(NOT harmonizable OR coalesce(flag, '') = 'percent_only') THEN sum(numerator) END AS numerator,
       CASE WHEN max(kind) = 'rate' AND NOT bool_or(NOT harmonizable OR coalesce(flag, '') = 'percent_only') THEN sum(denominator) END AS denominator,
       sum(open_at_end) AS open_at_end,
       CASE WHEN min(basis) = max(basis) THEN min(basis) ELSE 'mixed' END AS basis,
       bool_or(partial) AS partial,
       max(partial_reason) AS partial_reason,
       CAST(count(*) AS INTEGER) AS provinces_reporting,
       CAST(sum(units_reporting) AS INTEGER) AS units_reporting,
       max(flag) AS flag,
       bool_or(extracted) AS extracted,
       bool_or(revised) AS revised,
       bool_or(synthetic) AS synthetic
FROM province_values_2025
GROUP BY period_type, period, stat_year, indicator
