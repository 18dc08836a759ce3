/** CDK entry point (cdk.json: "app": "npx tsx infra/app.ts"). Parameters: see infra/config.ts. */
import { buildApp } from './build-app.ts';

buildApp();
