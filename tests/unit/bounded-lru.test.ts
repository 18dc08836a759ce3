import { describe, expect, it } from 'vitest';
import { BoundedLru } from '../../functions/core/bounded-lru.ts';

describe('BoundedLru', () => {
  const lru = () => new BoundedLru<number[]>(3, 100, (v) => v.length);

  it('evicts the least recently used first, by count', () => {
    const c = lru();
    c.set('a', [1]);
    c.set('b', [1]);
    c.set('c', [1]);
    expect(c.get('a')).toEqual([1]); // a is now the most recent
    c.set('d', [1]);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toEqual([1]);
    expect(c.size).toBe(3);
  });

  it('evicts by total weight and refuses an entry over a quarter of it', () => {
    const c = lru();
    c.set('a', new Array(20).fill(0));
    c.set('b', new Array(20).fill(0));
    c.set('huge', new Array(26).fill(0));
    expect(c.get('huge')).toBeUndefined();
    expect(c.totalWeight).toBe(40);
    c.set('c', new Array(25).fill(0));
    c.set('d', new Array(25).fill(0)); // 20 + 20 + 25 + 25 > 100 → a goes (and the count bound)
    expect(c.get('a')).toBeUndefined();
    expect(c.totalWeight).toBe(70);
  });

  it('replacing a key counts its weight once', () => {
    const c = lru();
    c.set('a', new Array(10).fill(0));
    c.set('a', new Array(20).fill(0));
    expect(c.size).toBe(1);
    expect(c.totalWeight).toBe(20);
  });
});
