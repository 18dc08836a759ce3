/**
 * current_values finds a report's values without report_id (so Athena need not read that
 * 32-character column, most of the table's bytes): by batch, report key, revision and submission
 * time, choosing the current revision from the ledger as current_reports does less its last
 * tie-break by id. These tests hold it to the definition it replaced — values JOIN current_reports
 * ON report_id, batch_id and the partitions — on generated data and on the cases where the two
 * could part: revisions in one batch, a resubmission of the same revision, repeated deliveries.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { compactWarehouse } from '../../functions/compact/compact.ts';
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { file, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews, viewSql } from '../../functions/queries/views.ts';

/** The values columns both definitions give (current_values adds `reviewed`, from the ledger's format). */
const VALUE_COLUMNS = `report_id, batch_id, unit_id, province_id, unit_level, scope, period, period_start, period_end,
       indicator, value, numerator, denominator, flag, note, source_kind, confidence, span_start, span_end,
       revision, submitted_at, synthetic, stat_year, period_type`;

/** The definition by report_id, as it was. */
const BY_REPORT_ID = `
SELECT ${VALUE_COLUMNS}
FROM (
  SELECT v.*, row_number() OVER (
           PARTITION BY v.unit_id, v.scope, v.period, v.indicator, v.stat_year, v.period_type
           ORDER BY CASE v.source_kind WHEN 'structured' THEN 0 ELSE 1 END) AS pick
  FROM curated_values v
  JOIN current_reports c
    ON v.report_id = c.report_id AND v.batch_id = c.batch_id AND v.stat_year = c.stat_year AND v.period_type = c.period_type
) ranked
WHERE pick = 1`;

/** Both definitions over the warehouse's Parquet files, in a DuckDB of their own: rows in one and not the other. */
async function differences(dir: string): Promise<{ onlyNew: number; onlyOld: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    for (const [relation, table] of [['curated_values', 'values'], ['curated_reports', 'reports']] as const) {
      const glob = join(dir, 'curated', table, '*', '*', '*.parquet');
      expect(existsSync(join(dir, 'curated', table))).toBe(true);
      await con.run(`CREATE VIEW ${relation} AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true, hive_types = {'stat_year': INTEGER, 'period_type': VARCHAR}, union_by_name = true)`);
    }
    for (const name of ['current_reports', 'current_values']) await con.run(`CREATE VIEW ${name} AS ${viewSql(name).trim().replace(/;$/, '')}`);
    const q = async (sql: string) => Number((await con.runAndReadAll(sql)).getRowObjectsJS()[0]!.n);
    return {
      onlyNew: await q(`SELECT count(*) AS n FROM (SELECT ${VALUE_COLUMNS} FROM current_values EXCEPT ALL (${BY_REPORT_ID})) d`),
      onlyOld: await q(`SELECT count(*) AS n FROM ((${BY_REPORT_ID}) EXCEPT ALL SELECT ${VALUE_COLUMNS} FROM current_values) d`),
      rows: await q('SELECT count(*) AS n FROM current_values'),
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(dir: string): Promise<DuckDbEngine> {
  const e = await DuckDbEngine.open(dir, { views: sharedViews(), cache: false });
  cleanups.push(() => e.close());
  return e;
}

describe('current_values without report_id', () => {
  it('is row for row the definition by report_id on a generated dataset (revisions, structured and extracted)', async () => {
    const input = tempWarehouse('chitieu-gen-');
    const wh = tempWarehouse();
    cleanups.push(input.cleanup, wh.cleanup);
    await generateDataset({ dataset: 'small', out: input.dir, seed: 7 });
    await ingestPaths(wh.dir, [input.dir]);
    const d = await differences(wh.dir);
    expect(d.rows).toBeGreaterThan(1000);
    expect(d).toMatchObject({ onlyNew: 0, onlyOld: 0 });
  }, 240_000);

  it('takes the later revision and, for one revision sent twice, the later submission — also within one batch', async () => {
    const wh = tempWarehouse();
    cleanups.push(wh.cleanup);
    const files = [
      file('r1.json', goodReport()),
      file('r2.json', goodReport({ revision: 2, submitted_at: '2024-04-10T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 650 }] })),
      // Another unit: revision 1 sent again, corrected, without a new revision number.
      file('s1.json', goodReport({ unit_id: 'p63-01' })),
      file('s1b.json', goodReport({ unit_id: 'p63-01', submitted_at: '2024-04-06T08:00:00+07:00', values: [{ indicator: 'appeal_protests', value: 7 }] })),
    ];
    const s = await ingestFiles(files, { storage: wh.storage });
    expect(s.batches).toHaveLength(1);
    expect(await differences(wh.dir)).toMatchObject({ onlyNew: 0, onlyOld: 0, rows: 2 });
    const e = await open(wh.dir);
    const rows = (await e.query('SELECT unit_id, indicator, value FROM current_values ORDER BY unit_id')).rows;
    expect(rows).toEqual([
      { unit_id: 'p63-01', indicator: 'appeal_protests', value: 7 },
      { unit_id: 'p63-94', indicator: 'crime_reports_received', value: 650 },
    ]);
  });

  it('reads a report delivered in two batches once (the later batch)', async () => {
    const wh = tempWarehouse();
    cleanups.push(wh.cleanup);
    // The same report under two file names with different bytes is two files; the same bytes in
    // two runs would be skipped as already ingested, so the second copy differs by whitespace.
    const report = goodReport();
    await ingestFiles([file('a.json', JSON.stringify(report))], { storage: wh.storage });
    await ingestFiles([file('b.json', `${JSON.stringify(report)}\n`)], { storage: wh.storage });
    expect((await differences(wh.dir)).rows).toBe(3);
    const e = await open(wh.dir);
    // Two different files with the same revision and submission time: both views take the later batch.
    expect(await differences(wh.dir)).toMatchObject({ onlyNew: 0, onlyOld: 0 });
    const values = (await e.query('SELECT indicator, value FROM current_values ORDER BY indicator')).rows;
    expect(values.map((r) => r.value)).toEqual([6, 71.2, 640]);
  });

  it('two files with the same report revision and submission time but other figures never share a batch; both views pick the same copy', async () => {
    const wh = tempWarehouse();
    cleanups.push(wh.cleanup);
    const a = goodReport({ values: [{ indicator: 'crime_reports_received', value: 640 }, { indicator: 'appeal_protests', value: 3 }] });
    const b = goodReport({ values: [{ indicator: 'crime_reports_received', value: 655 }, { indicator: 'appeal_protests', value: 4 }] });
    const other = goodReport({ unit_id: 'p63-01' });
    const s = await ingestFiles([file('a.json', a), file('other.json', other), file('b.json', b)], { storage: wh.storage });
    expect(s.accepted).toBe(3);
    // a and other share the first batch; b, a conflicting copy of a's revision, starts the next.
    expect(s.batches).toHaveLength(2);
    expect(await differences(wh.dir)).toMatchObject({ onlyNew: 0, onlyOld: 0, rows: 2 + 3 });
    const e = await open(wh.dir);
    const reports = (await e.query("SELECT batch_id FROM current_reports WHERE unit_id = 'p63-94'")).rows;
    const values = (await e.query("SELECT batch_id, indicator, value FROM current_values WHERE unit_id = 'p63-94' ORDER BY indicator")).rows;
    // One copy whole, never one figure from each: the later batch, in both views.
    expect(new Set(values.map((r) => r.batch_id))).toEqual(new Set([reports[0]!.batch_id]));
    const later = [...s.batches].sort().at(-1);
    expect(reports[0]!.batch_id).toBe(later);
    const chosen = later === s.batches[1] ? b : a;
    expect(values.map((r) => r.value)).toEqual((chosen.values as { value: number }[]).map((v) => v.value).reverse());
  });

  it('after compaction (one current revision per key) is again the definition by report_id exactly', async () => {
    const wh = tempWarehouse();
    cleanups.push(wh.cleanup);
    await ingestFiles([file('a.json', goodReport({ values: [{ indicator: 'appeal_protests', value: 1 }] }))], { storage: wh.storage });
    await ingestFiles([file('b.json', goodReport({ values: [{ indicator: 'appeal_protests', value: 2 }] }))], { storage: wh.storage });
    await compactWarehouse(wh.storage);
    expect(await differences(wh.dir)).toMatchObject({ onlyNew: 0, onlyOld: 0, rows: 1 });
  });
});
