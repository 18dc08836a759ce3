/**
 * Each named analysis on the local engine (DuckDB over the warehouse), and the bytes Athena
 * would scan for `trend` and `ranking` according to the Parquet footers, before and after
 * compaction (of a copy of the warehouse).
 */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbEngine } from '../functions/adapters/engine/duckdb.ts';
import { FsStorage } from '../functions/adapters/storage/fs.ts';
import { FooterCache, createFooterEstimator } from '../functions/adapters/parquet/footer.ts';
import { READER } from '../functions/core/cost/estimate.ts';
import { compactWarehouse } from '../functions/compact/compact.ts';
import { NAMED_QUERIES, namedQuery, prepareParams, analysisSql, querySql } from '../functions/queries/registry.ts';
import type { DatasetName } from '../functions/core/generate/datasets.ts';
import { BENCH_TMP, copyWarehouse } from './dataset.ts';
import { discard } from './scratch-dirs.ts';
import { metric, notMeasured, type Metric } from './metric.ts';
import { analysisParams } from './params.ts';
import { median, p95, timeMs } from './stats.ts';
import { sharedViews } from '../functions/queries/views.ts';

export async function benchAnalyses(dataset: DatasetName, warehouse: string, opts: { runs: number; log: (s: string) => void }): Promise<Metric[]> {
  const t0 = performance.now();
  // Uncached: every run executes the query (the API's result cache would answer repeats in µs).
  const engine = await DuckDbEngine.open(warehouse, { views: sharedViews(), cache: false });
  opts.log(`  engine ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (materialized views are cached in the warehouse)`);
  const wanted = analysisParams(dataset, warehouse);
  const out: Metric[] = [];
  try {
    const names = NAMED_QUERIES.map((q) => q.name);
    const prepared = new Map<string, { sql: string; params: Record<string, string | number>; rows: number }>();
    for (const name of names) {
      const raw = wanted[name];
      if (!raw) {
        out.push(notMeasured(`analysis.${name}.p50`, 'analyses', 'ms', { op: '<=', value: 100 }, 'no benchmark parameters for this analysis in bench/params.ts'));
        continue;
      }
      const params = prepareParams(namedQuery(name)!, raw);
      // as the API runs it: an analysis over two moments (changes) composed over the views
      const sql = analysisSql(name, params, 'duckdb');
      const r = await engine.query(sql, { params }); // warm-up
      prepared.set(name, { sql, params, rows: r.rows.length });
    }
    // Round-robin over the analyses, so drift spreads over all of them alike.
    // CPU time too (user + system, all threads: DuckDB's and the conversion to rows), which the
    // other engineers' work on a shared machine moves much less than the wall time.
    const samples = new Map<string, number[]>([...prepared.keys()].map((k) => [k, []]));
    const cpu = new Map<string, number[]>([...prepared.keys()].map((k) => [k, []]));
    for (let i = 0; i < opts.runs; i++) {
      for (const [name, p] of prepared) {
        const c0 = process.cpuUsage();
        samples.get(name)!.push(await timeMs(() => engine.query(p.sql, { params: p.params })));
        const c = process.cpuUsage(c0);
        cpu.get(name)!.push((c.user + c.system) / 1000);
      }
    }
    for (const [name, p] of prepared) {
      const s = samples.get(name)!;
      out.push(metric({
        name: `analysis.${name}.p50`,
        group: 'analyses',
        value: median(s),
        unit: 'ms',
        target: { op: '<=', value: 100 },
        note: `${p.rows} rows; ${opts.runs} runs round-robin after a warm-up; p95 ${p95(s).toFixed(1)} ms; CPU p50 ${median(cpu.get(name)!).toFixed(1)} ms; ${JSON.stringify(wanted[name])}`,
        samples: s,
      }));
    }
  } finally {
    await engine.close();
  }
  return out;
}

function parquetBytes(root: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.parquet')) {
        bytes += statSync(p).size;
        files++;
      }
    }
  };
  walk(join(root, 'curated'));
  walk(join(root, 'history'));
  return { bytes, files };
}

/** Files per partition (stat_year, period_type) of the curated tables: values + ledger. */
function filesPerPartition(root: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const table of ['values', 'reports']) {
    const base = join(root, 'curated', table);
    if (!existsSync(base)) continue;
    for (const y of readdirSync(base)) {
      for (const t of readdirSync(join(base, y))) {
        const n = readdirSync(join(base, y, t)).filter((f) => f.endsWith('.parquet')).length;
        m.set(`${y}/${t}`, (m.get(`${y}/${t}`) ?? 0) + n);
      }
    }
  }
  return m;
}

/** Trino 427+ reads Parquet files under parquet.small-file-threshold (3 MB) whole; Athena does not say whether its engine does. */
const SMALL_FILES_WHOLE = { ...READER, smallFileThreshold: 3 * 2 ** 20 };

async function scanShares(dataset: DatasetName, root: string, suffix: string): Promise<Metric[]> {
  const storage = new FsStorage(root);
  const cache = new FooterCache();
  const estimate = createFooterEstimator(storage, { cache });
  const wholeSmall = createFooterEstimator(storage, { cache, reader: SMALL_FILES_WHOLE });
  const total = parquetBytes(root);
  const wanted = analysisParams(dataset);
  const out: Metric[] = [];
  const pct = (n: number) => `${((100 * n) / total.bytes).toFixed(2)} %`;
  for (const name of ['trend', 'ranking']) {
    const params = prepareParams(namedQuery(name)!, wanted[name]);
    const e = await estimate(querySql(name), params);
    const w = await wholeSmall(querySql(name), params);
    const chunks = e.bytes - e.overhead.footers - e.overhead.gaps;
    out.push(metric({
      name: `athena.${name}.scan_share${suffix}`,
      group: 'athena',
      value: (100 * e.bytes) / total.bytes,
      unit: '%',
      target: { op: '<=', value: 5 },
      note:
        `${e.bytes} of ${total.bytes} Parquet bytes (${total.files} files, curated + history); ${e.files} files, ${e.partitions} partitions, row groups ${e.rowGroups.read}/${e.rowGroups.total}; ` +
        `column chunks ${pct(chunks)} + footer reads ${pct(e.overhead.footers)} + gaps read between chunks ${pct(e.overhead.gaps)}; ` +
        `columns ${e.columns.join(', ')}; if Athena read files under 3 MB whole (Trino 427+): ${pct(w.bytes)}`,
    }));
  }
  return out;
}

export async function benchAthena(dataset: DatasetName, warehouse: string, opts: { log: (s: string) => void }): Promise<Metric[]> {
  const out: Metric[] = [];
  out.push(...(await scanShares(dataset, warehouse, '')));
  const before = filesPerPartition(warehouse);
  const copy = join(BENCH_TMP, 'run', 'compacted');
  copyWarehouse(warehouse, copy);
  try {
    const t0 = performance.now();
    const s = await compactWarehouse(new FsStorage(copy));
    const ms = performance.now() - t0;
    opts.log(`  compaction of a copy: ${s.filesBefore} → ${s.filesAfter} files in ${(ms / 1000).toFixed(1)} s`);
    const after = filesPerPartition(copy);
    const worst = Math.max(0, ...after.values());
    out.push(metric({
      name: 'compaction.max_files_per_partition',
      group: 'athena',
      value: worst,
      unit: 'files',
      target: { op: '<=', value: 2 },
      note: `curated values + ledger files per (stat_year, period_type) after compactWarehouse on a copy: ${after.size} partitions, before at most ${Math.max(0, ...before.values())} files; compaction took ${(ms / 1000).toFixed(1)} s`,
    }));
    out.push(...(await scanShares(dataset, copy, '_compacted')));
  } finally {
    discard(copy);
  }
  return out;
}
