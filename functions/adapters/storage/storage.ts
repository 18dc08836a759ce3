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
}

export interface Storage {
  /** Atomic: readers see the old object or the whole new one, never a part. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ created: boolean }>;
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
  /** All objects under a prefix, in key order, paging internally. */
  list(prefix: string): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
  /** A local filesystem path for the key, when the storage is local (DuckDB reads it directly). */
  localPath?(key: string): string;
  /** Human-readable location of the warehouse, for messages. */
  readonly location: string;
}
