/**
 * An analyst's decisions on the figures of one extracted report → the review document: the next
 * revision of that report (accepted figures as they were, corrected ones as edited, rejected ones
 * left out) with who decided what and when. The document is ingested like any received file
 * (parse-review.ts), so the warehouse's current-revision rules pick it up and the extracted
 * original stays in history. Pure: the caller reads the report and stores the result.
 */
import { indicatorByCode } from '../catalog.ts';
import { problem } from '../problem.ts';
import type { InputReport, InputValue, Problem, ValueRow } from '../types.ts';
import { checkReport } from '../validate/rules.ts';
import type { Change } from '../extract/types.ts';
import { changeNote, parseChangeNote } from './change-note.ts';

/** One figure of the report under review, as the curated values hold it (a values row's figure columns). */
export type WaitingFigure = Pick<ValueRow, 'indicator' | 'value' | 'numerator' | 'denominator' | 'flag' | 'note' | 'confidence' | 'span_start' | 'span_end'>;

export interface WaitingReport {
  report_id: string;
  unit_id: string;
  scope: 'unit' | 'province_total';
  period: string;
  revision: number;
  submitted_at: string;
  source_sha256: string;
  source_file: string;
  figures: WaitingFigure[];
}

export type Action = 'accept' | 'correct' | 'reject';

/** A decision on one figure, named by its indicator in the report under review. */
export interface Decision {
  indicator: string;
  action: Action;
  /** correct only: the edited fields (absent = unchanged). */
  new_indicator?: string;
  value?: number;
  numerator?: number | null;
  denominator?: number | null;
  change?: Change | null;
}

export interface ReviewRequest {
  decisions: Decision[];
  /** The whole report read wrongly as another period or unit: its figures move there. */
  period?: string;
  unit_id?: string;
}

export interface ReviewDocument {
  format: 'chitieu-review';
  review: {
    id: string;
    reviewer: string;
    reviewed_at: string;
    report_id: string;
    article: { sha256: string; file: string };
    from: { unit_id: string; scope: string; period: string; revision: number };
    to: { unit_id: string; scope: string; period: string; revision: number };
    decisions: (Decision & { before: WaitingFigure })[];
  };
  reports: InputReport[];
}

const ACTIONS: readonly Action[] = ['accept', 'correct', 'reject'];
const LABEL_VI: Record<Action, string> = { accept: 'chấp nhận', correct: 'đã sửa', reject: 'loại' };

const bad = (code: string, vi: string, en: string, fixVi: string, fixEn: string, pointer = ''): Problem =>
  problem(code, { pointer }, vi, en, fixVi, fixEn);

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isPart = (x: unknown) => x === undefined || x === null || isNum(x);

/** The request as sent (untrusted JSON) → a ReviewRequest, or what is wrong with it. */
export function readRequest(body: Record<string, unknown>): { request?: ReviewRequest; problems: Problem[] } {
  const problems: Problem[] = [];
  const list = body.decisions;
  if (!Array.isArray(list) || list.length === 0 || list.length > 500) {
    problems.push(bad('review_no_decisions', 'Thiếu danh sách quyết định ("decisions").', 'Missing the list of decisions ("decisions").',
      'Gửi một quyết định (accept/correct/reject) cho mỗi số liệu.', 'Send one decision (accept/correct/reject) per figure.', '/decisions'));
    return { problems };
  }
  const decisions: Decision[] = [];
  list.forEach((d: unknown, i) => {
    const at = `/decisions/${i}`;
    const o = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (typeof o.indicator !== 'string' || !ACTIONS.includes(o.action as Action)) {
      problems.push(bad('review_bad_decision', `Quyết định ${i + 1} phải có "indicator" và "action" (accept, correct hoặc reject).`,
        `Decision ${i + 1} needs "indicator" and "action" (accept, correct or reject).`, 'Sửa quyết định này.', 'Fix this decision.', at));
      return;
    }
    const dec: Decision = { indicator: o.indicator, action: o.action as Action };
    if (dec.action === 'correct') {
      if (o.new_indicator !== undefined && typeof o.new_indicator !== 'string') problems.push(bad('review_bad_field', 'Chỉ tiêu sửa phải là mã chỉ tiêu.', 'The corrected indicator must be an indicator code.', 'Chọn chỉ tiêu trong danh mục.', 'Pick an indicator from the catalog.', `${at}/new_indicator`));
      if (o.value !== undefined && !isNum(o.value)) problems.push(bad('review_bad_field', 'Giá trị sửa phải là một số.', 'The corrected value must be a number.', 'Nhập một số.', 'Enter a number.', `${at}/value`));
      if (!isPart(o.numerator) || !isPart(o.denominator)) problems.push(bad('review_bad_field', 'Tử số và mẫu số phải là số hoặc để trống.', 'Numerator and denominator must be numbers or empty.', 'Nhập số hoặc để trống.', 'Enter numbers or leave them empty.', at));
      const ch = o.change as Record<string, unknown> | null | undefined;
      if (ch !== undefined && ch !== null && !(['up', 'down'].includes(ch.direction as string) && isNum(ch.value) && ch.value >= 0 && ['percent', 'percentage_point', 'count'].includes(ch.unit as string))) {
        problems.push(bad('review_bad_field', 'Thay đổi so với cùng kỳ phải có hướng (tăng/giảm), giá trị không âm và đơn vị.', 'The change on last year needs a direction (up/down), a non-negative value and a unit.', 'Sửa hoặc xoá thay đổi.', 'Fix or clear the change.', `${at}/change`));
      }
      if (o.new_indicator !== undefined) dec.new_indicator = o.new_indicator as string;
      if (o.value !== undefined) dec.value = o.value as number;
      if (o.numerator !== undefined) dec.numerator = o.numerator as number | null;
      if (o.denominator !== undefined) dec.denominator = o.denominator as number | null;
      if (ch !== undefined) dec.change = ch as unknown as Change | null;
    }
    decisions.push(dec);
  });
  const req: ReviewRequest = { decisions };
  for (const k of ['period', 'unit_id'] as const) {
    if (body[k] === undefined || body[k] === null || body[k] === '') continue;
    if (typeof body[k] !== 'string') problems.push(bad('review_bad_field', `"${k}" phải là chuỗi.`, `"${k}" must be a string.`, 'Sửa trường này.', 'Fix this field.', `/${k}`));
    else req[k] = body[k] as string;
  }
  return problems.length ? { problems } : { request: req, problems };
}

/** The reviewed value of one figure, or null when rejected. */
function reviewedValue(f: WaitingFigure, d: Decision, reviewer: string, at: string): InputValue | null {
  if (d.action === 'reject') return null;
  const { phrase, change } = parseChangeNote(f.note);
  const mark = `[duyệt: ${LABEL_VI[d.action]} · ${reviewer} · ${at}] `;
  const base: InputValue = {
    indicator: f.indicator, value: f.value, numerator: f.numerator, denominator: f.denominator, flag: f.flag,
    note: (mark + changeNote(phrase, change)).slice(0, 2000),
    confidence: f.confidence,
    span: f.span_start !== null && f.span_end !== null ? [f.span_start, f.span_end] : null,
  };
  if (d.action === 'accept') return base;
  const code = d.new_indicator ?? f.indicator;
  const v: InputValue = { ...base, indicator: code, value: d.value ?? f.value, note: (mark + changeNote(phrase, d.change === undefined ? change : d.change)).slice(0, 2000) };
  const rate = indicatorByCode(code)?.kind === 'rate';
  const num = d.numerator === undefined ? (code === f.indicator ? f.numerator : null) : d.numerator;
  const den = d.denominator === undefined ? (code === f.indicator ? f.denominator : null) : d.denominator;
  if (rate && num !== null && den !== null) Object.assign(v, { numerator: num, denominator: den, flag: null });
  else if (rate) Object.assign(v, { numerator: null, denominator: null, flag: 'percent_only' });
  else Object.assign(v, { numerator: null, denominator: null, flag: null });
  return v;
}

export interface DecideInput {
  report: WaitingReport;
  request: ReviewRequest;
  reviewer: string;
  reviewedAt: string;
  reviewId: string;
  /** When the figures move to another unit or period: that key's current extracted revision (0 if none). */
  targetRevision?: number;
}

/**
 * The review document of a decision on every figure of a report, or the problems that refuse it
 * (a figure left undecided or decided twice, an edit the warehouse would reject).
 */
export function decide(input: DecideInput): { document?: ReviewDocument; problems: Problem[] } {
  const { report, request, reviewer, reviewedAt } = input;
  const problems: Problem[] = [];
  const byIndicator = new Map(report.figures.map((f) => [f.indicator, f]));
  const seen = new Map<string, Decision>();
  request.decisions.forEach((d, i) => {
    if (!byIndicator.has(d.indicator)) {
      problems.push(bad('review_unknown_figure', `Báo cáo không có số liệu chỉ tiêu "${d.indicator}".`, `The report has no figure of indicator "${d.indicator}".`,
        'Tải lại hàng chờ duyệt: báo cáo có thể đã thay đổi.', 'Reload the review queue: the report may have changed.', `/decisions/${i}`));
    } else if (seen.has(d.indicator)) {
      problems.push(bad('review_decided_twice', `Số liệu "${d.indicator}" có hai quyết định.`, `Figure "${d.indicator}" has two decisions.`,
        'Giữ một quyết định cho mỗi số liệu.', 'Keep one decision per figure.', `/decisions/${i}`));
    } else seen.set(d.indicator, d);
  });
  const missing = report.figures.filter((f) => !seen.has(f.indicator)).map((f) => f.indicator);
  if (missing.length) {
    problems.push(bad('review_incomplete', `Còn số liệu chưa quyết định: ${missing.join(', ')}.`, `Figures left undecided: ${missing.join(', ')}.`,
      'Chấp nhận, sửa hoặc loại từng số liệu rồi gửi lại.', 'Accept, correct or reject every figure, then send again.', '/decisions'));
  }
  if (problems.length) return { problems };

  const values = report.figures.map((f) => reviewedValue(f, seen.get(f.indicator)!, reviewer, reviewedAt)).filter((v): v is InputValue => v !== null);
  const unitId = request.unit_id ?? report.unit_id;
  const period = request.period ?? report.period;
  const moved = unitId !== report.unit_id || period !== report.period;
  const source = { format: 'json' as const, file_name: `review-${input.reviewId}.json` };
  const from = { unit_id: report.unit_id, scope: report.scope, period: report.period, revision: report.revision + 1 };
  const to = moved ? { unit_id: unitId, scope: report.scope, period, revision: (input.targetRevision ?? 0) + 1 } : from;
  const reports: InputReport[] = moved
    ? [
        // The figures were not this unit's or period's: its next revision holds none of them.
        { schema_version: 1, ...from, submitted_at: report.submitted_at, source, values: [] },
        { schema_version: 1, ...to, submitted_at: reviewedAt, source, values },
      ]
    : [{ schema_version: 1, ...from, submitted_at: report.submitted_at, source, values }];
  reports.forEach((r, i) => problems.push(...checkReport(r, `/reports/${i}`).problems));
  if (problems.length) return { problems };
  return {
    problems,
    document: {
      format: 'chitieu-review',
      review: {
        id: input.reviewId, reviewer, reviewed_at: reviewedAt, report_id: report.report_id,
        article: { sha256: report.source_sha256, file: report.source_file },
        from: { ...from, revision: report.revision }, to,
        decisions: report.figures.map((f) => ({ ...seen.get(f.indicator)!, before: f })),
      },
      reports,
    },
  };
}
