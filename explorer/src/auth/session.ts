/**
 * One analyst's session in this tab: hands the API client a fresh access token (refreshing it a
 * minute before it expires, and once after a 401), starts a sign-in round trip (state, PKCE,
 * stashed hash) and signs out (revoke, clear, hosted-UI /logout).
 */
import type { AuthConfig } from './config.ts';
import { authorizeUrl, logoutUrl, refreshTokens, revoke, TokenError } from './oauth.ts';
import { savePending } from './pending.ts';
import { randomString, s256Challenge } from './pkce.ts';
import { clearTokens, decide, on401, readTokens, writeTokens, type KeyValueStore, type Tokens } from './tokens.ts';

/** What the session touches of the page; tests pass fakes. */
export interface AuthEnv {
  fetch: typeof fetch;
  store: KeyValueStore;
  now(): number;
  location: { origin: string; pathname: string; search: string; hash: string };
  /** Leave the page for `url` (the hosted UI). */
  navigate(url: string): void;
  /** Change the address without reloading (history.replaceState). */
  replaceUrl(url: string): void;
}

export function browserEnv(): AuthEnv {
  return {
    fetch: (input, init) => fetch(input, init),
    store: sessionStorage,
    now: () => Date.now(),
    location,
    navigate: (url) => location.assign(url),
    replaceUrl: (url) => history.replaceState(history.state, '', url),
  };
}

export class Session {
  private refreshing: Promise<Tokens | undefined> | undefined;
  private lastRefreshAt: number | undefined;
  private listeners = new Set<() => void>();
  /** The session is over (refresh token expired or revoked): only a new sign-in helps. */
  expired = false;

  constructor(readonly cfg: AuthConfig, private readonly env: AuthEnv) {}

  /** The app client's callback and logout URL: the site itself. */
  get redirectUri(): string {
    return this.cfg.redirectUri ?? this.env.location.origin;
  }

  get tokens(): Tokens | undefined {
    return readTokens(this.env.store);
  }

  get user(): string | undefined {
    return this.tokens?.user;
  }

  onChange(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private setExpired(): void {
    if (this.expired) return;
    this.expired = true;
    for (const f of this.listeners) f();
  }

  /** The access token for the next /api/* request, renewed first when it is about to expire. */
  async token(): Promise<string | undefined> {
    const t = this.tokens;
    const d = decide(t, this.env.now());
    if (d === 'use') return t!.access_token;
    if (d === 'refresh') return (await this.refresh())?.access_token;
    this.setExpired();
    return undefined;
  }

  /** After a 401 for `rejected`: a token worth one retry, or undefined when the 401 stands. */
  async retryToken(rejected: string | undefined): Promise<string | undefined> {
    // Requests refused together wait for the one refresh the first of them started.
    if (this.refreshing) return (await this.refreshing)?.access_token;
    const t = this.tokens;
    const what = on401(t, rejected, this.lastRefreshAt, this.env.now());
    if (what === 'retry') return t!.access_token;
    if (what === 'refresh') return (await this.refresh())?.access_token;
    if (!t) this.setExpired();
    return undefined;
  }

  /** Renews the access token with the refresh token; concurrent callers share one request. */
  refresh(): Promise<Tokens | undefined> {
    this.refreshing ??= (async () => {
      const previous = this.tokens;
      if (!previous?.refresh_token) return undefined;
      this.lastRefreshAt = this.env.now();
      try {
        const next = await refreshTokens(this.cfg, previous, this.env.now(), this.env.fetch);
        writeTokens(this.env.store, next);
        return next;
      } catch (e) {
        // invalid_grant: the refresh token expired or was revoked. A network error keeps the session.
        if (e instanceof TokenError && e.status >= 400 && e.status < 500) {
          clearTokens(this.env.store);
          this.setExpired();
        }
        return undefined;
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Off to the hosted UI; the current permalink comes back with us. */
  async signIn(): Promise<void> {
    const verifier = randomString(32);
    const state = randomString(16);
    savePending(this.env.store, { state, verifier, hash: this.env.location.hash });
    this.env.navigate(authorizeUrl(this.cfg, { redirectUri: this.redirectUri, state, challenge: await s256Challenge(verifier) }));
  }

  /** Revokes the refresh token, forgets the tokens, and ends the hosted-UI session too. */
  async signOut(): Promise<void> {
    const t = this.tokens;
    clearTokens(this.env.store);
    if (t?.refresh_token) await revoke(this.cfg, t.refresh_token, this.env.fetch);
    this.env.navigate(logoutUrl(this.cfg, this.redirectUri));
  }
}
