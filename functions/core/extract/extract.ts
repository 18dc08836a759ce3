/**
 * Narrative report → the extraction printed by `chitieu extract` (issue 3 §2): unit, scope,
 * period and figures, every figure pointing at its words in the NFC text.
 */
import { findFigures } from './figures.ts';
import { findReportDate } from './dates.ts';
import { headerEnd } from './header.ts';
import { findPeriod, toExtractedPeriod } from './period.ts';
import { findUnit } from './unit.ts';
import type { ExtractionResult } from './types.ts';

/** Extracts from text that is already Unicode; it is normalized to NFC first (spans index into that). */
export function extractFromText(input: string): ExtractionResult {
  const text = input.replace(/^\uFEFF/, '').normalize('NFC');
  const hEnd = headerEnd(text);
  const published = findReportDate(text);
  const period = findPeriod(text, hEnd, published)?.period;
  // Units resolve at the end of the reported period (the unit as it was then), else the report date.
  const at = period?.end ?? published ?? new Date().toISOString().slice(0, 10);
  const unit = findUnit(text, hEnd, at);
  const figures = findFigures(text);
  return {
    extraction: {
      province: unit.province,
      unit_id: unit.unit?.id ?? null,
      unit_level: unit.unit_level,
      scope: unit.scope,
      period: period ? toExtractedPeriod(period) : null,
      indicators: figures.map((f) => ({
        indicator_code: f.indicator_code,
        phrase: f.phrase,
        value: f.value,
        unit: f.unit,
        change: f.change,
        span: f.span,
      })),
    },
    details: figures.map((f) => ({ numerator: f.numerator, denominator: f.denominator, confidence: f.confidence })),
    published,
    periodEnd: period?.end ?? null,
    text,
  };
}
