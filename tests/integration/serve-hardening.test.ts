/**
 * The local server against other sites (issue 14 §6–7): a DNS-rebinding page (foreign Host), a
 * cross-site page (foreign Origin, or a text/plain "simple" POST that needs no preflight), and a
 * body too large to hold — refused while it streams in, not after. Also: the AWS rate limit is
 * keyed on the signed-in analyst, and DuckDB runs with a memory limit and a thread count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { startServer, type RunningServer } from '../../functions/cli/commands/serve.ts';
import { createApp } from '../../functions/api/app.ts';
import { tokenBucket } from '../../functions/api/rate-limit.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { file, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const wh = tempWarehouse();
let server: RunningServer;
let port: number;

beforeAll(async () => {
  await ingestFiles([file('a.json', goodReport())], { storage: wh.storage });
  server = await startServer(wh.dir, 0, { quiet: true, explorerDir: wh.dir });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
  wh.cleanup();
});

interface Answer { status: number; body: string }

/** A raw HTTP request (fetch cannot set Host), optionally with a body streamed in chunks. */
function raw(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string; chunks?: { size: number; count: number } }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/api/calendar', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    if (opts.chunks) {
      // Stream without ever ending the request: only a server that counts while reading answers.
      const chunk = 'x'.repeat(opts.chunks.size);
      for (let i = 0; i < opts.chunks.count; i++) req.write(chunk);
      return;
    }
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const SQL = JSON.stringify({ sql: 'SELECT count(*) AS n FROM reports' });

describe('local server hardening', () => {
  it('answers its own host and origin', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await raw({ method: 'POST', path: '/api/sql', headers: { host, origin: `http://${host}`, 'content-type': 'application/json' }, body: SQL });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).rows).toEqual([{ n: 1 }]);
    }
  });

  it('refuses a foreign Host (DNS rebinding) with a bilingual error', async () => {
    const r = await raw({ headers: { host: `evil.example:${port}` } });
    expect(r.status).toBe(403);
    const e = JSON.parse(r.body).error;
    expect(e.code).toBe('bad_host');
    expect(e.message_vi).toMatch(/chỉ trả lời/);
    expect((await raw({ headers: { host: `127.0.0.1:${port + 1}` } })).status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    const r = await raw({ method: 'POST', path: '/api/sql', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: SQL });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('bad_origin');
    expect((await raw({ headers: { origin: 'null' } })).status).toBe(403);
  });

  it('refuses a text/plain POST (a simple request that needs no preflight)', async () => {
    const r = await raw({ method: 'POST', path: '/api/sql', headers: { 'content-type': 'text/plain' }, body: SQL });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'json_required', message_vi: expect.stringMatching(/JSON/) });
  });

  it('refuses an oversized body while it streams in, without waiting for its end', async () => {
    const started = performance.now();
    const r = await raw({ method: 'POST', path: '/api/sql', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: { size: 16 * 1024, count: 16 } });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(5_000);
    const declared = await raw({ method: 'POST', path: '/api/sql', headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, chunks: { size: 1024, count: 1 } });
    expect(declared.status).toBe(413);
  });

  it('gives notebooks more room than queries, on every notebook route', async () => {
    const cells = Array.from({ length: 400 }, (_, i) => ({ id: `c${i}`, kind: 'markdown', source: 'Ghi chú về chỉ tiêu. '.repeat(20) }));
    const notebook = { format: 'chitieu-notebook', version: 1, title: 'Sổ lớn', cells };
    const body = JSON.stringify({ name: 'Sổ lớn', notebook });
    expect(body.length).toBeGreaterThan(64 * 1024);
    const created = await raw({ method: 'POST', path: '/api/notebooks', headers: { 'content-type': 'application/json' }, body });
    expect(created.status).not.toBe(413);
    const tooBig = await raw({ method: 'POST', path: '/api/notebooks', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', notebook: { ...notebook, cells: [{ id: 'a', kind: 'markdown', source: 'x'.repeat(1_200_000) }] } }) });
    expect(tooBig.status).toBe(413);
    const sql = await raw({ method: 'POST', path: '/api/sql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: `SELECT 1 -- ${'x'.repeat(70 * 1024)}` }) });
    expect(sql.status).toBe(413);
  });

  it('runs DuckDB with a memory limit and a thread count', async () => {
    const e = await DuckDbEngine.open(wh.dir, { views: sharedViews(), memoryLimit: '256MB', threads: 2, cache: false });
    try {
      const r = await e.query("SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t");
      expect(r.rows[0]).toEqual({ m: '244.1 MiB', t: 2 });
    } finally {
      await e.close();
    }
    const d = await server.engine.query("SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m");
    expect(Number(d.rows[0]!.t)).toBeLessThanOrEqual(4);
    expect(d.rows[0]!.m).toBe('1.8 GiB'); // DEFAULT_MEMORY_LIMIT, 2 GB
  });
});

describe('rate limit in AWS', () => {
  it('is keyed on the signed-in analyst (JWT sub), not the shared edge address', async () => {
    const app = createApp({ engine: server.engine, storage: wh.storage, log: () => {}, rateLimiter: tokenBucket(2, 0.001) });
    const env = (sub: string, ip: string) => ({ requestContext: { http: { sourceIp: ip }, authorizer: { jwt: { claims: { sub } } } } });
    const statuses = async (sub: string, ip: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await app.request('/api/calendar', {}, env(sub, ip))).status);
      return out;
    };
    // Two analysts behind the same CloudFront edge address: separate buckets.
    expect(await statuses('analyst-a', '10.0.0.1', 3)).toEqual([200, 200, 429]);
    expect(await statuses('analyst-b', '10.0.0.1', 2)).toEqual([200, 200]);
    // One analyst through another edge: the same bucket.
    expect(await statuses('analyst-a', '10.0.0.2', 1)).toEqual([429]);
  });
});
