/**
 * The Athena engine against a mocked AthenaClient.
 *
 * Athena cannot run here (no AWS, no network): these tests check the wire shapes — the requests we
 * send (workgroup, context, ExecutionParameters, result reuse, pagination tokens, Stop on timeout)
 * and our handling of the responses in the exact shapes the SDK returns (header row on the first
 * results page, NULL as a Datum without VarCharValue, ColumnInfo types, FAILED/CANCELLED with
 * StateChangeReason, throttling exceptions). Sleep and clock are injected so nothing waits.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
  type ColumnInfo,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandOutput,
  type Row,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine, AthenaQueryError, convertValue, toExecutionParameter } from '../../functions/adapters/engine/athena.ts';

const athena = mockClient(AthenaClient);

/** A fake clock advanced only by the injected sleep, so timeouts are deterministic. */
function fakeTime() {
  const t = { now: 0, sleeps: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

function engine(extra: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) {
  const time = fakeTime();
  const e = new AthenaEngine({
    client: new AthenaClient({ region: 'ap-southeast-1' }),
    workGroup: 'chitieu',
    database: 'chitieu',
    catalog: 'AwsDataCatalog',
    now: time.now,
    sleep: time.sleep,
    ...extra,
  });
  return { e, time };
}

function execution(state: string, extra: Record<string, unknown> = {}): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: {
      QueryExecutionId: 'q-1',
      Query: 'SELECT 1',
      StatementType: 'DML',
      WorkGroup: 'chitieu',
      Status: { State: state as 'SUCCEEDED', SubmissionDateTime: new Date('2025-01-01T00:00:00Z'), ...extra },
      Statistics:
        state === 'SUCCEEDED'
          ? { EngineExecutionTimeInMillis: 1234, DataScannedInBytes: 5_678_901, TotalExecutionTimeInMillis: 1500, ResultReuseInformation: { ReusedPreviousResult: false } }
          : undefined,
    },
  };
}

const col = (Name: string, Type: string, more: Partial<ColumnInfo> = {}): ColumnInfo => ({
  CatalogName: 'hive',
  SchemaName: '',
  TableName: '',
  Name,
  Label: Name,
  Type,
  Precision: 0,
  Scale: 0,
  Nullable: 'UNKNOWN',
  CaseSensitive: Type === 'varchar',
  ...more,
});
const row = (...cells: (string | null)[]): Row => ({ Data: cells.map((c) => (c === null ? {} : { VarCharValue: c })) });

function page(columns: ColumnInfo[], rows: Row[], NextToken?: string): GetQueryResultsCommandOutput {
  return { $metadata: {}, UpdateCount: 0, ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: columns } }, NextToken };
}

beforeEach(() => athena.reset());
afterEach(() => athena.reset());

describe('Athena engine: request shapes', () => {
  it('starts in the workgroup with context, binds :name parameters as SQL literals, enables result reuse', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([col('n', 'bigint')], [row('n'), row('3')]));
    const { e } = engine({ resultReuseMaxAgeMinutes: 30 });
    const res = await e.query('SELECT count(*) AS n FROM current_values WHERE province_id = :p AND stat_year BETWEEN :y0 AND :y1 AND synthetic = :s AND flag IS :f AND note = :p', {
      params: { p: "p34-Cần Thơ's", y0: 2015, y1: 2024, s: true, f: null },
    });
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toEqual({
      QueryString: 'SELECT count(*) AS n FROM current_values WHERE province_id = ? AND stat_year BETWEEN ? AND ? AND synthetic = ? AND flag IS ? AND note = ?',
      WorkGroup: 'chitieu',
      QueryExecutionContext: { Database: 'chitieu', Catalog: 'AwsDataCatalog' },
      ExecutionParameters: ["'p34-Cần Thơ''s'", '2015', '2024', 'true', 'NULL', "'p34-Cần Thơ''s'"],
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 30 } },
    });
    expect(res.rows).toEqual([{ n: 3 }]);
    expect(res.stats).toEqual({ engine: 'athena', queryId: 'q-1', bytesScanned: 5_678_901, executionMs: 1234 });
  });

  it('omits ExecutionParameters when there are none (Athena refuses an empty list) and reuse when off', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([col('x', 'integer')], [row('x')]));
    const { e } = engine({ database: undefined, catalog: undefined });
    const res = await e.query('SELECT 1 AS x WHERE false');
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toEqual({ QueryString: 'SELECT 1 AS x WHERE false', WorkGroup: 'chitieu' });
    expect(res.rows).toEqual([]);
    expect(res.columns).toEqual([{ name: 'x', type: 'integer' }]);
  });

  it('formats parameter literals and refuses values with no safe literal', () => {
    expect(toExecutionParameter("O'Brien")).toBe("'O''Brien'");
    expect(toExecutionParameter("'; DROP TABLE x; --")).toBe("'''; DROP TABLE x; --'");
    expect(toExecutionParameter('a\\b')).toBe("'a\\b'"); // no backslash escapes in Trino
    expect(toExecutionParameter(1.5)).toBe('1.5');
    expect(toExecutionParameter(-3)).toBe('-3');
    expect(toExecutionParameter(12345678901234567890n)).toBe('12345678901234567890');
    expect(toExecutionParameter(false)).toBe('false');
    expect(toExecutionParameter(undefined)).toBe('NULL');
    expect(toExecutionParameter(new Date('2025-07-01T00:00:00Z'))).toBe("TIMESTAMP '2025-07-01 00:00:00.000'");
    expect(() => toExecutionParameter(Number.NaN, 'x')).toThrow(/:x/);
    expect(() => toExecutionParameter([1, 2], 'ids')).toThrow(/unsupported type/);
    expect(() => toExecutionParameter({ a: 1 })).toThrow(AthenaQueryError);
    expect(() => toExecutionParameter('x'.repeat(2000))).toThrow(/1024/);
  });

  it('refuses a missing parameter before calling Athena', async () => {
    const { e } = engine();
    await expect(e.query('SELECT :a')).rejects.toThrow(/missing parameter :a/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('Athena engine: polling and results', () => {
  it('polls QUEUED → RUNNING → SUCCEEDED with growing waits', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(page([col('x', 'integer')], [row('x'), row('1')]));
    const { e, time } = engine({ poll: { initialMs: 100, factor: 2, maxMs: 300 } });
    await e.query('SELECT 1 AS x');
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(time.t.sleeps).toEqual([100, 200, 300]);
  });

  it('pages through GetQueryResults, skipping the header row only on the first page', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const cols = [col('unit_id', 'varchar'), col('value', 'double')];
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page(cols, [row('unit_id', 'value'), row('p63-01', '1.5'), row('p63-02', '2')], 'tok-1'))
      .resolvesOnce(page(cols, [row('p63-03', '3'), row('p63-04', null)], 'tok-2'))
      .resolvesOnce(page(cols, [row('unit_id', '4')])); // a data row that happens to look like a header
    const { e } = engine({ pageSize: 2 });
    const res = await e.query('SELECT unit_id, value FROM current_values');
    expect(res.rows).toEqual([
      { unit_id: 'p63-01', value: 1.5 },
      { unit_id: 'p63-02', value: 2 },
      { unit_id: 'p63-03', value: 3 },
      { unit_id: 'p63-04', value: null },
      { unit_id: 'unit_id', value: 4 },
    ]);
    const calls = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { QueryExecutionId: 'q-1', NextToken: undefined, MaxResults: 2 },
      { QueryExecutionId: 'q-1', NextToken: 'tok-1', MaxResults: 2 },
      { QueryExecutionId: 'q-1', NextToken: 'tok-2', MaxResults: 2 },
    ]);
  });

  it('stops paging once maxRows rows are read', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page([col('x', 'integer')], [row('x'), row('1'), row('2')], 'tok-1'))
      .resolvesOnce(page([col('x', 'integer')], [row('3'), row('4')], 'tok-2'));
    const { e } = engine();
    const res = await e.query('SELECT x FROM t', { maxRows: 3 });
    expect(res.rows.map((r) => r.x)).toEqual([1, 2, 3]);
    // Never asks for more than the cap still allows: 3 rows + the header, then the 1 missing.
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.MaxResults)).toEqual([4, 1]);
  });

  it('converts values by ColumnInfo type, NULL included', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    const cols = [
      col('s', 'varchar'),
      col('i', 'integer'),
      col('t', 'tinyint'),
      col('b', 'bigint'),
      col('big', 'bigint'),
      col('d', 'double'),
      col('f', 'float'),
      col('dec', 'decimal', { Precision: 10, Scale: 2 }),
      col('ok', 'boolean'),
      col('day', 'date'),
      col('ts', 'timestamp'),
      col('arr', 'array'),
      col('r', 'row'),
      col('nan', 'double'),
      col('empty', 'varchar'),
      col('nul', 'integer'),
    ];
    athena.on(GetQueryResultsCommand).resolves(
      page(cols, [
        row(...cols.map((c) => c.Name!)),
        row('Hà Nội', '42', '-7', '9007199254740991', '9007199254740993', '0.1', '2.5', '123.45', 'true', '2024-12-01', '2024-12-01 08:30:00.000', '[1, 2]', '{a=1, b=x}', 'NaN', '', null),
      ]),
    );
    const { e } = engine();
    const res = await e.query('SELECT …');
    expect(res.rows[0]).toEqual({
      s: 'Hà Nội',
      i: 42,
      t: -7,
      b: 9007199254740991,
      big: '9007199254740993',
      d: 0.1,
      f: 2.5,
      dec: 123.45,
      ok: true,
      day: '2024-12-01',
      ts: '2024-12-01 08:30:00.000',
      arr: '[1, 2]',
      r: '{a=1, b=x}',
      nan: Number.NaN,
      empty: '',
      nul: null,
    });
    expect(res.columns.find((c) => c.name === 'dec')?.type).toBe('decimal(10,2)');
    expect(convertValue({ VarCharValue: 'false' }, { Type: 'boolean' })).toBe(false);
    expect(convertValue({ VarCharValue: '-Infinity' }, { Type: 'double' })).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('Athena engine: failures, cancellation, timeouts, throttling', () => {
  it('reports FAILED with Athena’s StateChangeReason, in both languages', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
        AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" },
      }),
    );
    const { e } = engine();
    const err = await e.query('SELECT nope FROM current_values').catch((x: unknown) => x);
    expect(err).toBeInstanceOf(AthenaQueryError);
    const q = err as AthenaQueryError;
    expect(q.code).toBe('athena_failed');
    expect(q.queryId).toBe('q-1');
    expect(q.message_vi).toBe("Truy vấn Athena thất bại: COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
    expect(q.message_en).toBe("Athena query failed: COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
  });

  it('reports CANCELLED (someone stopped it in the console) with the reason', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolvesOnce(execution('RUNNING')).resolves(execution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));
    const { e } = engine();
    await expect(e.query('SELECT 1')).rejects.toMatchObject({
      code: 'athena_cancelled',
      message_vi: 'Truy vấn Athena đã bị hủy: Query cancelled by user',
      message_en: 'Athena query was cancelled: Query cancelled by user',
    });
  });

  it('stops the query on Athena when the time limit passes', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const { e, time } = engine({ poll: { initialMs: 1000, factor: 2, maxMs: 4000 } });
    await expect(e.query('SELECT 1', { timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'timeout', queryId: 'q-1' });
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'q-1' }]);
    expect(time.t.now).toBe(10_000); // waited up to the deadline, not past it
  });

  it('stops the query when the caller aborts', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    let polls = 0;
    const { e } = engine({
      sleep: async () => {
        if (++polls === 2) controller.abort();
      },
    });
    await expect(e.query('SELECT 1', { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('does not start at all when already aborted', async () => {
    const { e } = engine();
    const controller = new AbortController();
    controller.abort();
    await expect(e.query('SELECT 1', { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(athena.calls()).toHaveLength(0);
  });

  it('retries throttled calls with backoff (TooManyRequestsException, ThrottlingException)', async () => {
    const tooMany = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {}, Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' });
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: {} });
    athena.on(StartQueryExecutionCommand).rejectsOnce(tooMany).rejectsOnce(tooMany).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).rejectsOnce(throttling).resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).rejectsOnce(throttling).resolves(page([col('x', 'integer')], [row('x'), row('7')]));
    const { e, time } = engine({ retry: { initialMs: 100, factor: 2, maxMs: 1000, attempts: 5 } });
    const res = await e.query('SELECT 7 AS x');
    expect(res.rows).toEqual([{ x: 7 }]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(time.t.sleeps).toEqual([100, 200, 100, 100]);
  });

  it('gives up after the retry budget with a bilingual throttling error, and stops the started query', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: {} });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).rejects(throttling);
    athena.on(StopQueryExecutionCommand).resolves({});
    const { e } = engine({ retry: { attempts: 3, initialMs: 10 } });
    await expect(e.query('SELECT 1')).rejects.toMatchObject({ code: 'throttled', message_en: expect.stringContaining('tried 3 times') });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('does not retry other errors; InvalidRequestException becomes a bilingual error', async () => {
    const invalid = Object.assign(new Error('line 1:1: mismatched input'), { name: 'InvalidRequestException', $fault: 'client', $metadata: {}, AthenaErrorCode: 'INVALID_INPUT' });
    athena.on(StartQueryExecutionCommand).rejects(invalid);
    const { e } = engine();
    await expect(e.query('SELEC 1')).rejects.toMatchObject({ code: 'athena_invalid', message_vi: 'Athena từ chối truy vấn: line 1:1: mismatched input' });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});
