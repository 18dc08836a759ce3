/**
 * The cloud path end to end on this machine: a report is uploaded to raw/inbox/ of a real S3
 * protocol server (s3rver), the ingest Lambda handler gets the SQS message S3 would have sent,
 * curated Parquet appears in the bucket and DuckDB reads it from a copy; a bad report lands in
 * quarantine; a duplicate delivery adds nothing; an unreadable message is reported as a partial
 * batch failure while the rest of the batch succeeds.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { S3Storage } from '../../functions/adapters/storage/s3.ts';
import { createIngestHandler, decodeS3Key, type SqsEvent } from '../../functions/ingest/lambda.ts';
import { goodReport } from '../helpers/warehouse.ts';
import { startS3rver, type S3rverHandle } from './s3rver.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const BUCKET = 'chitieu-warehouse';
let s3: S3rverHandle;
let storage: S3Storage;
let handler: ReturnType<typeof createIngestHandler>;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The key as S3 writes it into notifications: URL-encoded, spaces as '+'. */
const encodeS3Key = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

function sqsEvent(keys: string[], messageId = 'm-1', bucket = BUCKET): SqsEvent {
  const body = {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-1',
      eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeS3Key(key), size: 1 } },
    })),
  };
  return { Records: [{ messageId, body: JSON.stringify(body) }] };
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of storage.list(prefix)) out.push(o.key);
  return out;
}

beforeAll(async () => {
  s3 = await startS3rver(BUCKET);
  storage = new S3Storage({ bucket: BUCKET, client: s3.client });
  handler = createIngestHandler({ storage, bucket: BUCKET, logger: quiet });
});

afterAll(async () => {
  await s3?.stop();
});

describe('ingest handler on s3rver', () => {
  const name = 'Báo cáo tháng 3 VKS Sóc Trăng.json';
  const report = JSON.stringify(goodReport());

  it('decodes keys the way S3 encodes them', () => {
    expect(decodeS3Key(encodeS3Key(`raw/inbox/${name}`))).toBe(`raw/inbox/${name}`);
    expect(decodeS3Key('raw/inbox/a+b%2Bc.json')).toBe('raw/inbox/a b+c.json');
  });

  it('an upload becomes curated Parquet that DuckDB reads', async () => {
    await storage.put(`raw/inbox/${name}`, report);
    expect(await handler(sqsEvent([`raw/inbox/${name}`]))).toEqual({ batchItemFailures: [] });

    const curated = await keys('curated/');
    expect(curated.some((k) => /^curated\/values\/stat_year=2024\/period_type=month\/[^/]+\.parquet$/.test(k))).toBe(true);
    expect(curated.some((k) => /^curated\/reports\/stat_year=2024\/period_type=month\/[^/]+\.parquet$/.test(k))).toBe(true);
    const sha = createHash('sha256').update(report).digest('hex');
    expect(await storage.exists(`raw/sha256/${sha.slice(0, 2)}/${sha}.json`)).toBe(true);
    expect(await storage.exists(`state/sources/${sha}.json`)).toBe(true);

    // Read it with DuckDB from a local copy of the bucket's curated/.
    const copy = mkdtempSync(join(tmpdir(), 'chitieu-copy-'));
    try {
      const local = new FsStorage(copy);
      for (const k of curated) await local.put(k, (await storage.get(k))!);
      const engine = await DuckDbEngine.open(copy, { views: sharedViews() });
      try {
        const rows = (await engine.query('SELECT unit_id, period, indicator, value FROM current_values ORDER BY indicator')).rows;
        expect(rows).toHaveLength(3);
        expect(rows.find((r) => r.indicator === 'crime_reports_received')).toMatchObject({ unit_id: 'p63-94', period: '2024-03', value: 640 });
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a duplicate delivery (and the same file under another name) adds nothing', async () => {
    const before = await keys('curated/');
    expect(await handler(sqsEvent([`raw/inbox/${name}`], 'm-2'))).toEqual({ batchItemFailures: [] });
    await storage.put('raw/inbox/copy.json', report);
    expect(await handler(sqsEvent(['raw/inbox/copy.json'], 'm-3'))).toEqual({ batchItemFailures: [] });
    expect(await keys('curated/')).toEqual(before);
  });

  it('a bad report lands in quarantine, and the message succeeds', async () => {
    const bad = JSON.stringify(goodReport({ unit_id: 'p63-00', period: '2024-13' }));
    await storage.put('raw/inbox/bad report.json', bad);
    const before = await keys('curated/');
    expect(await handler(sqsEvent(['raw/inbox/bad report.json'], 'm-4'))).toEqual({ batchItemFailures: [] });
    const sha = createHash('sha256').update(bad).digest('hex');
    expect(await storage.exists(`quarantine/${sha}/error.json`)).toBe(true);
    expect(await keys(`quarantine/${sha}/`)).toContain(`quarantine/${sha}/bad report.json`);
    expect(await keys('curated/')).toEqual(before);
  });

  it('reports only the failing message of a batch; ignores test events, other prefixes and vanished objects', async () => {
    const event: SqsEvent = {
      Records: [
        { messageId: 'ok', body: sqsEvent([`raw/inbox/${name}`]).Records[0].body },
        { messageId: 'broken', body: '{not json' },
        { messageId: 'test', body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }) },
        { messageId: 'outside', body: sqsEvent(['curated/values/x.parquet']).Records[0].body },
        { messageId: 'gone', body: sqsEvent(['raw/inbox/deleted-before-we-came.json']).Records[0].body },
      ],
    };
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'broken' }] });
  });

  it('an S3 error fails the message so SQS retries it', async () => {
    const failing = createIngestHandler({
      storage: { ...storage, location: storage.location, get: async () => { throw new Error('SlowDown'); } } as unknown as S3Storage,
      bucket: BUCKET,
      logger: quiet,
    });
    expect(await failing(sqsEvent([`raw/inbox/${name}`], 'retry-me'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'retry-me' }] });
  });
});
