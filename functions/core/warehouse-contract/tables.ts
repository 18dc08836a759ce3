/**
 * The stored tables (curated/ and history/ Parquet), declared once in data-schemas/tables.json:
 * the Parquet writer, the DuckDB views, the Glue tables and the cost estimate all take their
 * columns, paths and partition keys from here and never retype them.
 */
import tables from '../../../data-schemas/tables.json' with { type: 'json' };

/** The logical column types of data-schemas/ (each engine maps them to its own). */
export const LOGICAL_TYPES = ['string', 'int', 'double', 'boolean', 'date', 'timestamp'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];
export interface ColumnDef {
  name: string;
  type: LogicalType;
  nullable?: boolean;
  /** false: no min/max in the Parquet footer (see tables.json's $comment). */
  statistics?: boolean;
  description: string;
}
export type TableName = keyof typeof tables.tables;

interface TableDef {
  description: string;
  path: string;
  columns?: ColumnDef[];
  same_columns_as?: TableName;
}

const TABLES = tables.tables as Record<TableName, TableDef>;

export function isTableName(name: string): name is TableName {
  return Object.hasOwn(TABLES, name);
}

/** Columns of a table, following `same_columns_as` (the history tables mirror the live ones). */
export function tableColumns(table: TableName): ColumnDef[] {
  const t = TABLES[table];
  if (!t) throw new Error(`data-schemas/tables.json: no table "${table}"`);
  return t.columns ?? tableColumns(t.same_columns_as!);
}

export function tableNames(): TableName[] {
  return Object.keys(TABLES) as TableName[];
}

export function tableDescription(table: TableName): string {
  return TABLES[table].description;
}

/** The table's prefix in the warehouse, without a trailing slash ('curated/values'). */
export function tablePath(table: TableName): string {
  return TABLES[table].path.replace(/\/+$/, '');
}

/**
 * The name engines give a stored table: its path with '/' → '_' (curated/values →
 * curated_values, history/reports → history_reports), the names the view SQL reads.
 */
export function relationName(table: TableName): string {
  return tablePath(table).replace(/\//g, '_');
}

export interface PartitionKey {
  name: string;
  type: LogicalType;
}

export function partitionKeys(): PartitionKey[] {
  return tables.partition_keys as PartitionKey[];
}
