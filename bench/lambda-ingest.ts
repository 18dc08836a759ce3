/**
 * One report through the Lambda ingest path, in process and warm: the handler of
 * functions/ingest/lambda.ts (createIngestHandler, what `handler` builds from its environment)
 * over a filesystem-backed Storage, called with an SQS message whose body is the S3
 * ObjectCreated notification for the upload under raw/inbox/. Each call ingests a different
 * report of the dataset (a repeat would be "unchanged" and skip the work). The upload itself is
 * placed before the clock starts; the handler's get of it, the ingest and the log line are timed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FsStorage } from '../functions/adapters/storage/fs.ts';
import { createIngestHandler, type SqsEvent } from '../functions/ingest/lambda.ts';
import { BENCH_TMP, reportFiles, type DatasetInfo } from './dataset.ts';
import { discard } from './scratch-dirs.ts';
import { latencyMetric, type Metric } from './metric.ts';
import { p95 } from './stats.ts';

const BUCKET = 'chitieu-bench';

function sqsEvent(key: string, size: number, i: number): SqsEvent {
  const note = {
    Records: [{
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'ap-southeast-1', eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size } },
    }],
  };
  return { Records: [{ messageId: `bench-${i}`, body: JSON.stringify(note) }] };
}

export async function benchLambdaIngest(info: DatasetInfo, opts: { calls: number; warmup: number; log: (s: string) => void }): Promise<Metric[]> {
  const dir = join(BENCH_TMP, 'run', 'lambda-ingest');
  discard(dir);
  mkdirSync(dir, { recursive: true });
  const storage = new FsStorage(dir);
  // The log line is built as Powertools would (one JSON object) but not printed.
  let logged = 0;
  const sink = (msg: unknown, ...extra: unknown[]) => { logged += JSON.stringify({ msg, extra }).length; };
  const handler = createIngestHandler({ storage, bucket: BUCKET, logger: { info: sink, warn: sink, error: sink } });
  const all = reportFiles(info.input);
  const total = opts.warmup + opts.calls;
  const step = Math.max(1, Math.floor(all.length / total));
  const samples: number[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < total; i++) {
      const file = all[(i * step) % all.length];
      const bytes = readFileSync(file);
      const key = `raw/inbox/${i}-${basename(file)}`;
      await storage.put(key, bytes);
      const event = sqsEvent(key, bytes.length, i);
      const t0 = performance.now();
      const r = await handler(event);
      const ms = performance.now() - t0;
      failures += r.batchItemFailures.length;
      if (i >= opts.warmup) samples.push(ms);
    }
  } finally {
    discard(dir);
  }
  void logged;
  return [latencyMetric('lambda.ingest_one_report_p50', 'lambda-ingest', samples, 'p50', 30,
    `${opts.calls} calls after ${opts.warmup} warm-up, each a different report; FsStorage (durable writes fsync), p95 ${p95(samples).toFixed(1)} ms` +
      (failures ? `; ${failures} batchItemFailures` : ''))];
}
