/**
 * Combining indicator values across units and periods by the indicator's kind (DOMAIN.md §3):
 * flow counts sum; stock counts sum over units and take the last period over time (opening
 * stocks take the first); a workload (cũ + mới) sums over units and over time is
 * Σ resolved + last(workload − resolved) = first(opening) + Σ inflows − Σ outflows; rates are
 * recomputed from numerator and denominator, each aggregated by its own kind (a workload
 * denominator as a workload), never averaged. A rate known only as a percentage cannot be
 * re-aggregated: it is flagged. A period whose months are not all there is computed over the
 * months present and flagged partial; a workload whose resolved count is missing for a month is
 * left empty with the reason.
 */
import { parsePeriod } from './calendar.ts';
import { timeAggregation, type Indicator } from './catalog.ts';

/** The part of an indicator aggregation needs. */
export type AggregationSpec = Pick<Indicator, 'kind'> & Partial<Pick<Indicator, 'code' | 'aggregation' | 'denominator'>>;

export interface Observation {
  unit_id?: string;
  /** Period label (calendar.json); required to combine over time. */
  period?: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  flag?: string | null;
  /**
   * For a workload: its resolved count (workload.resolved) for the same unit and period, which
   * is what leaves it; the rest is still open at the period's end. Not needed for rates over a
   * workload (their numerator is the resolved count).
   */
  resolved?: number | null;
}

export interface PeriodOptions {
  /** Periods (e.g. the months of a year) that must all be present for the result to be complete. */
  expected?: readonly string[];
}

export type AggregateFlag = 'percent_only';

export interface Reason {
  code: 'no_values' | 'percent_only' | 'zero_denominator' | 'missing_period' | 'months_missing' | 'resolved_missing';
  message_vi: string;
  message_en: string;
}

export interface Aggregate {
  /** Combined value; null when it cannot be computed (see reason). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  flag: AggregateFlag | null;
  reason: Reason | null;
  /** Observations that went into the value. */
  count: number;
  /** Some expected period is missing for some unit: the value covers only the periods present. */
  partial: boolean;
}

const REASONS: Record<Reason['code'], Reason> = {
  no_values: { code: 'no_values', message_vi: 'Không có số liệu để tổng hợp', message_en: 'No values to aggregate' },
  percent_only: {
    code: 'percent_only',
    message_vi: 'Tỷ lệ chỉ có dạng phần trăm (không có tử số, mẫu số) nên không thể tổng hợp lại; không lấy trung bình các tỷ lệ',
    message_en: 'A rate known only as a percentage (no numerator and denominator) cannot be re-aggregated; rates are never averaged',
  },
  zero_denominator: { code: 'zero_denominator', message_vi: 'Mẫu số bằng 0', message_en: 'The denominator is zero' },
  missing_period: {
    code: 'missing_period',
    message_vi: 'Thiếu kỳ báo cáo nên không xác định được kỳ đầu/kỳ cuối',
    message_en: 'A period label is missing, so the first or last period cannot be determined',
  },
  months_missing: {
    code: 'months_missing',
    message_vi: 'Thiếu báo cáo của một số tháng trong kỳ: số liệu chỉ gồm các tháng đã có (chưa đủ kỳ)',
    message_en: 'Some months of the period are missing: the figure covers only the months reported (partial period)',
  },
  resolved_missing: {
    code: 'resolved_missing',
    message_vi: 'Thiếu số đã giải quyết của một tháng nên không tính được số phải giải quyết của cả kỳ (không cộng dồn số phải giải quyết từng tháng)',
    message_en: 'A month lacks its resolved count, so the period workload cannot be computed (monthly workloads are never summed)',
  },
};

function result(value: number | null, numerator: number | null, denominator: number | null, count: number, reason: Reason['code'] | null = null, flag: AggregateFlag | null = null): Aggregate {
  return { value, numerator, denominator, flag, reason: reason ? REASONS[reason] : null, count, partial: false };
}

/** 100 × numerator / denominator, or null when the denominator is 0. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : (100 * numerator) / denominator;
}

/** Rounds to one decimal, as reports print rates (71,2%). */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function hasParts(o: Observation): o is Observation & { numerator: number; denominator: number } {
  return typeof o.numerator === 'number' && typeof o.denominator === 'number' && o.flag !== 'percent_only';
}

/** Rate over any set of observations: ratio of sums. */
function combineRate(obs: Observation[]): Aggregate {
  const present = obs.filter((o) => o.value !== null || hasParts(o));
  if (present.length === 0) return result(null, null, null, 0, 'no_values');
  if (present.some((o) => !hasParts(o))) {
    // A single percentage can be passed on as it is, flagged; several cannot be combined.
    if (present.length === 1 && present[0].value !== null) return result(present[0].value, null, null, 1, 'percent_only', 'percent_only');
    return result(null, null, null, present.length, 'percent_only', 'percent_only');
  }
  let n = 0;
  let d = 0;
  for (const o of present as (Observation & { numerator: number; denominator: number })[]) {
    n += o.numerator;
    d += o.denominator;
  }
  const v = rateOf(n, d);
  return v === null ? result(null, n, d, present.length, 'zero_denominator') : result(v, n, d, present.length);
}

function sumValues(obs: Observation[]): Aggregate {
  const present = obs.filter((o) => o.value !== null);
  if (present.length === 0) return result(null, null, null, 0, 'no_values');
  return result(present.reduce((s, o) => s + (o.value as number), 0), null, null, present.length);
}

/** Combine values of one period across units (and any other non-time dimension). */
export function aggregateUnits(ind: AggregationSpec, obs: Observation[]): Aggregate {
  return ind.kind === 'rate' ? combineRate(obs) : sumValues(obs);
}

/** Sort key of a period label: its end date, then the label. */
function periodKey(label: string): string {
  const p = parsePeriod(label);
  return p ? `${p.end}|${p.start}` : `~${label}`;
}

function byKey<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

function orderedPeriods(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => (periodKey(a) < periodKey(b) ? -1 : periodKey(a) > periodKey(b) ? 1 : 0));
}

/**
 * One unit's workload over its periods: Σ resolved + the stock still open after its last period.
 * For a rate over a workload the numerator is the resolved count and the denominator the workload.
 */
function unitWorkload(obs: Observation[], isRate: boolean): { resolved: number; workload: number } | 'resolved_missing' | 'percent_only' {
  let resolved = 0;
  let last: Observation | undefined;
  for (const o of obs) {
    if (isRate) {
      if (!hasParts(o)) return 'percent_only';
      resolved += o.numerator;
    } else {
      if (typeof o.resolved !== 'number' || o.value === null) return 'resolved_missing';
      resolved += o.resolved;
    }
    if (!last || periodKey(o.period!) > periodKey(last.period!)) last = o;
  }
  const open = isRate ? (last!.denominator as number) - (last!.numerator as number) : (last!.value as number) - (last!.resolved as number);
  return { resolved, workload: resolved + open };
}

/** A workload or a rate over a workload over periods (and units): per unit, then summed. */
function combineWorkload(obs: Observation[], isRate: boolean): Aggregate {
  const present = obs.filter((o) => o.value !== null || hasParts(o) || typeof o.resolved === 'number');
  if (present.length === 0) return result(null, null, null, 0, 'no_values');
  if (present.some((o) => !o.period)) return result(null, null, null, present.length, 'missing_period');
  let n = 0;
  let d = 0;
  for (const unitObs of byKey(present, (o) => o.unit_id ?? '').values()) {
    const w = unitWorkload(unitObs, isRate);
    if (w === 'percent_only') return result(null, null, null, present.length, 'percent_only', 'percent_only');
    if (w === 'resolved_missing') return result(null, null, null, present.length, 'resolved_missing');
    n += w.resolved;
    d += w.workload;
  }
  if (!isRate) return result(d, null, null, present.length);
  const v = rateOf(n, d);
  return v === null ? result(null, n, d, present.length, 'zero_denominator') : result(v, n, d, present.length);
}

/**
 * Combine values over periods (and units): flows sum; stocks are summed over units within each
 * period and then the last period is taken ("first" for opening stocks such as carried-over
 * reports); a workload is Σ resolved + last(workload − resolved) per unit, summed over units;
 * rates are the ratio of their numerator and denominator each aggregated by its kind. With
 * `expected` periods, a unit lacking one makes the result partial (flagged, with the reason).
 */
export function aggregatePeriods(ind: AggregationSpec, obs: Observation[], opts: PeriodOptions = {}): Aggregate {
  const out = combinePeriods(ind, obs);
  if (opts.expected && out.count > 0) {
    const want = new Set(opts.expected);
    for (const unitObs of byKey(obs, (o) => o.unit_id ?? '').values()) {
      const have = new Set(unitObs.filter((o) => o.value !== null || hasParts(o)).map((o) => o.period));
      if ([...want].some((p) => !have.has(p))) {
        out.partial = true;
        out.reason ??= REASONS.months_missing;
        break;
      }
    }
  }
  return out;
}

function combinePeriods(ind: AggregationSpec, obs: Observation[]): Aggregate {
  const rule = timeAggregation({ kind: ind.kind, aggregation: ind.aggregation, denominator: ind.denominator });
  if (rule === 'ratio_over_workload') return combineWorkload(obs, true);
  if (rule === 'workload') return combineWorkload(obs, false);
  if (rule === 'ratio_of_sums' || ind.kind === 'rate') return combineRate(obs);
  if (rule === 'sum') return sumValues(obs);
  const present = obs.filter((o) => o.value !== null);
  if (present.length === 0) return result(null, null, null, 0, 'no_values');
  if (present.some((o) => !o.period)) return result(null, null, null, present.length, 'missing_period');
  const byPeriod = byKey(present, (o) => o.period!);
  const ordered = orderedPeriods(byPeriod.keys());
  const pick = rule === 'first' ? ordered[0] : ordered[ordered.length - 1];
  return sumValues(byPeriod.get(pick)!);
}

/** Combine observations over units and/or periods, whichever they span. */
export function aggregate(ind: AggregationSpec, obs: Observation[], opts: PeriodOptions = {}): Aggregate {
  const periods = new Set(obs.map((o) => o.period ?? ''));
  return periods.size > 1 || opts.expected ? aggregatePeriods(ind, obs, opts) : aggregateUnits(ind, obs);
}
