/**
 * Cost estimate: Parquet files written in the test (DuckDB COPY for values, the project's own
 * writer for the ledger) into a temporary filesystem warehouse; footers read through Storage; the
 * bytes the estimate counts are checked against DuckDB's independent parquet_metadata() of the
 * same files.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFooterEstimator, FooterCache, readFooters } from '../../functions/adapters/parquet/footer.ts';
import { writeParquet } from '../../functions/adapters/parquet/write-parquet.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import type { Storage, StoredObject } from '../../functions/adapters/storage/storage.ts';
import {
  athenaPrice,
  CHUNKS_ONLY,
  estimateScans as estimateScansWith,
  estimateSql as estimateSqlWith,
  fileCost,
  MB,
  MIN_BILLED_BYTES,
  READER,
  type FooterSummary,
} from '../../functions/core/cost/estimate.ts';
import { storedTable, type RelationMap } from '../../functions/core/cost/relations.ts';
import { scansFromAst } from '../../functions/core/cost/scans.ts';
import { parseForAnalysis } from '../../functions/core/sql/trino-parse.ts';
import { estimateSqlFor, querySql } from '../../functions/queries/registry.ts';

let root: string;
let storage: FsStorage;
let db: DuckDBInstance;
let con: DuckDBConnection;
let footers: FooterSummary[];

const VALUE_COLUMNS = storedTable('values').columns;
const INDICATORS = Array.from({ length: 8 }, (_, i) => `KT${String(i + 1).padStart(2, '0')}`);

/** Per file, per row group, per column: compressed size, min, max — as DuckDB reads them. */
type Meta = {
  file: string; row_group_id: bigint; path_in_schema: string; total_compressed_size: bigint; stats_min_value: string | null; stats_max_value: string | null;
  data_page_offset: bigint; dictionary_page_offset: bigint | null;
};
let meta: Meta[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'chitieu-cost-'));
  storage = new FsStorage(root);
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  // values: 2 statistical years × (month, year) partitions; rows sorted by indicator in small row
  // groups so min/max statistics can rule groups out.
  for (const year of [2023, 2024]) {
    for (const type of ['month', 'year']) {
      const months = type === 'month' ? 12 : 1;
      const file = join(root, 'curated', 'values', `stat_year=${year}`, `period_type=${type}`, `b-${year}-${type}.parquet`);
      mkdirSync(dirname(file), { recursive: true });
      await con.run(`
        COPY (
          SELECT 'r-' || u || '-' || m AS report_id, 'b-${year}-${type}' AS batch_id, 'd-' || lpad(CAST(u AS VARCHAR), 3, '0') AS unit_id,
                 'p63-' || lpad(CAST(u % 63 AS VARCHAR), 2, '0') AS province_id, 'district' AS unit_level, 'unit' AS scope,
                 ${type === 'month' ? `'${year}-' || lpad(CAST(m AS VARCHAR), 2, '0')` : `'${year}-Y'`} AS period,
                 DATE '${year - 1}-12-01' AS period_start, DATE '${year}-11-30' AS period_end,
                 ind AS indicator, random() * 1000 AS value, NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator,
                 NULL::VARCHAR AS flag, NULL::VARCHAR AS note, 'structured' AS source_kind, NULL::DOUBLE AS confidence,
                 NULL::INTEGER AS span_start, NULL::INTEGER AS span_end, 1 AS revision, TIMESTAMP '${year}-12-05 08:00:00' AS submitted_at,
                 true AS synthetic
          FROM range(1, 301) t(u), range(1, ${months + 1}) s(m), (SELECT unnest([${INDICATORS.map((i) => `'${i}'`).join(',')}]) AS ind) i
          ORDER BY indicator, period, unit_id
        ) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
    }
  }
  // reports (the ledger) with the project's writer, one file per partition.
  for (const year of [2023, 2024]) {
    for (const type of ['month', 'year']) {
      const rows = Array.from({ length: 300 }, (_, u) => ({
        report_id: `r-${u}`, batch_id: `b-${year}-${type}`, unit_id: `d-${u}`, province_id: 'p63-01', unit_level: 'district', scope: 'unit',
        period: `${year}-01`, revision: 1, submitted_at: `${year}-01-05T00:00:00Z`, source_kind: 'structured', source_format: 'json',
        source_file: `f${u}.json`, source_sha256: 'ab'.repeat(32), value_count: 8, synthetic: true, ingested_at: `${year}-01-06T00:00:00Z`,
      }));
      await storage.put(`curated/reports/stat_year=${year}/period_type=${type}/b-${year}-${type}.parquet`, writeParquet('reports', rows));
    }
  }
  footers = await readFooters(storage, { cache: new FooterCache() });
  const glob = join(root, '**', '*.parquet');
  meta = (await con.runAndReadAll(
    `SELECT file_name AS file, row_group_id, path_in_schema, total_compressed_size, stats_min_value, stats_max_value, data_page_offset, dictionary_page_offset FROM parquet_metadata('${glob}')`,
  )).getRowObjectsJS() as unknown as Meta[];
});

afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  if (root) rmSync(root, { recursive: true, force: true });
});

// Column-chunk bytes are checked against DuckDB's own reading of the footers; what Trino's reader
// adds on top (footer reads, merged gaps) is checked apart ('the reader model' below).
const estimateSql = (sql: string, f: readonly FooterSummary[], options: Parameters<typeof estimateSqlWith>[2] = {}) =>
  estimateSqlWith(sql, f, { reader: CHUNKS_ONLY, ...options });
const estimateScans = (f: readonly FooterSummary[], scans: Parameters<typeof estimateScansWith>[1]) => estimateScansWith(f, scans, [], CHUNKS_ONLY);

/** Independent expectation: sum DuckDB's compressed sizes of the given columns over matching files and row groups. */
function expected(opts: { table: 'values' | 'reports'; columns: string[]; years?: number[]; types?: string[]; indicator?: string }): number {
  let total = 0;
  for (const m of meta) {
    const key = m.file.slice(root.length + 1);
    if (!key.startsWith(`curated/${opts.table}/`)) continue;
    const year = Number(/stat_year=(\d+)/.exec(key)![1]);
    const type = /period_type=([^/]+)/.exec(key)![1]!;
    if (opts.years && !opts.years.includes(year)) continue;
    if (opts.types && !opts.types.includes(type)) continue;
    if (!opts.columns.includes(m.path_in_schema)) continue;
    if (opts.indicator) {
      const ind = meta.find((x) => x.file === m.file && x.row_group_id === m.row_group_id && x.path_in_schema === 'indicator')!;
      if (opts.indicator < ind.stats_min_value! || opts.indicator > ind.stats_max_value!) continue;
    }
    total += Number(m.total_compressed_size);
  }
  return total;
}

describe('parquet footers through Storage', () => {
  it('reads every file of curated/, with row groups, compressed sizes and min/max', () => {
    expect(footers.map((f) => f.key).sort()).toEqual([
      'curated/reports/stat_year=2023/period_type=month/b-2023-month.parquet',
      'curated/reports/stat_year=2023/period_type=year/b-2023-year.parquet',
      'curated/reports/stat_year=2024/period_type=month/b-2024-month.parquet',
      'curated/reports/stat_year=2024/period_type=year/b-2024-year.parquet',
      'curated/values/stat_year=2023/period_type=month/b-2023-month.parquet',
      'curated/values/stat_year=2023/period_type=year/b-2023-year.parquet',
      'curated/values/stat_year=2024/period_type=month/b-2024-month.parquet',
      'curated/values/stat_year=2024/period_type=year/b-2024-year.parquet',
    ]);
    const monthly = footers.find((f) => f.key.includes('values/stat_year=2024/period_type=month'))!;
    expect(monthly.rowGroups.length).toBeGreaterThan(5); // 28 800 rows in groups of 4096
    expect(monthly.rowGroups[0]!.columns.indicator).toMatchObject({ min: 'KT01' });
    const sum = monthly.rowGroups.reduce((s, rg) => s + rg.columns.value!.bytes, 0);
    const duck = meta.filter((m) => m.file.endsWith('b-2024-month.parquet') && m.file.includes('/values/') && m.path_in_schema === 'value');
    expect(sum).toBe(duck.reduce((s, m) => s + Number(m.total_compressed_size), 0));
  });

  it('reads only the tail of each file (ranged), and caches per key and size', async () => {
    const counting = new CountingStorage(storage);
    const cache = new FooterCache();
    const first = await readFooters(counting, { cache });
    expect(first).toHaveLength(8);
    const fileBytes = footers.reduce((s, f) => s + f.size, 0);
    expect(counting.bytesRead).toBeLessThan(fileBytes / 4);
    expect(counting.wholeGets).toBe(0);
    expect(cache.reads).toBe(8);
    await readFooters(counting, { cache });
    expect(cache.reads).toBe(8); // all from the cache
    // The same key with another size (a rewrite) is read again.
    const key = 'curated/reports/stat_year=2023/period_type=year/b-2023-year.parquet';
    const rows = [{ report_id: 'x', batch_id: 'b', unit_id: 'u', province_id: 'p', unit_level: 'province', scope: 'unit', period: '2023-01', revision: 2, submitted_at: '2023-01-01T00:00:00Z', source_kind: 'structured', source_format: 'json', source_file: 'f', source_sha256: 'a', value_count: 1, synthetic: true, ingested_at: '2023-01-01T00:00:00Z' }];
    const tmp = new FsStorage(mkdtempSync(join(tmpdir(), 'chitieu-cost2-')));
    await tmp.put(key, writeParquet('reports', rows));
    const before = cache.reads;
    await readFooters(new CountingStorage(tmp), { cache });
    expect(cache.reads).toBe(before + 1);
    rmSync(tmp.root, { recursive: true, force: true });
  });

  it('falls back to a whole-object get when the storage has neither a local path nor ranges', async () => {
    const plain = new PlainStorage(storage);
    const got = await readFooters(plain, { cache: new FooterCache() });
    expect(got.map((f) => f.rowGroups.length)).toEqual(footers.map((f) => f.rowGroups.length));
  });

  it('refuses a file that is not Parquet, clearly', async () => {
    const tmp = new FsStorage(mkdtempSync(join(tmpdir(), 'chitieu-cost3-')));
    await tmp.put('curated/values/stat_year=2024/period_type=month/bad.parquet', 'this is not parquet at all');
    await expect(readFooters(tmp, { cache: new FooterCache() })).rejects.toThrow(/not a Parquet file/);
    rmSync(tmp.root, { recursive: true, force: true });
  });
});

describe('estimate from footers', () => {
  it('prunes partitions by stat_year and period_type and counts only the named columns', () => {
    const e = estimateSql("SELECT sum(value) FROM curated_values WHERE stat_year = 2024 AND period_type = 'month'", footers);
    expect(e.bytes).toBe(expected({ table: 'values', columns: ['value'], years: [2024], types: ['month'] }));
    expect(e).toMatchObject({ files: 1, partitions: 1, columns: ['values.value'] });
    expect(e.bytes).toBeGreaterThan(0);
    expect(e.basis).toContain('footer');
  });

  it('uses row-group min/max on indicator (and bound parameters for ranges)', () => {
    const sql = 'SELECT unit_id, value FROM curated_values WHERE indicator = :ind AND stat_year BETWEEN :y0 AND :y1';
    const e = estimateSql(sql, footers, { params: { ind: 'KT03', y0: 2023, y1: 2024 } });
    const all = estimateSql('SELECT unit_id, value FROM curated_values WHERE stat_year BETWEEN 2023 AND 2024', footers);
    expect(e.bytes).toBe(expected({ table: 'values', columns: ['indicator', 'unit_id', 'value'], indicator: 'KT03' }));
    expect(e.bytes).toBeLessThan(all.bytes / 2);
    expect(e.rowGroups.read).toBeLessThan(e.rowGroups.total);
  });

  it('SELECT * reads every column; count(*) only what the view itself needs', () => {
    const star = estimateSql('SELECT * FROM curated_values WHERE stat_year = 2023', footers);
    expect(star.bytes).toBe(expected({ table: 'values', columns: VALUE_COLUMNS, years: [2023] }));
    const count = estimateSql('SELECT count(*) FROM curated_values WHERE stat_year = 2023', footers);
    expect(count.bytes).toBe(0);
  });

  it('expands views into their base reads (all_values: values + ledger keys, partitions pushed to both)', () => {
    const e = estimateSql("SELECT province_id, sum(value) FROM all_values WHERE stat_year = 2024 AND period_type = 'year' GROUP BY 1", footers);
    const want =
      expected({ table: 'values', columns: ['report_id', 'batch_id', 'province_id', 'value'], years: [2024], types: ['year'] }) +
      expected({ table: 'reports', columns: ['report_id', 'batch_id'], years: [2024], types: ['year'] }) +
      expected({ table: 'reports', columns: ['report_id'] }); // NOT EXISTS over the whole curated ledger
    expect(e.bytes).toBe(want);
    expect(e.columns).toEqual(['reports.batch_id', 'reports.report_id', 'values.batch_id', 'values.province_id', 'values.report_id', 'values.value']);
  });

  it('current_values: a year filter passes the view’s windows (partitioned by stat_year) and prunes partitions', () => {
    const e = estimateSql("SELECT value FROM current_values WHERE stat_year = 2024 AND indicator = 'KT01'", footers);
    // values are joined to the ledger's latest rows on batch, report key, revision and submission
    // time: the 32-character report_id (most of the values bytes) is read on neither side.
    const keys = ['batch_id', 'unit_id', 'scope', 'period', 'indicator', 'source_kind', 'revision', 'submitted_at', 'value'];
    expect(e.bytes).toBe(
      expected({ table: 'values', columns: keys, indicator: 'KT01', years: [2024] }) +
        expected({ table: 'reports', columns: ['batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'source_format', 'revision', 'submitted_at'], years: [2024] }),
    );
    expect(e.columns.filter((c) => c.endsWith('.report_id'))).toEqual([]);
    expect(e.partitions).toBeLessThan(8);
  });

  it('a UNION branch whose WHERE is false once parameters are bound reads nothing (Trino folds it away)', () => {
    const sql = `SELECT value FROM curated_values WHERE :g = 'a' AND stat_year = 2024
                 UNION ALL
                 SELECT value FROM curated_values WHERE :g = 'b' AND stat_year = 2023`;
    expect(estimateSql(sql, footers, { params: { g: 'a' } }).bytes).toBe(expected({ table: 'values', columns: ['value'], years: [2024] }));
    expect(estimateSql(sql, footers, { params: { g: 'b' } }).bytes).toBe(expected({ table: 'values', columns: ['value'], years: [2023] }));
    // Unbound, or compared across types, nothing is folded: both branches count.
    const both = expected({ table: 'values', columns: ['value'] });
    expect(estimateSql(sql, footers, { params: {} }).bytes).toBe(both);
    expect(estimateSql(sql, footers, { params: { g: 1 } }).bytes).toBe(both);
    // <>, NOT, IN, OR of constants and a literal false fold as well; a column comparison does not.
    const one = (where: string, params: Record<string, unknown> = {}) =>
      estimateSql(`SELECT value FROM curated_values WHERE ${where}`, footers, { params }).bytes;
    expect(one(":u <> 'provinces' AND unit_id = :u", { u: 'provinces' })).toBe(0);
    const withUnit = expected({ table: 'values', columns: ['value', 'unit_id'] });
    expect(one(":u <> 'provinces' AND unit_id = :u", { u: 'd-001' })).toBe(withUnit);
    expect(one("NOT (:g IN ('a', 'b'))", { g: 'a' })).toBe(0);
    expect(one("(:g = 'x' OR :g = 'y') AND stat_year = 2024", { g: 'a' })).toBe(0);
    expect(one('false')).toBe(0);
    expect(one("(:g = 'a' OR unit_id = 'd-001')", { g: 'b' })).toBe(withUnit);
  });

  it('a WITH query is read once per reference (Trino inlines it), and not at all when unused', () => {
    const sql = `WITH y AS (SELECT unit_id, value FROM curated_values WHERE stat_year = 2024),
                      unused AS (SELECT * FROM curated_reports)
                 SELECT a.value FROM y a JOIN y b ON a.unit_id = b.unit_id`;
    const e = estimateSql(sql, footers);
    expect(e.bytes).toBe(2 * expected({ table: 'values', columns: ['unit_id', 'value'], years: [2024] }));
    expect(e.columns).toEqual(['values.unit_id', 'values.value']);
  });

  it('unit_period_values: months are read for any period type asked; reports of the type asked only from its own partitions', () => {
    const e = estimateSql("SELECT value FROM unit_period_values WHERE period_type = 'year' AND stat_year = 2024 AND indicator = 'KT02'", footers);
    const cols = ['unit_id', 'province_id', 'unit_level', 'scope', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'synthetic', 'source_kind', 'revision', 'period', 'batch_id', 'submitted_at'];
    const ledger = ['batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'source_format', 'revision', 'submitted_at'];
    expect(e.bytes).toBe(
      expected({ table: 'values', columns: cols, years: [2024], indicator: 'KT02' }) + expected({ table: 'reports', columns: ledger, years: [2024] }),
    );
    // A quarter asked: the months roll up into it, and no partition holds reports made for quarters.
    const q = estimateSql("SELECT value FROM unit_period_values WHERE period_type = 'quarter' AND stat_year = 2024 AND indicator = 'KT02'", footers);
    expect(q.bytes).toBe(
      expected({ table: 'values', columns: cols, years: [2024], types: ['month'], indicator: 'KT02' }) +
        expected({ table: 'reports', columns: ledger, years: [2024], types: ['month'] }),
    );
  });

  it('accepts a caller’s view → base-columns mapping', () => {
    const relations: RelationMap = {
      curated_values: { table: 'values' },
      yearly: [{ relation: 'curated_values', columns: ['unit_id'], passThrough: true, pushdown: ['stat_year', 'period_type'] }],
    };
    const e = estimateSql("SELECT value FROM yearly WHERE period_type = 'year'", footers, { relations });
    expect(e.bytes).toBe(expected({ table: 'values', columns: ['unit_id', 'value'], types: ['year'] }));
  });

  it('reads each occurrence: a self-join for year-over-year scans both years', () => {
    const e = estimateSql(
      `SELECT a.unit_id, a.value - b.value FROM curated_values a JOIN curated_values b ON a.unit_id = b.unit_id AND b.stat_year = 2023
       WHERE a.stat_year = 2024 AND a.period_type = 'year' AND b.period_type = 'year'`,
      footers,
    );
    expect(e.bytes).toBe(expected({ table: 'values', columns: ['unit_id', 'value'], types: ['year'] }));
    expect(e.partitions).toBe(2);
  });

  it('prices at $5 per TB, rounded up to the MB, with a 10 MB minimum', () => {
    expect(athenaPrice(0)).toEqual({ billedBytes: MIN_BILLED_BYTES, usd: (10 * MB * 5) / 2 ** 40 });
    expect(athenaPrice(2 ** 40).usd).toBe(5);
    expect(athenaPrice(11 * MB + 1).billedBytes).toBe(12 * MB);
    const e = estimateSql('SELECT value FROM curated_values', footers);
    expect(e.usd).toBe(athenaPrice(e.bytes).usd);
    expect(e.billedBytes).toBe(MIN_BILLED_BYTES); // small test data: the minimum applies
  });

  it('works as the query API’s estimator over the Storage', async () => {
    const estimator = createFooterEstimator(storage, { cache: new FooterCache(), reader: CHUNKS_ONLY });
    const e = await estimator("SELECT value FROM curated_values WHERE period_type = 'year'", {});
    expect(e.bytes).toBe(expected({ table: 'values', columns: ['value'], types: ['year'] }));
  });

  it('says which relations it could not count, and knows the small reference tables', () => {
    const e = estimateSql('SELECT * FROM mystery m JOIN units u ON u.id = m.unit_id JOIN curated_values v ON v.unit_id = u.id', footers);
    expect(e.basis).toContain('NOT COUNTED (relation not in the cost map): mystery');
    expect(e.basis).not.toMatch(/NOT COUNTED.*units/);
  });

  it('every named query and view maps to stored tables (nothing left uncounted)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dirs = [join(import.meta.dirname, '../../functions/queries'), join(import.meta.dirname, '../../functions/queries/views')];
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
        const e = estimateSql(readFileSync(join(dir, f), 'utf8'), footers, { params: {} });
        expect(`${f}: ${e.basis.includes('NOT COUNTED') ? e.basis.slice(e.basis.indexOf('NOT COUNTED')) : 'ok'}`).toBe(`${f}: ok`);
      }
    }
  });

  it('estimateScans is pure over given footers and scans', () => {
    const fake: FooterSummary[] = [
      { key: 'curated/values/stat_year=2024/period_type=month/x.parquet', size: 1, rowGroups: [{ rows: 10, columns: { value: { bytes: 100 }, indicator: { bytes: 7, min: 'A', max: 'C' } } }] },
      { key: 'curated/values/stat_year=2024/period_type=month/y.parquet', size: 1, rowGroups: [{ rows: 10, columns: { value: { bytes: 50 }, indicator: { bytes: 7, min: 'D', max: 'F' } } }] },
      { key: 'elsewhere/x.parquet', size: 1, rowGroups: [{ rows: 1, columns: { value: { bytes: 1e9 } } }] },
    ];
    const e = estimateScans(fake, [{ table: 'values', columns: ['value', 'indicator'], filters: { indicator: [{ in: ['E'] }] }, via: ['t'] }]);
    expect(e).toMatchObject({ bytes: 57, files: 1, partitions: 1, rowGroups: { read: 1, total: 2 } });
  });
});

describe('the reader model (what Trino fetches beyond the chunks)', () => {
  it('knows where each chunk starts and how long the footer is (DuckDB agrees; the footer ends the file)', () => {
    for (const f of footers) {
      let end = 0;
      for (const [i, rg] of f.rowGroups.entries()) {
        for (const [name, c] of Object.entries(rg.columns)) {
          const m = meta.find((x) => x.file.endsWith(f.key) && Number(x.row_group_id) === i && x.path_in_schema === name)!;
          const dict = m.dictionary_page_offset === null ? undefined : Number(m.dictionary_page_offset);
          const data = Number(m.data_page_offset);
          expect(c.offset).toBe(dict !== undefined && dict > 0 && dict < data ? dict : data);
          end = Math.max(end, c.offset! + c.bytes);
        }
      }
      // The project's writer puts the footer right after the last chunk; DuckDB's (values here)
      // may write page indexes or bloom filters between them.
      if (f.key.startsWith('curated/reports/')) expect(end + f.footerBytes!).toBe(f.size);
      else expect(end + f.footerBytes!).toBeLessThanOrEqual(f.size);
    }
  });

  it('counts the 48 KB tail of every file opened, the whole footer again when longer, once per split', () => {
    const kb = 1024;
    expect(fileCost({ size: 500 * kb, footerBytes: 10 * kb }, []).footer).toBe(48 * kb);
    expect(fileCost({ size: 500 * kb, footerBytes: 60 * kb }, []).footer).toBe(108 * kb);
    expect(fileCost({ size: 20 * kb, footerBytes: 2 * kb }, []).footer).toBe(20 * kb);
    expect(fileCost({ size: 70 * MB, footerBytes: 10 * kb }, []).footer).toBe(3 * 48 * kb);
    expect(fileCost({ size: 500 * kb, footerBytes: 10 * kb }, [], CHUNKS_ONLY).footer).toBe(0);
    // Trino 427+ reads files under parquet.small-file-threshold whole; off unless asked for.
    expect(fileCost({ size: 2 * MB, footerBytes: 10 * kb }, [{ offset: 4, bytes: 100 }], { ...READER, smallFileThreshold: 3 * MB })).toEqual({ chunks: 0, gaps: 0, footer: 2 * MB });
  });

  it('reads chunks less than 1 MB apart as one range (the gap too), up to 8 MB; farther or larger ones alone', () => {
    const near = fileCost({ size: 100 * MB }, [{ offset: 1000, bytes: 100 }, { offset: 150, bytes: 50 }, { offset: 600, bytes: 100 }]);
    expect(near).toMatchObject({ chunks: 250, gaps: 950 - 250 });
    const far = fileCost({ size: 100 * MB }, [{ offset: 0, bytes: 100 }, { offset: 100 + MB + 1, bytes: 100 }]);
    expect(far.gaps).toBe(0);
    const long = fileCost({ size: 100 * MB }, [{ offset: 0, bytes: 5 * MB }, { offset: 5 * MB + 10, bytes: 4 * MB }]);
    expect(long.gaps).toBe(0);
    const big = fileCost({ size: 100 * MB }, [{ offset: 0, bytes: 9 * MB }, { offset: 9 * MB + 10, bytes: 100 }]);
    expect(big.gaps).toBe(0);
    const unknown = fileCost({ size: 100 * MB }, [{ bytes: 100 }, { bytes: 100 }]);
    expect(unknown).toMatchObject({ chunks: 200, gaps: 0 });
  });

  it('the default estimate is the chunks plus those footers and gaps', () => {
    const sql = "SELECT unit_id, value FROM curated_values WHERE stat_year = 2024 AND period_type = 'month' AND indicator = 'KT02'";
    const chunks = estimateSql(sql, footers);
    const full = estimateSqlWith(sql, footers);
    expect(full.bytes).toBe(chunks.bytes + full.overhead.footers + full.overhead.gaps);
    expect(full.overhead.footers).toBe(48 * 1024); // one file opened, smaller footer than the first read
    expect(full.overhead.gaps).toBeGreaterThan(0); // unit_id and value are apart, province_id … indicator between them
    expect(full.basis).toContain('footers');
  });
});

describe('the named analyses the benchmark prices (trend, ranking)', () => {
  const trend = { indicator: 'KT01', units: 'provinces', from: 2023, to: 2024, period_type: 'year', geography: 'as_reported' };
  const roots = (name: string, params: Record<string, unknown>) => {
    const p = parseForAnalysis(querySql(name));
    if (!p.ok) throw new Error(p.message_en);
    return scansFromAst(p.ast, { params });
  };
  // What one read of current_values costs through unit_period_values, for the indicator asked,
  // in the partitions asked (months rolled up, plus reports made for the period type itself).
  const valueCols = ['unit_id', 'province_id', 'unit_level', 'scope', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'synthetic', 'source_kind', 'revision', 'period', 'batch_id', 'submitted_at'];
  const ledgerCols = ['batch_id', 'unit_id', 'scope', 'period', 'source_kind', 'source_format', 'revision', 'submitted_at'];
  const oneRead = (years: number[]) =>
    expected({ table: 'values', columns: valueCols, indicator: 'KT01', years }) + expected({ table: 'reports', columns: ledgerCols, years });

  it('trend reads only the geography asked, and no unit branch for every province', () => {
    const asReported = roots('trend', trend);
    expect(new Set(asReported.map((s) => s.via[0]))).toEqual(new Set(['province_values']));
    const as2025 = roots('trend', { ...trend, geography: 'as_2025' });
    expect(new Set(as2025.map((s) => s.via[0]))).toEqual(new Set(['province_values_2025']));
    const units = roots('trend', { ...trend, units: 'd-001,d-002' });
    expect(new Set(units.map((s) => s.via[0]))).toEqual(new Set(['province_values', 'unit_period_values']));
    // Unbound (an estimate without parameters): every branch counts.
    expect(new Set(roots('trend', {}).map((s) => s.via[0]))).toEqual(new Set(['province_values', 'province_values_2025', 'unit_period_values']));
  });

  it('trend: one pass over the indicator’s row groups, without report_id', () => {
    const e = estimateSql(querySql('trend'), footers, { params: trend });
    expect(e.bytes).toBe(oneRead([2023, 2024]));
    expect(e.columns.filter((c) => c.endsWith('.report_id'))).toEqual([]);
    expect(e.rowGroups.read).toBeLessThan(e.rowGroups.total);
  });

  it('as of a moment: the composed relations prune to the same partitions, and read the whole ledger (history too) for the cut', () => {
    const params = { ...trend, as_of: '2024-06-01 00:00:00.000' };
    const sql = estimateSqlFor('trend', params);
    expect(sql).toContain('asof_province_values');
    const scans = (() => {
      const p = parseForAnalysis(sql);
      if (!p.ok) throw new Error(p.message_en);
      return scansFromAst(p.ast, { params });
    })();
    // every value read keeps the years and the indicator asked
    const valueScans = scans.filter((x) => x.table === 'values' || x.table === 'history_values');
    expect(valueScans.length).toBeGreaterThan(0);
    for (const v of valueScans) {
      expect(v.filters.stat_year, v.via.join('→')).toEqual([{ min: 2023, max: 2024 }]);
      expect(v.filters.indicator, v.via.join('→')).toEqual([{ in: ['KT01'] }]);
    }
    // the cut needs ingested_at of the ledger rows read
    expect(scans.some((x) => x.table === 'reports' && x.columns !== 'all' && x.columns.includes('ingested_at'))).toBe(true);
    const e = estimateSql(sql, footers, { params });
    const plain = estimateSql(querySql('trend'), footers, { params: trend });
    // the same partitions of values; more bytes (report_id to find each revision's values, the ledger's ingested_at)
    expect(e.columns).toContain('values.report_id');
    expect(e.bytes).toBeGreaterThan(plain.bytes);
    expect(e.rowGroups.read).toBeLessThan(e.rowGroups.total);
  });

  it('ranking: its pv query is named twice (this year, last year), so read twice; one geography only', () => {
    const params = { indicator: 'KT01', period: '2024-H1', stat_year: 2024, previous_period: '2023-H1', previous_stat_year: 2023, geography: 'as_reported', period_start: '2023-12-01', period_end: '2024-05-31' };
    const e = estimateSql(querySql('ranking'), footers, { params });
    expect(e.bytes).toBe(2 * oneRead([2023, 2024]));
    expect(new Set(roots('ranking', params).map((s) => s.via[0]))).toEqual(new Set(['province_values']));
  });
});

describe('scans from the AST', () => {
  const scans = (sql: string, params?: Record<string, unknown>) => {
    const p = parseForAnalysis(sql);
    if (!p.ok) throw new Error(p.message_en);
    return scansFromAst(p.ast, { params });
  };

  it('qualified columns go to their relation; unqualified ones to any that may have them', () => {
    const s = scans('SELECT v.value, r.source_file, unit_id FROM curated_values v JOIN curated_reports r ON v.report_id = r.report_id');
    expect(s.find((x) => x.table === 'values')!.columns).toEqual(['report_id', 'unit_id', 'value']);
    expect(s.find((x) => x.table === 'reports')!.columns).toEqual(['report_id', 'source_file', 'unit_id']);
  });

  it('a CTE named like a relation shadows it; reads inside CTEs and subqueries are found', () => {
    const s = scans(`WITH curated_reports AS (SELECT 1 AS x), y AS (SELECT value FROM curated_values WHERE stat_year = :y)
                     SELECT * FROM y, curated_reports, (SELECT max(value) AS m FROM curated_values WHERE period_type IN ('year', 'half')) q`, { y: 2024 });
    expect(s.map((x) => x.table)).toEqual(['values', 'values']);
    expect(s[0]!.filters).toEqual({ stat_year: [{ in: [2024] }] });
    expect(s[1]!.filters).toEqual({ period_type: [{ in: ['year', 'half'] }] });
  });

  it('OR and expressions of the column do not prune (conservative)', () => {
    const s = scans("SELECT value FROM curated_values WHERE stat_year = 2024 OR indicator = 'KT01'");
    expect(s[0]!.filters).toEqual({});
    const t = scans('SELECT value FROM curated_values WHERE stat_year + 1 = 2025 AND 2024 <= stat_year');
    expect(t[0]!.filters).toEqual({ stat_year: [{ min: 2024 }] });
  });
});

/** Only the interface's required methods. */
class PlainStorage implements Storage {
  constructor(protected readonly inner: FsStorage) {}
  get location() {
    return this.inner.location;
  }
  put(key: string, body: Uint8Array | string) {
    return this.inner.put(key, body);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  exists(key: string) {
    return this.inner.exists(key);
  }
  list(prefix: string): AsyncIterable<StoredObject> {
    return this.inner.list(prefix);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

/** A Storage that counts what is read, with an S3-like ranged read and no local path. */
class CountingStorage extends PlainStorage {
  bytesRead = 0;
  wholeGets = 0;
  override async get(key: string) {
    this.wholeGets++;
    const b = await this.inner.get(key);
    this.bytesRead += b?.length ?? 0;
    return b;
  }
  async getRange(key: string, start: number, end: number) {
    const b = (await this.inner.get(key))?.subarray(start, end);
    this.bytesRead += b?.length ?? 0;
    return b;
  }
}
