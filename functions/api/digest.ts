/**
 * The comparison digest in the explorer: GET /api/digest lists the periods compared (newest
 * first, the latest marked), GET /api/digest/<period> serves that period's current digest (HTML,
 * as `chitieu compare` published it under results/compare/<period>/, read through its pointer so
 * a run being replaced is never mixed with the next). The HTML is served sandboxed: it is shown in
 * the explorer in a frame without scripts.
 */
import { Hono } from 'hono';
import type { Storage } from '../adapters/storage/storage.ts';
import { ApiError } from './errors.ts';
import { COMPARE_PREFIX, comparePeriodPrefix, comparePointerKey } from '../core/warehouse-contract/layout.ts';
import { readLatest, readPointer, type RunPointer } from '../compare/publish.ts';

const PERIOD = /^[0-9]{4}-[0-9A-Z]{1,2}$/;
/** Periods listed at most (a few years of monthly, quarterly and yearly comparisons). */
const MAX_PERIODS = 500;

export interface DigestEntry {
  period: string;
  period_type?: string;
  start?: string;
  end?: string;
  generated_at?: string;
  synthetic?: boolean;
}

const entry = (p: RunPointer): DigestEntry => ({ period: p.period, period_type: p.period_type, start: p.start, end: p.end, generated_at: p.generated_at, synthetic: p.synthetic });

export function digestRoutes(storage: Storage): Hono {
  const app = new Hono();

  app.get('/api/digest', async (c) => {
    const latest = await readLatest(storage);
    const periods: DigestEntry[] = [];
    // One pointer per period: results/compare/<period>/current.json.
    for await (const o of storage.list(COMPARE_PREFIX)) {
      const period = o.key.slice(COMPARE_PREFIX.length).split('/')[0];
      if (!PERIOD.test(period) || o.key !== comparePointerKey(period)) continue;
      const p = await readPointer(storage, period);
      if (p?.period === period && p.digest) periods.push(entry(p));
      if (periods.length >= MAX_PERIODS) break;
    }
    periods.sort((a, b) => (a.end ?? a.period) < (b.end ?? b.period) ? 1 : (a.end ?? a.period) > (b.end ?? b.period) ? -1 : a.period < b.period ? 1 : -1);
    return c.json({ latest: latest?.digest ? entry(latest) : null, periods }, 200, { 'cache-control': 'no-cache' });
  });

  app.get('/api/digest/:period', async (c) => {
    const period = c.req.param('period');
    if (!PERIOD.test(period)) throw new ApiError(400, 'bad_period', 'Nhãn kỳ không hợp lệ.', 'Invalid period label.');
    const pointer = await readPointer(storage, period);
    const html = pointer?.digest && pointer.digest.startsWith(comparePeriodPrefix(period)) ? await storage.get(pointer.digest) : undefined;
    if (!html) throw new ApiError(404, 'not_found', `Chưa có bản tin so sánh kỳ ${period} (chạy chitieu compare).`, `No comparison digest for ${period} yet (run chitieu compare).`);
    return c.body(new TextDecoder().decode(html), 200, {
      'content-type': 'text/html; charset=utf-8',
      // Opened on its own, it runs nothing and fetches nothing.
      'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
  });

  return app;
}
