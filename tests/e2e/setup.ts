/**
 * Browser-test setup: a `small` demo warehouse, the explorer built from the current sources, the
 * real local server (`chitieu serve`, what `npm start` runs) on a free port, and Debian's Chromium
 * through playwright-core. Set CHITIEU_E2E_URL to test a server that is already running instead.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { sharedViews } from '../../functions/queries/views.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerHandle {
  url: string;
  close(): Promise<void>;
}

async function buildExplorer(): Promise<void> {
  // tests/global-setup.ts has built it once for the whole run.
  if (process.env.CHITIEU_EXPLORER_BUILT) return;
  const { build } = await import('vite');
  await build({ configFile: join(repo, 'explorer/vite.config.ts'), logLevel: 'warn' });
}

/** The server the tests talk to. */
export async function startTestServer(): Promise<ServerHandle> {
  if (process.env.CHITIEU_E2E_URL) return { url: process.env.CHITIEU_E2E_URL.replace(/\/?$/, '/'), close: async () => {} };
  await buildExplorer();
  const { buildDemoWarehouse } = await import('../../functions/cli/commands/start.ts');
  const { startServer } = await import('../../functions/cli/commands/serve.ts');
  // Reuse a warehouse built by an earlier run of this suite (building `small` takes ~20 s).
  const cached = process.env.CHITIEU_E2E_WAREHOUSE;
  const dir = cached ?? mkdtempSync(join(tmpdir(), 'chitieu-e2e-'));
  const hasData = existsSync(join(dir, 'curated', 'reports')) && readdirSync(join(dir, 'curated', 'reports')).length > 0;
  if (!hasData) {
    await buildDemoWarehouse(dir, 'small', () => {});
    await refreshExtracts(dir);
  }
  // Each browser context is its own client for rate limiting, named by X-Forwarded-For.
  const server = await startServer(dir, 0, { quiet: true, trustForwardedFor: true });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      if (!cached) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The explorer's data extracts (site/data/), as `chitieu compare` writes them after each period. */
async function refreshExtracts(dir: string): Promise<void> {
  let refresh: typeof import('../../functions/compare/extracts/refresh.ts').refreshExtracts;
  try {
    ({ refreshExtracts: refresh } = await import('../../functions/compare/extracts/refresh.ts'));
  } catch (e) {
    // Extracts are optional: the notebooks fall back to the named analyses without them.
    console.warn(`no extracts for the browser tests: ${(e as Error).message}`);
    return;
  }
  const { DuckDbEngine } = await import('../../functions/adapters/engine/duckdb.ts');
  const { FsStorage } = await import('../../functions/adapters/storage/fs.ts');
  const engine = await DuckDbEngine.open(dir, { views: sharedViews() });
  try {
    await refresh({ engine, storage: new FsStorage(dir), log: () => {} });
  } finally {
    await engine.close();
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

let clients = 0;

export interface Watched {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  foreign: string[];
}

/**
 * A fresh page that records console errors and page errors, and refuses (and records) every
 * request to another origin — the explorer must work offline from its own.
 */
export async function watchedPage(browser: Browser, base: string): Promise<Watched> {
  const origin = new URL(base).origin;
  // The API rate-limits per client (120 requests a minute); each test is its own client so the
  // suite's dozens of page loads do not add up against one bucket.
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 }, acceptDownloads: true, locale: 'vi-VN',
    extraHTTPHeaders: { 'x-forwarded-for': `e2e-${++clients}` },
  });
  const consoleErrors: string[] = [];
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  return { context, page, consoleErrors, foreign };
}

/** Waits until no cell is running and at least one chart has been painted. */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => {
    const cells = Array.from(document.querySelectorAll('.cell'));
    return cells.length > 0 && cells.every((c) => (c as HTMLElement).dataset.status && (c as HTMLElement).dataset.status !== 'running');
  }, null, { timeout });
}
