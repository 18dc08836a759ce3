import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../explorer/src/ui/csv-cell.ts';

describe('CSV cells a spreadsheet would run', () => {
  it('prefixes text starting with = + - @ tab or CR, and leaves numbers and plain text alone', () => {
    for (const s of ['=1+2', '+1', '-A1', '@SUM(A1)']) expect(csvField(s)).toBe(`'${s}`);
    expect(csvField('\t=1')).toBe(`'\t=1`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('Quảng Trị')).toBe('Quảng Trị');
  });
  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'x"y', 'l1\nl2', null, 1.5])).toBe('"a,b","x""y","l1\nl2",,1.5');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

describe('the SQL editor’s relations', () => {
  it('are the relations the SQL API publishes', async () => {
    const { PUBLISHED_RELATIONS } = await import('../../functions/core/sql/guard.ts');
    const { SQL_RELATIONS } = await import('../../explorer/src/ui/sql-assist.ts');
    expect([...SQL_RELATIONS].sort()).toEqual([...PUBLISHED_RELATIONS].sort());
  });
});
