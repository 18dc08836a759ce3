/**
 * The storage interface: a key-value view of the warehouse (filesystem locally, S3 in AWS).
 * Keys are '/'-separated paths relative to the warehouse root, e.g. 'raw/ab/abcd….json'.
 */
export interface StoredObject {
  key: string;
  size: number;
}

export interface PutOptions {
  /** Write only if the key does not exist yet (S3 If-None-Match: *). Returns created=false otherwise. */
  ifNoneMatch?: boolean;
  contentType?: string;
  /**
   * false: the write may stay in the OS cache a while (a local raw copy or a marker, which a
   * rerun recreates). Default true: flushed to disk before it becomes visible. S3 ignores it.
   */
  durable?: boolean;
  /**
   * The key names its content (raw/sha256/…): an existing object holds these bytes already, so
   * it is kept (created: false). Cheaper than `ifNoneMatch` where the storage can tell (a local
   * file: no exclusive link); where it cannot, the same as `ifNoneMatch`.
   */
  contentAddressed?: boolean;
}

/**
 * What another thread needs to open the same storage: plain data, so it can be posted to a worker
 * (see openShared in shared.ts). Only local warehouses are shared.
 */
export type SharedStorage = { kind: 'fs'; root: string };

export interface Storage {
  /** Atomic: readers see the old object or the whole new one, never a part. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ created: boolean }>;
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Bytes [start, end) of an object (S3: a ranged GET); undefined when it does not exist. Optional:
   * read ranges through read-range.ts, which also serves local files and storages without it.
   */
  getRange?(key: string, start: number, end: number): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** All objects under a prefix, in key order, paging internally. */
  list(prefix: string): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
  /** A local filesystem path for the key, when the storage is local (DuckDB reads it directly). */
  localPath?(key: string): string;
  /** How another thread opens this storage, when it can (a local warehouse); undefined otherwise. */
  share?(): SharedStorage;
  /** Human-readable location of the warehouse, for messages. */
  readonly location: string;
}
