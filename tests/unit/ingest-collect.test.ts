/**
 * `chitieu ingest DIR` finds the accepted files under a directory tree in name order (hidden
 * entries skipped, symbolic links followed), and lets the event loop run while it lists many
 * directories (a server in the same process keeps answering during `chitieu start`).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../functions/cli/commands/ingest.ts';

const root = mkdtempSync(join(tmpdir(), 'chitieu-collect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('collect', () => {
  it('lists accepted files in name order, skips hidden ones, follows links', async () => {
    const d = join(root, 'tree');
    for (const sub of ['b', 'a/y', 'a/x']) mkdirSync(join(d, sub), { recursive: true });
    writeFileSync(join(d, 'b', '2.json'), '{}');
    writeFileSync(join(d, 'b', '1.csv'), '');
    writeFileSync(join(d, 'a', 'y', 'r.xlsx'), '');
    writeFileSync(join(d, 'a', 'x', 'note.md'), ''); // not a report format
    writeFileSync(join(d, 'a', 'x', '.hidden.json'), '{}');
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'z.txt'), '');
    symlinkSync(join(root, 'elsewhere'), join(d, 'c'));
    expect(await collect([d])).toEqual([
      join(d, 'a', 'y', 'r.xlsx'), join(d, 'b', '1.csv'), join(d, 'b', '2.json'), join(d, 'c', 'z.txt'),
    ]);
    await expect(collect([join(root, 'missing')])).rejects.toThrow(/not found/);
  });

  it('gives the event loop a turn while listing hundreds of directories', async () => {
    const d = join(root, 'many');
    for (let i = 0; i < 300; i++) {
      mkdirSync(join(d, String(i).padStart(3, '0')), { recursive: true });
      writeFileSync(join(d, String(i).padStart(3, '0'), 'r.json'), '{}');
    }
    let turns = 0;
    const tick = () => { turns++; if (!done) setImmediate(tick); };
    let done = false;
    setImmediate(tick);
    const files = await collect([d]);
    done = true;
    expect(files).toHaveLength(300);
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
