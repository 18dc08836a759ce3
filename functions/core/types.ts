/**
 * Domain types shared by every layer. Field names follow data-schemas/ (report.schema.json and
 * tables.json) so that a row can move from core to Parquet to SQL without renaming.
 */
import type { PeriodType } from './calendar.ts';

export type Scope = 'unit' | 'province_total';
export type UnitLevel = 'province' | 'district' | 'regional';
export type SourceKind = 'structured' | 'extracted';
export type SourceFormat = 'json' | 'csv' | 'xlsx' | 'docx' | 'text';

/** A report value as it arrives (after JSON/CSV/XLSX parsing, before resolution). */
export interface InputValue {
  indicator: string;
  value: number;
  numerator?: number | null;
  denominator?: number | null;
  flag?: string | null;
  note?: string | null;
  /** Extracted figures only: confidence 0..1 and the character span [start, end) in the NFC text. */
  confidence?: number | null;
  span?: [number, number] | null;
}

/** A report as it arrives, shaped by data-schemas/report.schema.json. */
export interface InputReport {
  schema_version?: 1;
  unit_id?: string;
  unit_name?: string;
  scope: Scope;
  period: string;
  submitted_at: string;
  revision?: number;
  source?: { format?: SourceFormat; file_name?: string; sha256?: string; synthetic?: boolean; generator?: string };
  values: InputValue[];
}

/**
 * The columns a values row shares with its report's ledger row: the report's identity, unit,
 * period, revision and source kind, its batch, and the partition keys.
 */
export interface ReportColumns {
  report_id: string;
  batch_id: string;
  unit_id: string;
  province_id: string;
  unit_level: UnitLevel;
  scope: Scope;
  period: string;
  revision: number;
  submitted_at: string; // ISO timestamp
  source_kind: SourceKind;
  synthetic: boolean;
  // partition keys
  stat_year: number;
  period_type: PeriodType;
}

/** One row of curated/values (data-schemas/tables.json). */
export interface ValueRow extends ReportColumns {
  period_start: string; // ISO date
  period_end: string;
  indicator: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  flag: string | null;
  note: string | null;
  confidence: number | null;
  span_start: number | null;
  span_end: number | null;
}

/** One row of curated/reports, the ledger (data-schemas/tables.json). */
export interface ReportRow extends ReportColumns {
  source_format: SourceFormat;
  source_file: string;
  source_sha256: string;
  value_count: number;
  ingested_at: string;
}

/** Where in an input file a problem is: a JSON pointer, or a row/column, or a sheet and cell. */
export interface Place {
  pointer?: string;
  row?: number;
  column?: string;
  sheet?: string;
  cell?: string;
}

/** A validation problem, bilingual, with how to fix it. */
export interface Problem {
  code: string;
  place: Place;
  message_vi: string;
  message_en: string;
  fix_vi: string;
  fix_en: string;
}
