/**
 * Writes curated rows as Parquet with explicit column types from data-schemas/tables.json.
 * Pure JavaScript (hyparquet-writer, Snappy) so the same code runs in Lambda without native
 * binaries. Partition keys are not stored in the file: they live in the Hive-style path.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import { tableColumns, type ColumnDef, type TableName } from '../../core/warehouse-contract/tables.ts';

const DAY_MS = 86_400_000;

function schemaElement(c: ColumnDef): SchemaElement {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (c.type) {
    case 'string':
      return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'int':
      return { name: c.name, type: 'INT32', repetition_type };
    case 'double':
      return { name: c.name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name: c.name, type: 'BOOLEAN', repetition_type };
    case 'date':
      return { name: c.name, type: 'INT32', converted_type: 'DATE', repetition_type };
    case 'timestamp':
      return { name: c.name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type };
  }
}

/** A converter per column, chosen once: the per-value work is then one small function call. */
function converter(c: ColumnDef): (v: unknown) => unknown {
  const nullable = !!c.nullable;
  const guard = (f: (v: unknown) => unknown) => (v: unknown) => {
    if (v === null || v === undefined) {
      if (!nullable) throw new Error(`Column ${c.name} must not be null`);
      return null;
    }
    return f(v);
  };
  switch (c.type) {
    case 'date':
      return guard((v) => Math.floor((v instanceof Date ? v.getTime() : Date.parse(`${String(v)}T00:00:00Z`)) / DAY_MS));
    case 'timestamp':
      return guard((v) => BigInt(v instanceof Date ? v.getTime() : Date.parse(String(v))));
    case 'int':
      return guard((v) => Number(v) | 0);
    default:
      return guard((v) => v);
  }
}

export interface WriteOptions {
  /** Rows per row group; smaller groups let min/max statistics prune more (indicator, period). */
  rowGroupSize?: number;
}

const MAX_GROUP = 50_000;
/**
 * Fewest rows of a row group cut at an indicator boundary: smaller runs share a group. Smaller
 * groups prune finer but repeat less within a group (a report id repeats once per indicator),
 * so the writer's dictionary test gives up on them: 8,192 keeps a compacted national partition
 * (~9,000 rows per indicator) at one group per indicator, and a small file at ~1.7× its
 * one-group size instead of ~4×.
 */
const MIN_GROUP = 8_192;

/**
 * Row groups for rows sorted by indicator (curated values): cut where the indicator changes,
 * once a group holds MIN_GROUP rows, and at MAX_GROUP at the latest. A query for one
 * indicator then reads about one group per file instead of every group its rows straddle
 * (a 50,000-row group holds several indicators, so min/max ruled out few groups). Rows not
 * sorted by indicator, or too few to split, get fixed-size groups.
 */
function rowGroupSizes(indicator: ArrayLike<unknown> | undefined, n: number): number | number[] {
  if (n <= MIN_GROUP || !indicator) return MAX_GROUP;
  if (typeof indicator[0] !== 'string') return MAX_GROUP;
  for (let i = 1; i < n; i++) if ((indicator[i] as string) < (indicator[i - 1] as string)) return MAX_GROUP;
  const sizes: number[] = [];
  let start = 0;
  for (let i = 1; i < n; i++) {
    const size = i - start;
    if (size >= MAX_GROUP || (size >= MIN_GROUP && indicator[i] !== indicator[i - 1])) {
      sizes.push(size);
      start = i;
    }
  }
  sizes.push(n - start);
  return sizes;
}

/** Column arrays of a curated table by column name, each `length` long (extra names are ignored). */
export type ColumnArrays = Record<string, ArrayLike<unknown>>;

type Extractor = (rows: readonly object[]) => unknown[][];
const extractors = new Map<TableName, Extractor>();

/**
 * Rows → one array per column. Compiled once per table so each property read has a constant
 * name: a read by a variable name (`row[name]`) is a megamorphic keyed load, and was most of the
 * writer's time (~200 ms of 44,000 values rows). Column names come from tables.json, and are
 * checked to be plain identifiers before they are put into source text.
 */
function extractor(table: TableName): Extractor {
  let f = extractors.get(table);
  if (!f) {
    const names = tableColumns(table).map((c) => c.name);
    for (const n of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`unexpected column name ${JSON.stringify(n)}`);
    const body = [
      'const n = rows.length;',
      ...names.map((_, i) => `const c${i} = new Array(n);`),
      'for (let i = 0; i < n; i++) {',
      '  const r = rows[i];',
      ...names.map((name, i) => `  c${i}[i] = r.${name};`),
      '}',
      `return [${names.map((_, i) => `c${i}`).join(', ')}];`,
    ].join('\n');
    f = new Function('rows', body) as Extractor;
    extractors.set(table, f);
  }
  return f;
}

/** Serializes rows of a curated table to Parquet bytes. Extra properties (partition keys) are ignored. */
export function writeParquet(table: TableName, rows: readonly object[], options: WriteOptions = {}): Uint8Array {
  const arrays = extractor(table)(rows);
  const columns: ColumnArrays = {};
  tableColumns(table).forEach((c, i) => (columns[c.name] = arrays[i]));
  return writeParquetColumns(table, columns, rows.length, options);
}

/** The same bytes as writeParquet, from column arrays (what ingest builds: no row objects). */
export function writeParquetColumns(table: TableName, columns: ColumnArrays, length: number, options: WriteOptions = {}): Uint8Array {
  const cols = tableColumns(table);
  const columnData = cols.map((c) => {
    const src = columns[c.name];
    if (!src || src.length !== length) throw new Error(`column ${c.name}: expected ${length} values, got ${src ? src.length : 'none'}`);
    const conv = converter(c);
    // Strings, doubles, booleans are stored as they are: an array without undefined (and
    // without null unless the column allows it) is handed over as is, not copied.
    if (c.type !== 'date' && c.type !== 'timestamp' && c.type !== 'int' && Array.isArray(src)) {
      let clean = true;
      for (let i = 0; i < length; i++) {
        const v = src[i];
        if (v === undefined || (v === null && !c.nullable)) {
          clean = false;
          break;
        }
      }
      if (clean) return { name: c.name, data: src as unknown[], nullable: !!c.nullable, statistics: c.statistics !== false };
    }
    const data = new Array(length);
    // Dates and timestamps repeat (a period's dates, a report's submission): convert each once.
    if (c.type === 'date' || c.type === 'timestamp') {
      const memo = new Map<unknown, unknown>();
      for (let i = 0; i < length; i++) {
        const v = src[i];
        let x = memo.get(v);
        if (x === undefined) memo.set(v, (x = conv(v)));
        data[i] = x;
      }
    } else if (c.type === 'int') {
      for (let i = 0; i < length; i++) data[i] = conv(src[i]);
    } else {
      // Strings, doubles, booleans are stored as they are: only nulls need a look.
      const nullable = !!c.nullable;
      for (let i = 0; i < length; i++) {
        const v = src[i];
        if (v === undefined || v === null) {
          if (!nullable) throw new Error(`Column ${c.name} must not be null`);
          data[i] = null;
        } else data[i] = v;
      }
    }
    return { name: c.name, data, nullable: !!c.nullable, statistics: c.statistics !== false };
  });
  const schema: SchemaElement[] = [{ name: 'root', num_children: cols.length }, ...cols.map(schemaElement)];
  const buf = parquetWriteBuffer({
    columnData,
    schema,
    rowGroupSize: options.rowGroupSize ?? rowGroupSizes(columns.indicator, length),
    statisticsTruncateLength: 64,
    createdBy: 'chitieu',
  });
  return new Uint8Array(buf);
}
