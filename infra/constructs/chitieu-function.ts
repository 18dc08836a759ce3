/**
 * One Lambda function the way every chitieu function is built: a NodejsFunction whose code is
 * bundled by the local esbuild (no Docker) with code splitting (infra/bundling/lambda-bundle.ts),
 * Node 22 on arm64 (cheaper per GB-second), JSON logs at INFO into a log
 * group with a set retention, X-Ray tracing, and a role of its own that starts with nothing but the
 * right to write its own logs (no AWS-managed policies); everything else is granted by the
 * constructs that own the resources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, type ILocalBundling } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NEVER_BUNDLED, REPO_ROOT, type CopyFiles } from '../bundling/lambda-bundle.ts';
import { acknowledge } from '../nag/acknowledge.ts';

export { NEVER_BUNDLED, REPO_ROOT };

/** NODE_OPTIONS every function runs with (the benchmark's cold import uses the same). */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

export interface ChitieuFunctionProps {
  /** Entry file relative to the repository root, e.g. 'functions/ingest/lambda.ts'. */
  entry: string;
  description: string;
  /** MB; default 1024 (parsing XLSX/DOCX and writing Parquet is CPU-bound, and CPU scales with memory). */
  memorySize?: number;
  /** Default 1 minute. */
  timeout?: Duration;
  environment?: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** Files copied next to the bundle, for code that reads them at run time relative to itself. */
  copyFiles?: CopyFiles[];
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

    this.function = new NodejsFunction(this, 'Function', {
      // Built by infra/bundling/lambda-bundle.ts (code splitting: what a request path does not
      // need is not loaded at cold start), not by NodejsFunction's single-file esbuild run.
      code: lambdaCode(props.entry, props.copyFiles ?? []),
      handler: 'index.handler',
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
        // Stack traces of our code in CloudWatch point at the TypeScript sources; the maps are
        // trimmed to our code so that reading them at import stays cheap.
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: 'chitieu',
        ...props.environment,
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

/**
 * The function's code: infra/bundling/lambda-bundle.ts run by the local Node.js during synthesis
 * (a child process: esbuild's plugins need its asynchronous API, a CDK local bundler is
 * synchronous). Skipped like any bundling when the stack is not bundled (`aws:cdk:bundling-stacks`).
 */
export function lambdaCode(entry: string, copyFiles: CopyFiles[]): lambda.Code {
  const local: ILocalBundling & { entry: string } = {
    entry,
    tryBundle(outputDir: string): boolean {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/bundling/bundle-cli.ts'), entry, outputDir, JSON.stringify(copyFiles)], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (r.status !== 0) throw new Error(`bundling ${entry} failed (exit ${r.status ?? r.signal}): ${r.error?.message ?? 'see the esbuild output above'}`);
      return true;
    },
  };
  return lambda.Code.fromAsset(REPO_ROOT, {
    // The hash of the bundle itself: a change anywhere in what the function imports redeploys it.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local,
      // Never pulled: the local bundler either succeeds or throws. Entry and copied files are in
      // the command so that each function's bundling options (the asset cache key) differ.
      image: DockerImage.fromRegistry('local-bundling-only'),
      command: ['bundle-cli', entry, JSON.stringify(copyFiles)],
    },
  });
}

/** Whether a core module a handler needs is present in the tree (cores land in parallel work). */
export function coreExists(relativePath: string): boolean {
  return existsSync(join(REPO_ROOT, relativePath));
}
