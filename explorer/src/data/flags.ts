/**
 * Quality and provenance flags as one readable column: synthetic, extracted from text, reported
 * percentage only, revised. Derived from whatever of `synthetic`, `source_kind`, `flag`,
 * `revision` the rows carry, so tips and tables show them without each cell asking.
 */
import type { ColumnTable } from 'arquero';
import { t } from '../i18n/i18n.ts';

export function withFlags(table: ColumnTable): ColumnTable {
  const cols = table.columnNames();
  const has = (c: string): boolean => cols.includes(c);
  if (!['synthetic', 'source_kind', 'flag', 'revision'].some(has) || has('flags')) return table;
  const get = (c: string): ((i: number) => unknown) | undefined => (has(c) ? table.getter(c) : undefined);
  const syn = get('synthetic');
  const kind = get('source_kind');
  const flag = get('flag');
  const rev = get('revision');
  const n = table.numRows();
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const s = syn?.(i);
    if (s === true || s === 1 || s === 'true') parts.push(t('flag_synthetic'));
    if (kind?.(i) === 'extracted') parts.push(t('flag_extracted'));
    const f = flag?.(i);
    if (typeof f === 'string' && f) {
      for (const x of f.split(/[,;\s]+/).filter(Boolean)) parts.push(x === 'percent_only' ? t('flag_percent_only') : x === 'revised' ? t('flag_revised') : x);
    }
    const r = rev?.(i);
    if (typeof r === 'number' && r > 1 && !parts.includes(t('flag_revised'))) parts.push(t('flag_revised'));
    out[i] = parts.join(', ');
  }
  return table.assign({ flags: out });
}
