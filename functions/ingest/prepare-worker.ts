/**
 * An ingest worker thread: for each file it is sent, it reads the file and runs the per-file step
 * (start-file.ts: hash, known?, keep the original or hand it back for the pack, prepare), the same code as in process, so a bulk run
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
  | { type: 'files'; run: number; files: { id: number; path: string; name: string }[] }
  | { type: 'encode'; id: number; partition: PartitionValues; batchId: string };
type Outcome = { id: number; result: StartedFile | Uint8Array } | { id: number; error: { message: string; stack?: string } };
/** One outcome, or those of a message of files (in the order sent). */
export type FromWorker = Outcome | { outcomes: Outcome[] };

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
  if (m.run !== runId) throw new Error(`files of run ${m.run} sent during run ${runId}`);
  void startFiles(m.files);
});

/**
 * The files of one message, one after another, answered in one message: a bulk run sends files
 * a few at a time (prepare-pool.ts), since each message costs the main thread — the run's
 * busiest — about as much to send and receive as a small file costs here to read and parse.
 */
async function startFiles(files: Extract<ToWorker, { type: 'files' }>['files']): Promise<void> {
  const outcomes: Outcome[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const f of files) {
    try {
      // Read here: a file that cannot be read fails that file, not the thread.
      const result = await startFile(f.name, readFileSync(f.path), storage!, (sha) => known.has(sha), pack);
      // An original to pack is handed over, not copied; a small file's bytes share Node's buffer
      // pool with other buffers, so those are copied into a buffer of their own first.
      const original = result.ready?.original;
      if (original) {
        const own = original.byteOffset === 0 && original.byteLength === original.buffer.byteLength ? original : original.slice();
        result.ready!.original = own;
        transfer.push(own.buffer as ArrayBuffer);
      }
      outcomes.push({ id: f.id, result });
    } catch (e) {
      outcomes.push({ id: f.id, error: { message: (e as Error).message, stack: (e as Error).stack } });
    }
  }
  port.postMessage({ outcomes } satisfies FromWorker, transfer);
}
