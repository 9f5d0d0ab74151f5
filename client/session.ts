import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getMe, login, logout, updateMe, type Me } from './api/auth.ts';
import { isApiError, setCsrfToken } from './api/http.ts';
import type { Role } from './api/org.ts';
import { getLocale, setLocale, type Locale } from './i18n.ts';

/** Holds the signed-in person; elements follow it through SessionController. */
class SessionStore extends EventTarget {
  #me: Me | null = null;

  get me(): Me | null {
    return this.#me;
  }

  set(me: Me | null): void {
    this.#me = me;
    this.dispatchEvent(new Event('change'));
  }
}

export const session = new SessionStore();

// A language picked on the sign-in page is a fresh, explicit choice: it wins over the one
// stored on the server, which is updated to match after signing in.
let localePickedWhileSignedOut = false;

function adopt(me: Me, afterSignIn: boolean): void {
  if (afterSignIn && localePickedWhileSignedOut && me.locale !== getLocale()) {
    const locale = getLocale();
    me = { ...me, locale };
    void updateMe({ locale }).catch(() => undefined);
  } else {
    setLocale(me.locale);
  }
  localePickedWhileSignedOut = false;
  session.set(me);
}

/** Asks the server whether a session cookie is still valid. A 401 simply means signed out. */
export async function restoreSession(): Promise<void> {
  try {
    adopt(await getMe({ redirectOnUnauthenticated: false }), false);
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) {
      session.set(null);
      return;
    }
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<Me> {
  const me = await login(username, password);
  adopt(me, true);
  return me;
}

export async function signOut(): Promise<void> {
  try {
    await logout();
  } finally {
    session.set(null);
  }
}

/** Re-reads Me (after a password change, for example) without touching the language. */
export async function refreshSession(): Promise<Me> {
  const me = await getMe();
  session.set(me);
  return me;
}

/** Forgets the session locally, after the server said it has ended. */
export function clearSession(): void {
  setCsrfToken(null);
  session.set(null);
}

/** Changes the language now and, when signed in, stores it on the person's account. */
export async function changeLocale(locale: Locale): Promise<void> {
  setLocale(locale);
  const me = session.me;
  if (!me) {
    localePickedWhileSignedOut = true;
    return;
  }
  if (me.locale === locale) return;
  try {
    session.set(await updateMe({ locale }));
  } catch {
    // The choice still holds on this device; the account keeps the old one until next time.
  }
}

export function hasRole(me: Me | null, role: Role): boolean {
  return me?.roles.includes(role) ?? false;
}

/** Re-renders its host when someone signs in or out or Me changes. */
export class SessionController implements ReactiveController {
  private readonly onChange = (): void => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get me(): Me | null {
    return session.me;
  }

  hostConnected(): void {
    session.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    session.removeEventListener('change', this.onChange);
  }
}
