/**
 * Encodes a result table as Parquet (hyparquet-writer, pure JavaScript so it runs in Lambda,
 * explicit column types, Snappy) and as JSON in the query API's shape ({ columns, rows }), so the
 * explorer and any script read a comparison table the same way as an analysis answer.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';

export type ColumnType = 'string' | 'int' | 'double' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

export interface TableSpec {
  name: string;
  description_vi: string;
  description_en: string;
  columns: ColumnSpec[];
}

function element(c: ColumnSpec): SchemaElement {
  // Every column may be null: a province without a value last year is a fact, not an error.
  const repetition_type = 'OPTIONAL' as const;
  switch (c.type) {
    case 'string': return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'int': return { name: c.name, type: 'INT32', repetition_type };
    case 'double': return { name: c.name, type: 'DOUBLE', repetition_type };
    case 'boolean': return { name: c.name, type: 'BOOLEAN', repetition_type };
  }
}

function cell(c: ColumnSpec, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case 'string': return String(v);
    case 'int': return Math.trunc(Number(v));
    case 'double': return Number(v);
    case 'boolean': return Boolean(v);
  }
}

export function encodeParquet(spec: TableSpec, rows: readonly object[]): Uint8Array {
  const columnData = spec.columns.map((c) => ({
    name: c.name,
    data: rows.map((r) => cell(c, (r as Record<string, unknown>)[c.name])),
    nullable: true,
  }));
  const buf = parquetWriteBuffer({
    columnData,
    schema: [{ name: 'root', num_children: spec.columns.length }, ...spec.columns.map(element)],
    rowGroupSize: 100_000,
    createdBy: 'chitieu compare',
  });
  return new Uint8Array(buf);
}

/** `{ "columns": [{name, type}], "rows": [{…}] }` with only the declared columns, in order. */
export function encodeJsonTable(spec: TableSpec, rows: readonly object[]): string {
  const out = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of spec.columns) o[c.name] = cell(c, (r as Record<string, unknown>)[c.name]);
    return o;
  });
  return JSON.stringify({ table: spec.name, columns: spec.columns, rows: out });
}
