/**
 * The explorer as an analyst uses it every day (issue 15), in a real browser against the real
 * local server: each test clicks what an analyst clicks and checks what they then see or
 * download. Screenshots go to /tmp/chitieu-analyst/ for a person to look at.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  describe('2. saved notebooks can be found again', () => {
    const api = async (path: string, init: RequestInit = {}) => fetch(new URL(path, server.url), { ...init, headers: { 'x-forwarded-for': 'e2e-api', 'content-type': 'application/json', ...(init.headers ?? {}) } });

    it('save with a name, find it after a reload by searching without diacritics, update it in place, see conflicts, rename and delete', async () => {
      // A colleague's notebook, already in the library.
      writeFileSync(`${server.dir}/notebooks/colleague1.json`, JSON.stringify({ format: 'chitieu-saved-notebook', meta: { id: 'colleague1', name: 'Tiến độ giải quyết Cần Thơ', description: 'Của đồng nghiệp', owner: 'minh@vks.gov.vn', title: 'Xu hướng', created_at: '2024-11-01T00:00:00Z', updated_at: '2024-11-01T00:00:00Z' }, notebook: STARTERS['xu-huong'] }));
      await open(link(starter('so-sanh-tinh', { period: '2024-10' })));
      await w.page.click('#save-server');
      await w.page.fill('#save-name', 'Xếp hạng Quảng Trị tháng 10');
      await w.page.fill('#save-description', 'Giao ban tháng');
      await w.page.click('#save-confirm');
      await w.page.locator('.flash.note', { hasText: 'Đã lưu' }).waitFor();
      expect(await w.page.locator('#saved-name').textContent()).toContain('Xếp hạng Quảng Trị tháng 10');

      // After a reload: the library lists it; searching without diacritics finds it alone.
      await open(server.url);
      await w.page.click('#open-library');
      await w.page.locator('#library-list .library-item').first().waitFor();
      await w.page.fill('#library-search', 'quang tri');
      await w.page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 1);
      expect(await w.page.locator('#library-list .lib-name').allTextContents()).toEqual(['Xếp hạng Quảng Trị tháng 10']);
      await shot('2-library-search');

      // Mine and shared.
      await w.page.fill('#library-search', '');
      await w.page.click('#library-shared');
      await w.page.waitForFunction(() => Array.from(document.querySelectorAll('#library-list .lib-name')).map((e) => e.textContent).join('|') === 'Tiến độ giải quyết Cần Thơ');
      expect(await w.page.locator('#library-list .lib-delete').count()).toBe(0);
      await w.page.click('#library-mine');
      await w.page.waitForFunction(() => Array.from(document.querySelectorAll('#library-list .lib-name')).map((e) => e.textContent).join('|') === 'Xếp hạng Quảng Trị tháng 10');
      await shot('2-library-mine');

      // Open, change, save: the same entry is updated, no copy.
      await w.page.click('#library-list .lib-open');
      await w.page.locator('#saved-name').waitFor();
      await settled(w.page);
      await w.page.selectOption('#input-indicator', 'crime_reports_resolved');
      await settled(w.page);
      await w.page.click('#save-server');
      await w.page.locator('.flash.note', { hasText: 'Đã lưu' }).waitFor();
      const all = await (await api('/api/notebooks')).json() as { notebooks: Array<{ id: string; name: string; etag: string }> };
      const mine = all.notebooks.filter((n) => n.name === 'Xếp hạng Quảng Trị tháng 10');
      expect(mine).toHaveLength(1);
      const stored = await (await api(`/api/notebooks/${mine[0].id}`)).json() as { notebook: Notebook };
      expect(stored.notebook.inputs.indicator.value).toBe('crime_reports_resolved');

      // Someone saves it elsewhere meanwhile: saving here is a conflict, not an overwrite.
      const other = await api(`/api/notebooks/${mine[0].id}`, { method: 'PUT', headers: { 'if-match': mine[0].etag }, body: JSON.stringify({ notebook: { ...stored.notebook, title: 'Sửa ở tab khác' } }) });
      expect(other.status).toBe(200);
      await w.page.selectOption('#input-indicator', 'crime_reports_received');
      await settled(w.page);
      await w.page.click('#save-server');
      await w.page.locator('.flash.error #conflict-reload').waitFor();
      expect(await w.page.locator('.flash.error').textContent()).toContain('đã được thay đổi ở nơi khác');
      await shot('2-conflict');
      // The browser logs the 409 it was answered; that one is expected.
      const expected = w.consoleErrors.filter((e) => e.includes('409 (Conflict)'));
      expect(expected).toHaveLength(1);
      w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !expected.includes(e)));
      expect(((await (await api(`/api/notebooks/${mine[0].id}`)).json()) as { notebook: Notebook }).notebook.title).toBe('Sửa ở tab khác');

      // Rename, then delete, from the library.
      await w.page.click('#open-library');
      await w.page.click('#library-mine');
      await w.page.waitForFunction(() => document.querySelectorAll('#library-list .lib-rename').length === 1);
      await w.page.click('#library-list .lib-rename');
      await w.page.fill('#library-list .lib-rename-input', 'Xếp hạng tháng 10 (đã đổi tên)');
      await w.page.click('#library-list .lib-rename-save');
      await w.page.locator('#library-list .lib-name', { hasText: 'đã đổi tên' }).waitFor();
      await w.page.click('#library-list .lib-delete');
      await w.page.click('#library-list .lib-delete-confirm');
      await w.page.locator('#library-list', { hasText: 'Không có sổ tay nào' }).waitFor();
      expect((await (await api(`/api/notebooks/${mine[0].id}`)).json() as { error?: { code: string } }).error?.code).toBe('not_found');
    });
  });
  describe('3. exports are what is on screen', () => {
    const grab = async (selector: string): Promise<{ bytes: Buffer; name: string }> => {
      const [dl] = await Promise.all([w.page.waitForEvent('download'), w.page.click(selector)]);
      return { bytes: readFileSync((await dl.path())!), name: dl.suggestedFilename() };
    };
    /** The table's headers as the page shows them (without sort arrows and the source column). */
    const shownHeaders = async (cell: string) => (await w.page.locator(`[data-cell-id="${cell}"] .table-view thead th`).allTextContents()).map((x) => x.replace(/ [▲▼]$/, '')).filter((x) => x !== 'Báo cáo nguồn' && x !== 'Source report');

    it('the table’s XLSX and CSV carry the visible columns under the screen’s headers, the title, period, filters, sources and flags', async () => {
      await open(link(starter('so-sanh-tinh', { indicator: 'crime_reports_received', period: '2024-10' })));
      const headers = await shownHeaders('table');
      expect(headers).toContain('Đơn vị');
      const xlsx = await grab('[data-cell-id="table"] .export-xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.bytes as never);
      const [data, about] = wb.worksheets;
      expect(data.name).toBe('Số liệu');
      expect(data.getCell('A1').value).toBe('Bảng xếp hạng');
      expect(String(data.getCell('A2').value)).toContain('Kỳ: 2024-10');
      expect(String(data.getCell('A2').value)).toContain('Số tố giác, tin báo về tội phạm');
      expect((data.getRow(4).values as unknown[]).slice(1)).toEqual(headers);
      expect(data.getRow(5).getCell(2).value).toBe('Cần Thơ');
      const aboutText = (about.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).join(': '));
      expect(about.name).toBe('Nguồn và cờ');
      expect(aboutText).toContain('Nguồn: analysis ranking → ranked');
      expect(aboutText.find((l) => l.startsWith('Cờ chất lượng'))).toBeDefined();
      expect(aboutText.find((l) => l.startsWith('Liên kết'))).toMatch(/#nb=/);

      await w.page.click('#lang-toggle');
      await settled(w.page);
      const csv = (await grab('[data-cell-id="table"] .export-csv')).bytes.toString('utf8').replace(/^\uFEFF/, '');
      const lines = csv.split(/\r?\n/);
      expect(lines[0].split(',')).toEqual(await shownHeaders('table'));
      expect(lines[0]).not.toMatch(/unit_id|harmonizable|comparator/);
      const footer = lines.slice(lines.indexOf('') + 1);
      expect(footer).toContain('Period,2024-10');
      expect(footer).toContain('Source,analysis ranking → ranked');
    });

    it('a CSV cell that a spreadsheet would run as a formula is neutralized', async () => {
      const nb: Notebook = {
        format: 'chitieu-notebook', version: 1, title: 'Ghi chú', inputs: {},
        cells: [
          { id: 'd', kind: 'data', name: 'r', source: { type: 'analysis', analysis: 'ranking', params: { indicator: 'crime_reports_received', period: '2024-10' } } },
          { id: 't', kind: 'transform', name: 'n', input: 'r', steps: [{ verb: 'derive', columns: { note: "'=HYPERLINK(1)'" } }, { verb: 'select', columns: ['unit_name', 'note'] }] },
          { id: 'tab', kind: 'table', title: 'Ghi chú', input: 'n' },
        ],
      };
      await open(link(nb));
      const csv = (await grab('[data-cell-id="tab"] .export-csv')).bytes.toString('utf8');
      expect(csv).toContain("Cần Thơ,'=HYPERLINK(1)");
      expect(csv).not.toMatch(/,=HYPERLINK/);
    });

    it('a chart’s image carries title, period and filters, legend and source in the page’s font', async () => {
      await open(link(starter('so-sanh-tinh', { indicator: 'crime_reports_received', period: '2024-10' })));
      const svg = (await grab('[data-cell-id="bars"] .export-svg')).bytes.toString('utf8');
      const font = await w.page.evaluate(() => getComputedStyle(document.body).fontFamily);
      const doc = await w.page.evaluate((text) => {
        const d = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
        const texts = (cls: string) => Array.from(d.querySelectorAll(`.${cls}`)).map((e) => e.textContent);
        const legend = Array.from(d.querySelectorAll('.export-swatch')).map((r) => r.nextElementSibling?.textContent);
        return { font: d.getAttribute('font-family'), title: texts('export-title'), sub: texts('export-subtitle'), footer: texts('export-footer'), legend, inherit: text.includes('font-family: inherit') };
      }, svg);
      expect(doc.font).toBe(font);
      expect(doc.inherit).toBe(false);
      expect(doc.title).toEqual(['Xếp hạng']);
      expect(doc.sub[0]).toContain('Kỳ: 2024-10');
      expect(doc.legend.length).toBeGreaterThanOrEqual(2);
      expect(doc.footer[0]).toBe('Nguồn: analysis ranking → ranked');
      const png = await grab('[data-cell-id="bars"] .export-png');
      writeFileSync(`${SHOTS}3-chart-export.png`, png.bytes);
      expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(760 * 2);
    });

    it('a notebook prints as a report: its title and choices on top, charts and tables, no buttons', async () => {
      await open(link(starter('so-sanh-tinh', { indicator: 'crime_reports_received', period: '2024-10' })));
      await w.page.emulateMedia({ media: 'print' });
      await w.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await w.page.pdf({ path: `${SHOTS}3-print.pdf`, format: 'A4', printBackground: true });
      const text = execFileSync('pdftotext', ['-layout', `${SHOTS}3-print.pdf`, '-']).toString('utf8');
      expect(text).toContain('So sánh các tỉnh');
      expect(text).toContain('Kỳ: 2024-10');
      expect(text).toContain('Bảng xếp hạng');
      expect(text).not.toContain('Tải về');
      expect(text).not.toContain('Hoàn tác');
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', `${SHOTS}3-print.pdf`, `${SHOTS}3-print`]);
    });
  });
});
