/**
 * Writes curated rows as Parquet with explicit column types from data-schemas/tables.json.
 * Pure JavaScript (hyparquet-writer, Snappy) so the same code runs in Lambda without native
 * binaries. Partition keys are not stored in the file: they live in the Hive-style path.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import { tableColumns, type ColumnDef, type TableName } from './table-columns.ts';

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
function rowGroupSizes(rows: readonly object[]): number | number[] {
  const n = rows.length;
  if (n <= MIN_GROUP) return MAX_GROUP;
  const indicator = (i: number) => (rows[i] as { indicator?: unknown }).indicator;
  if (typeof indicator(0) !== 'string') return MAX_GROUP;
  for (let i = 1; i < n; i++) if ((indicator(i) as string) < (indicator(i - 1) as string)) return MAX_GROUP;
  const sizes: number[] = [];
  let start = 0;
  for (let i = 1; i < n; i++) {
    const size = i - start;
    if (size >= MAX_GROUP || (size >= MIN_GROUP && indicator(i) !== indicator(i - 1))) {
      sizes.push(size);
      start = i;
    }
  }
  sizes.push(n - start);
  return sizes;
}

/** Serializes rows of a curated table to Parquet bytes. Extra properties (partition keys) are ignored. */
export function writeParquet(table: TableName, rows: readonly object[], options: WriteOptions = {}): Uint8Array {
  const cols = tableColumns(table);
  const columnData = cols.map((c) => {
    const data = new Array(rows.length);
    const conv = converter(c);
    const name = c.name;
    // Dates and timestamps repeat (a period's dates, a report's submission): convert each once.
    const memo = c.type === 'date' || c.type === 'timestamp' ? new Map<unknown, unknown>() : undefined;
    for (let i = 0; i < rows.length; i++) {
      const v = (rows[i] as Record<string, unknown>)[name];
      if (memo) {
        let x = memo.get(v);
        if (x === undefined) memo.set(v, (x = conv(v)));
        data[i] = x;
      } else data[i] = conv(v);
    }
    return { name, data, nullable: !!c.nullable };
  });
  const schema: SchemaElement[] = [{ name: 'root', num_children: cols.length }, ...cols.map(schemaElement)];
  const buf = parquetWriteBuffer({
    columnData,
    schema,
    rowGroupSize: options.rowGroupSize ?? rowGroupSizes(rows),
    statisticsTruncateLength: 64,
    createdBy: 'chitieu',
  });
  return new Uint8Array(buf);
}
