/**
 * Idempotency, revisions, and crashes: the same file twice adds nothing; a later revision
 * supersedes the earlier one in every query while both stay stored; a crash at any step of
 * ingest leaves no partial or doubled rows once the file is ingested again.
 */
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { crashingStorage, InjectedCrash, type FaultPoint } from '../helpers/crash-storage.ts';
import { ingestFile } from '../../functions/ingest/ingest-file.ts';
import { loadLedger } from '../../functions/ingest/ledger.ts';
import { DuckDbEngine } from '../../functions/adapters/engine/duckdb.ts';
import { file, filesUnder, goodReport, countRows, perTestWarehouses } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const { warehouse } = perTestWarehouses();

async function currentRows(dir: string): Promise<Record<string, unknown>[]> {
  const e = await DuckDbEngine.open(dir, { views: sharedViews() });
  try {
    return (await e.query('SELECT unit_id, period, indicator, value, revision FROM current_values ORDER BY indicator')).rows;
  } finally {
    await e.close();
  }
}

const count = countRows;

describe('idempotency', () => {
  it('ingesting the same file again adds nothing', async () => {
    const wh = warehouse();
    const f = file('r.json', goodReport());
    const first = await ingestFiles([f], { storage: wh.storage });
    expect(first.accepted).toBe(1);
    const before = filesUnder(wh.dir, 'curated');
    const again = await ingestFiles([f, file('copy-with-other-name.json', goodReport())], { storage: wh.storage });
    expect(again.unchanged).toBe(2);
    expect(again.accepted).toBe(0);
    expect(filesUnder(wh.dir, 'curated')).toEqual(before);
    expect(await count(wh.dir, 'current_values')).toBe(3);
    expect(await count(wh.dir, 'all_values')).toBe(3);
  });

  it('a single-file ingest (the Lambda path) is idempotent too', async () => {
    const wh = warehouse();
    const bytes = new TextEncoder().encode(JSON.stringify(goodReport()));
    expect((await ingestFile({ storage: wh.storage }, { name: 'r.json', bytes })).status).toBe('accepted');
    expect((await ingestFile({ storage: wh.storage }, { name: 'r.json', bytes })).status).toBe('unchanged');
    expect(await count(wh.dir, 'current_values')).toBe(3);
  });
});

describe('revisions', () => {
  it('a later revision supersedes the earlier in queries, and both stay stored', async () => {
    const wh = warehouse();
    await ingestFiles([file('r1.json', goodReport())], { storage: wh.storage });
    const r2 = goodReport({ revision: 2, submitted_at: '2024-04-20T08:00:00+07:00',
      values: [{ indicator: 'crime_reports_received', value: 650 }, { indicator: 'appeal_protests', value: 7 }] });
    const current = (await loadLedger(wh.storage)).current;
    const s = await ingestFiles([file('r2.json', r2)], { storage: wh.storage, current });
    expect(s.superseded).toBe(1);
    const rows = await currentRows(wh.dir);
    expect(rows).toEqual([
      { unit_id: 'p63-94', period: '2024-03', indicator: 'appeal_protests', value: 7, revision: 2 },
      { unit_id: 'p63-94', period: '2024-03', indicator: 'crime_reports_received', value: 650, revision: 2 },
    ]);
    expect(await count(wh.dir, 'all_values')).toBe(5);
    expect(await count(wh.dir, 'reports')).toBe(2);
  });

  it('an earlier revision arriving late does not win', async () => {
    const wh = warehouse();
    const r2 = goodReport({ revision: 2, submitted_at: '2024-04-20T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 650 }] });
    await ingestFiles([file('r2.json', r2)], { storage: wh.storage });
    const s = await ingestFiles([file('r1.json', goodReport())], { storage: wh.storage, current: (await loadLedger(wh.storage)).current });
    expect(s.superseded).toBe(0);
    expect((await currentRows(wh.dir)).map((r) => r.value)).toEqual([650]);
  });
});

describe('a crash at each step of ingest', () => {
  const points: FaultPoint[] = ['after_raw', 'after_values', 'after_ledger'];
  it.each(points)('crash %s, then ingest again: no partial or doubled rows', async (point) => {
    const wh = warehouse();
    const files = [file('a.json', goodReport()), file('b.json', goodReport({ period: '2024-04', submitted_at: '2024-05-05T08:00:00+07:00' }))];
    await expect(ingestFiles(files, { storage: crashingStorage(wh.storage, point) })).rejects.toBeInstanceOf(InjectedCrash);
    // Whatever the crash left, queries never see a partial report.
    const seen = await count(wh.dir, 'current_values');
    expect([0, 6]).toContain(seen);
    const again = await ingestFiles(files, { storage: wh.storage });
    expect(again.rejected).toBe(0);
    expect(await count(wh.dir, 'current_values')).toBe(6);
    expect(await count(wh.dir, 'all_values')).toBe(6);
    expect(await count(wh.dir, 'current_reports')).toBe(2);
    // and a third time adds nothing
    const third = await ingestFiles(files, { storage: wh.storage });
    expect(third.unchanged).toBe(2);
    expect(await count(wh.dir, 'all_values')).toBe(6);
  });

  it('single-file crash before the ledger, then redelivery', async () => {
    const wh = warehouse();
    const bytes = new TextEncoder().encode(JSON.stringify(goodReport()));
    await expect(ingestFile({ storage: crashingStorage(wh.storage, 'after_values') }, { name: 'r.json', bytes })).rejects.toBeInstanceOf(InjectedCrash);
    expect(await count(wh.dir, 'current_values')).toBe(0);
    expect((await ingestFile({ storage: wh.storage }, { name: 'r.json', bytes })).status).toBe('accepted');
    expect(await count(wh.dir, 'current_values')).toBe(3);
  });
});
