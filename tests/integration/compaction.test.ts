/**
 * Compaction keeps exactly the current-revision rows, moves superseded revisions to history
 * (still in all_values), leaves ≤ 2 files per partition, and no step of it — including a crash
 * between steps — makes the current-revision view miss or double a row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { compactWarehouse, type CompactionFault } from '../../functions/compact/compact.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { file, filesUnder, goodReport, tempWarehouse } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

async function snapshot(dir: string) {
  const e = await DuckDbEngine.open(dir, { views: sharedViews() });
  try {
    const cur = (await e.query('SELECT unit_id, period, indicator, value, revision FROM current_values ORDER BY unit_id, period, indicator')).rows;
    const all = (await e.query('SELECT report_id, indicator, value FROM all_values ORDER BY report_id, indicator')).rows;
    const reports = Number((await e.query('SELECT count(*) AS n FROM reports')).rows[0].n);
    return { cur, all, reports };
  } finally {
    await e.close();
  }
}

/** Many small batches with revisions, as a Lambda would leave them. */
async function seed() {
  const wh = tempWarehouse();
  cleanups.push(wh.cleanup);
  const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
  for (const m of months) {
    for (const unit of ['p63-94', 'd-941', 'd-942']) {
      const sub = `${m}-10T08:00:00+07:00`.replace(/^(\d{4})-(\d{2})/, (_x, y, mm) => (mm === '12' ? `${Number(y) + 1}-01` : `${y}-${String(Number(mm) + 1).padStart(2, '0')}`));
      await ingestFiles([file(`${unit}-${m}.json`, goodReport({ unit_id: unit, period: m, submitted_at: sub }))], { storage: wh.storage });
    }
  }
  // revisions of two reports, the second revised twice
  await ingestFiles([file('r2.json', goodReport({ period: '2024-02', revision: 2, submitted_at: '2024-03-20T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 700 }] }))], { storage: wh.storage });
  await ingestFiles([file('r2b.json', goodReport({ unit_id: 'd-941', period: '2024-03', revision: 2, submitted_at: '2024-04-20T08:00:00+07:00', values: [{ indicator: 'key_cases', value: 2 }] }))], { storage: wh.storage });
  await ingestFiles([file('r3b.json', goodReport({ unit_id: 'd-941', period: '2024-03', revision: 3, submitted_at: '2024-04-25T08:00:00+07:00', values: [{ indicator: 'key_cases', value: 3 }] }))], { storage: wh.storage });
  return wh;
}

describe('compaction', () => {
  it('keeps the current rows, moves history, and leaves few files', async () => {
    const wh = await seed();
    const before = await snapshot(wh.dir);
    const filesBefore = filesUnder(wh.dir, 'curated').length;
    const s = await compactWarehouse(wh.storage);
    expect(s.filesBefore).toBe(filesBefore);
    const after = await snapshot(wh.dir);
    expect(after.cur).toEqual(before.cur);
    expect(after.all).toEqual(before.all);
    expect(after.reports).toBe(before.reports);
    const curated = filesUnder(wh.dir, 'curated');
    const parts = new Set(curated.map((k) => k.split('/').slice(1, 3).join('/')));
    for (const p of parts) expect(curated.filter((k) => k.includes(p)).length).toBeLessThanOrEqual(2);
    expect(filesUnder(wh.dir, 'history').length).toBe(2);
    expect(s.partitions.reduce((a, p) => a + p.superseded, 0)).toBe(3);
    // a second run has nothing to do
    const again = await compactWarehouse(wh.storage);
    expect(again.partitions.every((p) => p.skipped)).toBe(true);
    expect(await snapshot(wh.dir)).toEqual(after);
  });

  it.each<CompactionFault>(['after_write', 'after_ledger_delete'])('a crash %s shows neither missing nor doubled rows, and a rerun completes', async (fault) => {
    const wh = await seed();
    const before = await snapshot(wh.dir);
    await expect(compactWarehouse(wh.storage, { fault })).rejects.toThrow(/injected/);
    const during = await snapshot(wh.dir);
    expect(during.cur).toEqual(before.cur);
    expect(during.all).toEqual(before.all);
    await compactWarehouse(wh.storage);
    const after = await snapshot(wh.dir);
    expect(after.cur).toEqual(before.cur);
    expect(after.all).toEqual(before.all);
  });

  it('ingest after compaction still supersedes correctly', async () => {
    const wh = await seed();
    await compactWarehouse(wh.storage);
    await ingestFiles([file('r4.json', goodReport({ period: '2024-02', revision: 3, submitted_at: '2024-03-28T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 710 }] }))], { storage: wh.storage });
    const snap = await snapshot(wh.dir);
    expect(snap.cur.filter((r) => r.unit_id === 'p63-94' && r.period === '2024-02')).toEqual([
      { unit_id: 'p63-94', period: '2024-02', indicator: 'crime_reports_received', value: 710, revision: 3 },
    ]);
  });
});
