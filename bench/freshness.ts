/**
 * freshness.p95: how long after a report is ingested it is in every named analysis of a running
 * local server. The server (`startServer`, in a child process) runs on a copy of the warehouse
 * (stored tables hard-linked, the engine snapshot copied: the server updates its snapshots in
 * place). Each run writes a new revision of one unit's monthly report with a value it never had,
 * ingests it with `ingestPaths` (what `chitieu ingest FILE` runs) in this process, and from the
 * moment that returns, polls the drill-down of the unit's province (every 20 ms) until the unit
 * shows the new value: the sample. Every named analysis answers from one engine snapshot, so the
 * value is then in all of them; each is then asked once more, and the time until the last of
 * those answers is in the note. The server finds new data
 * by itself (a change token checked every 50 ms and before queries) and updates its engine
 * incrementally.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, copyFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { ingestPaths } from '../functions/cli/commands/ingest.ts';
import { BENCH_TMP, type DatasetInfo } from './dataset.ts';
import { discard } from './scratch-dirs.ts';
import { latencyMetric, notMeasured, type Metric } from './metric.ts';
import { analysisParams } from './params.ts';
import { processCpuMs, startChildServer } from './server.ts';
import { median, p95 } from './stats.ts';

/** Hard-links every file under `from` into `to` (same relative paths). */
function linkTree(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const a = join(from, e.name);
    const b = join(to, e.name);
    if (e.isDirectory()) linkTree(a, b);
    else if (e.isFile()) linkSync(a, b);
  }
}

/** A warehouse the runs may write to: stored tables and markers linked, the newest engine snapshot copied. */
function scratchWarehouse(warehouse: string): string {
  const dir = join(BENCH_TMP, 'freshness-warehouse');
  discard(dir);
  for (const sub of ['curated', 'history', 'state']) linkTree(join(warehouse, sub), join(dir, sub));
  const cache = join(warehouse, 'cache');
  const snapshots = existsSync(cache)
    ? readdirSync(cache).filter((f) => /^engine-[0-9a-f]{16}\.duckdb$/.test(f)).sort((a, b) => statSync(join(cache, b)).mtimeMs - statSync(join(cache, a)).mtimeMs)
    : [];
  mkdirSync(join(dir, 'cache'), { recursive: true });
  if (snapshots[0]) copyFileSync(join(cache, snapshots[0]), join(dir, 'cache', snapshots[0]));
  return dir;
}

async function post(url: string, name: string, params: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] }> {
  const res = await fetch(new URL(`api/query/${name}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ params }) });
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as { rows: Record<string, unknown>[] };
}

export async function benchFreshness(dataset: DatasetName, info: DatasetInfo, warehouse: string, opts: { runs: number; log: (s: string) => void }): Promise<Metric[]> {
  const params = analysisParams(dataset, warehouse);
  const province = String(params.drilldown.province);
  // The province's own monthly report of a month of 2024: its drill-down row shows the value.
  const period = '2024-05';
  const source = join(info.input, '2024', province, `${period}.json`);
  if (!existsSync(source)) return [notMeasured('freshness.p95', 'freshness', 'ms', { op: '<=', value: 1000 }, `no report ${source} in the dataset`)];
  const report = JSON.parse(readFileSync(source, 'utf8')) as { values: { indicator: string; value: number }[]; revision?: number; submitted_at: string };
  const indicator = 'crime_reports_received';
  const base = report.values.find((v) => v.indicator === indicator)?.value ?? 0;

  const wh = scratchWarehouse(warehouse);
  const inbox = mkdtempSync(join(BENCH_TMP, 'freshness-in-'));
  opts.log(`  server on a copy of the warehouse (${wh})`);
  const server = await startChildServer(wh);
  const samples: number[] = [];
  const allMs: number[] = [];
  const ingestMs: number[] = [];
  let polls = 0;
  const cpu0 = processCpuMs(server.pid);
  try {
    const drill = () => post(server.url, 'drilldown', { province, indicator, period });
    const shows = async (want: number) => {
      polls++;
      const rows = (await drill()).rows;
      return rows.some((r) => (r.unit_id ?? r.id) === province && Number(r.value) === want);
    };
    // Every analysis once, so that what follows measures new data, not a cold start.
    for (const [name, p] of Object.entries(params)) await post(server.url, name, p);
    if (!(await shows(base))) throw new Error(`the drill-down of ${province} ${period} does not show ${base} before the runs`);
    const runs = Math.max(10, opts.runs);
    for (let i = 0; i < runs; i++) {
      const want = base + 100_000 + i;
      const dir = join(inbox, `run-${i}`);
      mkdirSync(dir);
      const revised = {
        ...report,
        revision: (report.revision ?? 1) + 10 + i,
        // Each later than the last, all after the dataset's own revisions.
        submitted_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        values: report.values.map((v) => (v.indicator === indicator ? { ...v, value: want } : v)),
      };
      writeFileSync(join(dir, `${period}.r${revised.revision}.json`), JSON.stringify(revised));
      const t0 = performance.now();
      const s = await ingestPaths(wh, [dir]);
      const t1 = performance.now();
      if (s.accepted !== 1) throw new Error(`run ${i}: the revision was not accepted (${JSON.stringify(s.reasons)})`);
      ingestMs.push(t1 - t0);
      const deadline = t1 + 120_000;
      while (!(await shows(want))) {
        if (performance.now() > deadline) throw new Error(`run ${i}: the new value did not show within 120 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      samples.push(performance.now() - t1);
      for (const [name, p] of Object.entries(params)) await post(server.url, name, p);
      allMs.push(performance.now() - t1);
      opts.log(`  run ${i + 1}/${runs}: ingest ${(t1 - t0).toFixed(0)} ms, visible after ${samples[i].toFixed(0)} ms, every analysis answered after ${allMs[i].toFixed(0)} ms (load ${loadavg()[0].toFixed(1)})`);
    }
  } finally {
    const cpu = processCpuMs(server.pid);
    await server.stop();
    discard(inbox);
    discard(wh);
    if (cpu0 !== undefined && cpu !== undefined && samples.length) opts.log(`  server CPU ${((cpu - cpu0) / samples.length).toFixed(0)} ms per run`);
  }
  return [latencyMetric('freshness.p95', 'freshness', samples, 'p95', 1000,
    `${samples.length} revisions of ${province} ${period} ingested one at a time through ingestPaths (ingest itself: median ${median(ingestMs).toFixed(0)} ms, not counted) while the server ran; ` +
      `from the ingest's return to the new value in the drill-down: median ${median(samples).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms; ` +
      `until each of the ${Object.keys(params).length} named analyses had answered from the new snapshot: median ${median(allMs).toFixed(0)} ms, p95 ${p95(allMs).toFixed(0)} ms; ` +
      `${polls} drill-down polls; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)];
}
