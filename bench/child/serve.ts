/**
 * Child process of the harness: the local server on a free loopback port, quiet. Prints one
 * JSON line {"url": …} when it listens, and stops on SIGTERM.
 * Usage: node bin/run-ts.js bench/child/serve.ts <warehouse> [explorer dist dir]
 *
 * Without a dist dir this is exactly `startServer` (what `chitieu serve` runs). With one, the
 * same parts (DuckDB engine, API app, footer estimator, /data/ extracts) are put together here
 * to serve an explorer built into the harness's own folder, leaving explorer/dist alone.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { startServer } from '../../functions/cli/commands/serve.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { createApp } from '../../functions/api/app.ts';
import { createFooterEstimator } from '../../functions/adapters/parquet-footer.ts';

const [warehouse, dist] = process.argv.slice(2);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
  '.arrow': 'application/vnd.apache.arrow.file', '.parquet': 'application/vnd.apache.parquet',
};

function staticFiles(app: Hono, prefix: string, root: string, fallback?: string): void {
  app.get(`${prefix}*`, async (c) => {
    const rel = decodeURIComponent(c.req.path.slice(prefix.length)) || 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) && file !== root) return c.notFound();
    let path = file;
    if (!existsSync(path) || !extname(path)) {
      if (!fallback) return c.notFound();
      path = join(root, fallback);
    }
    return c.body(await readFile(path), 200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  });
}

let close: () => Promise<void>;
let url: string;
if (!dist) {
  // The load test's clients stand for analysts behind a proxy, each named by X-Forwarded-For.
  const s = await startServer(warehouse, 0, { quiet: true, trustForwardedFor: true });
  url = s.url;
  close = s.close;
} else {
  const engine = await DuckDbEngine.open(warehouse);
  const storage = new FsStorage(warehouse);
  const app = createApp({ engine, storage, estimator: createFooterEstimator(storage), log: () => {} });
  staticFiles(app, '/data/', join(resolve(warehouse), 'site', 'data'));
  staticFiles(app, '/', resolve(dist), 'index.html');
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/`;
  close = () => new Promise((ok) => server.close(() => { void engine.close().then(() => ok()); }));
}
process.stdout.write(JSON.stringify({ url }) + '\n');
process.on('SIGTERM', () => { void close().then(() => process.exit(0)); });
