import { describe, expect, it } from 'vitest';
import { bindNamed, parameterNames } from '../../functions/core/named-params.ts';

describe('named parameter binding', () => {
  it('replaces each use by ? in order, repeating values', () => {
    const b = bindNamed('SELECT * FROM t WHERE a = :x AND b BETWEEN :x AND :y', { x: 1, y: 'z' });
    expect(b.sql).toBe('SELECT * FROM t WHERE a = ? AND b BETWEEN ? AND ?');
    expect(b.values).toEqual([1, 1, 'z']);
  });
  it('leaves quoted text, comments and casts alone', () => {
    const sql = "SELECT ':no', \"a:b\", x::INT -- :c\n FROM t /* :d */ WHERE y = :yes";
    expect(parameterNames(sql)).toEqual(['yes']);
    expect(bindNamed(sql, { yes: 2 }).sql).toBe("SELECT ':no', \"a:b\", x::INT -- :c\n FROM t /* :d */ WHERE y = ?");
  });
  it('refuses a missing parameter', () => {
    expect(() => bindNamed('SELECT :a', {})).toThrow(/missing parameter :a/);
  });
});
