/**
 * The signed-in session: tokens kept in sessionStorage (gone when the tab closes, not shared with
 * other tabs, unlike localStorage), and the pure decisions about when to use, refresh or sign in.
 */

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  /** When the access token stops being accepted, ms since the epoch. */
  expires_at: number;
  /** Who is signed in (e-mail from the ID token), for the page only; the ID token itself is not kept. */
  user?: string;
}

/** The part of Storage the session needs (sessionStorage in the page, a Map in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'chitieu.auth.tokens';

/** Refresh this long before the access token expires, so a request never leaves with a dying token. */
export const REFRESH_SKEW_MS = 60_000;
/** A 401 right after a refresh is not about expiry: do not refresh again within this window. */
export const MIN_REFRESH_INTERVAL_MS = 10_000;

/** The claims of a JWT, unverified (the API's authorizer verifies; the page only reads exp and email). */
export function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  const part = token?.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenResponse {
  access_token?: unknown;
  id_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
}

/**
 * Tokens from a /oauth2/token answer received at `now`. A refresh answer carries no refresh token
 * (Cognito keeps the original one valid), so the previous one is kept, and so is the user.
 */
export function tokensFromResponse(body: TokenResponse, now: number, previous?: Tokens): Tokens {
  if (typeof body.access_token !== 'string' || body.access_token === '') throw new Error('no access_token in the token response');
  const claims = jwtClaims(body.access_token);
  const expiresAt = typeof body.expires_in === 'number' && body.expires_in > 0
    ? now + body.expires_in * 1000
    : typeof claims?.exp === 'number' ? claims.exp * 1000 : now + 3_600_000;
  const id = jwtClaims(typeof body.id_token === 'string' ? body.id_token : undefined);
  const user = typeof id?.email === 'string' ? id.email : typeof id?.['cognito:username'] === 'string' ? (id['cognito:username'] as string) : previous?.user;
  const refresh = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : previous?.refresh_token;
  return { access_token: body.access_token, expires_at: expiresAt, ...(refresh ? { refresh_token: refresh } : {}), ...(user ? { user } : {}) };
}

export type Decision = 'use' | 'refresh' | 'sign-in';

/** What to do with the stored tokens before a request at `now`. */
export function decide(t: Tokens | undefined, now: number, skewMs = REFRESH_SKEW_MS): Decision {
  if (!t) return 'sign-in';
  if (now < t.expires_at - skewMs) return 'use';
  if (t.refresh_token) return 'refresh';
  // No way to renew: use what is left of it, then sign in again.
  return now < t.expires_at ? 'use' : 'sign-in';
}

/**
 * After a 401 for `rejected`: 'retry' with the current token when another request has already
 * renewed it, 'refresh' when a refresh may help, 'give-up' when it just happened (or cannot).
 */
export function on401(t: Tokens | undefined, rejected: string | undefined, lastRefreshAt: number | undefined, now: number): 'retry' | 'refresh' | 'give-up' {
  if (!t) return 'give-up';
  if (rejected !== undefined && t.access_token !== rejected) return 'retry';
  if (!t.refresh_token) return 'give-up';
  if (lastRefreshAt !== undefined && now - lastRefreshAt < MIN_REFRESH_INTERVAL_MS) return 'give-up';
  return 'refresh';
}

export function readTokens(store: KeyValueStore): Tokens | undefined {
  try {
    const t = JSON.parse(store.getItem(KEY) ?? 'null') as Tokens | null;
    return t && typeof t.access_token === 'string' && typeof t.expires_at === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}

export function writeTokens(store: KeyValueStore, t: Tokens): void {
  store.setItem(KEY, JSON.stringify(t));
}

export function clearTokens(store: KeyValueStore): void {
  store.removeItem(KEY);
}
