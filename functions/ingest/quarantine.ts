/** A rejected file: its copy and a readable error report under quarantine/<sha256>/. */
import type { Storage } from '../adapters/storage/storage.ts';
import { quarantineKeys } from '../core/warehouse-contract/layout.ts';
import type { ReadyFile } from './prepare-file.ts';

/** Keeps the file and why it was rejected; returns the key of the error report. */
export async function quarantine(storage: Storage, file: ReadyFile, rejectedAt: string): Promise<string> {
  const q = quarantineKeys(file.sha256, file.name);
  await storage.put(q.copy, file.bytes!);
  await storage.put(q.error, JSON.stringify({
    file: file.name, sha256: file.sha256, raw_key: file.rawKey, format: file.format ?? null,
    rejected_at: rejectedAt, problems: file.problems,
  }, null, 2), { contentType: 'application/json' });
  return q.error;
}
