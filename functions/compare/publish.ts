/**
 * Atomic replacement of a period's outputs. Objects can be replaced one at a time only (S3 has no
 * rename, no multi-object transaction), so a run writes every file under a fresh prefix
 * `results/compare/<period>/runs/<run_id>/` and then switches one small pointer object,
 * `results/compare/<period>/current.json`, to name it. A reader reads the pointer first and then
 * only keys it lists: it sees the whole old set or the whole new set, never a mix. The run that
 * was current before stays (a reader may be in the middle of it); older runs are deleted.
 * `results/compare/latest.json` is a copy of the pointer of the latest period compared.
 */
import { randomBytes } from 'node:crypto';
import type { Storage } from '../adapters/storage/storage.ts';
import { COMPARE_LATEST_KEY, comparePointerKey, compareRunPrefix, compareRunsPrefix } from '../core/warehouse-contract/layout.ts';

export const POINTER_FORMAT = 'chitieu-compare-run';

export interface PublishedFile {
  name: string;
  format: 'parquet' | 'json' | 'html' | 'pdf';
  key: string;
  bytes: number;
  rows?: number;
}

export interface RunPointer {
  format: typeof POINTER_FORMAT;
  version: 1;
  period: string;
  period_type: string;
  start: string;
  end: string;
  run_id: string;
  prefix: string;
  generated_at: string;
  /** The moment the run's figures are as of (contract 4); absent in runs made before it was recorded. */
  as_of?: string;
  digest: string;
  /** The printable pack (briefing.pdf), when the run wrote one. */
  pdf?: string;
  meta: string;
  synthetic: boolean;
  files: PublishedFile[];
}

export interface OutputFile {
  name: string;
  format: PublishedFile['format'];
  /** File name inside the run prefix. */
  file: string;
  body: Uint8Array | string;
  contentType: string;
  rows?: number;
}

/** Sortable by time, unique across concurrent runs. */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}


/** A JSON object stored at `key`, or undefined when it is absent or unreadable (a reader then treats it as not there yet). */
export async function readJson<T>(storage: Storage, key: string): Promise<T | undefined> {
  const body = await storage.get(key);
  if (!body) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(body)) as T;
  } catch {
    return undefined;
  }
}

export function readPointer(storage: Storage, period: string): Promise<RunPointer | undefined> {
  return readJson<RunPointer>(storage, comparePointerKey(period));
}

export function readLatest(storage: Storage): Promise<RunPointer | undefined> {
  return readJson<RunPointer>(storage, COMPARE_LATEST_KEY);
}

export interface PublishResult {
  pointer: RunPointer;
  replaced: string | null;
  deleted: string[];
  latestUpdated: boolean;
}

export async function publishRun(
  storage: Storage,
  head: Omit<RunPointer, 'format' | 'version' | 'prefix' | 'files' | 'digest' | 'meta' | 'pdf'>,
  files: OutputFile[],
  opts: { current?: boolean } = {},
): Promise<PublishResult> {
  const runs = compareRunsPrefix(head.period);
  const prefix = compareRunPrefix(head.period, head.run_id);
  const published: PublishedFile[] = [];
  // 1. The whole set under a prefix nobody reads yet.
  for (const f of files) {
    const key = prefix + f.file;
    await storage.put(key, f.body, { contentType: f.contentType });
    const bytes = typeof f.body === 'string' ? Buffer.byteLength(f.body, 'utf8') : f.body.byteLength;
    published.push({ name: f.name, format: f.format, key, bytes, ...(f.rows !== undefined ? { rows: f.rows } : {}) });
  }
  const pointer: RunPointer = {
    format: POINTER_FORMAT,
    version: 1,
    ...head,
    prefix,
    digest: published.find((f) => f.name === 'digest')?.key ?? published.find((f) => f.format === 'html')?.key ?? '',
    ...(published.some((f) => f.format === 'pdf') ? { pdf: published.find((f) => f.format === 'pdf')!.key } : {}),
    meta: published.find((f) => f.name === 'meta')?.key ?? '',
    files: published,
  };
  // A reproduction (a past moment re-run) is written for whoever asked but does not replace
  // what readers see, and removes nothing.
  if (opts.current === false) return { pointer, replaced: null, deleted: [], latestUpdated: false };
  // 2. The switch: one atomic put of the pointer.
  const before = await readPointer(storage, head.period);
  await storage.put(comparePointerKey(head.period), JSON.stringify(pointer, null, 2), { contentType: 'application/json' });

  // 3. latest.json follows the latest period (by end date; a re-run of an older period leaves it).
  const latest = await readLatest(storage);
  let latestUpdated = false;
  if (!latest || latest.end <= pointer.end) {
    await storage.put(COMPARE_LATEST_KEY, JSON.stringify(pointer, null, 2), { contentType: 'application/json' });
    latestUpdated = true;
  }

  // 4. Retention: keep this run and the one it replaced; delete older runs. Best effort — a
  // role without delete permission (or a racing run) leaves old prefixes, which nobody reads.
  const deleted: string[] = [];
  const keep = new Set([head.run_id, before?.run_id].filter(Boolean) as string[]);
  try {
    const stale = new Set<string>();
    for await (const o of storage.list(runs)) {
      const id = o.key.slice(runs.length).split('/')[0];
      // Only runs older than this one: a newer run may be writing or may already be current.
      if (!keep.has(id) && id < head.run_id) {
        stale.add(id);
        await storage.delete(o.key);
      }
    }
    deleted.push(...stale);
  } catch {
    // ignored on purpose (see above)
  }
  return { pointer, replaced: before?.run_id ?? null, deleted, latestUpdated };
}
