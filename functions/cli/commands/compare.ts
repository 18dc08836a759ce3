/**
 * `chitieu compare --period <label|latest> [--grace-days N]`: the cross-province comparison on
 * the local warehouse (DuckDB + filesystem), the same `runCompare` the scheduled Lambda runs.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { DuckDbEngine } from '../../adapters/engine/duckdb.ts';
import { FsStorage } from '../../adapters/storage/fs.ts';
import { PERIOD_TYPES, type PeriodType } from '../../core/calendar.ts';
import { SITE_MANIFEST_KEY } from '../../core/warehouse-contract/layout.ts';
import type { Lang } from '../../compare/digest/format.ts';
import { DEFAULT_GRACE_DAYS } from '../../compare/closed-period.ts';
import { CompareError } from '../../compare/gather.ts';
import { runCompare } from '../../compare/run-compare.ts';
import { runCompareJob, type JobResult } from '../../compare/job.ts';
import { warehouseDir, UserError } from '../context.ts';
import { sharedViews } from '../../queries/views.ts';

export { runCompare };

/** Runs the comparison on a local warehouse directory (also what `start` can call). */
export async function compareWarehouse(
  warehouse: string,
  o: { period?: string; graceDays?: number; periodType?: PeriodType; extracts?: boolean; pdf?: boolean; lang?: Lang; now?: Date; asOf?: string; provinces?: string[]; log?: (s: string) => void } = {},
): Promise<JobResult> {
  const engine = await DuckDbEngine.open(warehouse, { views: sharedViews() });
  try {
    return await runCompareJob({ engine, storage: new FsStorage(warehouse), period: o.period ?? 'latest', ...o });
  } catch (e) {
    if (e instanceof CompareError) throw new UserError(e.message);
    throw e;
  } finally {
    await engine.close();
  }
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('So sánh giữa các tỉnh cho một kỳ, viết bản tin và dữ liệu trích xuất / cross-province comparison for a period: digest, tables and explorer extracts')
    .option('--period <label>', 'kỳ (2025-11, 2025-Q4, 2025-Y) hoặc latest = kỳ đã khoá sổ gần nhất có số liệu / period label, or latest closed period with data', 'latest')
    .option('--period-type <type>', `loại kỳ cho latest / period type for latest: ${PERIOD_TYPES.join(', ')}`, 'month')
    .option('--grace-days <n>', 'số ngày gia hạn sau cuối kỳ / grace days after the period end', String(DEFAULT_GRACE_DAYS))
    .option('--no-extracts', 'không làm mới site/data / do not refresh site/data')
    .option('--no-pdf', 'không viết bản in PDF / do not write the PDF briefing pack')
    .option('--lang <vi|en>', 'ngôn ngữ của bản in PDF / language of the PDF pack', 'vi')
    .option('--province <list>', 'viết thêm trang riêng của các tỉnh này (mã hoặc tên, cách nhau bởi dấu phẩy; behind = các tỉnh còn chậm trên trang đầu) / also write a page of these provinces\' units (ids or names, comma-separated; behind = those behind on the first page)')
    .option('--as-of <moment>', 'tái lập bản tin theo số liệu đã nhận đến thời điểm này (2025-11-05 hoặc 2025-11-05T08:00:00Z; mặc định: lúc chạy) / figures as of this moment (date or ISO timestamp; default: now); the run is not made current')
    .action(async (o: { period: string; periodType: string; graceDays: string; extracts: boolean; pdf: boolean; lang: string; asOf?: string; province?: string }, cmd: Command) => {
      if (o.lang !== 'vi' && o.lang !== 'en') throw new UserError(`--lang phải là vi hoặc en / --lang must be vi or en (got "${o.lang}")`);
      const graceDays = Number(o.graceDays);
      if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 366) {
        throw new UserError(`--grace-days phải là số nguyên 0..366 / --grace-days must be an integer 0..366 (got "${o.graceDays}")`);
      }
      if (!(PERIOD_TYPES as readonly string[]).includes(o.periodType)) {
        throw new UserError(`--period-type phải là / must be one of ${PERIOD_TYPES.join(', ')}`);
      }
      const warehouse = warehouseDir(cmd);
      const started = performance.now();
      const r = await compareWarehouse(warehouse, {
        period: o.period, graceDays, periodType: o.periodType as PeriodType, extracts: o.extracts, pdf: o.pdf, lang: o.lang, asOf: o.asOf, provinces: o.province?.split(',').map((x) => x.trim()).filter(Boolean), log: (s) => console.error(s),
      });
      const c = r.comparison;
      console.log(`Kỳ / period: ${r.period}${r.closed ? '' : ' (chưa khoá sổ / not closed)'}${c.synthetic ? ' · dữ liệu mô phỏng / synthetic' : ''}`);
      console.log(`Số liệu tính đến / as of: ${r.asOf}${r.current ? '' : ' (tái lập, không thay bản tin hiện hành / reproduction, the current briefing is unchanged)'}`);
      console.log(`Chỉ tiêu / indicators: ${c.national.length} · tỉnh / provinces: ${new Set(c.provinces.map((p) => p.unit_id)).size} · đạt-chưa đạt / verdicts: ${c.attainment.length} · bất thường / outliers: ${c.outliers.length} · thiếu báo cáo / missing: ${c.missing.length}`);
      console.log(`Bản tin / digest: ${join(warehouse, r.digestKey)}`);
      for (const f of r.pointer.files.filter((x) => x.name.startsWith('province_') && !x.name.endsWith('_en'))) console.log(`Trang tỉnh / province page: ${join(warehouse, f.key)}`);
      if (r.pdfKey) console.log(`Bản in / PDF pack: ${join(warehouse, r.pdfKey)}`);
      if (r.current) console.log(`Con trỏ / pointer: ${join(warehouse, r.pointerKey)}`);
      if (r.extracts) console.log(`Trích xuất / extracts: ${join(warehouse, SITE_MANIFEST_KEY)} (mặc định / default view ${r.extracts.default_view.bytes} B)`);
      console.error(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    });
}
