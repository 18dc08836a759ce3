/**
 * The bench's scratch directories are moved aside (no file removed) until the trash is emptied,
 * and the file-creation probe measures and leaves nothing behind in the measured directory.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCostUs, discard, emptyTrash, settle } from '../../bench/scratch-dirs.ts';

const root = mkdtempSync(join(tmpdir(), 'chitieu-scratch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bench scratch directories', () => {
  it('discard moves a directory, files and all, into the trash; emptyTrash removes it', () => {
    const trash = join(root, 'trash');
    const dir = join(root, 'run', 'wh');
    mkdirSync(join(dir, 'raw'), { recursive: true });
    writeFileSync(join(dir, 'raw', 'a.json'), '{}');
    discard(dir, trash);
    expect(existsSync(dir)).toBe(false);
    const [moved] = readdirSync(trash);
    expect(moved).toMatch(/^wh-\d+-\d+$/);
    expect(existsSync(join(trash, moved, 'raw', 'a.json'))).toBe(true);
    discard(join(root, 'missing'), trash); // nothing to move: no error
    expect(emptyTrash(trash)).toBe(1);
    expect(existsSync(trash)).toBe(false);
    expect(emptyTrash(trash)).toBe(0);
  });

  it('the probe gives a cost per file and leaves the measured directory as it was', async () => {
    const trash = join(root, 'trash2');
    const dir = join(root, 'work');
    mkdirSync(dir);
    const us = createCostUs(dir, trash);
    expect(us).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
    const logged: string[] = [];
    const s = await settle(dir, (l) => logged.push(l), { trash, maxWaitS: 0 });
    expect(s.us).toBeGreaterThan(0);
    expect(s.waitedS).toBeGreaterThanOrEqual(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});
