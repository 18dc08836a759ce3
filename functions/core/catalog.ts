/**
 * The indicator catalog (data-schemas/indicators.json): lookup by code, by Vietnamese or English
 * name or by an alias phrase, and the target in force at a date. Every comparison of text goes
 * through `fold`, so NFC/NFD, tone placement and missing diacritics never matter.
 */
import catalogData from '../../data-schemas/indicators.json' with { type: 'json' };
import { fold } from './text.ts';

/**
 * flow_count: events of the period (sum over units and time); stock_count: a level at a date
 * (sum over units; first or last over time); workload: opening stock + inflows − outflows
 * (sum over units; Σ resolved + last(still open) over time); rate: numerator / denominator.
 */
export type IndicatorKind = 'flow_count' | 'stock_count' | 'workload' | 'rate';
export type IndicatorUnit = 'count' | 'percent' | 'vnd_million';
export type Direction = 'higher_is_better' | 'lower_is_better' | 'neutral';
export type Evidence = 'verified' | 'inferred' | 'unverified';
export type Comparator = '>=' | '>' | '<=' | '<' | '=';
/**
 * How values combine over time: sum (flows), last (closing stocks), first (opening stocks),
 * workload (Σ resolved + last(workload − resolved)), ratio_of_sums (rates over a flow),
 * ratio_over_workload (rates whose denominator is a workload and numerator its resolved count).
 */
export type TimeAggregation = 'sum' | 'last' | 'first' | 'workload' | 'ratio_of_sums' | 'ratio_over_workload';
export type ReportingLevel = 'supreme' | 'province' | 'district' | 'regional';

export interface Target {
  comparator: Comparator;
  threshold: number;
  source: string;
  valid_from: string;
  /** Inclusive; null = still in force. */
  valid_to: string | null;
  evidence: Evidence;
  note?: string;
}

export interface Indicator {
  code: string;
  name_vi: string;
  name_en: string;
  definition_vi: string;
  definition_en: string;
  work_area: string;
  kind: IndicatorKind;
  numerator?: string;
  denominator?: string;
  formula?: string;
  unit: IndicatorUnit;
  direction: Direction;
  aggregation?: { units?: 'sum' | 'ratio_of_sums'; time?: TimeAggregation };
  /** For a workload: the indicators it is made of (opening + Σ inflows − Σ outflows; resolved leave during the period). */
  workload?: WorkloadParts;
  /** Why the indicator aggregates as it does (every indicator was reviewed, issue 12). */
  aggregation_why?: string;
  levels?: ReportingLevel[];
  targets: Target[];
  aliases: string[];
  note?: string;
}

export interface WorkloadParts {
  opening?: string;
  inflows?: string[];
  outflows?: string[];
  /** What leaves the workload during the period (the numerator of its rate). */
  resolved: string;
  /** The stock still open at the end (absent: workload − resolved). */
  closing?: string;
}

export interface WorkArea {
  code: string;
  name_vi: string;
  name_en: string;
}

const INDICATORS = catalogData.indicators as unknown as Indicator[];
const WORK_AREAS = catalogData.work_areas as WorkArea[];
const BY_CODE = new Map(INDICATORS.map((i) => [i.code, i]));

/** Folded phrase → indicator. Codes first, then names, then aliases: an earlier entry wins. */
const BY_PHRASE = new Map<string, Indicator>();
function index(phrase: string, ind: Indicator): void {
  const k = fold(phrase);
  if (k && !BY_PHRASE.has(k)) BY_PHRASE.set(k, ind);
}
for (const i of INDICATORS) index(i.code, i);
for (const i of INDICATORS) {
  index(i.name_vi, i);
  index(i.name_en, i);
}
for (const i of INDICATORS) for (const a of i.aliases) index(a, i);

/** Every indicator, in catalog order. */
export function indicators(): readonly Indicator[] {
  return INDICATORS;
}

/** Every work area, in catalog order. */
export function workAreas(): readonly WorkArea[] {
  return WORK_AREAS;
}

export function indicatorByCode(code: string): Indicator | undefined {
  return BY_CODE.get(code);
}

/** Exact match (after folding) on code, Vietnamese or English name, or alias. */
export function resolveIndicator(codeOrPhrase: string): Indicator | undefined {
  return BY_CODE.get(codeOrPhrase.trim()) ?? BY_PHRASE.get(fold(codeOrPhrase));
}

export interface IndicatorMatch {
  indicator: Indicator;
  score: number;
  /** The code, name or alias that matched best. */
  matched: string;
}

function phraseScore(q: string, qTokens: string[], phrase: string): number {
  const p = fold(phrase);
  if (!p) return 0;
  if (p === q) return 100;
  if (p.startsWith(q)) return 80;
  if (p.includes(q)) return 60;
  const pTokens = new Set(p.split(' '));
  const hit = qTokens.filter((t) => pTokens.has(t)).length;
  if (hit === 0) return 0;
  // Token overlap, scaled below any substring match.
  return 50 * (hit / qTokens.length) * (hit / Math.max(qTokens.length, pTokens.size)) ** 0.25;
}

/** Ranked, diacritic-insensitive search over codes, names and aliases. */
export function searchIndicators(query: string, limit = 20): IndicatorMatch[] {
  const q = fold(query.replace(/_/g, ' '));
  if (!q) return INDICATORS.slice(0, limit).map((indicator) => ({ indicator, score: 0, matched: indicator.code }));
  const qTokens = q.split(' ');
  const out: IndicatorMatch[] = [];
  for (const ind of INDICATORS) {
    let best = 0;
    let matched = ind.code;
    for (const phrase of [ind.code.replace(/_/g, ' '), ind.name_vi, ind.name_en, ...ind.aliases]) {
      const s = phraseScore(q, qTokens, phrase);
      if (s > best) {
        best = s;
        matched = phrase;
      }
    }
    if (best > 0) out.push({ indicator: ind, score: Math.round(best * 10) / 10, matched });
  }
  // Stable order for equal scores: catalog order.
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The target in force at an ISO date (YYYY-MM-DD), or undefined. The most recent valid_from wins. */
export function targetAt(indicator: Indicator, isoDate: string): Target | undefined {
  const d = isoDate.slice(0, 10);
  let best: Target | undefined;
  for (const t of indicator.targets) {
    if (t.valid_from > d) continue;
    if (t.valid_to !== null && t.valid_to < d) continue;
    if (!best || t.valid_from > best.valid_from) best = t;
  }
  return best;
}

/** Whether a value meets a target. */
export function meetsTarget(value: number, target: Target): boolean {
  switch (target.comparator) {
    case '>=': return value >= target.threshold;
    case '>': return value > target.threshold;
    case '<=': return value <= target.threshold;
    case '<': return value < target.threshold;
    case '=': return value === target.threshold;
  }
}

/** How an indicator combines over time (from the catalog, or the default of its kind). */
export function timeAggregation(indicator: Pick<Indicator, 'kind' | 'aggregation'> & Partial<Pick<Indicator, 'denominator'>>): TimeAggregation {
  if (indicator.aggregation?.time) return indicator.aggregation.time;
  switch (indicator.kind) {
    case 'flow_count': return 'sum';
    case 'stock_count': return 'last';
    case 'workload': return 'workload';
    case 'rate': {
      const den = indicator.denominator ? BY_CODE.get(indicator.denominator) : undefined;
      return den?.kind === 'workload' ? 'ratio_over_workload' : 'ratio_of_sums';
    }
  }
}

/** The rate whose denominator is this workload (its numerator is the workload's resolved count). */
export function workloadRate(workloadCode: string): Indicator | undefined {
  return INDICATORS.find((i) => i.kind === 'rate' && i.denominator === workloadCode);
}

/** Whether units of a level report the indicator (no `levels` = every level). */
export function reportedAt(indicator: Indicator, level: ReportingLevel): boolean {
  return !indicator.levels || indicator.levels.includes(level);
}
