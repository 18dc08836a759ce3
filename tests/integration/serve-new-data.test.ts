/**
 * The local server picks up new data without a restart: a report ingested through the CLI path
 * while the server runs shows in a named analysis (a revision replacing a value, a new month
 * adding a row), and the server moved to the new snapshot incrementally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestPaths } from '../../functions/cli/commands/ingest.ts';
import { startServer, type RunningServer } from '../../functions/cli/commands/serve.ts';
import { goodReport } from '../helpers/reports.ts';
import { suiteTempDir } from '../helpers/temp-dir.ts';

const tmp = suiteTempDir('chitieu-serve-new-');
let base: string;
let wh: string;
let server: RunningServer;

async function ingest(name: string, report: object): Promise<void> {
  const dir = mkdtempSync(join(base, 'in-'));
  writeFileSync(join(dir, name), JSON.stringify(report));
  const s = await ingestPaths(wh, [dir]);
  expect(s.accepted).toBe(1);
}

async function received(period: string): Promise<number | undefined> {
  const res = await fetch(new URL('api/query/drilldown', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params: { province: 'p63-94', indicator: 'crime_reports_received', period } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { rows: { unit_id?: string; id?: string; value: number | null }[] };
  const row = body.rows.find((r) => (r.unit_id ?? r.id) === 'p63-94');
  return row?.value ?? undefined;
}

/** Polls until `read` gives `want`; the time it took (ms). */
async function until(read: () => Promise<unknown>, want: unknown, limitMs = 20_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await read()) === want) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not seen within ${limitMs} ms: ${String(want)}`);
}

beforeAll(async () => {
  base = tmp();
  wh = join(base, 'warehouse');
  await ingest('r1.json', goodReport());
  server = await startServer(wh, 0, { quiet: true });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('new data while the server runs', () => {
  it('a revision replaces the value in the analysis, without a restart', async () => {
    expect(await received('2024-03')).toBe(640);
    const before = server.engine.snapshot;
    await ingest('r2.json', goodReport({ revision: 2, submitted_at: '2024-04-20T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 651 }] }));
    await until(() => received('2024-03'), 651);
    expect(server.engine.snapshot).not.toBe(before);
    // The old snapshot stays as the spare for the next update; no other is left behind.
    expect(readdirSync(join(wh, 'cache')).filter((f) => /^engine-.*\.duckdb$/.test(f))).toHaveLength(2);
  }, 60_000);

  it('a new month appears, and the month rolls up into its quarter', async () => {
    expect(await received('2024-04')).toBeUndefined();
    await ingest('april.json', goodReport({ period: '2024-04', submitted_at: '2024-05-05T08:00:00+07:00', values: [{ indicator: 'crime_reports_received', value: 100 }] }));
    await until(() => received('2024-04'), 100);
    // 2024-Q2 of the statistical year is March, April, May: the revised March and April.
    expect(await received('2024-Q2')).toBe(751);
  }, 60_000);

  it("keeps giving the SQL guard DuckDB's own parse (the engine it wraps has one)", async () => {
    expect(await server.engine.parseTree('SELECT 1 AS one')).toMatchObject({ error: false, statements: [expect.anything()] });
  });
});
