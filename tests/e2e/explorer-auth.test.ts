/**
 * Sign-in as deployed, in Chromium against the real local server: the page gets a /config.json
 * with `auth`, and the Cognito hosted UI (authorize, token, revoke, logout) is faked by route
 * interception — no request reaches a real network. The fake API gate in front of the local
 * server answers 401 like the HTTP API's JWT authorizer unless the current access token is sent.
 * The documents carry CloudFront's Cross-Origin-Opener-Policy, and the page's own CSP (the built
 * index.html) applies, so the token exchange must pass its connect-src.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { setInput } from '../../explorer/src/notebook/edit.ts';
import { encodePermalink } from '../../explorer/src/notebook/permalink.ts';
import { STARTERS } from '../../explorer/src/starters/index.ts';
import { settled, startTestServer } from './setup.ts';
import { browserSession, browserSuite as suite } from './browser-session.ts';

const HOSTED = 'https://chitieu-e2e.auth.ap-southeast-1.amazoncognito.com';
const CLIENT = 'e2e-client-id';
const USER = 'kiem.sat.vien@vks.gov.vn';

let origin: string;
const session = browserSession(async () => {
  mkdirSync(fileURLToPath(new URL('../artifacts/', import.meta.url)), { recursive: true });
  const server = await startTestServer();
  origin = new URL(server.url).origin;
  return server;
});
const { w } = session;

const b64url = (b: Buffer): string => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>): string => `${b64url(Buffer.from('{"alg":"RS256"}'))}.${b64url(Buffer.from(JSON.stringify(claims)))}.sig`;

/** The fake Cognito and the fake authorizer, with what they saw. */
interface Fake {
  authorize: URLSearchParams[];
  token: URLSearchParams[];
  revoke: URLSearchParams[];
  logout: URLSearchParams[];
  api: Array<{ path: string; auth: string | null; status: number }>;
  /** The access token the authorizer accepts now. */
  valid: string;
  issued: number;
  /** Answer /oauth2/authorize by redirecting back (signed-in hosted-UI session) or with a login page. */
  hostedSession: boolean;
}

async function fake(page: Page): Promise<Fake> {
  const f: Fake = { authorize: [], token: [], revoke: [], logout: [], api: [], valid: '', issued: 0, hostedSession: true };
  const cors = { 'access-control-allow-origin': origin, 'content-type': 'application/json' };
  const issue = (): Record<string, unknown> => {
    f.valid = jwt({ sub: 'u1', client_id: CLIENT, token_use: 'access', n: ++f.issued, exp: Math.floor(Date.now() / 1000) + 3600 });
    return { access_token: f.valid, id_token: jwt({ email: USER, token_use: 'id' }), token_type: 'Bearer', expires_in: 3600 };
  };
  await page.route(`${HOSTED}/**`, async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' } });
    if (url.pathname === '/oauth2/authorize') {
      f.authorize.push(url.searchParams);
      if (!f.hostedSession) return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Cognito</title><p id="hosted-login">Sign in</p>' });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: `code-${f.authorize.length}`, state: url.searchParams.get('state')! }).toString();
      return route.fulfill({ status: 302, headers: { location: back.href } });
    }
    if (url.pathname === '/oauth2/token' && req.method() === 'POST') {
      const form = new URLSearchParams(req.postData() ?? '');
      f.token.push(form);
      if (req.headers()['content-type'] !== 'application/x-www-form-urlencoded') return route.fulfill({ status: 400, headers: cors, body: '{"error":"invalid_request"}' });
      if (form.get('grant_type') === 'authorization_code') {
        const asked = f.authorize.at(-1)!;
        const challenge = b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest());
        const ok = form.get('client_id') === CLIENT && form.get('code') === `code-${f.authorize.length}` &&
          form.get('redirect_uri') === asked.get('redirect_uri') && challenge === asked.get('code_challenge');
        if (!ok) return route.fulfill({ status: 400, headers: cors, body: '{"error":"invalid_grant"}' });
        return route.fulfill({ status: 200, headers: cors, body: JSON.stringify({ ...issue(), refresh_token: 'refresh-1' }) });
      }
      if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'refresh-1') {
        return route.fulfill({ status: 200, headers: cors, body: JSON.stringify(issue()) });
      }
      return route.fulfill({ status: 400, headers: cors, body: '{"error":"invalid_grant"}' });
    }
    if (url.pathname === '/oauth2/revoke') {
      f.revoke.push(new URLSearchParams(req.postData() ?? ''));
      return route.fulfill({ status: 200, headers: cors, body: '' });
    }
    if (url.pathname === '/logout') {
      f.logout.push(url.searchParams);
      return route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri')! } });
    }
    return route.fulfill({ status: 404, body: 'no such fake endpoint' });
  });
  await page.route(`${origin}/config.json`, (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ apiBase: '/api', auth: { region: 'ap-southeast-1', userPoolId: 'ap-southeast-1_e2e', clientId: CLIENT, hostedUi: HOSTED } }),
  }));
  // The JWT authorizer: the current token or 401 (the body API Gateway sends).
  await page.route(`${origin}/api/**`, async (route) => {
    const auth = route.request().headers().authorization ?? null;
    const path = new URL(route.request().url()).pathname;
    const status = auth === `Bearer ${f.valid}` ? 200 : 401;
    f.api.push({ path, auth, status });
    if (status === 401) return route.fulfill({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' });
    return route.continue();
  });
  // CloudFront's opener policy on the page itself: the round trip through another origin swaps
  // browsing-context groups, and the tab's sessionStorage must still be there on return.
  await page.route((u) => u.origin === origin && u.pathname === '/', async (route) => {
    const res = await route.fetch();
    return route.fulfill({ response: res, headers: { ...res.headers(), 'cross-origin-opener-policy': 'same-origin' } });
  });
  return f;
}

function storage(page: Page): Promise<{ session: Record<string, string>; local: Record<string, string> }> {
  return page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
}

suite('explorer sign-in in Chromium (fake Cognito)', () => {
  session.install();

  it('signs in with PKCE, keeps the permalink, sends the token, refreshes after a 401, signs out', async () => {
    const f = await fake(w.page);
    const nb = setInput(STARTERS['hai-chi-tieu'], 'period', '2025-Y');
    const hash = encodePermalink(nb, STARTERS);

    // 1. Open a permalink: off to the hosted UI and back with ?code=&state=, then the same notebook.
    await w.page.goto(`${origin}/${hash}`);
    await w.page.waitForSelector('#auth-sign-out');
    await settled(w.page);
    expect(f.authorize).toHaveLength(1);
    const asked = Object.fromEntries(f.authorize[0]);
    expect(asked).toMatchObject({ response_type: 'code', client_id: CLIENT, redirect_uri: origin, scope: 'openid email profile', code_challenge_method: 'S256' });
    expect(asked.state).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(asked.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(f.token.map((t) => t.get('grant_type'))).toEqual(['authorization_code']);
    expect(w.page.url()).toBe(`${origin}/${hash}`);
    const restored = await w.page.evaluate(() => (window as unknown as { chitieu: { notebook: { inputs: { period: { value: string } } } } }).chitieu.notebook.inputs.period.value);
    expect(restored).toBe('2025-Y');
    expect(await w.page.textContent('#auth-user')).toBe(`Đã đăng nhập: ${USER}`);
    expect(await w.page.textContent('#auth-sign-out')).toBe('Đăng xuất');
    await w.page.screenshot({ path: fileURLToPath(new URL('../artifacts/signed-in.png', import.meta.url)), clip: { x: 0, y: 0, width: 1200, height: 260 } });
    expect(await w.page.$$eval('.cell .error', (els) => els.map((e) => e.textContent))).toEqual([]);
    // Every API request carried the token; none was refused.
    expect(f.api.length).toBeGreaterThan(2);
    expect(f.api.every((r) => r.auth === `Bearer ${f.valid}` && r.status === 200)).toBe(true);
    // Tokens live in this tab's sessionStorage only; the ID token and the verifier are not kept.
    const kept = await storage(w.page);
    expect(Object.keys(kept.session)).toEqual(['chitieu.auth.tokens']);
    expect(JSON.stringify(kept.local)).not.toContain(f.valid);
    expect(kept.session['chitieu.auth.tokens']).not.toContain('id_token');

    // 2. The authorizer stops accepting the token (revoked, clock skew): one refresh, then retried.
    const first = f.valid;
    f.valid = 'no-longer';
    await w.page.reload();
    await w.page.waitForSelector('#auth-sign-out');
    await settled(w.page);
    expect(f.authorize).toHaveLength(1); // no new sign-in
    expect(f.token.map((t) => t.get('grant_type'))).toEqual(['authorization_code', 'refresh_token']);
    expect(Object.fromEntries(f.token[1])).toEqual({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'refresh-1' });
    const afterReload = f.api.slice(f.api.findIndex((r) => r.status === 401));
    expect(afterReload.filter((r) => r.status === 401).every((r) => r.auth === `Bearer ${first}`)).toBe(true);
    expect(afterReload.filter((r) => r.status === 200).every((r) => r.auth === `Bearer ${f.valid}`)).toBe(true);
    expect(await w.page.$$eval('.cell .error', (els) => els.map((e) => e.textContent))).toEqual([]);
    // The browser logs each refused request; they were expected here.
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 401/.test(e)));

    // 3. Sign out: refresh token revoked, tab cleared, hosted-UI /logout, back to the sign-in page.
    f.hostedSession = false;
    await w.page.click('#auth-sign-out');
    await w.page.waitForURL(`${HOSTED}/oauth2/authorize?**`);
    expect(f.revoke.map((r) => Object.fromEntries(r))).toEqual([{ token: 'refresh-1', client_id: CLIENT }]);
    expect(f.logout.map((l) => Object.fromEntries(l))).toEqual([{ client_id: CLIENT, logout_uri: origin }]);
    expect(f.authorize).toHaveLength(2);
    await w.page.goto(`${origin}/config.json`); // back on the site's origin to read its storage
    expect((await storage(w.page)).session['chitieu.auth.tokens']).toBeUndefined();
  });

  it('a forged callback is refused and offers a new sign-in', async () => {
    const f = await fake(w.page);
    await w.page.goto(`${origin}/?code=stolen&state=forged`);
    await w.page.waitForSelector('#auth-sign-in');
    expect(await w.page.textContent('#auth-status')).toContain('không khớp');
    expect(w.page.url()).toBe(`${origin}/`);
    expect(f.token).toEqual([]);
    expect(f.api).toEqual([]);
    await w.page.click('#auth-sign-in');
    await w.page.waitForSelector('#auth-sign-out');
    expect(f.token.map((t) => t.get('grant_type'))).toEqual(['authorization_code']);
    await settled(w.page);
  });
});
