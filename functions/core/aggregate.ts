/**
 * Combining indicator values across units and periods by the indicator's kind (DOMAIN.md §3):
 * flow counts sum; stock counts sum over units and take the last period over time (opening
 * stocks take the first); rates are recomputed as 100 × Σnumerator / Σdenominator, never
 * averaged. A rate known only as a percentage cannot be re-aggregated: it is flagged.
 */
import { parsePeriod } from './calendar.ts';
import { timeAggregation, type Indicator } from './catalog.ts';

/** The part of an indicator aggregation needs. */
export type AggregationSpec = Pick<Indicator, 'kind'> & Partial<Pick<Indicator, 'code' | 'aggregation'>>;

export interface Observation {
  unit_id?: string;
  /** Period label (calendar.json); required to combine over time. */
  period?: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  flag?: string | null;
}

export type AggregateFlag = 'percent_only';

export interface Reason {
  code: 'no_values' | 'percent_only' | 'zero_denominator' | 'missing_period';
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
};

function result(value: number | null, numerator: number | null, denominator: number | null, count: number, reason: Reason['code'] | null = null, flag: AggregateFlag | null = null): Aggregate {
  return { value, numerator, denominator, flag, reason: reason ? REASONS[reason] : null, count };
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

/**
 * Combine values over periods (and units): flows sum; stocks are summed over units within each
 * period and then the last period is taken ("first" for opening stocks such as carried-over
 * reports); rates are the ratio of all summed numerators and denominators.
 */
export function aggregatePeriods(ind: AggregationSpec, obs: Observation[]): Aggregate {
  const rule = timeAggregation({ kind: ind.kind, aggregation: ind.aggregation });
  if (rule === 'ratio_of_sums' || ind.kind === 'rate') return combineRate(obs);
  if (rule === 'sum') return sumValues(obs);
  const present = obs.filter((o) => o.value !== null);
  if (present.length === 0) return result(null, null, null, 0, 'no_values');
  if (present.some((o) => !o.period)) return result(null, null, null, present.length, 'missing_period');
  const byPeriod = new Map<string, Observation[]>();
  for (const o of present) {
    const list = byPeriod.get(o.period!) ?? [];
    list.push(o);
    byPeriod.set(o.period!, list);
  }
  const ordered = [...byPeriod.keys()].sort((a, b) => (periodKey(a) < periodKey(b) ? -1 : periodKey(a) > periodKey(b) ? 1 : 0));
  const pick = rule === 'first' ? ordered[0] : ordered[ordered.length - 1];
  return sumValues(byPeriod.get(pick)!);
}

/** Combine observations over units and/or periods, whichever they span. */
export function aggregate(ind: AggregationSpec, obs: Observation[]): Aggregate {
  const periods = new Set(obs.map((o) => o.period ?? ''));
  return periods.size > 1 ? aggregatePeriods(ind, obs) : aggregateUnits(ind, obs);
}

