/**
 * Engine snapshots: the previous snapshot is kept as a spare and the next update rewrites it in
 * place (no copy of the latest), but never one that an engine of this process still reads: then
 * the latest is copied and the open one is left as it was. A running server prepares the spare
 * its first update needs in the background, so that no update copies the database on the way
 * from a new report to the analyses.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { prepareSpare, warehouseDatabase } from '../../functions/adapters/engine/duckdb-warehouse.ts';
import { LiveDuckDbEngine } from '../../functions/adapters/engine/duckdb-live.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { goodReport } from '../helpers/warehouse.ts';
import { sharedViews } from '../../functions/queries/views.ts';

describe('engine snapshots', () => {
  it('updates the spare in place, and copies the latest while the spare is open here', async () => {
    const base = mkdtempSync(join(tmpdir(), 'chitieu-snap-'));
    const wh = join(base, 'warehouse');
    let n = 0;
    const ingestRevision = async (revision: number, value: number) => {
      const dir = join(base, `in-${n++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'r.json'), JSON.stringify(goodReport({ revision, submitted_at: `2024-04-${10 + revision}T08:00:00+07:00`, values: [{ indicator: 'crime_reports_received', value }] })));
      expect((await ingestPaths(wh, [dir])).accepted).toBe(1);
    };
    const update = async () => {
      const steps: string[] = [];
      const r = await warehouseDatabase(wh, { views: sharedViews(), onStep: (s) => steps.push(s) });
      return { ...r, steps };
    };
    const valueIn = async (path: string) => {
      const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
      const c = await db.connect();
      const v = (await c.runAndReadAll(`SELECT value FROM current_values WHERE indicator = 'crime_reports_received'`)).getRowObjects()[0]?.value;
      c.closeSync();
      db.closeSync();
      return v;
    };
    try {
      await ingestRevision(1, 100);
      expect((await update()).built).toBe('full');
      await ingestRevision(2, 200);
      const second = await update();
      expect(second.built).toBe('incremental');
      expect(second.steps).toContain('copy'); // no spare yet
      await ingestRevision(3, 300);
      const third = await update();
      expect(third.built).toBe('incremental');
      expect(third.steps).not.toContain('copy'); // the first snapshot, rewritten in place
      expect(await valueIn(third.path)).toBe(300);
      expect(readdirSync(join(wh, 'cache')).filter((f) => f.endsWith('.duckdb')).sort()).toEqual([second.path, third.path].map((p) => p.split('/').pop()).sort());

      // An engine of this process reads the spare (the second snapshot): it must not be touched.
      const reader = await DuckDBInstance.create(second.path, { access_mode: 'READ_ONLY' });
      const conn = await reader.connect();
      try {
        await ingestRevision(4, 400);
        const fourth = await update();
        expect(fourth.steps).toContain('copy');
        expect(await valueIn(fourth.path)).toBe(400);
        const seen = (await conn.runAndReadAll(`SELECT value FROM current_values WHERE indicator = 'crime_reports_received'`)).getRowObjects()[0].value;
        expect(seen).toBe(200);
      } finally {
        conn.closeSync();
        reader.closeSync();
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('a server prepares the spare at start, so its first update copies nothing', async () => {
    const base = mkdtempSync(join(tmpdir(), 'chitieu-snap-'));
    const wh = join(base, 'warehouse');
    const ingest = async (revision: number, value: number) => {
      const dir = join(base, `in-${revision}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'r.json'), JSON.stringify(goodReport({ revision, submitted_at: `2024-04-${10 + revision}T08:00:00+07:00`, values: [{ indicator: 'crime_reports_received', value }] })));
      expect((await ingestPaths(wh, [dir])).accepted).toBe(1);
    };
    const snapshotsIn = () => readdirSync(join(wh, 'cache')).filter((f) => /^engine-[0-9a-f]{16}\.duckdb$/.test(f));
    try {
      await ingest(1, 100);
      const live = await LiveDuckDbEngine.open(wh, { views: sharedViews(), cache: false });
      const first = live.snapshot;
      await live.close(); // waits for the spare
      expect(snapshotsIn()).toHaveLength(2);
      // Already there: a second call makes none.
      expect(await prepareSpare(wh)).toBeUndefined();
      await ingest(2, 200);
      const steps: string[] = [];
      const r = await warehouseDatabase(wh, { views: sharedViews(), onStep: (s) => steps.push(s) });
      expect(r.built).toBe('incremental');
      expect(steps).not.toContain('copy');
      const db = await DuckDBInstance.create(r.path, { access_mode: 'READ_ONLY' });
      const c = await db.connect();
      expect((await c.runAndReadAll(`SELECT value FROM current_values WHERE indicator = 'crime_reports_received'`)).getRowObjects()[0].value).toBe(200);
      c.closeSync();
      db.closeSync();
      // The first snapshot stays the spare of the next update; the copy was the one rewritten.
      expect(snapshotsIn().sort()).toEqual([first, r.path].map((p) => p.split('/').pop()).sort());
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);
});
