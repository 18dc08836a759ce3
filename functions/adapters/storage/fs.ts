/**
 * Filesystem implementation of the Storage interface: the embedded default warehouse.
 *
 * Keys map one-to-one to files under `root` ('curated/values/stat_year=2024/…' →
 * `<root>/curated/values/stat_year=2024/…`), so DuckDB can read Parquet in place via `localPath`.
 * The semantics follow S3, so code tested here behaves the same against the bucket:
 * - `put` is atomic: the body goes to a temp file in the target's directory, then is renamed over
 *   the key (rename within a directory is atomic on POSIX), so readers never see half a file.
 * - `ifNoneMatch` is an exclusive create: the temp file is hard-linked to the key, and `link(2)`
 *   fails with EEXIST when the key exists, which makes "create if absent" both atomic and
 *   race-free between processes (two ingests of the same file: exactly one wins).
 * - `list` is recursive and in UTF-8 byte order of the keys (S3's order), streaming directory by
 *   directory instead of collecting the whole tree.
 * - prefixes are plain string prefixes ('raw/sha256/ab' also matches 'raw/sha256/abc/…').
 * - small writes that need no fsync (raw copies, markers of a bulk ingest) are made with blocking
 *   calls: each promise-based call is a round trip through libuv's thread pool, and those
 *   hand-offs (futex, epoll wake-ups) cost more CPU than the writes of a few-KB file themselves.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { PutOptions, SharedStorage, Storage, StoredObject } from './storage.ts';

/** Temp files carry this prefix; `list` skips them, so an interrupted write stays invisible. */
const TEMP_PREFIX = '.~tmp-';

/** Writes up to this size that need no fsync go the blocking way (see the header). */
const SYNC_MAX_BYTES = 1 << 20;

export class FsStorage implements Storage {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = this.root;
  }

  localPath(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  share(): SharedStorage {
    return { kind: 'fs', root: this.root };
  }

  /** Temp names: a random part per instance (processes, worker threads) and a counter. */
  private readonly tempBase = `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-`;
  private tempSeq = 0;

  private tempPath(dir: string): string {
    return join(dir, `${this.tempBase}${(this.tempSeq++).toString(36)}`);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ created: boolean }> {
    const target = this.localPath(key);
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (options.durable === false && data.byteLength <= SYNC_MAX_BYTES) return this.putNow(key, data, options);
    if (options.contentAddressed) {
      if (await this.exists(key)) return { created: false };
      options = { ...options, contentAddressed: false };
    }
    const dir = dirname(target);
    const temp = this.tempPath(dir);
    // Directories this instance made (or found) are not made again: a bulk ingest puts tens of
    // thousands of objects into a few hundred directories. If one was removed behind our back,
    // the open fails with ENOENT and the directory is made once more.
    if (!this.dirs.has(dir)) await this.makeDir(dir, key);
    const handle = await open(temp, 'wx').catch(async (err) => {
      if (code(err) !== 'ENOENT') throw err;
      await this.makeDir(dir, key);
      return open(temp, 'wx');
    });
    let tempExists = true;
    try {
      await handle.writeFile(data);
      // Flushed before it becomes visible when asked: the ledger file is the commit point of an
      // ingest. Raw copies and markers skip the fsync (tens of thousands per bulk run).
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      if (!options.ifNoneMatch) {
        await rename(temp, target).catch((err) => {
          throw code(err) === 'EISDIR' ? conflict(key) : err;
        });
        tempExists = false;
        return { created: true };
      }
      try {
        await link(temp, target);
        return { created: true };
      } catch (err) {
        if (code(err) === 'EEXIST') return { created: false };
        throw err;
      }
    } finally {
      // After rename the temp name is gone already; after link (or a failure) it must be removed.
      if (tempExists) await unlink(temp).catch(() => undefined);
    }
  }

  /**
   * `put` with blocking calls, the same steps and guarantees (temp file, then rename or link):
   * for small writes, and for worker threads that write raw copies beside their parsing.
   */
  putNow(key: string, body: Uint8Array | string, options: PutOptions = {}): { created: boolean } {
    const target = this.localPath(key);
    // A key that names its content: if it exists it holds these bytes already (see below).
    if (options.contentAddressed && existsSync(target)) return { created: false };
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const dir = dirname(target);
    const temp = this.tempPath(dir);
    if (!this.dirs.has(dir)) this.makeDirNow(dir, key);
    let fd: number;
    try {
      fd = openSync(temp, 'wx');
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
      this.makeDirNow(dir, key);
      fd = openSync(temp, 'wx');
    }
    let tempExists = true;
    try {
      try {
        for (let off = 0; off < data.byteLength; ) off += writeSync(fd, data, off, data.byteLength - off);
        if (options.durable !== false) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (!options.ifNoneMatch) {
        try {
          renameSync(temp, target);
        } catch (err) {
          throw code(err) === 'EISDIR' ? conflict(key) : err;
        }
        tempExists = false;
        return { created: true };
      }
      try {
        linkSync(temp, target);
        return { created: true };
      } catch (err) {
        if (code(err) === 'EEXIST') return { created: false };
        throw err;
      }
    } finally {
      if (tempExists) {
        try {
          unlinkSync(temp);
        } catch {
          // already gone
        }
      }
    }
  }

  // A content-addressed write (raw/sha256/<aa>/<sha256>.<ext>) whose key is absent is a plain
  // temp file + rename, without the exclusive link of `ifNoneMatch` (a link and an unlink more
  // per file: a bulk ingest keeps tens of thousands of originals). Two writers racing for the
  // key both rename the same bytes into place, so readers still see the whole file or none.

  private makeDirNow(dir: string, key: string): void {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw code(err) === 'EEXIST' || code(err) === 'ENOTDIR' ? conflict(key) : err;
    }
    if (this.dirs.size > 100_000) this.dirs.clear();
    this.dirs.add(dir);
  }

  private readonly dirs = new Set<string>();

  private async makeDir(dir: string, key: string): Promise<void> {
    // Unlike S3, a filesystem cannot hold both 'a' and 'a/b'; the warehouse layout never needs it.
    await mkdir(dir, { recursive: true }).catch((err) => {
      throw code(err) === 'EEXIST' || code(err) === 'ENOTDIR' ? conflict(key) : err;
    });
    if (this.dirs.size > 100_000) this.dirs.clear();
    this.dirs.add(dir);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const buf = await readFile(this.localPath(key));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if (code(err) === 'ENOENT' || code(err) === 'EISDIR' || code(err) === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.localPath(key))).isFile();
    } catch (err) {
      if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return false;
      throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    if (prefix.includes('\\') || prefix.includes('\0') || prefix.startsWith('/')) throw badKey(prefix);
    // Walk from the deepest directory the prefix names; the rest of the prefix filters names.
    const cut = prefix.lastIndexOf('/');
    const base = cut < 0 ? '' : prefix.slice(0, cut + 1);
    if (base.split('/').some((s) => s === '..' || s === '.')) throw badKey(prefix);
    yield* this.walk(base, prefix);
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.localPath(key));
    } catch (err) {
      // S3 DeleteObject succeeds on a missing key; so does this. Empty directories are left in
      // place: removing them could race with a concurrent put that just created them.
      if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw err;
    }
  }

  /** Yields files under `dirKey` ('' or ending in '/') whose key starts with `prefix`, in key order. */
  private async *walk(dirKey: string, prefix: string): AsyncGenerator<StoredObject> {
    let entries;
    try {
      entries = await readdir(join(this.root, ...dirKey.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (err) {
      if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return;
      throw err;
    }
    // A directory sorts as `name/`: every key below it starts with that, so ordering the entries
    // this way and recursing in order yields keys in global byte order.
    const items = entries
      .filter((e) => !e.name.startsWith(TEMP_PREFIX) && (e.isFile() || e.isDirectory()))
      .map((e) => ({ sortKey: Buffer.from(e.isDirectory() ? `${e.name}/` : e.name, 'utf8'), entry: e }))
      .sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
    for (const { entry } of items) {
      const key = dirKey + entry.name;
      if (entry.isDirectory()) {
        const sub = `${key}/`;
        // Descend only where keys can still match the prefix (either may be a prefix of the other).
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) yield* this.walk(sub, prefix);
      } else if (key.startsWith(prefix)) {
        const info = await stat(join(this.root, ...key.split('/'))).catch(() => undefined);
        if (info?.isFile()) yield { key, size: info.size };
      }
    }
  }
}

/** Keys are relative '/'-paths without empty, '.' or '..' segments: nothing can escape the root. */
function checkKey(key: string): string {
  if (
    key === '' ||
    key.startsWith('/') ||
    key.endsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((s) => s === '' || s === '.' || s === '..' || s.startsWith(TEMP_PREFIX))
  ) {
    throw badKey(key);
  }
  return key;
}

function badKey(key: string): Error {
  return new Error(`Khóa lưu trữ không hợp lệ / invalid storage key: ${JSON.stringify(key)}`);
}

function conflict(key: string): Error {
  return new Error(
    `Khóa trùng với một thư mục hoặc tệp đã có / key collides with an existing prefix or object: ${JSON.stringify(key)}`,
  );
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

// Exported for tests that check no temp files are left behind.
export const FS_TEMP_PREFIX = TEMP_PREFIX;
