/**
 * What every browser test file sets up the same way: the suite that needs Chromium, a server and
 * a browser for the file, and a fresh watched page per test whose console errors and requests to
 * another origin fail the test. `server` and `w` are stable handles that always point at the
 * current ones, so the tests read `w.page` and `server.url` as before.
 */
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import type { Notebook } from '../../explorer/src/notebook/types.ts';
import { haveChromium, launchBrowser, settled, watchedPage, type Watched } from './setup.ts';

const requireBrowser = process.env.CI === 'true' || process.env.CHITIEU_E2E === '1';
if (!haveChromium && requireBrowser) throw new Error('Chromium not found at /usr/bin/chromium: apt-get install -y chromium');

/** `describe`, or `describe.skip` where there is no Chromium (and CI does not require one). */
export const browserSuite = haveChromium ? describe : describe.skip;

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** A handle that reads through to whatever `now()` holds (set in beforeAll, replaced per test). */
function live<T extends object>(now: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = now();
      if (!target) throw new Error(`${what} is not ready: use it inside a test`);
      const v = (target as Record<string | symbol, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export interface BrowserSession<S extends Served> {
  server: S;
  w: Watched;
  browser: Browser;
  /** Registers the hooks; call it inside the suite's callback. */
  install(opts?: { timeout?: number; checkEachTest?: boolean }): void;
  /** The permalink of a notebook on this server. */
  link(nb: Notebook): string;
  /** Opens a page and waits until its cells have run. */
  open(url: string): Promise<void>;
  /** Text of the rows of the table view inside a cell. */
  tableRows(cellId: string): Promise<string[][]>;
  /** The server's API called directly (GET, or POST with a JSON body), as a client of its own for rate limiting. */
  api(path: string, body?: unknown): Promise<{ rows: Record<string, unknown>[] }>;
}

export function browserSession<S extends Served>(start: () => Promise<S>): BrowserSession<S> {
  let server: S | undefined;
  let browser: Browser | undefined;
  let w: Watched | undefined;
  const session: BrowserSession<S> = {
    server: live(() => server, 'the server'),
    w: live(() => w, 'the page'),
    browser: live(() => browser, 'the browser'),
    install({ timeout = 240_000, checkEachTest = true } = {}) {
      beforeAll(async () => {
        server = await start();
        browser = await launchBrowser();
        w = await watchedPage(browser, server.url);
      }, timeout);
      afterAll(async () => {
        await browser?.close();
        await server?.close();
      });
      if (!checkEachTest) return;
      afterEach(async () => {
        expect(w!.foreign, 'requests to another origin').toEqual([]);
        expect(w!.consoleErrors, 'console errors').toEqual([]);
        await w!.context.close();
        w = await watchedPage(browser!, server!.url);
      });
    },
    link: (nb) => new URL(encodePermalink(nb, STARTERS), server!.url).href,
    async open(url) {
      await w!.page.goto(url);
      await settled(w!.page);
    },
    tableRows: (cellId) =>
      w!.page.$$eval(`[data-cell-id="${cellId}"] .table-view tbody tr`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''))),
    async api(path, body) {
      const headers = { 'x-forwarded-for': 'e2e-checks' };
      const init = body === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const res = await fetch(new URL(path, server!.url), init);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { rows: Record<string, unknown>[] };
    },
  };
  return session;
}
