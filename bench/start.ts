/**
 * start.first_answer: a fresh clone to the first HTTP answer of `npm start`, the install
 * excluded. Each run clones the repository's HEAD (git clone of the local repository: no
 * explorer/dist, no warehouse), links this checkout's node_modules into it (what `npm ci` would
 * have put there), and runs `node bin/chitieu.js start` (what `npm start` runs) on a free port
 * with its temporary files inside the clone; the sample is the time until GET / answers 200 (the
 * explorer's page). The process group is then stopped (its background work with it) and the
 * clone removed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { BENCH_TMP, REPO } from './dataset.ts';
import { discard } from './scratch-dirs.ts';
import { metric, notMeasured, type Metric } from './metric.ts';
import { median } from './stats.ts';

const TARGET = { op: '<=' as const, value: 60 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** One fresh start: seconds until GET / answers 200, and the last lines it printed. */
async function oneStart(dataset: DatasetName, limitS: number): Promise<{ seconds: number; log: string }> {
  const base = mkdtempSync(join(BENCH_TMP, 'start-'));
  const clone = join(base, 'clone');
  try {
    const c = spawnSync('git', ['clone', '-q', REPO, clone], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`git clone failed: ${c.stderr}`);
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const tmp = join(base, 'tmp');
    mkdirSync(tmp);
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/chitieu.js', '--warehouse', join(base, 'warehouse'), 'start', '--dataset', dataset, '--port', String(port)], {
      cwd: clone,
      env: { ...process.env, TMPDIR: tmp, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
    child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
    let exited = false;
    child.on('exit', () => (exited = true));
    try {
      for (;;) {
        const s = (performance.now() - started) / 1000;
        if (exited) throw new Error(`npm start exited before answering: ${out.slice(-1500)}`);
        if (s > limitS) throw new Error(`no answer within ${limitS} s: ${out.slice(-1500)}`);
        const ok = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200).catch(() => false);
        if (ok) return { seconds: (performance.now() - started) / 1000, log: out };
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      // The whole group: the server, its ingest workers, a vite build still running.
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    discard(base);
  }
}

export async function benchStart(dataset: DatasetName, opts: { runs: number; log: (s: string) => void }): Promise<Metric[]> {
  if (spawnSync('git', ['-C', REPO, 'rev-parse', 'HEAD']).status !== 0) {
    return [notMeasured('start.first_answer', 'start', 's', TARGET, 'not a git checkout: nothing to clone')];
  }
  mkdirSync(BENCH_TMP, { recursive: true });
  const samples: number[] = [];
  const loads: number[] = [];
  let lines = '';
  for (let i = 0; i < opts.runs; i++) {
    loads.push(loadavg()[0]);
    const r = await oneStart(dataset, 900);
    samples.push(r.seconds);
    lines = r.log;
    opts.log(`  run ${i + 1}/${opts.runs}: ${r.seconds.toFixed(1)} s (load ${loads[i].toFixed(1)})`);
  }
  const timings = lines.split(/\r|\n/).filter((l) => /\(\d+(\.\d+)? s\)|in \d+(\.\d+)? s/.test(l)).map((l) => l.trim()).slice(-6).join(' · ');
  return [metric({
    name: 'start.first_answer',
    group: 'start',
    value: median(samples),
    unit: 's',
    target: TARGET,
    note: `${opts.runs} fresh clones of HEAD, node_modules linked (install excluded), \`chitieu start --dataset ${dataset}\` until GET / answers 200; ` +
      `range ${Math.min(...samples).toFixed(1)}–${Math.max(...samples).toFixed(1)} s; load at the starts ${loads.map((x) => x.toFixed(1)).join(', ')}; last run: ${timings}`,
    samples,
  })];
}
