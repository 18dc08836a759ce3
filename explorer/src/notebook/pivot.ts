/**
 * A pivot of a table of indicator values: rows and columns by any two fields, filters, and a
 * measure combined by the indicator's kind exactly as the analyses combine it (core/aggregate.ts:
 * counts summed, stocks last over time, a rate recomputed from its numerator and denominator,
 * never averaged). A cell mixing indicators, or of a kind aggregate.ts does not know, is left
 * empty with the reason rather than given a number that means nothing.
 */
import type { PivotSettings } from './types.ts';
import { aggregate, type AggregationSpec, type Observation } from '../../../functions/core/aggregate.ts';

export const KNOWN_KINDS = new Set(['flow_count', 'stock_count', 'workload', 'rate']);

/** What to pivot by: the notebook's pivot settings without the chart type. */
export type PivotSpec = Omit<PivotSettings, 'chart'>;

export type PivotNote = 'mixed_indicators' | 'unknown_kind' | 'percent_only' | 'no_values' | 'other';

export interface PivotCell {
  value: number | null;
  count: number;
  note?: PivotNote;
  flag?: string | null;
}

export interface PivotResult {
  rowKeys: string[];
  colKeys: string[];
  cell(row: string, col: string): PivotCell | undefined;
}

const key = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function pivot(rows: Record<string, unknown>[], spec: PivotSpec, kindOf: (code: string) => AggregationSpec | undefined): PivotResult {
  const filters = Object.entries(spec.filters ?? {}).filter(([, vs]) => vs.length).map(([f, vs]) => [f, new Set(vs)] as const);
  const groups = new Map<string, Record<string, unknown>[]>();
  const rowSet = new Set<string>();
  const colSet = new Set<string>();
  for (const r of rows) {
    if (!filters.every(([f, vs]) => vs.has(key(r[f])))) continue;
    const rk = key(r[spec.rows]);
    const ck = spec.columns ? key(r[spec.columns]) : '';
    rowSet.add(rk);
    colSet.add(ck);
    const g = `${rk}\u0000${ck}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r);
  }
  const cells = new Map<string, PivotCell>();
  for (const [g, list] of groups) cells.set(g, combine(list, spec.measure, kindOf));
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, 'vi', { numeric: true }));
  return { rowKeys: sort(rowSet), colKeys: sort(colSet), cell: (r, c) => cells.get(`${r}\u0000${c}`) };
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function combine(list: Record<string, unknown>[], measure: PivotSpec['measure'], kindOf: (code: string) => AggregationSpec | undefined): PivotCell {
  if (measure === 'count') return { value: list.length, count: list.length };
  const indicators = new Set(list.map((r) => key(r.indicator)));
  if (indicators.size > 1) return { value: null, count: list.length, note: 'mixed_indicators' };
  const spec = kindOf([...indicators][0]);
  if (!spec || !KNOWN_KINDS.has(spec.kind)) {
    // One value needs no combining, whatever its kind.
    return list.length === 1 ? { value: num(list[0].value), count: 1 } : { value: null, count: list.length, note: 'unknown_kind' };
  }
  const obs: Observation[] = list.map((r) => ({
    unit_id: r.unit_id === undefined ? undefined : key(r.unit_id),
    period: r.period === undefined ? undefined : key(r.period),
    value: num(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    flag: r.flag === undefined ? undefined : (r.flag as string | null),
  }));
  try {
    const a = aggregate(spec, obs);
    const note: PivotNote | undefined = a.value !== null ? undefined : a.reason?.code === 'percent_only' ? 'percent_only' : a.reason?.code === 'no_values' ? 'no_values' : 'other';
    return { value: a.value, count: a.count, flag: a.flag, ...(note ? { note } : {}) };
  } catch {
    return { value: null, count: list.length, note: 'other' };
  }
}
