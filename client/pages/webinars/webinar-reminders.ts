// Which webinars to remind me of on the home page, and how. Pure (no DOM, no i18n), so the
// unit tests run it in Node.
import type { RegistrationStatus, Webinar } from '../../api/webinars.ts';

/** How long before its start a webinar I take part in is brought to my attention. */
export const REMIND_HOURS = 24;
/** From this many minutes before the start, the reminder counts down in minutes. */
export const SOON_MINUTES = 60;

/** Registrations that hold a seat (and so may join the room). */
export const SEATED: readonly RegistrationStatus[] = ['registered', 'approved'];

export interface Reminder {
  webinar: Webinar;
  /** `live`: join now; `soon`: starts within SOON_MINUTES; `later`: later within REMIND_HOURS. */
  kind: 'live' | 'soon' | 'later';
  /** Whole minutes until the start (0 once it is due; the host has not opened the room yet). */
  minutes: number;
}

/**
 * The webinars I host or hold a seat in that are live or start within REMIND_HOURS, live ones
 * first, then by start. Cancelled, ended and past ones, and those I am only waitlisted or
 * pending for, are left out.
 */
export function remindersFor(webinars: readonly Webinar[], now: Date): Reminder[] {
  const t = now.getTime();
  const out: Reminder[] = [];
  for (const w of webinars) {
    const mine = w.me.canHost || (w.me.registration !== null && SEATED.includes(w.me.registration.status));
    if (!mine || new Date(w.endsAt).getTime() <= t) continue;
    if (w.status === 'live') {
      out.push({ webinar: w, kind: 'live', minutes: 0 });
      continue;
    }
    if (w.status !== 'scheduled') continue;
    const until = new Date(w.startsAt).getTime() - t;
    if (until > REMIND_HOURS * 3600_000) continue;
    const minutes = Math.max(0, Math.ceil(until / 60_000));
    out.push({ webinar: w, kind: minutes <= SOON_MINUTES ? 'soon' : 'later', minutes });
  }
  const rank = (r: Reminder) => (r.kind === 'live' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.webinar.startsAt.localeCompare(b.webinar.startsAt) || a.webinar.id - b.webinar.id);
}
