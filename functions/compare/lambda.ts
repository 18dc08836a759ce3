/**
 * Lambda entry point for the scheduled cross-province comparison: runs the comparison for a period
 * (default: the latest closed one) on Athena, writes results/compare/<period>/ and the explorer
 * extracts under site/data/, then publishes the digest's location to the digest topic.
 *
 * The core is `runCompare` in functions/compare/run-compare.ts (issue 4 §6).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createAthenaEngine } from '../adapters/engine/athena.ts';
import { S3Storage } from '../adapters/storage/s3.ts';
import type { PeriodType } from '../core/calendar.ts';
import type { Lang } from './digest/format.ts';
import { runCompareJob } from './job.ts';

const logger = new Logger({ serviceName: 'chitieu-compare' });

/** The digest's location for people: the S3 URI and a console link (the bucket is private). */
export function digestMessage(bucket: string, prefix: string, key: string, period: string, region = 'ap-southeast-1', pdfKey?: string): string {
  const full = (k: string) => `${prefix ? prefix.replace(/\/?$/, '/') : ''}${k}`;
  const link = (k: string) => `https://${region}.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(full(k))}`;
  return [
    `Bản tin so sánh kỳ ${period} / comparison digest for ${period}:`,
    `s3://${bucket}/${full(key)}`,
    link(key),
    ...(pdfKey ? ['', 'Bản in PDF / printable PDF pack:', `s3://${bucket}/${full(pdfKey)}`, link(pdfKey)] : []),
  ].join('\n');
}

/** What a schedule (or a person) passes: the period or the type of the latest closed one, and the PDF's language. */
export interface CompareEvent {
  period?: string;
  periodType?: PeriodType;
  lang?: Lang;
  /** Reproduce the figures as of this moment (a recorded `as_of`); absent on schedules: now. */
  asOf?: string;
  /** Provinces (ids or names, or 'behind') that also get a page of their units. */
  provinces?: string[];
}

export const handler = async (event: CompareEvent = {}): Promise<unknown> => {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`missing environment variable ${name}`);
    return v;
  };
  const storage = new S3Storage({ bucket: env('WAREHOUSE_BUCKET'), prefix: process.env.WAREHOUSE_PREFIX ?? '' });
  const engine = createAthenaEngine({ workGroup: env('ATHENA_WORKGROUP'), database: env('GLUE_DATABASE') });
  try {
    const result = await runCompareJob({ engine, storage }, { period: event.period ?? 'latest', periodType: event.periodType, lang: event.lang === 'en' ? 'en' : 'vi', asOf: event.asOf, provinces: event.provinces });
    logger.info('comparison done', { period: result.period, runId: result.runId, asOf: result.asOf, current: result.current, digestKey: result.digestKey, timings: result.timings });
    const digest = result.digestKey;
    // A reproduction of a past moment is for whoever asked for it, not news for the digest's subscribers.
    if (digest && result.current) {
      await new SNSClient({}).send(
        new PublishCommand({
          TopicArn: env('DIGEST_TOPIC_ARN'),
          Subject: 'chitieu: bản tin so sánh / comparison digest',
          Message: digestMessage(env('WAREHOUSE_BUCKET'), process.env.WAREHOUSE_PREFIX ?? '', digest, result.period, process.env.AWS_REGION, result.pdfKey),
        }),
      );
    }
    return { period: result.period, runId: result.runId, asOf: result.asOf, current: result.current, digestKey: result.digestKey, pdfKey: result.pdfKey, closed: result.closed };
  } finally {
    await engine.close();
  }
};
