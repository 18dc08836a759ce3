/**
 * The cost of a query on Athena, before running it: the bytes it would scan and the price.
 *
 * Athena bills Parquet by the bytes it reads: for each file in the partitions the query keeps,
 * the compressed column chunks of the columns it needs, in the row groups whose min/max
 * statistics do not rule them out. That is what is summed here, from the footers alone
 * (parquet-footer.ts reads them; this module is pure). The price is $5 per TB (2^40 bytes) with
 * the bytes rounded up to the next MB and at least 10 MB per query — the published Athena SQL
 * pricing. Footers themselves and the small reference tables (units, indicators, calendar) are
 * not counted: they are metadata or not in Parquet.
 */
import type { AST } from 'node-sql-parser';
import { parseForAnalysis } from '../sql/trino-parse.ts';
import { DEFAULT_RELATIONS, REFERENCE_RELATIONS, storedTable, storedTableNames, type RelationMap } from './relations.ts';
import { scansFromAst, type Filters, type Literal, type Scan, type ValueFilter } from './scans.ts';

export const USD_PER_TB = 5;
export const TB = 2 ** 40;
export const MB = 2 ** 20;
export const MIN_BILLED_BYTES = 10 * MB;

/** One Parquet file as its footer describes it (see parquet-footer.ts). */
export interface FooterSummary {
  key: string;
  size: number;
  rowGroups: RowGroupSummary[];
}

export interface RowGroupSummary {
  rows: number;
  /** By column name: compressed bytes of the chunk and, where the writer stored them, min/max. */
  columns: Record<string, { bytes: number; min?: Literal | null; max?: Literal | null }>;
}

export interface Estimate {
  /** Bytes Athena would scan. */
  bytes: number;
  /** Bytes billed: rounded up to MB, at least 10 MB. */
  billedBytes: number;
  usd: number;
  /** Files read (at least one row group). */
  files: number;
  /** Partitions (table, stat_year, period_type) read. */
  partitions: number;
  /** Columns read, as table.column. */
  columns: string[];
  /** Row groups read / in the partitions kept (how much min/max statistics saved). */
  rowGroups: { read: number; total: number };
  /** How the number was reached, in words. */
  basis: string;
}

/** Price of a scan of `bytes` on Athena. */
export function athenaPrice(bytes: number): { billedBytes: number; usd: number } {
  const billedBytes = Math.max(MIN_BILLED_BYTES, Math.ceil(bytes / MB) * MB);
  return { billedBytes, usd: (billedBytes / TB) * USD_PER_TB };
}

/** Which stored table and partition a key belongs to, from the layout in tables.json. */
export function locateKey(key: string): { table: string; stat_year?: number; period_type?: string } | undefined {
  for (const table of storedTableNames()) {
    const { path } = storedTable(table);
    if (!key.startsWith(`${path}/`)) continue;
    const year = /(?:^|\/)stat_year=(\d+)(?:\/|$)/.exec(key)?.[1];
    const type = /(?:^|\/)period_type=([^/]+)(?:\/|$)/.exec(key)?.[1];
    return { table, ...(year ? { stat_year: Number(year) } : {}), ...(type ? { period_type: decodeURIComponent(type) } : {}) };
  }
  return undefined;
}

/** Bytes scanned by the given table reads over the given files. */
export function estimateScans(footers: readonly FooterSummary[], scans: readonly Scan[], unmapped: Iterable<string> = []): Estimate {
  const byTable = new Map<string, { footer: FooterSummary; partition: { stat_year?: number; period_type?: string } }[]>();
  for (const footer of footers) {
    const where = locateKey(footer.key);
    if (!where) continue;
    const list = byTable.get(where.table) ?? [];
    list.push({ footer, partition: where });
    byTable.set(where.table, list);
  }
  let bytes = 0;
  let read = 0;
  let total = 0;
  const files = new Set<string>();
  const partitions = new Set<string>();
  const columns = new Set<string>();
  const notes: string[] = [];
  for (const scan of scans) {
    const tableColumns = storedTable(scan.table).columns;
    const wanted = scan.columns === 'all' ? tableColumns : tableColumns.filter((c) => (scan.columns as string[]).includes(c));
    let scanBytes = 0;
    let scanFiles = 0;
    for (const { footer, partition } of byTable.get(scan.table) ?? []) {
      if (!passes(partition.stat_year, scan.filters.stat_year) || !passes(partition.period_type, scan.filters.period_type)) continue;
      let fileRead = false;
      for (const rg of footer.rowGroups) {
        total++;
        if (!rowGroupMayMatch(rg, scan.filters)) continue;
        read++;
        fileRead = true;
        for (const c of wanted) scanBytes += rg.columns[c]?.bytes ?? 0;
      }
      if (fileRead) {
        scanFiles++;
        files.add(footer.key);
        partitions.add(`${scan.table}/stat_year=${partition.stat_year ?? '?'}/period_type=${partition.period_type ?? '?'}`);
      }
    }
    bytes += scanBytes;
    if (scanFiles > 0) for (const c of wanted) columns.add(`${scan.table}.${c}`);
    notes.push(`${scan.via.join('→')} ${describeFilters(scan.filters)}: ${wanted.length} cột/columns, ${formatBytes(scanBytes)}`);
  }
  // The same read repeated (a view used twice, a self-join) is listed once with its count.
  const counted = new Map<string, number>();
  for (const n of notes) counted.set(n, (counted.get(n) ?? 0) + 1);
  const listed = [...counted].map(([n, k]) => (k > 1 ? `${k} × ${n}` : n));
  const unknown = [...unmapped].filter((r) => !REFERENCE_RELATIONS.includes(r)).sort();
  if (unknown.length) listed.push(`CHƯA TÍNH / NOT COUNTED (relation not in the cost map): ${unknown.join(', ')}`);
  const price = athenaPrice(bytes);
  const basis =
    `Kích thước nén của các cột cần đọc, theo footer Parquet / compressed column-chunk sizes from Parquet footers: ` +
    `${files.size} files, ${partitions.size} partitions, ${read}/${total} row groups after min/max; ` +
    `${listed.join('; ') || 'no stored table read'}; ` +
    `$${USD_PER_TB}/TB, rounded up to 1 MB, minimum 10 MB per query.`;
  return {
    bytes,
    billedBytes: price.billedBytes,
    usd: price.usd,
    files: files.size,
    partitions: partitions.size,
    columns: [...columns].sort(),
    rowGroups: { read, total },
    basis,
  };
}

/** Parse a query (named `:params` allowed), find its table reads, and price them. */
export function estimateSql(
  sql: string,
  footers: readonly FooterSummary[],
  options: { params?: Record<string, unknown>; relations?: RelationMap } = {},
): Estimate {
  const parsed = parseForAnalysis(sql);
  if (!parsed.ok) throw new Error(`${parsed.message_vi} / ${parsed.message_en}`);
  return estimateAst(parsed.ast, footers, options);
}

export function estimateAst(
  ast: AST | AST[],
  footers: readonly FooterSummary[],
  options: { params?: Record<string, unknown>; relations?: RelationMap } = {},
): Estimate {
  const unmapped = new Set<string>();
  const scans = scansFromAst(ast, { relations: options.relations ?? DEFAULT_RELATIONS, params: options.params, unmapped });
  return estimateScans(footers, scans, unmapped);
}

function passes(value: Literal | undefined, filters: ValueFilter[] | undefined): boolean {
  if (!filters || value === undefined) return true;
  return filters.every((f) => {
    if (f.in && !f.in.some((v) => equal(v, value))) return false;
    if (f.notIn && f.notIn.some((v) => equal(v, value))) return false;
    if (f.min !== undefined && compare(value, f.min) < 0) return false;
    if (f.max !== undefined && compare(value, f.max) > 0) return false;
    return true;
  });
}

/** Could any row of the group satisfy the filters on indicator and period, given min/max? */
function rowGroupMayMatch(rg: RowGroupSummary, filters: Filters): boolean {
  for (const column of ['indicator', 'period']) {
    const fs = filters[column];
    const chunk = rg.columns[column];
    if (!fs || !chunk || chunk.min == null || chunk.max == null) continue;
    const { min, max } = chunk;
    for (const f of fs) {
      if (f.in && !f.in.some((v) => compare(v, min) >= 0 && compare(v, max) <= 0)) return false;
      if (f.notIn && compare(min, max) === 0 && f.notIn.some((v) => equal(v, min))) return false;
      if (f.min !== undefined && compare(max, f.min) < 0) return false;
      if (f.max !== undefined && compare(min, f.max) > 0) return false;
    }
  }
  return true;
}

/** Numbers numerically; otherwise as text in code-unit order (Parquet's byte order for ASCII codes). */
function compare(a: Literal, b: Literal): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function equal(a: Literal, b: Literal): boolean {
  return compare(a, b) === 0;
}

function describeFilters(filters: Filters): string {
  const parts = Object.entries(filters).map(([c, fs]) =>
    fs
      .map((f) =>
        f.in ? `${c} ∈ {${f.in.join(', ')}}` : f.notIn ? `${c} ∉ {${f.notIn.join(', ')}}` : `${c} ∈ [${f.min ?? '…'}, ${f.max ?? '…'}]`,
      )
      .join(' ∧ '),
  );
  return parts.length ? `(${parts.join(' ∧ ')})` : '(no pruning)';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
