/**
 * The values rows of a batch being gathered, per partition (stat_year, period_type), as columns:
 * what a report shares (id, unit, period, revision, …) once per report, what each value has in
 * its own columns, and each value's report. Nothing per value is an object, and nothing is
 * regrouped at commit. A partition comes out sorted by indicator, period, unit — the order the
 * Parquet row groups' min/max statistics prune by — with ties in arrival order (as the stable
 * sort of row objects did before, so the bytes are the same).
 */
import type { FileRows } from '../core/rows.ts';
import type { ColumnArrays } from '../adapters/parquet/write-parquet.ts';

/** Columns a report's values share (values table). */
export const REPORT_COLUMNS = [
  'report_id', 'unit_id', 'province_id', 'unit_level', 'scope', 'period', 'period_start', 'period_end',
  'source_kind', 'revision', 'submitted_at', 'synthetic',
] as const;
/** Columns of each value. */
export const VALUE_COLUMNS = ['indicator', 'value', 'numerator', 'denominator', 'flag', 'note', 'confidence', 'span_start', 'span_end'] as const;

/** One partition's values before sorting: plain arrays (a worker thread can be handed them). */
export interface PartitionValues {
  statYear: number;
  periodType: string;
  length: number;
  /** Per report. */
  reports: Record<(typeof REPORT_COLUMNS)[number], unknown[]>;
  /** Per value, and `report`: the value's index into `reports`. */
  values: Record<(typeof VALUE_COLUMNS)[number] | 'report', unknown[]>;
}

function emptyPartition(statYear: number, periodType: string): PartitionValues {
  return {
    statYear, periodType, length: 0,
    reports: Object.fromEntries(REPORT_COLUMNS.map((c) => [c, []])) as unknown as PartitionValues['reports'],
    values: Object.fromEntries([...VALUE_COLUMNS, 'report'].map((c) => [c, []])) as unknown as PartitionValues['values'],
  };
}

export class ValueBatch {
  private readonly parts = new Map<string, PartitionValues>();
  /** Values gathered so far. */
  size = 0;

  add(rows: FileRows): void {
    // A report's values are consecutive and all in its partition.
    const reportAt: number[] = [];
    const partOf: PartitionValues[] = [];
    rows.ledger.forEach((l, r) => {
      const key = `${l.stat_year}|${l.period_type}`;
      let part = this.parts.get(key);
      if (!part) this.parts.set(key, (part = emptyPartition(l.stat_year, l.period_type)));
      const c = part.reports;
      reportAt[r] = c.report_id.length;
      partOf[r] = part;
      c.report_id.push(l.report_id);
      c.unit_id.push(l.unit_id);
      c.province_id.push(l.province_id);
      c.unit_level.push(l.unit_level);
      c.scope.push(l.scope);
      c.period.push(l.period);
      c.period_start.push(rows.periodStart[r]);
      c.period_end.push(rows.periodEnd[r]);
      c.source_kind.push(l.source_kind);
      c.revision.push(l.revision);
      c.submitted_at.push(l.submitted_at);
      c.synthetic.push(l.synthetic);
    });
    for (let i = 0; i < rows.report.length; i++) {
      const r = rows.report[i];
      const part = partOf[r];
      const v = part.values;
      v.report.push(reportAt[r]);
      v.indicator.push(rows.indicator[i]);
      v.value.push(rows.value[i]);
      v.numerator.push(rows.numerator[i]);
      v.denominator.push(rows.denominator[i]);
      v.flag.push(rows.flag[i]);
      v.note.push(rows.note[i]);
      v.confidence.push(rows.confidence[i]);
      v.span_start.push(rows.span_start[i]);
      v.span_end.push(rows.span_end[i]);
      part.length++;
    }
    this.size += rows.report.length;
  }

  partitions(): PartitionValues[] {
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
  const report = p.values.report as number[];
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
    for (let i = 0; i < n; i++) out[i] = src[order[i]];
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
