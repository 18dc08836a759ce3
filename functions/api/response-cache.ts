/**
 * Serialized query answers, kept as bytes, for an engine that answers from an immutable snapshot
 * (Engine.snapshot; the local DuckDB database is named by a fingerprint of the warehouse, so a
 * change to the data is a new snapshot and a new key). Under load the same few analyses are
 * asked over and over; re-serializing tens of thousands of rows to JSON, then measuring and
 * encoding the string to UTF-8 for every answer cost several times more CPU than everything else
 * a cached answer needs (profile of the load test on national-10y: ~4 of ~6 ms per request).
 *
 * An entry is a whole response body, `{` head, the `"columns":…,"rows":…` members, tail `}`,
 * where head (the analysis and its parameters) is fixed by the key and tail (statistics,
 * estimate) may change: the body is sent as it is while the tail stays the same — no copy of a
 * multi-megabyte answer per request — and rebuilt around the same members when it does not.
 * A bounded least-recently-used map by total bytes (core/bounded-lru.ts).
 */
import { jsonObjectBytes } from './json-body.ts';
import { BoundedLru } from '../core/bounded-lru.ts';

export interface CachedAnswer {
  /** JSON members before the rows (the analysis and its parameters), or ''. */
  readonly head: string;
  /** The members `"columns":[…],"rows":[…]`, UTF-8 (a view into `body`). */
  members: Uint8Array;
  /** JSON members after the rows in `body` (statistics, estimate …). */
  tail: string;
  /** `{head,members,tail}` as last sent. */
  body: Uint8Array<ArrayBuffer>;
  /** The statistics a cached answer reports (executionMs 0, cached true). */
  readonly stats: unknown;
  /** Ad-hoc SQL: whether the rows were cut at the row limit. */
  readonly truncated?: boolean;
}

/** A new entry: the body built once from its pieces. */
export function cachedAnswer(head: string, members: string, tail: string, extra: { stats: unknown; truncated?: boolean }): CachedAnswer {
  const entry = { head, members: new Uint8Array(0), tail: '', body: new Uint8Array(0), ...extra };
  rebuild(entry, Buffer.from(members), tail);
  return entry;
}

function rebuild(entry: CachedAnswer, members: Uint8Array, tail: string): void {
  const body = jsonObjectBytes([entry.head, members, tail]);
  // The members sit right after `{head,` (or `{` when there is no head).
  const start = entry.head ? Buffer.byteLength(entry.head) + 2 : 1;
  entry.body = body;
  entry.members = body.subarray(start, start + members.byteLength);
  entry.tail = tail;
}

/** The body of an answer with this tail: the one last sent when the tail is the same. */
export function answerBody(entry: CachedAnswer, tail: string): Uint8Array<ArrayBuffer> {
  if (entry.tail !== tail) rebuild(entry, entry.members, tail);
  return entry.body;
}

/** Answers by key, bounded by count and by the bytes of their rows. */
export class ResponseCache {
  private readonly entries: BoundedLru<CachedAnswer>;

  /** 128 MB by default: the largest answer of the load mix on national-10y (provinces_all) is 8.8 MB. */
  constructor(maxBytes = 128 * 2 ** 20, maxEntries = 512) {
    this.entries = new BoundedLru(maxEntries, maxBytes, (a) => a.members.byteLength);
  }

  get(key: string): CachedAnswer | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedAnswer): void {
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the cached rows (bodies are a few hundred bytes more each). */
  get totalBytes(): number {
    return this.entries.totalWeight;
  }
}
