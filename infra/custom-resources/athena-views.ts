/**
 * CloudFormation custom resource (Lambda-backed, no provider framework): creates the published
 * Athena views in order on Create/Update, drops views that left the list on Update, and drops all
 * of them on Delete. Each statement runs in the stack's workgroup and is waited for, so a view
 * whose SQL Athena rejects fails the deployment with Athena's own reason.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';

interface CfnEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: ViewProps;
  OldResourceProperties?: ViewProps;
}

interface ViewProps {
  WorkGroup: string;
  Database: string;
  Views: string[];
  Statements: string[];
}

const athena = new AthenaClient({});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStatement(client: AthenaClient, workGroup: string, database: string, sql: string): Promise<void> {
  const { QueryExecutionId } = await client.send(
    new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workGroup, QueryExecutionContext: { Database: database } }),
  );
  for (let wait = 250; ; wait = Math.min(wait * 1.5, 5000)) {
    await sleep(wait);
    const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') return;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(`${state}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'} — in: ${sql.slice(0, 200)}`);
    }
  }
}

function dropStatement(database: string, view: string): string {
  return `DROP VIEW IF EXISTS "${database}"."${view}"`;
}

async function respond(event: CfnEvent, status: 'SUCCESS' | 'FAILED', reason?: string): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: (reason ?? 'see CloudWatch logs').slice(0, 3000),
    PhysicalResourceId: event.PhysicalResourceId ?? `${event.ResourceProperties.Database}.views`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const res = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!res.ok) throw new Error(`CloudFormation response rejected: ${res.status}`);
}

export const handler = (event: CfnEvent): Promise<void> => handleEvent(event, athena);

export async function handleEvent(event: CfnEvent, client: AthenaClient): Promise<void> {
  const p = event.ResourceProperties;
  try {
    if (event.RequestType === 'Delete') {
      // Dependents first: the reverse of creation order.
      for (const v of [...p.Views].reverse()) await runStatement(client, p.WorkGroup, p.Database, dropStatement(p.Database, v));
    } else {
      for (const sql of p.Statements) await runStatement(client, p.WorkGroup, p.Database, sql);
      const gone = (event.OldResourceProperties?.Views ?? []).filter((v) => !p.Views.includes(v));
      for (const v of gone.reverse()) await runStatement(client, p.WorkGroup, p.Database, dropStatement(p.Database, v));
    }
    console.log(JSON.stringify({ message: 'views done', requestType: event.RequestType, views: p.Views }));
    await respond(event, 'SUCCESS', 'views up to date');
  } catch (err) {
    console.error(JSON.stringify({ message: 'views failed', requestType: event.RequestType, error: String(err) }));
    // A failed drop must not wedge a stack deletion: views without their tables are harmless.
    await respond(event, event.RequestType === 'Delete' ? 'SUCCESS' : 'FAILED', String(err));
  }
}
