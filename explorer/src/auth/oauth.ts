/**
 * The Cognito hosted UI endpoints the explorer uses: /oauth2/authorize (authorization code with
 * PKCE, no client secret: the app client is public), /oauth2/token (code exchange and refresh,
 * form-encoded), /oauth2/revoke and /logout.
 */
import type { AuthConfig } from './config.ts';
import { tokensFromResponse, type Tokens } from './tokens.ts';

/** What the explorer's app client allows (infra/constructs/analyst-directory.ts). */
export const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

export function authorizeUrl(cfg: AuthConfig, o: { redirectUri: string; state: string; challenge: string }): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: o.redirectUri,
    scope: (cfg.scopes ?? DEFAULT_SCOPES).join(' '),
    state: o.state,
    code_challenge: o.challenge,
    code_challenge_method: 'S256',
  });
  return `${cfg.hostedUi}/oauth2/authorize?${q}`;
}

export function logoutUrl(cfg: AuthConfig, redirectUri: string): string {
  return `${cfg.hostedUi}/logout?${new URLSearchParams({ client_id: cfg.clientId, logout_uri: redirectUri })}`;
}

export type Callback =
  | { kind: 'code'; code: string; state: string | null }
  | { kind: 'error'; error: string; description: string; state: string | null };

/** The hosted UI's answer in this page's query string, if this load is one. */
export function parseCallback(search: string): Callback | undefined {
  const q = new URLSearchParams(search);
  const state = q.get('state');
  const error = q.get('error');
  if (error) return { kind: 'error', error, description: q.get('error_description') ?? '', state };
  const code = q.get('code');
  if (code) return { kind: 'code', code, state };
  return undefined;
}

/** A failed call to the token endpoint, with the OAuth error code when there is one. */
export class TokenError extends Error {
  constructor(readonly status: number, readonly error: string) {
    super(`${status} ${error}`);
  }
}

async function tokenCall(cfg: AuthConfig, form: Record<string, string>, fetchFn: typeof fetch): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(`${cfg.hostedUi}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      credentials: 'omit',
    });
  } catch (e) {
    throw new TokenError(0, (e as Error).message || 'network');
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new TokenError(res.status, typeof body.error === 'string' ? body.error : `http_${res.status}`);
  return body;
}

export async function exchangeCode(cfg: AuthConfig, o: { code: string; verifier: string; redirectUri: string; now: number }, fetchFn: typeof fetch): Promise<Tokens> {
  const body = await tokenCall(cfg, {
    grant_type: 'authorization_code',
    client_id: cfg.clientId,
    code: o.code,
    redirect_uri: o.redirectUri,
    code_verifier: o.verifier,
  }, fetchFn);
  return tokensFromResponse(body, o.now);
}

export async function refreshTokens(cfg: AuthConfig, previous: Tokens, now: number, fetchFn: typeof fetch): Promise<Tokens> {
  if (!previous.refresh_token) throw new TokenError(0, 'no_refresh_token');
  const body = await tokenCall(cfg, { grant_type: 'refresh_token', client_id: cfg.clientId, refresh_token: previous.refresh_token }, fetchFn);
  return tokensFromResponse(body, now, previous);
}

/** Revokes the refresh token (and the access tokens issued from it); best effort, at sign-out. */
export async function revoke(cfg: AuthConfig, refreshToken: string, fetchFn: typeof fetch): Promise<void> {
  await fetchFn(`${cfg.hostedUi}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, client_id: cfg.clientId }).toString(),
    credentials: 'omit',
    keepalive: true,
    signal: AbortSignal.timeout(3000),
  }).catch(() => undefined);
}
