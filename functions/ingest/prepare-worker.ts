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
import { writeParquetColumns } from '../adapters/parquet/write-parquet.ts';
import { prepareFile, readyFile } from './prepare-file.ts';
import { rawContentKey } from '../core/warehouse/layout.ts';
import type { StartedFile } from './ingest-files.ts';
import { sortedColumns, type PartitionValues } from './value-batch.ts';

export type ToWorker =
  | { type: 'run'; run: number; root: string; known: string[] }
  | { type: 'file'; id: number; run: number; path: string; name: string }
  | { type: 'encode'; id: number; partition: PartitionValues; batchId: string };
export type FromWorker = { id: number; result: StartedFile | Uint8Array } | { id: number; error: { message: string; stack?: string } };

let runId = -1;
let known = new Set<string>();
let storage: FsStorage | undefined;

async function startFile(path: string, name: string): Promise<StartedFile> {
  const bytes = readFileSync(path);
  const sha = sha256Hex(bytes);
  if (known.has(sha)) return { unchanged: { file: name, sha256: sha, status: 'unchanged', reports: 0, superseded: 0, problems: [] } };
  // 1. Keep the original whatever happens next (content-addressed: an existing copy is kept).
  storage!.putContentAddressedNow(rawContentKey(sha, name), bytes);
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
  if (m.type === 'encode') {
    // A values partition of a batch, sorted and encoded here: partitions encode in parallel.
    let bytes: Uint8Array;
    try {
      bytes = writeParquetColumns('values', sortedColumns(m.partition, m.batchId), m.partition.length);
    } catch (e) {
      port.postMessage({ id: m.id, error: { message: (e as Error).message, stack: (e as Error).stack } } satisfies FromWorker);
      return;
    }
    // The writer's output owns its whole buffer: handed over, not copied.
    port.postMessage({ id: m.id, result: bytes } satisfies FromWorker, [bytes.buffer as ArrayBuffer]);
    return;
  }
  if (m.run !== runId) throw new Error(`file of run ${m.run} sent during run ${runId}`);
  startFile(m.path, m.name).then(
    // Copied, not transferred: a small file's bytes share Node's buffer pool with other buffers.
    (result) => port.postMessage({ id: m.id, result } satisfies FromWorker),
    (e: Error) => port.postMessage({ id: m.id, error: { message: e.message, stack: e.stack } } satisfies FromWorker),
  );
});
