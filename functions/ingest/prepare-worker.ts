/**
 * An ingest worker thread: for each file it is sent, it reads the file and runs the per-file step
 * (start-file.ts: hash, known?, raw copy, prepare), the same code as in process, so a bulk run
 * parses on every core while the main thread batches and writes Parquet. It also sorts and
 * encodes values partitions of a batch (commit.ts).
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { SharedStorage, Storage } from '../adapters/storage/storage.ts';
import { openShared } from '../adapters/storage/shared.ts';
import { writeParquetColumns } from '../adapters/parquet/write-parquet.ts';
import { startFile } from './start-file.ts';
import type { StartedFile } from './types.ts';
import { sortedColumns, type PartitionValues } from './value-batch.ts';

export type ToWorker =
  | { type: 'run'; run: number; storage: SharedStorage; known: string[]; pack: boolean }
  | { type: 'file'; id: number; run: number; path: string; name: string }
  | { type: 'encode'; id: number; partition: PartitionValues; batchId: string };
export type FromWorker = { id: number; result: StartedFile | Uint8Array } | { id: number; error: { message: string; stack?: string } };

let runId = -1;
let known = new Set<string>();
let pack = false;
let storage: Storage | undefined;
let storageRef = '';

const port = parentPort!;
port.on('message', (m: ToWorker) => {
  if (m.type === 'run') {
    runId = m.run;
    known = new Set(m.known);
    pack = m.pack;
    const ref = JSON.stringify(m.storage);
    if (ref !== storageRef) [storage, storageRef] = [openShared(m.storage), ref];
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
  // Read inside the promise: a file that cannot be read fails that file, not the thread.
  const started = async () => startFile(m.name, readFileSync(m.path), storage!, (sha) => known.has(sha), pack);
  started().then(
    (result) => {
      // An original to pack is handed over, not copied; a small file's bytes share Node's buffer
      // pool with other buffers, so those are copied into a buffer of their own first.
      const original = result.ready?.original;
      if (!original) return port.postMessage({ id: m.id, result } satisfies FromWorker);
      const own = original.byteOffset === 0 && original.byteLength === original.buffer.byteLength ? original : original.slice();
      result.ready!.original = own;
      port.postMessage({ id: m.id, result } satisfies FromWorker, [own.buffer as ArrayBuffer]);
    },
    (e: Error) => port.postMessage({ id: m.id, error: { message: e.message, stack: e.stack } } satisfies FromWorker),
  );
});
