/**
 * A briefing reproduced as of its recorded moment (contract 4), on the `small` warehouse: a digest
 * is published; revisions that change its figures arrive (every unit of one province sends a
 * second revision of its October report); the comparison re-run with the recorded `as_of` gives
 * the same tables figure for figure and leaves the published briefing current, while a run
 * without it shows the new figures. The CLI takes `--as-of`.
 */
import { sharedViews } from '../../functions/queries/views.ts';
import { compareCli } from '../helpers/compare-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { runCompareJob, type JobResult } from '../../functions/compare/job.ts';
import { readPointer, type RunPointer } from '../../functions/compare/publish.ts';
import { COMPARE_TABLES } from '../../functions/compare/tables.ts';
import { dateTime } from '../../functions/compare/digest/format.ts';
import { provinceOf, successorOf, unitById } from '../../functions/core/units.ts';

const PERIOD = '2025-10';
const INDICATORS = ['prosecution_on_time_rate', 'direct_inspections', 'crime_report_resolution_rate'];
/** The province whose units revise their October reports (the first the briefing lists). */
let PROVINCE = '';

let input: string;
let revisions: string;
let wh: string;
let storage: FsStorage;
let published: JobResult;
let revisedUnits: string[] = [];

async function text(key: string): Promise<string> {
  return new TextDecoder().decode((await storage.get(key))!);
}

/** Every table's JSON, by name. */
async function tables(p: Pick<RunPointer, 'files'>): Promise<Record<string, { rows: Record<string, unknown>[] }>> {
  const out: Record<string, { rows: Record<string, unknown>[] }> = {};
  for (const name of Object.keys(COMPARE_TABLES)) out[name] = JSON.parse(await text(p.files.find((f) => f.name === name && f.format === 'json')!.key));
  return out;
}

async function compare(o: { asOf?: string; pdf?: boolean } = {}): Promise<JobResult> {
  const engine = await DuckDbEngine.open(wh, { views: sharedViews() });
  try {
    return await runCompareJob({ engine, storage, period: PERIOD, indicators: INDICATORS, pdf: o.pdf ?? false, extracts: false, asOf: o.asOf });
  } finally {
    await engine.close();
  }
}

/** A second revision of a unit's October report: more inspections, fewer defendants prosecuted on time. */
function revise(report: Record<string, unknown>): Record<string, unknown> {
  const values = (report.values as { indicator: string; value: number; numerator?: number; denominator?: number }[]).map((v) => ({ ...v }));
  const get = (code: string) => values.find((v) => v.indicator === code);
  const inspections = get('direct_inspections');
  if (inspections) inspections.value += 40;
  const onTime = get('prosecution_defendants_on_time');
  const rate = get('prosecution_on_time_rate');
  const indicted = get('prosecution_defendants_indicted');
  if (onTime && rate && indicted && indicted.value > 0) {
    onTime.value = Math.floor(indicted.value / 2);
    rate.numerator = onTime.value;
    rate.denominator = indicted.value;
    rate.value = Math.round((1000 * onTime.value) / indicted.value) / 10;
  }
  return { ...report, revision: (report.revision as number) + 1, submitted_at: '2025-11-28T09:00:00+07:00', values };
}

beforeAll(async () => {
  input = mkdtempSync(join(tmpdir(), 'chitieu-asof-in-'));
  revisions = mkdtempSync(join(tmpdir(), 'chitieu-asof-rev-'));
  wh = mkdtempSync(join(tmpdir(), 'chitieu-asof-wh-'));
  await generateDataset({ dataset: 'small', out: input, seed: 7 });
  await ingestPaths(wh, [input]);
  storage = new FsStorage(wh);
  published = await compare({ pdf: true });
  PROVINCE = published.comparison.provinces.find((p) => p.indicator === 'direct_inspections' && p.value !== null)!.unit_id;

  // Revisions arrive after the briefing was published.
  const year = join(input, '2025');
  for (const unit of readdirSync(year)) {
    const u = unitById(unit);
    const p = u ? provinceOf(u) : undefined;
    if (!p || (p.id !== PROVINCE && successorOf(p.id)?.id !== PROVINCE)) continue;
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(readFileSync(join(year, unit, `${PERIOD}.json`), 'utf8'));
    } catch {
      continue;
    }
    mkdirSync(join(revisions, unit), { recursive: true });
    writeFileSync(join(revisions, unit, `${PERIOD}.r2.json`), JSON.stringify(revise(report)));
    revisedUnits.push(unit);
  }
  const summary = await ingestPaths(wh, [revisions]);
  expect(summary.rejected).toBe(0);
  expect(summary.superseded).toBe(revisedUnits.length);
}, 600_000);

afterAll(() => {
  for (const d of [input, revisions, wh]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('as of a recorded moment', () => {
  it('the published briefing records its moment in the pointer, the metadata, every table and the digest', async () => {
    expect(revisedUnits.length).toBeGreaterThan(0);
    const asOf = published.asOf;
    expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(published.current).toBe(true);
    const pointer = (await readPointer(storage, PERIOD))!;
    expect(pointer.run_id).toBe(published.runId);
    expect(pointer.as_of).toBe(asOf);
    const meta = JSON.parse(await text(pointer.meta));
    expect(meta.as_of).toBe(asOf);
    // Every analysis the comparison asked took the moment (an analysis without as_of would answer with today's revisions).
    expect(meta.as_of_ignored).toEqual([]);
    for (const [name, t] of Object.entries(await tables(pointer))) {
      expect(t.rows.length, name).toBeGreaterThanOrEqual(0);
      for (const r of t.rows) expect(r.as_of, name).toBe(asOf);
    }
    const digest = await text(pointer.digest);
    expect(digest).toContain(`Số liệu tính đến ${dateTime(asOf, 'vi')}`);
    expect(digest).toContain(asOf);
  });

  it('a re-run with the recorded as_of after the revisions reproduces the figures, and leaves the briefing current', async () => {
    const again = await compare({ asOf: published.asOf });
    expect(again.asOf).toBe(published.asOf);
    expect(again.current).toBe(false);
    // The period's pointer still names the published run.
    expect((await readPointer(storage, PERIOD))!.run_id).toBe(published.runId);
    const before = await tables(published.pointer);
    const after = await tables(again.pointer);
    for (const name of Object.keys(COMPARE_TABLES)) expect(after[name].rows, name).toEqual(before[name].rows);
    expect(again.comparison.national).toEqual(published.comparison.national);
    expect(again.comparison.provinces).toEqual(published.comparison.provinces);
  });

  it('a run without as_of shows the revised figures', async () => {
    const now = await compare();
    expect(now.current).toBe(true);
    expect(Date.parse(now.asOf)).toBeGreaterThan(Date.parse(published.asOf));
    const province = (c: JobResult, code: string) => c.comparison.provinces.find((p) => p.indicator === code && p.unit_id === PROVINCE);
    // Each revised unit added 40 inspections to the province's count.
    const was = province(published, 'direct_inspections')!.value!;
    expect(province(now, 'direct_inspections')!.value).toBe(was + 40 * revisedUnits.length);
    expect(province(now, 'prosecution_on_time_rate')!.value).not.toBe(province(published, 'prosecution_on_time_rate')!.value);
    const nat = (c: JobResult) => c.comparison.national.find((n) => n.indicator === 'direct_inspections')!.value;
    expect(nat(now)).toBe(nat(published)! + 40 * revisedUnits.length);
  });

  it('the CLI takes --as-of and says it is a reproduction', async () => {
    const printed = await compareCli(wh, ['--period', PERIOD, '--as-of', published.asOf, '--no-extracts', '--no-pdf']);
    expect(printed).toContain(`Số liệu tính đến / as of: ${published.asOf}`);
    expect(printed).toMatch(/tái lập/);
  }, 240_000); // a whole comparison (every indicator), answered as of a moment: no materialized view serves it
});
