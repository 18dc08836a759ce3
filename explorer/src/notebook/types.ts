/**
 * The notebook document: source only (outputs are recomputed), versioned, JSON-serializable.
 * Everything a cell does is data — strings for Arquero expressions, a form or a whitelisted JSON
 * description for charts — so a notebook can be shared and opened without running foreign code.
 */

export const NOTEBOOK_FORMAT = 'chitieu-notebook';
export const NOTEBOOK_VERSION = 1;

export type InputType = 'indicator' | 'province' | 'unit' | 'period' | 'period_type' | 'year' | 'select' | 'text' | 'number';

export interface InputOption {
  value: string;
  label_vi: string;
  label_en: string;
}

/** A notebook input: a control at the top of the page whose value cells read as `$name`. */
export interface InputDef {
  type: InputType;
  label_vi: string;
  label_en: string;
  value: string | number;
  /** For 'select'. */
  options?: InputOption[];
  /** For 'province' / 'unit': which era's units to offer ('p63', 'p34' or 'any'). */
  era?: 'p63' | 'p34' | 'any';
  /** For 'province' / 'unit': several can be chosen; the value is their ids joined by commas. */
  multiple?: boolean;
}

export type CellKind = 'markdown' | 'data' | 'transform' | 'chart' | 'table' | 'sql';
export const CELL_KINDS: readonly CellKind[] = ['markdown', 'data', 'transform', 'chart', 'table', 'sql'];

/** A parameter value: a literal, or `"$name"` for the value of input `name` (`"$$x"` is the literal `$x`). */
export type ParamValue = string | number | boolean | null;

/** The point-and-click pivot shown under a data, transform or SQL cell (notebook/pivot.ts combines the values). */
export interface PivotSettings {
  rows: string;
  columns?: string;
  measure: 'value' | 'count';
  /** Field → the values kept (absent or empty: all). */
  filters?: Record<string, string[]>;
  chart?: 'table' | 'bar' | 'line' | 'heatmap';
}

interface CellBase {
  id: string;
  kind: CellKind;
  /** Output name other cells use to read this cell's table (data, transform, sql). */
  name?: string;
  title?: string;
  /** English title, shown when the page is in English. */
  title_en?: string;
  collapsed?: boolean;
  /** The pivot open under the cell, as the analyst left it: how the output is shown, not what the cell computes. */
  pivot?: PivotSettings;
}

export interface MarkdownCell extends CellBase {
  kind: 'markdown';
  /** Markdown; `{{input}}` is replaced by the input's value (as text, never as HTML). */
  text: string;
  /** English text, shown when the page is in English. */
  text_en?: string;
}

export type DataSource =
  /**
   * A published extract under /data/: by `name` through /data/manifest.json (files are named by
   * content hash), or by `path`. `fallback` is the named analysis to ask instead while the
   * warehouse has no extracts yet; the cells that read this one must not depend on which answered.
   */
  | { type: 'extract'; name?: string; path?: string; format?: 'arrow' | 'json' | 'csv'; fallback?: { analysis: string; params: Record<string, ParamValue> } }
  | { type: 'analysis'; analysis: string; params: Record<string, ParamValue> }
  /** The unit registry as a table (unit_id, name, level, province_id, parent_id): joins for drill-down. */
  | { type: 'units' };

export interface DataCell extends CellBase {
  kind: 'data';
  source: DataSource;
}

export type TransformStep =
  | { verb: 'filter'; expr: string }
  | { verb: 'derive'; columns: Record<string, string> }
  | { verb: 'groupby'; keys: string[] }
  | { verb: 'rollup'; columns: Record<string, string> }
  | { verb: 'pivot'; keys: string[]; values: string[] | Record<string, string> }
  | { verb: 'fold'; columns: string[]; as?: [string, string] }
  | { verb: 'join'; with: string; on: string[]; how?: 'inner' | 'left' | 'right' | 'full' }
  | { verb: 'orderby'; keys: string[] }
  | { verb: 'select'; columns: string[] }
  | { verb: 'slice'; start: number; end?: number };

export type TransformVerb = TransformStep['verb'];

export interface TransformCell extends CellBase {
  kind: 'transform';
  input: string;
  steps: TransformStep[];
}

export type MarkType = 'line' | 'dot' | 'barX' | 'barY' | 'cell' | 'text' | 'areaY' | 'tickX' | 'tilemap';

/** The chart form: the fields an analyst fills in. Strings name columns. */
export interface ChartForm {
  mark: MarkType;
  x?: string;
  y?: string;
  color?: string;
  /** Small multiples. */
  fx?: string;
  fy?: string;
  /** Label text (text mark, dot labels, tile labels). */
  label?: string;
  tip?: boolean;
  /** A horizontal (or vertical for barX/dot-by-x) rule: a number, `$input`, or `target` = the catalog target of the indicator in `target_indicator`. */
  rule?: ParamValue;
  target_indicator?: ParamValue;
  /** Sort the categorical axis by the other channel ('-y' descending). */
  sort?: string;
  /** Tile map era: 63 or 34 provinces ('auto' picks from the unit ids). */
  tiles?: 'auto' | '63' | '34';
  percent?: boolean;
  height?: number;
  /** Axis titles: text, or `$input` (an indicator input shows the indicator's name). */
  x_label?: ParamValue;
  y_label?: ParamValue;
  /** Extra rule lines from a column, e.g. quartile bands. */
  band?: { y1: string; y2: string };
}

/** A whitelisted Plot description (what the form compiles to, and what the JSON editor edits). */
export interface PlotDescription {
  options: Record<string, unknown>;
  marks: Array<{ type: string; data?: 'main' | 'none' | 'tiles'; values?: unknown[]; options?: Record<string, unknown> }>;
}

export interface ChartCell extends CellBase {
  kind: 'chart';
  input: string;
  form?: ChartForm;
  /** When present, used instead of the form. */
  json?: PlotDescription;
}

export interface TableColumn {
  name: string;
  format?: 'number' | 'percent' | 'integer' | 'date' | 'text';
}

export interface TableCell extends CellBase {
  kind: 'table';
  input: string;
  sort?: { column: string; desc?: boolean };
  page_size?: number;
  columns?: TableColumn[];
  /** Link each value to its source reports: the period the values are for. */
  source_period?: ParamValue;
  /** The indicator of the values, when the table has no `indicator` column (a ranking of one indicator). */
  source_indicator?: ParamValue;
}

export interface SqlCell extends CellBase {
  kind: 'sql';
  /** `{{input}}` is replaced by the input's value as a quoted SQL literal. */
  sql: string;
  max_rows?: number;
}

export type Cell = MarkdownCell | DataCell | TransformCell | ChartCell | TableCell | SqlCell;

export interface Notebook {
  format: typeof NOTEBOOK_FORMAT;
  version: typeof NOTEBOOK_VERSION;
  title: string;
  title_en?: string;
  /** Starter notebooks keep their id so a permalink can say "starter X with these inputs". */
  starter?: string;
  inputs: Record<string, InputDef>;
  /**
   * Show the figures as the warehouse knew them at this moment: a date (end of that day, Vietnam
   * time) or a date and time (Vietnam time). Absent: now. See notebook/as-of.ts.
   */
  as_of?: string;
  cells: Cell[];
}

/** A bilingual error, as every message to users is. */
export class NotebookError extends Error {
  constructor(
    readonly code: string,
    readonly message_vi: string,
    readonly message_en: string,
  ) {
    super(`${message_vi} / ${message_en}`);
  }
}
