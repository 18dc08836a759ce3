/**
 * Child process of the harness: the local server (`startServer`, what `chitieu serve` runs) on a
 * free loopback port, quiet. Prints one JSON line {"url": …} when it listens, and stops on SIGTERM.
 * Usage: node bin/run-ts.js bench/child/serve.ts <warehouse> [explorer dist dir]
 * With a dist dir it serves the explorer built into the harness's own folder, leaving
 * explorer/dist alone.
 */
import { resolve } from 'node:path';
import { startServer } from '../../functions/cli/commands/serve.ts';

const [warehouse, dist] = process.argv.slice(2);
// The load test's clients stand for analysts behind a proxy, each named by X-Forwarded-For.
const s = await startServer(warehouse, 0, { quiet: true, trustForwardedFor: true, explorerDir: dist ? resolve(dist) : undefined });
process.stdout.write(JSON.stringify({ url: s.url }) + '\n');
process.on('SIGTERM', () => { void s.close().then(() => process.exit(0)); });
