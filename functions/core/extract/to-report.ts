/**
 * Extraction → the input report that ingest stores (rows flagged as extracted). Only figures with a
 * catalog code go in; the others stay in the extraction output. A rate known only as a percentage
 * carries flag "percent_only" and no numerator/denominator, so it is never re-aggregated as if it
 * had parts; a rate written with its parts ("1.234/1.300 tin, đạt 94,9%") keeps them.
 */
import { indicatorByCode } from '../catalog.ts';
import { problem } from '../problem.ts';
import type { InputReport, InputValue, Problem, SourceFormat } from '../types.ts';
import { RATE_TOLERANCE } from '../validate/rules.ts';
import type { Change, ExtractionResult } from './types.ts';

function describeChange(c: Change | null): string {
  if (!c) return '';
  const dir = c.direction === 'up' ? 'tăng' : 'giảm';
  const unit = c.unit === 'percentage_point' ? ' điểm phần trăm' : c.unit === 'percent' ? '%' : '';
  return `; ${dir} ${String(c.value).replace('.', ',')}${unit} so với cùng kỳ`;
}

export interface ReportFromExtraction {
  report?: InputReport;
  problems: Problem[];
}

/** Builds the input report of an extraction, or the problems that keep it out of the warehouse. */
export function toInputReport(r: ExtractionResult, source: { format: SourceFormat; file_name: string }): ReportFromExtraction {
  const e = r.extraction;
  const problems: Problem[] = [];
  const place = { pointer: '' };
  if (!e.unit_id) {
    problems.push(problem('extract_unit_not_found', place, 'Không xác định được đơn vị báo cáo (VKSND tỉnh/huyện/khu vực) trong văn bản.',
      'The reporting unit (provincial, district or regional procuracy) could not be found in the text.',
      'Ghi rõ tên đơn vị, ví dụ "VKSND tỉnh Sóc Trăng", ở tiêu đề hoặc đoạn đầu.', 'Name the unit, e.g. "VKSND tỉnh Sóc Trăng", in the title or first paragraph.'));
  }
  if (!e.period) {
    problems.push(problem('extract_period_not_found', place, 'Không xác định được kỳ báo cáo trong văn bản.',
      'The reporting period could not be found in the text.',
      'Ghi rõ kỳ, ví dụ "6 tháng đầu năm 2023", "Quý I năm 2024", ở tiêu đề.', 'State the period, e.g. "6 tháng đầu năm 2023", "Quý I năm 2024", in the title.'));
  }
  const values: InputValue[] = [];
  const byCode = new Map<string, number>();
  e.indicators.forEach((f, i) => {
    if (!f.indicator_code) return;
    const ind = indicatorByCode(f.indicator_code);
    if (!ind) return;
    const d = r.details[i];
    const v: InputValue = {
      indicator: f.indicator_code,
      value: f.value,
      numerator: null,
      denominator: null,
      flag: null,
      note: `${f.phrase}${describeChange(f.change)}`.slice(0, 2000),
      confidence: d.confidence,
      span: f.span,
    };
    if (ind.kind === 'rate') {
      const consistent = d.numerator !== null && d.denominator !== null && d.denominator > 0 && d.numerator <= d.denominator &&
        Math.abs(f.value - (100 * d.numerator) / d.denominator) <= RATE_TOLERANCE;
      if (consistent) {
        v.numerator = d.numerator;
        v.denominator = d.denominator;
      } else v.flag = 'percent_only';
    }
    // One value per indicator: a figure repeated in the text keeps its most confident reading.
    const prev = byCode.get(f.indicator_code);
    if (prev === undefined) {
      byCode.set(f.indicator_code, values.length);
      values.push(v);
    } else if ((values[prev].confidence ?? 0) < d.confidence) values[prev] = v;
  });
  if (values.length === 0) {
    problems.push(problem('extract_no_figures', place, 'Không tìm thấy số liệu chỉ tiêu nào có trong danh mục.',
      'No figure of a catalog indicator was found.',
      'Kiểm tra văn bản có số liệu kết quả công tác; nếu có, bổ sung cách viết vào aliases của chỉ tiêu.',
      'Check that the text holds work results; if it does, add its wording to the indicator aliases.'));
  }
  if (problems.length) return { problems };
  // The report date when the text gives one; otherwise the end of the period it reports on.
  const submitted = `${r.published ?? r.periodEnd}T00:00:00.000Z`;
  return {
    problems,
    report: {
      schema_version: 1,
      unit_id: e.unit_id!,
      scope: e.scope,
      period: e.period!.label,
      submitted_at: submitted,
      source: { format: source.format, file_name: source.file_name },
      values,
    },
  };
}
