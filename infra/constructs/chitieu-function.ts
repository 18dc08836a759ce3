/**
 * One Lambda function the way every chitieu function is built: a NodejsFunction bundled by the
 * local esbuild (no Docker), Node 22 on arm64 (cheaper per GB-second), JSON logs at INFO into a log
 * group with a set retention, X-Ray tracing, and a role of its own that starts with nothing but the
 * right to write its own logs (no AWS-managed policies); everything else is granted by the
 * constructs that own the resources.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.ts';

/** Repository root (infra/constructs/ → ../..): entries, lock file and copied files resolve from it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Modules never bundled: native binaries have no place in a Lambda zip built on another OS/arch. */
export const NEVER_BUNDLED = ['@duckdb/node-api', '@duckdb/node-bindings'];

export interface ChitieuFunctionProps {
  /** Entry file relative to the repository root, e.g. 'functions/ingest-handler/index.ts'. */
  entry: string;
  description: string;
  /** MB; default 1024 (parsing XLSX/DOCX and writing Parquet is CPU-bound, and CPU scales with memory). */
  memorySize?: number;
  /** Default 1 minute. */
  timeout?: Duration;
  environment?: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** Files copied next to the bundle, for code that reads them at run time relative to itself. */
  copyFiles?: { fromDir: string; pattern: string; toDir?: string }[];
  /** Dead-letter queue for asynchronous invocations (scheduled jobs). */
  deadLetterQueue?: sqs.IQueue;
  /** Upper bound on concurrent executions (protects Athena and S3 request rates). */
  reservedConcurrentExecutions?: number;
  /** Why no dead-letter queue (required when `deadLetterQueue` is not given: cdk-nag asks). */
  noDeadLetterQueueReason?: string;
}

/** The Node.js major every function runs; the issue pins it, so the "latest runtime" rules are acknowledged. */
export const RUNTIME = lambda.Runtime.NODEJS_22_X;

export class ChitieuFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ChitieuFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // IAM descriptions allow Latin-1 only.
      description: `Role of ${id}: its log group; other grants come from the constructs that own the resources`,
    });
    this.logGroup.grantWrite(this.role);

    const copy = (props.copyFiles ?? []).map((c) => {
      const to = c.toDir ? `"{out}/${c.toDir}"` : '"{out}"';
      return { mkdir: c.toDir ? `mkdir -p ${to}` : undefined, cp: `cp "${join(REPO_ROOT, c.fromDir)}"/${c.pattern} ${to}/` };
    });

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description.replace(/[^\x20-\x7E\u00A1-\u00FF]/g, '-'),
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(1),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      deadLetterQueue: props.deadLetterQueue,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'chitieu',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The AWS SDK is bundled, not taken from the runtime: the adapters rely on features
        // (S3 conditional writes) newer than the runtime's copy may be, and the version is pinned.
        externalModules: NEVER_BUNDLED,
        // CommonJS dependencies (exceljs, mammoth, …) call require() inside an ES module bundle.
        banner: "import { createRequire as __chitieuCreateRequire } from 'node:module'; const require = __chitieuCreateRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, outputDir: string) =>
            copy.flatMap((c) => [c.mkdir, c.cp].filter((x): x is string => !!x).map((cmd) => cmd.replaceAll('{out}', outputDir))),
        },
      },
    });

    // Lambda sends failed asynchronous events to the DLQ as this role; an encrypted queue needs the key.
    props.deadLetterQueue?.encryptionMasterKey?.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');

    const pinned = 'Node.js 22 is the runtime the project pins (issue 6) and tests against; moving to a newer major is a deliberate, tested change.';
    acknowledge(this.function, 'AwsSolutions-L1', pinned);
    acknowledge(this.function, 'Serverless-LambdaLatestVersion', pinned);
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) use Resource *: X-Ray has no resource-level permissions.',
    );
    if (!props.deadLetterQueue) {
      if (!props.noDeadLetterQueueReason) throw new Error(`${id}: give a deadLetterQueue or a noDeadLetterQueueReason`);
      acknowledge(this.function, 'Serverless-LambdaDLQ', props.noDeadLetterQueueReason);
    }
  }
}

/** Whether a core module a handler needs is present in the tree (cores land in parallel work). */
export function coreExists(relativePath: string): boolean {
  return existsSync(join(REPO_ROOT, relativePath));
}
