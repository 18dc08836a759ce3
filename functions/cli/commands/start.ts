/**
 * `chitieu start` (what `npm start` runs): on first run, builds the demo warehouse (synthetic
 * national-10y data, with progress), builds the explorer if needed, then serves both.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { generateDataset } from './generate.ts';
import { ingestPaths, printSummary } from './ingest.ts';
import { startServer, EXPLORER_DIST } from './serve.ts';
import { compareWarehouse } from './compare.ts';
import { warehouseDir } from '../context.ts';

type Dataset = 'national-10y' | 'small';

function hasData(warehouse: string): boolean {
  const dir = join(warehouse, 'curated', 'reports');
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/** Generates and ingests the demo dataset into an empty warehouse. */
export async function buildDemoWarehouse(warehouse: string, dataset: Dataset, log: (s: string) => void = console.error): Promise<void> {
  const input = mkdtempSync(join(tmpdir(), 'chitieu-demo-'));
  try {
    log(`Tạo dữ liệu mô phỏng ${dataset} / generating synthetic ${dataset} data…`);
    const started = performance.now();
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'Sinh dữ liệu / generate |{bar}| {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    let barStarted = false;
    const g = await generateDataset({
      dataset, out: input, seed: 1,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!barStarted) { bar.start(total, 0); barStarted = true; }
        bar.update(done);
      },
    });
    bar?.stop();
    log(`  ${g.files} tệp, ${g.values} giá trị (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const t2 = performance.now();
    const s = await ingestPaths(warehouse, [input], { progress: true });
    printSummary(s, log);
    log(`  nhập kho / ingested in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('start')
    .description('Dựng kho demo (lần đầu) và mở trình khám phá / build the demo warehouse (first run) and open the explorer')
    .option('--dataset <name>', 'national-10y | small', process.env.CHITIEU_DEMO_DATASET ?? 'national-10y')
    .option('--port <n>', 'cổng / port', process.env.PORT ?? '8787')
    .action(async (o: { dataset: Dataset; port: string }, cmd: Command) => {
      const warehouse = warehouseDir(cmd);
      if (!hasData(warehouse)) await buildDemoWarehouse(warehouse, o.dataset);
      if (!existsSync(EXPLORER_DIST)) {
        console.error('Build trình khám phá / building the explorer…');
        const r = spawnSync('npm', ['run', '--silent', 'build:explorer'], { stdio: 'inherit' });
        if (r.status !== 0) console.error('Không build được trình khám phá; API vẫn chạy / explorer build failed; the API still runs.');
      }
      console.error('Chuẩn bị bộ máy truy vấn / preparing the query engine…');
      if (!existsSync(join(warehouse, 'results', 'compare', 'latest.json'))) {
        // The briefing comparison of the latest closed period, and the explorer's data extracts.
        console.error('So sánh các tỉnh kỳ gần nhất / comparing provinces for the latest period…');
        const r = await compareWarehouse(warehouse, { period: 'latest', log: (line) => console.error(`  ${line}`) });
        console.error(`  → ${r.digestKey}`);
      }
      const s = await startServer(warehouse, Number(o.port));
      console.log(`\nchitieu đang chạy tại / running at ${s.url}\n(dữ liệu mô phỏng / synthetic demo data · Ctrl+C để dừng / to stop)`);
    });
}
