#!/usr/bin/env node
// The `chitieu` command. TypeScript sources are loaded through tsx (no build step after `npm ci`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
