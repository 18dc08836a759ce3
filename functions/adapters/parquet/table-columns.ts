/**
 * Moved to functions/core/warehouse-contract/tables.ts (the warehouse contract lives in core). Kept as a
 * re-export only for functions/adapters/engine/duckdb-warehouse.ts, which issue 17 is rewriting;
 * delete this file once that import points at core/warehouse-contract/tables.ts.
 */
export { partitionKeys, tableColumns, tableNames, tablePath, type ColumnDef, type LogicalType, type TableName } from '../../core/warehouse-contract/tables.ts';
