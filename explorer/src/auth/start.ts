/**
 * The page side of sign-in: runs the boot decision, hands the session to the API client, and shows
 * what the analyst needs — who is signed in and a sign-out button, a way back in when the session
 * ends, or why the sign-in failed.
 */
import { setApiAuth } from '../data/api.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import { append, clear, h } from '../ui/dom.ts';
import { bootAuth } from './boot.ts';
import { browserEnv, type Session } from './session.ts';

/**
 * Resolves when the app may start: with no session in local mode, with the session once signed
 * in. While the page is leaving for the hosted UI, or shows why sign-in failed, it never resolves.
 */
export async function startAuth(root: HTMLElement): Promise<Session | undefined> {
  const boot = await bootAuth(browserEnv());
  if (boot.mode === 'local') return undefined;
  if (boot.mode === 'signed-in') {
    setApiAuth(boot.session);
    return boot.session;
  }
  const draw = (): void => {
    clear(root);
    if (boot.mode === 'redirecting') {
      root.append(h('p', { class: 'note', role: 'status', id: 'auth-status' }, t('auth_redirecting')));
    } else {
      root.append(
        h('p', { class: 'error', role: 'alert', id: 'auth-status' }, t(boot.reason, { detail: boot.detail })),
        h('button', { type: 'button', class: 'primary', id: 'auth-sign-in', onclick: () => void boot.session.signIn() }, t('auth_sign_in_again')),
      );
    }
  };
  draw();
  onLangChange(draw);
  return new Promise<never>(() => {});
}

/** Who is signed in and the sign-out button; a sign-in button instead once the session has ended. */
export function authBar(session: Session): HTMLElement {
  const bar = h('div', { class: 'auth-bar', id: 'auth-bar', style: 'display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:flex-end;padding-top:8px;font-size:.9em' });
  const draw = (): void => {
    clear(bar);
    if (session.expired) {
      bar.append(
        h('span', { class: 'error', role: 'alert', style: 'margin:0' }, t('auth_expired')),
        h('button', { type: 'button', class: 'primary', id: 'auth-sign-in', onclick: () => void session.signIn() }, t('auth_sign_in_again')),
      );
      return;
    }
    const user = session.user;
    append(bar,
      user ? h('span', { id: 'auth-user' }, t('auth_signed_in_as', { user })) : null,
      h('button', { type: 'button', id: 'auth-sign-out', onclick: () => void session.signOut() }, t('auth_sign_out')),
    );
  };
  draw();
  session.onChange(draw);
  onLangChange(draw);
  return bar;
}
