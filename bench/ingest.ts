/**
 * Bulk ingest throughput against DuckDB on the same files, alternating, and the peak memory of
 * the full ingest.
 *
 * Ours: `ingestPaths` (what `chitieu ingest DIR` runs) into a fresh warehouse each run: the
 * originals kept (one pack per batch), parse, validation, curated Parquet, ledger, markers. DuckDB: its own `read_json` over
 * the same folder → `COPY … (FORMAT parquet)` into one file, with the report columns declared
 * (auto-detection samples too few reports to see the optional keys). Rows are values rows on
 * both sides. For national-10y a fixed sample of files stands in for the whole set in the
 * alternating runs (five full ingests would take most of an hour); the full set is ingested once,
 * in a child process, for the peak-memory figure and a single full-run throughput.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ingestPaths } from '../functions/cli/commands/ingest.ts';
import { BENCH_TMP, sampleInput, type DatasetInfo, type WarehouseInfo } from './dataset.ts';
import { metric, type Metric } from './metric.ts';
import { discard, settle } from './scratch-dirs.ts';
import { alternate, median } from './stats.ts';

const REPORT_COLUMNS = `{unit_id: 'VARCHAR', unit_name: 'VARCHAR', scope: 'VARCHAR', period: 'VARCHAR', submitted_at: 'TIMESTAMPTZ', revision: 'INTEGER', "values": 'STRUCT(indicator VARCHAR, value DOUBLE, numerator DOUBLE, denominator DOUBLE, flag VARCHAR, note VARCHAR)[]'}`;

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function duckCopySql(inputDir: string, out: string): string {
  return `COPY (SELECT unit_id, unit_name, scope, period, submitted_at, revision, unnest("values", recursive := true) ` +
    `FROM read_json(${sqlString(join(inputDir, '**', '*.json'))}, columns = ${REPORT_COLUMNS}, format = 'auto')) ` +
    `TO ${sqlString(out)} (FORMAT parquet)`;
}

export async function duckCopy(conn: DuckDBConnection, inputDir: string, out: string): Promise<{ rows: number; ms: number }> {
  rmSync(out, { force: true });
  const t0 = performance.now();
  const r = await conn.runAndReadAll(duckCopySql(inputDir, out));
  const ms = performance.now() - t0;
  const rows = Number((r.getRows()[0] ?? [0])[0]);
  rmSync(out, { force: true });
  return { rows, ms };
}

export interface IngestBenchOptions {
  runs: number;
  /** Files in the alternating sample (national-10y); small uses all its files. */
  sample: number;
  log: (s: string) => void;
}

export async function benchIngest(info: DatasetInfo, opts: IngestBenchOptions): Promise<Metric[]> {
  const sample = info.dataset === 'small' ? { dir: info.input, files: info.files } : sampleInput(info, opts.sample);
  const out = [await alternateIngest(info, sample, join(BENCH_TMP, 'run', 'ingest'), 'ingest.bulk_rows_per_s', opts)];
  // The same comparison with both outputs on tmpfs: what the code costs without this volume's
  // file creation (which other processes' I/O makes 10–30× dearer from one minute to the next).
  if (existsSync('/dev/shm')) {
    opts.log('  the same with the warehouse and DuckDB\'s output on tmpfs (/dev/shm), for diagnosis');
    const m = await alternateIngest(info, sample, join('/dev/shm', `chitieu-bench-${process.pid}`), 'ingest.bulk_rows_per_s_tmpfs', opts);
    out.push({ ...m, target: null, pass: null, note: `for diagnosis, no target: ${m.note}` });
  }
  return out;
}

async function alternateIngest(info: DatasetInfo, sample: { dir: string; files: number }, work: string, name: string, opts: IngestBenchOptions): Promise<Metric> {
  discard(work); // leftovers of an interrupted run
  mkdirSync(work, { recursive: true });
  // Both sides create their output here; ours also one raw copy per report (see scratch-dirs.ts).
  const fs = await settle(work, opts.log);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let ourRows = 0;
  let duckRows = 0;
  let rejected = 0;
  // CPU time (user + system, all threads of this process) beside wall time: on a shared machine
  // it says how much work each side did, whatever share of the cores it got.
  const cpu = { ours: [] as number[], oursSys: [] as number[], duck: [] as number[] };
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  // Each run's warehouse is kept until all runs are done: deleting one (tens of thousands of
  // files) just before the next run made that run's file creation several times slower in the
  // kernel, which is not the cost of an ingest.
  const ours = async (i: number) => {
    const wh = join(work, `wh-${i < 0 ? 'warm' : i}`);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await ingestPaths(wh, [sample.dir]);
    const ms = performance.now() - t0;
    const c = cpuMs(process.cpuUsage(c0));
    const sys = process.cpuUsage(c0).system / 1000;
    ourRows = s.values;
    rejected = s.rejected;
    if (i >= 0) {
      cpu.ours.push(c);
      cpu.oursSys.push(sys);
    }
    opts.log(`    ours   run ${i < 0 ? 'warm-up' : i}: ${s.values} rows in ${ms.toFixed(0)} ms (CPU ${c.toFixed(0)} ms, of which system ${sys.toFixed(0)})`);
    return (s.values / ms) * 1000;
  };
  const duck = async (i: number) => {
    const c0 = process.cpuUsage();
    const r = await duckCopy(conn, sample.dir, join(work, 'duckdb.parquet'));
    const c = cpuMs(process.cpuUsage(c0));
    duckRows = r.rows;
    if (i >= 0) cpu.duck.push(c);
    opts.log(`    duckdb run ${i < 0 ? 'warm-up' : i}: ${r.rows} rows in ${r.ms.toFixed(0)} ms (CPU ${c.toFixed(0)} ms)`);
    return (r.rows / r.ms) * 1000;
  };
  try {
    opts.log(`  bulk ingest vs DuckDB on ${sample.files} files into ${work}, ${opts.runs} alternating pairs after a warm-up`);
    const alt = await alternate(ours, duck, { runs: opts.runs, warmup: 1 });
    const notes = [
      `${sample.files} files${sample.dir === info.input ? ' (the whole dataset)' : ` (fixed sample of ${info.files})`}, ${ourRows} rows`,
      `median of ${opts.runs} runs alternating with DuckDB read_json → COPY (FORMAT parquet), ratio = median of per-pair ratios`,
      `creating a file in the work directory cost ${fs.us.toFixed(0)} µs before the runs${fs.waitedS >= 1 ? ` (after waiting ${fs.waitedS.toFixed(0)} s for the filesystem to reuse recently freed inodes)` : ''}`,
      `CPU per run (user + system, all threads): ours ${median(cpu.ours).toFixed(0)} ms (system ${median(cpu.oursSys).toFixed(0)} ms: reading the files, writing the warehouse), DuckDB ${median(cpu.duck).toFixed(0)} ms (CPU ratio ${(median(cpu.duck) / median(cpu.ours)).toFixed(3)})`,
    ];
    if (ourRows !== duckRows) notes.push(`row counts differ: ours ${ourRows}, DuckDB ${duckRows}`);
    if (rejected) notes.push(`${rejected} files rejected`);
    return metric({
      name,
      group: 'ingest',
      value: median(alt.a),
      unit: 'rows/s',
      target: { op: '>=', value: 0.75 },
      on: 'ratio',
      anchor: { name: 'DuckDB read_json → COPY parquet', value: median(alt.b), unit: 'rows/s' },
      ratio: median(alt.ratios),
      note: notes.join('; '),
      samples: alt.a,
    });
  } finally {
    conn.closeSync();
    db.closeSync();
    discard(work);
  }
}

/** Peak memory and throughput of the full ingest that built the warehouse, with one DuckDB run on the same files. */
export async function benchFullIngest(info: DatasetInfo, wh: WarehouseInfo, opts: { duckdb: boolean; log: (s: string) => void }): Promise<Metric[]> {
  const run = wh.run;
  const from = wh.reused ? `the full ingest of ${run.at} that built the cached warehouse (rerun with --fresh to repeat it)` : 'the full ingest that built the warehouse';
  const out: Metric[] = [
    metric({
      name: 'memory.bulk_ingest_peak_rss',
      group: 'memory',
      value: run.maxRssMb,
      unit: 'MB',
      target: { op: '<=', value: 2048 },
      note: `${from}: ${run.files} files in one child process, process.resourceUsage().maxRSS` +
        (run.timeMaxRssMb ? ` (/usr/bin/time -v: ${run.timeMaxRssMb.toFixed(0)} MB)` : ''),
    }),
  ];
  let anchor: { rows: number; ms: number } | undefined;
  if (opts.duckdb) {
    const work = join(BENCH_TMP, 'run', 'ingest-full');
    mkdirSync(work, { recursive: true });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      opts.log(`  DuckDB on all ${info.files} files (one run, anchor of the full-run throughput) …`);
      anchor = await duckCopy(conn, info.input, join(work, 'duckdb.parquet'));
    } finally {
      conn.closeSync();
      db.closeSync();
      discard(work);
    }
  }
  const ours = (run.values / run.ms) * 1000;
  const theirs = anchor ? (anchor.rows / anchor.ms) * 1000 : undefined;
  out.push(metric({
    name: 'ingest.full_run_rows_per_s',
    group: 'memory',
    value: ours,
    unit: 'rows/s',
    anchor: theirs ? { name: 'DuckDB read_json → COPY parquet (one run, now)', value: theirs, unit: 'rows/s' } : null,
    ratio: theirs ? ours / theirs : null,
    note: `single run, for information: ${run.values} rows, ${(run.ms / 1000).toFixed(1)} s wall, CPU user ${(run.cpuUserMs / 1000).toFixed(1)} s + system ${(run.cpuSystemMs / 1000).toFixed(1)} s` +
      (run.rejected ? `; ${run.rejected} files rejected` : ''),
  }));
  return out;
}
