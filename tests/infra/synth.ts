/**
 * Test helper: the stack synthesized without bundling (CDK's own switch, `aws:cdk:bundling-stacks`
 * = []), so assertions run in seconds; tests/infra/bundled-synth.test.ts does one real bundling.
 */
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { buildApp, type BuiltApp } from '../../infra/build-app.ts';

export const TEST_CONTEXT = {
  stage: 'test',
  region: 'ap-southeast-1',
  alarmEmail: 'canhbao@example.vn',
  scanCutoffBytes: 5 * 1024 ** 3,
  compareSchedule: 'cron(30 7 4 * ? *)',
  compactSchedule: 'cron(0 3 ? * SAT *)',
  geoAllow: 'VN',
};

export function synthStack(extra: Record<string, unknown> = {}, opts: { nag?: boolean; bundle?: boolean; cfnValidation?: boolean; outdir?: string } = {}): BuiltApp & { template: Template } {
  const built = buildApp(
    {
      // cdk.json's context (feature flags and defaults) as the CLI would pass it, then the test's.
      context: { ...cdkJson.context, ...TEST_CONTEXT, ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...extra },
      builtinCloudFormationValidation: opts.cfnValidation ?? false,
      outdir: opts.outdir,
    },
    { includeMissingCores: !opts.bundle, nag: opts.nag },
  );
  built.app.synth();
  return { ...built, template: Template.fromStack(built.stack) };
}
