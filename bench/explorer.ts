/**
 * The explorer in Chromium (Debian's, through playwright-core), against the local server with
 * the benchmark warehouse:
 * - first chart, cold: a fresh browser context (empty cache) per run, from navigation start to
 *   the explorer's `chitieu:first-chart` performance mark;
 * - indicator / province switch: changes of the default notebook's inputs, each timed by the
 *   explorer's own `chitieu:rerender` measure (input change → every dependent cell re-run and
 *   drawn, next frame);
 * - JavaScript gzipped (what the default view loads, and every chunk of the build) and the data
 *   the default view fetches (API and /data/ answers, bytes as received).
 * The explorer is built from the current sources into tmp/bench/ (explorer/dist is left alone).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH_TMP, REPO, sourceHash } from './dataset.ts';
import { metric, notMeasured, type Metric } from './metric.ts';
import { startChildServer } from './server.ts';
import { median, p95 } from './stats.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const FIRST_CHART_TIMEOUT = 60_000;

const T = {
  firstChart: { op: '<=', value: 1500 } as const,
  switch: { op: '<=', value: 100 } as const,
  js: { op: '<=', value: 400 } as const,
  data: { op: '<=', value: 2 } as const,
};

async function buildExplorer(log: (s: string) => void): Promise<string> {
  const key = sourceHash(['explorer/src', 'explorer/index.html', 'explorer/vite.config.ts', 'functions/core', 'data-schemas', 'package-lock.json']);
  const out = join(BENCH_TMP, `explorer-${key}`);
  if (existsSync(join(out, 'index.html'))) return out;
  for (const e of existsSync(BENCH_TMP) ? readdirSync(BENCH_TMP) : []) if (e.startsWith('explorer-')) rmSync(join(BENCH_TMP, e), { recursive: true, force: true });
  log('  building the explorer (vite) into tmp/bench …');
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'explorer/vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  return out;
}

function distJsGzip(dist: string): { total: number; files: string[] } {
  let total = 0;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const gz = gzipSync(readFileSync(p)).length;
        total += gz;
        files.push(`${e.name} ${(gz / 1024).toFixed(0)} KB`);
      }
    }
  };
  walk(dist);
  return { total, files };
}

export async function benchExplorer(warehouse: string, opts: { runs: number; switches: number; log: (s: string) => void }): Promise<Metric[]> {
  const names = {
    first: 'explorer.first_chart_cold', sw: 'explorer.switch_p95', js: 'explorer.js_gzip_default_view', jsAll: 'explorer.js_gzip_all_chunks', data: 'explorer.default_view_data',
  };
  const all = (reason: string): Metric[] => [
    notMeasured(names.first, 'explorer', 'ms', T.firstChart, reason),
    notMeasured(names.sw, 'explorer', 'ms', T.switch, reason),
    notMeasured(names.js, 'explorer', 'KB', T.js, reason),
    notMeasured(names.data, 'explorer', 'MB', T.data, reason),
  ];
  if (!existsSync(CHROMIUM)) return all(`no Chromium at ${CHROMIUM}`);
  let dist: string;
  try {
    dist = await buildExplorer(opts.log);
  } catch (e) {
    return all(`the explorer does not build: ${(e as Error).message.split('\n')[0]}`);
  }
  const out: Metric[] = [];
  const gz = distJsGzip(dist);
  out.push(metric({ name: names.jsAll, group: 'explorer', value: gz.total / 1024, unit: 'KB', note: `every chunk of the build, including those loaded on demand: ${gz.files.join(', ')}` }));

  const { chromium } = await import('playwright-core');
  const server = await startChildServer(warehouse, dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const firstChart: number[] = [];
    let scriptGz = 0;
    let dataBytes = 0;
    const dataByPath = new Map<string, number>();
    let lastPage: import('playwright-core').Page | undefined;
    let lastContext: import('playwright-core').BrowserContext | undefined;
    const errors: string[] = [];
    for (let i = -1; i < opts.runs; i++) {
      await lastContext?.close();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const measureBytes = i === 0;
      const pending: Promise<void>[] = [];
      if (measureBytes) {
        page.on('response', (res) => {
          pending.push((async () => {
            const type = res.request().resourceType();
            const body = await res.body().catch(() => undefined);
            if (!body) return;
            if (type === 'script') scriptGz += gzipSync(body).length;
            else if (type === 'fetch' || type === 'xhr') {
              dataBytes += body.length;
              const path = new URL(res.url()).pathname;
              dataByPath.set(path, (dataByPath.get(path) ?? 0) + body.length);
            }
          })());
        });
      }
      await page.goto(server.url, { waitUntil: 'commit' });
      try {
        await page.waitForFunction(() => performance.getEntriesByName('chitieu:first-chart').length > 0, undefined, { timeout: FIRST_CHART_TIMEOUT, polling: 50 });
      } catch {
        await context.close();
        const why = errors.length ? `page errors: ${errors.slice(0, 2).join(' | ')}` : `no chitieu:first-chart mark within ${FIRST_CHART_TIMEOUT / 1000} s`;
        return [...out, ...all(why)];
      }
      const t = await page.evaluate(() => performance.getEntriesByName('chitieu:first-chart')[0].startTime);
      if (i >= 0) firstChart.push(t);
      if (measureBytes) {
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await Promise.all(pending);
      }
      opts.log(`    cold load ${i < 0 ? 'warm-up' : i}: first chart at ${t.toFixed(0)} ms`);
      lastPage = page;
      lastContext = context;
    }
    out.push(metric({ name: names.first, group: 'explorer', value: median(firstChart), unit: 'ms', target: T.firstChart, note: `fresh browser context per load (cold cache), navigation start → chitieu:first-chart; median of ${firstChart.length} after a warm-up; server warm`, samples: firstChart }));
    out.push(metric({ name: names.js, group: 'explorer', value: scriptGz / 1024, unit: 'KB', target: T.js, note: 'scripts the default view loads, gzipped (level 6) here' }));
    const top = [...dataByPath].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KB`).join(', ');
    out.push(metric({ name: names.data, group: 'explorer', value: dataBytes / 2 ** 20, unit: 'MB', target: T.data, note: `fetch/XHR bodies of the default view until network idle, uncompressed: ${top}` }));
    out.push(...(await switches(lastPage!, opts)));
    await lastContext?.close();
    if (errors.length) out.forEach((m) => { if (m.group === 'explorer') m.note = `${m.note ?? ''}; page errors: ${errors.slice(0, 2).join(' | ')}`; });
  } finally {
    await browser.close();
    await server.stop();
  }
  return out;
}

/** Switches of the indicator and of the provinces in the open notebook, each timed by the explorer itself. */
async function switches(page: import('playwright-core').Page, opts: { switches: number; log: (s: string) => void }): Promise<Metric[]> {
  const name = 'explorer.switch_p95';
  const hasSelects = await page.waitForFunction(() => {
    const i = document.querySelector('#input-indicator');
    const p = document.querySelector('#input-provinces');
    return i instanceof HTMLSelectElement && p instanceof HTMLSelectElement && i.options.length > 1 && p.options.length > 4;
  }, undefined, { timeout: 30_000 }).then(() => true, () => false);
  if (!hasSelects) return [notMeasured(name, 'explorer', 'ms', T.switch, 'the default notebook has no indicator and province selects (#input-indicator, #input-provinces) once loaded')];
  // One switch: set the control, fire `change`, wait for the explorer's rerender counter, read its measure.
  const one = (kind: 'indicator' | 'provinces', k: number) => page.evaluate(async ({ kind, k }) => {
    const sel = document.querySelector(`#input-${kind}`) as HTMLSelectElement;
    const before = Number(document.body.dataset.rerendered ?? 0);
    const opts = Array.from(sel.options).filter((o) => !o.disabled && o.value);
    if (kind === 'indicator') {
      const others = opts.filter((o) => o.value !== sel.value);
      sel.value = others[(k * 7) % others.length].value;
    } else {
      const chosen = new Set([0, 1, 2].map((j) => (k * 5 + j * 11) % opts.length));
      opts.forEach((o, j) => { o.selected = chosen.has(j); });
    }
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    const t0 = performance.now();
    while (Number(document.body.dataset.rerendered ?? 0) <= before) {
      if (performance.now() - t0 > 20_000) return -1;
      await new Promise((r) => setTimeout(r, 5));
    }
    const m = performance.getEntriesByName('chitieu:rerender');
    return m[m.length - 1].duration;
  }, { kind, k });
  const samples: Record<'indicator' | 'provinces', number[]> = { indicator: [], provinces: [] };
  let timeouts = 0;
  for (let k = -2; k < opts.switches; k++) {
    for (const kind of ['indicator', 'provinces'] as const) {
      const d = await one(kind, k + 2);
      if (d < 0) timeouts++;
      else if (k >= 0) samples[kind].push(d);
    }
  }
  const both = [...samples.indicator, ...samples.provinces];
  if (!both.length) return [notMeasured(name, 'explorer', 'ms', T.switch, 'no chitieu:rerender measure after input changes')];
  opts.log(`    switches: indicator p95 ${p95(samples.indicator).toFixed(0)} ms, provinces p95 ${p95(samples.provinces).toFixed(0)} ms`);
  return [metric({
    name, group: 'explorer', value: p95(both), unit: 'ms', target: T.switch,
    note: `${samples.indicator.length} indicator + ${samples.provinces.length} province switches alternating after 2 warm-up each, chitieu:rerender measure; p50 ${median(both).toFixed(0)} ms; indicator p95 ${p95(samples.indicator).toFixed(0)}, provinces p95 ${p95(samples.provinces).toFixed(0)}` + (timeouts ? `; ${timeouts} switches never finished (20 s)` : ''),
    samples: both,
  })];
}
