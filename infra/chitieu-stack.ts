/**
 * The whole deployment: storage → catalog → Athena → ingest, jobs, query API → explorer site →
 * alarms. Each concern is one construct in infra/constructs/; this file only wires them.
 */
import { Annotations, Aws, CfnOutput, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PERIOD_TYPES, type PeriodType } from '../functions/core/calendar.ts';
import type { ChitieuConfig } from './config.ts';
import { Alerts } from './constructs/alerts.ts';
import { AnalystDirectory } from './constructs/analyst-directory.ts';
import { coreExists } from './constructs/chitieu-function.ts';
import { ExplorerSite } from './constructs/explorer-site.ts';
import { IngestPipeline } from './constructs/ingest-pipeline.ts';
import { QueryApi } from './constructs/query-api.ts';
import { QueryEngine } from './constructs/query-engine.ts';
import { ScheduledJob } from './constructs/scheduled-job.ts';
import { WarehouseCatalog } from './constructs/warehouse-catalog.ts';
import { WarehouseStorage } from './constructs/warehouse-storage.ts';
import { acknowledge, nagRef } from './nag/acknowledge.ts';
import { acknowledgeDeploymentBuckets, acknowledgeStackFindings } from './nag/acknowledgements.ts';
import { AREA, INBOX_PREFIX } from '../functions/core/warehouse-contract/layout.ts';

export interface ChitieuStackProps extends StackProps {
  config: ChitieuConfig;
  /**
   * Core modules each handler calls, by job. A job whose core is missing from the tree is left
   * out (with a warning) so the rest still synthesizes; tests may force all in (no bundling).
   */
  includeMissingCores?: boolean;
}

/** The core module each optional Lambda entry point imports (see functions/<x>/lambda.ts). */
export const HANDLER_CORES = {
  ingest: 'functions/ingest/ingest-file.ts',
  query: 'functions/api/app.ts',
  compare: 'functions/compare/run-compare.ts',
  compact: 'functions/compact/compact.ts',
} as const;

/** Construct ids of the comparison's schedules ('Schedule' + this): the monthly one keeps the id it always had. */
const COMPARE_SCHEDULE_IDS: Record<PeriodType, string> = { month: '', quarter: 'Quarter', half: 'Half', nine_months: 'NineMonths', year: 'Year' };

export class ChitieuStack extends Stack {
  readonly storage: WarehouseStorage;
  readonly catalog: WarehouseCatalog;
  readonly engine: QueryEngine;
  readonly alerts: Alerts;
  readonly ingest?: IngestPipeline;
  readonly api?: QueryApi;
  readonly compare?: ScheduledJob;
  readonly compact?: ScheduledJob;
  readonly site: ExplorerSite;
  readonly directory: AnalystDirectory;

  constructor(scope: Construct, id: string, props: ChitieuStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = retentionDays(config.logRetentionDays);
    const has = (job: keyof typeof HANDLER_CORES): boolean => {
      if (props.includeMissingCores || coreExists(HANDLER_CORES[job])) return true;
      Annotations.of(this).addWarningV2(`chitieu:missing-core-${job}`, `${job} not deployed: ${HANDLER_CORES[job]} is not in the tree yet`);
      return false;
    };

    this.storage = new WarehouseStorage(this, 'Storage', {
      keyAlias: `alias/chitieu-${config.stage}`,
      athenaResultsDays: config.athenaResultsDays,
    });
    this.alerts = new Alerts(this, 'Alerts', { storage: this.storage, email: config.alarmEmail });
    this.catalog = new WarehouseCatalog(this, 'Catalog', {
      storage: this.storage,
      databaseName: `chitieu_${config.stage.replace(/-/g, '_')}`,
    });
    this.engine = new QueryEngine(this, 'Athena', {
      storage: this.storage,
      catalog: this.catalog,
      workGroupName: `chitieu-${config.stage}`,
      bytesScannedCutoffPerQuery: config.scanCutoffBytes,
      logRetention,
    });
    this.alerts.alarm(this.engine, 'DailyScanAlarm', {
      alarmDescription: `Athena quét nhiều hơn mức ngày / the workgroup scanned over ${config.dailyScanAlarmBytes} bytes in a day`,
      metric: this.engine.metricProcessedBytes(Duration.days(1)),
      threshold: config.dailyScanAlarmBytes,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    if (has('ingest')) {
      this.ingest = new IngestPipeline(this, 'Ingest', { storage: this.storage, alerts: this.alerts, logRetention });
    }

    // Scheduled jobs share one dead-letter queue (a failed run is rare and read by a person).
    const jobsDlq = new sqs.Queue(this, 'JobsDeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.storage.messageKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(jobsDlq, 'Serverless-SQSRedrivePolicy', 'This queue is itself the dead-letter queue of the scheduled jobs; a person reads it (alarm).');
    this.alerts.alarm(jobsDlq, 'DepthAlarm', {
      alarmDescription: 'Tác vụ định kỳ thất bại / a scheduled job failed every retry',
      metric: jobsDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const queryEnv = { ...this.storage.environment(), ATHENA_WORKGROUP: this.engine.workGroupName, GLUE_DATABASE: this.catalog.databaseName };

    if (has('compare')) {
      this.compare = new ScheduledJob(this, 'Compare', {
        entry: 'functions/compare/lambda.ts',
        description: 'chitieu: cross-province comparison of the latest closed period, digest, PDF pack and explorer extracts',
        // One schedule per period type the briefing uses, each firing once its period closes.
        schedules: PERIOD_TYPES.map((type) => ({
          id: `Schedule${COMPARE_SCHEDULE_IDS[type]}`,
          expression: config.compareSchedules[type],
          input: { period: 'latest', periodType: type },
          description: `chitieu: comparison of the latest closed ${type} period`,
        })),
        timeZone: config.scheduleTimeZone,
        memorySize: 2048,
        timeout: Duration.minutes(15),
        environment: { ...queryEnv, DIGEST_TOPIC_ARN: this.alerts.digestTopic.topicArn },
        copyFiles: [
          { fromDir: 'functions/queries', pattern: '*.sql' },
          { fromDir: 'functions/queries', pattern: '*.json' },
          // The PDF pack's fonts (functions/compare/pdf/fonts.ts) with their licence.
          { fromDir: 'node_modules/dejavu-fonts-ttf/ttf', pattern: 'DejaVuSans.ttf', toDir: 'fonts' },
          { fromDir: 'node_modules/dejavu-fonts-ttf/ttf', pattern: 'DejaVuSans-Bold.ttf', toDir: 'fonts' },
          { fromDir: 'node_modules/dejavu-fonts-ttf', pattern: 'LICENSE', toDir: 'fonts' },
        ],
        deadLetterQueue: jobsDlq,
        logRetention,
        reservedConcurrentExecutions: 1,
      });
      this.engine.grantQuery(this.compare.job.role);
      // Publishes a new run, then removes the replaced run's files and stale extracts.
      this.storage.grantReadWrite(this.compare.job.role, AREA.results, AREA.site);
      this.storage.grantDelete(this.compare.job.role, AREA.results, AREA.site);
      this.alerts.grantPublishDigest(this.compare.job.role);
    }

    if (has('compact')) {
      this.compact = new ScheduledJob(this, 'Compact', {
        entry: 'functions/compact/lambda.ts',
        description: 'chitieu: compaction of curated partitions (many small files → few large ones)',
        schedule: config.compactSchedule,
        timeZone: config.scheduleTimeZone,
        memorySize: 3008,
        timeout: Duration.minutes(15),
        environment: this.storage.environment(),
        deadLetterQueue: jobsDlq,
        logRetention,
        // Never two compactions at once: each rewrites whole partitions.
        reservedConcurrentExecutions: 1,
      });
      // Rewrites curated/ partitions, moves superseded revisions to history/, deletes the old files.
      this.storage.grantReadWrite(this.compact.job.role, AREA.curated, AREA.history);
      this.storage.grantDelete(this.compact.job.role, AREA.curated);
    }

    this.directory = new AnalystDirectory(this, 'Analysts', {
      domainPrefix: config.authDomainPrefix ?? `chitieu-${config.stage}-${Aws.ACCOUNT_ID}`,
    });
    // The explorer client's callback is the site's URL, known only once the site exists; the
    // site in turn routes /api/* to the API whose authorizer trusts that client. Lazy breaks the
    // construction-order knot; CloudFormation's order has no cycle (client → distribution → API).
    let siteUrl: string | undefined;
    const explorerClient = this.directory.addExplorerClient('ExplorerClient', Lazy.string({ produce: () => siteUrl }));

    if (has('query')) {
      this.api = new QueryApi(this, 'QueryApi', {
        storage: this.storage,
        catalog: this.catalog,
        engine: this.engine,
        alerts: this.alerts,
        issuerUrl: this.directory.issuerUrl,
        clients: [explorerClient],
        rateLimit: config.apiRateLimit,
        burstLimit: config.apiBurstLimit,
        logRetention,
      });
    }

    this.site = new ExplorerSite(this, 'Explorer', {
      storage: this.storage,
      apiDomain: this.api?.originDomain,
      connectOrigins: [this.directory.hostedUiUrl],
      geoAllow: config.geoAllow,
      runtimeConfig: {
        apiBase: '/api',
        auth: {
          region: this.region,
          userPoolId: this.directory.userPool.userPoolId,
          clientId: explorerClient.userPoolClientId,
          hostedUi: this.directory.hostedUiUrl,
        },
      },
    });
    siteUrl = this.site.url;

    new CfnOutput(this, 'ExplorerUrl', { value: this.site.url });
    new CfnOutput(this, 'WarehouseBucket', { value: this.storage.warehouse.bucketName });
    new CfnOutput(this, 'InboxUri', { value: `s3://${this.storage.warehouse.bucketName}/${INBOX_PREFIX}` });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.engine.workGroupName });
    new CfnOutput(this, 'GlueDatabase', { value: this.catalog.databaseName });
    new CfnOutput(this, 'UserPoolId', { value: this.directory.userPool.userPoolId });
    new CfnOutput(this, 'DigestTopicArn', { value: this.alerts.digestTopic.topicArn });
    if (this.api) new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint });

    acknowledgeStackFindings(this);
    acknowledgeDeploymentBuckets(this, [
      nagRef(this.site.bucket),
      nagRef(this.catalog.referenceBucket),
      `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}`,
    ]);
  }
}

function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  const match = allowed.sort((a, b) => a - b).find((v) => v >= days);
  if (match === undefined) throw new Error(`logRetentionDays: ${days} is longer than CloudWatch allows`);
  return match as logs.RetentionDays;
}
