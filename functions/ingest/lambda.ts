/**
 * Lambda entry point for ingest: SQS messages whose bodies are S3 event notifications for uploads
 * under raw/inbox/ → ingestFile (the same pipeline as `chitieu ingest`) → S3 storage.
 *
 * Each SQS message is one unit of retry: if any upload it names fails unexpectedly (S3 error,
 * crash), the message is reported in `batchItemFailures` and comes back after the visibility
 * timeout; after a few receives it goes to the dead-letter queue. A bad *report* is not a failure:
 * the ingest quarantines it and returns normally. Duplicate deliveries are harmless: the ingest is
 * idempotent by the file's sha256.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Storage } from '../adapters/storage/s3.ts';
import type { Storage } from '../adapters/storage/storage.ts';
import { ingestFile, type IngestOutcome } from './ingest-file.ts';
import { INBOX_PREFIX } from '../core/warehouse-contract/layout.ts';

/** The parts of the SQS event this handler reads (aws-lambda's SQSEvent, narrowed). */
export interface SqsEvent {
  Records: { messageId: string; body: string }[];
}
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** An S3 event notification (the body of each SQS message); S3's test event has no Records. */
interface S3Notification {
  Event?: string;
  Records?: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }[];
}

export interface IngestHandlerDeps {
  storage: Storage;
  /** Bucket the storage reads; notifications for other buckets are ignored. */
  bucket: string;
  /** Key prefix of the storage root inside the bucket ('' = bucket root). */
  prefix?: string;
  inboxPrefix?: string;
  ingest?: typeof ingestFile;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** Object keys in S3 notifications are URL-encoded, with '+' for spaces (form encoding). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

export function createIngestHandler(deps: IngestHandlerDeps): (event: SqsEvent) => Promise<SqsBatchResponse> {
  const ingest = deps.ingest ?? ingestFile;
  const log = deps.logger ?? new Logger({ serviceName: 'chitieu-ingest' });
  const root = deps.prefix ? deps.prefix.replace(/\/?$/, '/') : '';
  const inbox = deps.inboxPrefix ?? INBOX_PREFIX;

  async function one(record: SqsEvent['Records'][number]): Promise<void> {
    const note = JSON.parse(record.body) as S3Notification;
    if (note.Event === 's3:TestEvent') return;
    for (const r of note.Records ?? []) {
      if (!r.eventName.startsWith('ObjectCreated')) continue;
      if (r.s3.bucket.name !== deps.bucket) {
        log.warn('notification for another bucket ignored', { bucket: r.s3.bucket.name });
        continue;
      }
      const fullKey = decodeS3Key(r.s3.object.key);
      if (!fullKey.startsWith(root + inbox)) {
        log.warn('object outside the inbox ignored', { key: fullKey });
        continue;
      }
      const key = fullKey.slice(root.length);
      const bytes = await deps.storage.get(key);
      if (bytes === undefined) {
        // Deleted before we got to it: nothing to ingest, nothing to retry.
        log.warn('uploaded object is gone', { key });
        continue;
      }
      const name = key.slice(key.lastIndexOf('/') + 1);
      const outcome: IngestOutcome = await ingest({ storage: deps.storage }, { name, bytes });
      log.info('ingested', { key, name, size: bytes.byteLength, outcome: outcome as unknown as Record<string, unknown> });
    }
  }

  return async (event) => {
    const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
    // One message at a time: a batch is small and each ingest is CPU-bound.
    for (const record of event.Records) {
      try {
        await one(record);
      } catch (err) {
        log.error('message failed; it will be retried', { messageId: record.messageId, error: err as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

let cached: ((event: SqsEvent) => Promise<SqsBatchResponse>) | undefined;

/** The Lambda handler: storage from WAREHOUSE_BUCKET / WAREHOUSE_PREFIX, built once per container. */
export const handler = (event: SqsEvent): Promise<SqsBatchResponse> => {
  if (!cached) {
    const bucket = required('WAREHOUSE_BUCKET');
    const prefix = process.env.WAREHOUSE_PREFIX ?? '';
    cached = createIngestHandler({
      storage: new S3Storage({ bucket, prefix }),
      bucket,
      prefix,
      inboxPrefix: process.env.INBOX_PREFIX || undefined,
    });
  }
  return cached(event);
};

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}
