/**
 * Turns a month of simulated counts into a report as data-schemas/report.schema.json defines
 * it: counts as integers, each rate with its numerator and denominator and
 * value = 100 × numerator / denominator rounded to one decimal (omitted when the denominator is 0).
 */
import { indicatorByCode } from '../catalog.ts';
import { period as periodOf } from '../calendar.ts';
import type { InputReport, InputValue } from '../types.ts';
import type { Unit } from '../units.ts';
import { indicatorSetFor } from './indicator-sets.ts';
import type { Rng } from './prng.ts';

export function buildValues(unit: Unit, counts: Record<string, number>): InputValue[] {
  const out: InputValue[] = [];
  for (const code of indicatorSetFor(unit.level)) {
    const ind = indicatorByCode(code);
    if (!ind) throw new Error(`indicator ${code} is not in the catalog`);
    if (ind.kind === 'rate') {
      const n = counts[ind.numerator!];
      const d = counts[ind.denominator!];
      if (n === undefined || d === undefined) throw new Error(`no counts for ${code} at ${unit.id}`);
      if (d === 0) continue;
      out.push({ indicator: code, value: Math.round((1000 * n) / d) / 10, numerator: n, denominator: d });
    } else {
      const v = counts[code];
      if (v === undefined) throw new Error(`no count for ${code} at ${unit.id}`);
      out.push({ indicator: code, value: v });
    }
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO timestamp in Vietnam time, `days` after the given ISO date, at a working hour. */
export function vnTimestamp(isoDate: string, days: number, rng: Rng): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const hh = rng.int(7, 17);
  const mm = rng.int(0, 59);
  const ss = rng.int(0, 59);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hh)}:${pad(mm)}:${pad(ss)}+07:00`;
}

export function buildReport(opts: {
  unit: Unit;
  month: string;
  counts: Record<string, number>;
  generator: string;
  rng: Rng;
}): InputReport {
  const end = periodOf(opts.month).end;
  return {
    schema_version: 1,
    unit_id: opts.unit.id,
    scope: 'unit',
    period: opts.month,
    // Reports arrive a few days after the month ends.
    submitted_at: vnTimestamp(end, opts.rng.int(2, 12), opts.rng),
    revision: 1,
    source: { format: 'json', synthetic: true, generator: opts.generator },
    values: buildValues(opts.unit, opts.counts),
  };
}

/** Counts that a later revision may correct without breaking any other count of the report. */
const CORRECTABLE = ['appeal_protests', 'lessons_learned_notices', 'key_cases', 'model_trial_sessions', 'direct_inspections', 'conclusions_issued'];

/**
 * A later revision: a few standalone counts corrected, and some pending crime reports found to
 * have been resolved (resolved and pending change together, so the rate stays consistent).
 */
export function buildRevision(first: InputReport, unit: Unit, counts: Record<string, number>, rng: Rng): InputReport {
  const c = { ...counts };
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const code = CORRECTABLE[rng.int(0, CORRECTABLE.length - 1)];
    c[code] = Math.max(0, c[code] + (rng.next() < 0.75 ? rng.int(1, 3) : -1));
  }
  if (c.crime_reports_pending > 0) {
    const k = rng.int(1, Math.min(5, c.crime_reports_pending));
    c.crime_reports_resolved += k;
    c.crime_reports_pending -= k;
    c.crime_reports_overdue = Math.min(c.crime_reports_overdue, c.crime_reports_pending);
  }
  const firstDate = first.submitted_at.slice(0, 10);
  return {
    ...first,
    submitted_at: vnTimestamp(firstDate, rng.int(10, 45), rng),
    revision: 2,
    values: buildValues(unit, c),
  };
}

/** Deterministic JSON text: the header readable, one value per line. */
export function serializeReport(r: InputReport): string {
  const { values, ...head } = r;
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headText},\n  "values": [\n${values.map((v) => '    ' + JSON.stringify(v)).join(',\n')}\n  ]\n}\n`;
}
