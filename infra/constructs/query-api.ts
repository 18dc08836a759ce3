/**
 * The query API: the Hono app of functions/api/ in a Lambda behind an HTTP API. Every route needs
 * a Cognito access token (JWT authorizer; there is no unauthenticated route), the stage throttles
 * the whole API, and access logs go to CloudWatch as JSON. The explorer reaches it through
 * CloudFront at /api/* (same origin, so no CORS is configured).
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Alerts } from './alerts.ts';
import { ChitieuFunction } from './chitieu-function.ts';
import type { QueryEngine } from './query-engine.ts';
import type { WarehouseCatalog } from './warehouse-catalog.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AREA, INBOX_PREFIX, RAW_CONTENT_PREFIX, RAW_PACKS_PREFIX } from '../../functions/core/warehouse-contract/layout.ts';

export interface QueryApiProps {
  storage: WarehouseStorage;
  catalog: WarehouseCatalog;
  engine: QueryEngine;
  alerts: Alerts;
  /** Token issuer (the analysts' user pool) and the app clients whose tokens are accepted. */
  issuerUrl: string;
  clients: cognito.IUserPoolClient[];
  /** Requests per second, steady and burst, for the whole API. */
  rateLimit: number;
  burstLimit: number;
  logRetention: logs.RetentionDays;
}

export class QueryApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: ChitieuFunction;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const { storage, engine, catalog } = props;

    this.handler = new ChitieuFunction(this, 'Handler', {
      entry: 'functions/api/lambda.ts',
      description: 'chitieu: query API (named analyses, ad-hoc SQL with guardrails, catalog, notebooks)',
      memorySize: 1024,
      // HTTP APIs give an integration at most 30 s; the handler stops Athena before that.
      timeout: Duration.seconds(29),
      environment: {
        ...storage.environment(),
        ATHENA_WORKGROUP: engine.workGroupName,
        GLUE_DATABASE: catalog.databaseName,
        QUERY_TIMEOUT_MS: '25000',
      },
      // functions/queries/registry.ts reads each analysis's SQL and declaration next to itself at run time.
      copyFiles: [
          { fromDir: 'functions/queries', pattern: '*.sql' },
          { fromDir: 'functions/queries', pattern: '*.json' },
        ],
      logRetention: props.logRetention,
      noDeadLetterQueueReason: 'Invoked synchronously by API Gateway: errors are returned to the caller, there is no asynchronous event to keep.',
    });
    engine.grantQuery(this.handler.role);
    // Cost estimates read Parquet footers; extracts and digests are served; notebooks are saved.
    // raw/sha256/ and raw/packs/: the original file of a report (GET /api/raw/<sha256>), for provenance.
    storage.grantRead(this.handler.role, AREA.curated, AREA.site, AREA.results, RAW_CONTENT_PREFIX, RAW_PACKS_PREFIX);
    storage.grantReadWrite(this.handler.role, AREA.notebooks);
    // Reviews of extracted figures: the review document goes to the inbox (the ingest Lambda
    // stores it as the report's next revision); the record of who decided what under reviews/.
    storage.grantWrite(this.handler.role, INBOX_PREFIX);
    storage.grantReadWrite(this.handler.role, AREA.reviews);

    this.httpApi = new apigw.HttpApi(this, 'Api', {
      description: 'chitieu query API (Cognito JWT on every route)',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            user: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const authorizer = new HttpJwtAuthorizer('CognitoAnalysts', props.issuerUrl, {
      jwtAudience: props.clients.map((c) => c.userPoolClientId),
    });
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Handler', this.handler.function),
      authorizer,
    });

    props.alerts.alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'Lỗi API truy vấn / the query API function failed',
      metric: this.handler.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** Host name of the API's default endpoint (the CloudFront origin). */
  get originDomain(): string {
    return `${this.httpApi.apiId}.execute-api.${this.httpApi.env.region}.${Aws.URL_SUFFIX}`;
  }
}
