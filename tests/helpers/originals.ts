/**
 * Every original a warehouse keeps, sha256 → bytes, read the way a person restoring them would:
 * the files under raw/sha256/, and each pack under raw/packs/ unpacked with GNU tar (not our
 * index), so a test also proves that the packs are ordinary tars with the per-file names.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function filesIn(dir: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export function originalsOf(warehouseDir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const add = (path: string) => out.set(path.split('/').pop()!.split('.')[0], readFileSync(path));
  for (const f of filesIn(join(warehouseDir, 'raw', 'sha256'))) add(f);
  for (const tar of filesIn(join(warehouseDir, 'raw', 'packs')).filter((f) => f.endsWith('.tar'))) {
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-unpack-'));
    try {
      execFileSync('tar', ['-xf', tar, '-C', dir]);
      for (const f of filesIn(dir)) add(f);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
