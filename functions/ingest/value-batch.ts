/**
 * The values rows of a batch being gathered, per partition (stat_year, period_type), as columns:
 * what a report shares (id, unit, period, revision, …) once per report, what each value has in
 * its own columns, and each value's report. Nothing per value is an object, and nothing is
 * regrouped at commit. A partition comes out sorted by indicator, period, unit — the order the
 * Parquet row groups' min/max statistics prune by — with ties in arrival order (as the stable
 * sort of row objects did before, so the bytes are the same).
 */
import type { FileRows } from '../core/rows.ts';
import type { ReportRow } from '../core/types.ts';
import { tableColumns } from '../core/warehouse-contract/tables.ts';
import type { ColumnArrays } from '../adapters/parquet/write-parquet.ts';

/**
 * The values table's columns (data-schemas/tables.json), split by where a value row takes them
 * from: the columns the ledger has too, and the period's dates, are the report's (once per
 * report); the rest are the value's own. The batch id is set at commit.
 */
const VALUES = tableColumns('values').map((c) => c.name).filter((c) => c !== 'batch_id');
const LEDGER = new Set(tableColumns('reports').map((c) => c.name));
const PERIOD_DATES = { period_start: 'periodStart', period_end: 'periodEnd' } as const satisfies Partial<Record<string, keyof FileRows>>;
/** Columns a report's values share (values table). */
export const REPORT_COLUMNS: readonly string[] = VALUES.filter((c) => LEDGER.has(c) || c in PERIOD_DATES);
/** Columns of each value: FileRows holds one array per name. */
export const VALUE_COLUMNS = VALUES.filter((c) => !REPORT_COLUMNS.includes(c)) as readonly ValueColumn[];
export type ValueColumn = Exclude<keyof FileRows, 'ledger' | 'periodStart' | 'periodEnd' | 'report'>;
/**
 * Value columns of numbers (double or int; null allowed): a partition hands them to the encoding
 * worker as Float64Arrays, null as NaN (no value is NaN: reports carry finite numbers), which
 * cross the thread boundary as one block of memory instead of a value at a time. Measured on the
 * national sample: sending the partitions cost the main thread (the bulk run's busiest) 67 ms per
 * run as arrays.
 */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set(
  tableColumns('values').filter((c) => c.type === 'double' || c.type === 'int').map((c) => c.name).filter((c) => (VALUE_COLUMNS as readonly string[]).includes(c)),
);

/** One partition's values before sorting: plain data (a worker thread can be handed them). */
export interface PartitionValues {
  statYear: number;
  periodType: string;
  length: number;
  /** Per report, by column name. */
  reports: Record<string, unknown[]>;
  /**
   * Per value, by column name (numbers as Float64Array, null as NaN, once `partitions()` gave
   * them out), and `report`: the value's index into `reports`.
   */
  values: Record<string, unknown[] | Float64Array | Uint32Array>;
}

/** The typed arrays of a partition, to hand over to a worker instead of copying. */
export function transferables(p: PartitionValues): ArrayBuffer[] {
  return Object.values(p.values).flatMap((a) => (ArrayBuffer.isView(a) ? [a.buffer as ArrayBuffer] : []));
}

function numbers(xs: unknown[], column: string): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] as number | null;
    if (v === null || v === undefined) out[i] = NaN;
    else if (v !== v) throw new Error(`values column ${column}: NaN cannot be stored (it stands for null)`);
    else out[i] = v;
  }
  return out;
}

function emptyPartition(statYear: number, periodType: string): PartitionValues {
  return {
    statYear, periodType, length: 0,
    reports: Object.fromEntries(REPORT_COLUMNS.map((c) => [c, []])),
    values: Object.fromEntries([...VALUE_COLUMNS, 'report'].map((c) => [c, []])),
  };
}

export class ValueBatch {
  private readonly parts = new Map<string, PartitionValues>();
  /** Values gathered so far. */
  size = 0;

  add(rows: FileRows): void {
    // A report's values are consecutive and all in its partition. Copied column by column: each
    // loop reads one array and writes one, whatever the number of columns.
    const reportAt: number[] = [];
    const partOf: PartitionValues[] = [];
    const added = new Map<PartitionValues, number>();
    rows.ledger.forEach((l, r) => {
      const key = `${l.stat_year}|${l.period_type}`;
      let part = this.parts.get(key);
      if (!part) this.parts.set(key, (part = emptyPartition(l.stat_year, l.period_type)));
      const before = added.get(part) ?? 0;
      reportAt[r] = part.reports.report_id.length + before;
      added.set(part, before + 1);
      partOf[r] = part;
    });
    for (const c of REPORT_COLUMNS) {
      const dates = c in PERIOD_DATES ? rows[PERIOD_DATES[c as keyof typeof PERIOD_DATES]] : undefined;
      for (let r = 0; r < rows.ledger.length; r++) partOf[r].reports[c].push(dates ? dates[r] : rows.ledger[r][c as keyof ReportRow]);
    }
    const n = rows.report.length;
    for (let i = 0; i < n; i++) {
      const r = rows.report[i];
      (partOf[r].values.report as number[]).push(reportAt[r]);
      partOf[r].length++;
    }
    for (const c of VALUE_COLUMNS) {
      const src = rows[c];
      for (let i = 0; i < n; i++) (partOf[rows.report[i]].values[c] as unknown[]).push(src[i]);
    }
    this.size += n;
  }

  /** The partitions, their number columns now typed arrays (see NUMBER_COLUMNS); the batch is done. */
  partitions(): PartitionValues[] {
    for (const p of this.parts.values()) {
      for (const c of NUMBER_COLUMNS) if (Array.isArray(p.values[c])) p.values[c] = numbers(p.values[c] as unknown[], c);
      if (Array.isArray(p.values.report)) p.values.report = Uint32Array.from(p.values.report as number[]);
    }
    return [...this.parts.values()];
  }
}

/** Rank of each distinct string in `<` order (the order the row sort compared by). */
function ranks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(distinct.map((s, i) => [s, i]));
}

/**
 * A partition's columns in file order, with the batch id filled in. The sort key (indicator,
 * period, unit, then arrival) is packed into one number per value from the ranks of the few
 * distinct strings of each, so the sort compares numbers instead of strings.
 */
export function sortedColumns(p: PartitionValues, batchId: string, packed = true): ColumnArrays {
  const n = p.length;
  const indicator = p.values.indicator as string[];
  const report = p.values.report as ArrayLike<number>;
  const period = p.reports.period as string[];
  const unit = p.reports.unit_id as string[];
  const ri = ranks(indicator);
  const rp = ranks(period);
  const ru = ranks(unit);
  // Reports' period and unit ranks, once per report.
  const reportKey = new Float64Array(period.length);
  for (let r = 0; r < period.length; r++) reportKey[r] = rp.get(period[r])! * ru.size + ru.get(unit[r])!;
  const span = rp.size * ru.size;
  let order: ArrayLike<number>;
  // Exact while the packed key stays below 2^53; otherwise (never seen: it takes billions of
  // distinct combinations) a comparison sort on the same key. `packed` = false: tests only.
  if (packed && ri.size * span * n < 2 ** 52) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ri.get(indicator[i])! * span + reportKey[report[i]]) * n + i;
    keys.sort();
    const o = new Uint32Array(n);
    for (let i = 0; i < n; i++) o[i] = keys[i] % n;
    order = o;
  } else {
    const idx = Array.from({ length: n }, (_, i) => i);
    const k = (i: number) => ri.get(indicator[i])! * span + reportKey[report[i]];
    idx.sort((a, b) => k(a) - k(b) || a - b);
    order = idx;
  }
  const columns: ColumnArrays = { batch_id: new Array(n).fill(batchId) };
  for (const c of VALUE_COLUMNS) {
    const src = p.values[c];
    const out = new Array(n);
    if (src instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        const v = src[order[i]];
        out[i] = v === v ? v : null;
      }
    } else {
      for (let i = 0; i < n; i++) out[i] = (src as unknown[])[order[i]];
    }
    columns[c] = out;
  }
  for (const c of REPORT_COLUMNS) {
    const src = p.reports[c];
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = src[report[order[i]]];
    columns[c] = out;
  }
  return columns;
}
