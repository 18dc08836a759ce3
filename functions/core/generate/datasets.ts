/**
 * The synthetic datasets: which units report which months. Pre-2025 units (p63 provinces and
 * districts) report until 2025-06; from 2025-07 the 34 provinces and their regional units do.
 */
import { periodsBetween } from '../calendar.ts';
import { childrenOf, unitById, units, type Unit } from '../units.ts';

export type DatasetName = 'national-10y' | 'small';
export const DATASETS: readonly DatasetName[] = ['national-10y', 'small'];

/** First month reported by the 2025 structure. */
export const SWITCH_MONTH = '2025-07';

export interface DatasetPlan {
  name: DatasetName;
  statYears: [number, number];
  /** Every calendar month label, in order. */
  months: string[];
  /** Units of each era, provinces before their children. */
  pre2025: Unit[];
  from2025: Unit[];
}

function withChildren(ids: string[]): Unit[] {
  const out: Unit[] = [];
  for (const id of ids) {
    const u = unitById(id);
    if (!u) throw new Error(`unknown unit ${id}`);
    out.push(u, ...childrenOf(id));
  }
  return out;
}

export function planDataset(name: DatasetName): DatasetPlan {
  if (name === 'national-10y') {
    const all = units();
    const provinces63 = all.filter((u) => u.era === 'pre2025' && u.level === 'province');
    const provinces34 = all.filter((u) => u.era === '2025' && u.level === 'province');
    return {
      name,
      statYears: [2016, 2025],
      months: periodsBetween('month', 2016, 2025).map((p) => p.label),
      pre2025: withChildren(provinces63.map((u) => u.id)),
      from2025: withChildren(provinces34.map((u) => u.id)),
    };
  }
  if (name === 'small') {
    // Sóc Trăng, Cần Thơ, Hậu Giang → new Cần Thơ; Quảng Bình, Quảng Trị → new Quảng Trị.
    return {
      name,
      statYears: [2024, 2025],
      months: periodsBetween('month', 2024, 2025).map((p) => p.label),
      pre2025: withChildren(['p63-94', 'p63-92', 'p63-93', 'p63-44', 'p63-45']),
      from2025: withChildren(['p34-92', 'p34-44']),
    };
  }
  throw new Error(`Bộ dữ liệu không tồn tại / unknown dataset: ${String(name)}`);
}

/** Months a unit reports in a plan. */
export function monthsOf(plan: DatasetPlan, unit: Unit): string[] {
  return unit.era === 'pre2025' ? plan.months.filter((m) => m < SWITCH_MONTH) : plan.months.filter((m) => m >= SWITCH_MONTH);
}

/** Number of (unit, month) slots in a plan: the progress total. */
export function slotCount(plan: DatasetPlan): number {
  const pre = plan.months.filter((m) => m < SWITCH_MONTH).length;
  const post = plan.months.length - pre;
  return plan.pre2025.length * pre + plan.from2025.length * post;
}
