/**
 * A batch's pack of originals: an ordinary tar (GNU tar lists and extracts it, with the names the
 * files have under raw/), whose index gives each original's exact bytes; the index is checked
 * when read; ranged reads serve one original from a local file, a ranged storage or a plain one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRawPack, type Original } from '../../functions/adapters/raw-pack/write-raw-pack.ts';
import { parseRawPackIndex } from '../../functions/core/warehouse-contract/raw-pack-index.ts';
import { rawContentKey, rawPackEntryName } from '../../functions/core/warehouse-contract/layout.ts';
import { readRange } from '../../functions/adapters/storage/read-range.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import type { Storage } from '../../functions/adapters/storage/storage.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'chitieu-pack-'));
  dirs.push(d);
  return d;
};

function original(name: string, bytes: Uint8Array): Original {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, rawKey: rawContentKey(sha256, name), bytes };
}
// Sizes around the 512-byte blocks, an empty file, and a small file inside a larger buffer (as
// Node's pooled reads give them).
const pooled = new Uint8Array(8192).fill(7);
const ORIGINALS = [
  original('a.json', new TextEncoder().encode('{"unit_id":"p63-94"}')),
  original('b.csv', new Uint8Array(512).fill(65)),
  original('c.xlsx', new Uint8Array(513).map((_, i) => i % 251)),
  original('empty.txt', new Uint8Array(0)),
  original('báo cáo.docx', pooled.subarray(100, 1300)),
];
const AT = new Date('2026-01-02T03:04:05Z');

describe('writeRawPack', () => {
  it('writes a tar that GNU tar lists and extracts to the per-file names and bytes', async () => {
    const { tar, index } = await writeRawPack('b-' + 'a'.repeat(40), ORIGINALS, AT);
    const dir = tempDir();
    writeFileSync(join(dir, 'p.tar'), tar);
    const listed = execFileSync('tar', ['-tvf', join(dir, 'p.tar')], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.map((l) => l.split(/\s+/).pop())).toEqual(ORIGINALS.map((o) => rawPackEntryName(o.rawKey)));
    expect(listed.every((l) => l.startsWith('-r--r--r--') && l.includes('2026-01-02'))).toBe(true);
    execFileSync('tar', ['-xf', join(dir, 'p.tar'), '-C', dir]);
    for (const o of ORIGINALS) expect(new Uint8Array(readFileSync(join(dir, rawPackEntryName(o.rawKey))))).toEqual(o.bytes);
    expect(index.files.map((f) => f.sha256)).toEqual(ORIGINALS.map((o) => o.sha256));
  });

  it('indexes each original at its exact bytes in the tar', async () => {
    const { tar, index } = await writeRawPack('b-' + 'b'.repeat(40), ORIGINALS, AT);
    for (const [i, f] of index.files.entries()) {
      expect(f.offset % 512).toBe(0);
      expect(new Uint8Array(tar.subarray(f.offset, f.offset + f.size))).toEqual(ORIGINALS[i].bytes);
    }
    expect(tar.length % 512).toBe(0);
  });

  it('writes nothing but two end blocks for no originals', async () => {
    const { tar, index } = await writeRawPack('b-' + 'c'.repeat(40), [], AT);
    expect(index.files).toEqual([]);
    expect(tar.every((b) => b === 0)).toBe(true);
  });
});

describe('parseRawPackIndex', () => {
  it('reads back what was written, and names the key and the fault of a bad index', async () => {
    const { index } = await writeRawPack('b-' + 'd'.repeat(40), ORIGINALS, AT);
    const key = 'raw/packs/b-x.json';
    expect(parseRawPackIndex(key, new TextEncoder().encode(JSON.stringify(index)))).toEqual(index);
    const bad = (v: unknown) => () => parseRawPackIndex(key, new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)));
    expect(bad('{')).toThrow(/raw\/packs\/b-x\.json: .*unreadable/);
    expect(bad({ ...index, format: 'other' })).toThrow(/raw\/packs\/b-x\.json: .*format "other"/);
    // An entry whose name is not its sha256's key, or whose offset is inside the first header.
    expect(bad({ ...index, files: [{ ...index.files[0], name: index.files[1].name }] })).toThrow(/bad raw pack index: entry/);
    expect(bad({ ...index, files: [{ ...index.files[0], offset: 0 }] })).toThrow(/bad raw pack index: entry/);
    expect(bad({ ...index, files: [{ ...index.files[0], name: '../../etc/passwd' }] })).toThrow(/bad raw pack index: entry/);
  });
});

describe('readRange', () => {
  const bytes = new Uint8Array(3000).map((_, i) => i % 256);
  /** A storage without local paths or ranged reads: only get. */
  const plain = (inner: FsStorage): Storage => ({
    put: (k, b, o) => inner.put(k, b, o), get: (k) => inner.get(k), exists: (k) => inner.exists(k), list: (p) => inner.list(p), delete: (k) => inner.delete(k), location: 'plain',
  });
  /** One with ranged reads only (as S3). */
  const ranged = (inner: FsStorage): Storage & { ranges: number } => {
    const s = { ...plain(inner), ranges: 0, getRange: async (k: string, a: number, b: number) => {
      s.ranges++;
      return (await inner.get(k))?.subarray(a, b);
    } };
    return s;
  };

  it('reads the same bytes from a local file, a ranged storage and a plain one', async () => {
    const fs = new FsStorage(tempDir());
    await fs.put('raw/packs/x.tar', bytes);
    const r = ranged(fs);
    for (const s of [fs, r, plain(fs)]) {
      expect(await readRange(s, 'raw/packs/x.tar', 1000, 1512)).toEqual(bytes.subarray(1000, 1512));
      expect(await readRange(s, 'raw/packs/x.tar', 2990, 3100)).toEqual(bytes.subarray(2990));
      expect(await readRange(s, 'raw/packs/missing.tar', 0, 10)).toBeUndefined();
    }
    expect(r.ranges).toBe(3);
    await expect(readRange(fs, 'raw/packs/x.tar', 5, 5)).rejects.toThrow(/invalid byte range/);
  });
});
