/**
 * Glue table definitions derived from data-schemas/tables.json: columns, partition keys and the
 * partition-projection parameters are never retyped here. Pure functions, so the tests check the
 * derivation without synthesizing anything.
 */
import tables from '../../data-schemas/tables.json' with { type: 'json' };
import { AREA } from '../../functions/core/warehouse-contract/layout.ts';
import { relationName, tableColumns, tableDescription as describeTable, tableNames, tablePath, type LogicalType, type TableName } from '../../functions/core/warehouse-contract/tables.ts';

export type { LogicalType };
export type CuratedTable = TableName;

/** Logical type → Hive/Glue type, as Athena reads the Parquet the writer produces. */
export const GLUE_TYPES: Record<LogicalType, string> = {
  string: 'string',
  int: 'int',
  double: 'double',
  boolean: 'boolean',
  date: 'date', // Parquet INT32 DATE
  timestamp: 'timestamp', // Parquet INT64 TIMESTAMP_MILLIS
};

export interface GlueColumn {
  name: string;
  type: string;
  comment?: string;
}

interface Projection {
  type: 'integer' | 'enum';
  range?: string;
  values?: string[];
}

export function glueType(logical: string): string {
  const t = GLUE_TYPES[logical as LogicalType];
  if (!t) throw new Error(`data-schemas/tables.json: unknown logical type "${logical}"`);
  return t;
}

export function curatedTableNames(): CuratedTable[] {
  return tableNames();
}

/**
 * The Glue name of a stored table: its warehouse path with '/' → '_' (curated/values →
 * curated_values, history/reports → history_reports), the names the shared view SQL reads.
 */
export function glueTableName(table: CuratedTable): string {
  return relationName(table);
}

/** Top-level warehouse prefixes holding table data ('curated/', 'history/'). */
export function tableRootPrefixes(): string[] {
  return Object.values(AREA).filter((area) => tableNames().some((t) => `${tablePath(t)}/`.startsWith(area)));
}

export function tableDescription(table: CuratedTable): string {
  return describeTable(table);
}

/** The table's prefix in the warehouse, without a trailing slash ('curated/values'). */
export function tablePrefix(table: CuratedTable): string {
  return tablePath(table);
}

/** Columns of a table, following `same_columns_as` (the history tables mirror the live ones). */
export function glueColumns(table: CuratedTable): GlueColumn[] {
  const columns = tableColumns(table);
  if (!columns.length) throw new Error(`tables.json: ${table} has no columns`);
  return columns.map((c) => ({ name: c.name, type: glueType(c.type), comment: truncate(c.description) }));
}

export function gluePartitionKeys(): GlueColumn[] {
  return tables.partition_keys.map((k) => ({ name: k.name, type: glueType(k.type), comment: truncate(k.why) }));
}

/**
 * Table parameters for partition projection: Athena computes partitions from the key ranges and
 * the location template, so a new stat_year / period_type directory is queryable the moment a
 * file lands, with no crawler, MSCK REPAIR or partition API call.
 */
export function projectionParameters(locationRoot: string): Record<string, string> {
  const root = locationRoot.replace(/\/+$/, '');
  const params: Record<string, string> = {
    'projection.enabled': 'true',
    classification: 'parquet',
    'parquet.compression': 'SNAPPY',
    EXTERNAL: 'TRUE',
  };
  const template: string[] = [];
  for (const key of tables.partition_keys) {
    const p = key.projection as Projection;
    params[`projection.${key.name}.type`] = p.type;
    if (p.type === 'integer') {
      if (!p.range) throw new Error(`partition key ${key.name}: integer projection needs a range`);
      params[`projection.${key.name}.range`] = p.range;
    } else if (p.type === 'enum') {
      if (!p.values?.length) throw new Error(`partition key ${key.name}: enum projection needs values`);
      params[`projection.${key.name}.values`] = p.values.join(',');
    } else {
      throw new Error(`partition key ${key.name}: unsupported projection type ${String((p as { type: unknown }).type)}`);
    }
    template.push(`${key.name}=\${${key.name}}`);
  }
  params['storage.location.template'] = `${root}/${template.join('/')}`;
  return params;
}

/** Glue limits column comments to 255 characters. */
function truncate(text: string): string {
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}
