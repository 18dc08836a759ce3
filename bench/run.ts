/**
 * `npm run bench [-- --dataset national-10y|small] [-- --only group,…]`: the benchmark harness
 * of issue 7. Builds (or reuses) the dataset and its warehouse under tmp/bench/, runs each group
 * of metrics, prints a table and writes bench/results.json.
 *
 * Groups (for --only): ingest, memory, lambda-ingest, analyses, athena, explorer, bundles, api, freshness, start.
 * Other options: --seed N, --runs N (timed runs per figure, at least 5), --sample N (files in
 * the alternating ingest sample of national-10y), --api-seconds N, --clients N, --fresh
 * (rebuild the cached warehouse with a new full ingest), --out FILE.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { DATASETS, type DatasetName } from '../functions/core/generate/datasets.ts';
import { benchAnalyses, benchAthena } from './analyses.ts';
import { benchApi } from './api-load.ts';
import { BENCH_TMP, REPO, prepareInput, prepareWarehouse } from './dataset.ts';
import { emptyTrash } from './scratch-dirs.ts';
import { benchExplorer } from './explorer.ts';
import { benchFreshness } from './freshness.ts';
import { benchStart } from './start.ts';
import { benchFullIngest, benchIngest } from './ingest.ts';
import { benchLambdaBundles } from './lambda-bundles.ts';
import { benchLambdaIngest } from './lambda-ingest.ts';
import { notMeasured, type Metric } from './metric.ts';
import { printTable } from './table.ts';

const GROUPS = ['ingest', 'memory', 'lambda-ingest', 'analyses', 'athena', 'explorer', 'bundles', 'api', 'freshness', 'start'] as const;
type Group = (typeof GROUPS)[number];

interface Options {
  dataset: DatasetName;
  seed: number;
  only: Set<Group>;
  runs: number;
  sample: number;
  apiSeconds: number;
  clients: number;
  fresh: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    dataset: 'national-10y', seed: 1, only: new Set(GROUPS), runs: 5, sample: 5000, apiSeconds: 30, clients: 50, fresh: false,
    out: join(REPO, 'bench', 'results.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--dataset': o.dataset = val() as DatasetName; break;
      case '--seed': o.seed = Number(val()); break;
      case '--only': {
        const names = val().split(',').map((s) => s.trim()).filter(Boolean);
        const bad = names.filter((n) => !(GROUPS as readonly string[]).includes(n));
        if (bad.length) throw new Error(`unknown group(s) ${bad.join(', ')}; groups: ${GROUPS.join(', ')}`);
        o.only = new Set(names as Group[]);
        break;
      }
      case '--runs': o.runs = Math.max(5, Number(val())); break;
      case '--sample': o.sample = Number(val()); break;
      case '--api-seconds': o.apiSeconds = Number(val()); break;
      case '--clients': o.clients = Number(val()); break;
      case '--fresh': o.fresh = true; break;
      case '--out': o.out = val(); break;
      case '--help': case '-h':
        console.log('npm run bench -- [--dataset national-10y|small] [--only ' + GROUPS.join(',') + '] [--runs N] [--sample N] [--api-seconds N] [--clients N] [--seed N] [--fresh] [--out FILE]');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a} (try --help)`);
    }
  }
  if (!DATASETS.includes(o.dataset)) throw new Error(`unknown dataset ${o.dataset}; choose ${DATASETS.join(' | ')}`);
  return o;
}

const log = (s: string) => console.error(s);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  mkdirSync(BENCH_TMP, { recursive: true });
  const left = emptyTrash();
  log(`chitieu bench · dataset ${o.dataset} · groups ${[...o.only].join(', ')} · ${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (left) log(`removed ${left} scratch directories an interrupted bench left`);
  const info = await prepareInput(o.dataset, o.seed, log);
  log(`dataset: ${info.files} files, ${info.values} values${info.reused ? ` (cached in ${relative(REPO, info.dir)})` : ''}`);
  const needsWarehouse = [...o.only].some((g) => g !== 'ingest' && g !== 'bundles' && g !== 'start');
  const wh = needsWarehouse ? await prepareWarehouse(info, { fresh: o.fresh }, log) : undefined;
  if (wh?.reused) log(`warehouse: ${relative(REPO, wh.dir)} (cached)`);

  const results: Metric[] = [];
  const group = async (g: Group, fn: () => Promise<Metric[]>) => {
    if (!o.only.has(g)) return;
    log(`\n[${g}]`);
    const t0 = performance.now();
    try {
      results.push(...(await fn()));
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      log(`  failed: ${(e as Error).stack ?? msg}`);
      results.push(notMeasured(`${g}`, g, '', undefined, `the group failed: ${msg}`));
    }
    log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };

  await group('ingest', () => benchIngest(info, { runs: o.runs, sample: o.sample, log }));
  await group('memory', () => benchFullIngest(info, wh!, { duckdb: true, log }));
  await group('lambda-ingest', () => benchLambdaIngest(info, { calls: Math.max(50, o.runs), warmup: 5, log }));
  await group('analyses', () => benchAnalyses(o.dataset, wh!.dir, { runs: Math.max(9, o.runs), log }));
  await group('athena', () => benchAthena(o.dataset, wh!.dir, { log }));
  await group('explorer', () => benchExplorer(wh!.dir, { runs: o.runs, switches: 20, log }));
  await group('bundles', () => benchLambdaBundles({ runs: Math.max(7, o.runs), log }));
  await group('api', () => benchApi(o.dataset, wh!.dir, { clients: o.clients, seconds: o.apiSeconds, log }));
  await group('freshness', () => benchFreshness(o.dataset, info, wh!.dir, { runs: o.runs, log }));
  await group('start', () => benchStart(o.dataset, { runs: o.runs, log }));

  // Scratch directories are removed now, not between measurements (see scratch-dirs.ts).
  const trashT0 = performance.now();
  const removed = emptyTrash();
  if (removed) log(`\nremoved ${removed} scratch directories in ${((performance.now() - trashT0) / 1000).toFixed(1)} s`);

  const report = {
    dataset: o.dataset,
    seed: o.seed,
    started: started.toISOString(),
    finished: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), loadavg: loadavg(), node: process.version },
    input: { key: info.key, files: info.files, values: info.values },
    warehouse: wh ? { key: wh.key, reused: wh.reused } : null,
    metrics: results,
  };
  mkdirSync(join(o.out, '..'), { recursive: true });
  writeFileSync(o.out, JSON.stringify(report, null, 2) + '\n');
  console.log('');
  printTable(results, (s) => console.log(s));
  console.log(`\n${results.filter((m) => m.pass === true).length} pass · ${results.filter((m) => m.pass === false).length} miss · ${results.filter((m) => m.pass === null).length} without target or not measured · written to ${relative(process.cwd(), o.out)}`);
}

main().catch((e) => {
  console.error((e as Error).stack ?? String(e));
  process.exitCode = 1;
});
