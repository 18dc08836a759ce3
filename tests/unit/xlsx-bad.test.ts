import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseXlsx, parseXlsxDetailed } from '../../functions/core/parse/xlsx.ts';
import { inspectXlsxContainer } from '../../functions/core/parse/xlsx-container.ts';
import { buildXlsxTemplate } from '../../functions/core/template/xlsx-template.ts';
import type { Problem } from '../../functions/core/types.ts';
import { fillTemplate, toBytes } from '../fixtures/xlsx/build.ts';
import { makeZip, oleFile } from '../fixtures/xlsx/zip.ts';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Every problem is bilingual and says how to fix it. */
function expectWellFormed(problems: Problem[]): void {
  for (const p of problems) {
    for (const k of ['message_vi', 'message_en', 'fix_vi', 'fix_en'] as const) expect(p[k].length).toBeGreaterThan(5);
  }
}

async function only(bytes: Uint8Array, fileName = 'bad.xlsx'): Promise<Problem> {
  const r = await parseXlsx(bytes, fileName);
  expect(r.reports).toEqual([]);
  expect(r.problems).toHaveLength(1);
  expectWellFormed(r.problems);
  return r.problems[0];
}

/** A small valid-looking sheet with a header block, then the rows given. */
async function sheetWith(rows: ExcelJS.CellValue[][], header: ExcelJS.CellValue[][] = [['Mã đơn vị:', 'p63-94'], ['Kỳ báo cáo:', '2024-Q1']]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Báo cáo');
  for (const h of header) ws.addRow(h);
  ws.addRow([]);
  ws.addRow(['Chỉ tiêu', 'Kỳ này', 'Tử số', 'Mẫu số']);
  for (const r of rows) ws.addRow(r);
  return toBytes(wb);
}

describe('container checks (before exceljs sees the bytes)', () => {
  it('not a workbook: text, JSON, an empty file', async () => {
    expect((await only(text('Chỉ tiêu;Kỳ này\nSố kết luận;5'))).code).toBe('xlsx_not_workbook');
    expect((await only(text('{"unit_id":"p63-94"}'))).code).toBe('xlsx_not_workbook');
    expect((await only(new Uint8Array())).code).toBe('empty_file');
  });

  it('a zip that is not a spreadsheet (a .docx renamed)', async () => {
    const docx = makeZip([{ name: '[Content_Types].xml', data: text('<Types/>') }, { name: 'word/document.xml', data: text('<w:document/>') }]);
    const p = await only(docx);
    expect(p.code).toBe('xlsx_not_workbook');
    expect(p.message_en).toMatch(/docx/);
  });

  it('password-protected: an OLE compound file holding EncryptedPackage', async () => {
    const p = await only(oleFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']));
    expect(p.code).toBe('xlsx_encrypted');
    expect(p.fix_vi).toMatch(/mật khẩu/);
  });

  it('an Excel 97–2003 .xls', async () => {
    expect((await only(oleFile(['Root Entry', 'Workbook']), 'old.xls')).code).toBe('xlsx_legacy_format');
  });

  it('zip encryption on the entries', async () => {
    const z = makeZip([{ name: 'xl/workbook.xml', data: text('<workbook/>'), flags: 1 }]);
    expect((await only(z)).code).toBe('xlsx_encrypted');
  });

  it('zip bomb: too many entries', async () => {
    const entries = Array.from({ length: 2_001 }, (_, i) => ({ name: `xl/x${i}.xml`, data: text('x'), method: 0 as const }));
    const p = await only(makeZip(entries));
    expect(p.code).toBe('xlsx_zip_bomb');
    expect(p.message_en).toMatch(/2001 entries/);
  });

  it('zip bomb: an entry declaring gigabytes', async () => {
    const z = makeZip([{ name: 'xl/workbook.xml', data: text('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: text('<x/>'), declaredSize: 3_000_000_000 }]);
    expect((await only(z)).code).toBe('xlsx_zip_bomb');
  });

  it('zip bomb: a compression ratio far beyond XML', async () => {
    const z = makeZip([{ name: 'xl/workbook.xml', data: text('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(16 * 1024 * 1024) }]);
    const v = inspectXlsxContainer(z);
    expect(v.kind).toBe('bomb');
    expect((await only(z)).code).toBe('xlsx_zip_bomb');
  });

  it('zip bomb: a header that understates the size (caught by the capped inflate)', async () => {
    const z = makeZip([{ name: 'xl/workbook.xml', data: text('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(4 * 1024 * 1024), declaredSize: 1000 }]);
    const v = inspectXlsxContainer(z);
    expect(v).toMatchObject({ kind: 'bomb' });
    expect((await only(z)).code).toBe('xlsx_zip_bomb');
  });

  it('a truncated workbook', async () => {
    const good = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1' });
    expect((await only(good.subarray(0, Math.floor(good.length / 2)))).code).toMatch(/xlsx_(corrupt|not_workbook)/);
  });

  it('passes a real workbook', async () => {
    const v = inspectXlsxContainer(await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1' }));
    expect(v.kind).toBe('zip');
  });
});

describe('bad content, with the sheet and cell', () => {
  it('a sheet with no recognisable indicator', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trang tính 1').addRow(['Danh sách cán bộ', 'Nguyễn Văn A']);
    const p = await only(await toBytes(wb));
    expect(p).toMatchObject({ code: 'xlsx_no_indicator', place: { sheet: 'Trang tính 1' } });
  });

  it('a table whose rows are not catalog indicators, even beside a good sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const good = wb.addWorksheet('Tốt');
    good.addRow(['Mã đơn vị:', 'p63-94']);
    good.addRow(['Kỳ báo cáo:', '2024-Q1']);
    good.addRow(['Chỉ tiêu', 'Kỳ này']);
    good.addRow(['Số kết luận', 4]);
    const bad = wb.addWorksheet('Lạ');
    bad.addRow(['Chỉ tiêu', 'Kỳ này']);
    bad.addRow(['Số cán bộ đi học', 4]);
    const p = await only(await toBytes(wb));
    expect(p).toMatchObject({ code: 'xlsx_unknown_indicator', place: { sheet: 'Lạ', cell: 'A2' } });
  });

  it('two values for one indicator names both cells', async () => {
    const p = await only(await sheetWith([['Số kết luận', 4], ['Số kiến nghị', 5], ['So ket luan', 6]]));
    expect(p).toMatchObject({ code: 'xlsx_duplicate_indicator', place: { sheet: 'Báo cáo', cell: 'A7' } });
    expect(p.message_en).toMatch(/A5.*A7/);
  });

  it('a value that is not a number', async () => {
    const p = await only(await sheetWith([['Số kết luận', 'khoảng 20']]));
    expect(p).toMatchObject({ code: 'xlsx_not_a_number', place: { sheet: 'Báo cáo', cell: 'B5' } });
    expect(p.message_vi).toContain('khoảng 20');
  });

  it('a formula error and a formula never calculated', async () => {
    const a = await only(await sheetWith([['Số kết luận', { error: '#DIV/0!' } as ExcelJS.CellErrorValue]]));
    expect(a).toMatchObject({ code: 'xlsx_formula_error', place: { cell: 'B5' } });
    const b = await only(await sheetWith([['Số kết luận', { formula: 'C9*2' } as ExcelJS.CellFormulaValue]]));
    expect(b).toMatchObject({ code: 'xlsx_formula_no_result', place: { cell: 'B5' } });
  });

  it('a count that is negative or not whole; a rate that contradicts its numerator and denominator', async () => {
    expect((await only(await sheetWith([['Số kết luận', 3.5]]))).code).toBe('xlsx_not_whole');
    expect((await only(await sheetWith([['Số kết luận', -1]]))).code).toBe('xlsx_negative');
    const p = await only(await sheetWith([['Tỷ lệ truy tố đúng thời hạn', 80, 90, 100]]));
    expect(p).toMatchObject({ code: 'xlsx_rate_mismatch', place: { cell: 'B5' } });
  });

  it('missing unit; unknown unit; missing period; unreadable period', async () => {
    const rows = [['Số kết luận', 4]];
    expect(await only(await sheetWith(rows, [['Kỳ báo cáo:', '2024-Q1']]), 'bao-cao.xlsx')).toMatchObject({ code: 'xlsx_missing_unit', place: { sheet: 'Báo cáo' } });
    expect(await only(await sheetWith(rows, [['Đơn vị:', 'VKSND tỉnh Atlantis'], ['Kỳ báo cáo:', '2024-Q1']]))).toMatchObject({ code: 'xlsx_unknown_unit', place: { cell: 'B1' } });
    expect(await only(await sheetWith(rows, [['Mã đơn vị:', 'p63-94']]), 'bao-cao.xlsx')).toMatchObject({ code: 'xlsx_missing_period' });
    expect(await only(await sheetWith(rows, [['Mã đơn vị:', 'p63-94'], ['Kỳ báo cáo:', 'quý năm nay']]))).toMatchObject({ code: 'xlsx_bad_period', place: { cell: 'B2' } });
  });

  it('the same report twice in one workbook', async () => {
    const wb = new ExcelJS.Workbook();
    for (const name of ['A', 'B']) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['Mã đơn vị:', 'p63-94']);
      ws.addRow(['Kỳ báo cáo:', '2024-Q1']);
      ws.addRow(['Chỉ tiêu', 'Kỳ này']);
      ws.addRow(['Số kết luận', 4]);
    }
    expect(await only(await toBytes(wb))).toMatchObject({ code: 'xlsx_duplicate_report', place: { sheet: 'B' } });
  });

  it('a filled template with an unparseable cell is rejected whole, naming the cell', async () => {
    const template = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1' });
    const filled = await fillTemplate(template, { conclusions_issued: { value: 4 }, key_cases: { value: 'năm' } });
    const r = await parseXlsxDetailed(filled, 'x.xlsx');
    expect(r.reports).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'xlsx_not_a_number', place: { sheet: 'Báo cáo' } });
    expect(r.problems[0].place.cell).toMatch(/^E\d+$/);
  });
});
