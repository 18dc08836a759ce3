/** What table-producing cells pass on: the table and where it came from. */
import type { ColumnTable } from 'arquero';

export interface Frame {
  table: ColumnTable;
  /** True when any row is generated demo data (the page then shows the synthetic label). */
  synthetic: boolean;
  /** Human-readable origin: "analysis trend", "extract values.arrow", "SQL". */
  source: string;
  /** Bytes received over the network for this table, when known. */
  bytes?: number;
  /** Server-side statistics (rows scanned, time), passed through for display. */
  stats?: Record<string, unknown>;
}

export function isFrame(v: unknown): v is Frame {
  return !!v && typeof v === 'object' && 'table' in v && typeof (v as Frame).table?.numRows === 'function';
}
