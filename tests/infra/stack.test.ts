/**
 * Assertions on the synthesized template: storage defaults, the Glue tables derived from
 * data-schemas/ with partition projection, the Athena workgroup, the ingest wiring, the API's
 * authorizer, the explorer's origin access control and headers, functions and schedules.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import tables from '../../data-schemas/tables.json' with { type: 'json' };
import { glueColumns, glueTableName, curatedTableNames } from '../../infra/catalog/glue-schema.ts';
import { REPO_ROOT } from '../../infra/constructs/chitieu-function.ts';
import { synthStack, TEST_CONTEXT } from './synth.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> }>;
let template: Template;
let resources: Resources;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (pattern: RegExp, type: string) => {
  const found = ofType(type).filter(([id]) => pattern.test(id));
  expect(found, `${type} matching ${pattern}`).toHaveLength(1);
  return found[0][0];
};

beforeAll(() => {
  ({ template } = synthStack({}, { nag: false }));
  resources = template.toJSON().Resources as Resources;
});

describe('storage', () => {
  it('encrypts with rotating customer keys', () => {
    const keys = ofType('AWS::KMS::Key');
    expect(keys).toHaveLength(2);
    for (const [, k] of keys) expect(k.Properties.EnableKeyRotation).toBe(true);
  });

  it('warehouse: SSE-KMS, versioned, private, logged, lifecycle rules', () => {
    const wh = resources[logicalIdOf(/^StorageWarehouse[0-9A-F]{8}$/, 'AWS::S3::Bucket')].Properties;
    expect(wh.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() },
      BucketKeyEnabled: true,
    });
    expect(wh.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(wh.LoggingConfiguration.DestinationBucketName).toBeDefined();
    const rules = wh.LifecycleConfiguration.Rules as any[];
    expect(rules.find((r) => r.Id === 'abort-multipart').AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 1 });
    // raw/ keeps every version forever; other prefixes drop old versions.
    expect(rules.some((r) => r.Prefix?.startsWith('raw'))).toBe(false);
    expect(rules.find((r) => r.Prefix === 'curated/').NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30 });
  });

  it('every bucket blocks public access and denies plain HTTP', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(5);
    for (const [, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
    }
    for (const [id] of buckets) {
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === id);
      expect(policy, `policy of ${id}`).toBeDefined();
      const statements = policy![1].Properties.PolicyDocument.Statement as any[];
      expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
      expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2)).toBe(true);
    }
  });

  it('Athena results expire; queues and topics are encrypted and TLS-only', () => {
    const results = resources[logicalIdOf(/^StorageAthenaResults/, 'AWS::S3::Bucket')].Properties;
    expect(results.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Id: 'expire-results', ExpirationInDays: 30 }));
    for (const [, q] of ofType('AWS::SQS::Queue')) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, t] of ofType('AWS::SNS::Topic')) expect(t.Properties.KmsMasterKeyId).toBeDefined();
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: TEST_CONTEXT.alarmEmail });
  });
});

describe('catalog', () => {
  it('creates one Glue table per tables.json entry, columns derived from the schema', () => {
    for (const table of curatedTableNames()) {
      const name = glueTableName(table);
      const [, t] = ofType('AWS::Glue::Table').find(([, r]) => r.Properties.TableInput.Name === name)!;
      const input = t.Properties.TableInput;
      expect(input.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type])).toEqual(glueColumns(table).map((c) => [c.name, c.type]));
      expect(input.PartitionKeys.map((c: any) => [c.Name, c.Type])).toEqual([['stat_year', 'int'], ['period_type', 'string']]);
      expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
      expect(input.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    }
    // Spot-check the mapping of every logical type.
    const values = glueColumns('values');
    expect(values.find((c) => c.name === 'period_start')?.type).toBe('date');
    expect(values.find((c) => c.name === 'submitted_at')?.type).toBe('timestamp');
    expect(values.find((c) => c.name === 'synthetic')?.type).toBe('boolean');
    expect(values.find((c) => c.name === 'span_start')?.type).toBe('int');
    expect(values.find((c) => c.name === 'value')?.type).toBe('double');
    expect(values).toHaveLength(tables.tables.values.columns.length);
  });

  it('projects partitions from tables.json (no crawler, no MSCK REPAIR)', () => {
    const [, t] = ofType('AWS::Glue::Table').find(([, r]) => r.Properties.TableInput.Name === 'curated_values')!;
    const params = t.Properties.TableInput.Parameters;
    expect(params).toMatchObject({
      'projection.enabled': 'true',
      'projection.stat_year.type': 'integer',
      'projection.stat_year.range': '2000,2100',
      'projection.period_type.type': 'enum',
      'projection.period_type.values': 'month,quarter,half,nine_months,year',
      classification: 'parquet',
    });
    const template = JSON.stringify(params['storage.location.template']);
    expect(template).toContain('/curated/values/stat_year=${stat_year}/period_type=${period_type}');
  });

  it('reference tables read JSON Lines from their own bucket', () => {
    for (const name of ['units', 'indicators', 'indicator_targets', 'calendar_months', 'calendar_periods']) {
      const [, t] = ofType('AWS::Glue::Table').find(([, r]) => r.Properties.TableInput.Name === name)!;
      expect(t.Properties.TableInput.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    }
  });
});

describe('athena (cdk-nag has no Athena rules: these are ours)', () => {
  it('every workgroup: engine v3, enforced, scan cutoff, KMS-encrypted results, metrics', () => {
    const groups = ofType('AWS::Athena::WorkGroup');
    expect(groups).toHaveLength(1);
    for (const [, g] of groups) {
      const c = g.Properties.WorkGroupConfiguration;
      expect(c.EnforceWorkGroupConfiguration).toBe(true);
      expect(c.EngineVersion.SelectedEngineVersion).toBe('Athena engine version 3');
      expect(c.BytesScannedCutoffPerQuery).toBe(TEST_CONTEXT.scanCutoffBytes);
      expect(c.PublishCloudWatchMetricsEnabled).toBe(true);
      expect(c.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
      expect(c.ResultConfiguration.EncryptionConfiguration.KmsKey).toBeDefined();
      expect(JSON.stringify(c.ResultConfiguration.OutputLocation)).toContain('StorageAthenaResults');
      expect(g.Properties.State).toBe('ENABLED');
    }
  });

  it('registers every named analysis of functions/queries as a named query in the workgroup', () => {
    const files = readdirSync(join(REPO_ROOT, 'functions/queries')).filter((f) => f.endsWith('.sql'));
    const named = ofType('AWS::Athena::NamedQuery');
    expect(named.map(([, q]) => q.Properties.Name).sort()).toEqual(files.map((f) => `chitieu-${f.slice(0, -4)}`).sort());
    const wg = logicalIdOf(/^AthenaWorkGroup/, 'AWS::Athena::WorkGroup');
    for (const [, q] of named) expect(q.Properties.WorkGroup).toEqual({ Ref: wg });
  });

  it('creates the published views at deploy time, in dependency order', () => {
    const [, views] = ofType('Custom::AthenaViews')[0];
    const names: string[] = views.Properties.Views;
    expect(names).toEqual(expect.arrayContaining(['current_values', 'current_reports', 'all_values']));
    expect(names.indexOf('current_reports')).toBeLessThan(names.indexOf('current_values'));
    for (const s of views.Properties.Statements) expect(s).toMatch(/^CREATE OR REPLACE VIEW "chitieu_test"\."\w+" AS\n(SELECT|WITH)/i);
  });

  it('alarms on the bytes the workgroup scans per day', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Athena', MetricName: 'ProcessedBytes', Period: 86400, Statistic: 'Sum',
      Dimensions: [{ Name: 'WorkGroup', Value: 'chitieu-test' }],
    });
  });
});

describe('ingest wiring', () => {
  it('S3 ObjectCreated under raw/inbox/ → SQS → Lambda with partial batch failures', () => {
    const queue = logicalIdOf(/^IngestQueue[0-9A-F]{8}$/, 'AWS::SQS::Queue');
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [{
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/inbox/' }] } },
          QueueArn: { 'Fn::GetAtt': [queue, 'Arn'] },
        }],
      },
    });
    const fn = logicalIdOf(/^IngestHandlerFunction/, 'AWS::Lambda::Function');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionName: { Ref: fn },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('dead-letter queue after 5 receives, with an alarm', () => {
    const dlq = logicalIdOf(/^IngestDeadLetters/, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 1800,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
  });

  it('grants the ingest only the prefixes it writes, and no delete', () => {
    const policy = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith('IngestHandlerRole'))![1];
    const actions = (policy.Properties.PolicyDocument.Statement as any[]).flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('s3:DeleteObject');
    expect(actions.some((a: string) => a.endsWith('*') && a.startsWith('s3:'))).toBe(false);
    const objectResources = JSON.stringify(policy.Properties.PolicyDocument);
    for (const p of ['raw/*', 'curated/*', 'quarantine/*', 'state/*']) expect(objectResources).toContain(`/${p}`);
    expect(objectResources).not.toContain('/notebooks/*');
  });

  it('lets the query API read the originals of reports, one by one and in bulk packs, and not the rest of raw/', () => {
    const policy = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith('QueryApiHandlerRole'))![1];
    const objectResources = JSON.stringify(policy.Properties.PolicyDocument);
    for (const p of ['raw/sha256/*', 'raw/packs/*']) expect(objectResources).toContain(`/${p}`);
    expect(objectResources).not.toContain('/raw/*');
  });
});

describe('functions and schedules', () => {
  it('Node 22 on arm64, JSON logs, tracing, retention', () => {
    const ours = ofType('AWS::Lambda::Function').filter(([, f]) => f.Properties.Runtime?.startsWith('nodejs') && !('Layers' in f.Properties));
    expect(ours.length).toBeGreaterThanOrEqual(5);
    for (const [, f] of ours) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
      expect(f.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' });
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
    for (const [, g] of ofType('AWS::Logs::LogGroup')) expect(g.Properties.RetentionInDays).toBe(90);
  });

  it('compare and compaction run on the scheduled parameters, in Vietnam time, with a DLQ', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: TEST_CONTEXT.compareSchedule,
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) }),
    });
    // One comparison schedule per period type, each passing its type, all invoking the one function.
    const compare = ofType('AWS::Scheduler::Schedule').filter(([id]) => id.startsWith('Compare'));
    expect(compare.length).toBe(5);
    const inputs = compare.map(([, r]) => JSON.parse(r.Properties.Target.Input));
    expect(inputs.map((i) => i.periodType).sort()).toEqual(['half', 'month', 'nine_months', 'quarter', 'year']);
    for (const i of inputs) expect(i.period).toBe('latest');
    expect(new Set(compare.map(([, r]) => JSON.stringify(r.Properties.Target.Arn))).size).toBe(1);
    const byType = Object.fromEntries(compare.map(([, r]) => [JSON.parse(r.Properties.Target.Input).periodType, r.Properties.ScheduleExpression]));
    expect(byType.quarter).toBe('cron(20 5 12 3,6,9,12 ? *)');
    expect(byType.year).toBe('cron(20 6 12 12 ? *)');
    for (const [, r] of compare) expect(r.Properties.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: TEST_CONTEXT.compactSchedule });
  });
});

describe('query API', () => {
  it('every route needs a Cognito JWT; the stage throttles and logs', () => {
    const authorizer = logicalIdOf(/^QueryApi.*Cognito/, 'AWS::ApiGatewayV2::Authorizer');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    expect(JSON.stringify(resources[authorizer].Properties.JwtConfiguration.Issuer)).toContain('cognito-idp');
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThan(0);
    for (const [, r] of routes) {
      expect(r.Properties.AuthorizationType).toBe('JWT');
      expect(r.Properties.AuthorizerId).toEqual({ Ref: authorizer });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('analysts are invited, never sign themselves up, and need MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      EnableTokenRevocation: true,
    });
  });
});

describe('explorer site', () => {
  it('private buckets behind origin access control; /api/* to the API, /data/* to site/data/', () => {
    const oacs = ofType('AWS::CloudFront::OriginAccessControl');
    expect(oacs).toHaveLength(2);
    for (const [, o] of oacs) expect(o.Properties.OriginAccessControlConfig).toMatchObject({ SigningBehavior: 'always', SigningProtocol: 'sigv4', OriginAccessControlOriginType: 's3' });
    const [, dist] = ofType('AWS::CloudFront::Distribution')[0];
    const cfg = dist.Properties.DistributionConfig;
    for (const o of cfg.Origins.filter((o: any) => o.S3OriginConfig)) {
      expect(o.OriginAccessControlId).toBeDefined();
      expect(o.S3OriginConfig.OriginAccessIdentity).toBe('');
    }
    const api = cfg.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    const apiOrigin = cfg.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(api.AllowedMethods).toContain('POST');
    const data = cfg.CacheBehaviors.find((b: any) => b.PathPattern === '/data/*');
    expect(cfg.Origins.find((o: any) => o.Id === data.TargetOriginId).OriginPath).toBe('/site');
    expect(cfg.Restrictions.GeoRestriction).toEqual({ Locations: ['VN'], RestrictionType: 'whitelist' });
    expect(cfg.Logging).toBeDefined();
    // CloudFront may read the warehouse's site/data/ and nothing else of it.
    const grants = ofType('AWS::S3::BucketPolicy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
      .filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com' && JSON.stringify(s.Resource).includes('StorageWarehouse'));
    expect(grants).toHaveLength(1);
    expect(JSON.stringify(grants[0].Resource)).toContain('/site/data/*');
  });

  it('security headers on every behavior, with a strict Content-Security-Policy', () => {
    const headersId = logicalIdOf(/SecurityHeaders/, 'AWS::CloudFront::ResponseHeadersPolicy');
    const [, dist] = ofType('AWS::CloudFront::Distribution')[0];
    const cfg = dist.Properties.DistributionConfig;
    for (const b of [cfg.DefaultCacheBehavior, ...cfg.CacheBehaviors]) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
      expect(['redirect-to-https', 'https-only']).toContain(b.ViewerProtocolPolicy);
    }
    const sec = resources[headersId].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp: string = JSON.stringify(sec.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const d of ["default-src 'self'", "script-src 'self' 'unsafe-eval'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"]) expect(csp).toContain(d);
    // eval only for Arquero's expressions (see explorer-site.ts); never inline scripts
    expect(csp).toMatch(/script-src [^;]*'self'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(sec.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(sec.FrameOptions.FrameOption).toBe('DENY');
    expect(sec.ContentTypeOptions).toBeDefined();
  });

  it('deploys the explorer (or a placeholder) with its runtime config and invalidates the cache', () => {
    const deployments = ofType('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const site = deployments.find(([id]) => id.startsWith('ExplorerDeploy'))![1];
    expect(site.Properties.DistributionPaths).toEqual(['/*']);
    expect(site.Properties.SourceObjectKeys).toHaveLength(2);
  });
});
