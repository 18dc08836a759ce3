/**
 * A province's own page, one level down, on the `small` warehouse: its units' figures are the
 * units' own reports (read here from the generated report files, not through the engine), the
 * units that miss a target are the ones the page lists as behind and as "Chưa đạt", the country's
 * digest links to the page and the page back, and a province the briefing does not cover is a
 * clear error.
 */
import { sharedViews } from '../../functions/queries/views.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { runCompareJob, type JobResult } from '../../functions/compare/job.ts';
import { CompareError } from '../../functions/compare/compare-error.ts';
import { units } from '../../functions/core/units.ts';
import { reportDueDays } from '../../functions/compare/report-due.ts';

const PERIOD = '2025-10';
const RATE = 'crime_report_resolution_rate';
const COUNT = 'direct_inspections';

let input: string;
let wh: string;
let storage: FsStorage;
let run: JobResult;
let province: string;

async function compare(provinces: string[]): Promise<JobResult> {
  const engine = await DuckDbEngine.open(wh, { views: sharedViews() });
  try {
    return await runCompareJob({ engine, storage, period: PERIOD, indicators: [RATE, COUNT], pdf: false, extracts: false, provinces });
  } finally {
    await engine.close();
  }
}

async function page(key: string): Promise<Document> {
  return parseHTML(new TextDecoder().decode((await storage.get(key))!)).document as unknown as Document;
}

/** A unit's own October figure from its report file. */
function reported(unit: string, code: string): { value: number; numerator?: number; denominator?: number } | undefined {
  const file = join(input, '2025', unit, `${PERIOD}.json`);
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { values: { indicator: string; value: number; numerator?: number; denominator?: number }[] };
  return r.values.find((v) => v.indicator === code);
}

beforeAll(async () => {
  input = mkdtempSync(join(tmpdir(), 'chitieu-prov-in-'));
  wh = mkdtempSync(join(tmpdir(), 'chitieu-prov-wh-'));
  await generateDataset({ dataset: 'small', out: input, seed: 7 });
  await ingestPaths(wh, [input]);
  storage = new FsStorage(wh);
  run = await compare(['behind', 'Quảng Trị']);
  province = units().find((u) => u.level === 'province' && u.era === '2025' && u.name === 'Quảng Trị')!.id;
}, 600_000);

afterAll(() => {
  for (const d of [input, wh]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("a province's own page", () => {
  it('is written beside the digest, named in the metadata, and linked both ways', async () => {
    const file = run.pointer.files.find((f) => f.name === `province_${province}`);
    expect(file, 'province page').toBeDefined();
    expect(run.pointer.files.some((f) => f.name === `province_${province}_en`)).toBe(true);
    const meta = JSON.parse(new TextDecoder().decode((await storage.get(run.pointer.meta))!));
    expect(meta.province_pages[province]).toBe(`province-${province}.html`);
    const doc = await page(file!.key);
    expect(doc.querySelector('h1')!.textContent).toContain('Quảng Trị');
    expect(doc.querySelector('h1')!.textContent).toContain('Tháng 10/2025');
    expect(Array.from(doc.querySelectorAll('a')).some((a) => a.getAttribute('href') === 'digest.html')).toBe(true);
    // The page is about units: no "Tỉnh còn chậm" heading, its own instead.
    const headings = Array.from(doc.querySelectorAll('h2')).map((h) => h.textContent);
    expect(headings).toContain('Đơn vị còn chậm');
    expect(headings).not.toContain('Tỉnh còn chậm');
    // The country's digest links the province's name where it lists it as behind.
    const digest = await page(run.digestKey);
    const behindNames = Array.from(digest.querySelectorAll('#trang-dau table.lead tbody tr td:first-child'));
    const linked = behindNames.map((td) => td.querySelector('a')?.getAttribute('href')).filter(Boolean);
    const behindIds = run.comparison.provinces.filter((p) => p.met === false || p.level_flag !== null).map((p) => p.unit_id);
    if (behindIds.includes(province)) expect(linked).toContain(`province-${province}.html`);
    expect(linked.length).toBeGreaterThan(0);
  });

  it("shows each unit's own reported figure, and the province total as their sum", async () => {
    const doc = await page(run.pointer.files.find((f) => f.name === `province_${province}`)!.key);
    const table = doc.querySelector(`#ct-${COUNT}`)!.nextElementSibling!.nextElementSibling as Element;
    const shown = new Map(Array.from(table.querySelectorAll('tbody tr')).map((tr) => [tr.querySelector('td')!.textContent!.replace('*', '').trim(), tr.querySelectorAll('td')[1].textContent!.trim()]));
    const mine = units().filter((u) => u.province_id === province && u.valid_from <= '2025-10-01');
    let sum = 0;
    let compared = 0;
    for (const u of mine) {
      const v = reported(u.id, COUNT);
      if (!v) continue;
      sum += v.value;
      const name = u.level === 'province' ? u.full_name : u.name.replace(/ – Quảng Trị$/, '');
      expect(shown.get(name), name).toBe(new Intl.NumberFormat('vi-VN').format(v.value));
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
    expect(doc.querySelector(`#ct-${COUNT}`)!.nextElementSibling!.textContent).toContain(new Intl.NumberFormat('vi-VN').format(sum));
  });

  it('lists as "Chưa đạt" exactly the units whose own rate misses the target', async () => {
    const doc = await page(run.pointer.files.find((f) => f.name === `province_${province}`)!.key);
    const table = doc.querySelector(`#ct-${RATE}`)!.nextElementSibling!.nextElementSibling as Element;
    const missedShown = Array.from(table.querySelectorAll('tbody tr')).filter((tr) => tr.querySelector('.missed')).map((tr) => tr.querySelector('td')!.textContent!.replace('*', '').trim()).sort();
    const target = run.comparison.national.find((n) => n.indicator === RATE)!.target_threshold!;
    const expected = units()
      .filter((u) => u.province_id === province && u.valid_from <= '2025-10-01')
      .filter((u) => {
        const v = reported(u.id, RATE);
        return v && v.denominator ? (100 * v.numerator!) / v.denominator <= target : false;
      })
      .map((u) => (u.level === 'province' ? u.full_name : u.name.replace(/ – Quảng Trị$/, '')))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(missedShown).toEqual(expected);
    // And the first page names them as behind on that indicator (up to its limit of lines).
    const firstRows = Array.from(doc.querySelectorAll('#trang-dau table.lead'))[0].querySelectorAll('tbody tr');
    const behind = Array.from(firstRows).filter((tr) => tr.textContent!.includes('Tỷ lệ giải quyết tố giác')).map((tr) => tr.querySelector('td')!.textContent!.trim());
    for (const name of behind) expect(expected).toContain(name);
  });

  it('a province the briefing does not cover is a clear error', async () => {
    await expect(compare(['Hà Giang'])).rejects.toThrow(CompareError);
    await expect(compare(['Hà Giang'])).rejects.toThrow(/Không có tỉnh, thành phố "Hà Giang"/);
  });
});

describe('late reports', () => {
  it('are the units whose first October report was sent more than the due days after the month (from the report files)', () => {
    const due = reportDueDays();
    const expected: string[] = [];
    for (const u of units()) {
      const file = join(input, '2025', u.id, `${PERIOD}.json`);
      if (!existsSync(file)) continue;
      const r = JSON.parse(readFileSync(file, 'utf8')) as { submitted_at: string; revision: number };
      expect(r.revision).toBe(1);
      // The day in Vietnam the report was sent, counted from 31 October.
      const vnDay = new Date(Date.parse(r.submitted_at) + 7 * 3_600_000).toISOString().slice(0, 10);
      const days = (Date.parse(`${vnDay}T00:00:00Z`) - Date.parse('2025-10-31T00:00:00Z')) / 86_400_000;
      if (days > due) expected.push(`${u.id}:${days - due}`);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(run.comparison.late.map((l) => `${l.unit_id}:${l.days_late}`).sort()).toEqual(expected.sort());
    expect(run.comparison.late_checked).toBe(true);
  });
});

