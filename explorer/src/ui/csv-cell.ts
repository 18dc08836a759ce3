/**
 * A spreadsheet opening a CSV runs a cell that starts with = + - @ (or a tab or carriage return
 * before one) as a formula: =HYPERLINK(…) in a unit's note would run on the analyst's machine.
 * Such text cells are prefixed with an apostrophe, which spreadsheets show as plain text.
 * Numbers are left alone (-3 is a number, not a formula). The server-side twin is due in
 * functions/core/csv-cell.ts; the two should become one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeCsvCell(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** One CSV field: quoted when it holds a separator, a quote or a line break. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(neutralizeCsvCell(typeof v === 'number' && !Number.isFinite(v) ? '' : v));
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}
