/**
 * Shapes of the cross-province comparison: the rows the named analyses answer (inputs) and the
 * tables the comparison writes (outputs). Output field names are the column names of the Parquet
 * and JSON tables under results/compare/<period>/, so a row moves to a file without renaming.
 */
import type { PeriodType } from '../core/calendar.ts';
import type { ValueRow } from '../core/types.ts';

/** A row of the `yoy` analysis: a province's value, the previous period's and last year's. */
export interface YoyRow {
  unit_id: string;
  unit_name: string;
  value: number | null;
  prior_value: number | null;
  /** Percentage points for rates, percent for counts (null when the earlier count is 0). */
  change_prior: number | null;
  last_year_value: number | null;
  change_last_year: number | null;
  change_unit: string;
  partial_period?: boolean | null;
  harmonizable?: boolean | null;
}

/** A row of the `ranking` analysis. */
export interface RankingRow {
  unit_id: string;
  unit_name: string;
  value: number;
  rank: number;
  percentile?: number | null;
  quartile?: number | null;
}

/** A row of the `national` analysis. */
export interface NationalAnalysisRow {
  period: string;
  indicator: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  provinces_reporting: number | null;
  flag: string | null;
  synthetic: boolean | null;
  /** reported | rolled_up | mixed, and whether any province's figure covers only part of the period (as in trend). */
  basis?: string | null;
  partial?: boolean | null;
  partial_reason?: string | null;
}

/** A row of the `attainment` analysis. */
export interface AttainmentRow {
  unit_id: string;
  unit_name: string;
  indicator: string;
  value: number | null;
  comparator: string;
  target: number;
  evidence: string;
  met: boolean | null;
}

/** A row of the `completeness` analysis. */
export interface CompletenessRow {
  period: string;
  expected: number;
  received: number;
  missing_count: number;
  missing_units: string[] | null;
}

/**
 * A row of the `provinces_all` analysis: a province's figure with its numerator and denominator
 * (rates), which the fairness tests need. `extracted`, `reviewed` and `reconciled` are read when
 * the analysis provides them (provenance columns); absent, nothing is marked on their account.
 */
export type ProvinceValueRow = Pick<ValueRow, 'unit_id' | 'period' | 'indicator' | 'numerator' | 'denominator' | 'flag'> & Provenance & {
  /** Null where the province has no figure (a values row always has one). */
  value: number | null;
};

/** The provenance columns of contract 3 (absent on engines without them: nothing is marked on their account). */
export interface Provenance {
  extracted?: boolean | null;
  reviewed?: boolean | null;
  reconciled?: boolean | null;
}

/** A row of the `reconciliation` analysis (a period report against its roll-up, or a province total against its units). */
export interface ReconciliationRow {
  unit_id: string;
  unit_name: string;
  scope?: string | null;
  compared_with?: string | null;
  period: string;
  indicator: string;
  kind?: string | null;
  reported_value: number | null;
  rolled_up_value: number | null;
  difference: number | null;
  status: string;
}

/** A row of the `timeliness` analysis: a unit's monthly report first submitted after its due day. */
export interface TimelinessRow {
  period: string;
  unit_id: string;
  unit_name: string;
  province_id: string;
  month: string;
  submitted_at: string;
  days_late: number;
}

/** A monthly report sent late (table `late`), placed in the province the comparison shows it under. */
export interface LateRow extends MissingRow {
  month: string;
  /** When the report was first submitted (UTC). */
  submitted_at: string;
  /** Days after the due day (data-schemas/calendar.json report_due). */
  days_late: number;
}

/** A figure whose reports disagree, for the period compared (table `disagreements`, largest first). */
export interface DisagreementRow {
  indicator: string;
  unit_id: string;
  unit_name: string;
  province_id: string;
  province_name: string;
  /** What the reported figure is checked against (the analysis' words, e.g. monthly roll-up, units' sum). */
  compared_with: string | null;
  reported_value: number | null;
  rolled_up_value: number | null;
  difference: number | null;
}

/** Which geography the comparison is expressed in (see harmonize.ts). */
export type Geography = 'as_reported' | 'as_2025';

/** The periods a comparison looks at. */
export interface PeriodContext {
  period: string;
  period_type: PeriodType;
  stat_year: number;
  start: string;
  end: string;
  /** The period just before (same type). */
  prior_period: string;
  /** The same period of the previous statistical year ("cùng kỳ năm trước"). */
  last_year_period: string;
}

/** A value against the prior period and the same period of the previous year. */
export interface Changes {
  prior_value: number | null;
  /** Percentage points for rates, the count difference otherwise. */
  change_prior: number | null;
  /** Relative change in percent (counts only). */
  change_prior_pct: number | null;
  last_year_value: number | null;
  change_last_year: number | null;
  change_last_year_pct: number | null;
}

/** One indicator at the national level (table `national`). */
export interface NationalRow extends Changes {
  indicator: string;
  indicator_name_vi: string;
  work_area: string;
  kind: string;
  unit: string;
  direction: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  provinces_reporting: number;
  target_comparator: string | null;
  target_threshold: number | null;
  target_evidence: string | null;
  /** Whether the national value meets the target in force at the end of the period. */
  met: boolean | null;
  provinces_met: number | null;
  provinces_missed: number | null;
  flag: string | null;
  synthetic: boolean;
  /** Overdispersion φ of the changes between provinces (1 = chance explains the spread). */
  shift_phi: number | null;
  /** Provinces whose change is flagged. */
  provinces_flagged: number;
}

/** One province for one indicator (table `provinces`: the ranking with its changes and judgements). */
export interface ProvinceRow extends Changes {
  indicator: string;
  unit_id: string;
  unit_name: string;
  value: number | null;
  /** Rates: summed numerator and denominator of the province (null for counts and percent-only rates). */
  numerator: number | null;
  denominator: number | null;
  /** 95 % interval of the value (Wilson for rates, exact Poisson for counts), in the value's unit. */
  ci_low: number | null;
  ci_high: number | null;
  /** 1 = best by the indicator's direction (ties share a rank); null when the value is unknown. */
  rank: number | null;
  /** Best and worst rank the 95 % intervals allow (equal when the rank is certain). */
  rank_best: number | null;
  rank_worst: number | null;
  /** Provinces ranked. */
  ranked: number;
  /** 100 = best, 0 = worst (the `ranking` analysis). */
  percentile: number | null;
  /** 1 = top quarter … 4 = bottom quarter. */
  quartile: number | null;
  /** Rates: standardized distance from the national rate, overdispersion-adjusted (funnel plot). */
  level_z: number | null;
  /** 'above' | 'below' the national rate beyond the 99.8 % control limits; null inside or untested. */
  level_flag: string | null;
  /** Change against the same period last year beyond the national change, standardized and adjusted. */
  shift_z: number | null;
  /** Exact two-sided p-value of that change (counts); null for rates (normal with Agresti–Caffo). */
  shift_p: number | null;
  /** 'up' | 'down' beyond the 99.8 % control limits; null inside or untested. */
  shift_flag: string | null;
  /** The change is flagged (shift_flag not null): listed in `outliers`. */
  outlier: boolean;
  target_threshold: number | null;
  met: boolean | null;
  /** The province did not exist for the whole period (as reported, across 2025-07-01). */
  partial_period: boolean;
  /** What the figure's judgements rest on, ';'-separated (see CAVEATS in assemble.ts); null when nothing. */
  caveats: string | null;
}

/** A target verdict (table `attainment`, the analysis rows with names and a status word). */
export interface AttainmentOut {
  indicator: string;
  indicator_name_vi: string;
  unit_id: string;
  unit_name: string;
  value: number | null;
  comparator: string;
  target: number;
  evidence: string;
  met: boolean | null;
  /** 'dat' | 'chua_dat' | 'khong_co_so_lieu' (no value). */
  status: string;
}

/** Biggest changes (table `movers`). */
export interface MoverRow {
  indicator: string;
  unit_id: string;
  unit_name: string;
  /** 'improved' | 'worsened' by the indicator's direction; 'up' | 'down' for neutral ones. */
  movement: string;
  /** 'last_year' or 'prior': which comparison the change is against. */
  basis: string;
  /** The metric movers are ranked by: percentage points for rates, percent for counts. */
  change: number;
  value: number | null;
  base_value: number | null;
  position: number;
}

/** Provinces whose change against the same period last year is beyond chance for their size (table `outliers`). */
export interface OutlierRow {
  indicator: string;
  unit_id: string;
  unit_name: string;
  basis: string;
  /** 'improved' | 'worsened' by the indicator's direction; 'up' | 'down' for neutral ones. */
  movement: string;
  /** Percentage points for rates, percent for counts. */
  change: number | null;
  value: number | null;
  base_value: number | null;
  /** Overdispersion-adjusted standardized change beyond the national change. */
  z: number;
  p_value: number | null;
  /** 'rate_shift' (two proportions, Agresti–Caffo) or 'count_shift' (conditional binomial of two counts). */
  method: string;
  caveats: string | null;
}

/** A unit whose monthly report for the period is missing (table `missing`). */
export interface MissingRow {
  period: string;
  unit_id: string;
  unit_name: string;
  level: string;
  province_id: string;
  province_name: string;
}

export interface CompletenessSummary {
  expected: number;
  received: number;
  missing_count: number;
}

/** Everything a comparison computes, before it is written. */
export interface Comparison {
  context: PeriodContext;
  /**
   * The moment the figures are as of: only report revisions ingested by then count (contract 4).
   * A run given this moment later reproduces the figures. Null: not recorded (assembled by hand).
   */
  as_of: string | null;
  geography: Geography;
  synthetic: boolean;
  national: NationalRow[];
  provinces: ProvinceRow[];
  attainment: AttainmentOut[];
  movers: MoverRow[];
  outliers: OutlierRow[];
  missing: MissingRow[];
  /** Monthly reports of the period sent after their due day (empty when none, or not checked). */
  late: LateRow[];
  /** Whether lateness was checked (the engine has the `timeliness` analysis). */
  late_checked: boolean;
  /** The largest disagreements between a period's reports (null: reconciliation not available). */
  disagreements: DisagreementRow[];
  reconciliation_checked: boolean;
  completeness: CompletenessSummary | null;
  /**
   * A province's own briefing (province.ts): the units of this province take the provinces' place
   * and the province total the country's. Absent: the country's briefing.
   */
  scope?: { province_id: string; province_name: string };
  /** Provinces expected in the period (the era's provinces), for the digest. */
  expected_provinces: number;
  /** Where each part came from (named analyses, or computed here), for the record. */
  sources: Record<string, string>;
}
