/**
 * Curated rows of normalized reports: one ledger row per report and a values entry per indicator.
 * Ids are derived from content, so re-ingesting the same file yields the same ids.
 */
import { createHash } from 'node:crypto';
import type { ReportRow, SourceFormat, SourceKind } from './types.ts';
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

/**
 * The curated rows of one received file, as plain arrays (what a worker thread hands back: a
 * structured clone of arrays is a small fraction of the cost of cloning one object per value).
 * Ledger rows are objects (one per report); values are columns, one entry per value, with
 * `report` pointing at the value's ledger row for the columns a report shares.
 */
export interface FileRows {
  ledger: ReportRow[];
  /** Per report, parallel to `ledger`: the period's dates, which only values rows carry. */
  periodStart: string[];
  periodEnd: string[];
  report: number[];
  indicator: string[];
  value: number[];
  numerator: (number | null)[];
  denominator: (number | null)[];
  flag: (string | null)[];
  note: (string | null)[];
  confidence: (number | null)[];
  span_start: (number | null)[];
  span_end: (number | null)[];
}

/**
 * Rows of a file's reports. The batch id and the ingestion time are not known yet: the ledger
 * rows carry `batchId` and `ingestedAt` as given, for the caller to overwrite.
 */
export function fileRows(reports: readonly NormalizedReport[], source: SourceInfo, batchId: string, ingestedAt: string): FileRows {
  const out: FileRows = {
    ledger: [], periodStart: [], periodEnd: [], report: [], indicator: [], value: [], numerator: [], denominator: [],
    flag: [], note: [], confidence: [], span_start: [], span_end: [],
  };
  for (const r of reports) {
    const u = r.unit;
    const p = r.period;
    const index = out.ledger.length;
    // A full literal, never a spread: spreading shared objects into rows gave V8 slow
    // (dictionary) objects, which once made ingest several times slower.
    out.ledger.push({
      report_id: reportId(source.sha256, r),
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
      value_count: r.values.length,
      synthetic: source.synthetic,
      ingested_at: ingestedAt,
      stat_year: p.statYear,
      period_type: p.type,
    });
    out.periodStart.push(p.start);
    out.periodEnd.push(p.end);
    for (const v of r.values) {
      out.report.push(index);
      out.indicator.push(v.indicator.code);
      out.value.push(v.value);
      out.numerator.push(v.numerator);
      out.denominator.push(v.denominator);
      out.flag.push(v.flag);
      out.note.push(v.note);
      out.confidence.push(v.confidence);
      out.span_start.push(v.span ? v.span[0] : null);
      out.span_end.push(v.span ? v.span[1] : null);
    }
  }
  return out;
}

/** The key under which reports supersede each other: a later revision of the same key wins. */
export function reportKey(r: { unit_id: string; scope: string; period: string; source_kind: string }): string {
  return `${r.unit_id}|${r.scope}|${r.period}|${r.source_kind}`;
}
