/**
 * Worker threads for the per-file work of a bulk ingest of local files (read, hash, keep the
 * original or hand it back for the pack, parse, validate, rows), so it runs on every core beside
 * the main thread, which batches and writes Parquet. Starting a worker costs about half a second
 * (module loading), so the pool is made once per process, on first use, and kept between runs;
 * its threads are unref'd while idle, so they never keep a process alive, and stop after IDLE_MS
 * without a run (`chitieu start` serves on after its ingest and need not carry them).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Storage } from '../adapters/storage/storage.ts';
import type { FilePreparer, PreparerRun } from './ingest-files.ts';
import type { IncomingFile, StartedFile } from './types.ts';
import type { FromWorker, ToWorker } from './prepare-worker.ts';
import { transferables, type PartitionValues } from './value-batch.ts';

const IDLE_MS = 30_000;
/**
 * Files sent to a worker in one message. Measured on 5,000 files (national sample): a message per
 * file cost the main thread ~50 ms per run to send, and as much again to receive.
 */
const FILES_PER_MESSAGE = 16;

interface Pending {
  resolve: (r: StartedFile | Uint8Array) => void;
  reject: (e: Error) => void;
}

class PoolWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  failed?: Error;

  constructor(onDead: (w: PoolWorker) => void, private readonly onFilesMessage: () => void) {
    const entry = new URL(`./prepare-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
    this.worker = new Worker(new URL('./prepare-worker-boot.mjs', import.meta.url), { workerData: { entry } });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => {
      for (const o of 'outcomes' in m ? m.outcomes : [m]) {
        const p = this.pending.get(o.id);
        if (!p) continue;
        this.pending.delete(o.id);
        if ('error' in o) p.reject(Object.assign(new Error(o.error.message), { stack: o.error.stack }));
        else p.resolve(o.result);
      }
      if (!this.pending.size) this.worker.unref();
    });
    const die = (e: Error) => {
      this.failed ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      onDead(this);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`ingest worker exited (code ${code})`)));
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  run<T extends StartedFile | Uint8Array>(id: number, m: Extract<ToWorker, { type: 'encode' }>): Promise<T> {
    // The partition's typed arrays are handed over: the main thread is done with them.
    return this.expect<T>(id, () => this.worker.postMessage(m, transferables(m.partition)));
  }

  /**
   * A file to start: sent with others, FILES_PER_MESSAGE at a time, or whatever has gathered by
   * the next turn of the event loop (the ingest loop queues files until it waits for a result).
   */
  file(id: number, run: number, path: string, name: string): Promise<StartedFile> {
    return this.expect<StartedFile>(id, () => {
      this.outbox.push({ id, path, name });
      this.outboxRun = run;
      if (this.outbox.length >= FILES_PER_MESSAGE) this.flush();
      else this.flushSoon ??= setImmediate(() => this.flush());
    });
  }

  private outbox: Extract<ToWorker, { type: 'files' }>['files'] = [];
  private outboxRun = -1;
  private flushSoon?: NodeJS.Immediate;

  private flush(): void {
    clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    if (!this.outbox.length) return;
    const files = this.outbox;
    this.outbox = [];
    this.onFilesMessage();
    this.send({ type: 'files', run: this.outboxRun, files });
  }

  private expect<T extends StartedFile | Uint8Array>(id: number, send: () => void): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => {
      if (!this.pending.size) this.worker.ref();
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      send();
    });
  }
}

export class PreparePool implements FilePreparer {
  private workers: PoolWorker[] = [];
  private nextId = 0;
  private runs = 0;
  private open_ = false;
  private idle?: NodeJS.Timeout;
  /** Messages of files sent to the workers so far (tests: files go a few per message). */
  fileMessages = 0;

  constructor(readonly size: number) {}

  open(storage: Storage, known: ReadonlySet<string>, pack = false): PreparerRun {
    // Workers open the storage themselves: only one that can be shared (a local warehouse).
    const shared = storage.share?.();
    if (!shared) return { start: () => undefined, close: () => undefined };
    if (this.open_) throw new Error('PreparePool: one run at a time');
    this.open_ = true;
    clearTimeout(this.idle);
    while (this.workers.length < this.size) {
      this.workers.push(new PoolWorker((w) => (this.workers = this.workers.filter((x) => x !== w)), () => this.fileMessages++));
    }
    const run = ++this.runs;
    const workers = [...this.workers];
    const shas = [...known];
    for (const w of workers) w.send({ type: 'run', run, storage: shared, known: shas, pack });
    // The least busy worker: files differ in size and format.
    const pick = () => workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return {
      start: (file: IncomingFile) => {
        if (!file.path) return undefined;
        const id = this.nextId++;
        return pick().file(id, run, file.path, file.name);
      },
      encodeValues: (partition: PartitionValues, batchId: string) => {
        const id = this.nextId++;
        return pick().run<Uint8Array>(id, { type: 'encode', id, partition, batchId });
      },
      close: () => {
        this.open_ = false;
        this.idle = setTimeout(() => void this.close(), IDLE_MS).unref();
      },
    };
  }

  /** Stops the threads (tests; a process may simply exit). */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.worker.terminate()));
  }
}

let shared: PreparePool | undefined;

/**
 * The process's pool: one worker per core (the main thread's Parquet work overlaps with them),
 * or CHITIEU_INGEST_WORKERS of them.
 */
export function sharedPreparePool(): PreparePool {
  const asked = Number(process.env.CHITIEU_INGEST_WORKERS);
  const size = Number.isInteger(asked) && asked > 0 ? asked : Math.min(availableParallelism(), 8);
  return (shared ??= new PreparePool(Math.max(1, size)));
}
