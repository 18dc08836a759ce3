/**
 * The explorer as an analyst uses it every day (issue 15), in a real browser against the real
 * local server: each test clicks what an analyst clicks and checks what they then see or
 * download. Screenshots go to /tmp/chitieu-analyst/ for a person to look at.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { setInput } from '../../explorer/src/notebook/edit.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { haveChromium, launchBrowser, settled, watchedPage, type Watched } from './setup.ts';
import { extraOriginals, startAnalystServer, type AnalystServer } from './analyst-setup.ts';

const SHOTS = '/tmp/chitieu-analyst/';
const requireBrowser = process.env.CI === 'true' || process.env.CHITIEU_E2E === '1';
if (!haveChromium && requireBrowser) throw new Error('Chromium not found at /usr/bin/chromium: apt-get install -y chromium');
const suite = haveChromium ? describe : describe.skip;

let server: AnalystServer;
let browser: Browser;
let w: Watched;

function link(nb: Notebook): string {
  return new URL(encodePermalink(nb, STARTERS), server.url).href;
}

function starter(id: string, inputs: Record<string, string | number> = {}): Notebook {
  let nb = structuredClone(STARTERS[id]);
  for (const [k, v] of Object.entries(inputs)) nb = setInput(nb, k, v);
  return nb;
}

async function open(url: string): Promise<void> {
  await w.page.goto(url);
  await settled(w.page);
}

async function shot(name: string): Promise<void> {
  await w.page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
}

suite('the analyst’s daily tasks in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startAnalystServer();
    browser = await launchBrowser();
    w = await watchedPage(browser, server.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    expect(w.foreign, 'requests to another origin').toEqual([]);
    expect(w.consoleErrors, 'console errors').toEqual([]);
    await w.context.close();
    w = await watchedPage(browser, server.url);
  });

  describe('1. "Nguồn" opens the source', () => {
    const originals = extraOriginals();
    const ranking = () => starter('so-sanh-tinh', { indicator: 'crime_reports_received', period: '2024-10' });

    /** Clicks "Nguồn" on the ranking table's row of `unit`, then the file name of its first source. */
    async function openSourceOf(unit: string): Promise<void> {
      const row = w.page.locator('[data-cell-id="table"] .table-view tbody tr', { hasText: unit });
      await row.getByRole('button', { name: 'Nguồn' }).click();
      await w.page.locator('[data-cell-id="table"] .sources .open-source').first().click();
      await w.page.locator('dialog.source-viewer #source-mark').waitFor();
    }

    it('a narrative report opens in the page with the figure’s sentence marked, and downloads as received', async () => {
      await open(link(ranking()));
      await openSourceOf('Quảng Ngãi');
      const marked = await w.page.locator('dialog.source-viewer mark#source-mark').textContent();
      expect(marked).toContain('126 tố giác');
      await shot('1-source-text');
      const [dl] = await Promise.all([w.page.waitForEvent('download'), w.page.locator('dialog.source-viewer .download-source').click()]);
      const bytes = readFileSync((await dl.path())!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(originals[0].bytes).digest('hex'));
      expect(dl.suggestedFilename()).toBe('quang-ngai-thang-10-2024.txt');
    });

    it('a Word report shows its text with the figure marked', async () => {
      await open(link(ranking()));
      await openSourceOf('Thanh Hóa');
      expect(await w.page.locator('dialog.source-viewer mark#source-mark').textContent()).toContain('139 tố giác');
      await shot('1-source-docx');
    });

    it('a CSV report shows its rows with the value’s row and cell highlighted', async () => {
      await open(link(ranking()));
      await openSourceOf('Hà Nội');
      const row = await w.page.locator('dialog.source-viewer tr.hit td').allTextContents();
      expect(row).toContain('crime_reports_received');
      expect(await w.page.locator('dialog.source-viewer td.hit-cell').textContent()).toBe('321');
      await shot('1-source-csv');
    });

    it('a JSON report shows the value’s entry highlighted', async () => {
      await open(link(ranking()));
      const first = await w.page.locator('[data-cell-id="table"] .table-view tbody tr').filter({ hasNotText: /Quảng Ngãi|Thanh Hóa|Hà Nội/ }).first();
      await first.getByRole('button', { name: 'Nguồn' }).click();
      await w.page.locator('[data-cell-id="table"] .sources .open-source').first().click();
      await w.page.locator('dialog.source-viewer #source-mark').waitFor();
      const marked = (await w.page.locator('dialog.source-viewer mark').allTextContents()).join('\n');
      expect(marked).toContain('"indicator": "crime_reports_received"');
      await shot('1-source-json');
    });
  });
});
