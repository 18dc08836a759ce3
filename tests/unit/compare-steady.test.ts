/**
 * askSteady (compare/analyses.ts): a run as of "now" asks the current figures and keeps them only
 * if the ledger stood still; otherwise it asks again as of its moment. The engine here is scripted
 * (it answers the ledger marks from a list and records every analysis asked), so each branch is
 * driven exactly; that the current figures equal the as-of ones when nothing moved is the
 * comparison's reproduction test (tests/integration/compare-as-of.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Engine, QueryOptions, QueryResult } from '../../functions/adapters/engine/engine.ts';
import { askSteady } from '../../functions/compare/analyses.ts';

const MOMENT = '2025-11-20T03:00:00.000Z';

function scripted(marks: { n: number; later: number }[]) {
  const asked: { sql: string; params?: Record<string, unknown> }[] = [];
  let m = 0;
  const engine: Engine = {
    name: 'duckdb',
    async query(sql: string, o?: QueryOptions): Promise<QueryResult> {
      if (sql.startsWith('SELECT count(*) AS n,')) {
        expect(o?.params?.as_of).toBe('2025-11-20 03:00:00.000');
        return { columns: [], rows: [marks[Math.min(m++, marks.length - 1)]] };
      }
      asked.push({ sql, params: o?.params });
      return { columns: [], rows: [] };
    },
    async close() {},
  };
  return { engine, asked, marksRead: () => m };
}

const work = async (a: { ask: (name: string, p: Record<string, unknown>) => Promise<unknown[]>; asOf: string | undefined }) => {
  await a.ask('national', { indicator: 'crime_report_resolution_rate', from: 2024, to: 2025 });
  return a.asOf ?? 'current';
};

describe('a comparison as of the moment it starts', () => {
  it('answers from the current figures when the ledger stood still', async () => {
    const s = scripted([{ n: 10, later: 0 }, { n: 10, later: 0 }]);
    const { value } = await askSteady(s.engine, MOMENT, work);
    expect(value).toBe(MOMENT); // the answers stand for the moment…
    expect(s.asked).toHaveLength(1);
    expect(s.asked[0].params?.as_of).toBeUndefined(); // …but were asked of the current figures
    expect(s.asked[0].sql).not.toMatch(/ingested_at <=/);
    expect(s.marksRead()).toBe(2);
  });

  it('asks again as of its moment when a report arrived during the run', async () => {
    const s = scripted([{ n: 10, later: 0 }, { n: 11, later: 1 }]);
    const { value, asker } = await askSteady(s.engine, MOMENT, work);
    expect(value).toBe(MOMENT);
    expect(asker.asOf).toBe(MOMENT);
    expect(s.asked).toHaveLength(2);
    expect(s.asked[1].sql).toMatch(/ingested_at <= CAST\(:as_of AS TIMESTAMP\)/);
  });

  it('asks again when the ledger grew by a batch stamped before the moment (in flight when the run began)', async () => {
    const s = scripted([{ n: 10, later: 0 }, { n: 12, later: 0 }]);
    const { value } = await askSteady(s.engine, MOMENT, work);
    expect(value).toBe(MOMENT);
  });

  it('goes straight to the moment when the ledger already holds reports ingested after it', async () => {
    const s = scripted([{ n: 10, later: 2 }]);
    const { value } = await askSteady(s.engine, MOMENT, work);
    expect(value).toBe(MOMENT);
    expect(s.asked).toHaveLength(1);
    expect(s.marksRead()).toBe(1);
  });
});
