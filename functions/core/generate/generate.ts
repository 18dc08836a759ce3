/**
 * The synthetic demo data, as a stream of files (path relative to the output directory and
 * text). Pure and deterministic: the same dataset and seed give the same bytes, whatever order
 * the caller writes them in. About 2 % of monthly reports are missing and 1 % revised later.
 * Units also send cumulative quarter, 6-month, 9-month and annual reports for every period that
 * lies inside their era, and each province a "hai cấp" report of its office and units together,
 * from the same simulation; a small recorded share of those disagree with the months (see
 * period-reports.ts), listed in each slot's `disagreements` for the manifest.
 */
import { PERIOD_TYPES, periodsBetween, period as periodOf, statYearOfMonth, type Period } from '../calendar.ts';
import { indicatorByCode } from '../catalog.ts';
import type { InputReport } from '../types.ts';
import type { Unit } from '../units.ts';
import { monthsOf, planDataset, slotCount, type DatasetName, type DatasetPlan } from './datasets.ts';
import { Rng } from './prng.ts';
import {
  coveredPeriods, LATE_REVISION_SHARE, LATE_REVISION_TARGETS, mistype, periodCounts, PROVINCE_TYPO_SHARE, sumCounts, TYPO_SHARE,
  TYPO_TARGETS, type Disagreement,
} from './period-reports.ts';
import { buildReport, buildRevision, buildValues, serializeReport, vnTimestamp } from './report.ts';
import { simulateUnit } from './simulate.ts';
import { sizes } from './sizes.ts';

export const MISSING_SHARE = 0.02;
export const REVISED_SHARE = 0.01;
export const DEFAULT_SEED = 1;
/** Share of provinces whose units send period reports (all by default; a dataset option). */
export const DEFAULT_PERIOD_REPORT_SHARE = 1;
/** Where the manifest of recorded disagreements is written, beside the reports (ingest skips dot files). */
export const MANIFEST_FILE = '.manifest.json';

export interface GenerateSlotOptions {
  /** Share of provinces (all their units and their "hai cấp" report) that send period reports, 0..1. */
  periodReportShare?: number;
}

export interface GeneratedFile {
  /** Relative path: <statYear>/<unit_id>/<period>.json, or <period>.r2.json for a revision. */
  path: string;
  content: string;
  unit_id: string;
  period: string;
  revision: number;
  values: number;
}

/**
 * One (unit, month) slot: no file when the report is missing, two when it was revised; or one
 * period report (kind 'period', 'province_total'), or a month revised after the annual report
 * ('late_revision').
 */
export interface Slot {
  unit_id: string;
  period: string;
  missing: boolean;
  files: GeneratedFile[];
  kind?: 'month' | 'period' | 'province_total' | 'late_revision';
  /** Figures of this slot's report that do not reconcile, and why. */
  disagreements?: Disagreement[];
}

export function generatorLabel(dataset: DatasetName, seed: number): string {
  return `chitieu generate ${dataset} seed ${seed}`;
}

const PERIOD_KINDS = PERIOD_TYPES.filter((t) => t !== 'month');

/** Counts as the unit last reported them for a month (a revision's), from its values. */
function countsOf(report: InputReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of report.values) if (indicatorByCode(v.indicator)?.kind !== 'rate') out[v.indicator] = v.value;
  return out;
}

function file(unit: Unit, label: string, report: InputReport, suffix = ''): GeneratedFile {
  const statYear = periodOf(label).statYear;
  return {
    path: `${statYear}/${unit.id}/${label}${suffix}.json`, content: serializeReport(report), unit_id: unit.id, period: label,
    revision: report.revision ?? 1, values: report.values.length,
  };
}

/** A unit's period figures as sent, for its province's "hai cấp" report. */
type PeriodFigures = Map<string, Record<string, number>>;

function* unitSlots(plan: DatasetPlan, unit: Unit, seed: number, sz: ReturnType<typeof sizes>, withPeriods: boolean, sent: PeriodFigures): Generator<Slot> {
  const generator = generatorLabel(plan.name, seed);
  const months = monthsOf(plan, unit);
  // what the unit knows of each month at the end (its revisions included), and what it sent
  const known = new Map<string, Record<string, number>>();
  const sentMonth = new Map<string, InputReport>();
  const revisedMonths = new Set<string>();
  for (const { month, counts } of simulateUnit(unit, months, seed, sz)) {
    const fate = Rng.of(seed, 'fate', unit.id, month);
    const missing = fate.next() < MISSING_SHARE;
    const revised = !missing && fate.next() < REVISED_SHARE;
    known.set(month, counts);
    if (missing) {
      yield { unit_id: unit.id, period: month, missing, files: [], kind: 'month' };
      continue;
    }
    const rng = Rng.of(seed, 'report', unit.id, month);
    const first = buildReport({ unit, month, counts, generator, rng });
    const files: GeneratedFile[] = [file(unit, month, first)];
    sentMonth.set(month, first);
    if (revised) {
      const second = buildRevision(first, unit, counts, rng);
      files.push(file(unit, month, second, '.r2'));
      known.set(month, { ...counts, ...countsOf(second) });
      sentMonth.set(month, second);
      revisedMonths.add(month);
    }
    yield { unit_id: unit.id, period: month, missing, files, kind: 'month' };
  }
  if (!withPeriods) return;

  const periods = coveredPeriods(
    PERIOD_KINDS.flatMap((t) => periodsBetween(t, plan.statYears[0], plan.statYears[1])),
    new Set(months),
  );
  const complete = (p: Period) => p.months.every((m) => sentMonth.has(m));

  // A month revised after the annual report: chosen per statistical year, among months sent once.
  const late = new Map<string, { month: string; code: string; by: number; after: Period }>();
  for (const year of periods.filter((p) => p.type === 'year')) {
    const rng = Rng.of(seed, 'late-revision', unit.id, year.label);
    if (rng.next() >= LATE_REVISION_SHARE) continue;
    const candidates = year.months.filter((m) => sentMonth.has(m) && !revisedMonths.has(m));
    if (candidates.length === 0) continue;
    const month = candidates[rng.int(0, candidates.length - 1)];
    late.set(month, { month, code: LATE_REVISION_TARGETS[rng.int(0, LATE_REVISION_TARGETS.length - 1)], by: rng.int(1, 3), after: year });
  }

  const submitted = new Map<string, string>();
  for (const p of periods) {
    const rng = Rng.of(seed, 'period-report', unit.id, p.label);
    const counts = periodCounts(p.months.map((m) => known.get(m)!));
    const report: InputReport = {
      schema_version: 1,
      unit_id: unit.id,
      scope: 'unit',
      period: p.label,
      // cumulative reports are due a little after the period ends
      submitted_at: vnTimestamp(p.end, rng.int(5, 20), rng),
      revision: 1,
      source: { format: 'json', synthetic: true, generator },
      values: [],
    };
    const disagreements: Disagreement[] = [];
    const asSent = { ...counts };
    if (complete(p) && rng.next() < TYPO_SHARE) {
      const targets = TYPO_TARGETS.filter((c) => c in counts);
      const code = targets[rng.int(0, targets.length - 1)];
      asSent[code] = mistype(counts[code], rng);
      disagreements.push({ kind: 'typed_digit', unit_id: unit.id, scope: 'unit', period: p.label, indicator: code, reported: asSent[code], rolled_up: counts[code] });
    }
    // a later revision of one of its months leaves this report with the old figure
    for (const m of p.months) {
      const l = late.get(m);
      if (!l || !complete(p)) continue;
      disagreements.push({ kind: 'month_revised_after', unit_id: unit.id, scope: 'unit', period: p.label, indicator: l.code, reported: asSent[l.code], rolled_up: asSent[l.code] + l.by, month: m });
    }
    report.values = buildValues(unit, asSent);
    submitted.set(p.label, report.submitted_at);
    // what the province adds up for its "hai cấp" report: the counts this report states
    sent.set(p.label, Object.fromEntries(report.values.filter((v) => indicatorByCode(v.indicator)?.kind !== 'rate').map((v) => [v.indicator, v.value])));
    yield { unit_id: unit.id, period: p.label, missing: false, files: [file(unit, p.label, report)], kind: 'period', disagreements };
  }

  for (const l of late.values()) {
    const rng = Rng.of(seed, 'late-revision-report', unit.id, l.month);
    const before = sentMonth.get(l.month)!;
    const counts = { ...known.get(l.month)!, [l.code]: known.get(l.month)![l.code] + l.by };
    const after = submitted.get(l.after.label)!;
    const report: InputReport = {
      ...before,
      submitted_at: vnTimestamp(after.slice(0, 10), rng.int(10, 40), rng),
      revision: (before.revision ?? 1) + 1,
      values: buildValues(unit, counts),
    };
    yield { unit_id: unit.id, period: l.month, missing: false, files: [file(unit, l.month, report, `.r${report.revision}`)], kind: 'late_revision' };
  }
}

/** A province's "hai cấp" reports: its office and units together, for every period all of them reported. */
function* provinceSlots(plan: DatasetPlan, office: Unit, members: readonly Unit[], sentByUnit: Map<string, PeriodFigures>, seed: number): Generator<Slot> {
  const generator = generatorLabel(plan.name, seed);
  const labels = [...(sentByUnit.get(office.id)?.keys() ?? [])];
  for (const label of labels) {
    const parts = members.map((u) => sentByUnit.get(u.id)?.get(label));
    if (parts.some((x) => x === undefined)) continue;
    const total = sumCounts(parts as Record<string, number>[]);
    const rng = Rng.of(seed, 'province-total', office.id, label);
    const asSent = { ...total };
    const disagreements: Disagreement[] = [];
    if (rng.next() < PROVINCE_TYPO_SHARE) {
      const code = TYPO_TARGETS[rng.int(0, TYPO_TARGETS.length - 1)];
      asSent[code] = mistype(total[code], rng);
      disagreements.push({ kind: 'typed_digit', unit_id: office.id, scope: 'province_total', period: label, indicator: code, reported: asSent[code], rolled_up: total[code] });
    }
    const report: InputReport = {
      schema_version: 1,
      unit_id: office.id,
      scope: 'province_total',
      period: label,
      submitted_at: vnTimestamp(periodOf(label).end, rng.int(20, 30), rng),
      revision: 1,
      source: { format: 'json', synthetic: true, generator },
      values: buildValues(office, asSent),
    };
    yield { unit_id: office.id, period: label, missing: false, files: [file(office, label, report, '.hai-cap')], kind: 'province_total', disagreements };
  }
}

/**
 * Every slot of a dataset, province by province (its office first, then its units, months in
 * order, then their period reports), each province closing with its "hai cấp" reports.
 */
export function* generateSlots(dataset: DatasetName, seed: number = DEFAULT_SEED, opts: GenerateSlotOptions = {}): Generator<Slot> {
  const plan = planDataset(dataset);
  const sz = sizes(seed);
  const share = opts.periodReportShare ?? DEFAULT_PERIOD_REPORT_SHARE;
  const all = [...plan.pre2025, ...plan.from2025];
  for (let i = 0; i < all.length; ) {
    const office = all[i];
    let j = i + 1;
    while (j < all.length && all[j].province_id === office.province_id && all[j].level !== 'province') j++;
    const members = all.slice(i, j);
    const withPeriods = share >= 1 || (share > 0 && Rng.of(seed, 'period-share', office.province_id).next() < share);
    const sentByUnit = new Map<string, PeriodFigures>();
    for (const unit of members) {
      const sent: PeriodFigures = new Map();
      sentByUnit.set(unit.id, sent);
      yield* unitSlots(plan, unit, seed, sz, withPeriods, sent);
    }
    if (withPeriods && office.level === 'province') yield* provinceSlots(plan, office, members, sentByUnit, seed);
    i = j;
  }
}

/** Number of (unit, month) slots generateSlots yields (the progress total). */
export function datasetSlotCount(dataset: DatasetName): number {
  return slotCount(planDataset(dataset));
}
