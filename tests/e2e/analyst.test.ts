/**
 * The explorer as an analyst uses it every day (issue 15), in a real browser against the real
 * local server: each test clicks what an analyst clicks and checks what they then see or
 * download. Screenshots go to /tmp/chitieu-analyst/ for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setInput } from '../../explorer/src/notebook/edit.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { settled } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';
import { extraOriginals, startAnalystServer } from './analyst-setup.ts';

const SHOTS = '/tmp/chitieu-analyst/';
const session = browserSession(async () => {
  mkdirSync(SHOTS, { recursive: true });
  return startAnalystServer();
});
const { server, w, link, open } = session;

function starter(id: string, inputs: Record<string, string | number> = {}): Notebook {
  let nb = structuredClone(STARTERS[id]);
  for (const [k, v] of Object.entries(inputs)) nb = setInput(nb, k, v);
  return nb;
}

/** A table (cell "tab") of the units of a ranking with one column of their own (an Arquero expression). */
function rankingWithColumn(title: string, column: string, expr: string): Notebook {
  return {
    format: 'chitieu-notebook', version: 1, title, inputs: {},
    cells: [
      { id: 'd', kind: 'data', name: 'r', source: { type: 'analysis', analysis: 'ranking', params: { indicator: 'crime_reports_received', period: '2024-10' } } },
      { id: 't', kind: 'transform', name: 'n', input: 'r', steps: [{ verb: 'derive', columns: { [column]: expr } }, { verb: 'select', columns: ['unit_name', column] }] },
      { id: 'tab', kind: 'table', title, input: 'n' },
    ],
  };
}

async function shot(name: string): Promise<void> {
  await w.page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
}

suite('the analyst’s daily tasks in Chromium', () => {
  session.install({ timeout: 300_000 });

  describe('1. "Nguồn" opens the source', () => {
    const originals = extraOriginals();
    // the narrative reports' figures are extracted and not reviewed: ranked only when asked for, marked
    const ranking = () => starter('so-sanh-tinh', { indicator: 'crime_reports_received', period: '2024-10', unreviewed: 'true' });

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
      // A library holding only a colleague's notebook (a reused warehouse may keep an earlier run's).
      rmSync(`${server.dir}/notebooks`, { recursive: true, force: true });
      mkdirSync(`${server.dir}/notebooks`, { recursive: true });
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
      await open(link(rankingWithColumn('Ghi chú', 'note', "'=HYPERLINK(1)'")));
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
  describe('4. periods that make sense', () => {
    const sql = async (q: string) => ((await (await fetch(new URL('/api/sql', server.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'e2e-api' }, body: JSON.stringify({ sql: q }) })).json()) as { rows: Record<string, unknown>[] }).rows;

    it('the board opens on the latest complete quarter; pickers offer only periods with data, by type, with a "latest" choice', async () => {
      const months = new Map((await sql("SELECT period, count(DISTINCT unit_id) AS n FROM reports WHERE period_type = 'month' GROUP BY period")).map((r) => [String(r.period), Number(r.n)]));
      const newestMonth = [...months.keys()].sort().pop()!;
      await open(link(STARTERS['dat-chua-dat']));
      // The period type is a control; the picker starts on "latest" and names the quarter it is.
      expect(await w.page.inputValue('#input-period-type')).toBe('quarter');
      expect(await w.page.inputValue('#input-period')).toBe('latest:quarter');
      const latestText = await w.page.locator('#input-period option:checked').textContent();
      const quarter = /\((\d{4}-Q\d)\)/.exec(latestText ?? '')?.[1];
      expect(quarter, latestText ?? '').toBeDefined();
      const { period } = await import('../../functions/core/calendar.ts');
      // Complete: every month of it reported, and it is the newest such quarter.
      const q = period(quarter!);
      expect(q.months.every((m) => months.has(m))).toBe(true);
      const next = period(`${q.index === 4 ? q.statYear + 1 : q.statYear}-Q${q.index === 4 ? 1 : q.index! + 1}`);
      expect(next.months.every((m) => months.has(m) && months.get(m)! >= 0.9 * Math.max(...months.values()))).toBe(false);
      expect(await w.page.locator('[data-cell-id="intro"]').textContent()).toContain(quarter!);
      // Every choice has data: nothing after the newest month, nothing of another type.
      const options = (await w.page.locator('#input-period option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => !v.startsWith('latest'));
      expect(options.length).toBeGreaterThan(0);
      for (const o of options) {
        expect(o).toMatch(/^\d{4}-Q\d$/);
        expect(period(o).months.some((m) => months.has(m))).toBe(true);
      }
      expect(options.some((o) => o.startsWith('2027'))).toBe(false);
      await shot('4-board-latest');

      // Switch the type to month: months with data only, newest first; the board follows.
      await w.page.selectOption('#input-period-type', 'month');
      await settled(w.page);
      const monthOptions = (await w.page.locator('#input-period option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => !v.startsWith('latest'));
      expect(monthOptions[0]).toBe(newestMonth);
      expect(new Set(monthOptions)).toEqual(new Set(months.keys()));
      await w.page.selectOption('#input-period', '2024-10');
      await settled(w.page);
      expect(await w.page.locator('[data-cell-id="intro"]').textContent()).toContain('2024-10');
    });
  });
  describe('5. one meaning everywhere', () => {
    const post = async (path: string, body: unknown) => ((await (await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'e2e-api' }, body: JSON.stringify(body) })).json()) as { rows: Record<string, unknown>[] });
    const viNum = (n: number, d: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: d }).format(n);

    it('quartiles and ranks follow the indicator’s direction as in the CLI; a rate’s change is in percentage points', async () => {
      const { rows } = await post('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2025-10' } });
      await open(link(starter('so-sanh-tinh', { indicator: 'crime_report_resolution_rate', period: '2025-10' })));
      const headers = await w.page.locator('[data-cell-id="table"] thead th').allTextContents();
      expect(headers).toContain('Thay đổi (điểm %)');
      const bandCol = headers.indexOf('Nhóm tứ phân vị');
      const changeCol = headers.findIndex((x) => x.startsWith('Thay đổi'));
      const nameCol = headers.indexOf('Đơn vị');
      const shown = await w.page.$$eval('[data-cell-id="table"] .table-view tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
      expect(shown.length).toBeGreaterThan(0);
      for (const r of shown) {
        const api = rows.find((x) => x.unit_name === r[nameCol])!;
        // The band is the analysis's quartile (Q1 = best quarter by the indicator's direction).
        expect(r[bandCol]).toBe(`Q${api.quartile}`);
        if (api.previous_value !== null) {
          const change = Number(api.value) - Number(api.previous_value);
          expect(r[changeCol]).toBe(`${change > 0 ? '+' : change < 0 ? '−' : ''}${viNum(Math.abs(change), 1)}\u00a0điểm %`);
        }
      }
      // Rank 1 is the best value of a higher-is-better rate, and in Q1.
      const best = rows.reduce((a, b) => (Number(b.value) > Number(a.value) ? b : a));
      expect(shown[0][nameCol]).toBe(best.unit_name);
      expect(shown[0][bandCol]).toBe('Q1');
      expect(await w.page.locator('[data-cell-id="intro"]').textContent()).toContain('Q1 là một phần tư tốt nhất');
      await shot('5-quartiles');
    });

    it('statuses and flags read in the page’s language both ways', async () => {
      await open(link(starter('dat-chua-dat', { period: '2024-Y' })));
      await w.page.click('#lang-toggle');
      await settled(w.page);
      const statuses = new Set(await w.page.$$eval('[data-cell-id="table"] .table-view tbody tr', (trs) => trs.map((tr) => tr.children[4]?.textContent ?? '')));
      expect([...statuses].every((s) => ['Met', 'Missed', 'No data'].includes(s)), [...statuses].join('|')).toBe(true);
      const legend = await w.page.locator('[data-cell-id="grid"] figure').first().textContent();
      expect(legend).toContain('Missed');
      expect(legend).not.toContain('Chưa đạt');
      await shot('5-board-english');

      // Flags stored as English codes read in Vietnamese.
      await w.page.click('#lang-toggle');
      await open(link(rankingWithColumn('Cờ', 'flags', "'unverified, inferred'")));
      expect(await w.page.locator('[data-cell-id="tab"] tbody tr td').nth(1).textContent()).toBe('chưa kiểm chứng, suy ra');
    });

    it('a SQL cell reports the engine’s own time, in seconds from a second on', async () => {
      const nb: Notebook = {
        format: 'chitieu-notebook', version: 1, title: 'SQL', inputs: {},
        cells: [{ id: 'q', kind: 'sql', name: 'q', sql: 'SELECT indicator, count(*) AS n FROM current_values GROUP BY indicator' }],
      };
      const answer = w.page.waitForResponse(async (r) => r.url().endsWith('/api/sql') && !(r.request().postData() ?? '').includes('estimate_only'));
      await w.page.goto(link(nb));
      await w.page.locator('[data-cell-id="q"] .run-sql, [data-cell-id="q"] .table-view').first().waitFor();
      if (await w.page.locator('[data-cell-id="q"] .run-sql').count()) await w.page.click('[data-cell-id="q"] .run-sql');
      const stats = ((await (await answer).json()) as { stats: { executionMs: number } }).stats;
      await settled(w.page);
      const summary = await w.page.locator('[data-cell-id="q"]').textContent();
      const ms = stats.executionMs;
      expect(summary).toContain(`thời gian truy vấn ${ms < 1000 ? `${viNum(ms, 0)} ms` : `${viNum(ms / 1000, 1)} giây`}`);
      const { formatDuration } = await import('../../explorer/src/i18n/i18n.ts');
      expect(formatDuration(4133)).toBe('4,1 giây');
    });
  });
  describe('6. readable charts', () => {
    const post = async (path: string, body: unknown) => ((await (await fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'e2e-api' }, body: JSON.stringify(body) })).json()) as { rows: Record<string, unknown>[] });

    it('a ranking is sorted dots on the values’ own range, tile tips name the province not the grid, labels keep their size', async () => {
      const { rows } = await post('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2025-10' } });
      await open(link(starter('so-sanh-tinh', { indicator: 'crime_report_resolution_rate', period: '2025-10' })));
      const dots = await w.page.$$eval('[data-cell-id="bars"] svg g[aria-label="dot"] circle', (c) => c.length);
      expect(dots).toBe(rows.filter((r) => r.value !== null).length);
      const yTicks = await w.page.$$eval('[data-cell-id="bars"] svg g[aria-label="y-axis tick label"] text', (t) => t.map((x) => x.textContent));
      const sorted = rows.filter((r) => r.value !== null).sort((a, b) => Number(b.value) - Number(a.value)).map((r) => r.unit_name);
      expect(yTicks).toEqual(sorted);
      const xTicks = await w.page.$$eval('[data-cell-id="bars"] svg g[aria-label="x-axis tick label"] text', (t) => t.map((x) => Number((x.textContent ?? '').replace(/\./g, '').replace(',', '.'))));
      const min = Math.min(...rows.map((r) => Number(r.value)).filter(Number.isFinite));
      expect(xTicks[0]).toBeGreaterThan(0);
      expect(xTicks[0]).toBeLessThanOrEqual(min);
      // Labels are drawn at their size (12 px), not shrunk to fit.
      const scale = await w.page.$eval('[data-cell-id="bars"] svg', (svg) => svg.getBoundingClientRect().width / Number(svg.getAttribute('width')));
      expect(scale).toBeGreaterThanOrEqual(1);
      await w.page.locator('[data-cell-id="bars"]').screenshot({ path: `${SHOTS}6-ranking-dots.png` });

      // The tile map's tip: province name and value, no grid coordinates.
      const tile = w.page.locator('[data-cell-id="tiles"] svg g[aria-label="cell"]').nth(1).locator('rect[fill^="rgb"], rect[fill^="#"]').first();
      await tile.hover({ force: true });
      await w.page.locator('[data-cell-id="tiles"] g[aria-label="tip"] text').first().waitFor();
      const tip = await w.page.locator('[data-cell-id="tiles"] g[aria-label="tip"]').textContent();
      expect(tip).not.toMatch(/col|row/);
      expect(tip).toMatch(/Tên|Giá trị/);
    });

    it('scatter labels do not overlap', async () => {
      await open(link(starter('hai-chi-tieu', { period: '2025-Y' })));
      const boxes = await w.page.$$eval('[data-cell-id="scatter"] svg g[aria-label="text"] text', (ts) => ts.filter((t) => t.getAttribute('visibility') !== 'hidden').map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }));
      expect(boxes.length).toBeGreaterThan(2);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a[0] < b[1] - 1 && b[0] < a[1] - 1 && a[2] < b[3] - 1 && b[2] < a[3] - 1;
        expect(overlap, JSON.stringify([a, b])).toBe(false);
      }
      await w.page.locator('[data-cell-id="scatter"]').screenshot({ path: `${SHOTS}6-scatter.png` });
    });

    it('clicking a province on the board drills into its units', async () => {
      await open(link(starter('dat-chua-dat', { period: '2024-Y' })));
      const units = (await (await fetch(new URL('/api/units', server.url), { headers: { 'x-forwarded-for': 'e2e-api' } })).json()) as { units: Array<{ id: string; name: string; parent_id: string | null }> };
      const socTrang = units.units.find((u) => u.id === 'p63-94')!;
      // The column of Sóc Trăng: hover its first cell, then click.
      const cells = w.page.locator('[data-cell-id="grid"] svg g[aria-label="cell"] rect');
      const n = await cells.count();
      let clicked = false;
      for (let i = 0; i < n && !clicked; i++) {
        await cells.nth(i).hover();
        const tip = await w.page.locator('[data-cell-id="grid"] g[aria-label="tip"]').textContent().catch(() => '');
        if (tip?.includes(socTrang.name)) {
          await cells.nth(i).click();
          clicked = true;
        }
      }
      expect(clicked).toBe(true);
      await w.page.waitForFunction(() => (document.getElementById('input-province') as HTMLSelectElement | null)?.value === 'p63-94');
      await settled(w.page);
      expect(await w.page.inputValue('#input-level')).toBe('district');
      const districts = new Set(units.units.filter((u) => u.parent_id === 'p63-94').map((u) => u.name));
      const xLabels = await w.page.$$eval('[data-cell-id="grid"] svg g[aria-label="x-axis tick label"] text', (t) => t.map((x) => x.textContent ?? ''));
      expect(xLabels.length).toBeGreaterThan(0);
      for (const l of xLabels) expect(districts.has(l), l).toBe(true);
      // "Units missing the most targets": a bar per unit that missed one, never a bar of zero
      // (every district here met its targets in 2024: the chart says there is nothing to draw).
      const missed = w.page.locator('[data-cell-id="missed_chart"]');
      const widths = await missed.locator('svg g[aria-label="bar"] rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
      for (const width of widths) expect(width).toBeGreaterThan(0);
      if (!widths.length) expect(await missed.locator('.no-data').textContent()).toContain('Không có số liệu để vẽ');
      await shot('6-board-drilled');
    });
  });
  describe('8. the digest inside the explorer', () => {
    it('the latest comparison opens from the header; past ones are listed and open too', async () => {
      await open(link(STARTERS['xu-huong']));
      await w.page.click('#open-digest');
      await w.page.locator('#digest-heading', { hasText: '2025-10' }).waitFor();
      expect(await w.page.textContent('#digest-heading')).toContain('Mới nhất');
      expect(await w.page.locator('#digest-list .digest-period').allTextContents()).toEqual(['2025-10 (mới nhất)', '2025-09']);
      const body = w.page.frameLocator('#digest-frame').locator('body');
      await expect.poll(async () => (await body.textContent()) ?? '').toContain('Tháng 10/2025');
      await shot('8-digest');
      await w.page.click('#digest-list .digest-period[data-period="2025-09"]');
      await w.page.locator('#digest-heading', { hasText: '2025-09' }).waitFor();
      await expect.poll(async () => (await body.textContent()) ?? '').toContain('Tháng 9/2025');
      // The digest runs no script in the page: its frame is sandboxed.
      expect(await w.page.getAttribute('#digest-frame', 'sandbox')).toBe('');
    });
  });
  describe('7. analysis without code', () => {
    it('the SQL cell offers the schema and completion, answers at once, and explains a misspelt column in Vietnamese with its place', async () => {
      await open(link(STARTERS['hai-chi-tieu']));
      await w.page.selectOption('#add-kind', 'sql');
      await w.page.click('#add-cell');
      const cell = w.page.locator('.cell').last();
      // The schema browser: relations with their columns and descriptions from data-schemas.
      await cell.locator('.schema-relation summary', { hasText: 'current_values' }).click();
      expect(await cell.locator('.schema-relation', { hasText: 'current_values' }).textContent()).toContain('span_start');
      expect(await cell.locator('.schema-relation', { hasText: 'current_values' }).textContent()).toContain('Start offset of the figure');
      // Completion: type a prefix, take the suggestion with Tab.
      const ta = cell.locator('textarea.sql-text');
      await ta.fill('');
      await ta.pressSequentially('SELECT indicator, count(*) AS n FROM curr');
      await cell.locator('.sql-complete button', { hasText: 'current_values' }).waitFor();
      await ta.press('Tab');
      await ta.pressSequentially(' GROUP BY indicator ORDER BY indicator');
      expect(await ta.inputValue()).toBe('SELECT indicator, count(*) AS n FROM current_values GROUP BY indicator ORDER BY indicator');
      await w.page.screenshot({ path: `${SHOTS}7-sql-editor.png` });
      await cell.locator('button.apply').click();
      // The answer at once, no click.
      await cell.locator('.table-view tbody tr').first().waitFor();
      // Polled: the cell may draw its table a second time as the answer settles.
      await expect.poll(() => cell.locator('.table-view tbody tr').count()).toBeGreaterThan(3);

      // A misspelt column: a message in Vietnamese naming the column and where it is.
      await cell.locator('button.edit').click();
      await cell.locator('textarea.sql-text').fill('SELECT indicatr FROM current_values');
      await cell.locator('button.apply').click();
      await cell.locator('.error').waitFor();
      const err = await cell.locator('.error').textContent();
      expect(err).toContain('Không có cột "indicatr"');
      expect(err).toMatch(/dòng 1/);
      expect(err).not.toContain('Binder Error');
      await cell.screenshot({ path: `${SHOTS}7-sql-error.png` });
      // The browser logs the 400 it was answered; that one is expected.
      w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !e.includes('status of 400')));
    });
    it('a point-and-click pivot recomputes a rate from numerator and denominator, refuses to mix indicators, and draws the chart picked', async () => {
      const sqlText = "SELECT unit_id, period, indicator, value, numerator, denominator FROM current_values WHERE indicator IN ('crime_report_resolution_rate', 'crime_reports_received') AND period IN ('2025-09', '2025-10') AND scope = 'unit'";
      const nb: Notebook = { format: 'chitieu-notebook', version: 1, title: 'Tổng hợp', inputs: {}, cells: [{ id: 'q', kind: 'sql', name: 'q', sql: sqlText, max_rows: 5000 }] };
      await open(link(nb));
      const raw = ((await (await fetch(new URL('/api/sql', server.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': 'e2e-api' }, body: JSON.stringify({ sql: sqlText, max_rows: 5000 }) })).json()) as { columns: Array<{ name: string } | string>; rows: unknown[][] | Record<string, unknown>[] });
      const names = raw.columns.map((c) => (typeof c === 'string' ? c : c.name));
      const rows = (raw.rows as unknown[]).map((r) => (Array.isArray(r) ? Object.fromEntries(names.map((n, i) => [n, r[i]])) : r) as Record<string, unknown>);
      await w.page.click('[data-cell-id="q"] .open-pivot');
      await w.page.locator('#pivot-rows').waitFor();
      await w.page.selectOption('#pivot-rows', 'period');
      // Without choosing an indicator, a cell would mix two: it says so instead of adding them up.
      await w.page.selectOption('#pivot-filter-field', 'indicator');
      expect(await w.page.locator('.pivot-table td').first().textContent()).toBe('—');
      expect(await w.page.locator('.pivot-explain').textContent()).toContain('nhiều chỉ tiêu');
      await w.page.selectOption('#pivot-filter-value', ['crime_report_resolution_rate']);
      const shown = await w.page.$$eval('.pivot-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
      expect(shown.map((r) => r[0])).toEqual(['2025-09', '2025-10']);
      for (const [period, text] of shown) {
        const of = rows.filter((r) => r.period === period && r.indicator === 'crime_report_resolution_rate');
        const ratio = (of.reduce((a, r) => a + Number(r.numerator), 0) / of.reduce((a, r) => a + Number(r.denominator), 0)) * 100;
        const mean = of.reduce((a, r) => a + Number(r.value), 0) / of.length;
        expect(text).toBe(new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(Math.round(ratio * 10) / 10));
        expect(Math.abs(mean - ratio)).toBeGreaterThan(0);
      }
      await w.page.locator('[data-cell-id="q"]').screenshot({ path: `${SHOTS}7-pivot-table.png` });
      // Counts are summed: rows = unit, columns = period, the count indicator.
      await w.page.selectOption('#pivot-filter-value', ['crime_reports_received']);
      await w.page.selectOption('#pivot-chart', 'bar');
      await w.page.locator('.pivot-out svg g[aria-label="bar"] rect').first().waitFor();
      expect(await w.page.locator('.pivot-out svg g[aria-label="bar"] rect').count()).toBe(2);
      await w.page.locator('[data-cell-id="q"]').screenshot({ path: `${SHOTS}7-pivot-bars.png` });
    });

    it('the pivot is kept in the notebook: its link and the saved notebook open on the same table', async () => {
      const sqlText = "SELECT unit_id, period, indicator, value, numerator, denominator FROM current_values WHERE indicator IN ('crime_report_resolution_rate', 'crime_reports_received') AND period IN ('2025-09', '2025-10') AND scope = 'unit'";
      const nb: Notebook = { format: 'chitieu-notebook', version: 1, title: 'Tổng hợp đã lưu', inputs: {}, cells: [{ id: 'q', kind: 'sql', name: 'q', sql: sqlText, max_rows: 5000 }] };
      const pivotTable = () => w.page.$$eval('[data-cell-id="q"] .pivot-table tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
      await open(link(nb));
      await w.page.click('[data-cell-id="q"] .open-pivot');
      await w.page.locator('#pivot-rows').waitFor();
      await w.page.selectOption('#pivot-rows', 'unit_id');
      await w.page.selectOption('#pivot-cols', 'period');
      await w.page.selectOption('#pivot-filter-field', 'indicator');
      await w.page.selectOption('#pivot-filter-value', ['crime_reports_received']);
      const built = await pivotTable();
      expect(built[0]).toEqual(['Mã đơn vị', '2025-09', '2025-10']);
      expect(built.length).toBeGreaterThan(3);

      // The link in the address bar opens on the same pivot, already open.
      await w.page.waitForFunction(() => location.hash.startsWith('#nb='));
      const permalink = await w.page.evaluate(() => location.href);
      await w.page.goto('about:blank');
      await open(permalink);
      await w.page.locator('[data-cell-id="q"] .pivot-table').waitFor();
      expect(await w.page.getAttribute('[data-cell-id="q"] .open-pivot', 'aria-expanded')).toBe('true');
      expect(await w.page.inputValue('#pivot-cols')).toBe('period');
      expect(await pivotTable()).toEqual(built);

      // Saved, reloaded, opened from the library: the same table (a reused warehouse may keep an earlier run's).
      rmSync(`${server.dir}/notebooks`, { recursive: true, force: true });
      await w.page.click('#save-server');
      await w.page.fill('#save-name', 'Tiếp nhận theo đơn vị (bảng tổng hợp)');
      await w.page.click('#save-confirm');
      await w.page.locator('.flash.note', { hasText: 'Đã lưu' }).waitFor();
      await open(server.url);
      await w.page.click('#open-library');
      await w.page.fill('#library-search', 'bang tong hop');
      await w.page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 1);
      await w.page.click('#library-list .lib-open');
      await w.page.locator('#saved-name').waitFor();
      await settled(w.page);
      await w.page.locator('[data-cell-id="q"] .pivot-table').waitFor();
      expect(await pivotTable()).toEqual(built);
      expect(await w.page.inputValue('#pivot-rows')).toBe('unit_id');
      await w.page.locator('[data-cell-id="q"]').screenshot({ path: `${SHOTS}7-pivot-restored.png` });

      // Closing the pivot is kept too: the address then opens without it.
      await w.page.click('[data-cell-id="q"] .open-pivot');
      await w.page.waitForFunction(() => location.hash.startsWith('#nb='));
      const closed = await w.page.evaluate(() => location.href);
      await w.page.goto('about:blank');
      await open(closed);
      expect(await w.page.locator('[data-cell-id="q"] .pivot').count()).toBe(0);
    });
  });
});
