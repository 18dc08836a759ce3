/**
 * The cost estimate follows the views' dependencies as parsed from their SQL: every view file is
 * a relation of the estimate, each of its reads has a hint, and no hint is left without a read.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RELATIONS, missingHints, REFERENCE_RELATIONS, unusedHints, viewReads } from '../../functions/core/cost/relations.ts';
import { relationsRead } from '../../scripts/build-view-reads.ts';

const VIEWS = readdirSync(new URL('../../functions/queries/views/', import.meta.url)).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));

describe('view dependencies from the view SQL', () => {
  it('parses the relations a statement reads: in order, twice when read twice, without CTEs', () => {
    const sql = `WITH c AS (SELECT a.x FROM t1 a JOIN units u ON u.id = a.x)
      SELECT c.x FROM c JOIN (SELECT y FROM t2) s ON s.y = c.x
      WHERE NOT EXISTS (SELECT 1 FROM t1 z WHERE z.x = c.x)
      UNION ALL SELECT x FROM t3`;
    expect(relationsRead(sql)).toEqual(['t1', 'units', 't2', 't1', 't3']);
  });

  it('gives every view a relation of the estimate, reading what its SQL reads', () => {
    for (const v of VIEWS) {
      const reads = DEFAULT_RELATIONS[v];
      expect(Array.isArray(reads), v).toBe(true);
      for (const r of reads as readonly { relation: string }[]) {
        expect(REFERENCE_RELATIONS).not.toContain(r.relation);
        expect(DEFAULT_RELATIONS[r.relation], `${v} → ${r.relation}`).toBeDefined();
      }
    }
    expect(missingHints()).toEqual([]);
    expect(unusedHints()).toEqual([]);
  });

  it('reports a read without a hint (estimated on the high side meanwhile) and a hint without a read', () => {
    expect(missingHints({ current_reports: ['curated_reports', 'history_reports'] })).toEqual(['current_reports → history_reports']);
    expect(viewReads('current_reports', ['curated_reports', 'history_reports'])[1]).toEqual({ relation: 'history_reports', columns: [], passThrough: true, pushdown: [] });
    expect(unusedHints({ current_values: ['curated_values'] })).toContain('current_values → curated_reports (1 hints, 0 reads)');
  });
});
