/**
 * CSV reports: one row per value with a header. Columns (see README "CSV format"):
 *   unit_id | unit_name, scope, period, submitted_at, revision, indicator, value,
 *   numerator, denominator, flag, note
 * Rows with the same unit, scope, period and revision form one report. Numbers may use a decimal
 * point or the Vietnamese decimal comma ("71,2"; thousands dot "1.234").
 */
import { parse } from 'csv-parse/sync';
import type { InputReport, Scope } from '../types.ts';
import type { ParsedFile, Parser } from './parsed-file.ts';
import { decodeStructuredText, isInvalidUtf8, looksLikeUtf16WithoutBom } from './decode.ts';
import { problem } from '../problem.ts';
import { refusedBySize } from './input-limits.ts';
import { parseViNumber } from '../numbers-vi.ts';

export const CSV_COLUMNS = ['unit_id', 'unit_name', 'scope', 'period', 'submitted_at', 'revision', 'indicator', 'value', 'numerator', 'denominator', 'flag', 'note'] as const;
const REQUIRED = ['scope', 'period', 'submitted_at', 'indicator', 'value'];

export const parseCsv: Parser = async (bytes, fileName) => {
  const refused = refusedBySize('csv', 'structured', bytes, fileName);
  if (refused) return refused;
  const out: ParsedFile = { format: 'csv', sourceKind: 'structured', reports: [], problems: [] };
  const text = decodeStructuredText(bytes);
  if (text.trim() === '') {
    out.problems.push(problem('empty_file', { row: 1 }, 'Tệp rỗng.', 'The file is empty.',
      'Gửi lại tệp CSV có dòng tiêu đề và dữ liệu.', 'Send the CSV again with its header and data rows.'));
    return out;
  }
  if ((isInvalidUtf8(bytes) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) || looksLikeUtf16WithoutBom(bytes)) {
    out.problems.push(problem('bad_encoding', { row: 1 }, 'Tệp CSV không phải UTF-8 (hoặc UTF-16 thiếu dấu BOM).', 'The CSV file is not UTF-8 (or is UTF-16 without its BOM).',
      'Lưu lại tệp với bảng mã UTF-8 (Excel: "CSV UTF-8").', 'Save the file again as UTF-8 (Excel: "CSV UTF-8").'));
    return out;
  }
  let records: string[][];
  try {
    const delimiter = /^[^\n]*;/.test(text) && !/^[^\n]*,/.test(text) ? ';' : ',';
    records = parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    out.problems.push(problem('invalid_csv', { row: err.lines }, `CSV không đọc được: ${err.message}`, `Unreadable CSV: ${err.message}`,
      'Kiểm tra dấu ngoặc kép và số cột ở dòng đã nêu.', 'Check the quotes and the number of columns on that row.'));
    return out;
  }
  const header = records[0].map((h) => h.toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (!header.includes('unit_id') && !header.includes('unit_name')) missing.unshift('unit_id');
  if (unknown.length || missing.length) {
    out.problems.push(problem('csv_header', { row: 1 },
      `Dòng tiêu đề sai: ${missing.length ? `thiếu cột ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `cột lạ ${unknown.join(', ')}` : ''}.`,
      `Bad header: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `unknown ${unknown.join(', ')}` : ''}.`,
      `Dùng các cột: ${CSV_COLUMNS.join(', ')}.`, `Use the columns: ${CSV_COLUMNS.join(', ')}.`));
    return out;
  }
  if (records.length < 2) {
    out.problems.push(problem('no_rows', { row: 2 }, 'Tệp CSV không có dòng số liệu.', 'The CSV has no data rows.',
      'Thêm một dòng cho mỗi chỉ tiêu.', 'Add one row per indicator.'));
    return out;
  }
  const byKey = new Map<string, { report: InputReport; rows: number[] }>();
  for (let r = 1; r < records.length; r++) {
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = records[r][i] ?? ''));
    const rowNo = r + 1;
    const num = (col: string, required: boolean): number | null | undefined => {
      const raw = row[col];
      if (raw === undefined || raw === '') {
        if (required) {
          out.problems.push(problem('missing_value', { row: rowNo, column: col }, `Thiếu giá trị ở cột ${col}.`, `Missing value in column ${col}.`,
            'Điền số vào ô này.', 'Fill in a number in this cell.'));
        }
        return null;
      }
      const n = parseViNumber(raw);
      if (n === undefined) {
        out.problems.push(problem('not_a_number', { row: rowNo, column: col }, `"${raw}" không phải là số.`, `"${raw}" is not a number.`,
          'Ghi số, ví dụ 71,2 hoặc 1.234.', 'Write a number, e.g. 71.2 or 1234.'));
        return undefined;
      }
      return n;
    };
    const value = num('value', true);
    const numerator = num('numerator', false);
    const denominator = num('denominator', false);
    const revisionRaw = row.revision ? Number(row.revision) : 1;
    const key = [row.unit_id, row.unit_name, row.scope, row.period, revisionRaw].join('|');
    let entry = byKey.get(key);
    if (!entry) {
      const report: InputReport = {
        ...(row.unit_id ? { unit_id: row.unit_id } : {}),
        ...(row.unit_name ? { unit_name: row.unit_name } : {}),
        scope: row.scope as Scope,
        period: row.period,
        submitted_at: row.submitted_at,
        revision: revisionRaw,
        values: [],
      };
      entry = { report, rows: [] };
      byKey.set(key, entry);
    } else if (entry.report.submitted_at !== row.submitted_at) {
      out.problems.push(problem('inconsistent_report', { row: rowNo, column: 'submitted_at' },
        'Các dòng của cùng một báo cáo có submitted_at khác nhau.', 'Rows of one report have different submitted_at.',
        'Dùng cùng một thời điểm gửi cho mọi dòng của báo cáo.', 'Use one submission time for all rows of the report.'));
    }
    if (typeof value === 'number') {
      entry.report.values.push({
        indicator: row.indicator,
        value,
        numerator: numerator ?? null,
        denominator: denominator ?? null,
        flag: row.flag || null,
        note: row.note || null,
      });
      entry.rows.push(rowNo);
    }
  }
  out.reports = [...byKey.values()].map((e) => e.report);
  return out;
};
