/**
 * The review queue of extracted figures (issue 13). GET /api/review lists the figures of current
 * extracted reports that no analyst has reviewed, with their source (the article is served by
 * GET /api/raw/<sha256>/view; span_start/span_end index into its text). POST /api/review/<report_id>
 * takes a decision on every figure of that report revision and stores the next revision through
 * the ordinary ingest (core/review/decide.ts, parse-review.ts): the reviewed revision supersedes
 * the extracted one under the current-revision rules, the original stays in history/all_values,
 * and the review document kept in raw/ plus a record under reviews/ say who decided what, when.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Engine } from '../adapters/engine/engine.ts';
import type { Storage } from '../adapters/storage/storage.ts';
import { ingestFile } from '../ingest/ingest-file.ts';
import { decide, readRequest, type WaitingFigure, type WaitingReport } from '../core/review/decide.ts';
import { parseChangeNote } from '../core/review/change-note.ts';
import { unitById } from '../core/units.ts';
import { sha256Hex } from '../core/rows.ts';
import { inboxKey, reviewRecordKey } from '../core/warehouse-contract/layout.ts';
import { identify } from './notebooks.ts';
import { ApiError } from './errors.ts';

export interface ReviewRoutesOptions {
  storage: Storage;
  engine: Engine;
  /** Who is asking (default: the JWT claims in AWS, the local user locally). */
  identify?: (c: Context) => string | undefined;
  /** Called after a review is stored, before answering (the local engine opens the new snapshot). */
  onWarehouseChanged?: () => Promise<void>;
  /**
   * How the review document reaches the ingest: 'ingest' runs it here (locally: the answer says
   * it is stored); 'inbox' puts it under raw/inbox/ for the ingest Lambda, as any uploaded report
   * (in AWS: the query API then needs no write access to curated/; the answer says it is queued).
   */
  delivery?: 'ingest' | 'inbox';
  now?: () => Date;
}

/** Most reports listed at once: a queue is worked through, not read whole. */
export const REVIEW_LIST_MAX_REPORTS = 200;

// A reviewed revision is an extracted report stored from a review document (format json): what
// is left in the queue are current extracted revisions read from an article (text or docx).
const FIGURES = `
SELECT r.report_id, r.unit_id, r.scope, r.period, r.revision, CAST(r.submitted_at AS VARCHAR) AS submitted_at,
       r.source_sha256, r.source_file, r.source_format,
       v.indicator, v.value, v.numerator, v.denominator, v.flag, v.note, v.confidence, v.span_start, v.span_end
FROM current_reports r
JOIN all_values v ON v.report_id = r.report_id AND v.source_kind = 'extracted'`;

const LIST_SQL = `${FIGURES}
WHERE r.source_kind = 'extracted' AND r.source_format <> 'json'
ORDER BY r.period DESC, r.unit_id, r.report_id, v.span_start, v.indicator`;

const ONE_SQL = `${FIGURES}
WHERE r.report_id = :report_id
ORDER BY v.span_start, v.indicator`;

const LEDGER_SQL = `SELECT report_id, source_kind, source_format FROM reports WHERE report_id = :report_id`;
const TARGET_SQL = `SELECT revision, value_count FROM current_reports
WHERE unit_id = :unit_id AND scope = :scope AND period = :period AND source_kind = 'extracted'`;

const REPORT_ID = /^[0-9a-f]{32}$/;
const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));
const iso = (x: unknown): string => {
  const s = String(x);
  return /^\d{4}-\d{2}-\d{2} \d/.test(s) ? `${s.replace(' ', 'T').replace(/(\.\d+)?$/, (m) => (m || '.000'))}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z') : s;
};

function figureOf(row: Record<string, unknown>): WaitingFigure {
  return {
    indicator: String(row.indicator), value: Number(row.value), numerator: num(row.numerator), denominator: num(row.denominator),
    flag: (row.flag as string | null) ?? null, note: (row.note as string | null) ?? null, confidence: num(row.confidence),
    span_start: num(row.span_start), span_end: num(row.span_end),
  };
}

/** Rows of FIGURES (ordered by report) → one WaitingReport per report. */
function reportsOf(rows: Record<string, unknown>[]): WaitingReport[] {
  const out: WaitingReport[] = [];
  for (const row of rows) {
    let r = out[out.length - 1];
    if (!r || r.report_id !== row.report_id) {
      r = {
        report_id: String(row.report_id), unit_id: String(row.unit_id), scope: row.scope as WaitingReport['scope'], period: String(row.period),
        revision: Number(row.revision), submitted_at: iso(row.submitted_at), source_sha256: String(row.source_sha256), source_file: String(row.source_file), figures: [],
      };
      out.push(r);
    }
    r.figures.push(figureOf(row));
  }
  return out;
}

/** A report of the queue as the page shows it: names, and each figure's change read from its note. */
function listed(r: WaitingReport) {
  const unit = unitById(r.unit_id);
  return {
    ...r,
    unit_name: unit?.full_name ?? r.unit_id,
    figures: r.figures.map((f) => ({ ...f, ...parseChangeNote(f.note) })),
  };
}

export function reviewRoutes(opts: ReviewRoutesOptions): Hono {
  const app = new Hono();
  const who = opts.identify ?? identify;
  const now = opts.now ?? (() => new Date());

  app.get('/api/review', async (c) => {
    const res = await opts.engine.query(LIST_SQL, { maxRows: 20_000 });
    const reports = reportsOf(res.rows);
    return c.json({ reports: reports.slice(0, REVIEW_LIST_MAX_REPORTS).map(listed), total_reports: reports.length, truncated: reports.length > REVIEW_LIST_MAX_REPORTS });
  });

  app.post('/api/review/:report_id', async (c) => {
    const reportId = c.req.param('report_id');
    if (!REPORT_ID.test(reportId)) throw new ApiError(400, 'bad_id', 'Mã báo cáo không hợp lệ.', 'Invalid report id.');
    const reviewer = who(c);
    if (!reviewer) return c.json({ error: { code: 'sign_in_required', message_vi: 'Cần đăng nhập để duyệt số liệu.', message_en: 'Sign in to review figures.' } }, 401);
    let body: Record<string, unknown>;
    try {
      body = await c.req.json();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      throw new ApiError(400, 'bad_json', 'Thân yêu cầu phải là một đối tượng JSON.', 'The request body must be a JSON object.');
    }
    const read = readRequest(body);
    if (!read.request) return c.json({ error: { code: 'bad_review', message_vi: read.problems[0].message_vi, message_en: read.problems[0].message_en, problems: read.problems } }, 422);

    const ledger = (await opts.engine.query(LEDGER_SQL, { params: { report_id: reportId } })).rows[0];
    if (!ledger || ledger.source_kind !== 'extracted') throw new ApiError(404, 'not_found', `Không có báo cáo trích xuất ${reportId}.`, `No extracted report ${reportId}.`);
    const report = reportsOf((await opts.engine.query(ONE_SQL, { params: { report_id: reportId } })).rows)[0];
    if (!report || ledger.source_format === 'json') {
      return c.json({ error: { code: 'not_waiting', message_vi: 'Báo cáo này đã được duyệt hoặc đã có bản mới hơn; hãy tải lại hàng chờ.', message_en: 'This report was already reviewed or has a newer revision; reload the queue.' } }, 409);
    }
    const request = read.request;
    let targetRevision = 0;
    const moved = (request.unit_id ?? report.unit_id) !== report.unit_id || (request.period ?? report.period) !== report.period;
    if (moved) {
      const target = (await opts.engine.query(TARGET_SQL, { params: { unit_id: request.unit_id ?? report.unit_id, scope: report.scope, period: request.period ?? report.period } })).rows[0];
      if (target && Number(target.value_count) > 0) {
        return c.json({ error: { code: 'target_has_figures', message_vi: 'Đơn vị và kỳ đã chọn đã có số liệu trích xuất khác; hãy duyệt báo cáo đó thay vì chuyển số liệu sang.', message_en: 'The chosen unit and period already hold other extracted figures; review that report instead of moving these there.' } }, 409);
      }
      targetRevision = target ? Number(target.revision) : 0;
    }
    const at = now();
    const reviewId = `${at.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${reportId.slice(0, 12)}`;
    const decided = decide({ report, request, reviewer, reviewedAt: at.toISOString(), reviewId, targetRevision });
    if (!decided.document) return c.json({ error: { code: 'bad_review', message_vi: decided.problems[0].message_vi, message_en: decided.problems[0].message_en, problems: decided.problems } }, 422);

    // The ordinary ingest: raw copy, values and ledger, marker; the document is the received file.
    const bytes = new TextEncoder().encode(JSON.stringify(decided.document, null, 1));
    const name = `review-${reviewId}.json`;
    let stored = false;
    if (opts.delivery === 'inbox') await opts.storage.put(inboxKey(name), bytes, { contentType: 'application/json' });
    else {
      const outcome = await ingestFile({ storage: opts.storage, now }, { name, bytes });
      if (outcome.status === 'rejected') {
        return c.json({ error: { code: 'bad_review', message_vi: outcome.problems[0]?.message_vi ?? 'Bản duyệt bị từ chối.', message_en: outcome.problems[0]?.message_en ?? 'The review was rejected.', problems: outcome.problems } }, 422);
      }
      stored = true;
    }
    const record = { ...decided.document.review, source_sha256: sha256Hex(bytes), stored, revisions: decided.document.reports.map((r) => ({ unit_id: r.unit_id, scope: r.scope, period: r.period, revision: r.revision, values: r.values.length })) };
    const recordKey = reviewRecordKey(reportId, reviewId);
    await opts.storage.put(recordKey, JSON.stringify(record, null, 1), { contentType: 'application/json' });
    if (stored) await opts.onWarehouseChanged?.();
    return c.json({ review: record, record_key: recordKey }, stored ? 200 : 202);
  });

  return app;
}
