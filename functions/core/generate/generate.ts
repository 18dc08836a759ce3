/**
 * The synthetic demo data, as a stream of files (path relative to the output directory and
 * text). Pure and deterministic: the same dataset and seed give the same bytes, whatever order
 * the caller writes them in. About 2 % of reports are missing and 1 % revised later.
 */
import { statYearOfMonth } from '../calendar.ts';
import type { Unit } from '../units.ts';
import { monthsOf, planDataset, slotCount, type DatasetName, type DatasetPlan } from './datasets.ts';
import { Rng } from './prng.ts';
import { buildReport, buildRevision, serializeReport } from './report.ts';
import { simulateUnit } from './simulate.ts';
import { sizes } from './sizes.ts';

export const MISSING_SHARE = 0.02;
export const REVISED_SHARE = 0.01;
export const DEFAULT_SEED = 1;

export interface GeneratedFile {
  /** Relative path: <statYear>/<unit_id>/<period>.json, or <period>.r2.json for a revision. */
  path: string;
  content: string;
  unit_id: string;
  period: string;
  revision: number;
  values: number;
}

/** One (unit, month) slot: no file when the report is missing, two when it was revised. */
export interface Slot {
  unit_id: string;
  period: string;
  missing: boolean;
  files: GeneratedFile[];
}

export function generatorLabel(dataset: DatasetName, seed: number): string {
  return `chitieu generate ${dataset} seed ${seed}`;
}

function* unitSlots(plan: DatasetPlan, unit: Unit, seed: number, sz: ReturnType<typeof sizes>): Generator<Slot> {
  const generator = generatorLabel(plan.name, seed);
  for (const { month, counts } of simulateUnit(unit, monthsOf(plan, unit), seed, sz)) {
    const fate = Rng.of(seed, 'fate', unit.id, month);
    const missing = fate.next() < MISSING_SHARE;
    const revised = !missing && fate.next() < REVISED_SHARE;
    if (missing) {
      yield { unit_id: unit.id, period: month, missing, files: [] };
      continue;
    }
    const rng = Rng.of(seed, 'report', unit.id, month);
    const first = buildReport({ unit, month, counts, generator, rng });
    const dir = `${statYearOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))}/${unit.id}`;
    const files: GeneratedFile[] = [
      { path: `${dir}/${month}.json`, content: serializeReport(first), unit_id: unit.id, period: month, revision: 1, values: first.values.length },
    ];
    if (revised) {
      const second = buildRevision(first, unit, counts, rng);
      files.push({ path: `${dir}/${month}.r2.json`, content: serializeReport(second), unit_id: unit.id, period: month, revision: 2, values: second.values.length });
    }
    yield { unit_id: unit.id, period: month, missing, files };
  }
}

/** Every slot of a dataset, unit by unit, months in order. */
export function* generateSlots(dataset: DatasetName, seed: number = DEFAULT_SEED): Generator<Slot> {
  const plan = planDataset(dataset);
  const sz = sizes(seed);
  for (const unit of [...plan.pre2025, ...plan.from2025]) yield* unitSlots(plan, unit, seed, sz);
}

/** Number of slots generateSlots yields (the progress total). */
export function datasetSlotCount(dataset: DatasetName): number {
  return slotCount(planDataset(dataset));
}
