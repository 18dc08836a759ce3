/**
 * The review queue in the browser (issue 13): a warehouse holding two extracted articles, the real
 * local server and the built explorer. The analyst opens the review page from the notebooks'
 * header, sees the article with the figures highlighted, corrects one figure, rejects another,
 * accepts the rest, saves; rejects a whole report; then opens a ranking notebook and sees the
 * corrected value and not the rejected report. Vietnamese first, the English toggle checked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { ingestFiles } from '../../functions/ingest/ingest-files.ts';
import { FsStorage } from '../../functions/adapters/storage/fs.ts';
import { settled } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';
import { file } from '../helpers/warehouse.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => readFileSync(join(repo, 'tests/fixtures/narrative', name));

const session = browserSession(async () => {
  if (!process.env.CHITIEU_EXPLORER_BUILT) {
    const { build } = await import('vite');
    await build({ configFile: join(repo, 'explorer/vite.config.ts'), logLevel: 'warn' });
  }
  // A warehouse of its own: reviews write to it.
  const dir = mkdtempSync(join(tmpdir(), 'chitieu-review-e2e-'));
  const s = await ingestFiles([
    file('104-quang-tri-nam-2025.txt', fixture('104-quang-tri-nam-2025.txt')),
    file('105-tp-hcm-9-thang-2024.txt', fixture('105-tp-hcm-9-thang-2024.txt')),
  ], { storage: new FsStorage(dir) });
  expect(s.accepted).toBe(2);
  const { startServer } = await import('../../functions/cli/commands/serve.ts');
  const server = await startServer(dir, 0, { quiet: true, trustForwardedFor: true });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
const { server, w } = session;

suite('review queue in the explorer', () => {
  // The one test checks the console itself (the 404s it provokes are expected).
  session.install({ checkEachTest: false });

  it('reviews, corrects and rejects figures; the ranking then shows the reviewed values', async () => {
    const { page } = w;
    await page.goto(server.url);
    await page.click('#open-review');
    await page.waitForSelector('#review-figures tbody tr');
    expect(await page.textContent('h1')).toBe('Duyệt số liệu trích xuất');
    const items = await page.locator('#review-list .review-item').allTextContents();
    expect(items).toHaveLength(2);
    expect(items.join(' ')).toContain('Quảng Trị');

    await page.click('#review-list .review-item:has-text("Quảng Trị")');
    await page.waitForSelector('#review-figures tbody tr[data-indicator="appeal_protests"]');
    // Every figure's span is highlighted in the article; the appeal figure's mark holds its number.
    const rows = await page.locator('#review-figures tbody tr').count();
    expect(await page.locator('#review-article mark').count()).toBe(rows);
    const appealRow = page.locator('tr[data-indicator="appeal_protests"]');
    const i = await appealRow.getAttribute('data-row');
    expect(await page.textContent(`#review-article mark[data-figure="${i}"]`)).toContain('38');

    // Correct 38 → 40 (typed the Vietnamese way), reject one figure, accept the rest.
    await appealRow.locator('.fig-value').fill('40');
    await appealRow.locator('.fig-value').press('Tab');
    expect(await page.getAttribute('tr[data-indicator="appeal_protests"] .act-correct', 'aria-pressed')).toBe('true');
    await page.click('tr[data-indicator="prosecution_correct_offence_rate"] .act-reject');
    await page.click('#review-accept-rest');
    await page.screenshot({ path: '/tmp/h13b/review-page.png', fullPage: true });

    // English toggle: the page, labels and buttons switch; the decisions stay.
    await page.click('#lang-toggle');
    expect(await page.textContent('h1')).toBe('Review extracted figures');
    expect(await page.textContent('tr[data-indicator="appeal_protests"] .act-correct')).toBe('Correct');
    expect(await page.inputValue('tr[data-indicator="appeal_protests"] .fig-value')).toBe('40');
    await page.click('#lang-toggle');

    await page.click('#review-submit');
    await page.waitForFunction(() => document.getElementById('review-status')?.textContent?.includes('Đã lưu lần sửa 2'));
    expect(await page.textContent('#review-status')).toMatch(/Đã lưu lần sửa 2 của p34-44 kỳ 2025-Y \(người duyệt: .+\)/);
    expect(await page.locator('#review-list .review-item').count()).toBe(1);

    // Reject the whole Hồ Chí Minh report.
    await page.waitForSelector('#review-figures tbody tr');
    for (const b of await page.locator('#review-figures .act-reject').all()) await b.click();
    await page.click('#review-submit');
    await page.waitForSelector('#review-empty');
    expect(await page.textContent('#review-empty')).toBe('Không còn số liệu nào chờ duyệt.');

    // What the analyses now show: a ranking of appeal protests in 2025 and of model trials in 2024-9M.
    const nb = (indicator: string, period: string): Notebook => ({
      format: 'chitieu-notebook', version: 1, title: 'Kiểm tra sau duyệt', inputs: {},
      cells: [
        { id: 'r', kind: 'data', name: 'ranking', source: { type: 'analysis', analysis: 'ranking', params: { indicator, period, geography: 'as_reported' } } },
        { id: 't', kind: 'table', input: 'ranking' },
      ],
    } as unknown as Notebook);
    await page.goto(`${server.url}${encodePermalink(nb('appeal_protests', '2025-Y'), STARTERS)}`);
    await settled(page);
    await page.waitForSelector('.cell table tbody tr');
    const ranked = await page.locator('.cell table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    const heads = await page.locator('.cell table thead th').allTextContents();
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toContain('Quảng Trị');
    expect(ranked[0][heads.findIndex((x) => /^(value|giá trị)/i.test(x.trim()))]).toBe('40');
    await page.screenshot({ path: '/tmp/h13b/ranking-after-review.png', fullPage: true });
    await page.goto(`${server.url}${encodePermalink(nb('model_trial_sessions', '2024-9M'), STARTERS)}`);
    await settled(page);
    expect(await page.locator('.cell table tbody tr').count()).toBe(0);
    expect(w.consoleErrors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
    expect(w.foreign).toEqual([]);
  }, 180_000);
});
