/**
 * The incremental engine equals a full build: a warehouse receives a sequence of batches
 * (new statistical years, new months, other period types), revisions that supersede earlier
 * reports (changing and dropping values), redeliveries, a late earlier revision and a
 * compaction; after each step the database brought up to date incrementally is compared with
 * one built from scratch, every published relation row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { warehouseDatabase } from '../../functions/adapters/engine/duckdb-warehouse.ts';
import { generateDataset } from '../../functions/cli/commands/generate.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { compactWarehouse } from '../../functions/compact/compact.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { sharedViews, VIEW_NAMES } from '../../functions/queries/views.ts';

function walk(d: string): string[] {
  return readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)])).sort();
}

/** Rows of `relation` in one database and not the other (as multisets), both ways, and the counts. */
async function differences(a: string, b: string, relation: string): Promise<{ counts: [number, number]; onlyA: unknown[]; onlyB: unknown[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`ATTACH '${a}' AS a (READ_ONLY)`);
    await conn.run(`ATTACH '${b}' AS b (READ_ONLY)`);
    const count = async (s: string) => Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${s}.${relation}`)).getRowObjects()[0].n);
    const rows = async (x: string, y: string) =>
      (await conn.runAndReadAll(`SELECT * FROM (SELECT * FROM ${x}.${relation} EXCEPT ALL SELECT * FROM ${y}.${relation}) LIMIT 5`)).getRowObjectsJson();
    return { counts: [await count('a'), await count('b')], onlyA: await rows('a', 'b'), onlyB: await rows('b', 'a') };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe('incremental engine', () => {
  let input: string;
  let wh: string;
  let fullCache: string;
  let files: string[];
  const staged = (name: string) => {
    const d = join(input, '..', `stage-${name}`);
    mkdirSync(d, { recursive: true });
    return d;
  };

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'chitieu-incr-'));
    input = join(base, 'input');
    wh = join(base, 'warehouse');
    fullCache = join(base, 'full-cache');
    await generateDataset({ dataset: 'small', out: input, seed: 7 });
    files = walk(input);
  }, 120_000);

  afterAll(() => {
    rmSync(join(input, '..'), { recursive: true, force: true });
  });

  /** Ingests the files (copied into a folder of their own), then compares incremental and full. */
  async function step(name: string, pick: string[] | (() => Promise<void>), expectBuilt: 'incremental' | 'full' | false = 'incremental') {
    if (typeof pick === 'function') await pick();
    else {
      const dir = staged(name);
      for (const f of pick) copyFileSync(f, join(dir, f.slice(input.length + 1).replaceAll('/', '_')));
      const s = await ingestPaths(wh, [dir]);
      expect(s.rejected, name).toBe(0);
    }
    const inc = await warehouseDatabase(wh, { views: sharedViews() });
    expect(inc.built, name).toBe(expectBuilt);
    rmSync(fullCache, { recursive: true, force: true });
    const full = await warehouseDatabase(wh, { views: sharedViews(), full: true, cacheDir: fullCache });
    expect(full.built).toBe('full');
    for (const relation of VIEW_NAMES) {
      const d = await differences(inc.path, full.path, relation);
      expect({ step: name, relation, ...d }).toEqual({ step: name, relation, counts: [d.counts[1], d.counts[1]], onlyA: [], onlyB: [] });
    }
  }

  /** Monthly reports (the generator also writes units' own period reports, staged on their own below). */
  const MONTHLY = /(\d{4}-\d{2})(?:\.r2)?\.json$/;
  const firsts = () => files.filter((f) => MONTHLY.test(f) && !f.endsWith('.r2.json'));
  const monthOf = (f: string) => MONTHLY.exec(f)![1];

  it('matches a full build after every batch, revision, redelivery and compaction', async () => {
    // A first batch: the first half of 2024 (from nothing: a full build).
    await step('2024 H1', firsts().filter((f) => monthOf(f) < '2024-06'), 'full');
    // The rest of 2024, then the next statistical year, in two batches across the 2025 switch.
    await step('2024 rest', firsts().filter((f) => monthOf(f) >= '2024-06' && monthOf(f) < '2024-12'));
    await step('2025 before switch', firsts().filter((f) => monthOf(f) >= '2024-12' && monthOf(f) < '2025-07'));
    await step('2025 after switch', firsts().filter((f) => monthOf(f) >= '2025-07'));
    // Revisions supersede earlier reports (the generator's second revisions change values).
    const revisions = files.filter((f) => MONTHLY.test(f) && f.endsWith('.r2.json'));
    expect(revisions.length).toBeGreaterThan(0);
    await step('revisions', revisions);
    // Units' own quarter, 6-month, 9-month and annual reports, beside the months they sum.
    const periodReports = files.filter((f) => !MONTHLY.test(f) && !f.split('/').pop()!.startsWith('.'));
    expect(periodReports.length).toBeGreaterThan(0);
    await step('period reports', periodReports);
    // A redelivery of files already stored changes nothing: the same snapshot is reused.
    await step('redelivery', firsts().filter((f) => monthOf(f) === '2024-03'), false);

    // Reports made by hand: a quarterly report and a six-month report (other partitions, used
    // where no months exist), a revision that drops all but one value, and an earlier
    // revision arriving after it.
    const one = JSON.parse(readFileSync(firsts().find((f) => monthOf(f) === '2025-09')!, 'utf8')) as Record<string, unknown> & { values: { indicator: string }[] };
    const made = {
      'q.json': { ...one, period: '2026-Q1', submitted_at: '2026-03-05T08:00:00+07:00', revision: 1 },
      'h.json': { ...one, period: '2026-H1', submitted_at: '2026-06-05T08:00:00+07:00', revision: 1 },
      'r3.json': { ...one, revision: 3, submitted_at: '2025-11-20T08:00:00+07:00', values: [{ ...one.values[0], value: 4242 }] },
    };
    await step('other period types and a shrinking revision', async () => {
      const dir = staged('made-1');
      for (const [n, report] of Object.entries(made)) writeFileSync(join(dir, n), JSON.stringify(report));
      const s = await ingestPaths(wh, [dir]);
      expect(s.rejected).toBe(0);
      expect(s.accepted).toBe(3);
    });
    await step('a late earlier revision', async () => {
      const dir = staged('made-2');
      writeFileSync(join(dir, 'r2-late.json'), JSON.stringify({ ...one, revision: 2, submitted_at: '2025-11-10T08:00:00+07:00' }));
      const s = await ingestPaths(wh, [dir]);
      expect(s.accepted).toBe(1);
    });
    // Compaction rewrites every partition and moves superseded revisions to history.
    await step('compaction', async () => {
      const r = await compactWarehouse(new FsStorage(wh));
      expect(r.filesBefore).toBeGreaterThan(r.filesAfter);
    });
  }, 1_500_000);
});
