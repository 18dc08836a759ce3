/**
 * The load test's lean HTTP/1.1 client (bench/api-load.ts RawConnection) reads every answer
 * whole — Content-Length, chunked (sizes, extensions, trailers), up to the close — counts the
 * same body bytes as Node's http client, reuses its keep-alive connection, reconnects after
 * `Connection: close`, and reports a refused connection as status 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { RawConnection, rawPost } from '../../bench/api-load.ts';

let server: http.Server;
let raw: net.Server;
let url: URL;
let rawPort: number;
let connections = 0;
const big = 'é'.repeat(300_000);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const who = req.headers['x-forwarded-for'];
      if (req.url === '/length') res.end(JSON.stringify({ body, who, big }));
      else if (req.url === '/chunked') {
        res.write('a'.repeat(10));
        res.write(big);
        res.end('z');
      } else if (req.url === '/close') {
        res.setHeader('connection', 'close');
        res.end('bye');
      } else {
        res.statusCode = 404;
        res.end('{"error":{}}');
      }
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  // A server writing by hand: a head split across writes, chunk extensions and a trailer, then a body up to the close.
  raw = net.createServer((s) => {
    s.once('data', async (d) => {
      const path = d.toString('latin1').split(' ')[1];
      const pause = () => new Promise((r) => setTimeout(r, 5));
      if (path === '/split') {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Enc');
        await pause();
        s.write('oding: chunked\r\n\r\n5;ext=1\r\nhel');
        await pause();
        s.write('lo\r\n6\r\n world\r');
        await pause();
        s.end('\n0\r\nX-Trailer: 1\r\n\r\n');
      } else {
        s.write('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil');
        await pause();
        s.end(' the close');
      }
    });
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  rawPort = (raw.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => raw.close(r));
});

function viaHttp(path: string, body: string, client: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode!, bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('raw HTTP connection of the load test', () => {
  it('reads the same answers as Node’s http client, on one keep-alive connection', async () => {
    const c = new RawConnection(Number(url.port));
    const before = connections;
    for (const path of ['/length', '/chunked', '/missing', '/length', '/chunked']) {
      const body = JSON.stringify({ params: { path } });
      const r = await c.send(rawPost(url, path, body, '10.0.0.7'));
      expect(r).toEqual(await viaHttp(path, body, '10.0.0.7'));
    }
    expect(r0(await c.send(rawPost(url, '/length', '{"x":1}', '10.0.0.7')))).toBeGreaterThan(600_000);
    c.destroy();
    // One connection for the raw client, plus the http client's own.
    expect(connections - before).toBeLessThanOrEqual(1 + 6);
  });

  it('sends the client as X-Forwarded-For and the body as given', async () => {
    const c = new RawConnection(Number(url.port));
    const r = await c.send(rawPost(url, '/length', '{"ở":"đây"}', '10.0.3.4'));
    expect(r.status).toBe(200);
    expect(r.bytes).toBe(Buffer.byteLength(JSON.stringify({ body: '{"ở":"đây"}', who: '10.0.3.4', big })));
    c.destroy();
  });

  it('reconnects after Connection: close', async () => {
    const c = new RawConnection(Number(url.port));
    expect(await c.send(rawPost(url, '/close', '{}', 'a'))).toEqual({ status: 200, bytes: 3 });
    expect(await c.send(rawPost(url, '/close', '{}', 'a'))).toEqual({ status: 200, bytes: 3 });
    expect((await c.send(rawPost(url, '/length', '{}', 'a'))).status).toBe(200);
    c.destroy();
  });

  it('reads a chunked body split anywhere, with extensions and trailers, and a body that ends with the connection', async () => {
    const a = new RawConnection(rawPort);
    expect(await a.send(rawPost(url, '/split', '{}', 'a'))).toEqual({ status: 200, bytes: 11 });
    a.destroy();
    const b = new RawConnection(rawPort);
    expect(await b.send(rawPost(url, '/eof', '{}', 'a'))).toEqual({ status: 200, bytes: 15 });
    b.destroy();
  });

  it('answers status 0 when nobody listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = new RawConnection(port);
    expect((await c.send(rawPost(url, '/x', '{}', 'a'))).status).toBe(0);
  });
});

function r0(r: { status: number; bytes: number }): number {
  expect(r.status).toBe(200);
  return r.bytes;
}
