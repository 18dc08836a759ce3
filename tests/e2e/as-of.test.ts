/**
 * The explorer as of a past moment (issue 16), in Chromium against the real local server on a
 * warehouse of its own: a first delivery of reports on 5 Nov 2025, revisions and a late report
 * on 20 Nov (ledger times set at ingest). Setting "Tính đến" to 10 Nov shows the first figures;
 * "now" the revised ones; the list of changes between the two names each changed figure with its
 * revision, and its file opens in the provenance viewer. English toggle checked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { settled } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';
import { file } from '../helpers/warehouse.ts';

const FLOW = 'crime_reports_received';
const RATE = 'crime_report_resolution_rate';

function report(unit: string, period: string, revision: number, received: number, num: number, den: number): Record<string, unknown> {
  return {
    schema_version: 1, unit_id: unit, scope: 'unit', period, revision, submitted_at: `${period}-28T08:00:00+07:00`,
    values: [
      { indicator: RATE, value: Math.round((10000 * num) / den) / 100, numerator: num, denominator: den },
      { indicator: FLOW, value: received },
    ],
  };
}

/** Sóc Trăng (p63-94) and its districts: its February figure is 110 + 35 = 145 on 10 Nov, 125 + 35 + 20 = 180 after the 20th. */
const DELIVERIES = [
  { at: '2025-11-05T01:00:00.000Z', reports: [report('p63-94', '2024-02', 1, 110, 45, 60), report('d-941', '2024-02', 1, 35, 8, 10)] },
  { at: '2025-11-20T01:00:00.000Z', reports: [report('p63-94', '2024-02', 2, 125, 55, 60), report('d-942', '2024-02', 1, 20, 5, 20)] },
];

const session = browserSession(async () => {
  if (!process.env.CHITIEU_EXPLORER_BUILT) {
    const { build } = await import('vite');
    await build({ configFile: join(process.cwd(), 'explorer/vite.config.ts'), logLevel: 'warn' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'chitieu-asof-e2e-'));
  for (const d of DELIVERIES) {
    const s = await ingestFiles(d.reports.map((r, i) => file(`${d.at.slice(0, 10)}-${i}.json`, r)), { storage: new FsStorage(dir), now: () => new Date(d.at) });
    expect(s.rejected).toBe(0);
  }
  const { startServer } = await import('../../functions/cli/commands/serve.ts');
  const server = await startServer(dir, 0, { quiet: true, trustForwardedFor: true });
  return { url: server.url, close: async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); } };
});
const { w, link, open, tableRows } = session;

const ranking: Notebook = {
  format: 'chitieu-notebook', version: 1, title: 'Tiếp nhận tháng 2', inputs: {},
  cells: [
    { id: 'r', kind: 'data', name: 'ranking', source: { type: 'analysis', analysis: 'ranking', params: { indicator: FLOW, period: '2024-02' } } },
    { id: 'table', kind: 'table', input: 'ranking' },
  ],
};

/** The value column of Sóc Trăng's row in the ranking table. */
async function socTrang(): Promise<string> {
  const heads = await w.page.locator('[data-cell-id="table"] .table-view thead th').allTextContents();
  const row = (await tableRows('table')).find((r) => r.includes('Sóc Trăng'))!;
  return row[heads.findIndex((x) => /^(Giá trị|Value)/.test(x.trim()))];
}

suite('the explorer as of a past moment', () => {
  session.install();

  it('"Tính đến" shows the figures known then; the changes since list each figure with its revision and open its file', async () => {
    await open(link(ranking));
    expect(await socTrang()).toBe('180');

    // As of 10 Nov (the end of that day, Vietnam time): before the revision and the late report.
    await w.page.fill('#as-of-date', '2025-11-10');
    await w.page.waitForFunction(() => document.getElementById('as-of-note') !== null);
    await settled(w.page);
    expect(await socTrang()).toBe('145');
    expect(await w.page.textContent('#as-of-note')).toContain('2025-11-10');
    // The moment is part of the notebook: its link opens as of the same moment.
    const asOfLink = await w.page.evaluate(() => location.href);
    await w.page.screenshot({ path: '/tmp/chitieu-asof/as-of.png', fullPage: true }).catch(() => undefined);

    // What changed from then to now.
    await w.page.click('#open-changes');
    const dialog = w.page.locator('dialog.changes-view');
    await dialog.locator('.changes-table tbody tr, #changes-none').first().waitFor();
    expect(await w.page.inputValue('#changes-from-date')).toBe('2025-11-10');
    const revised = dialog.locator(`tr[data-unit="p63-94"][data-period="2024-02"][data-indicator="${FLOW}"]`);
    expect(await revised.locator('.before').textContent()).toBe('110');
    expect(await revised.locator('.after').textContent()).toBe('125');
    expect(await revised.locator('.revision').textContent()).toBe('1 → 2');
    const late = dialog.locator(`tr[data-unit="d-942"][data-period="2024-02"][data-indicator="${FLOW}"]`);
    expect(await late.locator('.before').textContent()).toBe('chưa có');
    expect(await late.locator('.after').textContent()).toBe('20');
    // d-941 did not change: not listed.
    expect(await dialog.locator('tr[data-unit="d-941"]').count()).toBe(0);
    await dialog.screenshot({ path: '/tmp/chitieu-asof/changes.png' }).catch(() => undefined);
    // The revision's file opens in the provenance viewer with the figure's entry marked.
    expect(await revised.locator('.open-revision').textContent()).toBe('2025-11-20-0.json');
    await revised.locator('.open-revision').click();
    await w.page.locator('dialog.source-viewer #source-mark').waitFor();
    expect((await w.page.locator('dialog.source-viewer mark').allTextContents()).join('\n')).toContain(`"indicator": "${FLOW}"`);
    await w.page.locator('dialog.source-viewer .close-source').click();
    await dialog.locator('.close-changes').click();

    // English: the control and the notice switch language.
    await w.page.click('#lang-toggle');
    expect(await w.page.textContent('.as-of-bar label[for="as-of-date"]')).toBe('As of');
    expect(await w.page.textContent('#as-of-note')).toContain('as the warehouse knew them');
    await w.page.click('#lang-toggle');

    // Back to now.
    await w.page.click('#as-of-now');
    await w.page.waitForFunction(() => document.getElementById('as-of-note') === null);
    await settled(w.page);
    expect(await socTrang()).toBe('180');

    // The link taken while as of 10 Nov still opens as of 10 Nov.
    await w.page.goto('about:blank');
    await open(asOfLink);
    expect(await w.page.inputValue('#as-of-date')).toBe('2025-11-10');
    expect(await socTrang()).toBe('145');
  });
});
