/**
 * The values rows of a batch being gathered, as columns per partition (stat_year, period_type):
 * no object per value, and nothing to regroup at commit. Each partition comes out sorted by
 * indicator, period, unit — the order the Parquet row groups' min/max statistics prune by —
 * with ties in arrival order (as the stable sort of row objects did, so the bytes are the same).
 */
import type { FileRows } from '../core/rows.ts';
import type { ColumnArrays } from '../adapters/parquet/write-parquet.ts';

/** Columns of curated values other than the batch id, which is known only at commit. */
const COLUMNS = [
  'report_id', 'unit_id', 'province_id', 'unit_level', 'scope', 'period', 'period_start', 'period_end', 'indicator',
  'value', 'numerator', 'denominator', 'flag', 'note', 'source_kind', 'confidence', 'span_start', 'span_end',
  'revision', 'submitted_at', 'synthetic',
] as const;
type Column = (typeof COLUMNS)[number];

class PartitionValues {
  length = 0;
  readonly cols = Object.fromEntries(COLUMNS.map((c) => [c, [] as unknown[]])) as Record<Column, unknown[]>;
  constructor(readonly statYear: number, readonly periodType: string) {}
}

export interface PartitionColumns {
  statYear: number;
  periodType: string;
  length: number;
  columns: ColumnArrays;
}

export class ValueBatch {
  private readonly parts = new Map<string, PartitionValues>();
  /** Values gathered so far. */
  size = 0;

  add(rows: FileRows): void {
    let last = -1;
    let l = rows.ledger[0];
    let part: PartitionValues | undefined;
    for (let i = 0; i < rows.report.length; i++) {
      const r = rows.report[i];
      if (r !== last) {
        // A report's values are consecutive and all in its partition.
        last = r;
        l = rows.ledger[r];
        const key = `${l.stat_year}|${l.period_type}`;
        part = this.parts.get(key);
        if (!part) this.parts.set(key, (part = new PartitionValues(l.stat_year, l.period_type)));
      }
      const c = part!.cols;
      c.report_id.push(l.report_id);
      c.unit_id.push(l.unit_id);
      c.province_id.push(l.province_id);
      c.unit_level.push(l.unit_level);
      c.scope.push(l.scope);
      c.period.push(l.period);
      c.period_start.push(rows.periodStart[r]);
      c.period_end.push(rows.periodEnd[r]);
      c.indicator.push(rows.indicator[i]);
      c.value.push(rows.value[i]);
      c.numerator.push(rows.numerator[i]);
      c.denominator.push(rows.denominator[i]);
      c.flag.push(rows.flag[i]);
      c.note.push(rows.note[i]);
      c.source_kind.push(l.source_kind);
      c.confidence.push(rows.confidence[i]);
      c.span_start.push(rows.span_start[i]);
      c.span_end.push(rows.span_end[i]);
      c.revision.push(l.revision);
      c.submitted_at.push(l.submitted_at);
      c.synthetic.push(l.synthetic);
      part!.length++;
    }
    this.size += rows.report.length;
  }

  /** Each partition's columns, sorted, with the batch id filled in. */
  *partitions(batchId: string): Iterable<PartitionColumns> {
    for (const part of this.parts.values()) {
      const n = part.length;
      const { indicator, period, unit_id } = part.cols as Record<'indicator' | 'period' | 'unit_id', string[]>;
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => {
        const ia = indicator[a], ib = indicator[b];
        if (ia !== ib) return ia < ib ? -1 : 1;
        const pa = period[a], pb = period[b];
        if (pa !== pb) return pa < pb ? -1 : 1;
        const ua = unit_id[a], ub = unit_id[b];
        if (ua !== ub) return ua < ub ? -1 : 1;
        return a - b;
      });
      const columns: ColumnArrays = { batch_id: new Array(n).fill(batchId) };
      for (const c of COLUMNS) {
        const src = part.cols[c];
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = src[order[i]];
        columns[c] = out;
      }
      yield { statYear: part.statYear, periodType: part.periodType, length: n, columns };
    }
  }
}
