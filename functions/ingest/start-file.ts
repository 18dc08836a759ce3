/**
 * The per-file step of ingest, before a file can join a batch: hash it, answer "unchanged" if
 * it is known, keep the original (raw/, content-addressed), prepare it (parse, validate, rows).
 * The same code runs in process and in the worker threads of a bulk run (prepare-worker.ts).
 *
 * `pack`: a bulk run keeps the originals of accepted files in its batch's pack (batch.ts,
 * raw/packs/), so here only a rejected file's original is written, as its own object.
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
  pack = false,
): Promise<StartedFile> {
  const sha = sha256Hex(bytes);
  if (await isKnown(sha)) return { unchanged: unchangedOutcome(name, sha) };
  const keep = () => storage.put(rawContentKey(sha, name), bytes, { contentAddressed: true, durable: false });
  if (pack) {
    let ready;
    try {
      ready = readyFile(await prepareFile(name, bytes, sha), bytes);
    } catch (e) {
      await keep();
      throw e;
    }
    if (ready.rows) return { ready: { ...ready, original: bytes } };
    await keep();
    return { ready };
  }
  // Keep the original whatever happens next. Started before parsing, so a bulk run's raw copies
  // overlap with its parsing instead of queueing behind it; repeating it writes nothing.
  const raw = keep();
  try {
    return { ready: readyFile(await prepareFile(name, bytes, sha), bytes) };
  } finally {
    await raw;
  }
}
