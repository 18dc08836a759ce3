import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FS_TEMP_PREFIX, FsStorage } from '../../functions/adapters/storage/fs.ts';

let root: string;
let storage: FsStorage;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'chitieu-fs-'));
  storage = new FsStorage(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of storage.list(prefix)) out.push(o.key);
  return out;
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('FsStorage', () => {
  it('puts and gets bytes and strings, creating directories', async () => {
    expect(await storage.put('raw/sha256/ab/abcd.json', '{"a":1}')).toEqual({ created: true });
    expect(new TextDecoder().decode(await storage.get('raw/sha256/ab/abcd.json'))).toBe('{"a":1}');
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await storage.put('curated/x.bin', bytes);
    expect(await storage.get('curated/x.bin')).toEqual(bytes);
    expect(readFileSync(join(root, 'curated', 'x.bin'))).toEqual(Buffer.from(bytes));
  });

  it('returns undefined / false for missing keys', async () => {
    expect(await storage.get('nope/missing.json')).toBeUndefined();
    expect(await storage.exists('nope/missing.json')).toBe(false);
    await storage.put('a/b.txt', 'x');
    expect(await storage.exists('a/b.txt')).toBe(true);
    // A "directory" is not an object.
    expect(await storage.exists('a')).toBe(false);
    expect(await storage.get('a')).toBeUndefined();
    // A file used as a directory is simply missing.
    expect(await storage.exists('a/b.txt/c')).toBe(false);
  });

  it('overwrites atomically and leaves no temp files', async () => {
    await storage.put('state/k.json', 'old');
    await storage.put('state/k.json', 'new');
    expect(new TextDecoder().decode(await storage.get('state/k.json'))).toBe('new');
    const names = await allFiles(root);
    expect(names.filter((n) => n.startsWith(FS_TEMP_PREFIX))).toEqual([]);
  });

  it('ifNoneMatch creates once and never overwrites', async () => {
    expect(await storage.put('state/sources/s.json', 'first', { ifNoneMatch: true })).toEqual({ created: true });
    expect(await storage.put('state/sources/s.json', 'second', { ifNoneMatch: true })).toEqual({ created: false });
    expect(new TextDecoder().decode(await storage.get('state/sources/s.json'))).toBe('first');
    expect((await allFiles(root)).filter((n) => n.startsWith(FS_TEMP_PREFIX))).toEqual([]);
  });

  it('ifNoneMatch has exactly one winner among concurrent writers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => storage.put('state/race.json', `writer ${i}`, { ifNoneMatch: true })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.findIndex((r) => r.created);
    expect(new TextDecoder().decode(await storage.get('state/race.json'))).toBe(`writer ${winner}`);
  });

  it('small writes without fsync (the blocking path) keep the same guarantees', async () => {
    // put with durable: false and a small body goes through putNow.
    expect(await storage.put('raw/sha256/ab/x.json', 'one', { durable: false })).toEqual({ created: true });
    expect(await storage.put('raw/sha256/ab/x.json', 'two', { durable: false })).toEqual({ created: true });
    expect(new TextDecoder().decode(await storage.get('raw/sha256/ab/x.json'))).toBe('two');
    expect(await storage.put('raw/sha256/ab/y.json', 'first', { ifNoneMatch: true, durable: false })).toEqual({ created: true });
    expect(await storage.put('raw/sha256/ab/y.json', 'second', { ifNoneMatch: true, durable: false })).toEqual({ created: false });
    expect(storage.putNow('raw/sha256/ab/y.json', 'third', { ifNoneMatch: true })).toEqual({ created: false });
    expect(new TextDecoder().decode(await storage.get('raw/sha256/ab/y.json'))).toBe('first');
    // Two instances (a worker thread's and the main thread's) racing for one key: one wins.
    const other = new FsStorage(root);
    const results = Array.from({ length: 10 }, (_, i) => (i % 2 ? other : storage).putNow('raw/race.bin', `w${i}`, { ifNoneMatch: true }));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // Bytes larger than one write call may take, and a directory made on the way.
    const big = new Uint8Array(3 << 20).map((_, i) => i % 251);
    storage.putNow('deep/er/big.bin', big, { durable: false });
    expect(await storage.get('deep/er/big.bin')).toEqual(big);
    await expect(storage.put('deep', 'x', { durable: false })).rejects.toThrow(/collides/);
    expect(() => storage.putNow('deep/er/big.bin/c', 'x')).toThrow(/collides|ENOTDIR/);
    expect((await allFiles(root)).filter((n) => n.startsWith(FS_TEMP_PREFIX))).toEqual([]);
  });

  it('a content-addressed write keeps an existing copy and never shows a part', async () => {
    const CONTENT_ADDRESSED = { contentAddressed: true, durable: false } as const;
    expect(storage.putNow('raw/sha256/ab/abc.json', new TextEncoder().encode('same'), CONTENT_ADDRESSED)).toEqual({ created: true });
    expect(storage.putNow('raw/sha256/ab/abc.json', new TextEncoder().encode('same'), CONTENT_ADDRESSED)).toEqual({ created: false });
    expect(new TextDecoder().decode(await storage.get('raw/sha256/ab/abc.json'))).toBe('same');
    // An interrupted write leaves only a temp file, which list skips and a repeat does not trust.
    await writeFile(join(root, 'raw', 'sha256', 'ab', `${FS_TEMP_PREFIX}partial`), 'sa');
    expect(await keys('raw/')).toEqual(['raw/sha256/ab/abc.json']);
    expect(storage.putNow('raw/sha256/ab/abd.json', new TextEncoder().encode('other'), CONTENT_ADDRESSED)).toEqual({ created: true });
    expect((await allFiles(root)).filter((n) => n.startsWith(FS_TEMP_PREFIX))).toEqual([`${FS_TEMP_PREFIX}partial`]);
  });

  it('lists recursively in byte order of keys, with string prefixes', async () => {
    const written = [
      'raw/sha256/ab/abc.json',
      'raw/sha256/ab/abd.json',
      'raw/sha256/a-b/x.json', // '-' (0x2d) sorts before '/' (0x2f): 'a-b/…' < 'ab/…'
      'raw/inbox/Báo cáo tháng 1.docx',
      'raw/inbox/B.csv',
      'raw/z.txt',
      'curated/values/stat_year=2024/period_type=month/b1.parquet',
      'curated/values/stat_year=2024/period_type=month/b0.parquet',
      'curated/values/stat_year=2023/period_type=year/b2.parquet',
      'curated/reports/stat_year=2024/period_type=month/b1.parquet',
      'a-b',
      'a/b',
    ];
    for (const k of written) await storage.put(k, k);
    const expected = [...written].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(await keys('')).toEqual(expected);
    expect(await keys('raw/')).toEqual(expected.filter((k) => k.startsWith('raw/')));
    // A prefix that ends mid-name matches like S3's.
    expect(await keys('raw/sha256/a')).toEqual(['raw/sha256/a-b/x.json', 'raw/sha256/ab/abc.json', 'raw/sha256/ab/abd.json']);
    expect(await keys('raw/sha256/ab/abc')).toEqual(['raw/sha256/ab/abc.json']);
    expect(await keys('curated/values/stat_year=2024/')).toEqual([
      'curated/values/stat_year=2024/period_type=month/b0.parquet',
      'curated/values/stat_year=2024/period_type=month/b1.parquet',
    ]);
    expect(await keys('nothing/here/')).toEqual([]);
  });

  it('refuses keys that would need a file and a directory of the same name', async () => {
    await storage.put('a/b', 'x');
    await expect(storage.put('a', 'y')).rejects.toThrow(/collides/);
    await expect(storage.put('a/b/c', 'y')).rejects.toThrow(/collides/);
  });

  it('reports sizes in list and hides temp files of interrupted writes', async () => {
    await storage.put('d/one.txt', 'hello');
    await writeFile(join(root, 'd', `${FS_TEMP_PREFIX}dead`), 'partial');
    const listed: { key: string; size: number }[] = [];
    for await (const o of storage.list('d/')) listed.push(o);
    expect(listed).toEqual([{ key: 'd/one.txt', size: 5 }]);
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    await storage.put('q/e.json', '{}');
    await storage.delete('q/e.json');
    expect(await storage.exists('q/e.json')).toBe(false);
    await expect(storage.delete('q/e.json')).resolves.toBeUndefined();
  });

  it('maps keys to local paths and rejects keys that could escape the root', async () => {
    expect(storage.localPath('curated/values/x.parquet')).toBe(join(root, 'curated', 'values', 'x.parquet'));
    expect(storage.location).toBe(root);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', 'a/./b', 'a\\b', 'dir/']) {
      await expect(storage.put(bad, 'x')).rejects.toThrow(/invalid storage key/);
    }
    await expect(keys('../')).rejects.toThrow(/invalid storage key/);
    expect(existsSync(join(root, '..', 'x'))).toBe(false);
  });
});
