import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import reportSchema from '../../data-schemas/report.schema.json' with { type: 'json' };
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { statYearOfMonth } from '../../functions/core/calendar.ts';
import { indicatorByCode } from '../../functions/core/catalog.ts';
import { LOCAL_SET, PROVINCE_SET } from '../../functions/core/generate/indicator-sets.ts';
import { datasetSlotCount, generateSlots, type GeneratedFile } from '../../functions/core/generate/generate.ts';
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
const reports = small.map((f) => ({ file: f, report: JSON.parse(f.content) as InputReport }));
const firsts = reports.filter((r) => r.file.revision === 1);

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
    expect(small.length).toBeGreaterThan(1000);
    expect(small.length).toBeLessThan(1150);
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
    const sample = reports.filter((r, i) => i % 7 === 0 || r.file.revision === 2);
    expect(sample.length).toBeGreaterThan(150);
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
    expect(a.reports).toBe(firsts.length);
    expect(a.values).toBe(small.reduce((s, f) => s + f.values, 0));
    const ta = tree(dirA);
    expect(ta.size).toBe(a.files);
    expect(ta).toEqual(tree(dirB));
    expect(ta.get(small[0].path)).toBe(small[0].content);
    expect(progress.at(-1)).toEqual([datasetSlotCount('small'), datasetSlotCount('small')]);
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
