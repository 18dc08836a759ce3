/**
 * CSV fields for the explorer's exports. Formula-looking text is neutralized by the one function
 * the CLI and the API use too (functions/core/csv-cell.ts); this adds only the quoting.
 */
import { safeCsvValue } from '../../../functions/core/csv-cell.ts';

/** One CSV field: formula-looking text neutralized, quoted when it holds a separator, a quote or a line break. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(safeCsvValue(typeof v === 'number' && !Number.isFinite(v) ? '' : v));
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}
