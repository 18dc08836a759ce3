/**
 * Explorer sign-in (explorer/src/auth/): PKCE against RFC 7636's own example, the state check,
 * the permalink hash carried across the hosted-UI round trip, when tokens are used, refreshed or
 * given up, the API client's Authorization header and single retry, and local mode when there is
 * no /config.json (or it has no `auth`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, setApiAuth } from '../../explorer/src/data/api.ts';
import { bootAuth } from '../../explorer/src/auth/boot.ts';
import { loadRuntimeConfig, parseRuntimeConfig, type AuthConfig } from '../../explorer/src/auth/config.ts';
import { authorizeUrl, logoutUrl, parseCallback } from '../../explorer/src/auth/oauth.ts';
import { restoredUrl, savePending, stateMatches, takePending } from '../../explorer/src/auth/pending.ts';
import { base64url, randomString, s256Challenge } from '../../explorer/src/auth/pkce.ts';
import { Session, type AuthEnv } from '../../explorer/src/auth/session.ts';
import { decide, jwtClaims, on401, readTokens, REFRESH_SKEW_MS, tokensFromResponse, writeTokens, type KeyValueStore, type Tokens } from '../../explorer/src/auth/tokens.ts';

const HOSTED = 'https://chitieu-test.auth.ap-southeast-1.amazoncognito.com';
const SITE = 'https://d111.cloudfront.net';
const CFG: AuthConfig = { clientId: 'client123', hostedUi: HOSTED };
const CONFIG_JSON = { apiBase: '/api', auth: { region: 'ap-southeast-1', userPoolId: 'ap-southeast-1_abc', clientId: 'client123', hostedUi: HOSTED } };
const T0 = 1_750_000_000_000;

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(o)));
  return `${enc({ alg: 'RS256', kid: 'k' })}.${enc(claims)}.sig`;
}

class MemoryStore implements KeyValueStore {
  map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

interface Call {
  url: string;
  method: string;
  form?: URLSearchParams;
}

/** A page at SITE with a fake /config.json and a fake token endpoint. */
function fakeEnv(o: {
  config?: { status: number; body: string; type?: string } | 'network-error';
  search?: string;
  hash?: string;
  token?: (form: URLSearchParams) => { status: number; body: unknown };
  now?: number;
} = {}): AuthEnv & { calls: Call[]; navigations: string[]; replaced: string[]; clock: { now: number }; store: MemoryStore } {
  const calls: Call[] = [];
  const navigations: string[] = [];
  const replaced: string[] = [];
  const clock = { now: o.now ?? T0 };
  const config = o.config ?? { status: 200, body: JSON.stringify(CONFIG_JSON), type: 'application/json' };
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const form = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
    calls.push({ url, method: init?.method ?? 'GET', form });
    if (url === '/config.json') {
      if (config === 'network-error') throw new TypeError('Failed to fetch');
      return new Response(config.body, { status: config.status, headers: { 'content-type': config.type ?? 'text/html' } });
    }
    if (url === `${HOSTED}/oauth2/token`) {
      const r = o.token?.(form!) ?? { status: 400, body: { error: 'invalid_request' } };
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
    }
    if (url === `${HOSTED}/oauth2/revoke`) return new Response('', { status: 200 });
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return {
    calls, navigations, replaced, clock,
    fetch: fetchFn,
    store: new MemoryStore(),
    now: () => clock.now,
    location: { origin: SITE, pathname: '/', search: o.search ?? '', hash: o.hash ?? '' },
    navigate: (url) => void navigations.push(url),
    replaceUrl: (url) => void replaced.push(url),
  };
}

const tokenBody = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  access_token: jwt({ sub: 'u1', client_id: 'client123', token_use: 'access', exp: Math.floor(T0 / 1000) + 3600, n }),
  token_type: 'Bearer',
  expires_in: 3600,
  ...extra,
});

afterEach(() => {
  setApiAuth(undefined);
  vi.unstubAllGlobals();
});

describe('PKCE', () => {
  it('S256 challenge of RFC 7636 Appendix B', async () => {
    // The octets of the appendix's verifier and the challenge it derives.
    const octets = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(base64url(octets)).toBe(verifier);
    expect(await s256Challenge(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('verifiers are 43 unreserved characters, different every time', () => {
    const a = randomString(32);
    const b = randomString(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('authorize URL asks for a code with the S256 challenge, the state and the allowed scopes', () => {
    const u = new URL(authorizeUrl(CFG, { redirectUri: SITE, state: 'st', challenge: 'ch' }));
    expect(u.origin + u.pathname).toBe(`${HOSTED}/oauth2/authorize`);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: 'code', client_id: 'client123', redirect_uri: SITE, scope: 'openid email profile',
      state: 'st', code_challenge: 'ch', code_challenge_method: 'S256',
    });
    const l = new URL(logoutUrl(CFG, SITE));
    expect(l.pathname).toBe('/logout');
    expect(l.searchParams.get('client_id')).toBe('client123');
    expect(l.searchParams.get('logout_uri')).toBe(SITE);
  });
});

describe('state and the stashed hash', () => {
  it('accepts only the state it sent', () => {
    const p = { state: 'abc', verifier: 'v', hash: '' };
    expect(stateMatches(p, 'abc')).toBe(true);
    expect(stateMatches(p, 'abd')).toBe(false);
    expect(stateMatches(p, null)).toBe(false);
    expect(stateMatches(undefined, 'abc')).toBe(false);
    expect(stateMatches({ ...p, state: '' }, '')).toBe(false);
  });

  it('a pending sign-in is read once', () => {
    const s = new MemoryStore();
    savePending(s, { state: 's', verifier: 'v', hash: '#nb=abc' });
    expect(takePending(s)).toEqual({ state: 's', verifier: 'v', hash: '#nb=abc' });
    expect(takePending(s)).toBeUndefined();
    s.setItem('chitieu.auth.pending', '{not json');
    expect(takePending(s)).toBeUndefined();
  });

  it('the restored address drops the query and keeps the hash', () => {
    expect(restoredUrl('/', '#nb=eJyrVkrOz0nNTQ')).toBe('/#nb=eJyrVkrOz0nNTQ');
    expect(restoredUrl('/', '#saved=my-nb')).toBe('/#saved=my-nb');
    expect(restoredUrl('/', '')).toBe('/');
    expect(restoredUrl('/', '#')).toBe('/');
    expect(restoredUrl('/x/', undefined)).toBe('/x/');
  });

  it('callback parameters: code, error, or none', () => {
    expect(parseCallback('?code=c1&state=s1')).toEqual({ kind: 'code', code: 'c1', state: 's1' });
    expect(parseCallback('?error=access_denied&error_description=no&state=s1')).toEqual({ kind: 'error', error: 'access_denied', description: 'no', state: 's1' });
    expect(parseCallback('')).toBeUndefined();
    expect(parseCallback('?x=1')).toBeUndefined();
  });

  it('round trip: sign-in stashes the permalink, the callback exchanges the code and puts it back', async () => {
    const hash = '#nb=eJyrVipWslIqzsgvSkksSVWyUqpVAgBHbQa3';
    const first = fakeEnv({ hash });
    const boot1 = await bootAuth(first);
    expect(boot1.mode).toBe('redirecting');
    const to = new URL(first.navigations[0]);
    expect(to.origin).toBe(HOSTED);
    const state = to.searchParams.get('state')!;
    const challenge = to.searchParams.get('code_challenge')!;

    // Back from the hosted UI in the same tab: same sessionStorage, no hash, ?code=&state=.
    const back = fakeEnv({
      search: `?code=thecode&state=${state}`,
      token: (form) => ({ status: 200, body: tokenBody(1, { refresh_token: 'r1', id_token: jwt({ email: 'kiem.sat@vks.gov.vn' }) }) }),
    });
    back.store = first.store;
    const boot2 = await bootAuth(back);
    expect(boot2.mode).toBe('signed-in');
    expect(back.replaced).toEqual([`/${hash}`]);
    const post = back.calls.find((c) => c.url === `${HOSTED}/oauth2/token`)!;
    expect(post.method).toBe('POST');
    const form = Object.fromEntries(post.form!);
    expect(form).toMatchObject({ grant_type: 'authorization_code', client_id: 'client123', code: 'thecode', redirect_uri: SITE });
    // The verifier sent is the one whose challenge went to /authorize.
    expect(await s256Challenge(form.code_verifier)).toBe(challenge);
    const t = readTokens(back.store)!;
    expect(t.refresh_token).toBe('r1');
    expect(t.user).toBe('kiem.sat@vks.gov.vn');
    expect(t.expires_at).toBe(T0 + 3_600_000);
    // The pending sign-in is spent, the ID token itself is not kept.
    expect(back.store.getItem('chitieu.auth.pending')).toBeNull();
    expect(JSON.stringify([...back.store.map.values()])).not.toContain('id_token');
  });

  it('a callback with a foreign state is refused without calling the token endpoint', async () => {
    const env = fakeEnv({ search: '?code=c&state=forged', token: () => ({ status: 200, body: tokenBody(1) }) });
    savePending(env.store, { state: 'mine', verifier: 'v', hash: '#nb=x' });
    const boot = await bootAuth(env);
    expect(boot.mode).toBe('failed');
    expect(boot.mode === 'failed' && boot.reason).toBe('auth_state_mismatch');
    expect(env.calls.some((c) => c.url.endsWith('/oauth2/token'))).toBe(false);
    expect(env.replaced).toEqual(['/#nb=x']);
    expect(readTokens(env.store)).toBeUndefined();
  });

  it('a stray callback while signed in (back button into the hosted UI) is ignored, never exchanged', async () => {
    const env = fakeEnv({ search: '?code=again&state=spent', token: () => ({ status: 200, body: tokenBody(9) }) });
    writeTokens(env.store, { access_token: 'mine', refresh_token: 'r', expires_at: T0 + 3_600_000 });
    expect((await bootAuth(env)).mode).toBe('signed-in');
    expect(env.calls.some((c) => c.url.endsWith('/oauth2/token'))).toBe(false);
    expect(env.replaced).toEqual(['/']);
    expect(readTokens(env.store)?.access_token).toBe('mine');
  });

  it('an error from the hosted UI and a failed exchange are reported, not retried', async () => {
    const denied = fakeEnv({ search: '?error=access_denied&error_description=User+cancelled&state=s' });
    const b1 = await bootAuth(denied);
    expect(b1).toMatchObject({ mode: 'failed', reason: 'auth_denied', detail: 'User cancelled' });
    expect(denied.navigations).toEqual([]);

    const bad = fakeEnv({ search: '?code=c&state=s', token: () => ({ status: 400, body: { error: 'invalid_grant' } }) });
    savePending(bad.store, { state: 's', verifier: 'v', hash: '' });
    const b2 = await bootAuth(bad);
    expect(b2).toMatchObject({ mode: 'failed', reason: 'auth_token_failed', detail: 'invalid_grant' });
    expect(bad.navigations).toEqual([]);
  });
});

describe('token lifetime', () => {
  const t = (expiresIn: number, refresh = true): Tokens => ({ access_token: 'a', expires_at: T0 + expiresIn, ...(refresh ? { refresh_token: 'r' } : {}) });

  it('use, refresh a minute before expiry, or sign in', () => {
    expect(decide(undefined, T0)).toBe('sign-in');
    expect(decide(t(3_600_000), T0)).toBe('use');
    expect(decide(t(REFRESH_SKEW_MS + 1), T0)).toBe('use');
    expect(decide(t(REFRESH_SKEW_MS - 1), T0)).toBe('refresh');
    expect(decide(t(-1), T0)).toBe('refresh');
    expect(decide(t(30_000, false), T0)).toBe('use');
    expect(decide(t(0, false), T0)).toBe('sign-in');
  });

  it('after a 401: retry when renewed meanwhile, refresh once, give up right after a refresh', () => {
    expect(on401(t(3_600_000), 'old', undefined, T0)).toBe('retry');
    expect(on401(t(3_600_000), 'a', undefined, T0)).toBe('refresh');
    expect(on401(t(3_600_000), 'a', T0 - 5_000, T0)).toBe('give-up');
    expect(on401(t(3_600_000), 'a', T0 - 60_000, T0)).toBe('refresh');
    expect(on401(t(3_600_000, false), 'a', undefined, T0)).toBe('give-up');
    expect(on401(undefined, 'a', undefined, T0)).toBe('give-up');
  });

  it('a refresh answer keeps the refresh token and the user; expiry falls back to the JWT', () => {
    const prev: Tokens = { access_token: 'old', refresh_token: 'r1', expires_at: T0, user: 'a@b' };
    const next = tokensFromResponse({ access_token: 'new', expires_in: 600 }, T0, prev);
    expect(next).toEqual({ access_token: 'new', refresh_token: 'r1', expires_at: T0 + 600_000, user: 'a@b' });
    const exp = Math.floor(T0 / 1000) + 1234;
    expect(tokensFromResponse({ access_token: jwt({ exp }) }, T0).expires_at).toBe(exp * 1000);
    expect(() => tokensFromResponse({ error: 'x' } as never, T0)).toThrow();
    expect(jwtClaims('not-a-jwt')).toBeUndefined();
    expect(jwtClaims(jwt({ email: 'Nguyễn@vks.gov.vn' }))?.email).toBe('Nguyễn@vks.gov.vn');
  });

  it('a session refreshes before expiry, once for concurrent requests', async () => {
    let n = 0;
    const env = fakeEnv({ token: (form) => (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'r1' ? { status: 200, body: tokenBody(++n) } : { status: 400, body: { error: 'invalid_grant' } }) });
    writeTokens(env.store, { access_token: 'a0', refresh_token: 'r1', expires_at: T0 + 30_000 });
    const s = new Session(CFG, env);
    const [x, y] = await Promise.all([s.token(), s.token()]);
    expect(x).toBe(y);
    expect(jwtClaims(x)?.n).toBe(1);
    expect(env.calls.filter((c) => c.url.endsWith('/oauth2/token'))).toHaveLength(1);
    expect(readTokens(env.store)?.refresh_token).toBe('r1');
    // Fresh now: no more refreshes.
    expect(await s.token()).toBe(x);
    expect(env.calls.filter((c) => c.url.endsWith('/oauth2/token'))).toHaveLength(1);
  });

  it('requests refused together share one refresh; a token refused right after its refresh is not refreshed again', async () => {
    let n = 0;
    const env = fakeEnv({ token: () => ({ status: 200, body: tokenBody(++n) }) });
    writeTokens(env.store, { access_token: 'a0', refresh_token: 'r1', expires_at: T0 + 3_600_000 });
    const s = new Session(CFG, env);
    const again = await Promise.all([s.retryToken('a0'), s.retryToken('a0'), s.retryToken('a0')]);
    expect(new Set(again).size).toBe(1);
    expect(jwtClaims(again[0])?.n).toBe(1);
    // A late 401 for the old token: the new one is retried without another refresh.
    expect(await s.retryToken('a0')).toBe(again[0]);
    // The new token refused too, seconds later: the 401 stands.
    env.clock.now += 2_000;
    expect(await s.retryToken(again[0])).toBeUndefined();
    expect(n).toBe(1);
    expect(s.expired).toBe(false);
  });

  it('an expired refresh token ends the session; a network failure does not', async () => {
    const env = fakeEnv({ token: () => ({ status: 400, body: { error: 'invalid_grant' } }) });
    writeTokens(env.store, { access_token: 'a0', refresh_token: 'r-old', expires_at: T0 - 1 });
    const s = new Session(CFG, env);
    const changed = vi.fn();
    s.onChange(changed);
    expect(await s.token()).toBeUndefined();
    expect(s.expired).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(readTokens(env.store)).toBeUndefined();

    const offline = fakeEnv();
    offline.fetch = (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch;
    writeTokens(offline.store, { access_token: 'a0', refresh_token: 'r1', expires_at: T0 + 10_000 });
    const s2 = new Session(CFG, offline);
    expect(await s2.token()).toBeUndefined();
    expect(s2.expired).toBe(false);
    expect(readTokens(offline.store)?.refresh_token).toBe('r1');
  });

  it('boot uses stored tokens, refreshes stale ones, and signs in when neither works', async () => {
    const fresh = fakeEnv();
    writeTokens(fresh.store, { access_token: 'a', expires_at: T0 + 3_600_000 });
    expect((await bootAuth(fresh)).mode).toBe('signed-in');
    expect(fresh.navigations).toEqual([]);

    const stale = fakeEnv({ token: () => ({ status: 200, body: tokenBody(2) }) });
    writeTokens(stale.store, { access_token: 'a', refresh_token: 'r', expires_at: T0 - 1 });
    expect((await bootAuth(stale)).mode).toBe('signed-in');
    expect(jwtClaims(readTokens(stale.store)?.access_token)?.n).toBe(2);

    const dead = fakeEnv({ hash: '#saved=abc', token: () => ({ status: 400, body: { error: 'invalid_grant' } }) });
    writeTokens(dead.store, { access_token: 'a', refresh_token: 'r', expires_at: T0 - 1 });
    expect((await bootAuth(dead)).mode).toBe('redirecting');
    expect(dead.navigations[0]).toContain(`${HOSTED}/oauth2/authorize?`);
    expect(takePending(dead.store)?.hash).toBe('#saved=abc');
  });

  it('sign-out revokes the refresh token, clears the tab and ends the hosted-UI session', async () => {
    const env = fakeEnv();
    writeTokens(env.store, { access_token: 'a', refresh_token: 'r9', expires_at: T0 + 3_600_000 });
    await new Session(CFG, env).signOut();
    const revoke = env.calls.find((c) => c.url === `${HOSTED}/oauth2/revoke`)!;
    expect(Object.fromEntries(revoke.form!)).toEqual({ token: 'r9', client_id: 'client123' });
    expect(readTokens(env.store)).toBeUndefined();
    expect(env.navigations).toEqual([logoutUrl(CFG, SITE)]);
  });
});

describe('API client', () => {
  function stubFetch(answer: (url: string, auth: string | null) => number): Array<{ url: string; auth: string | null }> {
    const seen: Array<{ url: string; auth: string | null }> = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const auth = new Headers(init?.headers).get('authorization');
      seen.push({ url, auth });
      return new Response('{}', { status: answer(url, auth) });
    });
    return seen;
  }

  it('sends the bearer token on /api/* only, and retries once after a 401 with a renewed token', async () => {
    const seen = stubFetch((url, auth) => (url.startsWith('/api/') && auth !== 'Bearer t2' ? 401 : 200));
    const retry = vi.fn(async () => 't2');
    setApiAuth({ token: async () => 't1', retryToken: retry });
    const res = await apiFetch('/api/catalog', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ url: '/api/catalog', auth: 'Bearer t1' }, { url: '/api/catalog', auth: 'Bearer t2' }]);
    expect(retry).toHaveBeenCalledWith('t1');
    await apiFetch('/data/manifest.json');
    expect(seen[2]).toEqual({ url: '/data/manifest.json', auth: null });
  });

  it('a 401 that a refresh does not cure stands (one retry, no loop)', async () => {
    const seen = stubFetch(() => 401);
    let token = 't1';
    setApiAuth({ token: async () => token, retryToken: async () => (token = 't2') });
    expect((await apiFetch('/api/sql', { method: 'POST', body: '{}' })).status).toBe(401);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer t1', 'Bearer t2']);
    setApiAuth({ token: async () => 't3', retryToken: async () => undefined });
    expect((await apiFetch('/api/sql', { method: 'POST', body: '{}' })).status).toBe(401);
    expect(seen).toHaveLength(3);
  });

  it('locally nothing is added', async () => {
    const seen = stubFetch(() => 200);
    await apiFetch('/api/catalog');
    expect(seen).toEqual([{ url: '/api/catalog', auth: null }]);
  });
});

describe('local mode', () => {
  it.each([
    ['404', { status: 404, body: 'Not Found' }],
    ['the local server answering with the app page', { status: 200, body: '<!doctype html><html></html>', type: 'text/html' }],
    ['a config without auth', { status: 200, body: JSON.stringify({ apiBase: '/api' }), type: 'application/json' }],
    ['an empty config (the construct default)', { status: 200, body: '{}', type: 'application/json' }],
    ['auth over plain http', { status: 200, body: JSON.stringify({ auth: { clientId: 'c', hostedUi: 'http://evil.example' } }), type: 'application/json' }],
    ['auth without a client', { status: 200, body: JSON.stringify({ auth: { hostedUi: HOSTED } }), type: 'application/json' }],
    ['no answer', 'network-error' as const],
  ])('%s: no sign-in, no redirect', async (_name, config) => {
    const env = fakeEnv({ config, search: '?code=x&state=y' });
    const boot = await bootAuth(env);
    expect(boot.mode).toBe('local');
    expect(env.navigations).toEqual([]);
    expect(env.replaced).toEqual([]);
    expect(env.calls.map((c) => c.url)).toEqual(['/config.json']);
  });

  it('reads the config the stack writes', async () => {
    const cfg = parseRuntimeConfig(CONFIG_JSON);
    expect(cfg).toEqual({ apiBase: '/api', auth: { clientId: 'client123', hostedUi: HOSTED, region: 'ap-southeast-1', userPoolId: 'ap-southeast-1_abc' } });
    // A trailing slash or path on the hosted UI is not carried into the endpoints.
    expect(parseRuntimeConfig({ auth: { clientId: 'c', hostedUi: `${HOSTED}/` } })?.auth?.hostedUi).toBe(HOSTED);
    const env = fakeEnv();
    expect((await loadRuntimeConfig(env.fetch))?.auth?.clientId).toBe('client123');
  });
});
