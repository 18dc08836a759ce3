/**
 * What a sign-in round trip must remember across the redirect to the hosted UI and back: the
 * `state` (CSRF: only an answer to our own request is accepted), the PKCE verifier, and the
 * page's hash — the `#nb=` permalink holds the notebook, and the hosted UI drops fragments.
 * Kept in sessionStorage (this tab only) and used once.
 */
import type { KeyValueStore } from './tokens.ts';

export interface Pending {
  state: string;
  verifier: string;
  /** location.hash when the sign-in started ('' when there was none). */
  hash: string;
}

const KEY = 'chitieu.auth.pending';

export function savePending(store: KeyValueStore, p: Pending): void {
  store.setItem(KEY, JSON.stringify(p));
}

/** The pending sign-in, removed as it is read: a code and state are good for one exchange. */
export function takePending(store: KeyValueStore): Pending | undefined {
  const raw = store.getItem(KEY);
  store.removeItem(KEY);
  try {
    const p = JSON.parse(raw ?? 'null') as Pending | null;
    return p && typeof p.state === 'string' && typeof p.verifier === 'string' ? { state: p.state, verifier: p.verifier, hash: typeof p.hash === 'string' ? p.hash : '' } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the `state` that came back is the one we sent. */
export function stateMatches(pending: Pending | undefined, returned: string | null | undefined): pending is Pending {
  return !!pending && pending.state.length > 0 && typeof returned === 'string' && returned === pending.state;
}

/**
 * The address to show after the round trip: this path, no `?code=&state=`, the stashed hash as it
 * was (a damaged permalink still gets its "link is damaged" message from the notebook code).
 */
export function restoredUrl(pathname: string, hash: string | undefined): string {
  return pathname + (hash && hash.startsWith('#') && hash.length > 1 ? hash : '');
}
