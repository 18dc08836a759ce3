import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import reportSchema from '../../data-schemas/report.schema.json' with { type: 'json' };
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { PERIOD_TYPES, period, periodsBetween, statYearOfMonth } from '../../functions/core/calendar.ts';
import { indicatorByCode } from '../../functions/core/catalog.ts';
import { periodCounts, sumCounts, type Disagreement } from '../../functions/core/generate/period-reports.ts';
import { planDataset, monthsOf } from '../../functions/core/generate/datasets.ts';
import { LOCAL_SET, PROVINCE_SET } from '../../functions/core/generate/indicator-sets.ts';
import { datasetSlotCount, generateSlots, MANIFEST_FILE, type GeneratedFile } from '../../functions/core/generate/generate.ts';
import { Rng } from '../../functions/core/generate/prng.ts';
import type { InputReport } from '../../functions/core/types.ts';
import { unitById } from '../../functions/core/units.ts';

type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

function collect(dataset: 'small' | 'national-10y', seed: number): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  for (const s of generateSlots(dataset, seed)) out.push(...s.files);
  return out;
}

const small = collect('small', 7);
const all = small.map((f) => ({ file: f, report: JSON.parse(f.content) as InputReport }));
const isMonth = (label: string) => period(label).type === 'month';
/** Monthly reports (the period and "hai cấp" reports are checked on their own below). */
const reports = all.filter((r) => isMonth(r.report.period));
const firsts = reports.filter((r) => r.file.revision === 1);
const periodReports = all.filter((r) => !isMonth(r.report.period) && r.report.scope === 'unit');
const provinceTotals = all.filter((r) => r.report.scope === 'province_total');
const manifest: Disagreement[] = [...generateSlots('small', 7)].flatMap((s) => s.disagreements ?? []);

describe('PRNG', () => {
  it('is deterministic and roughly uniform', () => {
    const a = Rng.of(1, 'x');
    const b = Rng.of(1, 'x');
    const xs = Array.from({ length: 2000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 2000 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(Rng.of(1, 'x').next()).not.toBe(Rng.of(1, 'y').next());
    const r = Rng.of(3, 'p');
    const ps = Array.from({ length: 3000 }, () => r.poisson(12));
    expect(ps.reduce((s, x) => s + x, 0) / ps.length).toBeCloseTo(12, 0);
  });
});

describe('synthetic dataset "small"', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = collect('small', 7);
    expect(again.map((f) => f.path)).toEqual(small.map((f) => f.path));
    expect(again.map((f) => f.content)).toEqual(small.map((f) => f.content));
    const other = collect('small', 8);
    expect(other.map((f) => f.content).join('')).not.toEqual(small.map((f) => f.content).join(''));
  });

  it('has the expected size: 51 units × 19 months before the switch, 25 units × 5 months after, ~2 % missing, ~1 % revised', () => {
    expect(datasetSlotCount('small')).toBe(51 * 19 + 25 * 5);
    const missing = datasetSlotCount('small') - firsts.length;
    expect(missing).toBeGreaterThan(3);
    expect(missing).toBeLessThan(60);
    const revised = reports.length - firsts.length;
    expect(revised).toBeGreaterThan(0);
    expect(revised).toBeLessThan(40);
    expect(reports.length).toBeGreaterThan(1000);
    expect(reports.length).toBeLessThan(1150);
    for (const r of reports) {
      const n = r.report.values.length;
      expect(n).toBeGreaterThanOrEqual(30);
      expect(n).toBeLessThanOrEqual(PROVINCE_SET.length);
    }
  });

  it('writes reports that validate against report.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(reportSchema);
    const sample = all.filter((r, i) => i % 7 === 0 || r.file.revision === 2 || r.report.scope === 'province_total');
    expect(sample.length).toBeGreaterThan(250);
    for (const { file, report } of sample) expect(validate(report), `${file.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('marks every report synthetic, unit scope, with its generator and a plausible submission time', () => {
    for (const { file, report } of reports) {
      expect(report.schema_version).toBe(1);
      expect(report.scope).toBe('unit');
      expect(report.source).toEqual({ format: 'json', synthetic: true, generator: 'chitieu generate small seed 7' });
      expect(report.submitted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      const [y, m] = report.period.split('-').map(Number);
      const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      expect(report.submitted_at.slice(0, 10) > monthEnd).toBe(true);
      expect(file.path).toBe(`${statYearOfMonth(y, m)}/${report.unit_id}/${report.period}${file.revision === 2 ? '.r2' : ''}.json`);
      expect(report.revision).toBe(file.revision);
    }
  });

  it('keeps counts and rates consistent', () => {
    // Problems are collected rather than asserted one by one: ~45,000 values.
    const errors: string[] = [];
    const check = (ok: boolean, msg: string) => { if (!ok) errors.push(msg); };
    for (const { file, report } of reports) {
      const v = new Map(report.values.map((x) => [x.indicator, x]));
      check(v.size === report.values.length, `${file.path}: duplicate indicator`);
      for (const x of report.values) {
        const ind = indicatorByCode(x.indicator);
        if (!ind) { errors.push(`${file.path}: unknown ${x.indicator}`); continue; }
        const at = `${file.path} ${x.indicator}`;
        if (ind.kind === 'rate') {
          check(x.numerator === v.get(ind.numerator!)?.value, `${at}: numerator`);
          check(x.denominator === v.get(ind.denominator!)?.value, `${at}: denominator`);
          check(x.denominator! > 0 && x.numerator! <= x.denominator!, `${at}: ${x.numerator}/${x.denominator}`);
          check(x.value === Math.round((1000 * x.numerator!) / x.denominator!) / 10, `${at}: value ${x.value}`);
        } else {
          check(Number.isInteger(x.value) && x.value >= 0, `${at}=${x.value}`);
          check(x.numerator === undefined && x.denominator === undefined, `${at}: parts on a count`);
        }
      }
      const n = (c: string) => v.get(c)!.value;
      check(n('crime_reports_to_resolve') === n('crime_reports_received') + n('crime_reports_carried_over') - n('crime_reports_transferred'), `${file.path}: to_resolve`);
      check(n('crime_reports_pending') === n('crime_reports_to_resolve') - n('crime_reports_resolved'), `${file.path}: pending`);
      // A rate is left out only when its denominator is 0.
      const expected = unitById(report.unit_id!)!.level === 'province' ? PROVINCE_SET : LOCAL_SET;
      for (const code of expected) {
        const ind = indicatorByCode(code)!;
        if (!v.has(code)) check(ind.kind === 'rate' && n(ind.denominator!) === 0, `${file.path} lacks ${code}`);
      }
    }
    expect(errors.slice(0, 10)).toEqual([]);
  });

  it('carries pending crime reports over to the next month', () => {
    const byKey = new Map(firsts.map((r) => [`${r.report.unit_id}|${r.report.period}`, r.report]));
    let checked = 0;
    for (const r of firsts) {
      const [y, m] = r.report.period.split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      const n = byKey.get(`${r.report.unit_id}|${next}`);
      if (!n) continue;
      const pending = r.report.values.find((x) => x.indicator === 'crime_reports_pending')!.value;
      expect(n.values.find((x) => x.indicator === 'crime_reports_carried_over')!.value).toBe(pending);
      checked++;
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('switches structure on 2025-07-01: no pre-2025 unit after 2025-06, no 2025 unit before 2025-07', () => {
    for (const { report } of reports) {
      const u = unitById(report.unit_id!)!;
      if (u.era === 'pre2025') expect(report.period < '2025-07', `${u.id} ${report.period}`).toBe(true);
      else expect(report.period >= '2025-07', `${u.id} ${report.period}`).toBe(true);
    }
    const after = new Set(reports.filter((r) => r.report.period >= '2025-07').map((r) => unitById(r.report.unit_id!)!.province_id));
    expect([...after].sort()).toEqual(['p34-44', 'p34-92']);
    const before = new Set(reports.filter((r) => r.report.period < '2025-07').map((r) => unitById(r.report.unit_id!)!.province_id));
    expect([...before].sort()).toEqual(['p63-44', 'p63-45', 'p63-92', 'p63-93', 'p63-94']);
    expect(reports.some((r) => r.report.unit_id!.startsWith('kv-92-'))).toBe(true);
    const months = new Set(reports.map((r) => r.report.period));
    expect([...months].sort()[0]).toBe('2023-12');
    expect([...months].sort().at(-1)).toBe('2025-11');
  });

  it('revises about 1 % of reports with a later submission and a few changed values', () => {
    const revs = reports.filter((r) => r.file.revision === 2);
    for (const r2 of revs) {
      const r1 = reports.find((r) => r.file.revision === 1 && r.report.unit_id === r2.report.unit_id && r.report.period === r2.report.period)!;
      expect(r1).toBeDefined();
      expect(r2.report.submitted_at > r1.report.submitted_at).toBe(true);
      const changed = r2.report.values.filter((x, i) => JSON.stringify(x) !== JSON.stringify(r1.report.values[i]));
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.length).toBeLessThan(10);
    }
  });
});

/** A period's figure by hand from the months' current reports, by the catalog's rule for the indicator. */
function byHand(code: string, months: InputReport[]): number {
  const ind = indicatorByCode(code)!;
  const v = (r: InputReport, c: string) => r.values.find((x) => x.indicator === c)!.value;
  switch (ind.kind) {
    case 'stock_count': return ind.aggregation?.time === 'first' ? v(months[0], code) : v(months[months.length - 1], code);
    case 'workload': {
      const res = ind.workload!.resolved;
      const last = months[months.length - 1];
      return months.reduce((s, r) => s + v(r, res), 0) + v(last, code) - v(last, res);
    }
    default: return months.reduce((s, r) => s + v(r, code), 0);
  }
}

describe('period reports of the "small" dataset (quarter, 6 and 9 months, year; hai cấp)', () => {
  const plan = planDataset('small');
  const current = new Map<string, InputReport>();
  for (const { report } of reports) {
    const k = `${report.unit_id}|${report.period}`;
    if (!current.has(k) || (current.get(k)!.revision ?? 1) < (report.revision ?? 1)) current.set(k, report);
  }
  const key = (d: Pick<Disagreement, 'unit_id' | 'scope' | 'period' | 'indicator'>) => `${d.unit_id}|${d.scope}|${d.period}|${d.indicator}`;

  it('every unit sends one for every period inside its era, after the period ends; none across the July 2025 merger', () => {
    const got = new Map(periodReports.map((r) => [`${r.report.unit_id}|${r.report.period}`, r]));
    expect(got.size).toBe(periodReports.length);
    let expected = 0;
    for (const unit of [...plan.pre2025, ...plan.from2025]) {
      const months = new Set(monthsOf(plan, unit));
      for (const type of PERIOD_TYPES.filter((t) => t !== 'month')) {
        for (const p of periodsBetween(type, 2024, 2025)) {
          const inside = p.months.every((m) => months.has(m));
          const r = got.get(`${unit.id}|${p.label}`);
          expect(r !== undefined, `${unit.id} ${p.label}`).toBe(inside);
          if (!r) continue;
          expected++;
          expect(r.report.submitted_at.slice(0, 10) > p.end, `${unit.id} ${p.label}`).toBe(true);
          expect(r.file.path).toBe(`${p.statYear}/${unit.id}/${p.label}.json`);
        }
      }
    }
    expect(expected).toBe(periodReports.length);
    // 2025-H1 (December–May) lies inside the old era, 2025-Q3 (June–August) inside neither
    expect(got.has('p63-94|2025-H1')).toBe(true);
    expect(got.has('p63-94|2025-Q3') || got.has('p34-92|2025-Q3')).toBe(false);
    expect(got.has('p34-92|2025-Q4')).toBe(true);
  });

  it('states each period as its months add up by the catalog (workloads as Σ resolved + still open), except the recorded disagreements', () => {
    const found = new Set<string>();
    let compared = 0;
    for (const { report } of periodReports) {
      const months = period(report.period).months.map((m) => current.get(`${report.unit_id}|${m}`));
      if (months.some((m) => !m)) continue;
      for (const v of report.values) {
        if (indicatorByCode(v.indicator)!.kind === 'rate') continue;
        compared++;
        const expected = byHand(v.indicator, months as InputReport[]);
        if (v.value !== expected) found.add(`${report.unit_id}|unit|${report.period}|${v.indicator}|${v.value}|${expected}`);
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    const recorded = manifest.filter((d) => d.scope === 'unit').map((d) => `${key(d)}|${d.reported}|${d.rolled_up}`);
    expect([...found].sort()).toEqual(recorded.sort());
    expect(recorded.length).toBeGreaterThan(0);
    expect(new Set(manifest.map((d) => d.kind))).toEqual(new Set(['typed_digit', 'month_revised_after']));
  });

  it('recomputes rates of a period report from its own parts', () => {
    for (const { report } of [...periodReports, ...provinceTotals]) {
      const by = new Map(report.values.map((v) => [v.indicator, v]));
      for (const v of report.values) {
        const ind = indicatorByCode(v.indicator)!;
        if (ind.kind !== 'rate') continue;
        expect(v.numerator).toBe(by.get(ind.numerator!)!.value);
        expect(v.denominator).toBe(by.get(ind.denominator!)!.value);
      }
    }
  });

  it('a month revised after the annual report: its revision comes after the year\'s report', () => {
    const late = manifest.filter((d) => d.kind === 'month_revised_after');
    for (const d of late) {
      const revision = reports.filter((r) => r.report.unit_id === d.unit_id && r.report.period === d.month).at(-1)!;
      const year = periodReports.find((r) => r.report.unit_id === d.unit_id && r.report.period === `${period(d.month!).statYear}-Y`)!;
      expect(revision.report.revision).toBe(2);
      expect(revision.report.submitted_at > year.report.submitted_at).toBe(true);
    }
  });

  it('a province\'s "hai cấp" report is the sum of its units\' period reports, except recorded typos', () => {
    expect(provinceTotals.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const { report, file } of provinceTotals) {
      expect(file.path).toBe(`${period(report.period).statYear}/${report.unit_id}/${report.period}.hai-cap.json`);
      const members = [unitById(report.unit_id!)!, ...[...plan.pre2025, ...plan.from2025].filter((u) => u.parent_id === report.unit_id)];
      const parts = members.map((u) => periodReports.find((r) => r.report.unit_id === u.id && r.report.period === report.period)!.report);
      const total = sumCounts(parts.map((r) => Object.fromEntries(r.values.filter((v) => indicatorByCode(v.indicator)!.kind !== 'rate').map((v) => [v.indicator, v.value]))));
      for (const v of report.values) {
        if (indicatorByCode(v.indicator)!.kind === 'rate') continue;
        if (v.value !== total[v.indicator]) found.push(`${report.unit_id}|province_total|${report.period}|${v.indicator}`);
      }
    }
    expect(found.sort()).toEqual(manifest.filter((d) => d.scope === 'province_total').map(key).sort());
  });

  it('the generator\'s roll-up helper agrees with the hand computation', () => {
    const months = periodsBetween('month', 2024, 2024).map((p) => current.get(`p63-94|${p.label}`)).filter(Boolean) as InputReport[];
    const counts = months.map((r) => Object.fromEntries(r.values.filter((v) => indicatorByCode(v.indicator)!.kind !== 'rate').map((v) => [v.indicator, v.value])));
    const rolled = periodCounts(counts);
    for (const code of Object.keys(rolled)) expect(rolled[code], code).toBe(byHand(code, months));
  });
});

describe('national-10y plan', () => {
  it('covers 768 units × 115 months and 389 units × 5 months', () => {
    expect(datasetSlotCount('national-10y')).toBe(768 * 115 + 389 * 5);
  });
});

describe('generateDataset (files on disk)', () => {
  let dirA: string;
  let dirB: string;
  beforeAll(() => {
    dirA = mkdtempSync(join(tmpdir(), 'chitieu-gen-a-'));
    dirB = mkdtempSync(join(tmpdir(), 'chitieu-gen-b-'));
  });
  afterAll(() => {
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  });

  function tree(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else out.set(relative(dir, p), readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    return out;
  }

  it('writes the same bytes twice and reports progress and counts', async () => {
    const progress: [number, number][] = [];
    const a = await generateDataset({ dataset: 'small', out: dirA, seed: 7, onProgress: (d, t) => progress.push([d, t]) });
    const b = await generateDataset({ dataset: 'small', out: dirB, seed: 7 });
    expect(a).toEqual(b);
    expect(a.files).toBe(small.length);
    expect(a.reports).toBe(firsts.length + periodReports.length + provinceTotals.length);
    expect(a.periodReports).toBe(periodReports.length + provinceTotals.length);
    expect(a.values).toBe(small.reduce((s, f) => s + f.values, 0));
    const ta = tree(dirA);
    // the files, and the manifest of deliberate disagreements beside them
    expect(ta.size).toBe(a.files + 1);
    expect(JSON.parse(ta.get(MANIFEST_FILE)!).disagreements).toEqual(manifest);
    expect(ta).toEqual(tree(dirB));
    expect(ta.get(small[0].path)).toBe(small[0].content);
    expect(progress.at(-1)).toEqual([datasetSlotCount('small'), datasetSlotCount('small')]);
  });

  it('writes a chosen part of the same files (the first start writes the latest year first, the rest in a second pass)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'chitieu-gen-o-'));
    try {
      const full = tree(dirA); // written by the test above, same dataset and seed
      const years = [...new Set([...full.keys()].filter((k) => k !== MANIFEST_FILE).map((k) => k.split('/')[0]))].sort();
      expect(years.length).toBeGreaterThan(1);
      const latest = years.at(-1)!;
      await generateDataset({ dataset: 'small', out: d, seed: 7, only: (path) => path.split('/')[0] === latest });
      const first = tree(d);
      expect([...first.keys()].filter((k) => k !== MANIFEST_FILE).every((k) => k.startsWith(`${latest}/`))).toBe(true);
      expect(first.size).toBeGreaterThan(1);
      await generateDataset({ dataset: 'small', out: d, seed: 7, force: true, only: (path) => path.split('/')[0] !== latest });
      expect(tree(d)).toEqual(full);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('leaves period reports out for a share of provinces (a dataset option), with an empty manifest at 0', async () => {
    const d = mkdtempSync(join(tmpdir(), 'chitieu-gen-d-'));
    const e = mkdtempSync(join(tmpdir(), 'chitieu-gen-e-'));
    try {
      const none = await generateDataset({ dataset: 'small', out: d, seed: 7, periodReportShare: 0 });
      expect(none.periodReports).toBe(0);
      // nor the months revised after an annual report that was never sent
      const late = new Set(manifest.filter((x) => x.kind === 'month_revised_after').map((x) => `${x.unit_id}|${x.month}`));
      expect(none.files).toBe(reports.length - late.size);
      expect(JSON.parse(readFileSync(join(d, MANIFEST_FILE), 'utf8')).disagreements).toEqual([]);
      const some = await generateDataset({ dataset: 'small', out: e, seed: 7, periodReportShare: 0.5 });
      expect(some.periodReports).toBeGreaterThan(0);
      expect(some.periodReports).toBeLessThan(periodReports.length + provinceTotals.length);
      await expect(generateDataset({ dataset: 'small', out: join(d, 'x'), periodReportShare: 2 })).rejects.toThrow(/0\.\.1/);
    } finally {
      rmSync(d, { recursive: true, force: true });
      rmSync(e, { recursive: true, force: true });
    }
  });

  it('refuses a non-empty directory without force, and an unknown dataset', async () => {
    const d = mkdtempSync(join(tmpdir(), 'chitieu-gen-c-'));
    try {
      writeFileSync(join(d, 'x.txt'), 'x');
      await expect(generateDataset({ dataset: 'small', out: d })).rejects.toThrow(/không rỗng|not empty/);
      await expect(generateDataset({ dataset: 'huge' as 'small', out: join(d, 'y') })).rejects.toThrow(/unknown dataset/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
