/**
 * The load test's client (bench/api-load.ts loadClient, on undici) counts every body byte of an
 * answer — Content-Length or chunked, 200 or not — gives the status as the server sent it, keeps
 * one keep-alive connection per client, sends its X-Forwarded-For and body, and reports a refused
 * connection or an answer cut short as status 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadClient } from '../../bench/api-load.ts';

let server: http.Server;
let origin: string;
let connections = 0;
const big = 'é'.repeat(300_000);
const seen: { path: string; body: string; who: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const who = req.headers['x-forwarded-for'] as string | undefined;
      seen.push({ path: req.url!, body, who });
      if (req.url === '/length') res.end(JSON.stringify({ body, who, big }));
      else if (req.url === '/chunked') {
        res.write('a'.repeat(10));
        res.write(big);
        res.end('z');
      } else if (req.url === '/close') {
        res.setHeader('connection', 'close');
        res.end('bye');
      } else if (req.url === '/cut') {
        // Promises 1,000 bytes, sends 5, then drops the connection.
        res.setHeader('content-length', 1000);
        res.write('hello');
        setTimeout(() => res.socket?.destroy(), 5);
      } else {
        res.statusCode = 429;
        res.end('{"error":{"code":"rate_limited"}}');
      }
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const requests = ['/length', '/chunked', '/other', '/close', '/cut'].map((path) => ({ path, body: JSON.stringify({ params: { path, ở: 'đây' } }) }));
const [LENGTH, CHUNKED, OTHER, CLOSE, CUT] = [0, 1, 2, 3, 4];

describe('load test client', () => {
  it('counts the whole body, Content-Length or chunked, and keeps one connection', async () => {
    const c = loadClient(origin, requests, '10.0.0.7');
    const before = connections;
    const length = Buffer.byteLength(JSON.stringify({ body: requests[LENGTH].body, who: '10.0.0.7', big }));
    for (let i = 0; i < 3; i++) {
      expect(await c.send(LENGTH)).toEqual({ status: 200, bytes: length });
      expect(await c.send(CHUNKED)).toEqual({ status: 200, bytes: 10 + Buffer.byteLength(big) + 1 });
    }
    expect(connections - before).toBe(1);
    await c.close();
  });

  it('sends its X-Forwarded-For and the request body as given', async () => {
    const c = loadClient(origin, requests, '10.0.3.4');
    await c.send(LENGTH);
    expect(seen.at(-1)).toEqual({ path: '/length', body: requests[LENGTH].body, who: '10.0.3.4' });
    await c.close();
  });

  it('gives other statuses as they are, with their bytes', async () => {
    const c = loadClient(origin, requests, 'a');
    expect(await c.send(OTHER)).toEqual({ status: 429, bytes: 33 });
    // The connection stays usable after a non-200 answer.
    expect((await c.send(LENGTH)).status).toBe(200);
    await c.close();
  });

  it('reconnects after Connection: close', async () => {
    const c = loadClient(origin, requests, 'a');
    expect(await c.send(CLOSE)).toEqual({ status: 200, bytes: 3 });
    expect(await c.send(CLOSE)).toEqual({ status: 200, bytes: 3 });
    expect((await c.send(LENGTH)).status).toBe(200);
    await c.close();
  });

  it('answers status 0 for an answer cut short, and goes on', async () => {
    const c = loadClient(origin, requests, 'a');
    expect((await c.send(CUT)).status).toBe(0);
    expect((await c.send(LENGTH)).status).toBe(200);
    await c.close();
  });

  it('answers status 0 when nobody listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = loadClient(`http://127.0.0.1:${port}`, requests, 'a');
    expect(await c.send(LENGTH)).toEqual({ status: 0, bytes: 0 });
    await c.close();
  });
});
