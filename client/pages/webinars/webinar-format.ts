import { css, html } from 'lit';
import type { RegistrationStatus, Webinar, WebinarStatus } from '../../api/webinars.ts';
import { ApiError } from '../../api/http.ts';
import { describeError } from '../../errors.ts';
import { getLocale, t } from '../../i18n.ts';
import { SEATED } from './webinar-reminders.ts';

/** Surakarta's zone. Indonesia keeps no daylight saving, so WIB is always UTC+7. */
const ZONE = 'Asia/Jakarta';
const WIB_OFFSET = '+07:00';

export { SEATED };

/** Whether I may go into the live room now: it is live, and I host it or hold a seat. */
export function canJoin(w: Webinar): boolean {
  if (w.status !== 'live') return false;
  const reg = w.me.registration;
  return w.me.canHost || (reg !== null && SEATED.includes(reg.status));
}

export function liveHref(w: Pick<Webinar, 'id'>): string {
  return `/webinars/${w.id}/live`;
}

function parts(iso: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(getLocale(), { ...options, timeZone: ZONE }).format(new Date(iso));
}

const dayKey = (iso: string) => parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit' });

/** "Sen, 3 Nov 2026, 09.00" in WIB. */
export function formatDateTime(iso: string): string {
  return `${parts(iso, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} ${t('webinars.timeZone')}`;
}

/** "Sen, 3 Nov 2026, 09.00–10.30 WIB"; both dates when it spans midnight. */
export function formatSchedule(startsAt: string, endsAt: string): string {
  const start = parts(startsAt, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const end =
    dayKey(startsAt) === dayKey(endsAt)
      ? parts(endsAt, { hour: '2-digit', minute: '2-digit' })
      : parts(endsAt, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return `${start}–${end} ${t('webinars.timeZone')}`;
}

/** The schedule inside <time> elements, so assistive technology and machines get exact times. */
export function scheduleTime(w: Pick<Webinar, 'startsAt' | 'endsAt'>) {
  return html`<time datetime=${w.startsAt}>${formatSchedule(w.startsAt, w.endsAt)}</time>`;
}

export function durationMinutes(w: Pick<Webinar, 'startsAt' | 'endsAt'>): number {
  return Math.round((new Date(w.endsAt).getTime() - new Date(w.startsAt).getTime()) / 60_000);
}

/** "2 JP", with one decimal only when there is one. */
export function jpText(jp: number): string {
  return t('webinars.jp', { jp: Math.round(jp * 10) / 10 });
}

export function statusBadge(status: WebinarStatus) {
  return html`<span class=${`badge status-${status}`} data-testid="webinar-status">${t(`webinars.status.${status}`)}</span>`;
}

export function registrationBadge(status: RegistrationStatus) {
  return html`<span class=${`badge reg-${status}`}>${t(`webinars.registration.${status}`)}</span>`;
}

/** "12 of 50 seats taken", or "All seats taken · 3 on the waiting list". */
export function seatsText(w: Pick<Webinar, 'capacity' | 'seats'>): string {
  const taken = w.seats.free === 0 ? t('webinars.seatsFull') : t('webinars.seatsTaken', { taken: w.seats.taken, capacity: w.capacity });
  return w.seats.waitlisted ? `${taken} · ${t('webinars.seatsWaiting', { count: w.seats.waitlisted })}` : taken;
}

/** An ISO time as a datetime-local value in WIB ('' for none). */
export function toWibInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  // Shift to WIB, then read the fields as if UTC.
  const wib = new Date(d.getTime() + 7 * 3600_000);
  return wib.toISOString().slice(0, 16);
}

/** A datetime-local value read as WIB, as an ISO time; null when empty or unreadable. */
export function fromWibInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  const withSeconds = value.trim().length === 16 ? `${value.trim()}:00` : value.trim();
  const d = new Date(`${withSeconds}${WIB_OFFSET}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Plain words for an error from the webinar API (the 503 of absent live video included). */
export function webinarError(error: unknown): string {
  if (error instanceof ApiError && error.status === 503) return t('webinars.errors.liveVideoUnavailable');
  return describeError(error);
}

/** Badges, cards and the join button, shared by the webinar pages and the home sections. */
export const webinarStyles = css`
  .badge.status-live {
    background: var(--sinau-color-danger);
    color: #fff;
  }
  .badge.status-live::before {
    content: '';
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
    margin-right: 0.35rem;
    vertical-align: 0.05rem;
  }
  .badge.status-ended,
  .badge.reg-cancelled {
    background: #eceff2;
    color: var(--sinau-color-muted);
  }
  .badge.status-cancelled,
  .badge.reg-declined {
    background: var(--sinau-color-danger-bg);
    color: var(--sinau-color-danger);
  }
  .badge.reg-registered,
  .badge.reg-approved {
    background: var(--sinau-color-success-bg);
    color: var(--sinau-color-success);
  }
  .badge.reg-waitlisted,
  .badge.reg-pending_approval,
  .badge.assigned {
    background: var(--sinau-color-warning-bg);
    color: var(--sinau-color-warning);
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-1) var(--sinau-space-2);
    margin: 0 0 var(--sinau-space-2);
  }
  .button.join {
    background: var(--sinau-color-danger);
    border-color: var(--sinau-color-danger);
  }
  .button.join:hover {
    filter: brightness(0.92);
  }
  ul.webinar-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-3);
  }
  .webinar-item {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    display: grid;
    gap: var(--sinau-space-1);
    grid-template-columns: minmax(0, 1fr);
  }
  .webinar-item.live {
    border-left: 0.35rem solid var(--sinau-color-danger);
  }
  @media (min-width: 40rem) {
    .webinar-item {
      grid-template-columns: minmax(0, 1fr) auto;
      align-items: center;
    }
  }
  .webinar-item h3 {
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  .webinar-item p {
    margin: 0;
  }
  .webinar-item .meta {
    color: var(--sinau-color-muted);
    font-size: 0.95rem;
  }
  .webinar-item .item-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
  }
`;
