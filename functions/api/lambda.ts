/**
 * Lambda entry point for the query API: the same Hono app as `chitieu serve`, with the Athena
 * engine, S3 storage and the Parquet-footer cost estimator (ranged reads, cached per container).
 * API Gateway (HTTP API, payload v2) has already checked the caller's Cognito token; the app's own
 * rate limiter and SQL guardrails still apply.
 */
import { handle } from 'hono/aws-lambda';
import { createAthenaEngine } from '../adapters/engine/athena.ts';
import { createFooterEstimator } from '../adapters/parquet/footer.ts';
import { S3Storage } from '../adapters/storage/s3.ts';
import { createApp } from './app.ts';

const timeoutMs = Number(process.env.QUERY_TIMEOUT_MS ?? 25_000);
const storage = new S3Storage({ bucket: required('WAREHOUSE_BUCKET'), prefix: process.env.WAREHOUSE_PREFIX ?? '' });

const app = createApp({
  engine: createAthenaEngine({
    workGroup: required('ATHENA_WORKGROUP'),
    database: required('GLUE_DATABASE'),
    timeoutMs,
  }),
  storage,
  // A review goes to the ingest Lambda like any uploaded report (infra: write on raw/inbox/ only).
  reviewDelivery: 'inbox',
  estimator: createFooterEstimator(storage),
  timeoutMs,
});

export const handler = handle(app);

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}
