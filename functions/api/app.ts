/**
 * The query API, one Hono app for both places it runs: the local server of `npm start`
 * (functions/cli/commands/serve.ts) and a Lambda behind an HTTP API (functions/api/lambda.ts).
 * GET catalog, units, calendar, queries; POST a named analysis; POST ad-hoc SQL; notebooks.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import type { Engine } from '../adapters/engine/engine.ts';
import type { Storage } from '../adapters/storage/storage.ts';
import { indicators, workAreas, searchIndicators } from '../core/catalog.ts';
import { searchUnits, units } from '../core/units.ts';
import { calendarDefinition } from '../core/calendar.ts';
import { NAMED_QUERIES, ParamError, analysisSql, estimateSqlFor, namedQuery, prepareParams } from '../queries/registry.ts';
import { ApiError } from './errors.ts';
import { tokenBucket, type RateLimiter } from './rate-limit.ts';
import { memoCheckSql, memoEngineCheck, type SqlCheck } from './sql-policy.ts';
import { engineApiError } from './engine-errors.ts';
import { memoEstimates, type Estimator } from './estimate.ts';
import type { QueryResult } from '../adapters/engine/engine.ts';
import { ResponseCache, answerBody, cachedAnswer } from './response-cache.ts';
import { jsonMembers } from './json-body.ts';
import { rawViewRoutes } from './raw-view.ts';
import { findOriginal } from './raw-original.ts';
import { notebookRoutes } from './notebooks.ts';
import { digestRoutes } from './digest.ts';
import { reviewRoutes } from './review.ts';

export interface AppOptions {
  engine: Engine;
  storage: Storage;
  /** Limits for ad-hoc SQL. */
  maxRows?: number;
  timeoutMs?: number;
  rateLimiter?: RateLimiter;
  estimator?: Estimator;
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Take the client's identity (for rate limiting) from X-Forwarded-For. Only behind a proxy
   * that sets it (CloudFront, API Gateway): otherwise any client could pick its own bucket.
   */
  trustForwardedFor?: boolean;
  /** Serialized answers of a snapshot engine (see response-cache.ts); a fresh one by default. */
  responseCache?: ResponseCache;
  /** After the API itself wrote to the warehouse (a review): the local engine opens the new snapshot. */
  onWarehouseChanged?: () => Promise<void>;
  /** Reviews of extracted figures: ingested here (local) or put in raw/inbox/ (AWS); see review.ts. */
  reviewDelivery?: 'ingest' | 'inbox';
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Whom a request is counted against. In AWS, the signed-in analyst: the HTTP API's JWT authorizer
 * has checked the token and passes its claims; behind CloudFront the source address is an edge
 * node, shared by many analysts and changing for one. Locally, the socket's address.
 */
function clientOf(c: Context, trustForwardedFor: boolean): string {
  const env = c.env as {
    incoming?: { socket?: { remoteAddress?: string } };
    requestContext?: { http?: { sourceIp?: string }; authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  } | undefined;
  const sub = env?.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub === 'string' && sub !== '') return `sub:${sub}`;
  if (trustForwardedFor) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0].trim();
    if (fwd) return fwd;
  }
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** A GET's query string as a query body: each parameter once (a repeated one is refused). */
function queryStringBody(q: Record<string, string[]>): Record<string, unknown> {
  const params: Record<string, string> = {};
  let estimateOnly = false;
  for (const [k, vs] of Object.entries(q)) {
    if (vs.length !== 1) throw new ApiError(400, 'repeated_param', `Tham số "${k}" lặp lại.`, `Parameter "${k}" is repeated.`);
    if (k === 'estimate_only') estimateOnly = vs[0] === 'true';
    else params[k] = vs[0]!;
  }
  return { params, ...(estimateOnly ? { estimate_only: true } : {}) };
}

async function body(c: Context): Promise<Record<string, unknown>> {
  try {
    const b = await c.req.json();
    if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new Error('not an object');
    return b as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'bad_json', 'Thân yêu cầu phải là một đối tượng JSON.', 'The request body must be a JSON object.');
  }
}

/** What a cached answer reports as statistics: the same as the engine's own result cache. */
function cachedStats(stats: QueryResult['stats']): QueryResult['stats'] {
  return stats ? { ...stats, executionMs: 0, cached: true } : undefined;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Most bytes of a request body: ad-hoc SQL is capped at 20,000 characters, a notebook at 1 MB. */
export const MAX_BODY_BYTES = { default: 64 * 1024, notebook: 1_100_000 } as const;

const tooLarge = (max: number) => () => {
  throw new ApiError(413, 'too_large', `Thân yêu cầu quá lớn (tối đa ${max.toLocaleString('vi-VN')} byte).`, `The request body is too large (${max.toLocaleString('en-US')} bytes at most).`);
};

/** What an answer sent from the response cache costs in rate-limit tokens (see rate-limit.ts). */
export const CACHED_ANSWER_TOKENS = 0.1;

export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  const limiter = opts.rateLimiter ?? tokenBucket(120, 60);
  const maxRows = opts.maxRows ?? 10_000;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const log = opts.log ?? ((e) => process.stdout.write(JSON.stringify(e) + '\n'));
  const estimate = opts.estimator ? memoEstimates(opts.estimator) : undefined;
  const responses = opts.responseCache ?? new ResponseCache();
  const checkSql = memoCheckSql();
  const engineCheck = memoEngineCheck(opts.engine);
  /** The cache key of an answer, or undefined when the engine's data may change under it. */
  const answerKey = (kind: string, text: string): string | undefined =>
    opts.engine.snapshot === undefined ? undefined : `${opts.engine.snapshot}\0${kind}\0${text}`;

  // The client each request was counted against, for a refund when its answer was cheap (keyed
  // on the context: the body limit may replace the Request object).
  const clients = new WeakMap<Context, string>();
  // The analyst's SQL of each ad-hoc request, to place an engine error in it.
  const sqlOf = new WeakMap<Context, string>();
  const cheap = (c: Context) => {
    const client = clients.get(c);
    if (client !== undefined) limiter.refund?.(client, 1 - CACHED_ANSWER_TOKENS);
  };

  app.use('/api/*', async (c, next) => {
    const started = performance.now();
    const client = clientOf(c, opts.trustForwardedFor ?? false);
    clients.set(c, client);
    if (!limiter.take(client)) {
      throw new ApiError(429, 'rate_limited', 'Quá nhiều yêu cầu; vui lòng thử lại sau giây lát.', 'Too many requests; please retry shortly.');
    }
    // A body must say it is JSON: a form or text/plain POST is a "simple" request that another
    // site's page can send without a preflight (CSRF); application/json cannot be sent that way.
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        throw new ApiError(415, 'json_required', 'Yêu cầu phải gửi JSON (Content-Type: application/json).', 'The request must send JSON (Content-Type: application/json).');
      }
    }
    await next();
    log({ level: 'info', msg: 'request', method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), client });
  });

  // Bodies are counted while they stream in (or refused on their Content-Length): nothing larger
  // than the limit is ever held. Notebooks get more room than queries.
  const notebookLimit = bodyLimit({ maxSize: MAX_BODY_BYTES.notebook, onError: tooLarge(MAX_BODY_BYTES.notebook) });
  const defaultLimit = bodyLimit({ maxSize: MAX_BODY_BYTES.default, onError: tooLarge(MAX_BODY_BYTES.default) });
  app.use('/api/*', (c, next) =>
    (c.req.path === '/api/notebooks' || c.req.path.startsWith('/api/notebooks/') ? notebookLimit : defaultLimit)(c, next));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
    if (err instanceof ParamError) return c.json(new ApiError(422, 'bad_params', err.message_vi, err.message_en).toJSON(), 422);
    const msg = (err as Error).message ?? String(err);
    const timeout = /timed out|quá thời gian|vượt quá thời gian/.test(msg);
    // The engine's own words (English, with internals) go to the log, under an incident id the
    // analyst can quote; the answer carries a code and a message in both languages.
    const incident = crypto.randomUUID().slice(0, 8);
    const mapped = timeout ? undefined : engineApiError(err, sqlOf.get(c));
    log({ level: mapped ? 'info' : 'error', msg: 'request_failed', path: c.req.path, error: msg, incident, code: mapped?.code });
    const e = timeout
      ? new ApiError(408, 'timeout', `Truy vấn quá thời gian (${timeoutMs} ms).`, `The query timed out (${timeoutMs} ms).`)
      : (mapped ?? new ApiError(500, 'query_failed', `Truy vấn lỗi do máy chủ (mã sự cố ${incident}); vui lòng thử lại hoặc báo mã này cho quản trị.`, `The query failed on the server (incident ${incident}); please retry or report this id.`));
    return c.json(e.toJSON(), e.status);
  });

  // Whether the warehouse holds synthetic data, asked once (the explorer labels the screen).
  let synthetic: Promise<boolean> | undefined;
  app.get('/api/health', async (c) => {
    synthetic ??= opts.engine
      .query('SELECT CAST(count(*) AS INTEGER) AS n, bool_or(synthetic) AS synthetic FROM reports')
      .then((r) => r.rows[0]?.synthetic === true)
      .catch(() => false);
    return c.json({ ok: true, engine: opts.engine.name, warehouse: opts.storage.location, synthetic: await synthetic });
  });

  // The original file of a report, as received (kept under raw/, see raw-original.ts): provenance.
  app.get('/api/raw/:sha', async (c) => {
    const sha = c.req.param('sha');
    if (!SHA256.test(sha)) throw new ApiError(400, 'bad_id', 'Mã tệp (sha256) không hợp lệ.', 'Invalid file id (sha256).');
    const found = await findOriginal(opts.storage, opts.engine, sha);
    const bytes = await found?.read();
    if (found && bytes) {
      const name = found.name;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream',
        'content-disposition': `attachment; filename="${name}"`,
        'x-content-type-options': 'nosniff',
      });
    }
    throw new ApiError(404, 'not_found', `Không có tệp gốc ${sha}.`, `No original file ${sha}.`);
  });

  app.get('/api/catalog', (c) => {
    const q = c.req.query('q');
    return c.json({ work_areas: workAreas(), indicators: q ? searchIndicators(q).map((m) => m.indicator) : indicators() });
  });

  app.get('/api/units', (c) => {
    const q = c.req.query('q');
    const level = c.req.query('level');
    const era = c.req.query('era');
    let list = q ? searchUnits(q, { limit: 50 }).map((m) => m.unit) : [...units()];
    if (level) list = list.filter((u) => u.level === level);
    if (era) list = list.filter((u) => u.era === era);
    return c.json({ units: list });
  });

  app.get('/api/calendar', (c) => c.json(calendarDefinition()));

  app.get('/api/queries', (c) =>
    c.json({ queries: NAMED_QUERIES }),
  );

  // A named analysis: { query, params, columns, rows, stats, estimate }. On a snapshot engine
  // the columns and rows are kept serialized (response-cache.ts) and the rest spliced around
  // them, byte for byte what c.json would send.
  // POST with { params, estimate_only? }, or GET with the parameters in the query string
  // (`?indicator=…&period=…&as_of=…`; estimate_only=true likewise), the same answer.
  const runQuery = async (c: Context) => {
    const name = c.req.param('name') ?? '';
    const q = namedQuery(name);
    if (!q) throw new ApiError(404, 'unknown_query', `Không có phân tích "${name}".`, `No analysis named "${name}".`);
    const b = c.req.method === 'GET' ? queryStringBody(c.req.queries()) : await body(c);
    const params = prepareParams(q, (b.params ?? {}) as Record<string, unknown>);
    // with as_of, the analysis composed over the revisions known then (core/as-of/compose.ts)
    const sql = analysisSql(q.name, params, opts.engine.name);
    const paramsJson = JSON.stringify(params);
    const est = estimate ? await estimate(estimateSqlFor(q.name, params), params, paramsJson) : undefined;
    if (b.estimate_only) return c.json({ estimate: est });
    const key = answerKey('query', `${q.name}\0${paramsJson}`);
    const hit = key === undefined ? undefined : responses.get(key);
    if (hit) {
      cheap(c);
      return c.body(answerBody(hit, jsonMembers({ stats: hit.stats, estimate: est })), 200, JSON_TYPE);
    }
    const result = await opts.engine.query(sql, { params, timeoutMs, signal: c.req.raw.signal });
    if (key === undefined) return c.json({ query: q.name, params, ...result, estimate: est });
    // The same members as c.json({ query, params, ...result, estimate }), in the same order.
    const head = `"query":${JSON.stringify(q.name)},"params":${paramsJson}`;
    const entry = cachedAnswer(head, jsonMembers({ columns: result.columns, rows: result.rows }), jsonMembers({ stats: result.stats, estimate: est }), { stats: cachedStats(result.stats) });
    responses.set(key, entry);
    return c.body(entry.body, 200, JSON_TYPE);
  };
  app.post('/api/query/:name', runQuery);
  app.get('/api/query/:name', runQuery);

  app.post('/api/sql', async (c) => {
    const b = await body(c);
    if (typeof b.sql !== 'string' || !b.sql.trim()) throw new ApiError(400, 'missing_sql', 'Thiếu câu lệnh SQL ("sql").', 'Missing the SQL statement ("sql").');
    const limit = Math.max(1, Math.min(Number(b.max_rows ?? maxRows) || maxRows, maxRows));
    sqlOf.set(c, b.sql);
    const check: SqlCheck = checkSql(b.sql, limit);
    if (!check.ok) throw new ApiError(422, check.code, check.message_vi, check.message_en);
    // The engine's own parse of what it will run (limit included) must agree with the guard.
    const second = await engineCheck(check.sql, limit + 1);
    if (second && !second.ok) throw new ApiError(422, second.code, second.message_vi, second.message_en);
    const est = estimate ? await estimate(check.sql, {}) : undefined;
    if (b.estimate_only) return c.json({ estimate: est });
    // The engine enforces the cap (plus one row, to tell a cut); the limit cuts the answer.
    const key = answerKey('sql', `${limit}\0${check.sql}`);
    const hit = key === undefined ? undefined : responses.get(key);
    if (hit) {
      cheap(c);
      return c.body(answerBody(hit, jsonMembers({ stats: hit.stats, truncated: hit.truncated, estimate: est })), 200, JSON_TYPE);
    }
    const result = await opts.engine.query(check.sql, { timeoutMs, signal: c.req.raw.signal, maxRows: limit + 1 });
    const truncated = result.rows.length > limit;
    const rows = truncated ? result.rows.slice(0, limit) : result.rows;
    if (key === undefined) return c.json({ ...result, rows, truncated, estimate: est });
    const entry = cachedAnswer('', jsonMembers({ columns: result.columns, rows }), jsonMembers({ stats: result.stats, truncated, estimate: est }), { stats: cachedStats(result.stats), truncated });
    responses.set(key, entry);
    return c.body(entry.body, 200, JSON_TYPE);
  });

  app.route('/', notebookRoutes({ storage: opts.storage }));
  app.route('/', rawViewRoutes(opts.storage, opts.engine));
  app.route('/', digestRoutes(opts.storage));
  app.route('/', reviewRoutes({ storage: opts.storage, engine: opts.engine, onWarehouseChanged: opts.onWarehouseChanged, delivery: opts.reviewDelivery }));

  app.all('/api/*', () => {
    throw new ApiError(404, 'not_found', 'Không có địa chỉ API này.', 'No such API route.');
  });

  return app;
}
