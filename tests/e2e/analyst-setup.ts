/**
 * The analyst's browser tests run against the `small` demo warehouse plus a few reports in every
 * original format the viewer shows (narrative text, Word, CSV; the demo itself is JSON), so "Nguồn"
 * can be followed to each kind of original. Set CHITIEU_E2E_WAREHOUSE to reuse a built warehouse.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDocx } from '../fixtures/narrative/make-docx.ts';
import { sharedViews } from '../../functions/queries/views.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const narrative = (name: string) => readFileSync(join(repo, 'tests/fixtures/narrative', name), 'utf8');

/** The originals added to the demo: all for 2024-10 (the demo has no report of these provinces). */
export function extraOriginals(): Array<{ name: string; bytes: Uint8Array }> {
  const text = narrative('101-quang-ngai-thang-10-2024.txt');
  const csv = [
    'unit_id,scope,period,submitted_at,indicator,value,numerator,denominator',
    'p63-01,unit,2024-10,2024-11-05T08:00:00+07:00,crime_reports_received,321,,',
    'p63-01,unit,2024-10,2024-11-05T08:00:00+07:00,crime_reports_resolved,300,,',
    'p63-01,unit,2024-10,2024-11-05T08:00:00+07:00,crime_report_resolution_rate,90.1,300,333',
  ].join('\n');
  return [
    { name: 'quang-ngai-thang-10-2024.txt', bytes: new TextEncoder().encode(text) },
    { name: 'thanh-hoa-thang-10-2024.docx', bytes: makeDocx(text.replaceAll('Quảng Ngãi', 'Thanh Hóa').replace('126 tố giác', '139 tố giác')) },
    { name: 'ha-noi-thang-10-2024.csv', bytes: new TextEncoder().encode(csv) },
  ];
}

/** Two months compared, then the extracts refreshed, as `chitieu compare` publishes them after each period. */
async function compare(dir: string, storage: import('../../functions/adapters/storage/storage.ts').Storage): Promise<void> {
  const { DuckDbEngine } = await import('../../functions/adapters/engine/duckdb.ts');
  const { runCompareJob } = await import('../../functions/compare/job.ts');
  const engine = await DuckDbEngine.open(dir, { views: sharedViews() });
  try {
    for (const period of ['2025-09', '2025-10']) await runCompareJob({ engine, storage, period, now: new Date('2025-12-01T00:00:00Z') });
  } finally {
    await engine.close();
  }
}

export interface AnalystServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startAnalystServer(): Promise<AnalystServer> {
  if (!process.env.CHITIEU_EXPLORER_BUILT) {
    const { build } = await import('vite');
    await build({ configFile: join(repo, 'explorer/vite.config.ts'), logLevel: 'warn' });
  }
  const { buildDemoWarehouse } = await import('../../functions/cli/commands/start.ts');
  const { startServer } = await import('../../functions/cli/commands/serve.ts');
  const { FsStorage } = await import('../../functions/adapters/storage/fs.ts');
  const { ingestFile } = await import('../../functions/ingest/ingest-file.ts');
  const cached = process.env.CHITIEU_E2E_WAREHOUSE;
  const dir = cached ?? mkdtempSync(join(tmpdir(), 'chitieu-e2e-analyst-'));
  const hasData = existsSync(join(dir, 'curated', 'reports')) && readdirSync(join(dir, 'curated', 'reports')).length > 0;
  if (!hasData) await buildDemoWarehouse(dir, 'small', () => {});
  const storage = new FsStorage(dir);
  for (const f of extraOriginals()) {
    const outcome = await ingestFile({ storage }, f);
    if (outcome.status === 'rejected') throw new Error(`${f.name} rejected: ${JSON.stringify(outcome)}`);
  }
  if (!existsSync(join(dir, 'results', 'compare', 'latest.json'))) await compare(dir, storage);
  const server = await startServer(dir, 0, { quiet: true, trustForwardedFor: true });
  return {
    url: server.url,
    dir,
    close: async () => {
      await server.close();
      if (!cached) rmSync(dir, { recursive: true, force: true });
    },
  };
}
