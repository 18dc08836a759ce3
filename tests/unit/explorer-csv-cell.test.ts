import { describe, expect, it } from 'vitest';
import { csvField, csvLine, neutralizeCsvCell } from '../../explorer/src/ui/csv-cell.ts';

describe('CSV cells a spreadsheet would run', () => {
  it('prefixes text starting with = + - @ tab or CR, and leaves numbers and plain text alone', () => {
    for (const s of ['=1+2', '+1', '-A1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeCsvCell(s)).toBe(`'${s}`);
    expect(neutralizeCsvCell(-3)).toBe(-3);
    expect(neutralizeCsvCell('Quảng Trị')).toBe('Quảng Trị');
  });
  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'x"y', 'l1\nl2', null, 1.5])).toBe('"a,b","x""y","l1\nl2",,1.5');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});
