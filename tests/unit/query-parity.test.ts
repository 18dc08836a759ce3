/**
 * Dialect parity of the query layer: every named analysis (functions/queries/*.sql) and every
 * shared view (functions/queries/views/*.sql) parses as Trino SQL, uses only bound parameters,
 * and runs on DuckDB — the views by building the warehouse database, the analyses with sample
 * parameters for every period type (month, quarter, half, nine months, year) and both
 * geographies, over a few reports that span the 2025 switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { PUBLISHED_RELATIONS } from '../../functions/api/sql-policy.ts';
import { renderFor } from '../../functions/core/sql/dialect.ts';
import { lex } from '../../functions/core/sql/lex.ts';
import { parseTrino } from '../../functions/core/sql/trino-parse.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { parameterNames } from '../../functions/core/named-params.ts';
import { NAMED_QUERIES, analysisSql, namedQuery, prepareParams, querySql, type NamedQuery, type ParamSpec } from '../../functions/queries/registry.ts';
import { file, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews, VIEW_NAMES } from '../../functions/queries/views.ts';

const QUERIES_DIR = fileURLToPath(new URL('../../functions/queries/', import.meta.url));
const VIEWS_DIR = join(QUERIES_DIR, 'views');

const sqlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
const queryFiles = sqlFiles(QUERIES_DIR);
const viewFiles = sqlFiles(VIEWS_DIR);

/** A sample period of each type, with the 2025 switch inside or around it. */
const SAMPLE_PERIODS: Record<string, string> = {
  month: '2025-07', quarter: '2025-Q3', half: '2025-H2', nine_months: '2025-9M', year: '2025-Y',
};

/** Parameter sets that exercise every value a param may take. */
function paramSets(q: NamedQuery): Record<string, unknown>[] {
  const choices = (p: ParamSpec): unknown[] => {
    switch (p.type) {
      case 'indicator': return ['crime_report_resolution_rate', 'crime_reports_pending'];
      case 'period': return Object.values(SAMPLE_PERIODS);
      case 'period_type': return Object.keys(SAMPLE_PERIODS);
      case 'year': return [p.name === 'from' ? 2024 : 2025];
      case 'units': return ['provinces', 'p63-94,p34-92,d-941'];
      case 'unit': return ['p34-92', 'p63-94'];
      case 'level': return ['province', 'district', 'regional'];
      case 'geography': return ['as_reported', 'as_2025'];
      case 'number': return [p.default ?? 1];
      case 'timestamp': return p.required ? ['2025-01-01', '2026-01-01'] : [undefined, '2030-01-01'];
      default: return p.values ?? [p.default ?? 'x'];
    }
  };
  // One set per choice of each parameter, others at their first choice: linear, not a product.
  const base = Object.fromEntries(q.params.map((p) => [p.name, choices(p)[0]]));
  const sets = [base];
  for (const p of q.params) for (const c of choices(p).slice(1)) sets.push({ ...base, [p.name]: c });
  return sets;
}

let wh: ReturnType<typeof tempWarehouse>;
let engine: DuckDbEngine;

/** Monthly reports around the switch: Sóc Trăng and one of its districts until June, new Cần Thơ from July. */
function report(unit: string, period: string, values: Record<string, unknown>[]) {
  const [y, m] = period.split('-').map(Number);
  const next = new Date(Date.UTC(y, m, 5)).toISOString().slice(0, 10);
  return file(`${unit}-${period}.json`, {
    schema_version: 1, unit_id: unit, scope: 'unit', period, submitted_at: `${next}T08:00:00+07:00`, revision: 1, values,
  });
}
const VALUES = [
  { indicator: 'crime_report_resolution_rate', value: 80, numerator: 80, denominator: 100 },
  { indicator: 'crime_reports_received', value: 120 },
  { indicator: 'crime_reports_pending', value: 20 },
];

beforeAll(async () => {
  wh = tempWarehouse('chitieu-parity-');
  const files = [];
  for (const month of ['2024-06', '2024-07', '2024-08', '2024-09', '2025-05', '2025-06']) {
    files.push(report('p63-94', month, VALUES), report('d-941', month, VALUES), report('p63-92', month, VALUES));
  }
  for (const month of ['2025-07', '2025-08', '2025-09']) files.push(report('p34-92', month, VALUES));
  // A district's own quarter report (2024-Q3 = June–August) and its province's "hai cấp" one, with
  // one figure typed differently from the months (3 × 120 = 360 received), so that reconciliation
  // has both an agreeing and a disagreeing figure to show.
  const quarter = [
    { indicator: 'crime_report_resolution_rate', value: 92.3, numerator: 240, denominator: 260 },
    { indicator: 'crime_reports_received', value: 361 },
    { indicator: 'crime_reports_pending', value: 20 },
  ];
  files.push(file('d-941-2024-Q3.json', {
    schema_version: 1, unit_id: 'd-941', scope: 'unit', period: '2024-Q3', submitted_at: '2024-09-15T08:00:00+07:00', revision: 1, values: quarter,
  }));
  files.push(file('p63-94-2024-Q3-hai-cap.json', {
    schema_version: 1, unit_id: 'p63-94', scope: 'province_total', period: '2024-Q3', submitted_at: '2024-09-20T08:00:00+07:00', revision: 1,
    values: [{ indicator: 'crime_reports_received', value: 721 }],
  }));
  const s = await ingestFiles(files, { storage: wh.storage });
  expect(s.rejected, JSON.stringify(s.reasons)).toBe(0);
  engine = await DuckDbEngine.open(wh.dir, { views: sharedViews() });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  wh?.cleanup();
});

describe('every query file parses as Trino SQL', () => {
  it.each([...queryFiles, ...viewFiles.map((f) => `views/${f}`)])('functions/queries/%s', (path) => {
    const sql = readFileSync(join(QUERIES_DIR, path), 'utf8');
    const parsed = parseTrino(sql);
    if (!parsed.ok) throw new Error(parsed.message_en);
    expect(parsed.ast).toHaveLength(1);
    // The Athena text is the file itself; the shim only ever rewrites for DuckDB.
    expect(renderFor('athena', sql)).toBe(sql);
    // Spellings the Trino grammar tolerates but Trino refuses.
    const tokens = lex(sql).filter((t) => t.kind !== 'line_comment' && t.kind !== 'block_comment');
    for (const t of tokens) {
      expect(t.text, `${path}: "${t.text}"`).not.toBe('::');
      expect(t.text.startsWith('`'), `${path}: backtick`).toBe(false);
    }
  });
});

describe('as_of: the composed query of every analysis parses as Trino SQL', () => {
  it.each(NAMED_QUERIES.map((q) => q.name))('%s', (name) => {
    const cuts = NAMED_QUERIES.find((q) => q.name === name)!.cuts;
    const params = cuts ? {} : { as_of: '2030-01-01 00:00:00.000' };
    const sql = analysisSql(name, params, 'athena');
    expect(sql).not.toBe(querySql(name));
    const parsed = parseTrino(sql);
    if (!parsed.ok) throw new Error(parsed.message_en);
    expect(parsed.ast).toHaveLength(1);
    for (const p of cuts ?? ['as_of']) expect(parameterNames(sql)).toContain(p);
    // the stored curated tables are read only through the as-of bases (the ledger cut, all values)
    const words = lex(sql).filter((t) => t.kind === 'word').map((t) => t.text.toLowerCase());
    for (const stored of ['curated_reports', 'curated_values', 'history_reports', 'history_values']) expect(words, stored).not.toContain(stored);
    // DuckDB's text differs only by the planner hint that inlines the WITH queries
    expect(analysisSql(name, params, 'duckdb').replaceAll(' NOT MATERIALIZED', '')).toBe(sql);
  });
});

describe('views', () => {
  it('every view file is materialized locally and published to SQL', () => {
    const names = viewFiles.map((f) => f.replace(/\.sql$/, ''));
    expect([...VIEW_NAMES].sort()).toEqual([...names].sort());
    for (const n of names) expect(PUBLISHED_RELATIONS as readonly string[]).toContain(n);
  });

  it('views take no parameters', () => {
    for (const f of viewFiles) expect(parameterNames(readFileSync(join(VIEWS_DIR, f), 'utf8')), f).toEqual([]);
  });

  it.each(viewFiles.map((f) => f.replace(/\.sql$/, '')))('%s runs on DuckDB', async (name) => {
    const r = await engine.query(`SELECT count(*) AS n FROM ${name}`);
    expect(Number(r.rows[0].n)).toBeGreaterThan(0);
  });
});

describe('named analyses', () => {
  it('each .sql has its .json and the other way round', () => {
    expect(NAMED_QUERIES.map((q) => `${q.name}.sql`).sort()).toEqual(queryFiles);
  });

  it.each(NAMED_QUERIES.map((q) => q.name))('%s: every :param is declared or derived, and it runs on DuckDB for every period type', async (name) => {
    const q = NAMED_QUERIES.find((x) => x.name === name)!;
    let ran = 0;
    for (const raw of paramSets(q)) {
      const params = prepareParams(q, raw);
      // with as_of, the as-of composition (core/as-of/compose.ts) as DuckDB runs it
      const sql = analysisSql(name, params, 'duckdb');
      for (const p of parameterNames(sql)) expect(Object.keys(params), `${name} :${p}`).toContain(p);
      const r = await engine.query(sql, { params });
      expect(Array.isArray(r.rows)).toBe(true);
      ran++;
    }
    expect(ran).toBeGreaterThan(1);
  });
});

describe('period reports, basis and reconciliation', () => {
  it('a unit\'s own report is the official figure (basis reported); the roll-up of its months stays beside it', async () => {
    const r = await engine.query(`SELECT indicator, basis, value, numerator, denominator, rolled_value, rolled_numerator, rolled_denominator, partial
      FROM unit_period_values WHERE unit_id = 'd-941' AND period = '2024-Q3' AND scope = 'unit' ORDER BY indicator`);
    expect(r.rows.map((x) => [x.indicator, x.basis, x.value, x.rolled_value])).toEqual([
      ['crime_report_resolution_rate', 'reported', 92.3, 92.31],
      ['crime_reports_pending', 'reported', 20, 20],
      ['crime_reports_received', 'reported', 361, 360],
    ]);
    // the workload denominator: 3 × 80 resolved + 20 still open, not 3 × 100
    expect([r.rows[0].rolled_numerator, r.rows[0].rolled_denominator]).toEqual([240, 260]);
  });

  it('reconciliation shows the typed figure against the months, and the "hai cấp" report against its units', async () => {
    const q = namedQuery('reconciliation')!;
    const rows = (await engine.query(querySql('reconciliation'), { params: prepareParams(q, { from: 2024, to: 2024, show: 'all' }) })).rows;
    const pick = (scope: string, ind: string) => rows.find((x) => x.scope === scope && x.indicator === ind)!;
    expect(pick('unit', 'crime_reports_received')).toMatchObject({ unit_id: 'd-941', reported_value: 361, rolled_up_value: 360, difference: 1, status: 'differs', partial: false });
    expect(pick('unit', 'crime_report_resolution_rate')).toMatchObject({ status: 'agrees', reported_denominator: 260, rolled_up_denominator: 260 });
    // p63-94's office (360 from its months) + d-941's own quarter report (361) = 721; the
    // province's other districts sent nothing, so the comparison is incomplete, not a disagreement
    expect(pick('province_total', 'crime_reports_received')).toMatchObject({
      unit_id: 'p63-94', compared_with: 'units', reported_value: 721, rolled_up_value: 721, status: 'incomplete', partial: true,
    });
    // show=differs (the default) lists only the disagreement
    const differs = (await engine.query(querySql('reconciliation'), { params: prepareParams(q, { from: 2024, to: 2024 }) })).rows;
    expect(differs.map((x) => [x.unit_id, x.period, x.indicator])).toEqual([['d-941', '2024-Q3', 'crime_reports_received']]);
  });
});

