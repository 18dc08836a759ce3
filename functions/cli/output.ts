/** Printing query results as an aligned table (vi-VN numbers), JSON or CSV. */
import { stringify } from 'csv-stringify/sync';
import { neutralizeCsvCell, safeCsvValue } from '../core/csv-cell.ts';

const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return nf.format(v);
  if (Array.isArray(v)) return v.length > 6 ? `${v.slice(0, 6).join(', ')} … (+${v.length - 6})` : v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
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
  const table = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((s, i) => (typeof rows[0]?.[columns[i]] === 'number' ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...table.map(line), `(${rows.length} dòng / rows)`].join('\n');
}
