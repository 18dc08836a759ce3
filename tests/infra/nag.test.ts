/**
 * cdk-nag (AWS Solutions and Serverless packs, v3 validation plugins): the app synthesizes only
 * when every finding is fixed or acknowledged; each acknowledgement names one finding on one
 * construct (never the stack or app) and gives a reason.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../infra/build-app.ts';
import { synthStack } from './synth.ts';

let built: BuiltApp;

interface Ack {
  path: string;
  id: string;
  reason: string;
}

/** Ours: cdk-nag findings and CDK warnings we acknowledge (aws-cdk-lib records some of its own). */
const OURS = /^(Annotation::)?(AwsSolutions-|Serverless-|@aws-cdk\/)/;

function acknowledgements(root: IConstruct): Ack[] {
  const all = root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
  return all.filter((a) => OURS.test(a.id));
}

/** The list for the deployment notes: `npx vitest run tests/infra/nag.test.ts` with NAG_LIST=1. */
export function formatAcknowledgements(acks: Ack[]): string {
  return acks.map((a) => `- \`${a.id.replace(/^Annotation::/, '')}\` on \`${a.path}\`: ${a.reason}`).join('\n');
}

beforeAll(() => {
  // Synthesis itself fails if either pack, or CDK's built-in CloudFormation validation (circular
  // dependencies, property patterns), reports an unacknowledged finding.
  built = synthStack({}, { nag: true, cfnValidation: true });
}, 120_000);

describe('cdk-nag', () => {
  it('AwsSolutions: zero unacknowledged findings', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stack);
    expect(report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('Serverless: zero unacknowledged findings', () => {
    const report = new ServerlessChecks().validateScope(built.stack);
    expect(report.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledgements are scoped to one construct and one finding, with a reason', () => {
    const acks = acknowledgements(built.app);
    expect(acks.length).toBeGreaterThan(10);
    if (process.env.NAG_LIST) console.log(formatAcknowledgements(acks));
    const seen = new Set<string>();
    for (const a of acks) {
      const node = built.app.node.findChild(a.path.split('/')[0]);
      expect(node, a.path).toBeDefined();
      // Never the app or a whole stack.
      expect(a.path.includes('/'), `acknowledged on a stack: ${a.path} ${a.id}`).toBe(true);
      expect(Stack.isStack(built.app.node.findAll().find((c) => c.node.path === a.path))).toBe(false);
      // One finding: IAM4/IAM5 name their finding in brackets.
      if (/IAM[45]$/.test(a.id)) throw new Error(`bare ${a.id} on ${a.path}`);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(40);
      const key = `${a.path}|${a.id}`;
      expect(seen.has(key), `duplicate ${key}`).toBe(false);
      seen.add(key);
    }
  });

  it('leaves no unacknowledged CDK warnings', () => {
    expect(Annotations.fromStack(built.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
