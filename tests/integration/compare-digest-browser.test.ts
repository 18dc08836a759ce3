/**
 * The leader's page as a reader sees it, in Debian's Chromium: on screen it ends within two
 * screens even in the worst case the page allows (every province behind on several indicators,
 * many unusual changes), and printed it fills the first A4 sheet alone, the details after it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../functions/compare/digest/render.ts';
import { worstCase } from '../unit/compare-sample.ts';
import { suiteTempDir } from '../helpers/temp-dir.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tmp = suiteTempDir('chitieu-digest-browser-');
let browser: Browser;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = tmp();
  file = join(dir, 'digest.html');
  writeFileSync(file, renderDigest({ comparison: worstCase(), generatedAt: '2026-11-21T03:00:00Z', runId: 'r', closed: false, graceDays: 10 }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the leader\'s page in a browser', () => {
  it('ends within two screens of a laptop, in the page\'s own font', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(pathToFileURL(file).href);
    const bottom = await page.evaluate(() => document.querySelector('#trang-dau')!.getBoundingClientRect().bottom + window.scrollY);
    expect(bottom).toBeLessThanOrEqual(2 * 800);
    // The stylesheet applies (a sans-serif font, not the browser's serif default).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('DejaVu Sans');
    await page.screenshot({ path: join(dir, 'first-page.png') });
    await page.close();
  }, 60_000);

  it('prints on A4 with the leader\'s page alone on the first sheet', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const pdf = join(dir, 'printed.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.close();
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/\(A4\)/);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    for (const w of ['Tỉnh còn chậm', 'Thay đổi đáng chú ý', 'Tình trạng số liệu', 'Các chỉ tiêu chính']) expect(first).toContain(w);
    expect(first).not.toContain('Đạt / chưa đạt chỉ tiêu đề ra\n');
    const second = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' });
    expect(second).not.toContain('Tỉnh còn chậm');
  }, 60_000);
});
