/**
 * The review queue's pure parts: the change read back from an extracted figure's note (as
 * extract/to-report.ts writes it), the review decision → next revision, the review document
 * accepted by the JSON parser as an extracted report, and the article's highlighted pieces.
 */
import { describe, expect, it } from 'vitest';
import { changeNote, parseChangeNote } from '../../functions/core/review/change-note.ts';
import { decide, readRequest, type WaitingReport } from '../../functions/core/review/decide.ts';
import { parseJson } from '../../functions/core/parse/json.ts';
import { extractFromText } from '../../functions/core/extract/extract.ts';
import { toInputReport } from '../../functions/core/extract/to-report.ts';
import { pieces } from '../../explorer/src/review/highlight.ts';

const report: WaitingReport = {
  report_id: 'a'.repeat(32), unit_id: 'p63-94', scope: 'unit', period: '2024-Q2', revision: 1, submitted_at: '2024-06-10T00:00:00.000Z',
  source_sha256: 'b'.repeat(64), source_file: 'bai.txt',
  figures: [
    { indicator: 'crime_reports_received', value: 126, numerator: null, denominator: null, flag: null, note: 'tin báo; tăng 14 so với cùng kỳ', confidence: 0.9, span_start: 10, span_end: 30 },
    { indicator: 'crime_report_resolution_rate', value: 77.8, numerator: null, denominator: null, flag: 'percent_only', note: 'đạt; giảm 1,5 điểm phần trăm so với cùng kỳ', confidence: 0.93, span_start: 32, span_end: 50 },
    { indicator: 'appeal_protests', value: 3, numerator: null, denominator: null, flag: null, note: 'kháng nghị', confidence: 0.8, span_start: 52, span_end: 60 },
  ],
};

describe('review core', () => {
  it('reads back the change the extractor wrote into the note, for every figure of a real article', () => {
    expect(parseChangeNote('đạt; giảm 1,5 điểm phần trăm so với cùng kỳ')).toEqual({ phrase: 'đạt', change: { direction: 'down', value: 1.5, unit: 'percentage_point' } });
    expect(parseChangeNote('x; tăng 3,5% so với cùng kỳ').change).toEqual({ direction: 'up', value: 3.5, unit: 'percent' });
    expect(parseChangeNote('kháng nghị')).toEqual({ phrase: 'kháng nghị', change: null });
    const text = 'VKSND tỉnh Sóc Trăng báo cáo quý II năm 2024\nQuý II năm 2024, VKSND tỉnh Sóc Trăng thụ lý 126 tin báo, tố giác tội phạm, tăng 14 tin so với cùng kỳ; đã giải quyết 98 tin, đạt 77,8%, giảm 1,5 điểm phần trăm so với cùng kỳ.';
    const r = extractFromText(text);
    const inp = toInputReport(r, { format: 'text', file_name: 'x.txt' }).report!;
    const withChange = r.extraction.indicators.filter((f) => f.indicator_code && f.change);
    expect(withChange.length).toBeGreaterThan(0);
    for (const f of withChange) {
      const v = inp.values.find((x) => x.indicator === f.indicator_code)!;
      expect(parseChangeNote(v.note!).change).toEqual(f.change);
      expect(changeNote(parseChangeNote(v.note!).phrase, f.change)).toBe(v.note);
    }
  });

  it('turns decisions into the next revision: accepted kept, corrected edited, rejected left out', () => {
    const req = readRequest({ decisions: [
      { indicator: 'crime_reports_received', action: 'accept' },
      { indicator: 'crime_report_resolution_rate', action: 'correct', value: 78.1, change: null },
      { indicator: 'appeal_protests', action: 'reject' },
    ] }).request!;
    const { document, problems } = decide({ report, request: req, reviewer: 'an', reviewedAt: '2024-07-01T00:00:00.000Z', reviewId: 'r1' });
    expect(problems).toEqual([]);
    const [rev] = document!.reports;
    expect(rev).toMatchObject({ unit_id: 'p63-94', period: '2024-Q2', revision: 2, submitted_at: report.submitted_at });
    expect(rev.values.map((v) => [v.indicator, v.value, v.flag])).toEqual([['crime_reports_received', 126, null], ['crime_report_resolution_rate', 78.1, 'percent_only']]);
    expect(rev.values[0].note).toBe('[duyệt: chấp nhận · an · 2024-07-01T00:00:00.000Z] tin báo; tăng 14 so với cùng kỳ');
    expect(rev.values[1].note).toBe('[duyệt: đã sửa · an · 2024-07-01T00:00:00.000Z] đạt');
    expect(rev.values[1].span).toEqual([32, 50]);
    // Through the JSON parser it is an extracted report.
    const parsed = parseJson(new TextEncoder().encode(JSON.stringify(document)), 'review-r1.json');
    return parsed.then((p) => {
      expect(p.problems).toEqual([]);
      expect(p.sourceKind).toBe('extracted');
      expect(p.reports[0].revision).toBe(2);
    });
  });

  it('moves a misread report to its unit and period, and refuses undecided, unknown or invalid edits', () => {
    const all = report.figures.map((f) => ({ indicator: f.indicator, action: 'accept' as const }));
    const moved = decide({ report, request: { decisions: all, period: '2024-Q3' }, reviewer: 'an', reviewedAt: '2024-10-01T00:00:00.000Z', reviewId: 'r2', targetRevision: 0 }).document!;
    expect(moved.reports.map((r) => [r.period, r.revision, r.values.length])).toEqual([['2024-Q2', 2, 0], ['2024-Q3', 1, 3]]);
    expect(decide({ report, request: { decisions: all.slice(1) }, reviewer: 'an', reviewedAt: 'x', reviewId: 'r' }).problems[0].code).toBe('review_incomplete');
    expect(decide({ report, request: { decisions: [...all, { indicator: 'key_cases', action: 'accept' }] }, reviewer: 'an', reviewedAt: 'x', reviewId: 'r' }).problems[0].code).toBe('review_unknown_figure');
    const dup = all.map((d) => (d.indicator === 'appeal_protests' ? { ...d, action: 'correct' as const, new_indicator: 'crime_reports_received' } : d));
    expect(decide({ report, request: { decisions: dup }, reviewer: 'an', reviewedAt: '2024-07-01T00:00:00.000Z', reviewId: 'r' }).problems[0].code).toBe('indicator_duplicate');
    expect(readRequest({ decisions: [{ indicator: 'x', action: 'approve' }] }).problems[0].code).toBe('review_bad_decision');
    expect(readRequest({ decisions: [{ indicator: 'x', action: 'correct', value: '12' }] }).problems[0].code).toBe('review_bad_field');
  });

  it('refuses a review document with a bad span or no reviewer', async () => {
    const doc = { format: 'chitieu-review', review: { reviewer: '', reviewed_at: 'x' }, reports: [{ unit_id: 'p63-94', scope: 'unit', period: '2024-Q2', submitted_at: '2024-06-10T00:00:00.000Z', revision: 2, values: [{ indicator: 'key_cases', value: 1, span: [5, 2] }] }] };
    const p = await parseJson(new TextEncoder().encode(JSON.stringify(doc)), 'r.json');
    expect(p.reports).toEqual([]);
    expect(p.problems.map((x) => x.code)).toEqual(['review_document_invalid', 'review_document_invalid']);
  });

  it('cuts the article into pieces, one highlight per figure span', () => {
    expect(pieces('abcdefghij', [[2, 4], null, [3, 6], [8, 10]])).toEqual([
      { text: 'ab', figure: -1 }, { text: 'cd', figure: 0 }, { text: 'ef', figure: 2 }, { text: 'gh', figure: -1 }, { text: 'ij', figure: 3 },
    ]);
  });
});
