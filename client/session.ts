import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getMe, login, logout, updateMe, type Me } from './api/auth.ts';
import { isApiError, setCsrfToken } from './api/http.ts';
import type { Role } from './api/org.ts';
import { getLocale, isLocale, setLocale, type Locale } from './i18n.ts';

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

// A language chosen on this device but not yet stored on the account (picked on the sign-in
// page, or the PATCH was cut short by a reload or the network). It wins over the account's
// language at the next start or sign-in, and is then sent to the server.
const pendingLocaleKey = 'sinau.localePending';

function pendingLocale(): Locale | null {
  try {
    const value = localStorage.getItem(pendingLocaleKey);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function setPendingLocale(locale: Locale | null): void {
  try {
    if (locale) localStorage.setItem(pendingLocaleKey, locale);
    else localStorage.removeItem(pendingLocaleKey);
  } catch {
    // Without storage the choice simply lasts for this visit.
  }
}

async function saveLocale(locale: Locale): Promise<void> {
  setPendingLocale(locale);
  try {
    const me = await updateMe({ locale });
    // A newer choice made while this one was on its way stays pending and takes over.
    if (pendingLocale() === locale) setPendingLocale(null);
    if (session.me && getLocale() === me.locale) session.set(me);
  } catch {
    // Stays pending; retried at the next start.
  }
}

function adopt(me: Me): void {
  const pending = pendingLocale();
  if (pending && pending !== me.locale) {
    setLocale(pending);
    session.set({ ...me, locale: pending });
    void saveLocale(pending);
    return;
  }
  setPendingLocale(null);
  setLocale(me.locale);
  session.set(me);
}

/** Asks the server whether a session cookie is still valid. A 401 simply means signed out. */
export async function restoreSession(): Promise<void> {
  try {
    adopt(await getMe({ redirectOnUnauthenticated: false }));
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
  adopt(me);
  return session.me ?? me;
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

/** Changes the language now and stores it on the person's account (now, or after sign-in). */
export async function changeLocale(locale: Locale): Promise<void> {
  setLocale(locale);
  const me = session.me;
  if (!me) {
    setPendingLocale(locale);
    return;
  }
  if (me.locale !== locale) await saveLocale(locale);
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
