/**
 * Periods across the July 2025 merger in the explorer (real Chromium, real local server, `small`
 * warehouse): the default trend starter shows continuing series (the 34 provinces, history
 * harmonized) that run on through 2025 and says so on the chart; the merger starter does not draw
 * a province's part-year 2025 as a full year, and its table flags it.
 */
import { expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import { startTestServer } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const session = browserSession(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  return startTestServer();
});
const { w, link, open, tableRows, api } = session;

/** The x-axis tick labels of a chart cell. */
async function ticks(cellId: string): Promise<string[]> {
  return w.page.$$eval(`[data-cell-id="${cellId}"] svg g[aria-label="x-axis tick label"] text`, (ts) => ts.map((t) => t.textContent ?? ''));
}

suite('periods across the 2025 merger in the explorer', () => {
  session.install();

  it('the default trend runs each province on through 2025 (as_2025) and states the harmonization on the chart', async () => {
    const nb = STARTERS['xu-huong'];
    await open(link(nb));
    expect(await w.page.getAttribute('[data-cell-id="chart"]', 'data-status')).toBe('ok');
    expect(await w.page.textContent('[data-cell-id="chart"]')).toContain('quy đổi về 34 tỉnh');
    expect(await w.page.textContent('[data-cell-id="intro"]')).toContain('kéo dài liên tục qua năm 2025');
    // the same figures from the API, harmonized: whole years on both sides of the merger
    const { rows } = await api('/api/query/trend', {
      params: { indicator: 'crime_report_resolution_rate', units: nb.inputs.provinces.value, from: 2016, to: 2025, period_type: 'year', geography: 'as_2025' },
    });
    const provinces = [...new Set(rows.map((r) => String(r.unit_id)))];
    expect(provinces.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.partial === false)).toBe(true);
    expect(rows.filter((r) => r.period === '2025-Y').length).toBe(provinces.length);
    // one line per province, through 2024 and 2025
    const lines = await w.page.$$eval('[data-cell-id="chart"] svg g[aria-label="line"] path', (ps) => ps.length);
    expect(lines).toBe(provinces.length);
    expect(await ticks('chart')).toEqual(expect.arrayContaining(['2024-Y', '2025-Y']));
    const shown = await tableRows('table');
    expect(shown.length).toBe(rows.length);
    expect(shown.some((s) => s[0] === 'Cần Thơ' && s[1] === '2025-Y')).toBe(true);
    await w.page.screenshot({ path: `${ARTIFACTS}period-partial-xu-huong.png`, fullPage: true });
  });

  it('the merger starter never draws a province\'s part-year 2025 as a full year, and flags it in the table', async () => {
    // the named analysis (not the extract), which carries partial and partial_reason
    const nb = structuredClone(STARTERS['sap-nhap-2025']);
    const data = nb.cells.find((c) => c.id === 'all') as unknown as { source: { name: string } };
    data.source.name = 'not-published';
    await open(link(nb));
    expect(await w.page.getAttribute('[data-cell-id="reported_chart"]', 'data-status')).toBe('ok');
    const reportedTicks = await ticks('reported_chart');
    expect(reportedTicks).toContain('2024-Y');
    expect(reportedTicks).not.toContain('2025-Y');
    // the harmonized line runs on through 2025
    expect(await ticks('harm_chart')).toEqual(expect.arrayContaining(['2024-Y', '2025-Y']));
    const shown = await tableRows('table');
    const y2025 = shown.filter((s) => s[1] === '2025-Y');
    expect(y2025.length).toBeGreaterThan(1);
    for (const s of y2025) expect(s[5]).toContain('chưa đủ kỳ: cắt ngang sáp nhập 01/7/2025');
    expect(shown.filter((s) => s[1] === '2024-Y').every((s) => !s[5].includes('chưa đủ kỳ'))).toBe(true);
    await w.page.screenshot({ path: `${ARTIFACTS}period-partial-sap-nhap.png`, fullPage: true });
  });
});
