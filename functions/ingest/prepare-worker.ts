/**
 * An ingest worker thread: for each file it is sent, read it, hash it, and — unless its sha256
 * is known — keep the raw copy and prepare it (parse, validate, rows). The same steps as the
 * in-process path of ingest-files.ts, so a bulk run parses on every core while the main thread
 * batches and writes Parquet.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { FsStorage } from '../adapters/storage/fs.ts';
import { sha256Hex } from '../core/rows.ts';
import { prepareFile, rawKeyOf, readyFile } from './prepare-file.ts';
import type { StartedFile } from './ingest-files.ts';

export type ToWorker =
  | { type: 'run'; run: number; root: string; known: string[] }
  | { type: 'file'; id: number; run: number; path: string; name: string };
export type FromWorker = { id: number; result: StartedFile } | { id: number; error: { message: string; stack?: string } };

let runId = -1;
let known = new Set<string>();
let storage: FsStorage | undefined;

async function startFile(path: string, name: string): Promise<StartedFile> {
  const bytes = readFileSync(path);
  const sha = sha256Hex(bytes);
  if (known.has(sha)) return { unchanged: { file: name, sha256: sha, status: 'unchanged', reports: 0, superseded: 0, problems: [] } };
  // 1. Keep the original whatever happens next (exclusive create: never rewritten).
  storage!.putNow(rawKeyOf(sha, name), bytes, { ifNoneMatch: true, durable: false });
  return { ready: readyFile(await prepareFile(name, bytes, sha), bytes) };
}

const port = parentPort!;
port.on('message', (m: ToWorker) => {
  if (m.type === 'run') {
    runId = m.run;
    known = new Set(m.known);
    if (storage?.root !== m.root) storage = new FsStorage(m.root);
    return;
  }
  if (m.run !== runId) throw new Error(`file of run ${m.run} sent during run ${runId}`);
  startFile(m.path, m.name).then(
    // Copied, not transferred: a small file's bytes share Node's buffer pool with other buffers.
    (result) => port.postMessage({ id: m.id, result } satisfies FromWorker),
    (e: Error) => port.postMessage({ id: m.id, error: { message: e.message, stack: e.stack } } satisfies FromWorker),
  );
});
