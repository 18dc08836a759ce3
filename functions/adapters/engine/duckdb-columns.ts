/**
 * DuckDB result chunks → columns of plain JSON values (what duckdb-values.ts `toPlain` makes of
 * @duckdb/node-api's JS values), read straight from the vectors' memory for the common flat types.
 *
 * Why: the library's generic reader (`getColumnsJS`) makes a value object per item, tests
 * validity with BigInt arithmetic, and for every string longer than 12 bytes calls into the
 * native binding, which allocates a new ArrayBuffer per string. On provinces_all over
 * national-10y (41,830 rows × 11 columns, ~50,000 such strings) that conversion and the garbage
 * it leaves cost about three times the query itself.
 *
 * Here numbers are read from typed arrays over the vector, validity from its bitmask bytes,
 * short strings (inlined in DuckDB's 16-byte string_t) from the vector's own bytes, and long
 * strings whose bytes lie end to end in DuckDB's string heap (the usual case: a materialized
 * result stores a column's strings one after the other) with one native read per run instead of
 * one per string. Only bytes that belong to the strings are read. Every other type goes through
 * the library's converter and `toPlain`, unchanged.
 */
import { createRequire } from 'node:module';
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBDataChunk } from '@duckdb/node-api';
import type * as Bindings from '@duckdb/node-bindings';
import { toPlain } from './duckdb-values.ts';

// The native binding @duckdb/node-api itself loaded (the chunks read here are its objects),
// resolved from node-api's own location so that it is always the very same copy — not a
// dependency of ours that could drift to another version.
const require = createRequire(import.meta.url);
const ddb = createRequire(require.resolve('@duckdb/node-api'))('@duckdb/node-bindings') as typeof Bindings;

/** Types read here; the rest through the library's converter. */
export const FAST_TYPE_IDS: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BOOLEAN, DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);

const TWO_32 = 2 ** 32;

/** Whether item i is valid (not NULL), from DuckDB's validity mask (64-bit words, little-endian). */
function isValid(mask: Uint8Array | null, i: number): boolean {
  return mask === null || ((mask[i >> 3] >> (i & 7)) & 1) === 1;
}

function validityMask(vector: Bindings.Vector, n: number): Uint8Array | null {
  // A vector without NULLs may have no mask at all (the binding then answers null).
  return (ddb.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null) ?? null;
}

function readNumbers(vector: Bindings.Vector, typeId: DuckDBTypeId, n: number, out: unknown[], at: number): void {
  const mask = validityMask(vector, n);
  let values: ArrayLike<number>;
  switch (typeId) {
    case DuckDBTypeId.TINYINT: { const d = ddb.vector_get_data(vector, n); values = new Int8Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.UTINYINT: values = ddb.vector_get_data(vector, n); break;
    case DuckDBTypeId.SMALLINT: { const d = ddb.vector_get_data(vector, n * 2); values = new Int16Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.USMALLINT: { const d = ddb.vector_get_data(vector, n * 2); values = new Uint16Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.INTEGER: { const d = ddb.vector_get_data(vector, n * 4); values = new Int32Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.UINTEGER: { const d = ddb.vector_get_data(vector, n * 4); values = new Uint32Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.FLOAT: { const d = ddb.vector_get_data(vector, n * 4); values = new Float32Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.DOUBLE: { const d = ddb.vector_get_data(vector, n * 8); values = new Float64Array(d.buffer, d.byteOffset, n); break; }
    case DuckDBTypeId.BIGINT: {
      // Number(bigint), as toPlain does (rounded beyond 2^53), without making a BigInt per item:
      // high word × 2^32 is exact and the one addition rounds the same way.
      const d = ddb.vector_get_data(vector, n * 8);
      const lo = new Uint32Array(d.buffer, d.byteOffset, n * 2);
      const hi = new Int32Array(d.buffer, d.byteOffset, n * 2);
      for (let i = 0; i < n; i++) out[at + i] = isValid(mask, i) ? hi[2 * i + 1] * TWO_32 + lo[2 * i] : null;
      return;
    }
    default: throw new Error(`no numeric reader for type ${DuckDBTypeId[typeId]}`);
  }
  for (let i = 0; i < n; i++) out[at + i] = isValid(mask, i) ? values[i] : null;
}

function readBooleans(vector: Bindings.Vector, n: number, out: unknown[], at: number): void {
  const mask = validityMask(vector, n);
  const d = ddb.vector_get_data(vector, n);
  for (let i = 0; i < n; i++) out[at + i] = isValid(mask, i) ? d[i] !== 0 : null;
}

/**
 * Strings seen in one column of one result, by their bytes: results repeat a few distinct values
 * (unit ids and names, periods, indicators, flags) tens of thousands of times, and one string per
 * distinct value instead of one per row saves most of the decoding and of the garbage collection
 * that followed (the rows survive until they are serialized, so each string was copied by the
 * young-generation collector before it could die). Open addressing on a hash of the bytes; a
 * full table stops taking new strings (a column of mostly distinct values just decodes them).
 */
class StringTable {
  private readonly keys: (Uint8Array | undefined)[];
  private readonly values: string[];
  private size = 0;

  constructor(private readonly capacity = 4096) {
    this.keys = new Array(capacity);
    this.values = new Array(capacity);
  }

  /** The string of bytes[start, end), decoded once per distinct value. */
  get(bytes: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
    const mask = this.capacity - 1;
    for (let slot = (h >>> 0) & mask, probes = 0; probes < 8; slot = (slot + 1) & mask, probes++) {
      const key = this.keys[slot];
      if (key === undefined) {
        const s = bytes.toString('utf8', start, end);
        if (this.size < this.capacity / 2) {
          this.keys[slot] = Uint8Array.prototype.slice.call(bytes, start, end); // a copy, not a view of DuckDB's memory
          this.values[slot] = s;
          this.size++;
        }
        return s;
      }
      if (key.length === end - start && sameBytes(key, bytes, start)) return this.values[slot];
    }
    return bytes.toString('utf8', start, end);
  }
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (key[k] !== bytes[start + k]) return false;
  return true;
}

/**
 * VARCHAR: string_t is 16 bytes — length (u32), then either the string itself (≤ 12 bytes) or a
 * 4-byte prefix and a pointer (u64) to the bytes.
 */
function readStrings(vector: Bindings.Vector, n: number, out: unknown[], at: number, table: StringTable): void {
  const mask = validityMask(vector, n);
  const data = ddb.vector_get_data(vector, n * 16);
  const bytes = Buffer.from(data.buffer, data.byteOffset, n * 16);
  const words = new Uint32Array(data.buffer, data.byteOffset, n * 4);
  const pointer = (i: number) => words[4 * i + 2] + words[4 * i + 3] * TWO_32;
  let i = 0;
  while (i < n) {
    if (!isValid(mask, i)) {
      out[at + i++] = null;
      continue;
    }
    const len = words[4 * i];
    if (len <= 12) {
      out[at + i] = len === 0 ? '' : table.get(bytes, 16 * i + 4, 16 * i + 4 + len);
      i++;
      continue;
    }
    // A run of long strings, each starting where the previous one ends: one read for all.
    let end = i + 1;
    let total = len;
    let next = pointer(i) + len;
    while (end < n && isValid(mask, end) && words[4 * end] > 12 && pointer(end) === next) {
      next += words[4 * end];
      total += words[4 * end];
      end++;
    }
    const run = ddb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + 16 * i + 8, total);
    const text = Buffer.from(run.buffer, run.byteOffset, run.byteLength);
    let offset = 0;
    for (let k = i; k < end; k++) {
      const l = words[4 * k];
      out[at + k] = table.get(text, offset, offset + l);
      offset += l;
    }
    i = end;
  }
}

/** Reads column j of a chunk (its first n rows) into out[at …]. */
function readColumn(chunk: DuckDBDataChunk, j: number, t: DuckDBTypeId, n: number, out: unknown[], at: number, table: StringTable | undefined): void {
  if (!FAST_TYPE_IDS.has(t)) {
    const values = chunk.convertColumnValues(j, JSDuckDBValueConverter);
    for (let i = 0; i < n; i++) out[at + i] = toPlain(values[i]);
    return;
  }
  const vector = ddb.data_chunk_get_vector(chunk.chunk, j);
  if (t === DuckDBTypeId.VARCHAR) readStrings(vector, n, out, at, table!);
  else if (t === DuckDBTypeId.BOOLEAN) readBooleans(vector, n, out, at);
  else readNumbers(vector, t, n, out, at);
}

/** Columns of plain values of the first `count` rows of `chunks` (column j has type typeIds[j]). */
export function readColumns(chunks: readonly DuckDBDataChunk[], typeIds: readonly DuckDBTypeId[], count: number): unknown[][] {
  const columns = typeIds.map(() => new Array<unknown>(count));
  const tables = typeIds.map((t) => (t === DuckDBTypeId.VARCHAR ? new StringTable() : undefined));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= count) break;
    const n = Math.min(chunk.rowCount, count - at);
    for (let j = 0; j < typeIds.length; j++) readColumn(chunk, j, typeIds[j], n, columns[j], at, tables[j]);
    at += n;
  }
  if (at < count) for (const c of columns) c.length = at;
  return columns;
}
