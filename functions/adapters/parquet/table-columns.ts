/**
 * Column definitions of the curated tables, read from data-schemas/tables.json, so that the
 * Parquet writer, DuckDB views and the Glue table never retype them.
 */
import tables from '../../../data-schemas/tables.json' with { type: 'json' };

export type LogicalType = 'string' | 'int' | 'double' | 'boolean' | 'date' | 'timestamp';
export interface ColumnDef {
  name: string;
  type: LogicalType;
  nullable?: boolean;
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

export function tableColumns(table: TableName): ColumnDef[] {
  const t = TABLES[table];
  return (t.columns ?? tableColumns(t.same_columns_as!)) as ColumnDef[];
}

export function tableNames(): TableName[] {
  return Object.keys(TABLES) as TableName[];
}

export function tablePath(table: TableName): string {
  return TABLES[table].path;
}

export function partitionKeys(): { name: string; type: LogicalType }[] {
  return tables.partition_keys as { name: string; type: LogicalType }[];
}
