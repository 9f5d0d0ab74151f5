import { describe, expect, it } from 'vitest';
import type { Webinar } from '../../client/api/webinars.ts';
import { remindersFor } from '../../client/pages/webinars/webinar-reminders.ts';

const now = new Date('2026-11-28T01:00:00.000Z'); // 08:00 WIB
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

let nextId = 1;
function webinar(o: { starts: number; minutes?: number; status?: Webinar['status']; host?: boolean; reg?: string | null }): Webinar {
  return {
    id: nextId++,
    title: `W${nextId}`,
    startsAt: at(o.starts),
    endsAt: at(o.starts + (o.minutes ?? 90)),
    status: o.status ?? 'scheduled',
    me: { canHost: o.host ?? false, canEdit: false, assigned: false, registration: o.reg === undefined ? { status: 'registered' } : o.reg === null ? null : { status: o.reg } },
  } as unknown as Webinar;
}

describe('webinar reminders', () => {
  it('reminds me of what I take part in within a day: live first, then by start, with minutes to go', () => {
    const later = webinar({ starts: 20 * 60 });
    const soon = webinar({ starts: 45 });
    const live = webinar({ starts: -10, status: 'live' });
    const hosting = webinar({ starts: 90, host: true, reg: null });
    const r = remindersFor([later, soon, live, hosting], now);
    expect(r.map((x) => [x.webinar.id, x.kind, x.minutes])).toEqual([
      [live.id, 'live', 0],
      [soon.id, 'soon', 45],
      [hosting.id, 'later', 90],
      [later.id, 'later', 1200],
    ]);
  });

  it('leaves out what is not mine, not seated, too far, over or cancelled', () => {
    const list = [
      webinar({ starts: 30, reg: null }), // not registered, not hosting
      webinar({ starts: 30, reg: 'waitlisted' }),
      webinar({ starts: 30, reg: 'pending_approval' }),
      webinar({ starts: 30, reg: 'cancelled' }),
      webinar({ starts: 24 * 60 + 1 }), // more than a day ahead
      webinar({ starts: -120, minutes: 60, status: 'live' }), // live, but past its end
      webinar({ starts: 30, status: 'cancelled' }),
      webinar({ starts: -200, status: 'ended' }),
    ];
    expect(remindersFor(list, now)).toEqual([]);
    expect(remindersFor([webinar({ starts: 30, reg: 'approved' })], now)).toHaveLength(1);
    expect(remindersFor([webinar({ starts: 24 * 60 })], now)).toHaveLength(1);
  });

  it('counts whole minutes up, and stays due (0) after the start until the host opens the room', () => {
    expect(remindersFor([webinar({ starts: 0.5 })], now)[0]).toMatchObject({ kind: 'soon', minutes: 1 });
    expect(remindersFor([webinar({ starts: 60 })], now)[0]).toMatchObject({ kind: 'soon', minutes: 60 });
    expect(remindersFor([webinar({ starts: 61 })], now)[0]).toMatchObject({ kind: 'later', minutes: 61 });
    expect(remindersFor([webinar({ starts: -5 })], now)[0]).toMatchObject({ kind: 'soon', minutes: 0 });
  });
});
