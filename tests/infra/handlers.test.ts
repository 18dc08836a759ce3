/**
 * The thin Lambda entry points as Lambda calls them: the query API answers an HTTP API (payload
 * v2) event through hono/aws-lambda, and the digest message names the digest for people.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { digestMessage } from '../../functions/compare/lambda.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;
let queryHandler: Handler;

function httpApiEvent(method: string, path: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc.execute-api.ap-southeast-1.amazonaws.com', 'x-forwarded-for': '203.0.113.9' },
    requestContext: {
      accountId: '123456789012', apiId: 'abc', domainName: 'abc.execute-api.ap-southeast-1.amazonaws.com', domainPrefix: 'abc',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: 'r1', routeKey: 'ANY /api/{proxy+}', stage: '$default', time: '21/Nov/2026:10:00:00 +0000', timeEpoch: 0,
      authorizer: { jwt: { claims: { sub: 'analyst-1' }, scopes: [] } },
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

beforeAll(async () => {
  Object.assign(process.env, {
    WAREHOUSE_BUCKET: 'chitieu-test-warehouse',
    WAREHOUSE_PREFIX: '',
    ATHENA_WORKGROUP: 'chitieu-test',
    GLUE_DATABASE: 'chitieu_test',
    AWS_REGION: 'ap-southeast-1',
  });
  ({ handler: queryHandler } = (await import('../../functions/api/lambda.ts')) as unknown as { handler: Handler });
});

describe('query handler', () => {
  it('answers GET /api/health with the Athena engine and the S3 warehouse', async () => {
    const res = await queryHandler(httpApiEvent('GET', '/api/health'), {});
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, engine: 'athena', warehouse: 's3://chitieu-test-warehouse/' });
  });

  it('serves the catalog without touching AWS', async () => {
    const res = await queryHandler(httpApiEvent('GET', '/api/catalog'), {});
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).indicators.length).toBeGreaterThan(10);
  });

  it('keeps the API\'s bilingual error shape', async () => {
    const res = await queryHandler(httpApiEvent('POST', '/api/sql', { sql: 'DROP TABLE curated_values' }), {});
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: expect.any(String), message_vi: expect.any(String), message_en: expect.any(String) });
  });
});

describe('compare handler', () => {
  it('the digest message names the S3 object and a console link', () => {
    const m = digestMessage('wh', '', 'results/compare/2025-11/run-1/digest.html', '2025-11', 'ap-southeast-1');
    expect(m).toContain('s3://wh/results/compare/2025-11/run-1/digest.html');
    expect(m).toContain('https://ap-southeast-1.console.aws.amazon.com/s3/object/wh?region=ap-southeast-1&prefix=results%2Fcompare%2F2025-11%2Frun-1%2Fdigest.html');
    expect(m).toMatch(/^Bản tin so sánh kỳ 2025-11/);
    expect(m).not.toContain('PDF');
  });

  it('names the PDF pack too when the run wrote one', () => {
    const m = digestMessage('wh', 'env/', 'results/compare/2025-Q4/runs/r/digest.html', '2025-Q4', 'ap-southeast-1', 'results/compare/2025-Q4/runs/r/briefing.pdf');
    expect(m).toContain('s3://wh/env/results/compare/2025-Q4/runs/r/briefing.pdf');
    expect(m).toContain('prefix=env%2Fresults%2Fcompare%2F2025-Q4%2Fruns%2Fr%2Fbriefing.pdf');
  });
});
