/** `chitieu units [search]` and `chitieu indicators [search]`: what an analyst types to look up an id. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { register } from '../../functions/cli/commands/catalog.ts';
import { indicators } from '../../functions/core/catalog.ts';
import { units } from '../../functions/core/units.ts';

afterEach(() => vi.restoreAllMocks());

/** What the command prints, parsed as JSON. */
async function run(args: string[]): Promise<Record<string, string>[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const p = new Command().exitOverride();
  register(p);
  await p.parseAsync([...args, '--format', 'json'], { from: 'user' });
  expect(log).toHaveBeenCalledTimes(1);
  return JSON.parse(String(log.mock.calls[0][0]));
}

describe('chitieu units', () => {
  it('lists the provinces of both eras without a search', async () => {
    const rows = await run(['units']);
    expect(rows).toHaveLength(units().filter((u) => u.level === 'province').length);
    expect(rows.find((r) => r.id === 'p63-94')).toEqual({
      id: 'p63-94', name: 'VKSND tỉnh Sóc Trăng', level: 'province', valid_from: '2004-01-01', valid_to: '2025-06-30',
      parent: '', merged_into: 'p34-92 (Cần Thơ)', merged_from: '',
    });
    expect(rows.find((r) => r.id === 'p34-92')?.merged_from).toBe('p63-92, p63-93, p63-94');
  });

  it('finds a unit by its name without diacritics', async () => {
    const rows = await run(['units', 'soc trang']);
    expect(rows.map((r) => r.id)).toContain('p63-94');
  });
});

describe('chitieu indicators', () => {
  it('lists the whole catalog, a rate with its formula', async () => {
    const rows = await run(['indicators']);
    expect(rows).toHaveLength(indicators().length);
    const rate = indicators().find((i) => i.kind === 'rate')!;
    expect(rows.find((r) => r.code === rate.code)?.formula).toBe(`${rate.numerator} / ${rate.denominator}`);
  });

  it('finds indicators by a search without diacritics', async () => {
    const rows = await run(['indicators', 'ty le']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(indicators().length);
    expect(rows.every((r) => r.kind === 'rate')).toBe(true);
  });
});
