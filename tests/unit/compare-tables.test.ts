/**
 * The comparison's output tables are declared once (data-schemas/compare-tables.json): the rows
 * the assembly produces carry exactly the declared columns, and compare/ does not import
 * extracts/ (extracts/ may use compare/'s runner and encoders; the job composes the two).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import declared from '../../data-schemas/compare-tables.json' with { type: 'json' };
import { COMPARE_TABLES, tableRows, type CompareTableName } from '../../functions/compare/tables.ts';
import { sampleComparison } from './compare-sample.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('compare output tables', () => {
  it('are the tables of data-schemas/compare-tables.json', () => {
    expect(Object.keys(COMPARE_TABLES).sort()).toEqual(Object.keys(declared.tables).sort());
  });

  it('rows carry exactly the declared columns', () => {
    const c = sampleComparison();
    for (const name of Object.keys(COMPARE_TABLES) as CompareTableName[]) {
      const rows = tableRows(c, name);
      expect(rows.length, name).toBeGreaterThan(0);
      const cols = COMPARE_TABLES[name].columns.map((x) => x.name).sort();
      for (const r of rows) expect(Object.keys(r).sort(), name).toEqual(cols);
    }
  });

  it('compare/ imports nothing from extracts/', () => {
    const offenders = files('functions/compare').filter((f) => /from '\.\.\/(\.\.\/)?extracts\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
