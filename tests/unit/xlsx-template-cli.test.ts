import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../functions/cli/commands/template.ts';
import { parseXlsxDetailed } from '../../functions/core/parse/xlsx.ts';
import { fillTemplate } from '../fixtures/xlsx/build.ts';

const dir = mkdtempSync(join(tmpdir(), 'chitieu-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command().exitOverride();
  register(p);
  return p;
}

describe('chitieu template xlsx', () => {
  it('writes the workbook for a unit and period, which parses back', async () => {
    const out = join(dir, 'mau.xlsx');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await program().parseAsync(['template', 'xlsx', '--unit', 'p63-94', '--period', '2024-Q2', '--out', out, '--scope', 'province_total'], { from: 'user' });
    log.mockRestore();
    const bytes = new Uint8Array(readFileSync(out));
    const filled = await fillTemplate(bytes, { key_cases: { value: 83 } });
    const r = await parseXlsxDetailed(filled, 'mau.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports[0]).toMatchObject({ unit_id: 'p63-94', period: '2024-Q2', scope: 'province_total', values: [{ indicator: 'key_cases', value: 83 }] });
  });

  it('accepts a unit name and refuses a bad period with a clear message', async () => {
    const out = join(dir, 'b.xlsx');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await program().parseAsync(['template', 'xlsx', '--unit', 'Sóc Trăng', '--period', '2024-03', '--out', out], { from: 'user' });
    log.mockRestore();
    await expect(program().parseAsync(['template', 'xlsx', '--unit', 'p63-94', '--period', 'Q5', '--out', out], { from: 'user' })).rejects.toThrow(/invalid period/);
  });
});
