/**
 * S3Storage against a real S3 protocol server (s3rver) on loopback: a random port, a temp
 * directory, started and stopped here. The server fills two gaps of s3rver (conditional writes,
 * DES continuation tokens): see tests/infra/s3rver.ts.
 */
import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../functions/adapters/storage/s3.ts';
import type { Storage } from '../../functions/adapters/storage/storage.ts';
import { startS3rver, type S3rverHandle } from '../infra/s3rver.ts';

const BUCKET = 'chitieu-warehouse';
let s3: S3rverHandle;
let client: S3Client;
let requests: S3rverHandle['requests'];

beforeAll(async () => {
  s3 = await startS3rver(BUCKET);
  client = s3.client;
  requests = s3.requests;
});

afterAll(async () => {
  await s3?.stop();
});

async function collect(storage: S3Storage, prefix: string) {
  const out: { key: string; size: number }[] = [];
  for await (const o of storage.list(prefix)) out.push(o);
  return out;
}

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe('S3Storage on s3rver', () => {
  it('puts, gets, checks and deletes objects under a prefix root', async () => {
    const storage = new S3Storage({ bucket: BUCKET, prefix: 'basic', client });
    expect(storage.location).toBe(`s3://${BUCKET}/basic/`);
    expect(await storage.put('raw/inbox/Báo cáo tháng 1 (VKS Hà Nội).json', '{"đơn_vị":"p63-01"}')).toEqual({ created: true });
    expect(text(await storage.get('raw/inbox/Báo cáo tháng 1 (VKS Hà Nội).json'))).toBe('{"đơn_vị":"p63-01"}');
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await storage.put('curated/values/stat_year=2024/period_type=month/b1.parquet', bytes, {
      contentType: 'application/vnd.apache.parquet',
    });
    expect(await storage.get('curated/values/stat_year=2024/period_type=month/b1.parquet')).toEqual(bytes);
    expect(await storage.exists('curated/values/stat_year=2024/period_type=month/b1.parquet')).toBe(true);
    expect(await storage.exists('curated/values/missing.parquet')).toBe(false);
    expect(await storage.get('curated/values/missing.parquet')).toBeUndefined();

    // Keys really live under the prefix in the bucket.
    const root = new S3Storage({ bucket: BUCKET, client });
    expect(await root.exists('basic/curated/values/stat_year=2024/period_type=month/b1.parquet')).toBe(true);

    // Overwrite without a condition replaces.
    await storage.put('state/x.json', 'old');
    await storage.put('state/x.json', 'new');
    expect(text(await storage.get('state/x.json'))).toBe('new');

    // Ranged reads (Parquet footers for cost estimates).
    await storage.put('curated/range.bin', new Uint8Array([10, 11, 12, 13, 14, 15]));
    expect(await storage.getRange('curated/range.bin', 2, 5)).toEqual(new Uint8Array([12, 13, 14]));
    expect(await storage.getRange('curated/range.bin', 4, 6)).toEqual(new Uint8Array([14, 15]));
    expect(await storage.getRange('curated/none.bin', 0, 4)).toBeUndefined();

    await storage.delete('state/x.json');
    expect(await storage.exists('state/x.json')).toBe(false);
    await expect(storage.delete('state/x.json')).resolves.toBeUndefined();
    await expect(storage.put('../escape', 'x')).rejects.toThrow(/invalid storage key/);
  });

  it('lists in key order across pages (more than 1,000 keys, and small pages)', async () => {
    const storage = new S3Storage({ bucket: BUCKET, prefix: 'many', client });
    const keys = Array.from({ length: 1010 }, (_, i) => `raw/sha256/${String(i).padStart(5, '0')}.json`);
    // Written straight through the client, 50 at a time: this test is about reading pages.
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys.slice(i, i + 50).map((k) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `many/${k}`, Body: k }))),
      );
    }
    await storage.put('other/z.json', 'z');

    requests.length = 0;
    const listed = await collect(storage, 'raw/');
    expect(listed.map((o) => o.key)).toEqual(keys);
    expect(listed[0]).toEqual({ key: keys[0], size: keys[0].length });
    const listCalls = requests.filter((r) => r.method === 'GET' && r.query['list-type'] === '2');
    expect(listCalls).toHaveLength(2); // 1,000 + 10: the continuation token was followed
    expect(listCalls[1].query['continuation-token']).toBeTruthy();

    const small = new S3Storage({ bucket: BUCKET, prefix: 'many', client, pageSize: 7 });
    expect((await collect(small, 'raw/sha256/0000')).map((o) => o.key)).toEqual(keys.slice(0, 10));
    expect((await collect(new S3Storage({ bucket: BUCKET, prefix: 'many', client, pageSize: 300 }), '')).length).toBe(1011);
    expect(await collect(small, 'nothing/')).toEqual([]);
  });

  it('ifNoneMatch creates once; the second writer gets created=false and the first body stays', async () => {
    const storage = new S3Storage({ bucket: BUCKET, prefix: 'cond', client });
    expect(await storage.put('state/sources/abc.json', 'first', { ifNoneMatch: true })).toEqual({ created: true });
    expect(await storage.put('state/sources/abc.json', 'second', { ifNoneMatch: true })).toEqual({ created: false });
    expect(text(await storage.get('state/sources/abc.json'))).toBe('first');

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => storage.put('state/sources/race.json', `w${i}`, { ifNoneMatch: true })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(text(await storage.get('state/sources/race.json'))).toBe(`w${results.findIndex((r) => r.created)}`);
  });

  it('a content-addressed put writes only when the key is absent (the raw copy of ingest)', async () => {
    const storage = new S3Storage({ bucket: BUCKET, prefix: 'content', client });
    const key = `raw/sha256/ab/${'ab'.padEnd(64, '0')}.json`;
    expect(await storage.put(key, 'bytes', { contentAddressed: true, durable: false })).toEqual({ created: true });
    expect(await storage.put(key, 'bytes', { contentAddressed: true, durable: false })).toEqual({ created: false });
    expect(text(await storage.get(key))).toBe('bytes');
    expect((storage as Storage).share).toBeUndefined();
  });

  it('check-then-put gives the same answers on a server that ignores If-None-Match', async () => {
    s3.enforceConditionalWrites(false);
    try {
      const native = new S3Storage({ bucket: BUCKET, prefix: 'plain', client });
      await native.put('k.json', 'first', { ifNoneMatch: true });
      // What s3rver alone does with the header: overwrites. (Flags it if s3rver ever learns it.)
      expect(await native.put('k.json', 'second', { ifNoneMatch: true })).toEqual({ created: true });
      expect(text(await native.get('k.json'))).toBe('second');

      const emulated = new S3Storage({ bucket: BUCKET, prefix: 'plain', client, conditionalWrites: 'check-then-put' });
      expect(await emulated.put('k.json', 'third', { ifNoneMatch: true })).toEqual({ created: false });
      expect(await emulated.put('k2.json', 'one', { ifNoneMatch: true })).toEqual({ created: true });
      expect(text(await emulated.get('k.json'))).toBe('second');
    } finally {
      s3.enforceConditionalWrites(true);
    }
  });

  it('stores a 20 MB object in one PUT and in parts, byte for byte, with the condition on completion', async () => {
    const big = new Uint8Array(randomBytes(20 * 1024 * 1024));
    const single = new S3Storage({ bucket: BUCKET, prefix: 'big', client });
    await single.put('curated/values/one.parquet', big);
    expect(Buffer.compare(Buffer.from((await single.get('curated/values/one.parquet'))!), Buffer.from(big))).toBe(0);

    const parts = new S3Storage({ bucket: BUCKET, prefix: 'big', client, multipartThreshold: 8 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
    requests.length = 0;
    expect(await parts.put('curated/values/parts.parquet', big, { ifNoneMatch: true })).toEqual({ created: true });
    expect(requests.filter((r) => r.method === 'PUT' && 'partNumber' in r.query)).toHaveLength(4);
    const back = await parts.get('curated/values/parts.parquet');
    expect(back?.byteLength).toBe(big.byteLength);
    expect(Buffer.compare(Buffer.from(back!), Buffer.from(big))).toBe(0);
    expect(await collect(parts, 'curated/values/parts')).toEqual([{ key: 'curated/values/parts.parquet', size: big.byteLength }]);

    // A second conditional multipart write is refused at CompleteMultipartUpload.
    const other = new Uint8Array(big);
    other[0] ^= 0xff;
    expect(await parts.put('curated/values/parts.parquet', other, { ifNoneMatch: true })).toEqual({ created: false });
    expect((await parts.get('curated/values/parts.parquet'))![0]).toBe(big[0]);
  });
});
