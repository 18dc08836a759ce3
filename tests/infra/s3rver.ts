/**
 * A real S3 protocol server (s3rver) on loopback for tests: random port, temp directory, started
 * and stopped by the caller, with an SDK client configured for it.
 *
 * Two gaps of s3rver 3.7.1 are filled here, and only here:
 * - It ignores `If-None-Match` on writes. S3 has honoured it since August 2024 (412
 *   PreconditionFailed when the key exists, on PutObject and CompleteMultipartUpload); a front
 *   middleware implements exactly that, serialized per key, so the adapter's native path runs over
 *   real HTTP. `enforceConditionalWrites(false)` shows the bare server's behaviour.
 * - It encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) offers
 *   only behind --openssl-legacy-provider. While a server runs, `createCipheriv('des')` /
 *   `createDecipheriv('des')` are an identity transform (tokens become plain text, still opaque
 *   to the client); every other cipher is untouched, and the originals come back on stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
// s3rver ships no types.
// @ts-expect-error untyped CommonJS module
import S3rver from 's3rver';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface S3rverHandle {
  client: S3Client;
  endpoint: string;
  dir: string;
  bucket: string;
  /** Requests seen by the server (tests clear it with `requests.length = 0`). */
  requests: RecordedRequest[];
  enforceConditionalWrites(on: boolean): void;
  stop(): Promise<void>;
}

interface KoaCtx {
  method: string;
  path: string;
  query: Record<string, string>;
  get(h: string): string;
  status: number;
  type: string;
  body: unknown;
  store: { existsObject(bucket: string, key: string): Promise<boolean> };
}

const nodeCrypto = createRequire(import.meta.url)('crypto') as typeof import('node:crypto');
const original = { createCipheriv: nodeCrypto.createCipheriv, createDecipheriv: nodeCrypto.createDecipheriv };
let running = 0;

function plainDes<T>(fn: T): T {
  return function (this: unknown, algorithm: string, ...rest: unknown[]) {
    if (algorithm !== 'des') return (fn as (...a: unknown[]) => unknown).call(this, algorithm, ...rest);
    return {
      update: (data: string | Buffer, encoding?: BufferEncoding) => (typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : Buffer.from(data)),
      final: () => Buffer.alloc(0),
    };
  } as unknown as T;
}

export async function startS3rver(bucket = 'chitieu-warehouse'): Promise<S3rverHandle> {
  if (running++ === 0) {
    nodeCrypto.createCipheriv = plainDes(original.createCipheriv);
    nodeCrypto.createDecipheriv = plainDes(original.createDecipheriv);
  }
  const dir = await mkdtemp(join(tmpdir(), 'chitieu-s3rver-'));
  const requests: RecordedRequest[] = [];
  let enforce = true;
  const queues = new Map<string, Promise<void>>();

  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir,
    silent: process.env.S3RVER_LOG !== '1',
    configureBuckets: [{ name: bucket }],
  });
  server.middleware.unshift(async (ctx: KoaCtx, next: () => Promise<void>) => {
    requests.push({ method: ctx.method, path: ctx.path, query: { ...ctx.query } });
    const isPut = ctx.method === 'PUT' && !('uploadId' in ctx.query) && !ctx.get('x-amz-copy-source');
    const isComplete = ctx.method === 'POST' && 'uploadId' in ctx.query;
    if (!enforce || ctx.get('if-none-match') !== '*' || !(isPut || isComplete)) return next();
    const [b, ...rest] = ctx.path.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const id = `${b}/${key}`;
    const previous = queues.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    queues.set(id, previous.then(() => mine));
    await previous;
    try {
      if (await ctx.store.existsObject(b, key)) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
          '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
          '<Condition>If-None-Match</Condition></Error>';
        return;
      }
      await next();
    } finally {
      release();
    }
  });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates the SDK's default CRC checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    client,
    endpoint,
    dir,
    bucket,
    requests,
    enforceConditionalWrites: (on) => {
      enforce = on;
    },
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
      if (--running === 0) Object.assign(nodeCrypto, original);
    },
  };
}
