/** Test helpers: a temporary filesystem warehouse and report builders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { afterEach } from 'vitest';
import type { IncomingFile } from '../../functions/ingest/ingest-files.ts';
import { sharedViews } from '../../functions/queries/views.ts';

export { goodReport } from './reports.ts';
export { filesUnder } from './files.ts';

export function tempWarehouse(prefix = 'chitieu-test-'): { dir: string; storage: FsStorage; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, storage: new FsStorage(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a test file, called at its top level: `warehouse()` gives a temporary warehouse and
 * `onCleanup(fn)` registers other clean-up; both are undone after each test.
 */
export function perTestWarehouses(): { warehouse: () => ReturnType<typeof tempWarehouse>; onCleanup: (fn: () => void) => void } {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return {
    warehouse: () => {
      const wh = tempWarehouse();
      cleanups.push(wh.cleanup);
      return wh;
    },
    onCleanup: (fn) => void cleanups.push(fn),
  };
}

export function file(name: string, content: string | Uint8Array | object): IncomingFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new TextEncoder().encode(JSON.stringify(content));
  return { name, read: async () => bytes };
}

/** Rows of a relation of the warehouse at `dir`, on a local engine opened for the count. */
export async function countRows(dir: string, relation: string): Promise<number> {
  const e = await DuckDbEngine.open(dir, { views: sharedViews() });
  try {
    return Number((await e.query(`SELECT count(*) AS n FROM ${relation}`)).rows[0].n);
  } finally {
    await e.close();
  }
}
