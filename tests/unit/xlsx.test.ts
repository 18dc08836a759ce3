import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { indicators } from '../../functions/core/catalog.ts';
import { parseXlsx, parseXlsxDetailed } from '../../functions/core/parse/xlsx.ts';
import { buildXlsxTemplate, TEMPLATE_COLUMNS, TEMPLATE_NOTES_SHEET, TEMPLATE_SHEET } from '../../functions/core/template/xlsx-template.ts';
import { fillTemplate, load, templateRows, toBytes, type Fill } from '../fixtures/xlsx/build.ts';

const GENERATED = new Date('2024-06-01T02:00:00Z');

describe('xlsx template', () => {
  it('has the header block, one row per indicator of the level, validation and a notes sheet', async () => {
    const bytes = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-H1', generatedAt: GENERATED });
    const wb = await load(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([TEMPLATE_SHEET, TEMPLATE_NOTES_SHEET]);
    const ws = wb.getWorksheet(TEMPLATE_SHEET)!;
    expect(ws.getCell('C4').value).toBe('p63-94');
    expect(ws.getCell('C5').value).toBe('VKSND tỉnh Sóc Trăng');
    expect(ws.getCell('C6').value).toBe('2024-H1');
    expect(ws.getCell('D6').value).toBe('6 tháng đầu năm 2024');
    expect(ws.getCell('C7').value).toBe('01/12/2023 – 31/05/2024');
    expect(ws.getCell('C8').value).toBe('Đơn vị');
    expect(ws.getColumn(TEMPLATE_COLUMNS.code).hidden).toBe(true);
    const rows = templateRows(ws);
    const expected = indicators().filter((i) => !i.levels || i.levels.includes('province'));
    expect([...rows.keys()].sort()).toEqual(expected.map((i) => i.code).sort());
    const rate = ws.getRow(rows.get('crime_report_resolution_rate')!);
    expect(rate.getCell(TEMPLATE_COLUMNS.name).value).toBe('Tỷ lệ giải quyết tố giác, tin báo về tội phạm');
    expect(rate.getCell(TEMPLATE_COLUMNS.value).dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100] });
    expect(rate.getCell(TEMPLATE_COLUMNS.numerator).dataValidation).toMatchObject({ type: 'whole', formulae: [0] });
    const count = ws.getRow(rows.get('conclusions_issued')!);
    expect(count.getCell(TEMPLATE_COLUMNS.value).dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(count.getCell(TEMPLATE_COLUMNS.value).protection).toMatchObject({ locked: false });
    expect(ws.getCell('C8').dataValidation).toMatchObject({ type: 'list' });
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    expect(wb.modified?.toISOString()).toBe(GENERATED.toISOString());
  });

  it('leaves out indicators the unit level does not report (SPP investigation agency rows)', async () => {
    const wb = await load(await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1' }));
    expect(templateRows(wb.getWorksheet(TEMPLATE_SHEET)!).has('spp_judicial_crimes_cleared')).toBe(false);
  });

  it('refuses an unknown unit or period', async () => {
    await expect(buildXlsxTemplate({ unitId: 'p63-00', period: '2024-H1' })).rejects.toThrow(/unknown unit/);
    await expect(buildXlsxTemplate({ unitId: 'p63-94', period: '2024-H3' })).rejects.toThrow(/invalid period/);
  });

  it('an empty template is rejected: no figures', async () => {
    const r = await parseXlsx(await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-H1' }), 't.xlsx');
    expect(r.problems.map((p) => p.code)).toEqual(['xlsx_no_values']);
    expect(r.reports).toEqual([]);
  });
});

describe('xlsx round trip: fill in the template → parse → the same values', () => {
  it('every indicator of the template', async () => {
    const template = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-H1', generatedAt: GENERATED });
    const list = indicators().filter((i) => !i.levels || i.levels.includes('province'));
    const fills: Record<string, Fill> = {};
    const expected: Record<string, unknown> = {};
    list.forEach((ind, k) => {
      if (ind.kind === 'rate') {
        const den = 100 + k;
        const num = 50 + k;
        const value = Math.round((num / den) * 1000) / 10;
        fills[ind.code] = { value, numerator: num, denominator: den, last_year: 60.5, note: `ghi chú ${k}` };
        expected[ind.code] = { indicator: ind.code, value, numerator: num, denominator: den, note: `ghi chú ${k}` };
      } else if (ind.unit === 'vnd_million') {
        fills[ind.code] = { value: 1234.5 };
        expected[ind.code] = { indicator: ind.code, value: 1234.5 };
      } else {
        fills[ind.code] = { value: k * 3, last_year: k };
        expected[ind.code] = { indicator: ind.code, value: k * 3 };
      }
    });
    const filled = await fillTemplate(template, fills, { scope: 'Hai cấp', date: new Date(Date.UTC(2024, 5, 5)) });
    const r = await parseXlsxDetailed(filled, 'bao-cao.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.ignoredSheets).toEqual([TEMPLATE_NOTES_SHEET]);
    expect(r.reports).toHaveLength(1);
    const rep = r.reports[0];
    expect(rep).toMatchObject({
      schema_version: 1, unit_id: 'p63-94', scope: 'province_total', period: '2024-H1',
      submitted_at: '2024-06-05T00:00:00+07:00', source: { format: 'xlsx', file_name: 'bao-cao.xlsx' },
    });
    expect(rep.values).toHaveLength(list.length);
    for (const v of rep.values) expect(v).toEqual(expected[v.indicator]);
    // Same period last year is read (outside the report contract) and every figure is traceable.
    const s = r.sheets[0];
    expect(s.lastYear.crime_report_resolution_rate).toBe(60.5);
    expect(s.cells.conclusions_issued.value).toMatch(/^E\d+$/);
    expect(s.sources).toMatchObject({ unit: 'C4', period: 'C6', scope: 'C8', submitted_at: 'C9' });
  });

  it('a few values; rates from numerator and denominator alone; percent-only rates flagged', async () => {
    const template = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1', generatedAt: GENERATED });
    const filled = await fillTemplate(template, {
      conclusions_issued: { value: 94 },
      recommendations_issued: { value: 93 },
      appeal_protests: { value: 16 },
      crime_report_resolution_rate: { numerator: 712, denominator: 1000 },
      prosecution_on_time_rate: { value: 95.5 },
    }, {}, new Date('2024-03-05T08:00:00Z'));
    const r = await parseXlsx(filled, 'x.xlsx');
    expect(r.problems).toEqual([]);
    const rep = r.reports[0];
    expect(rep.scope).toBe('unit');
    expect(rep.submitted_at).toBe('2024-03-05T08:00:00.000Z'); // the workbook's modified date
    expect(rep.values).toEqual([
      { indicator: 'crime_report_resolution_rate', value: 71.2, numerator: 712, denominator: 1000 },
      { indicator: 'prosecution_on_time_rate', value: 95.5, numerator: null, denominator: null, flag: 'percent_only' },
      { indicator: 'appeal_protests', value: 16 },
      { indicator: 'recommendations_issued', value: 93 },
      { indicator: 'conclusions_issued', value: 94 },
    ]);
  });
});

/** A workbook as units really make them: titles, merged two-row headings, a numbering row, blank rows and columns. */
async function realisticWorkbook(opts: { notesFirst?: boolean } = {}): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (opts.notesFirst) {
    const notes = wb.addWorksheet('Ghi chú');
    notes.getCell('A1').value = 'Ghi chú: số liệu lấy từ phần mềm thống kê, chốt ngày 31/5/2024.';
    notes.getCell('A3').value = 'Người lập: Nguyễn Văn A';
  }
  const ws = wb.addWorksheet('Biểu 01');
  ws.mergeCells('B1:G1');
  ws.getCell('B1').value = 'VIỆN KIỂM SÁT NHÂN DÂN TỈNH SÓC TRĂNG';
  ws.mergeCells('B2:G2');
  ws.getCell('B2').value = 'BÁO CÁO THỐNG KÊ KẾT QUẢ CÔNG TÁC 6 THÁNG ĐẦU NĂM 2024 CỦA VKSND HAI CẤP TỈNH SÓC TRĂNG';
  // Row 3–5 blank; the table starts at B6 with a two-row header.
  ws.mergeCells('B6:B7');
  ws.getCell('B6').value = 'TT';
  ws.mergeCells('C6:C7');
  ws.getCell('C6').value = 'CHỈ TIÊU';
  ws.mergeCells('D6:E6');
  ws.getCell('D6').value = 'Số liệu';
  ws.getCell('D7').value = 'Kỳ này';
  ws.getCell('E7').value = 'Cùng kỳ năm trước';
  ws.mergeCells('F6:F7');
  ws.getCell('F6').value = 'Ghi chú';
  ['(1)', '(2)', '(3)', '(4)', '(5)'].forEach((t, i) => (ws.getCell(8, 2 + i).value = t));
  const rows: [string, ExcelJS.CellValue, ExcelJS.CellValue?, string?][] = [
    ['I. CÔNG TÁC CHỦ ĐỘNG', null],
    ['1. Số kết luận', '94', 80], // number stored as text
    ['2. Số kiến nghị'.normalize('NFD'), { formula: 'D12-1', result: 93 }], // NFD name; formula with a cached result
    ['3. Số khang nghi phuc tham', '016'], // typed without diacritics; leading zero
    ['4. Số thông báo rút kinh nghiệm', 21],
    ['5. Số phiên toà rút kinh nghiệm', '82', undefined, 'Phiên toà trực tuyến: 10'], // old tone placement
    ['6. Tỷ lệ giải quyết tố giác, tin báo về tội phạm (%)', 0.712], // percent-formatted below
    ['7. Tỷ lệ truy tố đúng thời hạn', '96,5%'], // percent text with a decimal comma
    ['- vụ án trọng điểm', '83'], // an alias
    ['8. Tổng số tố giác, tin báo phải giải quyết', '1.234'], // alias; thousands dot
    ['II. CÔNG TÁC KHÁC', null],
  ];
  rows.forEach(([label, value, lastYear, note], i) => {
    const r = 10 + i * 2; // a blank row between data rows
    ws.getCell(r, 3).value = label;
    if (value !== null) ws.getCell(r, 4).value = value;
    if (lastYear !== undefined) ws.getCell(r, 5).value = lastYear;
    if (note) ws.getCell(r, 6).value = note;
    ws.getCell(r, 2).value = i + 1;
  });
  ws.getCell('D22').numFmt = '0.0%';
  ws.getCell('F40').value = 'Sóc Trăng, ngày 05 tháng 6 năm 2024';
  ws.getCell('F41').value = 'VIỆN TRƯỞNG';
  return wb;
}

describe('xlsx variations real files have', () => {
  it('reads merged headings, formulas, vi-VN number text, percent formats, blank rows/columns, name variants', async () => {
    const wb = await realisticWorkbook({ notesFirst: true });
    const r = await parseXlsxDetailed(await toBytes(wb), 'bieu01.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.ignoredSheets).toEqual(['Ghi chú']);
    expect(r.reports).toHaveLength(1);
    const rep = r.reports[0];
    expect(rep).toMatchObject({ unit_id: 'p63-94', period: '2024-H1', scope: 'province_total', submitted_at: '2024-06-05T00:00:00+07:00' });
    const byCode = Object.fromEntries(rep.values.map((v) => [v.indicator, v.value]));
    expect(byCode).toEqual({
      conclusions_issued: 94,
      recommendations_issued: 93,
      appeal_protests: 16,
      lessons_learned_notices: 21,
      model_trial_sessions: 82,
      crime_report_resolution_rate: 71.2,
      prosecution_on_time_rate: 96.5,
      key_cases: 83,
      crime_reports_to_resolve: 1234,
    });
    expect(rep.values.find((v) => v.indicator === 'model_trial_sessions')?.note).toBe('Phiên toà trực tuyến: 10');
    expect(r.sheets[0].lastYear).toEqual({ conclusions_issued: 80 });
    expect(r.sheets[0].cells.crime_report_resolution_rate.value).toBe('D22');
    expect(r.sheets[0].sources.unit).toBe('B1');
  });

  it('one report per sheet; unit names resolved at the period start; periods in words', async () => {
    const wb = new ExcelJS.Workbook();
    const sheets: [string, string, string, number][] = [
      ['Quảng Trị Q1', 'VKSND tỉnh Quảng Trị', 'Quý I năm 2024', 11],
      ['Quảng Trị 2025', 'VKSND tỉnh Quảng Trị', 'Tháng 8/2025', 12], // after the merger: the new province
      ['Cần Thơ', 'Vien kiem sat nhan dan hai cap thanh pho Can Tho', 'từ 01/12/2023 đến 31/5/2024', 13],
    ];
    for (const [name, unit, period, value] of sheets) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['Đơn vị:', unit]);
      ws.addRow(['Kỳ báo cáo:', period]);
      ws.addRow(['Ngày báo cáo:', '10/09/2025']);
      ws.addRow([]);
      ws.addRow(['Chỉ tiêu', 'Kỳ này']);
      ws.addRow(['Số kết luận', value]);
    }
    const r = await parseXlsx(await toBytes(wb), 'nhieu-trang.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports.map((x) => [x.unit_id, x.period, x.scope, x.values[0].value, x.submitted_at])).toEqual([
      ['p63-45', '2024-Q1', 'unit', 11, '2025-09-10T00:00:00+07:00'],
      ['p34-44', '2025-08', 'unit', 12, '2025-09-10T00:00:00+07:00'],
      ['p63-92', '2024-H1', 'province_total', 13, '2025-09-10T00:00:00+07:00'],
    ]);
  });

  it('unit and period from the file name when the sheet has no header', async () => {
    const wb = new ExcelJS.Workbook();
    wb.modified = new Date('2024-07-01T01:02:03Z');
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['Mã chỉ tiêu', 'Chỉ tiêu', 'Kỳ này']);
    ws.addRow(['conclusions_issued', 'Số kết luận', 5]);
    ws.addRow(['key_cases', 'Số vụ án trọng điểm', 6]);
    const bytes = await toBytes(wb);
    const a = await parseXlsx(bytes, 'p63-94_2024-Q2.xlsx');
    expect(a.problems).toEqual([]);
    expect(a.reports[0]).toMatchObject({ unit_id: 'p63-94', period: '2024-Q2', scope: 'unit', submitted_at: '2024-07-01T01:02:03.000Z' });
    const b = await parseXlsx(bytes, 'VKSND Soc Trang - Quy 2 nam 2024.xlsx');
    expect(b.problems).toEqual([]);
    expect(b.reports[0]).toMatchObject({ unit_id: 'p63-94', period: '2024-Q2' });
  });

  it('finds the table without a heading row, from the indicator names', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.getCell('A1').value = 'Mã đơn vị: p63-94';
    ws.getCell('A2').value = 'Kỳ báo cáo: 2024-03';
    ws.getCell('B5').value = 'Số kết luận';
    ws.getCell('D5').value = 7;
    ws.getCell('B6').value = 'Số kiến nghị';
    ws.getCell('D6').value = '8';
    const r = await parseXlsx(await toBytes(wb), 'data.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports[0]).toMatchObject({ unit_id: 'p63-94', period: '2024-03' });
    expect(r.reports[0].values).toEqual([{ indicator: 'conclusions_issued', value: 7 }, { indicator: 'recommendations_issued', value: 8 }]);
  });

  it('repairs legacy TCVN3 cell strings', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Mã đơn vị:', 'p63-94']);
    ws.addRow(['Kỳ báo cáo:', '2024-Q1']);
    ws.addRow(['ChØ tiªu', 'Kú nµy']); // "Chỉ tiêu", "Kỳ này" typed in .VnTime, read as cp1252
    ws.addRow(['Sè kÕt luËn', 3]); // "Số kết luận"
    const r = await parseXlsx(await toBytes(wb), 's.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports[0].values).toEqual([{ indicator: 'conclusions_issued', value: 3 }]);
  });

  it('a fraction typed without a % format is scaled when numerator and denominator agree', async () => {
    const template = await buildXlsxTemplate({ unitId: 'p63-94', period: '2024-Q1', generatedAt: GENERATED });
    const filled = await fillTemplate(template, { crime_report_resolution_rate: { value: 0.712, numerator: 712, denominator: 1000 } });
    const r = await parseXlsx(filled, 'x.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports[0].values[0]).toMatchObject({ indicator: 'crime_report_resolution_rate', value: 71.2 });
  });

  it('ignores hidden sheets (lookup lists, old copies)', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, value, hidden] of [['Kỳ này', 5, false], ['Bản cũ', 9, true]] as const) {
      const ws = wb.addWorksheet(name, { state: hidden ? 'hidden' : 'visible' });
      ws.addRow(['Mã đơn vị:', 'p63-94']);
      ws.addRow(['Kỳ báo cáo:', '2024-Q1']);
      ws.addRow(['Chỉ tiêu', 'Kỳ này']);
      ws.addRow(['Số kết luận', value]);
    }
    const r = await parseXlsxDetailed(await toBytes(wb), 'x.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.ignoredSheets).toEqual(['Bản cũ']);
    expect(r.reports.map((x) => x.values[0].value)).toEqual([5]);
  });

  it('a template for a regional unit after the 2025 reform', async () => {
    // Regional ids follow the registry's assumed allocation (data-schemas/regional-allocation.json).
    const bytes = await buildXlsxTemplate({ unitId: 'kv-92-1', period: '2025-Q4' });
    const filled = await fillTemplate(bytes, { conclusions_issued: { value: 2 } });
    const r = await parseXlsx(filled, 'kv.xlsx');
    expect(r.problems).toEqual([]);
    expect(r.reports[0]).toMatchObject({ unit_id: 'kv-92-1', period: '2025-Q4' });
  });
});

