/**
 * The query API client. Every request goes to this page's own origin (`/api/*`, `/data/*`), so
 * the explorer works offline from the server that serves it; in AWS `/api/*` carries the
 * analyst's Cognito access token (`/data/*` is static and needs none). Errors keep the server's
 * bilingual message; a named analysis the server does not have yet becomes a readable message in
 * its cell.
 */
import { fromArrow, fromCSV, table as aqTable, type ColumnTable } from 'arquero';
import type { Frame } from './frame.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message_vi: string,
    readonly message_en: string,
  ) {
    super(`${message_vi} / ${message_en}`);
  }
}

export interface QueryResponse {
  columns: Array<string | { name: string; type?: string }>;
  rows: Array<unknown[] | Record<string, unknown>>;
  stats?: Record<string, unknown>;
  estimate?: Estimate;
}

export interface Estimate {
  bytes_scanned?: number;
  bytes?: number;
  cost_usd?: number;
  [k: string]: unknown;
}

let apiBase = '';
/** Where the API lives; the default is this origin. */
export function setApiBase(base: string): void {
  apiBase = base.replace(/\/$/, '');
}

/** How /api/* requests carry the analyst's token in AWS (explorer/src/auth/); unset locally. */
export interface ApiAuth {
  /** The access token for the next request; undefined once the session is over. */
  token(): Promise<string | undefined>;
  /** After a 401 for `rejected`: a token worth one retry, or undefined when the 401 stands. */
  retryToken(rejected: string | undefined): Promise<string | undefined>;
}

let auth: ApiAuth | undefined;
export function setApiAuth(a: ApiAuth | undefined): void {
  auth = a;
}

/** fetch for this origin; /api/* requests carry `Authorization: Bearer` when signed in, retried once after a 401. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  if (!auth || !path.startsWith('/api/')) return fetch(apiBase + path, init);
  const send = (token: string | undefined): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(apiBase + path, { ...init, headers });
  };
  const first = await auth.token();
  const res = await send(first);
  if (res.status !== 401) return res;
  const again = await auth.retryToken(first);
  return again ? send(again) : res;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message_vi?: string; message_en?: string } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: fall through to the status line
  }
  const e = body.error ?? {};
  return new ApiError(
    res.status,
    e.code ?? `http_${res.status}`,
    e.message_vi ?? `Máy chủ trả lời ${res.status} ${res.statusText}.`,
    e.message_en ?? `The server answered ${res.status} ${res.statusText}.`,
  );
}

export async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(path, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

async function postJSON(path: string, body: unknown, signal?: AbortSignal): Promise<{ json: QueryResponse; bytes: number }> {
  const res = await apiFetch(path, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await errorOf(res);
  const text = await res.text();
  return { json: JSON.parse(text) as QueryResponse, bytes: text.length };
}

/** Column-oriented Arquero table from the API's row shape (arrays or objects). */
export function toTable(r: Pick<QueryResponse, 'columns' | 'rows'>): ColumnTable {
  const names = (r.columns ?? []).map((c) => (typeof c === 'string' ? c : c.name));
  const rows = r.rows ?? [];
  if (names.length === 0 && rows.length > 0 && !Array.isArray(rows[0])) names.push(...Object.keys(rows[0]));
  const cols: Record<string, unknown[]> = {};
  names.forEach((n, j) => {
    const col = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      col[i] = Array.isArray(row) ? row[j] : (row as Record<string, unknown>)[n];
    }
    cols[n] = col;
  });
  return aqTable(cols);
}

export function isSynthetic(t: ColumnTable): boolean {
  if (!t.columnNames().includes('synthetic')) return false;
  const col = t.getter('synthetic');
  for (let i = 0; i < t.numRows(); i++) if (col(i) === true || col(i) === 1 || col(i) === 'true') return true;
  return false;
}

// Analyses answered once are kept: going back to an indicator already seen costs no request.
const cache = new Map<string, Promise<Frame>>();
const CACHE_LIMIT = 64;

export function runAnalysis(name: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Frame> {
  const key = name + '\u0000' + JSON.stringify(params);
  const hit = cache.get(key);
  if (hit) return hit;
  const p = postJSON(`/api/query/${encodeURIComponent(name)}`, { params }, signal)
    .then(({ json, bytes }): Frame => {
      const table = toTable(json);
      return { table, synthetic: isSynthetic(table), source: `analysis ${name}`, bytes, stats: json.stats };
    })
    .catch((e: unknown) => {
      cache.delete(key);
      if (e instanceof ApiError && e.status === 404) {
        throw new ApiError(404, 'unavailable_analysis',
          `Phân tích "${name}" chưa có trên máy chủ này (${e.message_vi}); ô này sẽ chạy khi có.`,
          `Analysis "${name}" is not available on this server yet (${e.message_en}); this cell will work once it is.`);
      }
      throw e;
    });
  cache.set(key, p);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return p;
}

export async function estimateSql(sql: string, maxRows: number | undefined, signal?: AbortSignal): Promise<Estimate> {
  const { json } = await postJSON('/api/sql', { sql, estimate_only: true, ...(maxRows ? { max_rows: maxRows } : {}) }, signal);
  return json.estimate ?? {};
}

export async function runSql(sql: string, maxRows: number | undefined, signal?: AbortSignal): Promise<Frame> {
  const { json, bytes } = await postJSON('/api/sql', { sql, ...(maxRows ? { max_rows: maxRows } : {}) }, signal);
  const table = toTable(json);
  return { table, synthetic: isSynthetic(table), source: 'SQL', bytes, stats: json.stats };
}

export interface ManifestEntry {
  name: string;
  path: string;
  format?: string;
  bytes?: number;
  rows?: number;
}

let manifestP: Promise<{ synthetic?: boolean; extracts: ManifestEntry[] } | undefined> | undefined;

/** /data/manifest.json, or undefined when the warehouse has no extracts yet. */
export function loadManifest(): Promise<{ synthetic?: boolean; extracts: ManifestEntry[] } | undefined> {
  manifestP ??= fetch(`${apiBase}/data/manifest.json`, { headers: { accept: 'application/json' } })
    .then(async (res) => (res.ok ? ((await res.json()) as { synthetic?: boolean; extracts: ManifestEntry[] }) : undefined))
    .catch(() => undefined);
  return manifestP;
}

const extractCache = new Map<string, Promise<Frame>>();

/** A published extract by its manifest name; undefined when there is no such extract. */
export async function loadExtractByName(name: string, signal?: AbortSignal): Promise<Frame | undefined> {
  const manifest = await loadManifest();
  const entry = manifest?.extracts.find((e) => e.name === name);
  if (!entry) return undefined;
  const frame = await loadExtract(entry.path, entry.format === 'arrow' || entry.path.endsWith('.arrow') ? 'arrow' : undefined, signal);
  return manifest?.synthetic ? { ...frame, synthetic: true } : frame;
}

/** A published extract under /data/: Arrow IPC, JSON rows or CSV. Kept once loaded (files are immutable). */
export function loadExtract(path: string, format: 'arrow' | 'json' | 'csv' | undefined, signal?: AbortSignal): Promise<Frame> {
  const hit = extractCache.get(path);
  if (hit) return hit;
  const p = fetchExtract(path, format, signal).catch((e: unknown) => {
    extractCache.delete(path);
    throw e;
  });
  extractCache.set(path, p);
  return p;
}

async function fetchExtract(path: string, format: 'arrow' | 'json' | 'csv' | undefined, signal?: AbortSignal): Promise<Frame> {
  if (/(^|\/)\.\.(\/|$)/.test(path) || /^[a-z]+:/i.test(path) || path.startsWith('//')) {
    throw new ApiError(400, 'bad_path', 'Đường dẫn tệp trích xuất không hợp lệ.', 'Invalid extract path.');
  }
  const res = await fetch(`${apiBase}/data/${path.replace(/^\/+/, '')}`, { signal });
  if (!res.ok) throw await errorOf(res);
  const fmt = format ?? (path.endsWith('.arrow') ? 'arrow' : path.endsWith('.csv') ? 'csv' : 'json');
  let table: ColumnTable;
  let bytes: number;
  if (fmt === 'arrow') {
    const buf = new Uint8Array(await res.arrayBuffer());
    bytes = buf.byteLength;
    table = fromArrow(buf);
  } else if (fmt === 'csv') {
    const text = await res.text();
    bytes = text.length;
    table = fromCSV(text);
  } else {
    const text = await res.text();
    bytes = text.length;
    const json = JSON.parse(text) as QueryResponse | Record<string, unknown>[];
    table = Array.isArray(json) ? toTable({ columns: [], rows: json }) : toTable(json);
  }
  return { table, synthetic: isSynthetic(table), source: `extract ${path}`, bytes };
}
