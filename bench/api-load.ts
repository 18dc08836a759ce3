/**
 * The query API on loopback under load: `startServer` in a child process, 50 clients in this
 * one, each a closed loop (send, wait for the whole answer, send the next) on its own keep-alive
 * connection, for 30 s, drawing named analyses from a fixed mix. Each client carries its own
 * X-Forwarded-For, as 50 analysts behind a proxy would (the server trusts the header, as it does
 * behind one), so the per-client rate limiter sees 50 clients rather than one. An error is any
 * answer other than 200 or a failed connection. On 2 shared cores the load generator competes
 * with the server it measures, so the note gives the CPU each side used per request.
 */
import { Client } from 'undici';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { metric, type Metric } from './metric.ts';
import { loadMix } from './params.ts';
import { processCpuMs, startChildServer } from './server.ts';
import { median, quantile } from './stats.ts';
// mulberry32: a small deterministic PRNG, so every run sends the same sequence.
import { mulberry32 as rng } from '../functions/core/generate/prng.ts';

/** What one request came back with: status 0 when the connection failed or the answer was cut. */
export interface Answer {
  status: number;
  bytes: number;
}

export interface LoadClient {
  /** Sends request `i` of the client's list and reads the whole answer, counting its body bytes. */
  send(i: number): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * One simulated analyst: an undici Client (one keep-alive connection, one request at a time)
 * and its requests, prepared once; the body of every answer is read to its end and counted.
 * undici rather than Node's http client, which on national-10y cost the load generator more CPU
 * per request than the server it measured (0.4–0.9 ms against 0.3–0.4 ms). Measured alternating
 * in one session against the hand-written HTTP/1.1 client it replaced: national-10y 0.16–0.21 ms
 * per request (median 0.18) against 0.15–0.39 ms (median 0.26; it grew most on a busy machine),
 * server ~0.19 ms; small 0.06 against 0.04 ms (server ~0.1 ms; throughput no lower).
 */
export function loadClient(origin: string, requests: { path: string; body: string }[], forwardedFor: string): LoadClient {
  const client = new Client(origin, { pipelining: 1 });
  const prepared = requests.map((r) => ({
    path: r.path,
    method: 'POST' as const,
    headers: ['content-type', 'application/json', 'x-forwarded-for', forwardedFor],
    body: Buffer.from(r.body),
  }));
  return {
    async send(i) {
      let bytes = 0;
      try {
        const { statusCode, body } = await client.request(prepared[i]);
        for await (const chunk of body) bytes += (chunk as Buffer).length;
        return { status: statusCode, bytes };
      } catch {
        return { status: 0, bytes };
      }
    },
    close: () => client.destroy(),
  };
}

interface Shot {
  ms: number;
  ok: boolean;
  status: number;
  bytes: number;
}

export async function benchApi(dataset: DatasetName, warehouse: string, opts: { clients: number; seconds: number; log: (s: string) => void; serverNodeArgs?: string[] }): Promise<Metric[]> {
  const server = await startChildServer(warehouse, undefined, opts.serverNodeArgs);
  const origin = new URL(server.url).origin;
  const mix = loadMix(dataset, warehouse).map((m) => ({ path: `/api/query/${m.name}`, body: JSON.stringify({ params: m.params }) }));
  const clients: LoadClient[] = [];
  try {
    // Warm-up: every request of the mix once, one at a time (from its own address, so the timed
    // clients start with full rate-limit buckets).
    const warm = loadClient(origin, mix, '10.9.9.9');
    clients.push(warm);
    for (const [i, m] of mix.entries()) {
      const a = await warm.send(i);
      if (a.status !== 200) throw new Error(`warm-up ${m.path} ${m.body} answered ${a.status}`);
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
      const client = loadClient(origin, mix, `10.0.${Math.floor(c / 250)}.${(c % 250) + 1}`);
      clients.push(client);
      while (performance.now() < end) {
        const t = performance.now();
        const a = await client.send(Math.floor(next() * mix.length));
        const s = { ms: performance.now() - t, ok: a.status === 200, status: a.status, bytes: a.bytes };
        shots.push(s);
        if (!s.ok) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    const serverCpu1 = processCpuMs(server.pid);
    const own = process.cpuUsage(ownCpu0);
    const ownMs = (own.user + own.system) / 1000;
    const serverMs = serverCpu0 !== undefined && serverCpu1 !== undefined ? serverCpu1 - serverCpu0 : undefined;
    const perReq = (ms: number) => (ms / Math.max(1, shots.length)).toFixed(3);
    const cpu = `CPU per request: server ${serverMs === undefined ? 'n/a' : `${perReq(serverMs)} ms (${(serverMs / 1000 / wall * 100).toFixed(0)} % of a core)`}, load generator ${perReq(ownMs)} ms (${(ownMs / 1000 / wall * 100).toFixed(0)} % of a core)`;
    const lat = shots.map((s) => s.ms);
    const errors = shots.filter((s) => !s.ok).length;
    const errText = errors ? ` (status ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')}; 0 = failed connection)` : '';
    const mb = shots.reduce((n, x) => n + x.bytes, 0) / 2 ** 20;
    const common = `${shots.length} requests in ${wall.toFixed(1)} s by ${opts.clients} closed-loop clients (undici, a keep-alive connection each), mixed named analyses, ${mb.toFixed(0)} MB of answers read`;
    return [
      metric({ name: 'api.load_p95', group: 'api', value: quantile(lat, 0.95), unit: 'ms', target: { op: '<=', value: 250 }, note: `${common}; p50 ${median(lat).toFixed(1)} ms, p99 ${quantile(lat, 0.99).toFixed(1)} ms; ${cpu}` }),
      metric({ name: 'api.load_errors', group: 'api', value: errors, unit: 'errors', target: { op: '<=', value: 0 }, note: `${common}${errText}` }),
      metric({ name: 'api.load_throughput', group: 'api', value: shots.length / wall, unit: 'req/s', note: `for information; ${cpu}` }),
    ];
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  }
}
