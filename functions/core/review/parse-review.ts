/**
 * A review document (decide.ts) as a received file: the next revision of an extracted report,
 * stored through the ordinary ingest like any other file, kept in raw/ as the record of the
 * decision. Its reports stay `extracted` (they supersede the extracted original under the same
 * report key); each is checked against the report schema as a structured report would be.
 */
import { problem } from '../problem.ts';
import type { InputReport } from '../types.ts';
import { schemaProblems } from '../validate/schema.ts';
import type { ParsedFile } from '../parse/parsed-file.ts';

export function isReviewDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && (doc as { format?: unknown }).format === 'chitieu-review';
}

const isSpan = (s: unknown) => s === null || s === undefined || (Array.isArray(s) && s.length === 2 && s.every((x) => Number.isInteger(x) && x >= 0) && s[0] <= s[1]);
const isConfidence = (c: unknown) => c === null || c === undefined || (typeof c === 'number' && c >= 0 && c <= 1);

export function parseReviewDocument(doc: unknown): ParsedFile {
  const out: ParsedFile = { format: 'json', sourceKind: 'extracted', reports: [], problems: [] };
  const d = doc as { review?: { reviewer?: unknown; reviewed_at?: unknown }; reports?: unknown };
  const fail = (pointer: string, vi: string, en: string) =>
    out.problems.push(problem('review_document_invalid', { pointer }, `Văn bản duyệt không hợp lệ: ${vi}`, `Invalid review document: ${en}`,
      'Văn bản duyệt do trang duyệt số liệu tạo ra; hãy duyệt lại trên trang đó.', 'Review documents are made by the review page; review again there.'));
  if (typeof d.review?.reviewer !== 'string' || !d.review.reviewer || typeof d.review.reviewed_at !== 'string') fail('/review', 'thiếu người duyệt hoặc thời điểm duyệt.', 'the reviewer or the review time is missing.');
  if (!Array.isArray(d.reports) || d.reports.length === 0 || d.reports.length > 2) {
    fail('/reports', 'cần một hoặc hai báo cáo.', 'one or two reports are expected.');
    return out;
  }
  d.reports.forEach((r: unknown, i) => {
    const rep = r as InputReport;
    const values = Array.isArray(rep?.values) ? rep.values : [];
    // The extraction's own columns are checked here; the rest against the report schema (which
    // knows no confidence or span, and asks for at least one value: a review may reject all).
    values.forEach((v, j) => {
      if (!isConfidence(v?.confidence) || !isSpan(v?.span)) fail(`/reports/${i}/values/${j}`, 'độ tin cậy hoặc vị trí trong văn bản sai.', 'bad confidence or text span.');
    });
    const plain = { ...rep, values: values.map(({ confidence: _c, span: _s, ...v }) => v) };
    const schema = schemaProblems(plain.values.length ? plain : { ...plain, values: [{ indicator: 'x', value: 0 }] }, `/reports/${i}`);
    out.problems.push(...schema);
  });
  if (!out.problems.length) out.reports = d.reports as InputReport[];
  return out;
}
