/**
 * A temporary directory for the tests of one file, outside the repository: made before them and
 * removed after them all. Call it at the top level of the file, before the hooks that use it:
 * vitest runs beforeAll hooks in the order they were registered and afterAll hooks in reverse, so
 * the directory exists for the file's own hooks and goes after their clean-up (a browser or a
 * server closed first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The directory's path, to be read inside hooks and tests. */
export function suiteTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error(`the temporary directory ${prefix}… is read before the tests started`);
    return dir;
  };
}
