/**
 * The cost of a query on Athena, before running it: the bytes it would scan and the price.
 *
 * Athena bills Parquet by the bytes it reads: for each file in the partitions the query keeps,
 * the compressed column chunks of the columns it needs, in the row groups whose min/max
 * statistics do not rule them out. That is what is summed here, from the footers alone
 * (adapters/parquet/footer.ts reads them; this module is pure), with what Trino's Parquet reader adds on
 * top (READER below): each split of each file opened reads the file's tail to find the footer,
 * and nearby column chunks are fetched as one range, gaps included. The price is $5 per TB
 * (2^40 bytes) with the bytes rounded up to the next MB and at least 10 MB per query — the
 * published Athena SQL pricing. The small reference tables (units, indicators, calendar) are not
 * counted: they are not in Parquet.
 */
import type { AST } from 'node-sql-parser';
import { parseForAnalysis } from '../sql/trino-parse.ts';
import { DEFAULT_RELATIONS, REFERENCE_RELATIONS, storedTable, storedTableNames, type RelationMap } from './relations.ts';
import { scansFromAst, type Filters, type Literal, type Scan, type ValueFilter } from './scans.ts';

export const USD_PER_TB = 5;
export const TB = 2 ** 40;
export const MB = 2 ** 20;
export const MIN_BILLED_BYTES = 10 * MB;

/** One Parquet file as its footer describes it (see adapters/parquet/footer.ts). */
export interface FooterSummary {
  key: string;
  size: number;
  /** Footer + its length + magic, the bytes after the last column chunk (unknown: READER.footerRead is assumed enough). */
  footerBytes?: number;
  rowGroups: RowGroupSummary[];
}

export interface RowGroupSummary {
  rows: number;
  /**
   * By column name: compressed bytes of the chunk, where it starts in the file (unknown: chunks
   * are counted apart, without merged gaps) and, where the writer stored them, min/max.
   */
  columns: Record<string, { bytes: number; offset?: number; min?: Literal | null; max?: Literal | null }>;
}

/**
 * How Trino's Parquet reader (Athena engine v3) turns the chunks a query needs into reads; all
 * of it is counted as bytes read. Defaults are Trino's: `MetadataReader` reads the last 48 KB of
 * every file a split opens (again, whole, if the footer is longer) before it can prune row groups;
 * `parquet.max-merge-distance` (1 MB) and `parquet.max-buffer-size` (8 MB) make chunks less than
 * 1 MB apart one read, the gap included, up to 8 MB; `hive.max-initial-split-size` (32 MB) cuts
 * larger files into splits, each opening the footer. `smallFileThreshold`: Trino 427 and later
 * read a file under `parquet.small-file-threshold` (3 MB) whole; whether Athena's engine does is
 * not documented, so it is off unless asked for (the benchmark reports the figure both ways).
 */
export interface ReaderModel {
  footerRead: number;
  maxMergeDistance: number;
  maxBufferSize: number;
  splitSize: number;
  smallFileThreshold: number;
}

export const READER: ReaderModel = {
  footerRead: 48 * 1024,
  maxMergeDistance: 1024 * 1024,
  maxBufferSize: 8 * 1024 * 1024,
  splitSize: 32 * 1024 * 1024,
  smallFileThreshold: 0,
};

/** Column chunks alone, as an ideal reader would fetch them (no footers, no merged gaps): for comparison and tests. */
export const CHUNKS_ONLY: ReaderModel = { ...READER, footerRead: 0, maxMergeDistance: -1 };

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
  /** Of `bytes`: footers read to plan the row groups, and gaps between chunks fetched in one read. */
  overhead: { footers: number; gaps: number };
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
export function estimateScans(
  footers: readonly FooterSummary[],
  scans: readonly Scan[],
  unmapped: Iterable<string> = [],
  reader: ReaderModel = READER,
): Estimate {
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
  let footerBytes = 0;
  let gapBytes = 0;
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
      const chunks: { offset?: number; bytes: number }[] = [];
      for (const rg of footer.rowGroups) {
        total++;
        if (!rowGroupMayMatch(rg, scan.filters)) continue;
        read++;
        fileRead = true;
        for (const c of wanted) {
          const chunk = rg.columns[c];
          if (chunk) chunks.push(chunk);
        }
      }
      // Every file of a partition kept is opened, its footer read, even when min/max then rule
      // out all of its row groups.
      const cost = fileCost(footer, chunks, reader);
      scanBytes += cost.chunks + cost.gaps + cost.footer;
      footerBytes += cost.footer;
      gapBytes += cost.gaps;
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
    `of which footers ${formatBytes(footerBytes)}, gaps read between chunks ${formatBytes(gapBytes)}; ` +
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
    overhead: { footers: footerBytes, gaps: gapBytes },
    basis,
  };
}

/**
 * Bytes Trino reads from one file for the given chunks: the footer once per split, and the
 * chunks as merged ranges (AbstractParquetDataSource.planChunksRead: sorted by offset, a chunk
 * joins the previous range when it starts within maxMergeDistance of its end and the span stays
 * within maxBufferSize; larger chunks are read alone). Chunks without a known offset count alone.
 */
export function fileCost(
  footer: Pick<FooterSummary, 'size' | 'footerBytes'>,
  chunks: readonly { offset?: number; bytes: number }[],
  reader: ReaderModel = READER,
): { chunks: number; gaps: number; footer: number } {
  const size = footer.size;
  if (reader.smallFileThreshold > 0 && size < reader.smallFileThreshold) return { chunks: 0, gaps: 0, footer: size };
  const splits = Math.max(1, Math.ceil(size / reader.splitSize));
  const tail = Math.min(size, reader.footerRead);
  const whole = footer.footerBytes ?? 0;
  // footerRead 0: footers not counted at all.
  const footerCost = reader.footerRead > 0 ? splits * (tail + (whole > tail ? Math.min(size, whole) : 0)) : 0;
  let sum = 0;
  let merged = 0;
  const placed: { start: number; end: number }[] = [];
  for (const c of chunks) {
    sum += c.bytes;
    if (c.offset === undefined || c.bytes > reader.maxBufferSize) merged += c.bytes;
    else placed.push({ start: c.offset, end: c.offset + c.bytes });
  }
  placed.sort((a, b) => a.start - b.start);
  let last: { start: number; end: number } | undefined;
  for (const r of placed) {
    if (last && reader.maxMergeDistance >= 0 && Math.max(last.end, r.end) - last.start <= reader.maxBufferSize && last.end + reader.maxMergeDistance >= r.start) {
      last.end = Math.max(last.end, r.end);
    } else {
      if (last) merged += last.end - last.start;
      last = { ...r };
    }
  }
  if (last) merged += last.end - last.start;
  // The same chunk named by two columns of a scan cannot happen; overlap is only the merge.
  return { chunks: sum, gaps: Math.max(0, merged - sum), footer: footerCost };
}

/** Parse a query (named `:params` allowed), find its table reads, and price them. */
export function estimateSql(
  sql: string,
  footers: readonly FooterSummary[],
  options: { params?: Record<string, unknown>; relations?: RelationMap; reader?: ReaderModel } = {},
): Estimate {
  const parsed = parseForAnalysis(sql);
  if (!parsed.ok) throw new Error(`${parsed.message_vi} / ${parsed.message_en}`);
  return estimateAst(parsed.ast, footers, options);
}

export function estimateAst(
  ast: AST | AST[],
  footers: readonly FooterSummary[],
  options: { params?: Record<string, unknown>; relations?: RelationMap; reader?: ReaderModel } = {},
): Estimate {
  const unmapped = new Set<string>();
  const scans = scansFromAst(ast, { relations: options.relations ?? DEFAULT_RELATIONS, params: options.params, unmapped });
  return estimateScans(footers, scans, unmapped, options.reader);
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
