/**
 * Bulk ingest: one marker per committed batch (state/batches/<batch_id>.json) instead of one per
 * file, read back by bulk and single-file runs alike; per-file markers of older warehouses still
 * count; the ledger makes a crashed run's committed files "unchanged"; the same bytes twice in a
 * run are stored once; and the worker-thread path writes what the in-process path writes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFiles, type IncomingFile } from '../../functions/ingest/ingest-files.ts';
import type { BatchMarker } from '../../functions/ingest/known-files.ts';
import { batchMarkerKey, sourceMarkerKey as markerKey } from '../../functions/core/warehouse-contract/layout.ts';
import { crashingStorage, InjectedCrash } from '../helpers/crash-storage.ts';
import { ingestFile } from '../../functions/ingest/ingest-file.ts';
import { loadLedger } from '../../functions/ingest/ledger.ts';
import { PreparePool } from '../../functions/ingest/prepare-pool.ts';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { file, filesUnder, goodReport, countRows, perTestWarehouses } from '../helpers/warehouse.ts';
import { originalsOf } from '../helpers/originals.ts';

const { warehouse, onCleanup } = perTestWarehouses();

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MONTHS = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
/** `n` distinct valid monthly reports (more than 20: a bulk run lists markers instead of a HEAD per file). */
function reports(n: number): { name: string; text: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `r${String(i).padStart(3, '0')}.json`,
    text: JSON.stringify(goodReport({ period: MONTHS[i % MONTHS.length], revision: 1 + Math.floor(i / MONTHS.length), submitted_at: '2025-01-05T08:00:00+07:00' })),
  }));
}
const incoming = (rs: { name: string; text: string }[]) => rs.map((r) => file(r.name, r.text));

const count = countRows;

/** Ingests the reports again: curated/ comes out as it was, with the 3 values of each report (the 30 of `reports(30)`). */
async function ingestAgain(wh: ReturnType<typeof warehouse>, rs: { name: string; text: string }[], options: Partial<Parameters<typeof ingestFiles>[1]> = {}) {
  const curated = filesUnder(wh.dir, 'curated');
  const again = await ingestFiles(incoming(rs), { storage: wh.storage, ...options });
  expect(filesUnder(wh.dir, 'curated')).toEqual(curated);
  expect(await count(wh.dir, 'all_values')).toBe(3 * rs.length);
  return again;
}

describe('batch markers', () => {
  it('a batch of several files writes one marker listing them; bulk and single-file repeats are unchanged', async () => {
    const wh = warehouse();
    const rs = reports(30);
    const first = await ingestFiles(incoming(rs), { storage: wh.storage });
    expect(first.accepted).toBe(30);
    expect(first.batches).toHaveLength(1);
    // One marker for the whole batch, none per file.
    expect(filesUnder(wh.dir, 'state')).toEqual([`batches/${first.batches[0]}.json`]);
    const marker = JSON.parse(readFileSync(join(wh.dir, batchMarkerKey(first.batches[0])), 'utf8')) as BatchMarker;
    expect(marker.batch_id).toBe(first.batches[0]);
    expect(marker.files.map((f) => f.sha256).sort()).toEqual(rs.map((r) => sha(r.text)).sort());
    expect(marker.files[0]).toMatchObject({ file: 'r000.json' });
    expect(marker.files[0].reports).toHaveLength(1);

    const curated = filesUnder(wh.dir, 'curated');
    const again = await ingestFiles(incoming(rs), { storage: wh.storage });
    expect(again.unchanged).toBe(30);
    // A single file (the Lambda path: a HEAD for its own marker, then the batch markers).
    const one = await ingestFile({ storage: wh.storage }, { name: 'again.json', bytes: new TextEncoder().encode(rs[7].text) });
    expect(one.status).toBe('unchanged');
    // A few files (a HEAD each) too.
    const few = await ingestFiles(incoming(rs.slice(0, 3)), { storage: wh.storage });
    expect(few.unchanged).toBe(3);
    expect(filesUnder(wh.dir, 'curated')).toEqual(curated);
    expect(await count(wh.dir, 'all_values')).toBe(90);
  });

  it('a batch of one file keeps its per-file marker; such markers count in bulk runs', async () => {
    const wh = warehouse();
    const rs = reports(25);
    expect((await ingestFile({ storage: wh.storage }, { name: rs[0].name, bytes: new TextEncoder().encode(rs[0].text) })).status).toBe('accepted');
    expect(filesUnder(wh.dir, 'state')).toEqual([`sources/${sha(rs[0].text)}.json`]);
    // A marker as warehouses before batch markers have them, for a file never committed here:
    // it is trusted (markers are written only after the ledger).
    await wh.storage.put(markerKey(sha(rs[1].text)), '{}');
    const s = await ingestFiles(incoming(rs), { storage: wh.storage });
    expect(s.unchanged).toBe(2);
    expect(s.accepted).toBe(23);
  });

  it('a crash between the ledger and the marker: a bulk rerun finds the files in the ledger', async () => {
    const wh = warehouse();
    const rs = reports(30);
    await expect(ingestFiles(incoming(rs), { storage: crashingStorage(wh.storage, 'after_ledger') })).rejects.toBeInstanceOf(InjectedCrash);
    expect(filesUnder(wh.dir, 'state')).toEqual([]);
    const { current, committed } = await loadLedger(wh.storage);
    expect(committed.size).toBe(30);
    expect((await ingestAgain(wh, rs, { current, committed })).unchanged).toBe(30);
  });

  it('an unreadable batch marker counts as absent; the repeat rewrites the same batch', async () => {
    const wh = warehouse();
    const rs = reports(30);
    const first = await ingestFiles(incoming(rs), { storage: wh.storage });
    // What a machine crash can leave of a marker that was never flushed.
    writeFileSync(join(wh.dir, batchMarkerKey(first.batches[0])), '');
    const again = await ingestAgain(wh, rs);
    expect(again.accepted).toBe(30);
    expect(again.batches).toEqual(first.batches);
    expect(await count(wh.dir, 'reports')).toBe(30);
    // and the marker is whole again
    expect((await ingestFiles(incoming(rs), { storage: wh.storage })).unchanged).toBe(30);
  });

  it('the same bytes twice in one run are stored once', async () => {
    const wh = warehouse();
    const text = JSON.stringify(goodReport());
    const s = await ingestFiles([file('a.json', text), file('copy of a.json', text)], { storage: wh.storage });
    expect(s.accepted).toBe(1);
    expect(s.unchanged).toBe(1);
    expect(await count(wh.dir, 'all_values')).toBe(3);
    expect(await count(wh.dir, 'reports')).toBe(1);
  });
});

describe('worker threads', () => {
  const pool = new PreparePool(2);
  afterAll(() => pool.close());

  /** Input files on disk, as `chitieu ingest DIR` sees them. */
  function inputDir(rs: { name: string; text: string }[]): { dir: string; files: IncomingFile[] } {
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-in-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const files = rs.map((r) => {
      const path = join(dir, r.name);
      writeFileSync(path, r.text);
      return { name: r.name, path, read: async () => new Uint8Array(readFileSync(path)) };
    });
    return { dir, files };
  }

  it.each([false, true])('write what the in-process path writes, originals and quarantine included (packed: %s)', async (packOriginals) => {
    const rs = [...reports(40), { name: 'bad.json', text: '{"unit_id": ' }, { name: 'dup.json', text: reports(1)[0].text }];
    const { files } = inputDir(rs);
    const now = () => new Date('2026-01-01T00:00:00Z');
    const here = warehouse();
    const there = warehouse();
    const a = await ingestFiles(files, { storage: here.storage, now, packOriginals });
    const messages = pool.fileMessages;
    const b = await ingestFiles(files, { storage: there.storage, now, preparer: pool, packOriginals });
    expect(b).toEqual(a);
    // The 42 files went to the workers a few per message, not one each.
    expect(pool.fileMessages - messages).toBeLessThanOrEqual(8);
    expect(b).toMatchObject({ accepted: 40, rejected: 1, unchanged: 1 });
    const all = filesUnder(here.dir, '');
    expect(filesUnder(there.dir, '')).toEqual(all);
    for (const k of all) expect(readFileSync(join(there.dir, k)), k).toEqual(readFileSync(join(here.dir, k)));
    // Packed: the accepted files' originals in the batch's tar and index, the rejected one alone.
    expect(all.filter((k) => k.startsWith('raw/sha256/'))).toHaveLength(packOriginals ? 1 : 41);
    expect(all.filter((k) => k.startsWith('raw/packs/'))).toEqual(packOriginals ? [`raw/packs/${b.batches[0]}.json`, `raw/packs/${b.batches[0]}.tar`] : []);
    const kept = originalsOf(there.dir);
    expect(kept.size).toBe(41);
    for (const r of rs.slice(0, 41)) expect(kept.get(sha(r.text))?.toString(), r.name).toBe(r.text);
    expect(all.some((k) => k.startsWith(`quarantine/${sha('{"unit_id": ')}/`))).toBe(true);
    // A rerun through the workers: everything unchanged, nothing written.
    const c = await ingestFiles(files, { storage: there.storage, now, preparer: pool, packOriginals });
    expect(c).toMatchObject({ unchanged: 41, rejected: 1, accepted: 0 });
    expect(filesUnder(there.dir, '')).toEqual(all);
  });

  it.each([false, true])('a crash with workers, then a rerun: no partial or doubled rows, every original kept (packed: %s)', async (packOriginals) => {
    const rs = reports(30);
    const { files } = inputDir(rs);
    for (const point of ['after_raw', 'after_values', 'after_ledger'] as const) {
      const wh = warehouse();
      await expect(ingestFiles(files, { storage: crashingStorage(wh.storage, point), preparer: pool, packOriginals })).rejects.toBeInstanceOf(InjectedCrash);
      expect([0, 90]).toContain(await count(wh.dir, 'all_values'));
      const { current, committed } = await loadLedger(wh.storage);
      const again = await ingestFiles(files, { storage: wh.storage, current, committed, preparer: pool, packOriginals });
      expect(again.accepted + again.unchanged).toBe(30);
      expect(await count(wh.dir, 'all_values')).toBe(90);
      expect(await count(wh.dir, 'current_reports')).toBe(24);
      const kept = originalsOf(wh.dir);
      expect(rs.every((r) => kept.get(sha(r.text))?.toString() === r.text), point).toBe(true);
    }
  });

  it('a file that cannot be read fails the run, and the pool stays usable', async () => {
    const { files } = inputDir(reports(25));
    const wh = warehouse();
    const gone = [...files, { name: 'gone.json', path: join(tmpdir(), 'chitieu-no-such-file.json'), read: async () => new Uint8Array() }];
    await expect(ingestFiles(gone, { storage: wh.storage, preparer: pool })).rejects.toThrow(/ENOENT/);
    expect((await ingestFiles(files, { storage: wh.storage, preparer: pool })).accepted + 0).toBeGreaterThan(0);
  });

  it('chitieu ingest DIR (ingestPaths) takes the worker path for many files', async () => {
    const { dir } = inputDir(reports(300).map((r, i) => ({ ...r, text: r.text.replace('"value":640', `"value":${1000 + i}`) })));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.json'), JSON.stringify(goodReport({ period: '2022-05', submitted_at: '2022-06-05T08:00:00+07:00' })));
    const wh = warehouse();
    const s = await ingestPaths(wh.dir, [dir]);
    expect(s).toMatchObject({ files: 301, accepted: 301, rejected: 0 });
    expect(filesUnder(wh.dir, 'state').every((k) => k.startsWith('batches/'))).toBe(true);
    // A bulk run: the originals in one pack per batch, none as a file of its own.
    expect(filesUnder(wh.dir, 'raw')).toEqual(s.batches.flatMap((b) => [`packs/${b}.json`, `packs/${b}.tar`]).sort());
    expect(originalsOf(wh.dir).size).toBe(301);
    expect(await count(wh.dir, 'all_values')).toBe(903);
    expect((await ingestPaths(wh.dir, [dir])).unchanged).toBe(301);
  });
});
