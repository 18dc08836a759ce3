/** The narrative parsers (text, DOCX), the report they build, and `chitieu extract`. */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseText } from '../../functions/core/parse/text.ts';
import { parseDocx } from '../../functions/core/parse/docx.ts';
import { encodeTcvn3 } from '../../functions/core/encoding/index.ts';
import { register } from '../../functions/cli/commands/extract.ts';
import { checkReport } from '../../functions/core/validate/rules.ts';
import { makeDocx } from '../fixtures/narrative/make-docx.ts';
import { FIXTURE_DIR } from '../fixtures/narrative/score.ts';

const fixture = (name: string) => readFileSync(join(FIXTURE_DIR, name), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseText', () => {
  it('turns seed 003 into one extracted report that passes the domain rules', async () => {
    const p = await parseText(bytes(fixture('seed-003.txt')), '003.txt');
    expect(p.format).toBe('text');
    expect(p.sourceKind).toBe('extracted');
    expect(p.problems).toEqual([]);
    expect(p.reports).toHaveLength(1);
    const r = p.reports[0];
    expect(r).toMatchObject({ unit_id: 'p63-94', scope: 'province_total', period: '2023-H1', source: { format: 'text', file_name: '003.txt' } });
    expect(r.values).toHaveLength(13);
    const rate = r.values.find((v) => v.indicator === 'crime_report_resolution_rate')!;
    expect(rate).toMatchObject({ value: 71.2, flag: 'percent_only', numerator: null, denominator: null });
    // Calibrated confidence (extract/confidence.ts): rates were right on the real-fact corpus.
    expect(rate.confidence).toBeGreaterThan(0.8);
    expect(rate.confidence).toBeLessThanOrEqual(1);
    expect(rate.span).toEqual(expect.arrayContaining([expect.any(Number)]));
    expect(r.values.find((v) => v.indicator === 'model_trial_sessions')).toMatchObject({ value: 82, flag: null });
    const checked = checkReport(r);
    expect(checked.problems).toEqual([]);
    expect(checked.report?.values.find((v) => v.indicator.code === 'crime_report_resolution_rate')?.flag).toBe('percent_only');
  });

  it('keeps numerator and denominator when the text gives them, and leaves code-less figures out', async () => {
    const p = await parseText(bytes(fixture('106-binh-duong-khong-dau.txt')), '106.txt');
    const rate = p.reports[0].values.find((v) => v.indicator === 'crime_report_resolution_rate')!;
    expect(rate).toMatchObject({ value: 91.8, numerator: 1562, denominator: 1701, flag: null });
    expect(checkReport(p.reports[0]).problems).toEqual([]);
    const q = await parseText(bytes(fixture('101-quang-ngai-thang-10-2024.txt')), '101.txt');
    expect(q.reports[0].values.some((v) => v.value === 41)).toBe(false); // "truy tố 41 vụ án": no catalog code
    expect(q.reports[0].values).toHaveLength(9);
  });

  it('reads a TCVN3 file', async () => {
    const text = fixture('seed-003.txt').replace(/[“”]/g, '"').replace(/…/g, '...');
    const p = await parseText(encodeTcvn3(text, false), '003-tcvn3.txt');
    expect(p.reports[0].values).toHaveLength(13);
  });

  it('rejects a text without figures, unit or period with bilingual problems', async () => {
    const none = await parseText(bytes(fixture('seed-000.txt')), '000.txt');
    expect(none.reports).toEqual([]);
    expect(none.problems.map((x) => x.code)).toEqual(['extract_no_figures']);
    expect(none.problems[0].message_vi).toMatch(/số liệu/);
    expect(none.problems[0].message_en).toMatch(/figure/);
    const bare = await parseText(bytes('Kết quả: ban hành 5 kiến nghị.'), 'x.txt');
    expect(bare.problems.map((x) => x.code).sort()).toEqual(['extract_period_not_found', 'extract_unit_not_found']);
    const empty = await parseText(new Uint8Array(), 'empty.txt');
    expect(empty.problems.map((x) => x.code)).toEqual(['empty_file']);
  });
});

describe('parseDocx', () => {
  it('extracts a Word document like the same text', async () => {
    const p = await parseDocx(makeDocx(fixture('seed-003.txt')), '003.docx');
    expect(p).toMatchObject({ format: 'docx', sourceKind: 'extracted', problems: [] });
    expect(p.reports[0]).toMatchObject({ unit_id: 'p63-94', period: '2023-H1', scope: 'province_total' });
    expect(p.reports[0].values).toHaveLength(13);
  });

  it('converts paragraphs typed in a TCVN3 font', async () => {
    const text = fixture('seed-002.txt').replace(/[“”]/g, '"').replace(/…/g, '...').replace(/–/g, '-');
    let latin = '';
    for (const b of encodeTcvn3(text, false)) latin += String.fromCharCode(b);
    const p = await parseDocx(makeDocx(latin, '.VnTime'), '002.docx');
    expect(p.reports[0]).toMatchObject({ unit_id: 'p63-77', period: '2024-Q1' });
    expect(p.reports[0].values.map((v) => v.indicator)).toEqual(['protests_total', 'recommendations_judicial', 'recommendations_prevention']);
  });

  it('refuses what is not a readable .docx', async () => {
    const notZip = await parseDocx(bytes('plain text'), 'x.docx');
    expect(notZip.problems.map((x) => x.code)).toEqual(['docx_unreadable']);
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await parseDocx(ole, 'old.doc')).problems.map((x) => x.code)).toEqual(['docx_legacy_doc']);
  });
});

describe('chitieu extract', () => {
  async function run(args: string[]): Promise<string> {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    try {
      const program = new Command().exitOverride();
      register(program);
      await program.parseAsync(['extract', ...args], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    return out.join('\n');
  }

  it('prints exactly the issue-3 shape as JSON', async () => {
    const json = JSON.parse(await run([join(FIXTURE_DIR, 'seed-003.txt'), '--format', 'json']));
    expect(Object.keys(json)).toEqual(['province', 'unit_id', 'unit_level', 'scope', 'period', 'indicators']);
    expect(Object.keys(json.period)).toEqual(['type', 'index', 'year', 'label']);
    expect(Object.keys(json.indicators[0])).toEqual(['indicator_code', 'phrase', 'value', 'unit', 'change', 'span']);
    const expected = JSON.parse(fixture('seed-003.expected.json'));
    expect(json).toEqual(expected);
  });

  it('reads .docx and prints a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chitieu-extract-'));
    const file = join(dir, 'bao-cao.docx');
    writeFileSync(file, makeDocx(fixture('seed-002.txt')));
    const table = await run([file, '--format', 'table']);
    expect(table).toContain('p63-77');
    expect(table).toContain('2024-Q1');
    expect(table).toContain('recommendations_prevention');
  });
});
