/**
 * Curated rows of a normalized report: one values row per indicator and one ledger row.
 * Ids are derived from content, so re-ingesting the same file yields the same ids.
 */
import { createHash } from 'node:crypto';
import type { ReportRow, SourceFormat, SourceKind, ValueRow } from './types.ts';
import type { NormalizedReport } from './validate/rules.ts';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Id of one report revision within one received file. */
export function reportId(sourceSha: string, r: NormalizedReport): string {
  return sha256Hex(`${sourceSha}|${r.unit.id}|${r.scope}|${r.period.label}|${r.revision}`).slice(0, 32);
}

export interface SourceInfo {
  sha256: string;
  fileName: string;
  format: SourceFormat;
  kind: SourceKind;
  synthetic: boolean;
}

export function reportRows(r: NormalizedReport, source: SourceInfo, batchId: string, ingestedAt: string): { ledger: ReportRow; values: ValueRow[] } {
  // Rows are written as full literals, never spread: spreading a shared object into each of
  // 3.5 million rows gives V8 slow (dictionary) objects, which made ingest several times slower.
  const id = reportId(source.sha256, r);
  const u = r.unit;
  const p = r.period;
  const values: ValueRow[] = new Array(r.values.length);
  for (let i = 0; i < r.values.length; i++) {
    const v = r.values[i];
    values[i] = {
      report_id: id,
      batch_id: batchId,
      unit_id: u.id,
      province_id: u.province_id,
      unit_level: u.level,
      scope: r.scope,
      period: p.label,
      period_start: p.start,
      period_end: p.end,
      indicator: v.indicator.code,
      value: v.value,
      numerator: v.numerator,
      denominator: v.denominator,
      flag: v.flag,
      note: v.note,
      source_kind: source.kind,
      confidence: v.confidence,
      span_start: v.span ? v.span[0] : null,
      span_end: v.span ? v.span[1] : null,
      revision: r.revision,
      submitted_at: r.submitted_at,
      synthetic: source.synthetic,
      stat_year: p.statYear,
      period_type: p.type,
    };
  }
  const ledger: ReportRow = {
    report_id: id,
    batch_id: batchId,
    unit_id: u.id,
    province_id: u.province_id,
    unit_level: u.level,
    scope: r.scope,
    period: p.label,
    revision: r.revision,
    submitted_at: r.submitted_at,
    source_kind: source.kind,
    source_format: source.format,
    source_file: source.fileName,
    source_sha256: source.sha256,
    value_count: values.length,
    synthetic: source.synthetic,
    ingested_at: ingestedAt,
    stat_year: p.statYear,
    period_type: p.type,
  };
  return { ledger, values };
}

/** The key under which reports supersede each other: a later revision of the same key wins. */
export function reportKey(r: { unit_id: string; scope: string; period: string; source_kind: string }): string {
  return `${r.unit_id}|${r.scope}|${r.period}|${r.source_kind}`;
}
