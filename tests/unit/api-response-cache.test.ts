import { describe, expect, it } from 'vitest';
import { jsonMembers, jsonObjectBytes } from '../../functions/api/json-body.ts';
import { ResponseCache, answerBody, cachedAnswer } from '../../functions/api/response-cache.ts';
import { memoEstimates } from '../../functions/api/estimate.ts';
import type { Estimate } from '../../functions/core/cost/estimate.ts';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('JSON assembled from serialized pieces', () => {
  it('gives exactly what JSON.stringify gives for the whole object', () => {
    const head = { query: 'xếp_hạng', params: { period: '2024-Q2', n: 3 } };
    const rows = { columns: [{ name: 'tên', type: 'VARCHAR' }], rows: [{ 'tên': 'Sóc Trăng "ST"\n' }, { 'tên': null }] };
    const tail = { stats: { engine: 'duckdb' }, estimate: undefined, truncated: false };
    const whole = JSON.stringify({ ...head, ...rows, ...tail });
    expect(text(jsonObjectBytes([jsonMembers(head), Buffer.from(jsonMembers(rows)), jsonMembers(tail)]))).toBe(whole);
    expect(text(jsonObjectBytes(['', Buffer.from(jsonMembers(rows)), jsonMembers({ estimate: undefined })]))).toBe(JSON.stringify(rows));
    expect(text(jsonObjectBytes([jsonMembers(head), jsonMembers({})]))).toBe(JSON.stringify(head));
    expect(text(jsonObjectBytes([]))).toBe('{}');
  });
});

describe('cached answers', () => {
  const rows = jsonMembers({ columns: [{ name: 'x', type: 'INTEGER' }], rows: [{ x: 1 }, { x: 'ả' }] });
  it('reuses the body while the tail is the same and rebuilds it around the same rows when not', () => {
    const a = cachedAnswer('"query":"q","params":{"p":"ở"}', rows, '"stats":{"cached":true}', { stats: { cached: true } });
    expect(JSON.parse(text(a.body))).toEqual({ query: 'q', params: { p: 'ở' }, columns: [{ name: 'x', type: 'INTEGER' }], rows: [{ x: 1 }, { x: 'ả' }], stats: { cached: true } });
    expect(text(a.members)).toBe(rows);
    const body = a.body;
    expect(answerBody(a, '"stats":{"cached":true}')).toBe(body);
    const next = answerBody(a, '"stats":{"cached":true},"estimate":{"bytes":1}');
    expect(next).not.toBe(body);
    expect(text(next)).toBe(`{"query":"q","params":{"p":"ở"},${rows},"stats":{"cached":true},"estimate":{"bytes":1}}`);
    expect(text(a.members)).toBe(rows);
    expect(text(answerBody(a, ''))).toBe(`{"query":"q","params":{"p":"ở"},${rows}}`);
    const noHead = cachedAnswer('', rows, '"truncated":false', { stats: undefined, truncated: false });
    expect(text(noHead.members)).toBe(rows);
    expect(text(answerBody(noHead, '"truncated":true'))).toBe(`{${rows},"truncated":true}`);
  });

  it('evicts the least recently used by bytes and entries, and skips huge answers', () => {
    const entry = (n: number) => cachedAnswer('', `"rows":"${'x'.repeat(n)}"`, '', { stats: undefined });
    const c = new ResponseCache(1000, 3);
    c.set('huge', entry(300));
    expect(c.get('huge')).toBeUndefined();
    c.set('a', entry(200));
    c.set('b', entry(200));
    c.set('c', entry(200));
    expect(c.get('a')).toBeDefined(); // a is now the most recent
    c.set('d', entry(200)); // 4 entries > 3: b goes
    expect(c.get('b')).toBeUndefined();
    expect(c.size).toBe(3);
    c.set('e', entry(230));
    c.set('f', entry(230)); // bytes > 1000: the oldest go
    expect(c.totalBytes).toBeLessThanOrEqual(1000);
    expect(c.get('f')).toBeDefined();
    c.set('f', entry(100)); // replacing an entry counts its bytes once
    expect(c.totalBytes).toBe([...['a', 'c', 'd', 'e', 'f']].map((k) => c.get(k)?.members.byteLength ?? 0).reduce((x, y) => x + y, 0));
  });
});

describe('remembered estimates', () => {
  const est = (bytes: number) => ({ bytes }) as Estimate;
  it('asks the estimator once per SQL and parameters within the time to live', async () => {
    let t = 0;
    let calls = 0;
    const memo = memoEstimates(async (_sql, p) => est(++calls * 1000 + Number(p?.n ?? 0)), { ttlMs: 1000, now: () => t });
    expect((await memo('S', { n: 1 }))?.bytes).toBe(1001);
    expect((await memo('S', { n: 1 }))?.bytes).toBe(1001);
    expect((await memo('S', { n: 2 }))?.bytes).toBe(2002);
    expect((await memo('T', { n: 1 }))?.bytes).toBe(3001);
    t = 1001;
    expect((await memo('S', { n: 1 }))?.bytes).toBe(4001);
    expect(calls).toBe(4);
  });
  it('answers undefined when the estimator fails (an estimate is advice)', async () => {
    const memo = memoEstimates(async () => { throw new Error('no footers'); });
    expect(await memo('S', {})).toBeUndefined();
  });
  it('stays bounded', async () => {
    let calls = 0;
    const memo = memoEstimates(async () => est(++calls), { maxEntries: 2, now: () => 0 });
    await memo('a', {});
    await memo('b', {});
    await memo('c', {}); // evicts a
    await memo('a', {});
    expect(calls).toBe(4);
  });
});

describe('token bucket refunds', () => {
  it('gives back part of a token, never more than one nor beyond the capacity', async () => {
    const { tokenBucket } = await import('../../functions/api/rate-limit.ts');
    const b = tokenBucket(2, 0);
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(false);
    b.refund!('a', 0.5);
    expect(b.take('a', 0)).toBe(false);
    b.refund!('a', 0.5);
    expect(b.take('a', 0)).toBe(true);
    b.refund!('a', 5); // at most one token back
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(false);
    for (let i = 0; i < 10; i++) b.refund!('a', 1); // never beyond the capacity
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('a', 0)).toBe(false);
    b.refund!('nobody', 1); // a client never seen: nothing happens
  });
});

describe('remembered SQL checks', () => {
  it('give the same verdict as checkSql, per text and limit', async () => {
    const { checkSql, memoCheckSql } = await import('../../functions/api/sql-policy.ts');
    const memo = memoCheckSql(2);
    for (const [sql, limit] of [
      ['SELECT indicator FROM current_values ORDER BY indicator', 10],
      ['SELECT indicator FROM current_values ORDER BY indicator', 20],
      ['DROP TABLE units', 10],
      ['SELECT * FROM information_schema.tables', 10],
      ['SELECT indicator FROM current_values ORDER BY indicator', 10],
    ] as const) {
      expect(memo(sql, limit)).toEqual(checkSql(sql, limit));
      expect(memo(sql, limit)).toBe(memo(sql, limit));
    }
  });
});
