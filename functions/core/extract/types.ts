/**
 * What `chitieu extract` prints (issue 3 §2), exactly: the unit and period of a narrative report
 * and the figures found in it, each with the character span of its sentence fragment in the NFC text.
 */
import type { PeriodType } from '../calendar.ts';
import type { Scope } from '../types.ts';

export type ExtractUnitLevel = 'tinh' | 'huyen' | 'khu_vuc';

export interface Change {
  direction: 'up' | 'down';
  value: number;
  unit: 'percent' | 'percentage_point' | 'count';
}

export interface ExtractedFigure {
  /** Catalog code, or null when the words match no indicator (kept here, left out of the report). */
  indicator_code: string | null;
  /** The indicator words as written. */
  phrase: string;
  value: number;
  unit: 'percent' | 'count';
  change: Change | null;
  /** [start, end) character offsets of the figure's sentence fragment in the NFC text. */
  span: [number, number];
}

export interface ExtractedPeriod {
  type: PeriodType;
  index: number | null;
  /** Statistical year. */
  year: number;
  /** Calendar label (YYYY-Q1, YYYY-H1, YYYY-MM, …). */
  label: string;
}

export interface Extraction {
  province: string | null;
  unit_id: string | null;
  unit_level: ExtractUnitLevel | null;
  scope: Scope;
  period: ExtractedPeriod | null;
  indicators: ExtractedFigure[];
}

/** Details that are not part of the printed shape but feed the report (numerator, confidence). */
export interface FigureDetail {
  numerator: number | null;
  denominator: number | null;
  /** Calibrated: the share of figures of this class that were right on the set-aside corpus (confidence.ts). */
  confidence: number;
  /** The class the confidence comes from: how the figure was recognised (confidence.ts). */
  evidence: string;
}

export interface ExtractionResult {
  extraction: Extraction;
  /** Parallel to extraction.indicators. */
  details: FigureDetail[];
  /** The publication date found in the text (ISO), if any. */
  published: string | null;
  /** Last day of the reported period (ISO), if the period was found. */
  periodEnd: string | null;
  /** The NFC text the spans index into. */
  text: string;
}
