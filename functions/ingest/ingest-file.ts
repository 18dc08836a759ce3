/**
 * One received file, as the Lambda handler and `chitieu ingest FILE` see it: the same pipeline
 * as bulk ingest, with a batch of one (its batch id is derived from the file's sha256, so a
 * repeated delivery rewrites the same objects).
 */
import type { Storage } from '../adapters/storage/storage.ts';
import { ingestFiles } from './ingest-files.ts';
import type { FileOutcome } from './types.ts';

export type { FileOutcome };
export type IngestOutcome = FileOutcome;

export async function ingestFile(ctx: { storage: Storage; now?: () => Date }, file: { name: string; bytes: Uint8Array }): Promise<FileOutcome> {
  const summary = await ingestFiles([{ name: file.name, read: async () => file.bytes }], { ...ctx, concurrency: 1 });
  return summary.outcomes[0];
}
