/**
 * Encodings of an extract table: Arrow IPC (what the explorer loads with Arquero's `fromArrow`,
 * no extra JavaScript), plus Parquet and gzip JSON for the size comparison recorded in the
 * manifest. Arrow columns have explicit types: repeated strings dictionary-encoded (a province id
 * or an indicator code is stored once and referenced by a small index), counts as int32,
 * values as float64 (rates such as 93.09 must not become 93.0899963 in float32).
 */
import { gzipSync } from 'node:zlib';
import { bool, dictionary, float64, int16, int32, tableFromArrays, tableToIPC, utf8 } from '@uwdata/flechette';
import { encodeJsonTable, encodeParquet, type TableSpec } from '../table-encode.ts';

export type ExtractColumnType = 'dict' | 'string' | 'int' | 'double' | 'boolean';

export interface ExtractColumn {
  name: string;
  type: ExtractColumnType;
  description: string;
}

function arrowType(t: ExtractColumnType) {
  switch (t) {
    case 'dict': return dictionary(utf8(), int16());
    case 'string': return utf8();
    case 'int': return int32();
    case 'double': return float64();
    case 'boolean': return bool();
  }
}

function cell(t: ExtractColumnType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (t === 'int') return Math.trunc(Number(v));
  if (t === 'double') return Number(v);
  if (t === 'boolean') return Boolean(v);
  return String(v);
}

function columnsOf(cols: readonly ExtractColumn[], rows: readonly Record<string, unknown>[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of cols) out[c.name] = rows.map((r) => cell(c.type, r[c.name]));
  return out;
}

/** Arrow IPC file format (the `.arrow` media type the server sends). */
export function encodeArrow(cols: readonly ExtractColumn[], rows: readonly Record<string, unknown>[]): Uint8Array {
  const data = columnsOf(cols, rows);
  const types = Object.fromEntries(cols.map((c) => [c.name, arrowType(c.type)]));
  const table = tableFromArrays(data as never, { types });
  return tableToIPC(table, { format: 'file' })!;
}

function tableSpec(name: string, cols: readonly ExtractColumn[]): TableSpec {
  return {
    name, description_vi: '', description_en: '',
    columns: cols.map((c) => ({ name: c.name, type: c.type === 'dict' ? 'string' : c.type })),
  };
}

export function encodeParquetExtract(name: string, cols: readonly ExtractColumn[], rows: readonly Record<string, unknown>[]): Uint8Array {
  return encodeParquet(tableSpec(name, cols), rows);
}

export function encodeJsonExtract(name: string, cols: readonly ExtractColumn[], rows: readonly Record<string, unknown>[]): string {
  return encodeJsonTable(tableSpec(name, cols), rows);
}

export interface FormatSizes {
  arrow: number;
  arrow_gzip: number;
  parquet: number;
  json: number;
  json_gzip: number;
}

/** Bytes of the same table in each candidate format (what the manifest records as the measurement). */
export function measureFormats(name: string, cols: readonly ExtractColumn[], rows: readonly Record<string, unknown>[]): FormatSizes {
  const arrow = encodeArrow(cols, rows);
  const json = Buffer.from(encodeJsonExtract(name, cols, rows), 'utf8');
  return {
    arrow: arrow.byteLength,
    arrow_gzip: gzipSync(arrow, { level: 9 }).byteLength,
    parquet: encodeParquetExtract(name, cols, rows).byteLength,
    json: json.byteLength,
    json_gzip: gzipSync(json, { level: 9 }).byteLength,
  };
}
