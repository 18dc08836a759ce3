/**
 * The scheduled comparison on the `small` warehouse (Sóc Trăng, Cần Thơ, Hậu Giang → new Cần Thơ;
 * Quảng Bình, Quảng Trị → new Quảng Trị; statistical years 2024–2025): which period "latest" is,
 * the digest (parsed with linkedom: right provinces, đạt / chưa đạt lists, no external request,
 * escaping), the tables against the named analyses, the atomic pointer switch (re-runs, a crash
 * mid-write, a reader checking at every write), and the explorer extracts.
 */
import { compareCli } from '../helpers/compare-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { parquetReadObjects } from 'hyparquet';
import { fromArrow } from 'arquero';
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import type { PutOptions, Storage } from '../../functions/adapters/storage/storage.ts';
import { namedQuery, prepareParams, querySql } from '../../functions/queries/registry.ts';
import { period as periodOf } from '../../functions/core/calendar.ts';
import { runCompare } from '../../functions/compare/run-compare.ts';
import { runCompareJob, type JobResult } from '../../functions/compare/job.ts';
import { findLatestPeriod, unitList } from '../../functions/compare/gather.ts';
import { isClosed } from '../../functions/compare/closed-period.ts';
import { readLatest, readPointer, type RunPointer } from '../../functions/compare/publish.ts';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { assembleComparison, type CompareAnswers } from '../../functions/compare/assemble.ts';
import { periodContext } from '../../functions/compare/closed-period.ts';
import { provincesAt } from '../../functions/core/units.ts';
import { MANIFEST_KEY, refreshExtracts, type Manifest } from '../../functions/compare/extracts/refresh.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const NOW = new Date('2026-11-21T03:00:00Z');
/** A few indicators keep the extra runs quick; the first run compares them all. */
const SOME = ['crime_report_resolution_rate', 'prosecution_on_time_rate', 'crime_reports_received', 'detention_overdue', 'direct_inspections'];

let input: string;
let wh: string;
let engine: DuckDbEngine;
let storage: FsStorage;
let first: JobResult;

async function analysis(name: string, raw: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return (await engine.query(querySql(name), { params: prepareParams(namedQuery(name)!, raw) })).rows;
}

async function json<T>(key: string): Promise<T> {
  const b = await storage.get(key);
  if (!b) throw new Error(`missing ${key}`);
  return JSON.parse(new TextDecoder().decode(b)) as T;
}

async function text(key: string): Promise<string> {
  return new TextDecoder().decode((await storage.get(key))!);
}

function fileKey(p: RunPointer, name: string, format: string): string {
  return p.files.find((f) => f.name === name && f.format === format)!.key;
}

function doc(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

beforeAll(async () => {
  input = mkdtempSync(join(tmpdir(), 'chitieu-compare-in-'));
  wh = mkdtempSync(join(tmpdir(), 'chitieu-compare-wh-'));
  await generateDataset({ dataset: 'small', out: input, seed: 7 });
  await ingestPaths(wh, [input]);
  engine = await DuckDbEngine.open(wh, { views: sharedViews() });
  storage = new FsStorage(wh);
  first = await runCompareJob({ engine, storage, period: 'latest', now: NOW });
}, 600_000);

afterAll(async () => {
  await engine?.close();
  rmSync(input, { recursive: true, force: true });
  rmSync(wh, { recursive: true, force: true });
});

describe('assembly (pure)', () => {
  it('reads an array column from DuckDB (array) and from Athena (its text)', () => {
    expect(unitList(['p63-06', 'd-002'])).toEqual(['p63-06', 'd-002']);
    expect(unitList('[p63-06, d-002]')).toEqual(['p63-06', 'd-002']);
    expect(unitList('[]')).toEqual([]);
    expect(unitList(null)).toEqual([]);
  });

});

describe('which period', () => {
  it('a period is closed once its end plus the grace days has passed', () => {
    const nov = periodOf('2025-11');
    expect(isClosed(nov, new Date('2025-12-10T23:59:59Z'), 10)).toBe(false);
    expect(isClosed(nov, new Date('2025-12-11T00:00:00Z'), 10)).toBe(true);
    expect(isClosed(nov, new Date('2025-12-01T00:00:00Z'), 0)).toBe(true);
  });

  it('"latest" is the latest closed period that has reports', async () => {
    // Demo data ends 2025-11; a year later that is still the latest month with data.
    expect(first.period).toBe('2025-11');
    expect(first.closed).toBe(true);
    expect((await findLatestPeriod(engine, 'month', new Date('2025-12-05T00:00:00Z'), 10))?.label).toBe('2025-10');
    expect((await findLatestPeriod(engine, 'month', new Date('2025-12-05T00:00:00Z'), 3))?.label).toBe('2025-11');
    expect((await findLatestPeriod(engine, 'quarter', NOW, 10))?.label).toBe('2025-Q4');
    expect(await findLatestPeriod(engine, 'month', new Date('2023-06-01T00:00:00Z'), 10)).toBeUndefined();
  });
});

describe('the digest', () => {
  let html: string;
  let d: Document;
  beforeAll(async () => {
    html = await text(first.digestKey);
    d = doc(html);
  });

  it('is one Vietnamese page, labelled synthetic, that makes no request', () => {
    expect(d.documentElement.getAttribute('lang')).toBe('vi');
    expect(d.querySelector('title')!.textContent).toContain('Tháng 11/2025');
    expect(d.querySelector('.synthetic')!.textContent).toContain('DỮ LIỆU MÔ PHỎNG');
    expect(d.querySelectorAll('script, link, img, iframe, object, embed').length).toBe(0);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(d.querySelectorAll('figure svg').length).toBeGreaterThan(5);
    // vi-VN numbers: decimal comma and a space before the percent sign.
    expect(html).toMatch(/\d+,\d\u00a0%/);
  });

  it('names the right provinces: the two 2025 provinces, not the merged ones', async () => {
    const body = d.querySelector('main')!.textContent!;
    for (const name of ['Cần Thơ', 'Quảng Trị']) expect(body).toContain(name);
    const ranked = first.comparison.provinces.map((p) => p.unit_id);
    expect(new Set(ranked)).toEqual(new Set(['p34-92', 'p34-44']));
    // Sóc Trăng and Quảng Bình existed only before 2025-07-01: no ranking row, no đạt list.
    const section = d.querySelector('#dat-chua-dat')!.textContent!;
    for (const gone of ['Sóc Trăng', 'Hậu Giang', 'Quảng Bình']) expect(section).not.toContain(gone);
  });

  it('lists đạt / chưa đạt exactly as the attainment analysis says', async () => {
    const rows = await analysis('attainment', { period: '2025-11', level: 'province', geography: 'as_2025' });
    expect(rows.length).toBeGreaterThan(0);
    for (const code of new Set(rows.map((r) => String(r.indicator)))) {
      const h3 = d.querySelector(`#ct-${code}`);
      expect(h3, code).not.toBeNull();
      let el = h3!.nextElementSibling;
      while (el && !el.classList.contains('verdicts')) el = el.nextElementSibling;
      const blocks = Array.from(el!.children);
      const names = (cls: string) => Array.from(blocks.find((b) => b.querySelector(`b.${cls}`))!.querySelectorAll('li')).map((li) => li.textContent!.split(':')[0]).sort();
      const expected = (met: boolean) => rows.filter((r) => r.indicator === code && r.met === met).map((r) => String(r.unit_name)).sort();
      expect(names('met'), code).toEqual(expected(true));
      expect(names('missed'), code).toEqual(expected(false));
    }
  });

  it('reports the missing units of the period from completeness', async () => {
    const [row] = (await analysis('completeness', { period_type: 'month', from: 2025, to: 2025 })).filter((r) => r.period === '2025-11');
    const section = d.querySelector('#bao-cao-thieu')!.textContent!;
    expect(section).toContain(`${row.received}`);
    expect(first.comparison.missing.map((m) => m.unit_id).sort()).toEqual([...(row.missing_units as string[])].sort());
    // Provinces with no report at all (all but the two of the small dataset) are named on one line.
    expect(section).toContain('Hà Nội');
  });

  it('lists the period\'s disagreements from the reconciliation analysis and marks their provinces', async () => {
    const c = first.comparison;
    expect(c.reconciliation_checked).toBe(true);
    const differs = (await analysis('reconciliation', { from: 2025, to: 2025 })).filter((r) => r.period === '2025-11' && r.status === 'differs');
    expect(c.disagreements.length).toBe(Math.min(20, differs.length));
    for (const d of c.disagreements) {
      expect(differs.some((r) => r.unit_id === d.unit_id && r.indicator === d.indicator), `${d.unit_id} ${d.indicator}`).toBe(true);
      const p = c.provinces.find((x) => x.unit_id === d.province_id && x.indicator === d.indicator);
      if (p) expect(p.caveats).toContain('unreconciled');
    }
  });

  it('comes with a printable A4 PDF pack named in the pointer', async () => {
    const p = (await readPointer(storage, '2025-11'))!;
    expect(p.pdf).toBe(first.pdfKey);
    expect(p.files.find((f) => f.name === 'briefing')!.format).toBe('pdf');
    const file = join(wh, p.pdf!);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/\(A4\)/);
    const page1 = execFileSync('pdftotext', ['-l', '1', file, '-'], { encoding: 'utf8' });
    for (const w of ['Tháng 11/2025', 'Tỉnh còn chậm', 'Báo cáo', 'Trang 1/']) expect(page1).toContain(w);
  });

  it('escapes every string that comes from data', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const c = structuredClone(first.comparison);
    for (const p of c.provinces) p.unit_name = evil;
    for (const m of c.missing) m.unit_name = evil;
    for (const m of c.movers) m.unit_name = evil;
    const page = renderDigest({ comparison: c, generatedAt: NOW.toISOString(), runId: 'x', closed: true, graceDays: 10 });
    const pd = doc(page);
    expect(pd.querySelectorAll('script, img').length).toBe(0);
    expect(pd.querySelector('main')!.textContent).toContain(evil);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the tables', () => {
  let p: RunPointer;
  beforeAll(async () => {
    p = (await readPointer(storage, '2025-11'))!;
  });

  it('are written as Parquet and JSON with the same rows', async () => {
    for (const name of ['national', 'provinces', 'attainment', 'movers', 'outliers', 'missing']) {
      const js = await json<{ columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }>(fileKey(p, name, 'json'));
      const buf = (await storage.get(fileKey(p, name, 'parquet')))!;
      const pq = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
      expect(pq.length, name).toBe(js.rows.length);
      expect(pq.map((r) => JSON.parse(JSON.stringify(r)))).toEqual(js.rows);
    }
  });

  it('national values are the national analysis; changes are yoy; ranks are ranking', async () => {
    const national = await json<{ rows: Record<string, unknown>[] }>(fileKey(p, 'national', 'json'));
    const provinces = await json<{ rows: Record<string, unknown>[] }>(fileKey(p, 'provinces', 'json'));
    const nat = await analysis('national', { from: 2024, to: 2025, period_type: 'month' });
    expect(national.rows.length).toBeGreaterThan(50);
    for (const n of national.rows) {
      const cur = nat.find((r) => r.indicator === n.indicator && r.period === '2025-11');
      const ly = nat.find((r) => r.indicator === n.indicator && r.period === '2024-11');
      const prior = nat.find((r) => r.indicator === n.indicator && r.period === '2025-10');
      expect(n.value, String(n.indicator)).toBe(cur?.value ?? null);
      expect(n.last_year_value, String(n.indicator)).toBe(ly?.value ?? null);
      expect(n.prior_value, String(n.indicator)).toBe(prior?.value ?? null);
    }
    for (const code of SOME) {
      const yoy = await analysis('yoy', { indicator: code, period: '2025-11', geography: 'as_2025' });
      const ranking = await analysis('ranking', { indicator: code, period: '2025-11', geography: 'as_2025' });
      const mine = provinces.rows.filter((r) => r.indicator === code);
      expect(mine.length, code).toBe(yoy.length);
      for (const y of yoy) {
        const m = mine.find((r) => r.unit_id === y.unit_id)!;
        const rk = ranking.find((r) => r.unit_id === y.unit_id)!;
        expect(m.value).toBe(y.value);
        expect(m.last_year_value).toBe(y.last_year_value);
        expect(m.prior_value).toBe(y.prior_value);
        expect(m.rank).toBe(rk.rank);
        // Rates: points; counts: percent (the analysis's change) beside the count difference.
        const rate = code.endsWith('_rate');
        expect(rate ? m.change_last_year : m.change_last_year_pct).toBe(y.change_last_year);
        if (!rate && y.last_year_value !== null) expect(m.change_last_year).toBeCloseTo(Number(y.value) - Number(y.last_year_value), 6);
      }
    }
  });

  it('harmonizes the same period last year into the 2025 provinces (new Cần Thơ = Cần Thơ + Sóc Trăng + Hậu Giang)', async () => {
    const row = first.comparison.provinces.find((r) => r.indicator === 'crime_reports_received' && r.unit_id === 'p34-92')!;
    const old = await analysis('provinces_all', { period_type: 'month', from: 2024, to: 2024 });
    const sum = old.filter((r) => r.indicator === 'crime_reports_received' && r.period === '2024-11' && ['p63-92', 'p63-93', 'p63-94'].includes(String(r.unit_id)))
      .reduce((a, r) => a + Number(r.value), 0);
    expect(sum).toBeGreaterThan(0);
    expect(row.last_year_value).toBe(sum);
  });

  it('judges changes on the counts of provinces_all; outliers are the flagged changes; movers are changes beyond chance', async () => {
    const c = first.comparison;
    for (const m of c.movers) {
      const p = c.provinces.find((x) => x.indicator === m.indicator && x.unit_id === m.unit_id)!;
      expect(m.change).toBe(m.indicator.endsWith('_rate') ? p.change_last_year : p.change_last_year_pct);
      expect(Math.abs(p.shift_z ?? 0) * Math.sqrt(c.national.find((n) => n.indicator === m.indicator)!.shift_phi ?? 1)).toBeGreaterThanOrEqual(1.96 - 0.01);
    }
    const counts = await analysis('provinces_all', { period_type: 'month', from: 2025, to: 2025, geography: 'as_2025' });
    const rate = counts.filter((r) => r.indicator === 'crime_report_resolution_rate' && r.period === '2025-11');
    expect(rate.length).toBeGreaterThan(0);
    for (const r of rate) {
      const p = c.provinces.find((x) => x.indicator === 'crime_report_resolution_rate' && x.unit_id === r.unit_id)!;
      expect(p.numerator).toBe(Number(r.numerator));
      expect(p.denominator).toBe(Number(r.denominator));
      // The Wilson interval holds the value.
      expect(p.ci_low!).toBeLessThanOrEqual(p.value!);
      expect(p.ci_high!).toBeGreaterThanOrEqual(p.value!);
      expect(p.rank_best!).toBeLessThanOrEqual(p.rank!);
      expect(p.rank_worst!).toBeGreaterThanOrEqual(p.rank!);
    }
    const flagged = c.provinces.filter((p) => p.outlier);
    expect(c.outliers.map((o) => `${o.indicator}|${o.unit_id}`).sort()).toEqual(flagged.map((p) => `${p.indicator}|${p.unit_id}`).sort());
    for (const o of c.outliers) {
      expect(Math.abs(o.z)).toBeGreaterThan(3.09);
      if (o.p_value !== null) expect(o.p_value).toBeLessThan(0.002);
    }
  });

  it('a period before the merger compares the 63-era provinces as reported', async () => {
    const r = await runCompare({ engine, storage, period: '2025-03', now: NOW, indicators: SOME, pdf: false });
    expect(r.comparison.geography).toBe('as_reported');
    const ids = new Set(r.comparison.provinces.map((x) => x.unit_id));
    expect(ids).toEqual(new Set(['p63-44', 'p63-45', 'p63-92', 'p63-93', 'p63-94']));
    const body = doc(await text(r.digestKey)).querySelector('main')!.textContent!;
    for (const name of ['Sóc Trăng', 'Hậu Giang', 'Quảng Bình', 'Cần Thơ', 'Quảng Trị']) expect(body).toContain(name);
    // latest.json still points to the later period.
    expect((await readLatest(storage))!.period).toBe('2025-11');
  }, 180_000);
});

describe('re-running a period replaces its outputs atomically', () => {
  it('switches the pointer, keeps the replaced run, deletes older ones', async () => {
    const runs = async () => {
      const ids = new Set<string>();
      for await (const o of storage.list('results/compare/2025-Q4/runs/')) ids.add(o.key.split('/')[4]);
      return [...ids].sort();
    };
    const a = await runCompare({ engine, storage, period: '2025-Q4', now: new Date('2026-11-21T04:00:00Z'), indicators: SOME, pdf: false });
    const b = await runCompare({ engine, storage, period: '2025-Q4', now: new Date('2026-11-21T05:00:00Z'), indicators: SOME, pdf: false });
    expect(b.replaced).toBe(a.runId);
    expect((await readPointer(storage, '2025-Q4'))!.run_id).toBe(b.runId);
    expect(await runs()).toEqual([a.runId, b.runId].sort());
    const c = await runCompare({ engine, storage, period: '2025-Q4', now: new Date('2026-11-21T06:00:00Z'), indicators: SOME, pdf: false });
    expect(c.deleted).toEqual([a.runId]);
    expect(await runs()).toEqual([b.runId, c.runId].sort());
    const p = (await readPointer(storage, '2025-Q4'))!;
    expect(p.run_id).toBe(c.runId);
    for (const f of p.files) expect(await storage.exists(f.key), f.key).toBe(true);
    expect((await json<{ run_id: string }>(p.meta)).run_id).toBe(c.runId);
  }, 240_000);

  it('a reader never sees a half-written set, and a crash leaves the previous set current', async () => {
    const before = (await readPointer(storage, '2025-Q4'))!;
    // After every write of the run, a reader follows the pointer: every file it lists exists and
    // belongs to the run the pointer names.
    const violations: string[] = [];
    let writes = 0;
    const check = async () => {
      const p = (await readPointer(storage, '2025-Q4'))!;
      for (const f of p.files) {
        if (!(await storage.exists(f.key))) violations.push(`missing ${f.key}`);
        if (!f.key.startsWith(p.prefix)) violations.push(`foreign ${f.key}`);
      }
      const meta = await json<{ run_id: string }>(p.meta);
      if (meta.run_id !== p.run_id) violations.push(`meta of ${meta.run_id} under ${p.run_id}`);
    };
    const watching: Storage = {
      location: storage.location,
      get: (k) => storage.get(k),
      exists: (k) => storage.exists(k),
      list: (p) => storage.list(p),
      delete: (k) => storage.delete(k),
      put: async (k: string, body: Uint8Array | string, o?: PutOptions) => {
        const r = await storage.put(k, body, o);
        writes++;
        await check();
        return r;
      },
    };
    const d = await runCompare({ engine, storage: watching, period: '2025-Q4', now: new Date('2026-11-21T07:00:00Z'), indicators: SOME, pdf: false });
    expect(writes).toBeGreaterThan(10);
    expect(violations).toEqual([]);
    expect(d.replaced).toBe(before.run_id);

    // A run that dies after half its files: the pointer still names the complete previous run.
    let n = 0;
    const crashing: Storage = { ...watching, put: async (k, body, o) => {
      if (++n > 6) throw new Error('simulated crash');
      return storage.put(k, body, o);
    } };
    await expect(runCompare({ engine, storage: crashing, period: '2025-Q4', now: new Date('2026-11-21T08:00:00Z'), indicators: SOME, pdf: false })).rejects.toThrow('simulated crash');
    const after = (await readPointer(storage, '2025-Q4'))!;
    expect(after.run_id).toBe(d.runId);
    await check();
    expect(violations).toEqual([]);
  }, 240_000);
});

describe('explorer extracts', () => {
  let manifest: Manifest;
  beforeAll(async () => {
    manifest = await json<Manifest>(MANIFEST_KEY);
  });

  it('lists content-addressed Arrow files that exist and parse with Arquero', async () => {
    expect(manifest.format).toBe('chitieu-extracts');
    expect(manifest.synthetic).toBe(true);
    const names = manifest.extracts.map((e) => e.name);
    for (const n of ['provinces-year', 'provinces-year-as2025', 'provinces-quarter', 'provinces-half', 'provinces-9m', 'provinces-month-2024', 'provinces-month-2025', 'national']) {
      expect(names).toContain(n);
    }
    for (const e of manifest.extracts) {
      expect(e.path).toMatch(new RegExp(`^${e.name}\\.[0-9a-f]{12}\\.arrow$`));
      const buf = (await storage.get(e.key))!;
      expect(buf.byteLength).toBe(e.bytes);
      const t = fromArrow(buf);
      expect(t.numRows(), e.name).toBe(e.rows);
      const gz = (await storage.get(e.gzip_key))!;
      expect(gz.byteLength).toBe(e.gzip_bytes);
      expect(Buffer.compare(gunzipSync(gz), Buffer.from(buf))).toBe(0);
      expect(t.columnNames()).toEqual(manifest.columns.map((c) => c.name));
    }
  });

  it('holds the analyses\' values, and the default view fits the 2 MB budget', async () => {
    const e = manifest.extracts.find((x) => x.name === 'provinces-year')!;
    const t = fromArrow((await storage.get(e.key))!);
    const rows = t.objects() as Record<string, unknown>[];
    const trend = await analysis('trend', { indicator: 'crime_report_resolution_rate', units: 'provinces', from: 2024, to: 2025, period_type: 'year' });
    for (const r of trend) {
      const x = rows.find((y) => y.unit_id === r.unit_id && y.period === r.period && y.indicator === 'crime_report_resolution_rate')!;
      expect(x.value).toBe(r.value);
      expect(x.numerator).toBe(r.numerator);
    }
    const nat = manifest.extracts.find((x) => x.name === 'national')!;
    const nrows = fromArrow((await storage.get(nat.key))!).objects() as Record<string, unknown>[];
    const [n] = await analysis('national', { indicator: 'crime_report_resolution_rate', from: 2025, to: 2025, period_type: 'year' });
    const nx = nrows.find((y) => y.period === '2025-Y' && y.indicator === 'crime_report_resolution_rate')!;
    expect(nx.value).toBe(n.value);
    // The country's value says what it rests on, as the analysis does (2025-Y straddles the merger: partial).
    expect(n.basis).toBeTruthy();
    expect([nx.basis, nx.partial, nx.partial_reason]).toEqual([n.basis, n.partial, n.partial_reason]);
    expect(manifest.default_view.extracts.sort()).toEqual(['national', 'provinces-year']);
    expect(manifest.default_view.bytes).toBeLessThanOrEqual(manifest.default_view.budget_bytes);
    expect(manifest.measurements!.bytes.arrow).toBe(e.bytes);
    expect(manifest.measurements!.bytes.arrow_gzip).toBe(e.gzip_bytes);
  });
});

describe('refreshing extracts again', () => {
  it('rewrites nothing unchanged, switches the manifest, and deletes only its own stale files', async () => {
    await storage.put('site/data/provinces-old.0123456789ab.arrow', new Uint8Array([1]));
    await storage.put('site/data/README.txt', 'not ours');
    const r = await refreshExtracts({ engine, storage, now: NOW });
    expect(r.written).toEqual([]);
    expect(r.deleted).toEqual(['site/data/provinces-old.0123456789ab.arrow']);
    expect(await storage.exists('site/data/README.txt')).toBe(true);
    for (const e of r.manifest.extracts) {
      expect(await storage.exists(e.key)).toBe(true);
      expect(await storage.exists(e.gzip_key)).toBe(true);
    }
  }, 180_000);
});

describe('chitieu compare', () => {
  it('runs from the command line', async () => {
    // The command opens its own (read-only) engine beside ours.
    const printed = await compareCli(wh, ['--period', '2025-Q3', '--grace-days', '5', '--no-extracts']);
    expect(printed).toContain('2025-Q3');
    const p = (await readPointer(storage, '2025-Q3'))!;
    expect(await storage.exists(p.digest)).toBe(true);
  }, 240_000);
});
