/** Printing query results as an aligned table (vi-VN numbers), JSON or CSV. */
import { stringify } from 'csv-stringify/sync';
import { neutralizeCsvCell, safeCsvValue } from '../core/csv-cell.ts';

const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** Columns that name a year: a label, printed as 2016, never grouped as a quantity ("2.016"). */
const YEAR_COLUMN = /(^|_)year$/;

function cell(v: unknown, column = ''): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return YEAR_COLUMN.test(column) && Number.isInteger(v) ? String(v) : nf.format(v);
  if (Array.isArray(v)) return v.length > 6 ? `${v.slice(0, 6).join(', ')} … (+${v.length - 6})` : v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const REASONS_VI: Record<string, string> = {
  era_boundary: 'kỳ cắt ngang thời điểm sáp nhập 01/7/2025: đơn vị chỉ tồn tại một phần kỳ',
  months_missing: 'thiếu báo cáo tháng',
  component_missing: 'thiếu chỉ tiêu trong một số tháng',
  resolved_missing: 'thiếu số đã giải quyết',
};
const REASONS_EN: Record<string, string> = {
  era_boundary: 'the period straddles the 2025-07-01 merger: the unit existed for part of it only',
  months_missing: 'monthly reports missing',
  component_missing: 'the indicator is missing from some months',
  resolved_missing: 'the resolved count is missing',
};

/** A table's note under rows flagged partial: never read them as full periods. */
function partialNote(rows: Record<string, unknown>[]): string[] {
  const partial = rows.filter((r) => r.partial === true);
  if (partial.length === 0) return [];
  const reasons = [...new Set(partial.map((r) => String(r.partial_reason ?? '')).filter(Boolean))].sort();
  return [
    `Lưu ý: ${partial.length} dòng có partial = true là số liệu chưa đủ kỳ, không phải cả kỳ${reasons.length ? ` (${reasons.map((x) => REASONS_VI[x] ?? x).join('; ')})` : ''}.`,
    `Note: ${partial.length} rows with partial = true cover part of their period only, not the whole period${reasons.length ? ` (${reasons.map((x) => REASONS_EN[x] ?? x).join('; ')})` : ''}.`,
  ];
}

export function formatRows(rows: Record<string, unknown>[], columns: string[], format: string): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') {
    // Booleans as true/false (csv-stringify would write false as an empty cell).
    // Text cells that a spreadsheet would run as formulas are neutralized (core/csv-cell.ts).
    return stringify(rows.map((r) => columns.map((c) => safeCsvValue(Array.isArray(r[c]) ? (r[c] as unknown[]).join(';') : r[c] ?? ''))), {
      header: true, columns: columns.map(neutralizeCsvCell), cast: { boolean: (b) => String(b) },
    });
  }
  const table = rows.map((r) => columns.map((c) => cell(r[c], c)));
  const widths = columns.map((c, i) => Math.max(c.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((s, i) => (typeof rows[0]?.[columns[i]] === 'number' ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...table.map(line), `(${rows.length} dòng / rows)`, ...partialNote(rows)].join('\n');
}
