/**
 * Moved to functions/core/named-params.ts (adapters and infra need it, and must not import
 * queries/). Kept as a re-export for files other work is changing now (queries/registry.ts,
 * adapters/engine/duckdb.ts and athena.ts); delete once they import core/named-params.ts.
 */
export { bindNamed, parameterNames, type BoundSql } from '../core/named-params.ts';
