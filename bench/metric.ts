/**
 * One line of the results table and of bench/results.json. A target is a comparison with a
 * number in the metric's unit; `pass` is null when the metric was not measured (`note` says why)
 * or has no target.
 */
import { median, p95 } from './stats.ts';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Anchor {
  /** What the metric was compared with, measured in the same run (alternating). */
  name: string;
  value: number;
  unit: string;
}

export interface Metric {
  name: string;
  group: string;
  value: number | null;
  unit: string;
  target: string | null;
  anchor: Anchor | null;
  /** value / anchor (for throughputs, ours / theirs), median of the per-pair ratios. */
  ratio: number | null;
  pass: boolean | null;
  /** How it was measured (runs, sample size) or why it was not. */
  note?: string;
  /** Raw samples, for whoever wants to look closer. */
  samples?: number[];
}

export function targetText(t: Target | undefined, unit: string): string | null {
  if (!t) return null;
  return `${t.op === '<=' ? '≤' : '≥'} ${t.value}${unit ? ` ${unit}` : ''}`;
}

/**
 * A measured metric. When the target applies to the ratio (ingest vs DuckDB), pass `on: 'ratio'`.
 */
export function metric(m: {
  name: string;
  group: string;
  value: number | null;
  unit: string;
  target?: Target;
  on?: 'value' | 'ratio';
  anchor?: Anchor | null;
  ratio?: number | null;
  note?: string;
  samples?: number[];
}): Metric {
  const on = m.on ?? 'value';
  const checked = on === 'ratio' ? m.ratio ?? null : m.value;
  const pass = !m.target || checked === null || checked === undefined || Number.isNaN(checked)
    ? null
    : m.target.op === '<=' ? checked <= m.target.value : checked >= m.target.value;
  return {
    name: m.name,
    group: m.group,
    value: m.value === null || Number.isNaN(m.value) ? null : round(m.value),
    unit: m.unit,
    target: targetText(m.target, on === 'ratio' ? '× anchor' : m.unit),
    anchor: m.anchor ? { ...m.anchor, value: round(m.anchor.value) } : null,
    ratio: m.ratio === null || m.ratio === undefined ? null : round(m.ratio, 3),
    pass,
    ...(m.note ? { note: m.note } : {}),
    ...(m.samples ? { samples: m.samples.map((x) => round(x)) } : {}),
  };
}

/** A time in ms from its samples (their median or p95), against an upper bound. */
export function latencyMetric(name: string, group: string, samples: number[], at: 'p50' | 'p95', maxMs: number, note: string): Metric {
  return metric({ name, group, value: at === 'p50' ? median(samples) : p95(samples), unit: 'ms', target: { op: '<=', value: maxMs }, note, samples });
}

/** A metric that could not be measured, with the reason. */
export function notMeasured(name: string, group: string, unit: string, target: Target | undefined, reason: string): Metric {
  return { name, group, value: null, unit, target: targetText(target, unit), anchor: null, ratio: null, pass: null, note: `not measured: ${reason}` };
}

export function round(x: number, digits?: number): number {
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 2 : 4);
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
