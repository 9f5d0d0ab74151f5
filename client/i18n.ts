import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { id, type Dictionary } from './i18n/id.ts';
import { en } from './i18n/en.ts';

export type Locale = 'id' | 'en';
export const locales: readonly Locale[] = ['id', 'en'];

const dictionaries: Record<Locale, Dictionary> = { id, en };
const storageKey = 'sinau.locale';

type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key, checked at compile time: `t('login.submit')`. */
export type MessageKey = Paths<Dictionary>;
export type MessageParams = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be blocked (private mode, policy); the default still works.
  }
  return 'id';
}

let current: Locale = readStoredLocale();
const listeners = new Set<() => void>();
document.documentElement.lang = current;

export function getLocale(): Locale {
  return current;
}

/** Switches the language, remembers it on this device and re-renders every subscribed element. */
export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // See readStoredLocale.
  }
  if (locale === current) return;
  current = locale;
  document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function lookup(dictionary: Dictionary, key: string): string | undefined {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Translates a key; `{name}` placeholders are filled from params (numbers are formatted). */
export function t(key: MessageKey, params?: MessageParams): string {
  const message = lookup(dictionaries[current], key) ?? lookup(dictionaries.id, key) ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(current).format(value);
}

/** A wait such as "45 detik" / "3 minutes", rounded up to whole minutes past one minute. */
export function formatDuration(seconds: number): string {
  const [value, unit] =
    seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(current, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A calendar date such as "3 Mei 2025" / "3 May 2025" (Surakarta's time zone). */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(current, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
}

/** A length of study such as "1 j 30 mnt" / "1 hr 30 min". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  const part = (value: number, unit: 'hour' | 'minute') => new Intl.NumberFormat(current, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
  if (hours === 0) return part(rest, 'minute');
  return rest === 0 ? part(hours, 'hour') : `${part(hours, 'hour')} ${part(rest, 'minute')}`;
}

export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(current, { style: 'long', type: 'conjunction' }).format(items);
}

/** Re-renders its host whenever the language changes. */
export class LocaleController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onLocaleChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
