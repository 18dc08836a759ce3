/**
 * The canonical workbook a unit fills in (`chitieu template xlsx`): a header block naming the unit
 * (id and full name), the period (label, words and dates), the scope and the report date; then
 * one row per catalog indicator the unit's level reports, grouped by work area, with its
 * Vietnamese name and its code (in a hidden column, so that renamed rows still resolve), and
 * input cells for this period, numerator, denominator, same period last year and a note. Input
 * cells carry Excel data validation; everything else is locked (sheet protection without a
 * password: it prevents slips, not edits). The parser (functions/core/parse/xlsx.ts) reads this
 * layout by its headings, so the words here are the contract, not the cell positions.
 */
import ExcelJS from 'exceljs';
import { parsePeriod, type Period } from '../calendar.ts';
import type { Scope } from '../types.ts';
import { defaultRegistry } from '../parse/xlsx.ts';
import { isRate, isWholeCount, type XlsxIndicator, type XlsxRegistry } from '../parse/xlsx-registry.ts';

export interface XlsxTemplateOptions {
  unitId: string;
  period: string;
  scope?: Scope;
  registry?: XlsxRegistry;
  /** Creation time written to the workbook's properties (default: now). */
  generatedAt?: Date;
  /** Lock everything but the input cells (default true). */
  protect?: boolean;
}

/** Column numbers of the indicator table. */
export const TEMPLATE_COLUMNS = {
  stt: 1,
  code: 2,
  name: 3,
  uom: 4,
  value: 5,
  numerator: 6,
  denominator: 7,
  last_year: 8,
  note: 9,
} as const;

/** Row of the table's headings; indicator rows follow. */
export const TEMPLATE_HEADER_ROW = 11;
export const TEMPLATE_SHEET = 'Báo cáo';
export const TEMPLATE_NOTES_SHEET = 'Hướng dẫn';

const HEADINGS: Record<keyof typeof TEMPLATE_COLUMNS, string> = {
  stt: 'STT',
  code: 'Mã chỉ tiêu',
  name: 'Chỉ tiêu',
  uom: 'Đơn vị tính',
  value: 'Kỳ này',
  numerator: 'Tử số',
  denominator: 'Mẫu số',
  last_year: 'Cùng kỳ năm trước',
  note: 'Ghi chú',
};

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const GREY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The period in words, as the header shows it ("6 tháng đầu năm 2024", "Tháng 3/2024", "Quý I năm 2024"). */
export function periodWords(p: Period): string {
  switch (p.type) {
    case 'month':
      return `Tháng ${Number(p.label.slice(5))}/${p.label.slice(0, 4)}`;
    case 'quarter':
      return `Quý ${ROMAN[p.index! - 1]} năm ${p.statYear}`;
    case 'half':
      return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.statYear}`;
    case 'nine_months':
      return `9 tháng năm ${p.statYear}`;
    case 'year':
      return `Năm ${p.statYear}`;
  }
}

function uomOf(i: XlsxIndicator): string {
  return isRate(i) ? '%' : i.unit === 'vnd_million' ? 'triệu đồng' : 'số lượng';
}

type Validation = ExcelJS.DataValidation;

// Excel refuses error messages over 225 characters.
function short(name: string): string {
  return name.length > 120 ? `${name.slice(0, 119)}…` : name;
}

function wholeAtLeastZero(what: string): Validation {
  return {
    type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true,
    errorStyle: 'stop', errorTitle: 'Số không hợp lệ', error: `${short(what)}: nhập số nguyên không âm (0, 1, 2, …).`,
  };
}

function decimalAtLeastZero(what: string): Validation {
  return {
    type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true,
    errorStyle: 'stop', errorTitle: 'Số không hợp lệ', error: `${short(what)}: nhập số không âm.`,
  };
}

function percent(what: string): Validation {
  return {
    type: 'decimal', operator: 'between', formulae: [0, 100], allowBlank: true, showErrorMessage: true,
    errorStyle: 'stop', errorTitle: 'Tỷ lệ không hợp lệ', error: `${short(what)}: nhập tỷ lệ phần trăm từ 0 đến 100 (ví dụ 71,2).`,
  };
}

/** Builds the template workbook; returns the .xlsx bytes. Throws (bilingual) on an unknown unit or period. */
export async function buildXlsxTemplate(opts: XlsxTemplateOptions): Promise<Uint8Array> {
  const registry = opts.registry ?? defaultRegistry;
  const p = parsePeriod(opts.period);
  if (!p) throw new Error(`Nhãn kỳ báo cáo không hợp lệ / invalid period label: "${opts.period}" (ví dụ / e.g. 2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y)`);
  const unit = registry.unitById(opts.unitId) ?? registry.resolveUnit(opts.unitId, p.start);
  if (!unit) throw new Error(`Không tìm thấy đơn vị / unknown unit: "${opts.unitId}" (xem / see: chitieu units)`);
  const scope: Scope = opts.scope ?? 'unit';
  const protect = opts.protect ?? true;

  const wb = new ExcelJS.Workbook();
  const now = opts.generatedAt ?? new Date();
  wb.creator = 'chitieu';
  wb.created = now;
  wb.modified = now;
  wb.title = `Báo cáo chỉ tiêu nghiệp vụ ${unit.full_name} ${periodWords(p)}`;

  const ws = wb.addWorksheet(TEMPLATE_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 3, ySplit: TEMPLATE_HEADER_ROW }],
  });
  ws.columns = [
    { width: 6 }, { width: 34, hidden: true }, { width: 62 }, { width: 11 }, { width: 13 }, { width: 11 }, { width: 11 }, { width: 14 }, { width: 30 },
  ];
  const last = 'I';

  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = 'BÁO CÁO CHỈ TIÊU NGHIỆP VỤ';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = 'Mẫu chitieu: chỉ điền vào các ô nền vàng; không đổi tên cột, không chèn hay xoá cột.';
  ws.getCell('A2').font = { italic: true };
  ws.getCell('A2').alignment = { horizontal: 'center' };

  const field = (row: number, label: string, value: ExcelJS.CellValue, input = false): ExcelJS.Cell => {
    ws.mergeCells(`A${row}:B${row}`);
    ws.getCell(`A${row}`).value = label;
    ws.getCell(`A${row}`).font = { bold: true };
    const c = ws.getCell(`C${row}`);
    c.value = value;
    if (input) {
      c.fill = INPUT_FILL;
      c.protection = { locked: false };
      c.border = THIN;
    }
    return c;
  };
  field(4, 'Mã đơn vị:', unit.id);
  field(5, 'Đơn vị:', unit.full_name);
  field(6, 'Kỳ báo cáo:', p.label);
  ws.getCell('D6').value = periodWords(p);
  field(7, 'Từ ngày – đến ngày:', `${dmy(p.start)} – ${dmy(p.end)}`);
  const scopeCell = field(8, 'Phạm vi:', scope === 'province_total' ? 'Hai cấp' : 'Đơn vị', true);
  scopeCell.dataValidation = {
    type: 'list', allowBlank: false, formulae: ['"Đơn vị,Hai cấp"'], showErrorMessage: true, errorStyle: 'stop',
    errorTitle: 'Phạm vi', error: 'Chọn "Đơn vị" (riêng đơn vị) hoặc "Hai cấp" (cấp tỉnh và các đơn vị cấp dưới).',
    showInputMessage: true, promptTitle: 'Phạm vi', prompt: '"Đơn vị": số liệu riêng đơn vị; "Hai cấp": toàn tỉnh (cấp tỉnh và cấp huyện/khu vực).',
  };
  // The explanation lives in the input prompt, not in a cell: a cell saying "Hai cấp" next to an
  // emptied scope cell would be read as the scope.
  const dateCell = field(9, 'Ngày báo cáo:', null, true);
  dateCell.numFmt = 'dd/mm/yyyy';
  dateCell.dataValidation = {
    type: 'date', operator: 'greaterThanOrEqual', formulae: [new Date(Date.UTC(Number(p.start.slice(0, 4)), Number(p.start.slice(5, 7)) - 1, 1))],
    allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Ngày báo cáo', error: 'Nhập ngày dạng ngày/tháng/năm, không trước đầu kỳ báo cáo.',
  };

  const head = ws.getRow(TEMPLATE_HEADER_ROW);
  for (const [key, col] of Object.entries(TEMPLATE_COLUMNS)) {
    const c = head.getCell(col);
    c.value = HEADINGS[key as keyof typeof TEMPLATE_COLUMNS];
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  head.height = 30;

  const list = registry.indicators().filter((i) => !i.levels || i.levels.includes(unit.level));
  const areas = registry.workAreas?.() ?? [];
  const groups: { title?: string; items: XlsxIndicator[] }[] = [];
  for (const area of areas) {
    const items = list.filter((i) => i.work_area === area.code);
    if (items.length) groups.push({ title: area.name_vi, items });
  }
  const rest = list.filter((i) => !groups.some((g) => g.items.includes(i)));
  if (rest.length) groups.push({ title: areas.length ? 'Chỉ tiêu khác' : undefined, items: rest });

  let r = TEMPLATE_HEADER_ROW + 1;
  let n = 0;
  groups.forEach((g, gi) => {
    if (g.title) {
      const row = ws.getRow(r++);
      row.getCell(TEMPLATE_COLUMNS.stt).value = ROMAN[gi] ?? String(gi + 1);
      row.getCell(TEMPLATE_COLUMNS.name).value = g.title;
      row.font = { bold: true };
      for (let c = 1; c <= 9; c++) row.getCell(c).border = THIN;
    }
    for (const ind of g.items) {
      const row = ws.getRow(r++);
      row.getCell(TEMPLATE_COLUMNS.stt).value = ++n;
      row.getCell(TEMPLATE_COLUMNS.code).value = ind.code;
      row.getCell(TEMPLATE_COLUMNS.name).value = ind.name_vi;
      row.getCell(TEMPLATE_COLUMNS.name).alignment = { wrapText: true, vertical: 'middle' };
      row.getCell(TEMPLATE_COLUMNS.uom).value = uomOf(ind);
      row.getCell(TEMPLATE_COLUMNS.uom).alignment = { horizontal: 'center' };
      const rate = isRate(ind);
      const valueCheck = rate ? percent(ind.name_vi) : isWholeCount(ind) ? wholeAtLeastZero(ind.name_vi) : decimalAtLeastZero(ind.name_vi);
      const fmt = rate ? '0.0' : isWholeCount(ind) ? '#,##0' : '#,##0.0';
      for (const col of [TEMPLATE_COLUMNS.value, TEMPLATE_COLUMNS.last_year]) {
        const c = row.getCell(col);
        c.fill = INPUT_FILL;
        c.protection = { locked: false };
        c.numFmt = fmt;
        c.dataValidation = valueCheck;
      }
      for (const col of [TEMPLATE_COLUMNS.numerator, TEMPLATE_COLUMNS.denominator]) {
        const c = row.getCell(col);
        if (rate) {
          c.fill = INPUT_FILL;
          c.protection = { locked: false };
          c.numFmt = '#,##0';
          c.dataValidation = wholeAtLeastZero(col === TEMPLATE_COLUMNS.numerator ? 'Tử số' : 'Mẫu số');
        } else c.fill = GREY_FILL;
      }
      const note = row.getCell(TEMPLATE_COLUMNS.note);
      note.fill = INPUT_FILL;
      note.protection = { locked: false };
      note.alignment = { wrapText: true };
      for (let c = 1; c <= 9; c++) row.getCell(c).border = THIN;
    }
  });
  r++;
  ws.getCell(`A${r}`).value = 'Người lập biểu';
  ws.getCell(`F${r}`).value = 'Thủ trưởng đơn vị';
  ws.getCell(`A${r}`).font = ws.getCell(`F${r}`).font = { bold: true };
  if (protect) {
    await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  }

  const notes = wb.addWorksheet(TEMPLATE_NOTES_SHEET);
  notes.getColumn(1).width = 110;
  const lines = [
    'HƯỚNG DẪN ĐIỀN MẪU',
    '1. Điền số liệu của kỳ báo cáo vào cột "Kỳ này"; số liệu cùng kỳ năm trước (nếu có) vào cột bên cạnh.',
    '2. Với tỷ lệ (%): điền tử số và mẫu số; có thể để trống cột "Kỳ này", hệ thống tự tính. Tỷ lệ ghi dạng 71,2 (không nhân 100 lần nữa).',
    '3. Số đếm là số nguyên không âm. Dùng dấu phẩy cho phần thập phân, dấu chấm phân cách hàng nghìn (1.234; 71,2).',
    '4. Chỉ tiêu không phát sinh: để trống. Không đổi tên, thứ tự cột; không xoá cột mã (ẩn).',
    '5. Phạm vi: "Đơn vị" nếu chỉ số liệu của riêng đơn vị; "Hai cấp" nếu tổng hợp toàn tỉnh (cấp tỉnh và cấp dưới).',
    '6. Mỗi trang tính là một báo cáo; có thể sao chép trang "Báo cáo" để báo cáo nhiều kỳ hoặc nhiều đơn vị trong cùng một tệp.',
    'INSTRUCTIONS (English): fill in the yellow cells only; rates as percentages (71,2), counts as whole numbers; one report per sheet.',
  ];
  lines.forEach((t, i) => {
    const c = notes.getCell(`A${i + 1}`);
    c.value = t;
    c.alignment = { wrapText: true };
    if (i === 0) c.font = { bold: true, size: 13 };
  });

  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
