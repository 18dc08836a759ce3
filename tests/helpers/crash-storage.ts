/**
 * Fault injection for ingest tests, outside the production path: a Storage that behaves like the
 * one it wraps until the write that follows a step of ingest, and then fails that write and every
 * later one, as a process that crashed there would never write again.
 *   after_raw     the originals are kept (raw/: files of their own, or a bulk batch's pack), nothing else is written;
 *   after_values  values Parquet is written, the ledger (the commit point) is not;
 *   after_ledger  the ledger is written, the marker (state/) is not.
 * Writes of worker threads (raw copies) go to the storage it wraps: they precede every point.
 */
import type { PutOptions, Storage } from '../../functions/adapters/storage/storage.ts';
import { AREA, tablePrefix } from '../../functions/core/warehouse-contract/layout.ts';

export type FaultPoint = 'after_raw' | 'after_values' | 'after_ledger';

/** Thrown by the wrapper: the crash a test expects. */
export class InjectedCrash extends Error {
  constructor(public readonly point: FaultPoint) {
    super(`injected crash ${point}`);
  }
}

/** Whether a write to `key` comes after the point (the first such write is where the crash is). */
const PAST: Record<FaultPoint, (key: string) => boolean> = {
  after_raw: (key) => !key.startsWith(AREA.raw),
  after_values: (key) => key.startsWith(tablePrefix('reports')) || key.startsWith(AREA.state),
  after_ledger: (key) => key.startsWith(AREA.state),
};

export function crashingStorage(inner: Storage, point: FaultPoint): Storage {
  let crashed = false;
  return {
    location: inner.location,
    async put(key: string, body: Uint8Array | string, options?: PutOptions) {
      if (crashed || PAST[point](key)) {
        crashed = true;
        throw new InjectedCrash(point);
      }
      return inner.put(key, body, options);
    },
    get: (key) => inner.get(key),
    exists: (key) => inner.exists(key),
    list: (prefix) => inner.list(prefix),
    async delete(key) {
      if (crashed) throw new InjectedCrash(point);
      return inner.delete(key);
    },
    ...(inner.localPath ? { localPath: (key: string) => inner.localPath!(key) } : {}),
    ...(inner.share ? { share: () => inner.share!() } : {}),
  };
}
