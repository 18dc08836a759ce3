/** Reads curated Parquet rows through the Storage interface (pure JS: hyparquet, so Lambda can too). */
import { parquetReadObjects } from 'hyparquet';
import type { Storage } from '../storage/storage.ts';

export async function readParquetRows(storage: Storage, key: string, columns?: string[]): Promise<Record<string, unknown>[]> {
  const bytes = await storage.get(key);
  if (!bytes) return [];
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, columns })) as Record<string, unknown>[];
  for (const r of rows) for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]);
  return rows;
}
