/**
 * `chitieu start` (what `npm start` runs). On first run it builds the demo warehouse (synthetic
 * national-10y data) and the explorer, and serves them as soon as the latest statistical year
 * is in: only that year's files are written first (the simulation runs whole, writing 450 MB of
 * reports took most of the first minute), then the explorer answers from it while the other
 * years are written and ingested in the background, newest first, each picked up by the running
 * server as an incremental update (duckdb-live.ts); the briefing comparison and the explorer's
 * data extracts come last. Every step that takes more than a moment shows a bar or a counter.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { generateDataset } from './generate.ts';
import { ingestPaths, printSummary } from './ingest.ts';
import { startServer, EXPLORER_DIST, type RunningServer } from './serve.ts';
import { compareWarehouse } from './compare.ts';
import { planDataset } from '../../core/generate/datasets.ts';
import { warehouseDir } from '../context.ts';
import { VIEW_NAMES } from '../../queries/views.ts';

type Dataset = 'national-10y' | 'small';
type Log = (s: string) => void;

function hasData(warehouse: string): boolean {
  const dir = join(warehouse, 'curated', 'reports');
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * Present while the demo's earlier years are still to be ingested in the background: a start
 * stopped before they were all in generates them again next time (files already in are
 * recognized and skipped).
 */
const incompleteMarker = (warehouse: string) => join(warehouse, 'cache', 'demo-incomplete');

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** A bar on a terminal; elsewhere (a log, CI) nothing, the step's summary line says enough. */
function bar(format: string): cliProgress.SingleBar | undefined {
  return process.stderr.isTTY ? new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
}

/** The demo's statistical years, newest first. */
const demoYears = (dataset: Dataset): number[] => {
  const [from, to] = planDataset(dataset).statYears;
  return Array.from({ length: to - from + 1 }, (_, i) => to - i);
};

/**
 * Writes the synthetic dataset under `input`, one folder per statistical year (those `years`
 * only, when given); the folders of the years written, newest first.
 */
async function generateInput(input: string, dataset: Dataset, log: Log, years?: number[]): Promise<string[]> {
  const which = years ? ` (${years.length === 1 ? years[0] : `${years.at(-1)}–${years[0]}`})` : '';
  log(`Tạo dữ liệu mô phỏng ${dataset}${which} / generating synthetic ${dataset} data${which}…`);
  const started = performance.now();
  const b = years && years.length > 1 ? undefined : bar('Sinh dữ liệu / generate |{bar}| {value}/{total}');
  let barStarted = false;
  const wanted = years ? new Set(years.map(String)) : undefined;
  const g = await generateDataset({
    dataset, out: input, seed: 1, force: true,
    only: wanted ? (path) => wanted.has(path.split('/')[0]) : undefined,
    onProgress: (done, total) => {
      if (!b) return;
      if (!barStarted) { b.start(total, 0); barStarted = true; }
      b.update(done);
    },
  });
  b?.stop();
  log(`  ${g.files} tệp, ${g.values} giá trị (${seconds(started)})`);
  return readdirSync(input).filter((d) => /^\d{4}$/.test(d) && (!wanted || wanted.has(d))).sort().reverse().map((d) => join(input, d));
}

/** Generates and ingests the demo dataset into an empty warehouse (all of it, then returns). */
export async function buildDemoWarehouse(warehouse: string, dataset: Dataset, log: Log = console.error): Promise<void> {
  const input = mkdtempSync(join(tmpdir(), 'chitieu-demo-'));
  try {
    await generateInput(input, dataset, log);
    const t2 = performance.now();
    const s = await ingestPaths(warehouse, [input], { progress: true });
    printSummary(s, log);
    log(`  nhập kho / ingested in ${seconds(t2)}`);
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
}

/** `npm run build:explorer` in a child process; resolves whether it succeeded. */
function buildExplorer(log: Log): Promise<boolean> {
  log('Build trình khám phá (song song) / building the explorer (in parallel)…');
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'build:explorer'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      if (code !== 0) log(`Không build được trình khám phá; API vẫn chạy / explorer build failed; the API still runs.\n${err}`);
      resolve(code === 0);
    });
  });
}

/** Starts the server, with a bar over the relations of the engine database while it is built. */
async function serveWithProgress(warehouse: string, port: number, log: Log): Promise<RunningServer> {
  log('Chuẩn bị bộ máy truy vấn / preparing the query engine…');
  const started = performance.now();
  const b = bar('Bộ máy truy vấn / query engine |{bar}| {value}/{total} {step}');
  let done = 0;
  b?.start(VIEW_NAMES.length + 1, 0, { step: '' });
  try {
    return await startServer(warehouse, port, { onEngineStep: (step) => b?.update(++done, { step }) });
  } finally {
    b?.stop();
    log(`  sẵn sàng / ready in ${seconds(started)}`);
  }
}

/** Waits for the explorer build started in parallel, with a counter of the seconds if it is not done yet. */
async function waitForExplorer(explorer: Promise<boolean>, log: Log): Promise<void> {
  const ready = await Promise.race([explorer.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 50))]);
  if (ready) return;
  const started = performance.now();
  log('Chờ build trình khám phá / waiting for the explorer build…');
  const b = bar('Trình khám phá / explorer build {duration}s');
  b?.start(1, 0);
  const tick = setInterval(() => b?.update(0), 1000);
  try {
    await explorer;
  } finally {
    clearInterval(tick);
    b?.stop();
    log(`  (${seconds(started)})`);
  }
}

/**
 * What can wait until the explorer answers: the other years (written, then ingested newest
 * first; the server holds off picking up files until each year is complete, then updates
 * incrementally), and the briefing comparison with the explorer's extracts.
 */
async function finishInBackground(warehouse: string, server: RunningServer, input: string | undefined, dataset: Dataset, later: number[], log: Log): Promise<void> {
  const started = performance.now();
  const years = input && later.length ? await generateInput(input, dataset, (s) => log(`  [nền / background] ${s.trim()}`), later) : [];
  for (const [i, dir] of years.entries()) {
    const t = performance.now();
    server.engine.hold();
    let s;
    try {
      s = await ingestPaths(warehouse, [dir]);
    } finally {
      await server.engine.release();
    }
    log(`  [nền / background ${i + 1}/${years.length}] năm / year ${dir.slice(-4)}: ${s.accepted} tệp / files, ${s.values} giá trị / values (${seconds(t)})${s.rejected ? ` · từ chối / rejected ${s.rejected}` : ''}`);
  }
  if (years.length) log(`  Đã nhập đủ dữ liệu / all data in (${seconds(started)} in the background)`);
  if (!existsSync(join(warehouse, 'results', 'compare', 'latest.json'))) {
    // The briefing comparison of the latest closed period, and the explorer's data extracts.
    const r = await compareWarehouse(warehouse, { period: 'latest', log: (line) => log(`  [so sánh / compare] ${line}`) });
    log(`  [so sánh / compare] → ${r.digestKey}`);
  }
}

export function register(program: Command): void {
  program
    .command('start')
    .description('Dựng kho demo (lần đầu) và mở trình khám phá / build the demo warehouse (first run) and open the explorer')
    .option('--dataset <name>', 'national-10y | small', process.env.CHITIEU_DEMO_DATASET ?? 'national-10y')
    .option('--port <n>', 'cổng / port', process.env.PORT ?? '8787')
    .action(async (o: { dataset: Dataset; port: string }, cmd: Command) => {
      const started = performance.now();
      const log: Log = (s) => console.error(s);
      const warehouse = warehouseDir(cmd);
      // The explorer builds in a child process while the data is generated and ingested.
      const explorer = existsSync(EXPLORER_DIST) ? Promise.resolve(true) : buildExplorer(log);
      let input: string | undefined;
      let later: number[] = [];
      const resume = existsSync(incompleteMarker(warehouse));
      if (!hasData(warehouse) || resume) {
        input = mkdtempSync(join(tmpdir(), 'chitieu-demo-'));
        const years = demoYears(o.dataset);
        mkdirSync(join(warehouse, 'cache'), { recursive: true });
        writeFileSync(incompleteMarker(warehouse), `${o.dataset}\n`);
        // A start stopped early serves what is in and completes every year in the background
        // (files already in are recognized and skipped).
        if (resume) later = years;
        else {
          // The latest year first: the explorer answers from it while the rest follows.
          const [latest] = await generateInput(input, o.dataset, log, [years[0]]);
          const t = performance.now();
          log(`Nhập năm gần nhất / ingesting the latest year (${years[0]})…`);
          const s = await ingestPaths(warehouse, [latest], { progress: true });
          printSummary(s, log);
          log(`  nhập kho / ingested in ${seconds(t)}`);
          later = years.slice(1);
        }
      }
      await waitForExplorer(explorer, log);
      const server = await serveWithProgress(warehouse, Number(o.port), log);
      console.log(`\nchitieu đang chạy tại / running at ${server.url}  (${seconds(started)})\n(dữ liệu mô phỏng / synthetic demo data · Ctrl+C để dừng / to stop)`);
      if (later.length) log(`Các năm khác được tạo và nhập ở chế độ nền / the other years are written and ingested in the background (${later.length})…`);
      try {
        await finishInBackground(warehouse, server, input, o.dataset, later, log);
        rmSync(incompleteMarker(warehouse), { force: true });
      } catch (e) {
        log(`Lỗi khi hoàn tất ở chế độ nền / background step failed: ${(e as Error).message}`);
      } finally {
        if (input) rmSync(input, { recursive: true, force: true });
      }
    });
}
