import { getLocale, t } from '../../i18n.ts';
import { RoomError } from './room-connection.ts';

/** Plain words for a refused or unanswered room request; the server's own words when it gave some. */
export function roomErrorText(error: unknown): string {
  if (!(error instanceof RoomError)) return t('webinarLive.errors.failed');
  if (error.code === 'disconnected') return t('webinarLive.errors.disconnected');
  if (error.code === 'timeout') return t('webinarLive.errors.timeout');
  return error.message.trim() || t('webinarLive.errors.failed');
}

/** A countdown such as "0:45" or "2:05". */
export function countdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** The time of day a message was sent, in Surakarta's time zone. */
export function timeOfDay(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
}
