import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { viewOf } from '../../functions/api/raw-view.ts';
import { cellNumber, locateInGrid, locateInJson } from '../../explorer/src/ui/source-viewer.ts';

describe('the original of a report as the viewer shows it', () => {
  it('an XLSX comes back as a grid of display text in which the value’s cell is found', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Báo cáo');
    ws.addRow(['Chỉ tiêu', 'Mã', 'Kỳ này']);
    ws.addRow(['Tố giác tiếp nhận', 'crime_reports_received', 1234]);
    ws.addRow(['Tỷ lệ giải quyết', 'crime_report_resolution_rate', 0.712]);
    ws.getCell('C3').numFmt = '0.0%';
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const view = await viewOf('bao-cao.xlsx', bytes);
    expect(view.kind).toBe('grid');
    if (view.kind !== 'grid') return;
    expect(view.sheets[0].name).toBe('Báo cáo');
    expect(view.sheets[0].rows[1][1]).toBe('crime_reports_received');
    const hit = locateInGrid(view.sheets[0].rows, { indicator: 'crime_report_resolution_rate', unit_id: 'p63-01', period: '2024-10', value: 71.2 });
    expect(hit).toEqual({ r: 2, c: 2 });
    expect(locateInGrid(view.sheets[0].rows, { indicator: 'crime_reports_received', unit_id: 'x', period: 'y', value: 1234 })).toEqual({ r: 1, c: 2 });
  });

  it('a text report comes back decoded and NFC, as the extractor read it', async () => {
    const nfd = 'Tiếp nhận 126 tố giác'.normalize('NFD');
    const view = await viewOf('a.txt', new TextEncoder().encode(nfd));
    expect(view).toMatchObject({ kind: 'text', text: 'Tiếp nhận 126 tố giác' });
  });

  it('unknown formats are refused with a message in both languages', async () => {
    await expect(viewOf('a.pdf', new Uint8Array(3))).rejects.toMatchObject({ status: 422 });
  });

  it('numbers as report cells show them', () => {
    expect(cellNumber('1.234,5')).toBe(1234.5);
    expect(cellNumber('1,234.5')).toBe(1234.5);
    expect(cellNumber('71,2%')).toBe(71.2);
    expect(cellNumber('1.234')).toBe(1234);
    expect(cellNumber('abc')).toBeUndefined();
  });

  it('the JSON entry of an indicator spans its braces', () => {
    const lines = JSON.stringify({ values: [{ indicator: 'a', value: 1 }, { indicator: 'b', value: 2 }] }, null, 2).split('\n');
    const [first, last] = locateInJson(lines, 'b')!;
    expect(lines[first].trim()).toBe('{');
    expect(lines.slice(first, last + 1).join('')).toContain('"value": 2');
    expect(lines[last].trim()).toMatch(/^}/);
  });
});
