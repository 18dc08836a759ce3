/**
 * Builds the CDK app: reads the context parameters, creates the stack, and registers the cdk-nag
 * packs (AWS Solutions and Serverless) as validation plugins, so `cdk synth` fails on any finding
 * that has not been acknowledged with a reason (see infra/nag/acknowledgements.ts).
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ChitieuStack } from './chitieu-stack.ts';
import { readConfig } from './config.ts';

export interface BuiltApp {
  app: App;
  stack: ChitieuStack;
}

export function buildApp(props: AppProps = {}, options: { includeMissingCores?: boolean; nag?: boolean } = {}): BuiltApp {
  const app = new App(props);
  const config = readConfig(app.node);
  const stack = new ChitieuStack(app, `chitieu-${config.stage}`, {
    config,
    env: { region: config.region, account: process.env.CDK_DEFAULT_ACCOUNT },
    description: `chitieu (${config.stage}): VKSND work-report analytics — S3 warehouse, Glue/Athena, ingest and query Lambdas, explorer`,
    includeMissingCores: options.includeMissingCores,
    terminationProtection: config.stage === 'prod',
  });
  if (options.nag !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return { app, stack };
}
