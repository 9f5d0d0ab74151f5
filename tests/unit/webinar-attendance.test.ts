import { describe, expect, it } from 'vitest';
import { attended, attentionTally, presence, qualifies, STALE_SECONDS, type AttendanceSpan } from '../../server/webinars/outcomes.ts';

const T0 = Date.parse('2025-03-10T09:00:00+07:00');
const at = (min: number) => new Date(T0 + min * 60_000);
/** 09:00–10:40 (100 minutes), so minutes and per cent read alike. */
const schedule = { startsAt: at(0), endsAt: at(100) };
const closed = (from: number, to: number): AttendanceSpan => ({ joinedAt: at(from), leftAt: at(to), lastSeenAt: at(to) });
const open = (from: number, seen: number): AttendanceSpan => ({ joinedAt: at(from), leftAt: null, lastSeenAt: at(seen) });

describe('attended', () => {
  it('counts one interval within the schedule', () => {
    expect(attended([closed(10, 55)], schedule)).toEqual({ minutes: 45, attendedPct: 45 });
  });

  it('adds separate intervals (left and came back)', () => {
    expect(attended([closed(0, 30), closed(40, 90)], schedule)).toEqual({ minutes: 80, attendedPct: 80 });
  });

  it('counts overlapping connections (two tabs) once', () => {
    expect(attended([closed(0, 60), closed(30, 90), closed(35, 40)], schedule)).toEqual({ minutes: 90, attendedPct: 90 });
  });

  it('merges intervals that touch', () => {
    expect(presence([closed(0, 30), closed(30, 50)], null)).toEqual([[at(0).getTime(), at(50).getTime()]]);
  });

  it('clips to the schedule: the lobby before the start and overtime after the end do not count', () => {
    expect(attended([closed(-30, 20), closed(90, 150)], schedule)).toEqual({ minutes: 30, attendedPct: 30 });
    expect(attended([closed(-60, -10), closed(120, 130)], schedule)).toEqual({ minutes: 0, attendedPct: 0 });
  });

  it('never goes above 100 %', () => {
    expect(attended([closed(-10, 200), closed(0, 100)], schedule)).toEqual({ minutes: 100, attendedPct: 100 });
  });

  it('counts an open interval up to its last heartbeat once the webinar is over', () => {
    expect(attended([open(0, 42)], schedule)).toEqual({ minutes: 42, attendedPct: 42 });
  });

  it('counts an open interval up to now while the webinar is live', () => {
    expect(attended([open(0, 49.8)], schedule, at(50))).toEqual({ minutes: 50, attendedPct: 50 });
  });

  it('stops counting, even while live, an open interval whose heartbeat went stale', () => {
    const staleMinutes = STALE_SECONDS / 60;
    expect(attended([open(0, 20)], schedule, at(20 + staleMinutes + 1))).toEqual({ minutes: 20, attendedPct: 20 });
  });

  it('rounds down: whole minutes, and a share just under the threshold stays under it', () => {
    const s = { startsAt: at(0), endsAt: at(90) };
    // 72 minutes less 0.6 s, of 90: 79.9889 %.
    const a = attended([{ joinedAt: at(0), leftAt: new Date(at(72).getTime() - 600), lastSeenAt: at(71) }], s);
    expect(a.minutes).toBe(71);
    expect(a.attendedPct).toBe(79.98);
    expect(qualifies(a, 80, { shown: 0, acked: 0 })).toBe(false);
  });

  it('ignores empty and backwards intervals', () => {
    expect(attended([closed(10, 10), { joinedAt: at(20), leftAt: at(15), lastSeenAt: at(20) }], schedule)).toEqual({ minutes: 0, attendedPct: 0 });
  });
});

describe('attention checks', () => {
  const spans = presence([closed(0, 50)], null);
  const checks = [
    { id: 1, createdAt: at(10) },
    { id: 2, createdAt: at(30) },
    { id: 3, createdAt: at(70) },
  ];

  it('counts the checks issued while the person was in the room, and those they acknowledged anyway', () => {
    expect(attentionTally(spans, checks, new Set())).toEqual({ shown: 2, acked: 0 });
    expect(attentionTally(spans, checks, new Set([1, 3]))).toEqual({ shown: 3, acked: 2 });
  });

  it('qualifies with the threshold met and at least half of the checks shown acknowledged', () => {
    const a = { minutes: 85, attendedPct: 85 };
    expect(qualifies(a, 80, { shown: 0, acked: 0 })).toBe(true);
    expect(qualifies(a, 80, { shown: 2, acked: 1 })).toBe(true);
    expect(qualifies(a, 80, { shown: 3, acked: 1 })).toBe(false);
    expect(qualifies({ minutes: 79, attendedPct: 79 }, 80, { shown: 0, acked: 0 })).toBe(false);
    expect(qualifies({ minutes: 80, attendedPct: 80 }, 80, { shown: 0, acked: 0 })).toBe(true);
  });
});
