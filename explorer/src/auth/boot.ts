/**
 * What the page does about sign-in when it loads:
 * - no /config.json with `auth` (local `npm start`): nothing, the API needs no token;
 * - back from the hosted UI with `?code=&state=`: check the state, exchange the code (PKCE),
 *   clean the address and put the stashed permalink hash back;
 * - tokens in this tab: use them (refreshed if they are about to expire);
 * - otherwise: off to the hosted UI.
 */
import type { StringKey } from '../i18n/strings.ts';
import { loadRuntimeConfig } from './config.ts';
import { exchangeCode, parseCallback, TokenError } from './oauth.ts';
import { restoredUrl, stateMatches, takePending } from './pending.ts';
import { Session, type AuthEnv } from './session.ts';
import { decide, writeTokens } from './tokens.ts';

export type Boot =
  | { mode: 'local' }
  | { mode: 'signed-in'; session: Session }
  | { mode: 'redirecting'; session: Session }
  | { mode: 'failed'; session: Session; reason: StringKey; detail: string };

export async function bootAuth(env: AuthEnv): Promise<Boot> {
  const cfg = await loadRuntimeConfig(env.fetch);
  if (!cfg?.auth) return { mode: 'local' };
  const session = new Session(cfg.auth, env);
  const failed = (reason: StringKey, detail = ''): Boot => ({ mode: 'failed', session, reason, detail });

  const callback = parseCallback(env.location.search);
  if (callback) {
    const pending = takePending(env.store);
    // The code and state leave the address bar at once (history, bookmarks, shared screens).
    env.replaceUrl(restoredUrl(env.location.pathname, pending?.hash));
    if (callback.kind === 'error') return failed('auth_denied', callback.description || callback.error);
    if (!stateMatches(pending, callback.state)) {
      // Back button into the hosted UI, which answers our spent request again: already signed in,
      // the stray code is ignored (never exchanged) and the page goes on as it was.
      if (decide(session.tokens, env.now()) === 'use') return { mode: 'signed-in', session };
      return failed('auth_state_mismatch');
    }
    try {
      const tokens = await exchangeCode(session.cfg, { code: callback.code, verifier: pending.verifier, redirectUri: session.redirectUri, now: env.now() }, env.fetch);
      writeTokens(env.store, tokens);
    } catch (e) {
      return failed('auth_token_failed', e instanceof TokenError ? e.error : String(e));
    }
    return { mode: 'signed-in', session };
  }

  const d = decide(session.tokens, env.now());
  if (d === 'use') return { mode: 'signed-in', session };
  if (d === 'refresh' && (await session.refresh())) return { mode: 'signed-in', session };
  await session.signIn();
  return { mode: 'redirecting', session };
}
