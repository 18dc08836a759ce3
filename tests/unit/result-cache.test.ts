import { describe, expect, it } from 'vitest';
import { ResultCache } from '../../functions/adapters/engine/result-cache.ts';
import type { QueryResult } from '../../functions/adapters/engine/engine.ts';

const result = (n: number): QueryResult => ({ columns: [{ name: 'x', type: 'INTEGER' }], rows: Array.from({ length: n }, (_, i) => ({ x: i })), stats: { engine: 'duckdb', executionMs: 5 } });

describe('result cache', () => {
  it('keys by SQL, parameter values and row limit', () => {
    expect(ResultCache.key('SELECT ?', [1], undefined)).not.toBe(ResultCache.key('SELECT ?', [2], undefined));
    expect(ResultCache.key('SELECT ?', [1], 10)).not.toBe(ResultCache.key('SELECT ?', [1], undefined));
  });
  it('returns a copy marked cached, and evicts the least recently used', () => {
    const c = new ResultCache(2, 1000);
    c.set('a', result(3));
    c.set('b', result(3));
    const a = c.get('a')!;
    expect(a.stats).toMatchObject({ cached: true, executionMs: 0 });
    a.rows.pop();
    expect(c.get('a')!.rows).toHaveLength(3);
    c.set('c', result(3)); // evicts b, the least recently used
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.get('c')).toBeDefined();
  });
  it('bounds the rows held and skips huge results', () => {
    const c = new ResultCache(100, 100);
    c.set('big', result(30));
    expect(c.get('big')).toBeUndefined();
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) c.set(k, result(20)); // 120 rows > 100: the oldest goes
    expect(c.get('a')).toBeUndefined();
    expect(c.get('f')).toBeDefined();
    expect(c.get('b')).toBeDefined();
  });
});
