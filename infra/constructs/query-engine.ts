/**
 * Athena: the workgroup every query runs in, the named analyses registered as named queries, and
 * the published views, created at deploy time by a custom resource that runs the Athena DDL.
 *
 * Workgroup defaults: engine version 3; configuration *enforced* (clients cannot pick another
 * output location, drop encryption or lift the scan limit); a bytes-scanned cutoff per query;
 * results SSE-KMS-encrypted with the warehouse key into their own bucket; CloudWatch metrics on
 * (the daily-scan alarm reads them).
 *
 * Why a custom resource for the views: Glue has no "view" resource that Athena accepts other than
 * the Presto-encoded table Athena writes itself on CREATE VIEW; generating that encoding by hand is
 * undocumented and brittle, while running the same DDL an analyst would run is neither. The
 * function is a plain Lambda-backed resource (no provider framework, so no extra functions) that
 * runs the statements in dependency order and waits for each.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { parameterNames } from '../../functions/core/named-params.ts';
import { createViewStatement, viewDefinitions } from '../catalog/views.ts';
import { ChitieuFunction, REPO_ROOT } from './chitieu-function.ts';
import type { WarehouseCatalog } from './warehouse-catalog.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';

export interface QueryEngineProps {
  storage: WarehouseStorage;
  catalog: WarehouseCatalog;
  workGroupName: string;
  /** Per-query scan limit in bytes (≥ 10 MB). */
  bytesScannedCutoffPerQuery: number;
  /** Folder of named analyses (*.sql), relative to the repository root. Default functions/queries. */
  namedQueriesDir?: string;
  /** Folder of view SQL, relative to the repository root. Default functions/queries/views. */
  viewsDir?: string;
  logRetention: logs.RetentionDays;
}

export class QueryEngine extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly workGroupName: string;
  readonly namedQueries: athena.CfnNamedQuery[] = [];
  readonly views: CustomResource;
  readonly viewNames: string[];
  private readonly storage: WarehouseStorage;
  private readonly catalog: WarehouseCatalog;

  constructor(scope: Construct, id: string, props: QueryEngineProps) {
    super(scope, id);
    this.storage = props.storage;
    this.catalog = props.catalog;
    this.workGroupName = props.workGroupName;

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'chitieu analyses: enforced settings, per-query scan cutoff, KMS-encrypted results',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${props.storage.athenaResults.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.storage.key.keyArn },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });

    const queriesDir = join(REPO_ROOT, props.namedQueriesDir ?? 'functions/queries');
    const files = existsSync(queriesDir) ? readdirSync(queriesDir).filter((f) => f.endsWith('.sql')).sort() : [];
    for (const file of files) {
      const sql = readFileSync(join(queriesDir, file), 'utf8');
      const name = file.slice(0, -4);
      const params = parameterNames(sql);
      const q = new athena.CfnNamedQuery(this, `Named-${name}`, {
        name: `chitieu-${name}`,
        database: props.catalog.databaseName,
        workGroup: this.workGroup.ref,
        description: describe(sql, params),
        queryString: sql,
      });
      q.addResourceDependency(this.workGroup);
      q.addResourceDependency(props.catalog.database);
      this.namedQueries.push(q);
    }

    const views = viewDefinitions(join(REPO_ROOT, props.viewsDir ?? 'functions/queries/views'));
    this.viewNames = views.map((v) => v.name);
    props.catalog.registerViews(this.viewNames);
    const ddl = new ChitieuFunction(this, 'ViewsFunction', {
      entry: 'infra/custom-resources/athena-views.ts',
      description: 'chitieu: creates the published Athena views at deploy time',
      memorySize: 256,
      timeout: Duration.minutes(10),
      logRetention: props.logRetention,
      noDeadLetterQueueReason:
        'CloudFormation custom resource: the function always answers CloudFormation (success or failure with the reason); a failed event fails the deployment, which is the alert.',
    });
    this.grantQuery(ddl.role);
    props.catalog.grantManageViews(ddl.role);
    const statements = views.map((v) => createViewStatement(props.catalog.databaseName, v));
    this.views = new CustomResource(this, 'Views', {
      serviceToken: ddl.function.functionArn,
      resourceType: 'Custom::AthenaViews',
      serviceTimeout: Duration.minutes(10),
      properties: {
        WorkGroup: this.workGroup.ref,
        Database: props.catalog.databaseName,
        Views: this.viewNames,
        Statements: statements,
        // Changes whenever a view's text changes, so CloudFormation re-runs the DDL.
        Fingerprint: createHash('sha256').update(statements.join('\n;\n')).digest('hex').slice(0, 16),
      },
    });
    // Views read the tables and the reference data; the data itself need not be there yet.
    for (const t of props.catalog.tables.values()) this.views.node.addDependency(t);
    this.views.node.addDependency(ddl.role);
    this.views.node.addDependency(this.workGroup);
  }

  /**
   * Run queries in the workgroup as the grantee: Athena reads the data, the catalog and writes
   * results with the caller's credentials, so all of those are granted together.
   */
  grantQuery(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      resourceArns: [`arn:${stack.partition}:athena:${stack.region}:${stack.account}:workgroup/${this.workGroupName}`],
    });
    this.storage.grantAthenaResults(grantee, 'athena/');
    this.catalog.grantRead(grantee);
    this.catalog.grantReadData(grantee);
  }

  /** Bytes the workgroup scanned (sum over the period). */
  metricProcessedBytes(period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Athena',
      metricName: 'ProcessedBytes',
      dimensionsMap: { WorkGroup: this.workGroupName },
      statistic: 'Sum',
      period,
    });
  }
}

function describe(sql: string, params: string[]): string {
  const first = sql
    .split('\n')
    .find((l) => l.startsWith('--'))
    ?.replace(/^--\s*/, '')
    .trim();
  const p = params.length ? ` Parameters ${params.map((n) => `:${n}`).join(', ')} are bound by the query API; replace them to run it here.` : '';
  return `${first ?? 'chitieu named analysis'}.${p}`.slice(0, 1024);
}
