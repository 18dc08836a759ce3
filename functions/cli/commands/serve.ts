/**
 * `chitieu serve`: the local server — the query API (functions/api/app.ts) on the DuckDB engine,
 * the built explorer at /, and the explorer's data extracts at /data/.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { LiveDuckDbEngine } from '../../adapters/engine/duckdb-live.ts';
import { FsStorage } from '../../adapters/storage/fs.ts';
import { createApp } from '../../api/app.ts';
import { checkLocalRequest } from '../../api/local-guard.ts';
import { createFooterEstimator } from '../../adapters/parquet/footer.ts';
import { warehouseDir } from '../context.ts';
import { sharedViews } from '../../queries/views.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const EXPLORER_DIST = join(here, '../../../explorer/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
  '.arrow': 'application/vnd.apache.arrow.file', '.parquet': 'application/vnd.apache.parquet', '.ico': 'image/x-icon',
};

/** Serves files under `root` for paths under `prefix`, refusing anything that climbs out. */
function staticFiles(app: Hono, prefix: string, root: string, fallback?: string): void {
  app.get(`${prefix}*`, async (c) => {
    const rel = decodeURIComponent(c.req.path.slice(prefix.length)) || 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) && file !== root) return c.notFound();
    let path = file;
    if (!existsSync(path) || !extname(path)) {
      if (!fallback) return c.notFound();
      path = join(root, fallback);
      if (!existsSync(path)) return c.notFound();
    }
    const body = await readFile(path);
    return c.body(body, 200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  engine: LiveDuckDbEngine;
}

export interface ServerOptions {
  quiet?: boolean;
  host?: string;
  trustForwardedFor?: boolean;
  /** Serve an explorer built elsewhere (the benchmark builds its own); default explorer/dist. */
  explorerDir?: string;
  /** Names besides localhost/127.0.0.1/[::1] (and --host) the server answers to (Host and Origin checks). */
  allowHosts?: string[];
  /** Told as each relation of the engine database is built (`chitieu start` shows a bar). */
  onEngineStep?: (step: string, ms: number) => void;
}

export async function startServer(warehouse: string, port: number, opts: ServerOptions = {}): Promise<RunningServer> {
  // New data (a CLI ingest, another process) is picked up without a restart: checked every
  // 50 ms and before each query (a check stats ~130 folders at national-10y: about 1 ms), applied
  // incrementally (duckdb-live.ts).
  const engine = await LiveDuckDbEngine.open(warehouse, { views: sharedViews(), 
    pollMs: 50,
    checkEveryMs: 50,
    onStep: opts.onEngineStep,
    onRefresh: (e) => {
      if ('error' in e) console.error(`Không cập nhật được dữ liệu mới / could not load new data: ${e.error.message}`);
      else if (!opts.quiet) console.error(`Dữ liệu mới / new data: ${e.built === 'full' ? 'dựng lại / rebuilt' : 'cập nhật / updated'} in ${Math.round(e.ms)} ms`);
    },
  });
  const storage = new FsStorage(warehouse);
  // A review written through the API changes the warehouse: the next answer comes from the new
  // snapshot (moved to now rather than at the next check).
  const app = createApp({ engine, storage, estimator: createFooterEstimator(storage), log: opts.quiet ? () => {} : undefined, trustForwardedFor: opts.trustForwardedFor, onWarehouseChanged: () => engine.refresh(true, true) });
  staticFiles(app, '/data/', join(warehouse, 'site', 'data'));
  const explorer = opts.explorerDir ?? EXPLORER_DIST;
  if (existsSync(explorer)) staticFiles(app, '/', explorer, 'index.html');
  else app.get('/', (c) => c.text('Explorer chưa được build: chạy `npm run build:explorer` / explorer not built: run `npm run build:explorer`.', 503));
  const host = opts.host ?? '127.0.0.1';
  let actualPort = port;
  // Host and Origin are checked before any route: no other site, nor a DNS-rebinding page, drives this server.
  const guard = { port: () => actualPort, host, extraHosts: opts.allowHosts };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (req, env) => checkLocalRequest(req, guard) ?? app.fetch(req, env), port, hostname: host }, () => resolve(s));
  });
  const address = server.address();
  actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}/`,
    engine,
    close: () => new Promise<void>((resolve) => server.close(() => { void engine.close().then(() => resolve()); })),
  };
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Chạy máy chủ cục bộ (API truy vấn và trình khám phá) / run the local server (query API and explorer)')
    .option('--port <n>', 'cổng / port', process.env.PORT ?? '8787')
    .option('--host <host>', 'địa chỉ / host', '127.0.0.1')
    .option('--allow-host <name...>', 'tên máy khác được phép (kiểm tra Host/Origin), ví dụ khi --host 0.0.0.0 / other names to answer to (Host/Origin check), e.g. with --host 0.0.0.0')
    .action(async (o: { port: string; host: string; allowHost?: string[] }, cmd: Command) => {
      const s = await startServer(warehouseDir(cmd), Number(o.port), { host: o.host, allowHosts: o.allowHost });
      console.log(`chitieu đang chạy tại / running at ${s.url}`);
    });
}
