/**
 * The Athena implementation of the Engine interface (the engine in AWS; DuckDB runs the same SQL
 * locally).
 *
 * One query is: StartQueryExecution in the configured workgroup → poll GetQueryExecution with
 * exponential backoff until a final state → page through GetQueryResults → convert each value by
 * its ColumnInfo type. Throttling (`ThrottlingException`, `TooManyRequestsException`) is retried
 * with backoff on every call; a timeout or an abort signal stops the query on Athena's side
 * (StopQueryExecution) so nothing keeps scanning — and billing — after the caller gave up.
 *
 * Parameters. Query files use `:name`; `bindNamed` turns them into positional `?` and Athena's
 * ExecutionParameters fill them in order. Each execution parameter is a *string holding a SQL
 * literal* (Athena splices the literal's text where the `?` stands, it does not type the value),
 * so values are formatted here, never the SQL:
 *   string  → 'text' with every ' doubled (Trino has no backslash escapes, so that is complete)
 *   number  → its decimal text (finite only); bigint → digits
 *   boolean → true / false;  null / undefined → NULL
 *   Date    → TIMESTAMP 'YYYY-MM-DD HH:MM:SS.mmm' (UTC)
 * Anything else (arrays, objects, NaN) is refused: there is no literal we could vouch for.
 * Athena limits each parameter to 1024 characters; longer values are refused here with a clear
 * message rather than by the service.
 *
 * Values come back as text (Datum.VarCharValue; NULL is a Datum without VarCharValue) and are
 * converted by type: integers and floating types → number (bigint outside ±2^53 stays a string
 * so no digit is lost), decimal → number, boolean → boolean, date/timestamp/time → the text
 * Athena gives ('2024-03-01', '2024-03-01 08:00:00.000') because JSON has no date type and the
 * DuckDB engine returns the same shapes, varchar/char/json and array/map/row → the text as is.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type GetQueryExecutionCommandOutput,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { renderFor } from '../../core/sql/dialect.ts';
import { bindNamed } from '../../core/named-params.ts';
import type { Column, Engine, QueryOptions, QueryResult } from './engine.ts';

export interface Backoff {
  /** First wait, in ms. */
  initialMs: number;
  /** Upper bound of any single wait, in ms. */
  maxMs: number;
  /** Growth per step. */
  factor: number;
}

export interface AthenaEngineOptions {
  /** An Athena client; tests pass one mocked by aws-sdk-client-mock. Default: new AthenaClient({ region }). */
  client?: AthenaClient;
  region?: string;
  /** The workgroup carries the output location, encryption and the per-query scan limit. */
  workGroup: string;
  database?: string;
  catalog?: string;
  /** Only when the workgroup does not enforce its own output location. */
  outputLocation?: string;
  /** Reuse a previous identical query's result up to this age (minutes, 1..10080); 0/undefined: off. */
  resultReuseMaxAgeMinutes?: number;
  /** Default time limit per query when QueryOptions.timeoutMs is not given. */
  timeoutMs?: number;
  /** Waits between GetQueryExecution polls. */
  poll?: Partial<Backoff>;
  /** Throttled calls: attempts in total and waits between them. */
  retry?: Partial<Backoff> & { attempts?: number };
  /** GetQueryResults page size (Athena allows at most 1000). */
  pageSize?: number;
  /** Injectable for tests: wait ms (resolving early is fine when the signal aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests: current time in ms. */
  now?: () => number;
}

/** Defaults as data: polls start fast (most analyses on partitioned Parquet finish in seconds). */
const DEFAULTS = {
  timeoutMs: 5 * 60_000,
  poll: { initialMs: 200, maxMs: 5_000, factor: 1.6 },
  retry: { attempts: 6, initialMs: 250, maxMs: 8_000, factor: 2 },
  pageSize: 1000,
};

const MAX_PARAMETER_LENGTH = 1024;
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException']);

/** A failed query, with a stable code and the message in Vietnamese and English. */
export class AthenaQueryError extends Error {
  readonly code: string;
  readonly message_vi: string;
  readonly message_en: string;
  readonly queryId?: string;
  /** Athena's own words (StateChangeReason / AthenaError.ErrorMessage) when it gave any. */
  readonly reason?: string;

  constructor(code: string, vi: string, en: string, extra: { queryId?: string; reason?: string; cause?: unknown } = {}) {
    super(`${vi} / ${en}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AthenaQueryError';
    this.code = code;
    this.message_vi = vi;
    this.message_en = en;
    this.queryId = extra.queryId;
    this.reason = extra.reason;
  }
}

/** The SQL literal text Athena should splice for one parameter value (see the header comment). */
export function toExecutionParameter(value: unknown, name = '?'): string {
  let text: string;
  if (value === null || value === undefined) text = 'NULL';
  else if (typeof value === 'string') text = `'${value.replaceAll("'", "''")}'`;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw paramError(name, 'không phải số hữu hạn', 'is not a finite number');
    text = String(value);
  } else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw paramError(name, 'là ngày không hợp lệ', 'is an invalid date');
    text = `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  } else throw paramError(name, 'có kiểu không hỗ trợ (mảng/đối tượng)', 'has an unsupported type (array/object)');
  if (text.length > MAX_PARAMETER_LENGTH) {
    throw paramError(name, `dài quá ${MAX_PARAMETER_LENGTH} ký tự`, `is longer than ${MAX_PARAMETER_LENGTH} characters`);
  }
  return text;
}

function paramError(name: string, vi: string, en: string): AthenaQueryError {
  return new AthenaQueryError('bad_parameter', `Tham số :${name} ${vi}`, `Parameter :${name} ${en}`);
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int']);
const FLOAT_TYPES = new Set(['double', 'float', 'real']);

/** Convert one result cell from Athena's text to a JS value by the column's type. */
export function convertValue(datum: { VarCharValue?: string } | undefined, info: Pick<ColumnInfo, 'Type'>): unknown {
  const text = datum?.VarCharValue;
  if (text === undefined) return null; // Athena's NULL: a Datum with no VarCharValue
  const type = (info.Type ?? 'varchar').toLowerCase();
  if (INTEGER_TYPES.has(type)) return Number.parseInt(text, 10);
  if (type === 'bigint') {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(type) || type === 'decimal') {
    if (text === 'NaN') return Number.NaN;
    if (text === 'Infinity') return Number.POSITIVE_INFINITY;
    if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
    return Number(text);
  }
  if (type === 'boolean') return text === 'true';
  // varchar, char, date, timestamp, time, json, varbinary, array, map, row, interval…: text as is.
  return text;
}

/** The column type as the rest of the system sees it: Athena's name, with precision for decimals. */
function columnType(info: ColumnInfo): string {
  const type = (info.Type ?? 'varchar').toLowerCase();
  if (type === 'decimal' && info.Precision !== undefined) return `decimal(${info.Precision},${info.Scale ?? 0})`;
  return type;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function isThrottling(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: { throttling?: boolean } } | undefined;
  return !!e && (THROTTLING.has(e.name ?? '') || e.$retryable?.throttling === true);
}

export class AthenaEngine implements Engine {
  readonly name = 'athena' as const;
  private readonly client: AthenaClient;
  private readonly ownsClient: boolean;
  private readonly options: AthenaEngineOptions;
  private readonly poll: Backoff;
  private readonly retry: Backoff & { attempts: number };
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(options: AthenaEngineOptions) {
    this.options = options;
    this.ownsClient = !options.client;
    this.client = options.client ?? new AthenaClient(options.region ? { region: options.region } : {});
    this.poll = { ...DEFAULTS.poll, ...options.poll };
    this.retry = { ...DEFAULTS.retry, ...options.retry };
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULTS.timeoutMs;
    const started = this.now();
    const deadline = started + timeoutMs;
    throwIfAborted(signal);

    // The query files are Athena SQL already; renderFor keeps the one place where a rule would go.
    const bound = bindNamed(renderFor('athena', sql), options.params ?? {});
    const parameters = bound.values.map((v, i) => toExecutionParameter(v, bound.names[i]));
    const input = this.startInput(bound.sql, parameters);
    const start = await this.call(() => this.client.send(new StartQueryExecutionCommand(input)), signal, deadline);
    const queryId = start.QueryExecutionId;
    if (!queryId) throw new AthenaQueryError('athena_error', 'Athena không trả về mã truy vấn', 'Athena returned no query execution id');

    try {
      const execution = await this.waitForCompletion(queryId, signal, deadline, timeoutMs);
      const { columns, rows } = await this.readResults(queryId, options.maxRows, signal, deadline, timeoutMs);
      const stats = execution.QueryExecution?.Statistics;
      return {
        columns,
        rows,
        stats: {
          engine: 'athena',
          queryId,
          bytesScanned: stats?.DataScannedInBytes,
          executionMs: stats?.EngineExecutionTimeInMillis ?? this.now() - started,
        },
      };
    } catch (error) {
      // Whatever stopped us (timeout, abort, throttling that outlasted the retries), do not leave
      // the query running — and billing — on Athena. FAILED/CANCELLED are already final.
      const final = error instanceof AthenaQueryError && (error.code === 'athena_failed' || error.code === 'athena_cancelled');
      if (!final) await this.stop(queryId);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private startInput(queryString: string, parameters: string[]): StartQueryExecutionCommandInput {
    const o = this.options;
    const input: StartQueryExecutionCommandInput = { QueryString: queryString, WorkGroup: o.workGroup };
    if (o.database || o.catalog) {
      input.QueryExecutionContext = {
        ...(o.database ? { Database: o.database } : {}),
        ...(o.catalog ? { Catalog: o.catalog } : {}),
      };
    }
    if (o.outputLocation) input.ResultConfiguration = { OutputLocation: o.outputLocation };
    // Athena rejects an empty ExecutionParameters list (minimum one item): omit it instead.
    if (parameters.length > 0) input.ExecutionParameters = parameters;
    if (o.resultReuseMaxAgeMinutes && o.resultReuseMaxAgeMinutes > 0) {
      input.ResultReuseConfiguration = {
        ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: Math.min(10080, Math.round(o.resultReuseMaxAgeMinutes)) },
      };
    }
    return input;
  }

  private async waitForCompletion(
    queryId: string,
    signal: AbortSignal | undefined,
    deadline: number,
    timeoutMs: number,
  ): Promise<GetQueryExecutionCommandOutput> {
    let wait = this.poll.initialMs;
    for (;;) {
      const out = await this.call(() => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })), signal, deadline, queryId);
      const status = out.QueryExecution?.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return out;
        case 'FAILED': {
          const reason = status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'không rõ / unknown';
          throw new AthenaQueryError('athena_failed', `Truy vấn Athena thất bại: ${reason}`, `Athena query failed: ${reason}`, { queryId, reason });
        }
        case 'CANCELLED': {
          const reason = status.StateChangeReason ?? status.AthenaError?.ErrorMessage;
          const tail = reason ? `: ${reason}` : '';
          throw new AthenaQueryError('athena_cancelled', `Truy vấn Athena đã bị hủy${tail}`, `Athena query was cancelled${tail}`, { queryId, reason });
        }
        default: // QUEUED, RUNNING
          break;
      }
      const left = deadline - this.now();
      if (left <= 0) throw timeoutError(timeoutMs, queryId);
      await this.sleep(Math.min(wait, left), signal);
      throwIfAborted(signal, queryId);
      wait = Math.min(this.poll.maxMs, wait * this.poll.factor);
    }
  }

  private async readResults(
    queryId: string,
    maxRows: number | undefined,
    signal: AbortSignal | undefined,
    deadline: number,
    timeoutMs: number,
  ): Promise<{ columns: Column[]; rows: Record<string, unknown>[] }> {
    const pageSize = Math.min(1000, this.options.pageSize ?? DEFAULTS.pageSize);
    const limit = maxRows ?? Number.POSITIVE_INFINITY;
    let infos: ColumnInfo[] | undefined;
    let columns: Column[] = [];
    const rows: Record<string, unknown>[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      if (this.now() > deadline) throw timeoutError(timeoutMs, queryId);
      const page = await this.call(
        // Never ask for more than the cap still allows (plus the header row on the first page).
        () => this.client.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: nextToken, MaxResults: Math.max(1, Math.min(pageSize, limit - rows.length + (first ? 1 : 0))) })),
        signal,
        deadline,
        queryId,
      );
      if (!infos) {
        infos = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
        columns = infos.map((c, i) => ({ name: c.Name ?? c.Label ?? `_col${i}`, type: columnType(c) }));
      }
      const data = page.ResultSet?.Rows ?? [];
      // For SELECT, the first row of the first page repeats the column names: not data.
      for (let r = first ? 1 : 0; r < data.length && rows.length < limit; r++) {
        const cells = data[r]!.Data ?? [];
        const row: Record<string, unknown> = {};
        columns.forEach((c, i) => (row[c.name] = convertValue(cells[i], infos![i]!)));
        rows.push(row);
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken && rows.length < limit);
    return { columns, rows };
  }

  /** One API call, retried with backoff while Athena throttles us; aborts and deadlines win. */
  private async call<T>(send: () => Promise<T>, signal: AbortSignal | undefined, deadline: number, queryId?: string): Promise<T> {
    let wait = this.retry.initialMs;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, queryId);
      try {
        return await send();
      } catch (error) {
        if (!isThrottling(error)) throw wrapSdkError(error, queryId);
        if (attempt >= this.retry.attempts) {
          throw new AthenaQueryError(
            'throttled',
            `Athena đang quá tải (đã thử ${attempt} lần), vui lòng thử lại sau`,
            `Athena is throttling requests (tried ${attempt} times), please retry later`,
            { queryId, cause: error },
          );
        }
        const left = deadline - this.now();
        if (left <= 0) throw timeoutError(undefined, queryId);
        await this.sleep(Math.min(wait, left), signal);
        wait = Math.min(this.retry.maxMs, wait * this.retry.factor);
      }
    }
  }

  private async stop(queryId: string): Promise<void> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }));
    } catch {
      // Best effort: the query may have finished meanwhile; the caller's error is what matters.
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined, queryId?: string): void {
  if (signal?.aborted) {
    throw new AthenaQueryError('aborted', 'Truy vấn đã bị hủy theo yêu cầu', 'The query was aborted on request', { queryId });
  }
}

function timeoutError(timeoutMs: number | undefined, queryId?: string): AthenaQueryError {
  const s = timeoutMs === undefined ? '' : ` (${Math.round(timeoutMs / 1000)} s)`;
  return new AthenaQueryError('timeout', `Truy vấn vượt quá thời gian cho phép${s} và đã bị dừng`, `The query exceeded its time limit${s} and was stopped`, { queryId });
}

function wrapSdkError(error: unknown, queryId?: string): unknown {
  if (error instanceof AthenaQueryError) return error;
  const e = error as { name?: string; message?: string; AthenaErrorCode?: string };
  if (e?.name === 'InvalidRequestException') {
    const reason = e.message ?? '';
    return new AthenaQueryError('athena_invalid', `Athena từ chối truy vấn: ${reason}`, `Athena rejected the query: ${reason}`, { queryId, reason, cause: error });
  }
  return error;
}

export function createAthenaEngine(options: AthenaEngineOptions): AthenaEngine {
  return new AthenaEngine(options);
}
