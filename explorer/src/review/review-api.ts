/** The review queue's API calls (functions/api/review.ts), through the explorer's API client. */
import { apiFetch, ApiError, getJSON } from '../data/api.ts';

export interface Change {
  direction: 'up' | 'down';
  value: number;
  unit: 'percent' | 'percentage_point' | 'count';
}

export interface QueueFigure {
  indicator: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  flag: string | null;
  phrase: string;
  change: Change | null;
  confidence: number | null;
  span_start: number | null;
  span_end: number | null;
}

export interface QueueReport {
  report_id: string;
  unit_id: string;
  unit_name: string;
  scope: string;
  period: string;
  revision: number;
  source_sha256: string;
  source_file: string;
  figures: QueueFigure[];
}

export interface Decision {
  indicator: string;
  action: 'accept' | 'correct' | 'reject';
  new_indicator?: string;
  value?: number;
  change?: Change | null;
}

export function loadQueue(): Promise<{ reports: QueueReport[]; total_reports: number; truncated: boolean }> {
  return getJSON('/api/review');
}

export async function loadArticle(sha: string): Promise<string> {
  const v = await getJSON<{ kind: string; text?: string }>(`/api/raw/${sha}/view`);
  return v.text ?? '';
}

export interface SavedReview {
  reviewer: string;
  /** false: queued for the ingest (AWS), not stored yet. */
  stored: boolean;
  to: { unit_id: string; period: string; revision: number };
}

export async function submitReview(reportId: string, body: { decisions: Decision[]; period?: string; unit_id?: string }): Promise<SavedReview> {
  const res = await apiFetch(`/api/review/${reportId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { review?: SavedReview; error?: { code?: string; message_vi?: string; message_en?: string } };
  if (!res.ok || !json.review) {
    const e = json.error ?? {};
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message_vi ?? `Máy chủ trả lời ${res.status}.`, e.message_en ?? `The server answered ${res.status}.`);
  }
  return json.review;
}
