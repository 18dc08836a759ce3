/**
 * The explorer in a real browser (Debian Chromium via playwright-core) against the real local
 * server on a `small` warehouse: starter notebooks, editing, SQL, permalinks, exports, language,
 * no console errors, no request to another origin.
 */
import { afterAll, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { setInput } from '../../explorer/src/notebook/edit.ts';
import { STARTERS, STARTER_ORDER } from '../../explorer/src/starters/index.ts';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { settled, startTestServer } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const session = browserSession(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  return startTestServer();
});
const { server, w, link, open, tableRows, api } = session;
const timings: Record<string, number> = {};

const vi = (n: number, digits = 2): string => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits }).format(n);

/** Picks each value of an input in turn; the slowest re-render (ms) the page measured. */
async function slowestSwitch(input: string, values: string[]): Promise<number> {
  const times: number[] = [];
  for (const v of values) {
    const n = Number((await w.page.evaluate(() => document.body.dataset.rerendered)) ?? 0);
    await w.page.selectOption(input, v);
    await w.page.waitForFunction((k) => Number(document.body.dataset.rerendered ?? 0) > k, n);
    times.push(await w.page.evaluate(() => {
      const m = performance.getEntriesByName('chitieu:rerender');
      return m[m.length - 1].duration;
    }));
  }
  return Math.max(...times);
}

suite('explorer in Chromium', () => {
  session.install();

  afterAll(() => {
    if (Object.keys(timings).length) console.log('explorer timings (ms):', JSON.stringify(timings));
  });

  it.each(STARTER_ORDER)('starter %s renders its charts', async (id) => {
    const t0 = Date.now();
    await open(link(STARTERS[id]));
    timings[`first-chart:${id}`] = await w.page.evaluate(() => performance.getEntriesByName('chitieu:first-chart')[0]?.startTime ?? -1);
    timings[`settled:${id}`] = Date.now() - t0;
    const errors = await w.page.$$eval('.cell .error', (els) => els.map((e) => e.textContent));
    expect(errors).toEqual([]);
    const charts = STARTERS[id].cells.filter((c) => c.kind === 'chart');
    for (const c of charts) {
      // Plot's ARIA groups are kept: each chart has a labelled mark group with marks in it.
      const groups = await w.page.$$eval(`[data-cell-id="${c.id}"] svg g[aria-label]`, (gs) => gs.map((g) => g.getAttribute('aria-label')));
      const noData = await w.page.$(`[data-cell-id="${c.id}"] .no-data`);
      if (noData) continue; // e.g. no same period last year in the small warehouse
      expect(groups.length, `${id}/${c.id} aria groups`).toBeGreaterThan(0);
    }
    await w.page.screenshot({ path: `${ARTIFACTS}${id}.png`, fullPage: true });
  });

  it('shows the API numbers: ranking values in vi-VN format, bars per province', async () => {
    await open(link(STARTERS['so-sanh-tinh']));
    const { rows } = await api('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2024-Y' } });
    const shown = await tableRows('table');
    expect(shown.length).toBe(rows.length);
    for (const r of rows) {
      const line = shown.find((s) => s[1] === r.unit_name);
      expect(line, String(r.unit_name)).toBeDefined();
      expect(line![0]).toBe(String(r.rank));
      // A rate is shown as a percentage (one decimal), like the rest of the page.
      expect(line![2]).toBe(`${vi(r.value as number, 1)}\u00a0%`);
    }
    // The ranking is drawn as dots (one per province with a value).
    const bars = await w.page.$$eval('[data-cell-id="bars"] svg g[aria-label="dot"] circle', (r) => r.length);
    expect(bars).toBe(rows.length);
    // The tile map draws one tile per province of the era (63 here) with the data ones filled.
    const tiles = await w.page.$$eval('[data-cell-id="tiles"] svg g[aria-label="cell"]', (gs) => gs.map((g) => g.querySelectorAll('rect').length));
    expect(tiles).toContain(63);
    // Axis ticks use the decimal comma or plain integers, never an English decimal point.
    const ticks = await w.page.$$eval('[data-cell-id="bars"] svg g[aria-label="x-axis tick label"] text', (t) => t.map((x) => x.textContent ?? ''));
    expect(ticks.some((t) => /\d\.\d/.test(t) && !/\d\.\d{3}/.test(t))).toBe(false);
  });

  it('trend numbers match the API and the synthetic label is shown', async () => {
    await open(link(STARTERS['xu-huong']));
    const { rows } = await api('/api/query/trend', { params: { indicator: 'crime_report_resolution_rate', units: STARTERS['xu-huong'].inputs.provinces.value, from: 2016, to: 2025, period_type: 'year', geography: 'as_2025' } });
    expect(rows.length).toBeGreaterThan(0);
    const shown = await tableRows('table');
    expect(shown.length).toBe(rows.length);
    for (const r of rows) expect(shown.some((s) => s[0] === r.unit_name && s[1] === r.period && s[2] === vi(r.value as number))).toBe(true);
    expect(await w.page.textContent('#synthetic-badge')).toContain('Dữ liệu mô phỏng');
    expect(shown.every((s) => s[5].includes('mô phỏng'))).toBe(true);
    // The target rule of the catalog is drawn.
    expect(await w.page.$$eval('[data-cell-id="chart"] svg g[aria-label="rule"]', (g) => g.length)).toBeGreaterThan(0);
  });

  it('switching an input re-runs only the cells that read it, and is fast', async () => {
    await open(link(STARTERS['hai-chi-tieu']));
    const before = await w.page.$$eval('[data-cell-id="rx"] summary', (s) => s[0]?.textContent);
    timings['rerender-ms'] = await slowestSwitch('#input-indicator_y', ['prosecution_correct_offence_rate', 'crime_report_resolution_rate', 'prosecution_correct_offence_rate']);
    // rank_x did not re-run: same summary (its timing included).
    expect(await w.page.$$eval('[data-cell-id="rx"] summary', (s) => s[0]?.textContent)).toBe(before);
    const { rows } = await api('/api/query/ranking', { params: { indicator: 'prosecution_correct_offence_rate', period: '2024-Y' } });
    expect(await w.page.$$eval('[data-cell-id="scatter"] svg g[aria-label="dot"] circle', (c) => c.length)).toBe(rows.length);
  });

  it('briefing board: met / missed from the API, drill-down to units, values linked to their reports', async () => {
    await open(link(setInput(STARTERS['dat-chua-dat'], 'period', '2024-Y')));
    const { rows } = await api('/api/query/attainment', { params: { period: '2024-Y', level: 'province' } });
    const missed = rows.filter((r) => r.met === false).length;
    expect(await w.page.$$eval('[data-cell-id="table"] tbody tr.missed', (t) => t.length)).toBe(missed);
    const cells = await w.page.$$eval('[data-cell-id="grid"] svg g[aria-label="cell"] rect', (r) => r.map((x) => x.getAttribute('fill')));
    expect(cells.length).toBe(rows.length);
    expect(cells.filter((f) => f === '#c62828').length).toBe(missed);
    // The reports behind the first value.
    await w.page.click('[data-cell-id="table"] tbody tr:first-child button.link');
    await w.page.locator('.sources li').first().waitFor();
    expect(await w.page.locator('.sources li').count()).toBeGreaterThan(0);
    expect(await w.page.textContent('.sources')).toMatch(/\.json|\.csv|\.xlsx|\.docx|\.txt/);
    // Drill down: districts of Sóc Trăng only.
    const n = Number((await w.page.evaluate(() => document.body.dataset.rerendered)) ?? 0);
    await w.page.selectOption('#input-level', 'district');
    await w.page.waitForFunction((k) => Number(document.body.dataset.rerendered ?? 0) > k, n);
    await w.page.selectOption('#input-province', 'p63-94');
    await w.page.waitForFunction((k) => Number(document.body.dataset.rerendered ?? 0) > k + 1, n);
    await settled(w.page);
    const districts = await api('/api/query/attainment', { params: { period: '2024-Y', level: 'district' } });
    const units = (await api('/api/units')) as unknown as { units: Array<{ id: string; parent_id: string | null }> };
    const ofSocTrang = new Set(units.units.filter((u) => u.parent_id === 'p63-94').map((u) => u.id));
    const expected = districts.rows.filter((r) => ofSocTrang.has(String(r.unit_id))).length;
    expect(expected).toBeGreaterThan(0);
    expect(await w.page.$$eval('[data-cell-id="grid"] svg g[aria-label="cell"] rect', (r) => r.length)).toBe(expected);
  });

  it('adds a transform cell and a chart cell', async () => {
    await open(link(STARTERS['so-sanh-tinh']));
    const { rows } = await api('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2024-Y' } });
    const threshold = [...rows.map((r) => r.value as number)].sort((a, b) => a - b)[1];
    const expected = rows.filter((r) => (r.value as number) > threshold).length;

    await w.page.selectOption('#add-kind', 'transform');
    await w.page.click('#add-cell');
    const cell = w.page.locator('.cell').last();
    await cell.locator('.name-input').fill('top');
    await cell.locator('.input-select').selectOption('ranking');
    await cell.locator('.add-step').click();
    await cell.locator('select.verb').last().selectOption('filter');
    await cell.locator('.step-text').last().fill(`d.value > ${threshold}`);
    await cell.locator('.add-step').click();
    await cell.locator('select.verb').last().selectOption('orderby');
    await cell.locator('.step-text').last().fill('-value');
    await cell.locator('button.apply').click();
    await settled(w.page);
    expect(await cell.getAttribute('data-status')).toBe('ok');
    expect(await cell.locator('summary').textContent()).toContain(`${expected} dòng`);

    await w.page.selectOption('#add-kind', 'chart');
    await w.page.click('#add-cell');
    const chart = w.page.locator('.cell').last();
    await chart.locator('.input-select').selectOption('top');
    await chart.locator('select').nth(1).selectOption('dot');
    await chart.locator('input[aria-label="x"]').fill('value');
    await chart.locator('input[aria-label="y"]').fill('unit_name');
    await chart.locator('button.apply').click();
    await settled(w.page);
    expect(await chart.locator('svg g[aria-label="dot"] circle').count()).toBe(expected);

    // Undo takes back the last change (the chart's settings), then the one before (adding it).
    await w.page.click('#undo');
    await settled(w.page);
    expect(await chart.locator('svg g[aria-label="dot"]').count()).toBe(0);
    await w.page.click('#undo');
    await settled(w.page);
    expect(await w.page.locator('.cell-chart').count()).toBe(STARTERS['so-sanh-tinh'].cells.filter((c) => c.kind === 'chart').length);
    expect(await w.page.locator('[data-kind="transform"]').count()).toBe(2);
  });

  it('runs a cheap ad-hoc SQL cell at once and shows its answer, and shows a refusal', async () => {
    await open(link(STARTERS['hai-chi-tieu']));
    await w.page.selectOption('#add-kind', 'sql');
    await w.page.click('#add-cell');
    const cell = w.page.locator('.cell').last();
    await cell.locator('textarea').fill("SELECT count(*) AS n FROM current_values WHERE indicator = 'crime_report_resolution_rate'");
    await cell.locator('button.apply').click();
    // Locally a query costs a fraction of a cent: no confirmation, the answer is shown at once.
    await cell.locator('.table-view td').first().waitFor();
    await settled(w.page);
    expect(await cell.locator('button.run-sql').count()).toBe(0);
    const { rows } = await api('/api/sql', { sql: "SELECT count(*) AS n FROM current_values WHERE indicator = 'crime_report_resolution_rate'" });
    const n = Number(rows[0].n);
    expect(await cell.locator('.table-view td').first().textContent()).toBe(vi(n));

    await w.page.selectOption('#add-kind', 'sql');
    await w.page.click('#add-cell');
    const bad = w.page.locator('.cell').last();
    await bad.locator('textarea').fill('DROP TABLE reports');
    await bad.locator('button.apply').click();
    await bad.locator('.error').waitFor();
    const refused = await fetch(new URL('/api/sql', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'DROP TABLE reports', estimate_only: true }) });
    const body = (await refused.json()) as { error: { message_vi: string } };
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await bad.locator('.error').textContent()).toContain(body.error.message_vi);
    // A refused query is an expected answer, but the browser logs the 4xx response: not an app error.
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 422|status of 400/.test(e)));
  });

  it('restores the same notebook from its permalink', async () => {
    await open(link(setInput(STARTERS['sap-nhap-2025'], 'province', 'p34-44')));
    await w.page.selectOption('#add-kind', 'markdown');
    await w.page.click('#add-cell');
    const md = w.page.locator('.cell').last();
    await md.locator('textarea').fill('## Ghi chú\nTỉnh **{{province}}**');
    await md.locator('button.apply').click();
    await w.page.selectOption('#input-from', { index: 0 }).catch(() => undefined);
    await w.page.fill('#input-from', '2018');
    await w.page.press('#input-from', 'Enter');
    await w.page.locator('#input-from').dispatchEvent('change');
    await settled(w.page);
    const saved = await w.page.evaluate(() => JSON.stringify((window as unknown as { chitieu: { notebook: unknown } }).chitieu.notebook));
    const url = w.page.url();
    expect(url).toContain('#nb=');
    const second = await w.context.newPage();
    await second.goto(url);
    await settled(second);
    const restored = await second.evaluate(() => JSON.stringify((window as unknown as { chitieu: { notebook: unknown } }).chitieu.notebook));
    expect(restored).toBe(saved);
    expect(await second.locator('.cell').last().textContent()).toContain('p34-44');
    expect(JSON.parse(restored).inputs.from.value).toBe(2018);
  });

  it('saves a notebook on the server and opens it again', async () => {
    await open(link(setInput(STARTERS['hai-chi-tieu'], 'period', '2025-Y')));
    await w.page.click('#save-server');
    await w.page.click('#save-confirm');
    await w.page.locator('.flash.note').waitFor();
    const note = await w.page.locator('.flash.note').textContent();
    const href = /(http\S+#saved=[A-Za-z0-9_-]+)/.exec(note ?? '')?.[1];
    expect(href, note ?? '').toBeDefined();
    const saved = await w.page.evaluate(() => JSON.stringify((window as unknown as { chitieu: { notebook: unknown } }).chitieu.notebook));
    const again = await w.context.newPage();
    await again.goto(href!);
    // Until the saved notebook arrives the page may show another one (without a period input).
    await again.waitForFunction((p) => (window as unknown as { chitieu?: { notebook?: { inputs?: { period?: { value: string } } } } }).chitieu?.notebook?.inputs?.period?.value === p, '2025-Y');
    await settled(again);
    expect(await again.evaluate(() => JSON.stringify((window as unknown as { chitieu: { notebook: unknown } }).chitieu.notebook))).toBe(saved);
  });

  it('exports CSV, XLSX, SVG, PNG and the notebook JSON', async () => {
    await open(link(STARTERS['so-sanh-tinh']));
    const { rows } = await api('/api/query/ranking', { params: { indicator: 'crime_report_resolution_rate', period: '2024-Y' } });
    const grab = async (selector: string): Promise<Buffer> => {
      const [dl] = await Promise.all([w.page.waitForEvent('download'), w.page.click(selector)]);
      return readFileSync((await dl.path())!);
    };
    const csv = (await grab('[data-cell-id="table"] .export-csv')).toString('utf8').replace(/^\uFEFF/, '');
    // The table as shown: Vietnamese headers, one line per row, then a blank line and the description.
    const lines = csv.split(/\r?\n/);
    expect(lines[0].split(',')).toContain('Đơn vị');
    expect(lines.indexOf('') - 1).toBe(rows.length);

    const xlsx = await grab('[data-cell-id="table"] .export-xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    const ws = wb.worksheets[0];
    // Title, choices, a blank row, the header, the rows.
    expect(ws.rowCount - 4).toBe(rows.length);
    const header = (ws.getRow(4).values as unknown[]).slice(1);
    const valueCol = header.indexOf('Giá trị') + 1;
    const nameCol = header.indexOf('Đơn vị') + 1;
    for (let i = 5; i <= ws.rowCount; i++) {
      const r = rows.find((x) => x.unit_name === ws.getRow(i).getCell(nameCol).value);
      expect(ws.getRow(i).getCell(valueCol).value).toBe(r!.value);
    }

    const svg = (await grab('[data-cell-id="bars"] .export-svg')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('aria-label="dot"');
    const png = await grab('[data-cell-id="bars"] .export-png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(2000);

    const json = JSON.parse((await grab('#export-json')).toString('utf8'));
    expect(json).toMatchObject({ format: 'chitieu-notebook', version: 1, starter: 'so-sanh-tinh' });
  });

  it('toggles the language and formats numbers for it', async () => {
    await open(link(STARTERS['so-sanh-tinh']));
    expect(await w.page.getAttribute('html', 'lang')).toBe('vi');
    expect(await w.page.textContent('#nb-title')).toBe('So sánh các tỉnh');
    const viCell = (await tableRows('table'))[0][2];
    await w.page.click('#lang-toggle');
    await settled(w.page);
    expect(await w.page.getAttribute('html', 'lang')).toBe('en');
    expect(await w.page.textContent('#nb-title')).toBe('Compare provinces');
    expect(await w.page.textContent('#add-cell')).toContain('Add cell');
    const enCell = (await tableRows('table'))[0][2];
    expect(enCell).toBe(viCell.replace(',', '.'));
    await w.page.click('#lang-toggle');
    expect(await w.page.getAttribute('html', 'lang')).toBe('vi');
  });

  it('searches the catalog without diacritics', async () => {
    await open(link(STARTERS['xu-huong']));
    await w.page.click('#open-catalog');
    await w.page.fill('#catalog-search', 'ty le giai quyet to giac');
    const codes = await w.page.$$eval('.catalog-panel .indicator', (d) => d.map((x) => x.getAttribute('data-code')));
    expect(codes).toContain('crime_report_resolution_rate');
    expect(codes.length).toBeLessThan(10);
    await w.page.fill('#catalog-search', 'Tỷ lệ truy tố đúng thời hạn');
    expect(await w.page.$$eval('.catalog-panel .indicator', (d) => d.map((x) => x.getAttribute('data-code')))).toContain('prosecution_on_time_rate');
    await w.page.keyboard.press('Escape');
    expect(await w.page.$('.catalog-panel')).toBeNull();
  });

  it('renders markdown and report strings without HTML injection', async () => {
    const nb: Notebook = {
      format: 'chitieu-notebook', version: 1, title: '<img src=x onerror="window.pwned=1">',
      inputs: { who: { type: 'text', label_vi: '<b>x</b>', label_en: 'x', value: '<script>window.pwned=2</script>' } },
      cells: [
        { id: 'm', kind: 'markdown', text: '# T <img src=x onerror="window.pwned=3">\n\n[click](javascript:window.pwned=4) and {{who}}\n\n<iframe src="https://example.com"></iframe>' },
      ],
    };
    await open(link(nb));
    expect(await w.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await w.page.$$('.cell img, .cell iframe, .cell script, header img')).toHaveLength(0);
    expect(await w.page.$$eval('.cell a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([]);
    expect(await w.page.textContent('.cell .markdown')).toContain('<script>window.pwned=2</script>');
  });

  it('reads the published extracts, and falls back to the named analysis when an extract is missing', async () => {
    await open(link(STARTERS['xu-huong']));
    const published = (await fetch(new URL('/data/manifest.json', server.url))).ok;
    expect(await w.page.textContent('[data-cell-id="values"] summary')).toContain(published ? 'extract provinces-year' : 'analysis trend');
    const nb = structuredClone(STARTERS['xu-huong']);
    const values = nb.cells.find((c) => c.id === 'values') as { source: { name: string } };
    values.source.name = 'not-published';
    await open(link(nb));
    expect(await w.page.textContent('[data-cell-id="values"] summary')).toContain('analysis trend');
    expect(await w.page.getAttribute('[data-cell-id="chart"]', 'data-status')).toBe('ok');
    // Switching indicator with the extract in memory is a client-side re-render.
    await open(link(STARTERS['xu-huong']));
    timings['indicator-switch-ms'] = await slowestSwitch('#input-indicator', ['prosecution_on_time_rate', 'crime_reports_received', 'crime_report_resolution_rate', 'investigation_resolution_rate']);
  });

  it('the board says for every value whether it is the unit\'s own period report or rolled up from months', async () => {
    const nb = setInput(setInput(setInput(STARTERS['dat-chua-dat'], 'period', '2024-Y'), 'level', 'district'), 'province', 'p63-94');
    await open(link(nb));
    const heads = await w.page.locator('[data-cell-id="table"] .table-view thead th').allTextContents();
    const at = heads.findIndex((x) => x.startsWith('Nguồn số liệu kỳ'));
    expect(at).toBeGreaterThan(0);
    const { rows } = await api('/api/query/attainment', { params: { period: '2024-Y', level: 'district' } });
    const units = (await api('/api/units')) as unknown as { units: Array<{ id: string; parent_id: string | null }> };
    const ofSocTrang = new Set(units.units.filter((u) => u.parent_id === 'p63-94').map((u) => u.id));
    const expected = rows.filter((r) => ofSocTrang.has(String(r.unit_id)));
    const words: Record<string, string> = { reported: 'theo báo cáo', rolled_up: 'cộng từ báo cáo tháng', mixed: 'một phần cộng từ báo cáo tháng' };
    const count = (b: string[]) => b.reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {});
    // every row of the table (all pages) names its basis, as the analysis gives it
    const shown: string[] = [];
    for (;;) {
      shown.push(...(await tableRows('table')).map((r) => r[at]));
      const next = w.page.locator('[data-cell-id="table"] .pager button').last();
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    expect(count(shown)).toEqual(count(expected.map((r) => words[String(r.basis)] ?? '')));
  });

  it('clicking a year on the trend chart opens its months, which add up to the year', async () => {
    await open(link(setInput(STARTERS['xu-huong'], 'indicator', 'crime_reports_received')));
    const chart = '[data-cell-id="chart"]';
    const tick = w.page.locator(`${chart} svg g[aria-label="x-axis tick label"] text`, { hasText: '2024-Y' });
    await tick.scrollIntoViewIfNeeded();
    const t = (await tick.boundingBox())!;
    const frame = (await tick.locator('xpath=ancestor::*[local-name()="svg"][1]').boundingBox())!;
    // Walk down the year's column until the tip shows a point of 2024-Y, then click it.
    let tip = '';
    for (let y = frame.y + 10; y < t.y - 10 && !tip.includes('2024-Y'); y += 6) {
      await w.page.mouse.move(t.x + t.width / 2, y);
      tip = (await w.page.locator(`${chart} g[aria-label="tip"]`).textContent().catch(() => '')) ?? '';
      if (tip.includes('2024-Y')) await w.page.mouse.click(t.x + t.width / 2, y);
    }
    expect(tip).toContain('2024-Y');
    const dialog = w.page.locator('dialog.months-view');
    await dialog.locator('.months-table tbody tr').first().waitFor();
    expect(await dialog.getAttribute('data-period')).toBe('2024-Y');
    const unit = (await dialog.getAttribute('data-unit'))!;
    expect(await dialog.locator('h2').textContent()).toContain('các tháng của kỳ 2024-Y');
    const shown = await dialog.locator('.months-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-month'), tr.querySelector('td')?.textContent ?? '']));
    // statistical year 2024: December 2023 to November 2024
    expect(shown.map((r) => r[0])).toEqual(['2023-12', ...Array.from({ length: 11 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`)]);
    const months = (await api('/api/query/trend', { params: { indicator: 'crime_reports_received', units: unit, from: 2024, to: 2024, period_type: 'month', geography: 'as_2025' } })).rows;
    for (const [m, text] of shown) expect(text, m!).toBe(vi(months.find((r) => r.period === m)!.value as number, 0));
    // A count's months add up (DOMAIN.md §3); the year the chart drew is the units' own annual
    // reports where they sent one, and a difference from the months is shown, not hidden.
    const sum = months.reduce((a, r) => a + Number(r.value), 0);
    expect(await dialog.locator('.rollup-value').textContent()).toBe(vi(sum, 0));
    const year = (await api('/api/query/trend', { params: { indicator: 'crime_reports_received', units: unit, from: 2024, to: 2024, period_type: 'year', geography: 'as_2025' } })).rows[0];
    expect(tip).toContain(vi(year.value as number));
    expect(await dialog.locator('.months-whole').textContent()).toContain(vi(year.value as number, 0));
    const diff = (year.value as number) - sum;
    if (diff === 0) expect(await dialog.locator('.months-differ').count()).toBe(0);
    else expect(await dialog.locator('.months-differ').textContent()).toContain(`${diff > 0 ? '+' : '−'}${vi(Math.abs(diff), 0)}`);
    await w.page.screenshot({ path: `${ARTIFACTS}months-of-a-year.png` });
    await dialog.locator('.close-months').click();
    expect(await dialog.count()).toBe(0);
  });

  it('keeps errors inside the failing cell and works from the keyboard', async () => {
    const nb = structuredClone(STARTERS['hai-chi-tieu']);
    (nb.cells.find((c) => c.id === 'ys') as { steps: unknown[] }).steps.push({ verb: 'filter', expr: 'd.nope > 1' });
    await open(link(nb));
    expect(await w.page.textContent('[data-cell-id="ys"] .error')).toContain('d.nope');
    expect(await w.page.getAttribute('[data-cell-id="rx"]', 'data-status')).toBe('ok');
    expect(await w.page.textContent('[data-cell-id="pair"] .error')).toContain('"ys"');
    // Keyboard: collapse the first data cell with Enter on its button, then undo with Ctrl+Z.
    await w.page.focus('[data-cell-id="rx"] .collapse');
    await w.page.keyboard.press('Enter');
    expect(await w.page.getAttribute('[data-cell-id="rx"]', 'class')).toContain('collapsed');
    await w.page.focus('body');
    await w.page.keyboard.press('Control+z');
    expect(await w.page.getAttribute('[data-cell-id="rx"]', 'class')).not.toContain('collapsed');
  });
});
