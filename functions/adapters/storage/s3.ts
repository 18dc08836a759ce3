/**
 * S3 implementation of the Storage interface: the warehouse in AWS (one bucket, an optional key
 * prefix as the root, the same keys as the filesystem warehouse).
 *
 * What it relies on from S3:
 * - Single PUTs are atomic (readers see the old object or the new one), so `put` needs no temp key.
 * - Conditional writes (`If-None-Match: *` on PutObject and CompleteMultipartUpload, GA since
 *   August 2024): S3 answers 412 PreconditionFailed when the key exists, which `put` maps to
 *   `{ created: false }`; a 409 ConditionalRequestConflict (a concurrent write to the same key still
 *   in flight) is retried, after which the loser sees the 412. This is what makes the ingest marker
 *   and the ledger exactly-once under duplicate SQS deliveries.
 * - Servers that ignore the header (s3rver 3.7.1 does) can be used with
 *   `conditionalWrites: 'check-then-put'`: HeadObject, then PutObject. That is not atomic: two
 *   racing writers may both "create". Good enough for a single-process test, never for AWS.
 * - ListObjectsV2 returns keys in UTF-8 byte order, up to 1,000 per page; `list` follows
 *   continuation tokens.
 *
 * Large bodies (≥ `multipartThreshold`, 64 MiB by default) go up as a multipart upload with CRC32
 * part checksums, a few parts at a time. Bodies are already in memory (Parquet files built by the
 * ingest and compaction), so `@aws-sdk/lib-storage`'s stream handling would buy nothing, while the
 * `If-None-Match` condition has to sit on the completing request, which is simplest to control here.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import type { PutOptions, Storage, StoredObject } from './storage.ts';
import { checkByteRange } from './read-range.ts';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix that acts as the warehouse root, e.g. 'warehouse/' ('' = the bucket root). */
  prefix?: string;
  /** A configured client (endpoint, credentials); by default one for the Lambda's own region. */
  client?: S3Client;
  /** How `ifNoneMatch` is enforced: by S3 itself (default), or by a racy HEAD for servers without it. */
  conditionalWrites?: 'native' | 'check-then-put';
  /** Bodies at least this large are uploaded in parts (default 64 MiB). */
  multipartThreshold?: number;
  /** Part size for multipart uploads (default 16 MiB; S3's minimum is 5 MiB except the last part). */
  partSize?: number;
  /** Keys per ListObjectsV2 page (default and S3 maximum 1,000; smaller only for tests). */
  pageSize?: number;
}

const MiB = 1024 * 1024;
const DEFAULTS = { multipartThreshold: 64 * MiB, partSize: 16 * MiB, pageSize: 1000, partConcurrency: 4, conflictRetries: 5 };

export class S3Storage implements Storage {
  readonly bucket: string;
  readonly prefix: string;
  readonly location: string;
  private readonly client: S3Client;
  private readonly conditionalWrites: 'native' | 'check-then-put';
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly pageSize: number;

  constructor(opts: S3StorageOptions) {
    this.bucket = opts.bucket;
    this.prefix = normalizePrefix(opts.prefix ?? '');
    this.location = `s3://${this.bucket}/${this.prefix}`;
    this.client = opts.client ?? new S3Client({});
    this.conditionalWrites = opts.conditionalWrites ?? 'native';
    this.multipartThreshold = opts.multipartThreshold ?? DEFAULTS.multipartThreshold;
    this.partSize = Math.max(opts.partSize ?? DEFAULTS.partSize, 5 * MiB);
    this.pageSize = opts.pageSize ?? DEFAULTS.pageSize;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ created: boolean }> {
    const Key = this.fullKey(key);
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    // A content-addressed key is written only if absent: S3 cannot tell a key exists more cheaply.
    const onlyIfAbsent = options.ifNoneMatch || options.contentAddressed;
    if (onlyIfAbsent && this.conditionalWrites === 'check-then-put' && (await this.exists(key))) {
      return { created: false };
    }
    const IfNoneMatch = onlyIfAbsent && this.conditionalWrites === 'native' ? '*' : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        if (bytes.byteLength >= this.multipartThreshold) {
          await this.putMultipart(Key, bytes, options.contentType, IfNoneMatch);
        } else {
          await this.client.send(
            new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentType: options.contentType, IfNoneMatch }),
          );
        }
        return { created: true };
      } catch (err) {
        if (IfNoneMatch && status(err) === 412) return { created: false };
        if (IfNoneMatch && status(err) === 409 && attempt < DEFAULTS.conflictRetries) {
          await sleep(50 * 2 ** attempt);
          continue;
        }
        throw err;
      }
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }

  /**
   * Bytes [start, end) of an object, by a ranged GET (the cost estimator reads Parquet footers this
   * way instead of downloading whole files). Undefined when the object does not exist.
   */
  async getRange(key: string, start: number, end: number): Promise<Uint8Array | undefined> {
    checkByteRange(start, end);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key), Range: `bytes=${start}-${end - 1}` }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          MaxKeys: this.pageSize,
          ContinuationToken,
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async delete(key: string): Promise<void> {
    // Like the filesystem adapter, deleting a missing key is not an error (S3 agrees).
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
  }

  private fullKey(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      throw new Error(`Khóa lưu trữ không hợp lệ / invalid storage key: ${JSON.stringify(key)}`);
    }
    return this.prefix + key;
  }

  /** Parts in order, a few in flight at once; the upload is aborted on any failure so no parts linger. */
  private async putMultipart(Key: string, bytes: Uint8Array, ContentType: string | undefined, IfNoneMatch: string | undefined) {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType, ChecksumAlgorithm: 'CRC32' }),
    );
    if (!UploadId) throw new Error('S3 did not return an UploadId');
    try {
      const count = Math.ceil(bytes.byteLength / this.partSize);
      const parts: CompletedPart[] = new Array(count);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < count; i = next++) {
          const Body = bytes.subarray(i * this.partSize, Math.min((i + 1) * this.partSize, bytes.byteLength));
          const out = await this.client.send(
            new UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }),
          );
          // An upload created with a checksum algorithm must name each part's checksum when completed.
          parts[i] = { PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 };
        }
      };
      await Promise.all(Array.from({ length: Math.min(DEFAULTS.partConcurrency, count) }, worker));
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId, IfNoneMatch, MultipartUpload: { Parts: parts } }),
      );
    } catch (err) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      throw err;
    }
  }
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The HTTP status of an SDK error (404 covers NoSuchKey and HeadObject's bare NotFound). */
function status(err: unknown): number | undefined {
  const e = err as { $metadata?: { httpStatusCode?: number }; name?: string } | undefined;
  if (e?.name === 'NoSuchKey' || e?.name === 'NotFound') return 404;
  if (e?.name === 'PreconditionFailed') return 412;
  if (e?.name === 'ConditionalRequestConflict') return 409;
  return e?.$metadata?.httpStatusCode;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
