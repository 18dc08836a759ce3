/**
 * Keeps the originals of a bulk batch's accepted files: one tar and its index under raw/packs/
 * (layout.ts), both flushed to disk, before the batch's ledger names the files. Creating one file
 * per original was most of a bulk run's system time (and, on a filesystem that just freed many
 * inodes, seconds of it); a pack is two writes per batch.
 */
import type { Storage } from '../adapters/storage/storage.ts';
import { writeRawPack, type Original } from '../adapters/raw-pack/write-raw-pack.ts';
import { rawPackIndexKey, rawPackKey } from '../core/warehouse-contract/layout.ts';

export async function putRawPack(storage: Storage, batchId: string, originals: readonly Original[], ingestedAt: string): Promise<void> {
  const { tar, index } = await writeRawPack(batchId, originals, new Date(ingestedAt));
  // The tar first: an index never names bytes that are not there. A repeat of the batch (after a
  // crash before its ledger) writes the same originals again under the same keys.
  await storage.put(rawPackKey(batchId), tar, { contentType: 'application/x-tar' });
  await storage.put(rawPackIndexKey(batchId), JSON.stringify(index), { contentType: 'application/json' });
}
