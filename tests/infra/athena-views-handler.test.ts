/**
 * The views custom resource: statements run in order and each is waited for; a statement Athena
 * rejects fails the deployment with Athena's reason; Delete drops views in reverse order and never
 * wedges a stack deletion; Update drops views that left the list. CloudFormation's response URL is
 * a local HTTP server; Athena is aws-sdk-client-mock with the SDK's real response shapes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleEvent } from '../../infra/custom-resources/athena-views.ts';

const athena = mockClient(AthenaClient);
let server: Server;
let url: string;
let responses: Record<string, unknown>[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      responses.push({ method: req.method, ...JSON.parse(body) });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  athena.reset();
  responses = [];
  vi.useRealTimers();
});

const props = { WorkGroup: 'chitieu-test', Database: 'chitieu_test', Views: ['a', 'b'], Statements: ['CREATE OR REPLACE VIEW a AS SELECT 1', 'CREATE OR REPLACE VIEW b AS SELECT * FROM a'] };
const event = (type: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}) => ({
  RequestType: type, ResponseURL: url, StackId: 'stack', RequestId: 'req', LogicalResourceId: 'Views', ResourceProperties: props, ...extra,
}) as Parameters<typeof handleEvent>[0];

function started(): string[] {
  return athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString!);
}

describe('athena views custom resource', () => {
  it('Create runs each statement in the workgroup and database, in order, and reports success', async () => {
    let n = 0;
    athena.on(StartQueryExecutionCommand).callsFake(() => ({ QueryExecutionId: `q${++n}` }));
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    await handleEvent(event('Create'), new AthenaClient({}));
    expect(started()).toEqual(props.Statements);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toMatchObject({ WorkGroup: 'chitieu-test', QueryExecutionContext: { Database: 'chitieu_test' } });
    expect(responses).toEqual([expect.objectContaining({ method: 'PUT', Status: 'SUCCESS', PhysicalResourceId: 'chitieu_test.views', RequestId: 'req' })]);
  });

  it('waits while a statement runs, and fails the deployment with Athena\'s reason', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: "line 1:8: Column 'x' cannot be resolved" } } });
    await handleEvent(event('Create'), new AthenaClient({}));
    expect(started()).toHaveLength(1);
    expect(responses[0]).toMatchObject({ Status: 'FAILED' });
    expect(String(responses[0].Reason)).toContain("Column 'x' cannot be resolved");
  });

  it('Update drops views that left the list; Delete drops all in reverse and never blocks', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    await handleEvent(event('Update', { PhysicalResourceId: 'chitieu_test.views', OldResourceProperties: { ...props, Views: ['a', 'b', 'old'] } }), new AthenaClient({}));
    expect(started().at(-1)).toBe('DROP VIEW IF EXISTS "chitieu_test"."old"');

    athena.reset();
    athena.on(StartQueryExecutionCommand).rejects(new Error('AccessDenied'));
    responses = [];
    await handleEvent(event('Delete', { PhysicalResourceId: 'chitieu_test.views' }), new AthenaClient({}));
    expect(started()).toEqual(['DROP VIEW IF EXISTS "chitieu_test"."b"']);
    expect(responses[0]).toMatchObject({ Status: 'SUCCESS' });
  });
});
