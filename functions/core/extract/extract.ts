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
import type { Figure } from './figures.ts';
import { calibratedConfidence, classOf } from './confidence.ts';

/**
 * Most characters of text extracted at once. Files are capped before decoding (parse/input-limits.ts:
 * 2 MB of text, 10 MB of .docx); this guards every other caller, and a .docx whose text inflates
 * past it. Real reports are a few pages; extraction is linear (a 1 MB text takes a second or two).
 */
export const MAX_EXTRACT_CHARS = 2_000_000;

/** Bilingual refusal of an oversized text, naming the file when it is known. */
export function tooLargeMessage(file: string | undefined, size: number): string {
  const what = file ? `"${file}"` : 'Văn bản';
  const whatEn = file ? `"${file}"` : 'The text';
  const max = `${MAX_EXTRACT_CHARS.toLocaleString('vi-VN')} ký tự`;
  const maxEn = `${MAX_EXTRACT_CHARS.toLocaleString('en-US')} characters`;
  const got = `${size.toLocaleString('vi-VN')} ký tự`;
  const gotEn = `${size.toLocaleString('en-US')} characters`;
  return (
    `${what} quá lớn để trích số liệu (${got}, tối đa ${max}) / ${whatEn} is too large to extract figures from (${gotEn}, at most ${maxEn}) — ` +
    'Tách thành các báo cáo riêng, mỗi kỳ một tệp, rồi trích từng tệp / Split it into separate reports, one file per period, and extract each.'
  );
}

export class TextTooLargeError extends Error {}

/** Extracts from text that is already Unicode; it is normalized to NFC first (spans index into that). */
export function extractFromText(input: string, file?: string): ExtractionResult {
  if (input.length > MAX_EXTRACT_CHARS) throw new TextTooLargeError(tooLargeMessage(file, input.length));
  const text = input.replace(/^\uFEFF/, '').normalize('NFC');
  const hEnd = headerEnd(text);
  const published = findReportDate(text);
  const period = findPeriod(text, hEnd, published)?.period;
  // Units resolve at the end of the reported period (the unit as it was then), else the report date.
  const at = period?.end ?? published ?? new Date().toISOString().slice(0, 10);
  const unit = findUnit(text, hEnd, at);
  // The figures' own year is the reviewed period's (statistical or calendar year of its end). Not
  // the calendar year of its start: a statistical year 2021 starts on 1/12/2020, and "Năm 2020, …"
  // in its report is the year before, quoted for contrast.
  const years = period ? [...new Set([period.statYear, Number(period.end.slice(0, 4))])] : [];
  const figures = dropRepeatedTitleFigures(findFigures(text, 0, years), hEnd, text);
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
    details: figures.map((f) => {
      const cls = classOf(f);
      return { numerator: f.numerator, denominator: f.denominator, confidence: calibratedConfidence(cls), evidence: cls };
    }),
    published,
    periodEnd: period?.end ?? null,
    text,
  };
}

/** A headline repeats a figure of the body ("…thụ lý kiểm sát điều tra 513 vụ án"): keep the body's. */
// The headline is the first line; a short opening paragraph can fall inside the header (headerEnd)
// and still be the body that the headline repeats.
function dropRepeatedTitleFigures(figures: Figure[], headerEnd: number, text: string): Figure[] {
  const lead = text.length - text.trimStart().length;
  const nl = text.indexOf('\n', lead);
  const titleEnd = Math.min(headerEnd, nl < 0 ? text.length : nl);
  const body = new Set(figures.filter((f) => f.at >= titleEnd).map((f) => `${f.unit}|${f.value}`));
  return figures.filter((f) => f.at >= titleEnd || !body.has(`${f.unit}|${f.value}`));
}
