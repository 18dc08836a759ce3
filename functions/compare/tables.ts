/**
 * The tables a comparison writes under results/compare/<period>/runs/<run>/ (each as
 * <name>.parquet and <name>.json). Their columns are declared once, in
 * data-schemas/compare-tables.json beside the curated tables; this module only reads them.
 */
import declared from '../../data-schemas/compare-tables.json' with { type: 'json' };
import type { Comparison } from './types.ts';
import type { ColumnType, TableSpec } from './table-encode.ts';

export type CompareTableName = 'national' | 'provinces' | 'attainment' | 'movers' | 'outliers' | 'missing' | 'late' | 'disagreements';

const TYPES: readonly ColumnType[] = ['string', 'int', 'double', 'boolean'];

function spec(name: CompareTableName): TableSpec {
  const t = (declared.tables as Record<string, { description_vi: string; description_en: string; columns: { name: string; type: string }[] }>)[name];
  if (!t) throw new Error(`data-schemas/compare-tables.json: no table "${name}"`);
  return {
    name,
    description_vi: t.description_vi,
    description_en: t.description_en,
    columns: t.columns.map((c) => {
      if (!(TYPES as readonly string[]).includes(c.type)) throw new Error(`data-schemas/compare-tables.json: ${name}.${c.name} has type "${c.type}" (one of ${TYPES.join(', ')})`);
      return { name: c.name, type: c.type as ColumnType };
    }),
  };
}

const NAMES: readonly CompareTableName[] = ['national', 'provinces', 'attainment', 'movers', 'outliers', 'missing', 'late', 'disagreements'];

export const COMPARE_TABLES: Readonly<Record<CompareTableName, TableSpec>> = Object.fromEntries(NAMES.map((n) => [n, spec(n)])) as Record<CompareTableName, TableSpec>;

/** A table's rows, each stamped with the comparison's `as_of` so a file read on its own says when its figures are from. */
export function tableRows(c: Comparison, name: CompareTableName): readonly object[] {
  return c[name].map((r: object) => ({ ...r, as_of: c.as_of }));
}
