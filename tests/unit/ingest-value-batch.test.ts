/**
 * The values of a batch as columns: each partition comes out in the order the row objects were
 * sorted in before (indicator, period, unit, then arrival), whatever the sort, and each column
 * holds the right value for its row.
 */
import { describe, expect, it } from 'vitest';
import { ValueBatch, sortedColumns, VALUE_COLUMNS } from '../../functions/ingest/value-batch.ts';
import { tableColumns } from '../../functions/core/warehouse-contract/tables.ts';
import { fileRows, type SourceInfo } from '../../functions/core/rows.ts';
import type { NormalizedReport } from '../../functions/core/validate/rules.ts';
import { writeParquetColumns } from '../../functions/adapters/parquet/write-parquet.ts';
import { parquetMetadata } from 'hyparquet';

/** A tiny deterministic generator (no dependence on Math.random). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

function report(r: () => number, i: number): NormalizedReport {
  const year = r() < 0.5 ? 2024 : 2025;
  const month = 1 + Math.floor(r() * 3);
  const label = `${year}-${String(month).padStart(2, '0')}`;
  const unit = `u${Math.floor(r() * 4)}`;
  const nValues = 1 + Math.floor(r() * 5);
  return {
    unit: { id: unit, province_id: 'p1', level: 'province' },
    scope: r() < 0.5 ? 'unit' : 'area',
    period: { label, start: `${label}-01`, end: `${label}-28`, statYear: year, type: 'month' },
    submitted_at: `2025-12-0${1 + (i % 9)}T00:00:00.000Z`,
    revision: 1 + (i % 2),
    values: Array.from({ length: nValues }, (_, k) => ({
      indicator: { code: ['b_ind', 'a_ind', 'c_ind', 'a_ind'][Math.floor(r() * 4)] },
      value: i * 10 + k,
      numerator: r() < 0.3 ? null : k,
      denominator: r() < 0.5 ? null : 100 + k,
      flag: null,
      note: r() < 0.2 ? `note ${i}` : null,
      confidence: r() < 0.5 ? null : 0.5 + k / 10,
      span: r() < 0.1 ? [k, k + 1] : undefined,
    })),
  } as unknown as NormalizedReport;
}

describe('ValueBatch', () => {
  it('sorts each partition like the stable sort of row objects, packed or compared', () => {
    const r = rng(7);
    const batch = new ValueBatch();
    const rows: Record<string, unknown>[] = [];
    for (let f = 0; f < 40; f++) {
      const source: SourceInfo = { sha256: `sha${f}`, fileName: `f${f}.json`, format: 'json', kind: 'structured', synthetic: false };
      const reports = Array.from({ length: 1 + (f % 3) }, (_, k) => report(r, f * 3 + k));
      const fr = fileRows(reports, source, 'pending', '');
      batch.add(fr);
      fr.report.forEach((ri, i) => {
        const l = fr.ledger[ri];
        rows.push({
          report_id: l.report_id, unit_id: l.unit_id, period: l.period, indicator: fr.indicator[i], value: fr.value[i],
          numerator: fr.numerator[i], denominator: fr.denominator[i], confidence: fr.confidence[i],
          note: fr.note[i], span_start: fr.span_start[i], span_end: fr.span_end[i], revision: l.revision, submitted_at: l.submitted_at,
          period_start: fr.periodStart[ri], key: `${l.stat_year}|${l.period_type}`,
        });
      });
    }
    expect(batch.size).toBe(rows.length);
    const parts = batch.partitions();
    expect(parts.map((p) => `${p.statYear}|${p.periodType}`).sort()).toEqual(['2024|month', '2025|month']);
    for (const p of parts) {
      const expected = rows
        .filter((x) => x.key === `${p.statYear}|${p.periodType}`)
        .sort((a, b) => (a.indicator! < b.indicator! ? -1 : a.indicator! > b.indicator! ? 1 : a.period! < b.period! ? -1 : a.period! > b.period! ? 1 : a.unit_id! < b.unit_id! ? -1 : a.unit_id! > b.unit_id! ? 1 : 0));
      for (const packed of [true, false]) {
        const c = sortedColumns(p, 'b-1', packed);
        expect(c.batch_id).toEqual(expected.map(() => 'b-1'));
        for (const name of ['report_id', 'unit_id', 'period', 'indicator', 'value', 'numerator', 'denominator', 'confidence', 'note', 'span_start', 'span_end', 'revision', 'submitted_at', 'period_start']) {
          expect(Array.from(c[name]), `${name} (packed ${packed})`).toEqual(expected.map((x) => x[name]));
        }
      }
    }
  });

  it('fills every column of the values table (data-schemas/tables.json), and FileRows carries each value column', () => {
    const fr = fileRows([report(rng(3), 0)], { sha256: 's', fileName: 'f.json', format: 'json', kind: 'structured', synthetic: false }, 'pending', '');
    for (const c of VALUE_COLUMNS) expect(Array.isArray(fr[c]), c).toBe(true);
    const batch = new ValueBatch();
    batch.add(fr);
    const [p] = batch.partitions();
    const c = sortedColumns(p, 'b-1');
    expect(Object.keys(c).sort()).toEqual(tableColumns('values').map((x) => x.name).sort());
    for (const name of Object.keys(c)) expect(c[name], name).toHaveLength(fr.report.length);
  });

  it('writes min/max statistics for the columns queries prune by and leaves them out where tables.json says so', () => {
    const r = rng(11);
    const batch = new ValueBatch();
    for (let f = 0; f < 30; f++) {
      batch.add(fileRows([report(r, f)], { sha256: `s${f}`, fileName: `f${f}.json`, format: 'json', kind: 'structured', synthetic: false }, 'pending', ''));
    }
    const [p] = batch.partitions();
    const cols = sortedColumns(p, 'b-1');
    const bytes = writeParquetColumns('values', cols, p.length);
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const stats = new Map(meta.row_groups[0].columns.map((c) => [c.meta_data!.path_in_schema.join('.'), c.meta_data!.statistics]));
    const off = tableColumns('values').filter((c) => c.statistics === false).map((c) => c.name);
    expect(off).toEqual(expect.arrayContaining(['report_id', 'value', 'note']));
    expect(off).not.toContain('indicator');
    for (const name of off) expect(stats.get(name)?.min_value, name).toBeUndefined();
    // The kept ones are exact: computed here from the column itself.
    const sorted = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of ['indicator', 'period', 'unit_id']) {
      const xs = sorted(Array.from(cols[name]) as string[]);
      expect(stats.get(name)?.min_value, name).toBe(xs[0]);
      expect(stats.get(name)?.max_value, name).toBe(xs[xs.length - 1]);
    }
  });
});
