/**
 * `chitieu generate --dataset national-10y|small --out DIR [--seed N] [--period-reports SHARE]`:
 * writes the synthetic demo reports (functions/core/generate) as JSON files
 * <out>/<statYear>/<unit_id>/<period>.json (monthly and period reports; a province's "hai cấp"
 * report as <period>.hai-cap.json), with a bounded number of concurrent writes so memory stays
 * flat however large the dataset, and the manifest of the figures that were made to disagree
 * (<out>/.manifest.json; ingest skips dot files).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DATASETS, type DatasetName } from '../../core/generate/datasets.ts';
import {
  DEFAULT_PERIOD_REPORT_SHARE, DEFAULT_SEED, MANIFEST_FILE, datasetSlotCount, generateSlots, generatorLabel,
} from '../../core/generate/generate.ts';
import type { Disagreement } from '../../core/generate/period-reports.ts';
import { UserError } from '../context.ts';

/** Files being written at once: enough to keep the disk busy, few enough to bound memory and file handles. */
const MAX_CONCURRENT_WRITES = 64;

export interface GenerateOptions {
  dataset: DatasetName;
  out: string;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Write into a non-empty directory (files of the same names are overwritten). */
  force?: boolean;
  /** Share of provinces whose units send period reports (0..1; default all). */
  periodReportShare?: number;
  /**
   * Writes only the files whose path (relative to `out`, with '/') passes; the simulation still
   * runs whole, so what is written is byte for byte what a full run writes (`chitieu start`
   * writes the latest statistical year first, the others in a second pass).
   */
  only?: (path: string) => boolean;
}

/** The manifest written beside the reports: which figures were made to disagree, and why. */
export interface GenerateManifest {
  generator: string;
  dataset: DatasetName;
  seed: number;
  period_report_share: number;
  disagreements: Disagreement[];
}

export interface GenerateResult {
  /** Files written (first reports and revisions). */
  files: number;
  /** Values across all files. */
  values: number;
  /** Unit-period reports (a revised report counts once). */
  reports: number;
  /** Period reports (quarter, 6 and 9 months, year; "hai cấp" included). */
  periodReports: number;
  manifest: GenerateManifest;
}

export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  if (!DATASETS.includes(opts.dataset)) {
    throw new UserError(`bộ dữ liệu không hợp lệ "${opts.dataset}" (chọn ${DATASETS.join(' | ')}) / unknown dataset "${opts.dataset}" (choose ${DATASETS.join(' | ')})`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserError(`seed phải là số nguyên 0..4294967295 / seed must be an integer 0..4294967295 (got ${seed})`);
  }
  const share = opts.periodReportShare ?? DEFAULT_PERIOD_REPORT_SHARE;
  if (!(share >= 0 && share <= 1)) {
    throw new UserError(`tỷ lệ báo cáo kỳ phải trong 0..1 / the period-report share must be within 0..1 (got ${share})`);
  }
  const out = resolve(opts.out);
  await mkdir(out, { recursive: true });
  if (!opts.force && (await readdir(out)).length > 0) {
    throw new UserError(`thư mục ${out} không rỗng (dùng --force để ghi đè) / ${out} is not empty (use --force to write into it)`);
  }

  const total = datasetSlotCount(opts.dataset);
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  const dirs = new Set<string>();
  let done = 0;
  let files = 0;
  let values = 0;
  let reports = 0;
  let periodReports = 0;
  const disagreements: Disagreement[] = [];
  opts.onProgress?.(0, total);
  for (const slot of generateSlots(opts.dataset, seed, { periodReportShare: share })) {
    for (const f of slot.files) {
      if (opts.only && !opts.only(f.path)) continue;
      const target = join(out, f.path);
      const dir = dirname(target);
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      const p: Promise<void> = writeFile(target, f.content).then(
        () => { inflight.delete(p); },
        (e) => { inflight.delete(p); failure ??= e; },
      );
      inflight.add(p);
      if (inflight.size >= MAX_CONCURRENT_WRITES) await Promise.race(inflight);
      if (failure) break;
      files++;
      values += f.values;
    }
    if (failure) break;
    if (slot.disagreements) disagreements.push(...slot.disagreements);
    if (slot.kind === 'period' || slot.kind === 'province_total') {
      periodReports++;
      reports++;
      continue;
    }
    if (slot.kind === 'late_revision') continue;
    if (slot.files.length > 0) reports++;
    done++;
    if (done % 250 === 0) opts.onProgress?.(done, total);
  }
  await Promise.all(inflight);
  if (failure) throw failure;
  const manifest: GenerateManifest = { generator: generatorLabel(opts.dataset, seed), dataset: opts.dataset, seed, period_report_share: share, disagreements };
  await writeFile(join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n');
  opts.onProgress?.(total, total);
  return { files, values, reports, periodReports, manifest };
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('Sinh dữ liệu mô phỏng (báo cáo JSON) / generate synthetic demo reports (JSON)')
    .requiredOption('--dataset <name>', `bộ dữ liệu / dataset: ${DATASETS.join(' | ')}`)
    .requiredOption('--out <dir>', 'thư mục ghi tệp / output directory')
    .option('--seed <n>', 'hạt giống ngẫu nhiên / random seed', String(DEFAULT_SEED))
    .option('--force', 'ghi vào thư mục không rỗng / write into a non-empty directory')
    .option('--period-reports <share>', 'tỷ lệ tỉnh gửi báo cáo quý, 6, 9 tháng, năm (0..1) / share of provinces sending quarter, 6-, 9-month and annual reports (0..1)', String(DEFAULT_PERIOD_REPORT_SHARE))
    .action(async (o: { dataset: string; out: string; seed: string; force?: boolean; periodReports: string }) => {
      const seed = Number(o.seed);
      const periodReportShare = Number(o.periodReports);
      if (!/^(0|1|0?\.\d+|1\.0*)$/.test(o.periodReports)) throw new UserError(`--period-reports phải là số trong 0..1 / --period-reports must be a number within 0..1 (got "${o.periodReports}")`);
      if (!/^\d+$/.test(o.seed)) throw new UserError(`seed phải là số nguyên không âm / seed must be a non-negative integer (got "${o.seed}")`);
      const bar = new cliProgress.SingleBar(
        { format: 'Sinh dữ liệu / generating |{bar}| {percentage}% {value}/{total} (đơn vị × tháng / unit × month)', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      const t0 = performance.now();
      try {
        const r = await generateDataset({
          dataset: o.dataset as DatasetName,
          out: o.out,
          seed,
          force: o.force,
          periodReportShare,
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, done);
              started = true;
            } else bar.update(done);
          },
        });
        bar.stop();
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        console.error(
          `Đã ghi ${r.files} tệp (${r.reports} báo cáo, trong đó ${r.periodReports} báo cáo kỳ; ${r.manifest.disagreements.length} số liệu không khớp có chủ ý, xem ${MANIFEST_FILE}), ${r.values} giá trị vào ${resolve(o.out)} trong ${secs} s (dữ liệu mô phỏng) / ` +
          `wrote ${r.files} files (${r.reports} reports, ${r.periodReports} of them period reports; ${r.manifest.disagreements.length} deliberate disagreements, see ${MANIFEST_FILE}), ${r.values} values to ${resolve(o.out)} in ${secs} s (synthetic data)`,
        );
      } finally {
        if (started) bar.stop();
      }
    });
}
