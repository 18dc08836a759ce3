/**
 * Where everything is kept: one KMS key, one warehouse bucket, a bucket for Athena's result files
 * and a bucket for access logs.
 *
 * Buckets or prefixes? One warehouse bucket with the local layout's prefixes (raw/, curated/,
 * history/, quarantine/, state/, results/, site/, notebooks/), because
 * - the Storage interface has one root: the Lambda code sees exactly the keys the filesystem
 *   warehouse has, and a warehouse can be copied between the two with one sync;
 * - the ingest's commit protocol (raw → values → ledger → marker) spans prefixes and relies on
 *   conditional writes within one bucket;
 * - IAM grants are per prefix anyway (`grantRead(fn, 'curated/')`), and lifecycle rules are per
 *   prefix, so separate buckets would add names and policies without adding isolation.
 * Separate buckets where the data has another owner or another life: Athena query results
 * (written by Athena, expire after days, never part of the warehouse), the explorer site (public
 * through CloudFront, holds only the built app; see ExplorerSite), and access logs (must not use
 * SSE-KMS, must not log to themselves).
 *
 * Defaults: SSE-KMS with a rotating customer key (S3 Bucket Keys keep KMS request costs flat),
 * all public access blocked, TLS required (aws:SecureTransport and TLS ≥ 1.2), ACLs disabled,
 * server access logs on, versioning on the warehouse (raw/ is never deleted; every other prefix
 * drops old versions after a while), incomplete multipart uploads aborted after a day, and every
 * resource retained when the stack is deleted.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, nagRef } from '../nag/acknowledge.ts';
import { AREA } from '../../functions/core/warehouse-contract/layout.ts';

export interface WarehouseStorageProps {
  /** Alias of the key, without 'alias/'. */
  keyAlias: string;
  /** Days Athena result files are kept. */
  athenaResultsDays: number;
  /** Days non-current versions are kept under curated/, state/, quarantine/ (raw/ keeps all). Default 30. */
  noncurrentDays?: number;
  /** Days access logs are kept. Default 365. */
  accessLogDays?: number;
}

/** Prefixes whose old versions expire; raw/ is deliberately absent (received files are kept forever). */
const EXPIRING_PREFIXES: { prefix: string; days?: number }[] = [
  { prefix: AREA.curated },
  { prefix: AREA.history },
  { prefix: AREA.quarantine },
  { prefix: AREA.state },
  { prefix: AREA.results, days: 7 },
  { prefix: AREA.site, days: 7 },
  { prefix: AREA.notebooks, days: 90 },
];

/**
 * What every bucket here holds to, written once: no public access, TLS 1.2+ only, kept when the
 * stack is deleted, and half-finished multipart uploads aborted after a day.
 */
const SECURE_BUCKET = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;
const ABORT_MULTIPART: s3.LifecycleRule = { id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) };

export class WarehouseStorage extends Construct {
  /** Encrypts data at rest: the warehouse and Athena results. */
  readonly key: kms.Key;
  /**
   * Encrypts messages: queues and topics. A key of its own because services that publish into
   * encrypted queues and topics (S3 notifications, CloudWatch alarms) are granted use of it in its
   * key policy, which must not widen who can decrypt the warehouse (and S3 notifications would make
   * the warehouse key's policy name the warehouse bucket: a circular dependency).
   */
  readonly messageKey: kms.Key;
  readonly warehouse: s3.Bucket;
  readonly athenaResults: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: WarehouseStorageProps) {
    super(scope, id);
    const noncurrent = props.noncurrentDays ?? 30;

    this.key = new kms.Key(this, 'Key', {
      alias: props.keyAlias,
      description: 'chitieu: encrypts the warehouse, Athena results, queues and topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    this.messageKey = new kms.Key(this, 'MessageKey', {
      alias: `${props.keyAlias}-messages`,
      description: 'chitieu: encrypts queues and topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...SECURE_BUCKET,
      // Log delivery does not support SSE-KMS targets; S3-managed keys it is.
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with an ACL, so ACLs must be usable here.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(props.accessLogDays ?? 365) }, ABORT_MULTIPART],
    });

    // The warehouse and Athena's results: encrypted with the customer key, ACLs disabled, logged.
    const encrypted = {
      ...SECURE_BUCKET,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
    };

    this.warehouse = new s3.Bucket(this, 'Warehouse', {
      ...encrypted,
      versioned: true,
      serverAccessLogsPrefix: 'warehouse/',
      lifecycleRules: [
        ABORT_MULTIPART,
        ...EXPIRING_PREFIXES.map(({ prefix, days }) => ({
          id: `old-versions-${prefix.replace(/\/$/, '')}`,
          prefix,
          noncurrentVersionExpiration: Duration.days(days ?? noncurrent),
          expiredObjectDeleteMarker: true,
        })),
      ],
    });

    this.athenaResults = new s3.Bucket(this, 'AthenaResults', {
      ...encrypted,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [{ id: 'expire-results', expiration: Duration.days(props.athenaResultsDays) }, ABORT_MULTIPART],
    });
  }

  /**
   * Read objects under each warehouse prefix ('curated/', …) and list the bucket, with the key to
   * decrypt. Exact actions, no wildcards; the object ARN needs one to name a prefix, and that
   * finding is acknowledged here, once per grantee and prefix.
   */
  grantRead(grantee: iam.IGrantable, ...prefixes: string[]): void {
    for (const p of prefixes) {
      grantObjects(grantee, this.warehouse, checkPrefix(p), ['s3:GetObject', 's3:GetObjectVersion']);
      ackPrefix(grantee, this.warehouse, p, 'read');
    }
    grantList(grantee, this.warehouse);
    this.key.grant(grantee, 'kms:Decrypt');
  }

  /** Write (put, abort multipart) under each prefix; no delete: the warehouse is append-mostly. */
  grantWrite(grantee: iam.IGrantable, ...prefixes: string[]): void {
    for (const p of prefixes) {
      grantObjects(grantee, this.warehouse, checkPrefix(p), ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
      ackPrefix(grantee, this.warehouse, p, 'write');
    }
    // S3 asks KMS for a data key on upload (once per bucket key) and decrypts it for multipart parts.
    this.key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  grantReadWrite(grantee: iam.IGrantable, ...prefixes: string[]): void {
    this.grantRead(grantee, ...prefixes);
    this.grantWrite(grantee, ...prefixes);
  }

  /** Delete under each prefix (compaction replaces small files; raw/ must never be passed here). */
  grantDelete(grantee: iam.IGrantable, ...prefixes: string[]): void {
    for (const p of prefixes) {
      if (checkPrefix(p).startsWith(AREA.raw)) throw new Error(`${AREA.raw} is never deleted: no grant`);
      grantObjects(grantee, this.warehouse, p, ['s3:DeleteObject']);
      ackPrefix(grantee, this.warehouse, p, 'delete');
    }
  }

  /** What Athena needs, as the querying principal, in the results bucket (its own prefix only). */
  grantAthenaResults(grantee: iam.IGrantable, prefix: string): void {
    grantObjects(grantee, this.athenaResults, checkPrefix(prefix), [
      's3:GetObject',
      's3:PutObject',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
    ]);
    ackPrefix(grantee, this.athenaResults, prefix, 'Athena result');
    grantList(grantee, this.athenaResults);
    this.key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /** Let an AWS service principal use the message key (e.g. CloudWatch alarms publishing to an encrypted topic). */
  allowServiceToUseMessageKey(servicePrincipal: string, why: string): void {
    this.messageKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: why.replace(/[^A-Za-z0-9]/g, ''),
        principals: [new iam.ServicePrincipal(servicePrincipal)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, '*' means this key
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }

  /** Environment variables the Lambda handlers read to build their S3Storage. */
  environment(): Record<string, string> {
    return { WAREHOUSE_BUCKET: this.warehouse.bucketName, WAREHOUSE_PREFIX: '' };
  }
}

function grantObjects(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string, actions: string[]): void {
  iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [bucket.arnForObjects(`${prefix}*`)] });
}

function grantList(grantee: iam.IGrantable, bucket: s3.IBucket): void {
  // Unconditional: without ListBucket, S3 answers 403 instead of 404 for a missing key, and
  // Storage.exists / get rely on the 404.
  iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resourceArns: [bucket.bucketArn] });
}

/** Findings already acknowledged per principal: read and write grants on one prefix share one finding. */
const acknowledged = new WeakMap<Construct, Set<string>>();

function ackPrefix(grantee: iam.IGrantable, bucket: s3.Bucket, prefix: string, what: string): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) return;
  const id = `AwsSolutions-IAM5[Resource::${nagRef(bucket)}/${prefix}*]`;
  const done = acknowledged.get(principal) ?? new Set<string>();
  acknowledged.set(principal, done);
  if (done.has(id)) return;
  done.add(id);
  acknowledge(
    principal,
    id,
    `Object access (first granted: ${what}) is limited to the ${prefix} prefix with exact actions; an S3 object ARN can only name a prefix with a trailing wildcard.`,
  );
}

function checkPrefix(p: string): string {
  if (p === '' || !p.endsWith('/') || p.startsWith('/')) throw new Error(`warehouse prefix must look like 'name/': "${p}"`);
  return p;
}
