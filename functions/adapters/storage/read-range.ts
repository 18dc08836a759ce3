/**
 * Bytes [start, end) of a stored object, read the cheapest way the storage offers, best first:
 * 1. a local file (`storage.localPath`): one positional read of just those bytes;
 * 2. `getRange` (S3: a ranged GET);
 * 3. otherwise `get` and keep the range (correct, but reads the whole object).
 * Parquet footers (the cost estimate) and originals kept in a pack (raw/packs/) are read this way.
 */
import { open } from 'node:fs/promises';
import type { Storage } from './storage.ts';

/** Refuses a range that is not [start, end) of whole, non-negative offsets with end > start. */
export function checkByteRange(start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start)) {
    throw new Error(`invalid byte range [${start}, ${end})`);
  }
}

/** Undefined when the object does not exist; fewer bytes than asked when it ends before `end`. */
export async function readRange(storage: Storage, key: string, start: number, end: number): Promise<Uint8Array | undefined> {
  checkByteRange(start, end);
  const local = storage.localPath?.(key);
  if (local) {
    let fh;
    try {
      fh = await open(local, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const out = new Uint8Array(end - start);
      let got = 0;
      while (got < out.length) {
        const { bytesRead } = await fh.read(out, got, out.length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === out.length ? out : out.subarray(0, got);
    } finally {
      await fh.close();
    }
  }
  if (storage.getRange) return storage.getRange(key, start, end);
  const whole = await storage.get(key);
  return whole?.subarray(Math.min(start, whole.length), Math.min(end, whole.length));
}
