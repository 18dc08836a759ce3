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

export function tableColumns(table: TableName): ColumnDef[] {
  return tables.tables[table].columns as ColumnDef[];
}

export function tablePath(table: TableName): string {
  return tables.tables[table].path;
}

export function partitionKeys(): { name: string; type: LogicalType }[] {
  return tables.partition_keys as { name: string; type: LogicalType }[];
}
