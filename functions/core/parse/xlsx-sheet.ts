/**
 * One worksheet → the values of one report: each table row resolved to a catalog indicator (by
 * code, else by its Vietnamese name or alias), its value, numerator, denominator, same period last
 * year and note read from the columns the header named. Every problem names the sheet and cell.
 */
import type { InputValue, Problem } from '../types.ts';
import { problem } from '../problem.ts';
import { fold, nfc } from '../text.ts';
import { columnLetter, roundFloat, type XCell, type XSheet } from './xlsx-cells.ts';
import { isRate, isWholeCount, type XlsxIndicator, type XlsxRegistry } from './xlsx-registry.ts';
import { findTableByData, findTableByHeader, type TableLayout } from './xlsx-table.ts';

/** Where each figure of a value was read from: sheet cells, for tracing a number back to the file. */
export interface ValueCells {
  row: number;
  label: string;
  value?: string;
  numerator?: string;
  denominator?: string;
  last_year?: string;
  note?: string;
}

export interface SheetTable {
  layout?: TableLayout;
  values: InputValue[];
  /** Indicator code → where its figures are. */
  cells: Record<string, ValueCells>;
  /** Indicator code → the "same period last year" figure, when the sheet gives one. */
  lastYear: Record<string, number>;
  /** Rows that resolved to an indicator (with or without a value). */
  recognisedRows: number;
  lastDataRow: number;
  problems: Problem[];
}

// Cells that mean "nothing to report" in Vietnamese tables: a dash, an x, "không".
const BLANKISH = /^(-+|–|—|x|\/|không|khong|k\/c|n\/a)$/i;

// Numbering and units around an indicator name: "1.", "1.2.", "a)", "I.", "-", "+", "Trong đó:" … "(%)", "(vụ)".
const LEAD = /^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*|[-+*•–]\s*|trong đó\s*:?\s*)+/iu;
const TRAIL = /\s*\((?:%|tỷ lệ %|vụ|việc|người|bị can|bị cáo|đơn|cuộc|phiên|trường hợp|lượt|triệu đồng|tr\.?đ|số lượng)\)\s*:?\s*$/iu;

/** Variants of a row label to look up, most literal first. */
export function labelVariants(label: string): string[] {
  const out = [label];
  let s = label;
  for (let i = 0; i < 3; i++) {
    const next = s.replace(LEAD, '').replace(TRAIL, '').replace(/\s*:\s*$/, '').trim();
    if (next === s) break;
    s = next;
    if (s) out.push(s);
  }
  // Tables write "Số …"/"Tổng số …" loosely: "Số kiến nghị" is the catalog's "Tổng số kiến nghị" (alias "kiến nghị").
  const bare = s.replace(/^(tổng số|số)\s+/iu, '');
  if (bare !== s && bare) out.push(bare);
  return out;
}

export function makeResolver(registry: XlsxRegistry): (text: string) => XlsxIndicator | undefined {
  const cache = new Map<string, XlsxIndicator | null>();
  return (text) => {
    const key = fold(text);
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let found: XlsxIndicator | undefined;
    for (const v of labelVariants(text)) if ((found = registry.resolveIndicator(v))) break;
    cache.set(key, found ?? null);
    return found;
  };
}

function cellRef(sheet: XSheet, row: number, col: number | undefined): XCell | undefined {
  return col === undefined ? undefined : sheet.rows.get(row)?.get(col);
}

/** A cell of this row only (not a slave of a merge that starts in another row). */
function ownRowCell(sheet: XSheet, row: number, col: number | undefined): XCell | undefined {
  const c = cellRef(sheet, row, col);
  if (!c) return undefined;
  if (c.master !== c.address && Number(/\d+$/.exec(c.master)![0]) !== row) return undefined;
  return c;
}

function isBlank(c: XCell | undefined): boolean {
  return !c || (!c.text && c.number === undefined && !c.error) || BLANKISH.test(c.text);
}

type Num = { ok: true; value: number | undefined } | { ok: false };

/**
 * Reads a numeric cell, pushing a problem when it holds something else. `asPercent`: the cell
 * holds a rate, so a %-formatted 0.712 is 71.2.
 */
function readNumber(sheet: XSheet, c: XCell | undefined, what: { vi: string; en: string }, indicator: XlsxIndicator, asPercent: boolean, problems: Problem[]): Num {
  if (isBlank(c)) return { ok: true, value: undefined };
  const place = { sheet: sheet.name, cell: c!.address };
  if (c!.error) {
    problems.push(
      c!.error === 'no cached result'
        ? problem('xlsx_formula_no_result', place,
          `Ô ${c!.address} (${what.vi} của "${indicator.name_vi}") là công thức chưa có kết quả tính.`,
          `Cell ${c!.address} (${what.en} of ${indicator.code}) is a formula with no calculated result.`,
          'Mở tệp bằng Excel, để Excel tính lại (F9), lưu rồi gửi lại; hoặc nhập số thay cho công thức.',
          'Open the file in Excel, let it recalculate (F9), save and send it again; or type the number instead of the formula.')
        : problem('xlsx_formula_error', place,
          `Ô ${c!.address} (${what.vi} của "${indicator.name_vi}") có lỗi ${c!.error}.`,
          `Cell ${c!.address} (${what.en} of ${indicator.code}) holds the error ${c!.error}.`,
          'Sửa công thức hoặc nhập số trực tiếp vào ô.', 'Fix the formula or type the number into the cell.'),
    );
    return { ok: false };
  }
  if (c!.number === undefined) {
    problems.push(problem('xlsx_not_a_number', place,
      `Ô ${c!.address} (${what.vi} của "${indicator.name_vi}") không phải là số: "${c!.text.slice(0, 60)}".`,
      `Cell ${c!.address} (${what.en} of ${indicator.code}) is not a number: "${c!.text.slice(0, 60)}".`,
      'Chỉ nhập số (ví dụ 1.234 hoặc 71,2); ghi giải thích vào cột Ghi chú.',
      'Enter a number only (e.g. 1.234 or 71,2); put explanations in the Note column.'));
    return { ok: false };
  }
  const v = asPercent && c!.percentFormat ? roundFloat(c!.number * 100) : c!.number;
  return { ok: true, value: v };
}

/** Reads the indicator table of one sheet. `layout` undefined: the sheet has no recognisable table. */
export function readSheetTable(sheet: XSheet, registry: XlsxRegistry, resolve = makeResolver(registry)): SheetTable {
  const out: SheetTable = { values: [], cells: {}, lastYear: {}, recognisedRows: 0, lastDataRow: 0, problems: [] };
  const layout = findTableByHeader(sheet) ?? findTableByData(sheet, resolve);
  out.layout = layout;
  if (!layout) return out;
  const cols = layout.columns;
  const rows = [...sheet.rows.keys()].filter((r) => r >= layout.firstDataRow).sort((a, b) => a - b);
  const seen = new Map<string, string>(); // indicator code → label cell of its first row

  for (const r of rows) {
    const codeCell = ownRowCell(sheet, r, cols.code);
    const nameCell = ownRowCell(sheet, r, cols.name);
    const codeText = codeCell && codeCell.number === undefined ? codeCell.text : '';
    const nameText = nameCell && nameCell.number === undefined ? nameCell.text : '';
    if (!codeText && !nameText) continue;
    const byCode = codeText ? registry.resolveIndicator(codeText) : undefined;
    const byName = nameText ? resolve(nameText) : undefined;
    const indicator = byCode ?? byName;
    const labelCell = (byCode ? codeCell : nameCell) ?? codeCell ?? nameCell!;
    const valueCell = ownRowCell(sheet, r, cols.value);
    const numCell = ownRowCell(sheet, r, cols.numerator);
    const denCell = ownRowCell(sheet, r, cols.denominator);
    const hasFigures = [valueCell, numCell, denCell].some((c) => !isBlank(c));

    if (!indicator) {
      // A heading ("I. Công tác …"), a signature line or a blank row: no figures, nothing to say.
      if (!hasFigures) continue;
      const text = nameText || codeText;
      out.problems.push(problem('xlsx_unknown_indicator', { sheet: sheet.name, cell: labelCell.address },
        `Dòng ${r}: không nhận ra chỉ tiêu "${text.slice(0, 80)}" (ô ${labelCell.address}).`,
        `Row ${r}: indicator "${text.slice(0, 80)}" (cell ${labelCell.address}) is not in the catalog.`,
        'Dùng đúng tên hoặc mã chỉ tiêu như trong mẫu (chitieu template xlsx), hoặc xoá dòng này.',
        'Use the indicator name or code exactly as in the template (chitieu template xlsx), or delete the row.'));
      continue;
    }
    out.recognisedRows++;
    out.lastDataRow = Math.max(out.lastDataRow, r);
    if (byCode && byName && byCode.code !== byName.code) {
      out.problems.push(problem('xlsx_code_name_mismatch', { sheet: sheet.name, cell: codeCell!.address },
        `Dòng ${r}: mã "${codeText}" là "${byCode.name_vi}" nhưng tên ghi "${nameText}".`,
        `Row ${r}: code "${codeText}" is ${byCode.code} but the name says "${nameText}" (${byName.code}).`,
        'Sửa mã hoặc tên cho khớp nhau (không di chuyển ô giữa các dòng).',
        'Make the code and the name agree (do not move cells between rows).'));
      continue;
    }
    const rate = isRate(indicator);
    const n0 = out.problems.length;
    const value = readNumber(sheet, valueCell, { vi: 'số liệu kỳ này', en: 'value' }, indicator, rate, out.problems);
    const numerator = rate ? readNumber(sheet, numCell, { vi: 'tử số', en: 'numerator' }, indicator, false, out.problems) : { ok: true as const, value: undefined };
    const denominator = rate ? readNumber(sheet, denCell, { vi: 'mẫu số', en: 'denominator' }, indicator, false, out.problems) : { ok: true as const, value: undefined };
    const lastYearCell = ownRowCell(sheet, r, cols.last_year);
    const lastYear = readNumber(sheet, lastYearCell, { vi: 'số liệu cùng kỳ năm trước', en: 'same period last year' }, indicator, rate, out.problems);
    if (out.problems.length > n0 || !value.ok || !numerator.ok || !denominator.ok) continue;

    let v = value.value;
    const num = numerator.ok ? numerator.value : undefined;
    const den = denominator.ok ? denominator.value : undefined;
    const place = { sheet: sheet.name, cell: (valueCell ?? labelCell).address };
    if (rate && num !== undefined && den !== undefined && den > 0) {
      const pct = (num / den) * 100;
      if (v === undefined) v = roundFloat(pct);
      else if (Math.abs(pct - v) > 0.5 + 1e-9) {
        // A fraction typed without the % format (0,712 for 71,2%) agrees with num/den once scaled.
        if (!valueCell!.percentFormat && !valueCell!.textPercent && Math.abs(pct - v * 100) <= 0.5 + 1e-9) v = roundFloat(v * 100);
        else {
          out.problems.push(problem('xlsx_rate_mismatch', place,
            `Dòng ${r}: tỷ lệ ${v}% không khớp tử số/mẫu số ${num}/${den} = ${roundFloat(Math.round(pct * 100) / 100)}%.`,
            `Row ${r}: rate ${v}% does not match numerator/denominator ${num}/${den} = ${roundFloat(Math.round(pct * 100) / 100)}%.`,
            'Kiểm tra lại tỷ lệ, tử số và mẫu số.', 'Check the rate, the numerator and the denominator.'));
          continue;
        }
      }
    }
    if (v === undefined) continue; // the indicator is listed but not reported
    if (lastYear.ok && lastYear.value !== undefined) out.lastYear[indicator.code] = lastYear.value;

    if (isWholeCount(indicator) && (v < 0 || !Number.isInteger(v))) {
      out.problems.push(problem(v < 0 ? 'xlsx_negative' : 'xlsx_not_whole', place,
        `Dòng ${r}: "${indicator.name_vi}" là số đếm, phải là số nguyên không âm (đang là ${v}).`,
        `Row ${r}: ${indicator.code} is a count and must be a whole number ≥ 0 (got ${v}).`,
        'Nhập số nguyên không âm.', 'Enter a whole number ≥ 0.'));
      continue;
    }
    if (!rate && v < 0) {
      out.problems.push(problem('xlsx_negative', place,
        `Dòng ${r}: "${indicator.name_vi}" không được âm (đang là ${v}).`, `Row ${r}: ${indicator.code} cannot be negative (got ${v}).`,
        'Nhập số không âm.', 'Enter a number ≥ 0.'));
      continue;
    }
    const first = seen.get(indicator.code);
    if (first) {
      out.problems.push(problem('xlsx_duplicate_indicator', { sheet: sheet.name, cell: labelCell.address },
        `Chỉ tiêu "${indicator.name_vi}" có hai giá trị: dòng ô ${first} và dòng ô ${labelCell.address}.`,
        `Indicator ${indicator.code} has two values: the rows of cells ${first} and ${labelCell.address}.`,
        'Giữ một dòng cho mỗi chỉ tiêu; xoá hoặc gộp dòng trùng.', 'Keep one row per indicator; delete or merge the duplicate.'));
      continue;
    }
    seen.set(indicator.code, labelCell.address);

    const noteCell = ownRowCell(sheet, r, cols.note);
    const note = noteCell && noteCell.text ? nfc(noteCell.text).slice(0, 2000) : null;
    const iv: InputValue = { indicator: indicator.code, value: v };
    if (rate) {
      iv.numerator = num ?? null;
      iv.denominator = den ?? null;
      // A rate without its numerator and denominator cannot be re-aggregated (DOMAIN §3).
      if (num === undefined || den === undefined) iv.flag = 'percent_only';
    }
    if (note) iv.note = note;
    out.values.push(iv);
    out.cells[indicator.code] = {
      row: r,
      label: labelCell.address,
      value: valueCell && !isBlank(valueCell) ? valueCell.address : undefined,
      numerator: numCell && !isBlank(numCell) ? numCell.address : undefined,
      denominator: denCell && !isBlank(denCell) ? denCell.address : undefined,
      last_year: lastYearCell && !isBlank(lastYearCell) ? lastYearCell.address : undefined,
      note: note ? noteCell!.address : undefined,
    };
  }
  return out;
}

/** "A12" for a row and a column (for problems about a row as a whole). */
export function addressOf(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}
