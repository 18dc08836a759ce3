/**
 * The reference relations (units, indicators, targets, calendar) for Athena: the rows the local
 * DuckDB warehouse builds from data-schemas/, written at synth time as JSON Lines under
 * `reference/<name>/` of the warehouse and read through a Glue table each. JSON (one small file per
 * table) because the rows change only with a deploy and Athena reads a few hundred kilobytes.
 */
import { referenceTables, type ReferenceTable } from '../../functions/core/reference-tables.ts';
import { glueType, type GlueColumn } from './glue-schema.ts';

export interface ReferenceDataset {
  name: string;
  columns: GlueColumn[];
  /** JSON Lines, one object per row, keys = column names. */
  body: string;
}

export function referenceDatasets(tables: ReferenceTable[] = referenceTables()): ReferenceDataset[] {
  return tables.map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, type: glueType(c.type) })),
    body: t.rows.map((r) => JSON.stringify(Object.fromEntries(t.columns.map((c) => [c.name, r[c.name] ?? null])))).join('\n') + '\n',
  }));
}
