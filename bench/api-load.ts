/**
 * The query API on loopback under load: `startServer` in a child process, 50 clients in this
 * one, each a closed loop (send, wait for the whole answer, send the next) over keep-alive
 * connections, for 30 s, drawing named analyses from a fixed mix. Each client carries its own
 * X-Forwarded-For, as 50 analysts behind a proxy would (the server trusts the header, as it does
 * behind one), so the per-client rate limiter sees 50 clients rather than one. An error is any answer other than 200 or a failed connection.
 * The clients use RawConnection (below), a lean HTTP/1.1 client, so that the load generator's own
 * CPU takes as little as it can of the cores it shares with the server; the note gives both.
 */
import http from 'node:http';
import net from 'node:net';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { metric, type Metric } from './metric.ts';
import { loadMix } from './params.ts';
import { processCpuMs, startChildServer } from './server.ts';
import { median, quantile } from './stats.ts';

interface Shot {
  ms: number;
  ok: boolean;
  status: number;
  bytes: number;
}

/** One request through Node's http client (the warm-up, and `client: 'http'`). */
function post(agent: http.Agent, url: URL, path: string, body: string, client: string): Promise<Shot> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let bytes = 0;
    const req = http.request({
      agent, host: url.hostname, port: url.port, method: 'POST', path,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': client },
    }, (res) => {
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ ms: performance.now() - t0, ok: res.statusCode === 200, status: res.statusCode ?? 0, bytes }));
      res.on('error', () => resolve({ ms: performance.now() - t0, ok: false, status: 0, bytes }));
    });
    req.on('error', () => resolve({ ms: performance.now() - t0, ok: false, status: 0, bytes }));
    req.end(body);
  });
}

/**
 * A keep-alive HTTP/1.1 connection for one closed-loop client, one request at a time, reading
 * each answer whole: the status line, the headers, then every byte of the body (Content-Length,
 * chunked, or up to the close). The requests are prepared bytes. Node's http client parsed and
 * streamed each 64 KB of every answer through several layers of events; on 2 shared cores the
 * load generator then used more CPU per request than the server it measured (0.4–0.9 ms against
 * 0.3–0.4 ms on national-10y), and its share of the cores was taken from the server.
 */
export class RawConnection {
  private socket: net.Socket | undefined;
  private waiting: ((r: { status: number; bytes: number }) => void) | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private status = 0;
  private bytes = 0;
  /** Body bytes still to come (Content-Length), or -1 while reading chunked, or -2 until close. */
  private remaining = 0;
  private chunk = { size: -1, line: '', trailer: false, crlf: 0 };
  private close = false;

  constructor(private readonly port: number, private readonly host = '127.0.0.1') {}

  /** Sends `request` (a whole HTTP/1.1 request) and resolves with the status and body bytes (status 0: connection failed). */
  send(request: Buffer): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.head = [];
      this.headBytes = 0;
      this.status = 0;
      this.bytes = 0;
      this.remaining = 0;
      this.close = false;
      const s = this.socket ?? this.connect();
      s.write(request);
    });
  }

  destroy(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const s = net.connect({ port: this.port, host: this.host, noDelay: true });
    this.socket = s;
    // Events of a connection given up (Connection: close, destroyed) concern nobody any more.
    s.on('data', (d: Buffer) => {
      if (this.socket === s) this.onData(d);
    });
    const gone = () => {
      if (this.socket !== s) return;
      this.socket = undefined;
      // Reading until the close: the close ends the body; otherwise the answer was cut.
      if (this.remaining === -2 && this.status) this.finish();
      else this.fail();
    };
    s.on('error', gone);
    s.on('close', gone);
    return s;
  }

  private fail(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.({ status: 0, bytes: this.bytes });
  }

  private finish(): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (this.close) this.destroy();
    w?.({ status: this.status, bytes: this.bytes });
  }

  private onData(d: Buffer): void {
    if (!this.waiting) return; // nothing asked: stray bytes (never expected)
    let at = 0;
    if (!this.status) {
      // Still in the head: find the blank line.
      this.head.push(d);
      this.headBytes += d.length;
      const all = this.head.length === 1 ? d : Buffer.concat(this.head);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.headBytes > 64 * 1024) this.protocolError();
        return;
      }
      const lines = all.toString('latin1', 0, end).split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
      if (!m) return this.protocolError();
      this.status = Number(m[1]);
      let length = -2;
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim().toLowerCase();
        const value = line.slice(i + 1).trim().toLowerCase();
        if (name === 'content-length') length = Number(value);
        else if (name === 'transfer-encoding' && value.includes('chunked')) length = -1;
        else if (name === 'connection' && value === 'close') this.close = true;
      }
      if (Number.isNaN(length)) return this.protocolError();
      this.remaining = length;
      this.chunk = { size: -1, line: '', trailer: false, crlf: 0 };
      d = all;
      at = end + 4;
      this.head = [];
    }
    if (this.remaining >= 0) {
      const n = d.length - at;
      if (n > this.remaining) return this.protocolError(); // more than the answer: no pipelining here
      this.bytes += n;
      this.remaining -= n;
      if (this.remaining === 0) this.finish();
      return;
    }
    if (this.remaining === -2) {
      this.bytes += d.length - at;
      return;
    }
    this.readChunked(d, at);
  }

  /** Chunked body: hex size line, that many bytes, CRLF; size 0 then trailers and a blank line. */
  private readChunked(d: Buffer, at: number): void {
    const c = this.chunk;
    while (at < d.length) {
      if (c.size > 0) {
        const n = Math.min(c.size, d.length - at);
        this.bytes += n;
        c.size -= n;
        at += n;
        if (c.size === 0) c.crlf = 2;
        continue;
      }
      if (c.crlf > 0) {
        at++;
        c.crlf--;
        if (c.crlf === 0) c.size = -1;
        continue;
      }
      const nl = d.indexOf(10, at);
      const piece = d.toString('latin1', at, nl < 0 ? d.length : nl);
      at = nl < 0 ? d.length : nl + 1;
      c.line += piece;
      if (nl < 0) return;
      const line = c.line.replace(/\r$/, '');
      c.line = '';
      if (c.trailer) {
        if (line === '') {
          if (at !== d.length) return this.protocolError();
          return this.finish();
        }
        continue;
      }
      const size = parseInt(line.split(';')[0], 16);
      if (Number.isNaN(size)) return this.protocolError();
      if (size === 0) c.trailer = true;
      else c.size = size;
    }
  }

  private protocolError(): void {
    this.destroy();
    this.fail();
  }
}

/** The bytes of a POST with a JSON body, on a keep-alive connection. */
export function rawPost(url: URL, path: string, body: string, client: string): Buffer {
  const b = Buffer.from(body);
  return Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\nX-Forwarded-For: ${client}\r\nConnection: keep-alive\r\n\r\n`, 'latin1'),
    b,
  ]);
}

/** A small deterministic PRNG (mulberry32), so every run sends the same sequence. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchApi(dataset: DatasetName, warehouse: string, opts: { clients: number; seconds: number; log: (s: string) => void; serverNodeArgs?: string[]; client?: 'raw' | 'http' }): Promise<Metric[]> {
  const kind = opts.client ?? 'raw';
  const server = await startChildServer(warehouse, undefined, opts.serverNodeArgs);
  const url = new URL(server.url);
  const mix = loadMix(dataset).map((m) => ({ path: `/api/query/${m.name}`, body: JSON.stringify({ params: m.params }) }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  try {
    // Warm-up: every request of the mix once, one at a time; then once more through Node's http
    // client and through the raw connection: both must read the same answer, whole.
    const check = new RawConnection(Number(url.port), url.hostname);
    for (const m of mix) {
      const first = await post(agent, url, m.path, m.body, '10.9.9.9');
      if (!first.ok) throw new Error(`warm-up ${m.path} ${m.body} answered ${first.status}`);
      const s = await post(agent, url, m.path, m.body, '10.9.9.9');
      const r = await check.send(rawPost(url, m.path, m.body, '10.9.9.9'));
      if (r.status !== s.status || r.bytes !== s.bytes) throw new Error(`warm-up ${m.path} ${m.body}: raw client read ${r.status}/${r.bytes} bytes, http ${s.status}/${s.bytes}`);
    }
    check.destroy();
    opts.log(`  ${opts.clients} clients for ${opts.seconds} s against ${server.url} (${mix.length} distinct requests) …`);
    const shots: Shot[] = [];
    const statuses = new Map<number, number>();
    // CPU of both sides over the timed window: on a 2-core machine the load generator competes
    // with the server, so its share says whether the figure measures the server.
    const serverCpu0 = processCpuMs(server.pid);
    const ownCpu0 = process.cpuUsage();
    const end = performance.now() + opts.seconds * 1000;
    const t0 = performance.now();
    const connections: RawConnection[] = [];
    await Promise.all(Array.from({ length: opts.clients }, async (_, c) => {
      const next = rng(1000 + c);
      const client = `10.0.${Math.floor(c / 250)}.${(c % 250) + 1}`;
      const conn = new RawConnection(Number(url.port), url.hostname);
      connections.push(conn);
      const requests = mix.map((m) => rawPost(url, m.path, m.body, client));
      while (performance.now() < end) {
        const i = Math.floor(next() * mix.length);
        let s: Shot;
        if (kind === 'http') s = await post(agent, url, mix[i].path, mix[i].body, client);
        else {
          const t = performance.now();
          const r = await conn.send(requests[i]);
          s = { ms: performance.now() - t, ok: r.status === 200, status: r.status, bytes: r.bytes };
        }
        shots.push(s);
        if (!s.ok) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      }
    }));
    for (const conn of connections) conn.destroy();
    const wall = (performance.now() - t0) / 1000;
    const serverCpu1 = processCpuMs(server.pid);
    const own = process.cpuUsage(ownCpu0);
    const ownMs = (own.user + own.system) / 1000;
    const serverMs = serverCpu0 !== undefined && serverCpu1 !== undefined ? serverCpu1 - serverCpu0 : undefined;
    const perReq = (ms: number) => (ms / Math.max(1, shots.length)).toFixed(2);
    const cpu = `CPU per request: server ${serverMs === undefined ? 'n/a' : `${perReq(serverMs)} ms (${(serverMs / 1000 / wall * 100).toFixed(0)} % of a core)`}, load generator ${perReq(ownMs)} ms (${(ownMs / 1000 / wall * 100).toFixed(0)} % of a core)`;
    const lat = shots.map((s) => s.ms);
    const errors = shots.filter((s) => !s.ok).length;
    const errText = errors ? ` (status ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')})` : '';
    const mb = shots.reduce((n, x) => n + x.bytes, 0) / 2 ** 20;
    const common = `${shots.length} requests in ${wall.toFixed(1)} s by ${opts.clients} closed-loop clients (${kind === 'raw' ? 'keep-alive HTTP/1.1 connections' : "Node's http client"}), mixed named analyses, ${mb.toFixed(0)} MB of answers read`;
    return [
      metric({ name: 'api.load_p95', group: 'api', value: quantile(lat, 0.95), unit: 'ms', target: { op: '<=', value: 250 }, note: `${common}; p50 ${median(lat).toFixed(1)} ms, p99 ${quantile(lat, 0.99).toFixed(1)} ms; ${cpu}` }),
      metric({ name: 'api.load_errors', group: 'api', value: errors, unit: 'errors', target: { op: '<=', value: 0 }, note: `${common}${errText}` }),
      metric({ name: 'api.load_throughput', group: 'api', value: shots.length / wall, unit: 'req/s', note: `for information; ${cpu}` }),
    ];
  } finally {
    agent.destroy();
    await server.stop();
  }
}
