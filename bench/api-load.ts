/**
 * The query API on loopback under load: `startServer` in a child process, 50 clients in this
 * one, each a closed loop (send, wait for the whole answer, send the next) over keep-alive
 * connections, for 30 s, drawing named analyses from a fixed mix. Each client carries its own
 * X-Forwarded-For, as 50 analysts behind a proxy would (the server trusts the header, as it does
 * behind one), so the per-client rate limiter sees 50 clients rather than one. An error is any answer other than 200 or a failed connection.
 */
import http from 'node:http';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { metric, type Metric } from './metric.ts';
import { loadMix } from './params.ts';
import { processCpuMs, startChildServer } from './server.ts';
import { median, quantile } from './stats.ts';

interface Shot {
  ms: number;
  ok: boolean;
  status: number;
}

function post(agent: http.Agent, url: URL, path: string, body: string, client: string): Promise<Shot> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({
      agent, host: url.hostname, port: url.port, method: 'POST', path,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': client },
    }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ ms: performance.now() - t0, ok: res.statusCode === 200, status: res.statusCode ?? 0 }));
      res.on('error', () => resolve({ ms: performance.now() - t0, ok: false, status: 0 }));
    });
    req.on('error', () => resolve({ ms: performance.now() - t0, ok: false, status: 0 }));
    req.end(body);
  });
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

export async function benchApi(dataset: DatasetName, warehouse: string, opts: { clients: number; seconds: number; log: (s: string) => void; serverNodeArgs?: string[] }): Promise<Metric[]> {
  const server = await startChildServer(warehouse, undefined, opts.serverNodeArgs);
  const url = new URL(server.url);
  const mix = loadMix(dataset).map((m) => ({ path: `/api/query/${m.name}`, body: JSON.stringify({ params: m.params }) }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  try {
    // Warm-up: every request of the mix once, one at a time.
    for (const m of mix) {
      const s = await post(agent, url, m.path, m.body, '10.9.9.9');
      if (!s.ok) throw new Error(`warm-up ${m.path} ${m.body} answered ${s.status}`);
    }
    opts.log(`  ${opts.clients} clients for ${opts.seconds} s against ${server.url} (${mix.length} distinct requests) …`);
    const shots: Shot[] = [];
    const statuses = new Map<number, number>();
    // CPU of both sides over the timed window: on a 2-core machine the load generator competes
    // with the server, so its share says whether the figure measures the server.
    const serverCpu0 = processCpuMs(server.pid);
    const ownCpu0 = process.cpuUsage();
    const end = performance.now() + opts.seconds * 1000;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: opts.clients }, async (_, c) => {
      const next = rng(1000 + c);
      const client = `10.0.${Math.floor(c / 250)}.${(c % 250) + 1}`;
      while (performance.now() < end) {
        const m = mix[Math.floor(next() * mix.length)];
        const s = await post(agent, url, m.path, m.body, client);
        shots.push(s);
        if (!s.ok) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      }
    }));
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
    const common = `${shots.length} requests in ${wall.toFixed(1)} s by ${opts.clients} closed-loop clients, mixed named analyses`;
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
