/**
 * The explorer in AWS: the built static app in its own bucket, served by CloudFront through an
 * origin access control (the bucket stays private), with
 * - `/api/*` routed to the query API (same origin: the browser sends its Cognito token there and
 *   nothing is cached: the cache key includes Authorization and TTLs are zero),
 * - `/data/*` served from the warehouse's `site/data/` (the extracts the comparison job refreshes);
 *   CloudFront may read that prefix and nothing else of the warehouse,
 * - security headers on every response, including a Content-Security-Policy that allows only the
 *   site itself and the sign-in domain,
 * - HTTPS only, HTTP/2 and 3, standard logs, and a geographic allow-list.
 * `explorer/dist` is deployed when it has been built; otherwise a placeholder page is, so the stack
 * synthesizes and deploys from a clean clone. `/config.json` tells the app where to sign in.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.ts';
import { REPO_ROOT } from './chitieu-function.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';
import { AREA, SITE_DATA_PREFIX } from '../../functions/core/warehouse-contract/layout.ts';

export interface ExplorerSiteProps {
  storage: WarehouseStorage;
  /** Host name of the query API's endpoint; omitted = no /api/* route. */
  apiDomain?: string;
  /** Origins the page may call besides itself (the sign-in domain). */
  connectOrigins?: string[];
  /** Countries allowed (ISO alpha-2); empty = all. */
  geoAllow: string[];
  /** Built app, relative to the repository root. Default explorer/dist. */
  distDir?: string;
  /** Served as /config.json (may contain deploy-time values). */
  runtimeConfig?: Record<string, unknown>;
}

const PLACEHOLDER = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>chitieu</title>
<p>Trang khám phá chưa được build: chạy <code>npm run build</code> trong explorer/ rồi triển khai lại.</p>
<p lang="en">The explorer has not been built: run the explorer build, then deploy again.</p></html>`;

export class ExplorerSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  readonly deployment: s3deploy.BucketDeployment;
  /** Whether explorer/dist existed at synth time. */
  readonly deployedBuild: boolean;

  constructor(scope: Construct, id: string, props: ExplorerSiteProps) {
    super(scope, id);
    const { storage } = props;
    const stack = Stack.of(this);

    this.bucket = new s3.Bucket(this, 'Site', {
      // Holds only the public app's files; the data it shows is in the warehouse.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: storage.accessLogs,
      serverAccessLogsPrefix: 'site-bucket/',
      lifecycleRules: [{ id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const connect = ["'self'", ...(props.connectOrigins ?? [])].join(' ');
    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'chitieu: CSP, HSTS, no framing, no sniffing, strict referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            // WebAssembly may compile; no inline or third-party scripts. 'unsafe-eval' because
            // Arquero compiles the transform cells' string expressions into functions (the
            // explorer checks those expressions against a whitelist before Arquero sees them).
            "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
            // Observable Plot writes style attributes on the SVG it renders.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            `connect-src ${connect}`,
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            'upgrade-insecure-requests',
          ].join('; '),
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // The warehouse origin: a reference by attributes, so CDK does not widen the warehouse's bucket
    // policy to every object; the narrow statement is added below.
    const warehouseRef = s3.Bucket.fromBucketAttributes(this, 'WarehouseRef', {
      bucketArn: storage.warehouse.bucketArn,
      bucketRegionalDomainName: storage.warehouse.bucketRegionalDomainName,
    });
    const dataOac = new cloudfront.S3OriginAccessControl(this, 'DataAccess', {
      description: 'chitieu: CloudFront reads site/data/ of the warehouse',
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });

    // Extracts are replaced in place (same names, new manifest) when the comparison runs: edges keep
    // them 5 minutes unless the object says otherwise, so a refresh shows up within minutes.
    const dataCache = new cloudfront.CachePolicy(this, 'DataCache', {
      comment: 'chitieu extracts: short default TTL (replaced in place by the comparison job)',
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {
      '/data/*': {
        origin: origins.S3BucketOrigin.withOriginAccessControl(warehouseRef, { originAccessControl: dataOac, originPath: `/${AREA.site.slice(0, -1)}` }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: dataCache,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
    };
    if (props.apiDomain) {
      const apiCache = new cloudfront.CachePolicy(this, 'ApiNoCache', {
        comment: 'chitieu API: never cached; Authorization in the key so it reaches the origin',
        defaultTtl: Duration.seconds(0),
        minTtl: Duration.seconds(0),
        maxTtl: Duration.seconds(1),
        headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
      additionalBehaviors['/api/*'] = {
        origin: new origins.HttpOrigin(props.apiDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: apiCache,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeaders,
      };
    }

    const cdn = (this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'chitieu explorer',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
      additionalBehaviors,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: storage.accessLogs,
      logFilePrefix: 'cloudfront/',
      geoRestriction: props.geoAllow.length ? cloudfront.GeoRestriction.allowlist(...props.geoAllow) : undefined,
    }));
    // Only the origin that warned (the warehouse one) is acknowledged.
    const warned = cdn.node.children.filter((c) =>
      c.node.metadata.some((m) => m.type === 'aws:cdk:warning' && String(m.data).includes('updateImportedBucketPolicyOac')),
    );
    for (const origin of warned) {
      acknowledge(
        origin,
        '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
        'Intended: the warehouse is referenced by attributes so CDK does not grant CloudFront every object; the statement allowing only site/data/* is added to the warehouse bucket policy below.',
      );
    }

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: the site is static, every API route needs a Cognito token, the API stage throttles, and access is geo-restricted. A web ACL (US$5+/month, must live in us-east-1) can be attached later without changing this stack.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot set a minimum TLS version; CloudFront negotiates TLS 1.2+ with current browsers. A custom domain with an ACM certificate (TLSv1.2_2021) is the fix when the procuracy assigns a domain name.',
    );

    storage.warehouse.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsExplorerExtracts',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [storage.warehouse.arnForObjects(`${SITE_DATA_PREFIX}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } },
      }),
    );
    // The key policy cannot name the distribution (the key would depend on it, and it on the key's
    // bucket), so it names this account's distributions; the bucket policy above is the narrow gate.
    storage.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontDecryptsExplorerExtracts',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringLike: { 'AWS:SourceArn': `arn:${stack.partition}:cloudfront::${stack.account}:distribution/*` } },
      }),
    );

    const dist = join(REPO_ROOT, props.distDir ?? 'explorer/dist');
    this.deployedBuild = existsSync(join(dist, 'index.html'));
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        this.deployedBuild ? s3deploy.Source.asset(dist) : s3deploy.Source.data('index.html', PLACEHOLDER),
        s3deploy.Source.jsonData('config.json', props.runtimeConfig ?? {}),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      prune: true,
    });
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
