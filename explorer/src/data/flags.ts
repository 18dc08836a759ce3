/**
 * Quality and provenance flags as one readable column: synthetic, extracted from text, reported
 * percentage only, revised, a partial period (with why: the July 2025 merger, months missing)
 * and a figure rolled up from monthly reports rather than the unit's own period report.
 * Derived from whatever of `synthetic`, `source_kind`, `flag`, `revision`, `partial`,
 * `partial_reason`, `basis`, `extracted`, `reviewed`, `reconciled` the rows carry, so tips and tables show them without each cell asking.
 */
import type { ColumnTable } from 'arquero';
import { t } from '../i18n/i18n.ts';

const PERIOD_FLAGS = {
  partial: 'flag_partial',
  era_boundary: 'flag_era_boundary',
  months_missing: 'flag_months_missing',
  rolled_up: 'flag_rolled_up',
  mixed: 'flag_mixed',
} as const;

function periodFlag(key: keyof typeof PERIOD_FLAGS): string {
  return t(PERIOD_FLAGS[key]);
}

/**
 * Period figures always carry `partial` (null where the source does not say, e.g. an extract
 * written before the column existed), so a notebook can keep partial periods off a chart with
 * `d.partial !== true` whatever its source.
 */
function withPartial(table: ColumnTable): ColumnTable {
  const cols = table.columnNames();
  if (!cols.includes('period') || cols.includes('partial')) return table;
  return table.assign({ partial: new Array<null>(table.numRows()).fill(null) });
}

export function withFlags(input: ColumnTable): ColumnTable {
  const table = withPartial(input);
  const cols = table.columnNames();
  const has = (c: string): boolean => cols.includes(c);
  if (!['synthetic', 'source_kind', 'flag', 'revision', 'partial', 'basis', 'extracted', 'reconciled'].some(has) || has('flags')) return table;
  const get = (c: string): ((i: number) => unknown) | undefined => (has(c) ? table.getter(c) : undefined);
  const syn = get('synthetic');
  const kind = get('source_kind');
  const flag = get('flag');
  const rev = get('revision');
  const partial = get('partial');
  const reason = get('partial_reason');
  const basis = get('basis');
  const period = get('period');
  const extracted = get('extracted');
  const reviewed = get('reviewed');
  const reconciled = get('reconciled');
  const n = table.numRows();
  const out = new Array<string>(n);
  // A mark a chart can draw on a figure that needs a second look: ≠ does not reconcile, ? extracted and not reviewed.
  const attention = new Array<string>(n).fill('');
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const s = syn?.(i);
    if (s === true || s === 1 || s === 'true') parts.push(t('flag_synthetic'));
    // a figure resting on figures read from a narrative report: reviewed by an analyst or not yet (issue 13)
    const ex = extracted?.(i);
    if (kind?.(i) === 'extracted' || ex === true || ex === 'true') {
      const rv = reviewed?.(i);
      const unreviewed = rv === false || rv === 'false';
      parts.push(rv === true || rv === 'true' ? t('flag_extracted_reviewed') : unreviewed ? t('flag_unreviewed') : t('flag_extracted'));
      if (unreviewed) attention[i] = '?';
    }
    const f = flag?.(i);
    if (typeof f === 'string' && f) {
      for (const x of f.split(/[,;\s]+/).filter(Boolean)) parts.push(x === 'percent_only' ? t('flag_percent_only') : x === 'revised' ? t('flag_revised') : x);
    }
    const r = rev?.(i);
    if (typeof r === 'number' && r > 1 && !parts.includes(t('flag_revised'))) parts.push(t('flag_revised'));
    const p = partial?.(i);
    if (p === true || p === 1 || p === 'true') {
      const why = reason?.(i);
      parts.push(periodFlag(why === 'era_boundary' || why === 'months_missing' ? why : 'partial'));
    }
    // a month is its own report; a longer period not from the unit's own report is a roll-up
    const b = basis?.(i);
    const label = period?.(i);
    const isMonth = typeof label === 'string' && /^\d{4}-\d{2}$/.test(label);
    if ((b === 'rolled_up' || b === 'mixed') && !isMonth) parts.push(periodFlag(b));
    // the unit's own period report and its months rolled up disagree (issue 12)
    const rc = reconciled?.(i);
    if (rc === false || rc === 'false') {
      parts.push(t('flag_unreconciled'));
      attention[i] = '≠';
    }
    out[i] = parts.join(', ');
  }
  return table.assign({ flags: out, attention });
}
