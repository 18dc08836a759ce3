/**
 * Ingest: an upload under raw/inbox/ → S3 ObjectCreated notification → SQS → the ingest Lambda.
 *
 * The queue between S3 and Lambda buys retries with backoff (visibility timeout), a dead-letter
 * queue for files that keep failing (after 5 receives), batching, and a cap on concurrency that
 * protects the warehouse from a bulk upload. The Lambda reports partial batch failures, so one bad
 * message is retried alone. A file whose content is bad is not a failure: the ingest quarantines it
 * and succeeds. Alarms: any function error, and any message in the dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Alerts } from './alerts.ts';
import { acknowledge } from '../nag/acknowledge.ts';
import { ChitieuFunction } from './chitieu-function.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';
import { AREA, INBOX_PREFIX } from '../../functions/core/warehouse-contract/layout.ts';

export interface IngestPipelineProps {
  storage: WarehouseStorage;
  alerts: Alerts;
  logRetention: logs.RetentionDays;
  /** Prefix watched for uploads. Default 'raw/inbox/' (the warehouse layout's inbox). */
  inboxPrefix?: string;
  /** Messages per invocation. Default 5. */
  batchSize?: number;
  /** Concurrent invocations from the queue (2..1000). Default 5. */
  maxConcurrency?: number;
  /** Receives before a message goes to the dead-letter queue. Default 5. */
  maxReceiveCount?: number;
}

export class IngestPipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly handler: ChitieuFunction;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const { storage } = props;
    const timeout = Duration.minutes(5);
    const queueDefaults = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: storage.messageKey, enforceSSL: true };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    acknowledge(this.deadLetterQueue, 'Serverless-SQSRedrivePolicy', 'This queue is the dead-letter queue of the ingest queue; a person reads it (alarm) and redrives by hand.');
    this.queue = new sqs.Queue(this, 'Queue', {
      ...queueDefaults,
      // Lambda's guidance: six times the function timeout, so retries never overlap a running batch.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    storage.warehouse.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
      prefix: props.inboxPrefix ?? INBOX_PREFIX,
    });

    this.handler = new ChitieuFunction(this, 'Handler', {
      entry: 'functions/ingest/lambda.ts',
      description: 'chitieu: ingests reports uploaded to raw/inbox/ (parse, validate, write Parquet or quarantine)',
      // 1769 MB = one full vCPU: XLSX/DOCX parsing and Parquet encoding are CPU-bound.
      memorySize: 1769,
      timeout,
      environment: { ...storage.environment(), INBOX_PREFIX: props.inboxPrefix ?? INBOX_PREFIX },
      logRetention: props.logRetention,
      noDeadLetterQueueReason:
        'Invoked synchronously by the SQS event source mapping, never asynchronously: failed messages go to the source queue\'s dead-letter queue (redrive after 5 receives), which has an alarm.',
    });
    const source = new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 5,
    });
    this.handler.function.addEventSource(source);
    acknowledge(
      this.handler.function,
      'Serverless-LambdaEventSourceMappingDestination',
      'SQS event source mappings support no on-failure destination; the queue\'s redrive policy sends repeatedly failing messages to the dead-letter queue.',
    );
    // What ingestFile touches: raw/ (inbox read, content-addressed copy), curated/ (values and the
    // ledger, which it also reads), quarantine/, and state/ (the idempotency markers).
    storage.grantReadWrite(this.handler.role, AREA.raw, AREA.curated, AREA.quarantine, AREA.state);

    this.errorsAlarm = props.alerts.alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'Lỗi khi nạp báo cáo / the ingest function failed (see its logs; the message will be retried)',
      metric: this.handler.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.deadLetterAlarm = props.alerts.alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'Tệp không nạp được sau nhiều lần thử / an upload failed every retry and sits in the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }
}
