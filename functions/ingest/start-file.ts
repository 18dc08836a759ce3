/**
 * The per-file step of ingest, before a file can join a batch: hash it, answer "unchanged" if
 * it is known, keep the original (raw/, content-addressed), prepare it (parse, validate, rows).
 * The same code runs in process and in the worker threads of a bulk run (prepare-worker.ts).
 */
import type { Storage } from '../adapters/storage/storage.ts';
import { sha256Hex } from '../core/rows.ts';
import { rawContentKey } from '../core/warehouse-contract/layout.ts';
import { prepareFile, readyFile } from './prepare-file.ts';
import { unchangedOutcome, type StartedFile } from './types.ts';

export async function startFile(
  name: string,
  bytes: Uint8Array,
  storage: Storage,
  isKnown: (sha256: string) => boolean | Promise<boolean>,
): Promise<StartedFile> {
  const sha = sha256Hex(bytes);
  if (await isKnown(sha)) return { unchanged: unchangedOutcome(name, sha) };
  // Keep the original whatever happens next. Started before parsing, so a bulk run's raw copies
  // overlap with its parsing instead of queueing behind it; repeating it writes nothing.
  const raw = storage.put(rawContentKey(sha, name), bytes, { contentAddressed: true, durable: false });
  try {
    return { ready: readyFile(await prepareFile(name, bytes, sha), bytes) };
  } finally {
    await raw;
  }
}
