import { describe, expect, it } from 'vitest';
import { pickMainFeed } from '../../client/pages/webinar-live/room-state.ts';
import { diffForwards, isBroadcast, pickServer, planSlots, streamsOf, wantedForwards, type Mount } from '../../server/webinars/live/broadcast.ts';
import type { FeedDisplay } from '../../server/webinars/live/media.ts';
import type { FeedV } from '../../server/webinars/live/protocol.ts';
import type { Forwarder } from '../../server/webinars/janus/videoroom.ts';

/** A feed and its display: `vm`/`am` are the publisher's mids, present when it sends that media. */
function feed(feedId: number, personId: number, o: { audio?: boolean; video?: boolean; source?: 'camera' | 'screen' } = {}): [FeedV, FeedDisplay] {
  const audio = o.audio ?? true;
  const video = o.video ?? true;
  const f: FeedV = { feedId, personId, name: `P${personId}`, source: o.source ?? 'camera', audio, video };
  return [f, { p: personId, n: f.name, s: f.source, a: audio, v: video, ...(video ? { vm: '0' } : {}), ...(audio ? { am: '1' } : {}) }];
}
const room = (...pairs: [FeedV, FeedDisplay][]) => ({ feeds: pairs.map((p) => p[0]).sort((a, b) => a.feedId - b.feedId), displays: new Map(pairs.map((p) => [p[0].feedId, p[1]])) });

describe('isBroadcast', () => {
  it('makes a broadcast of a webinar with more seats than the room carries', () => {
    expect(isBroadcast(150, 150)).toBe(false);
    expect(isBroadcast(151, 150)).toBe(true);
  });
});

describe('planSlots', () => {
  it('puts the host’s picture and voice on v and a, and nothing on s', () => {
    const r = room(feed(10, 1));
    expect(planSlots(r.feeds, r.displays, [])).toEqual({ v: { feedId: 10, personId: 1, mid: '0' }, a: { feedId: 10, personId: 1, mid: '1' } });
  });

  it('puts the latest promoted speaker’s voice on s', () => {
    const r = room(feed(10, 1), feed(20, 2, { video: false }), feed(30, 3, { video: false }));
    expect(planSlots(r.feeds, r.displays, [3, 2]).s).toEqual({ feedId: 20, personId: 2, mid: '1' });
    expect(planSlots(r.feeds, r.displays, [2, 3]).s).toEqual({ feedId: 30, personId: 3, mid: '1' });
  });

  it('carries a co-host’s voice on s when no speaker talks', () => {
    const r = room(feed(10, 1), feed(5, 9, { video: false }));
    const slots = planSlots(r.feeds, r.displays, []);
    expect(slots.a?.personId).toBe(1);
    expect(slots.s?.personId).toBe(9);
  });

  it('gives a shared screen the picture, with its presenter’s voice', () => {
    const r = room(feed(10, 1), feed(20, 2, { source: 'screen' }));
    const slots = planSlots(r.feeds, r.displays, []);
    expect([slots.v?.feedId, slots.a?.feedId, slots.s?.feedId]).toEqual([20, 20, 10]);
  });

  it('without any picture, voices a host on a before a speaker', () => {
    const r = room(feed(5, 2, { video: false }), feed(10, 1, { video: false }));
    const slots = planSlots(r.feeds, r.displays, [2]);
    expect([slots.v, slots.a?.personId, slots.s?.personId]).toEqual([undefined, 1, 2]);
  });

  it('shows the same feed as the stage does for someone who publishes nothing', () => {
    const cases = [
      room(feed(10, 1)),
      room(feed(10, 1), feed(5, 2)),
      room(feed(10, 1), feed(20, 2, { source: 'screen' })),
      room(feed(10, 1, { video: false }), feed(20, 2), feed(30, 3, { source: 'screen', audio: false })),
      room(feed(10, 1, { video: false })),
    ];
    for (const r of cases) expect(planSlots(r.feeds, r.displays, [2]).v?.feedId ?? null).toBe(pickMainFeed(r.feeds, null)?.feedId ?? null);
  });
});

describe('streamsOf', () => {
  it('maps the filled slots among those watched to their feeds', () => {
    const slots = { a: { feedId: 10, personId: 1, mid: '1' }, v: { feedId: 10, personId: 1, mid: '0' } };
    expect(streamsOf(slots, ['a', 'v', 's'])).toEqual([
      { mid: 'a', feedId: 10, personId: 1, kind: 'audio' },
      { mid: 'v', feedId: 10, personId: 1, kind: 'video' },
    ]);
    expect(streamsOf(slots, ['a', 's']).map((s) => s.mid)).toEqual(['a']);
  });
});

describe('pickServer', () => {
  it('picks the server with the fewest viewers', () => {
    expect(pickServer([{ key: 'x', viewers: 3 }, { key: 'y', viewers: 1 }, { key: 'z', viewers: 2 }], 42)).toBe('y');
    expect(pickServer([], 42)).toBeNull();
  });

  it('spreads people evenly among equally loaded servers, the same way every time', () => {
    const servers = ['x', 'y', 'z'].map((key) => ({ key, viewers: 0 }));
    const counts = new Map<string, number>();
    for (let person = 1; person <= 3000; person++) {
      const key = pickServer(servers, person)!;
      expect(pickServer(servers, person)).toBe(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const key of ['x', 'y', 'z']) expect(counts.get(key)).toBeGreaterThan(900);
  });
});

describe('wantedForwards and diffForwards', () => {
  const here: Mount = { key: 'embedded', host: '127.0.0.1', ports: { a: { port: 10000 }, v: { port: 10001, rtcpPort: 10002 }, s: { port: 10003 } }, srtp: false };
  const there: Mount = { key: 'ws://b', host: '10.0.0.2', ports: { a: { port: 11000 }, v: { port: 11001, rtcpPort: 11002 }, s: { port: 11003 } }, srtp: true };
  const slots = { a: { feedId: 10, personId: 1, mid: '1' }, v: { feedId: 10, personId: 1, mid: '0' }, s: { feedId: 20, personId: 2, mid: '0' } };
  const fwd = (publisher: number, host: string, port: number, streamId = port): Forwarder => ({ publisher, streamId, type: 'audio', host, port });

  it('forwards only the feeds published through this instance, to every mountpoint, video with its RTCP port', () => {
    const wanted = wantedForwards(slots, new Set([10]), [here, there]);
    expect(wanted.map((w) => [w.publisher, w.mount.key, w.stream])).toEqual([
      [10, 'embedded', { mid: '1', port: 10000, pt: 111 }],
      [10, 'ws://b', { mid: '1', port: 11000, pt: 111 }],
      [10, 'embedded', { mid: '0', port: 10001, pt: 96, rtcpPort: 10002 }],
      [10, 'ws://b', { mid: '0', port: 11001, pt: 96, rtcpPort: 11002 }],
    ]);
    expect(wantedForwards(slots, new Set([99]), [here, there])).toEqual([]);
  });

  it('starts what is missing, stops this instance’s forwarders no longer wanted, and leaves other instances’ alone', () => {
    const local = new Set([20, 30]);
    const wanted = wantedForwards(slots, local, [here]);
    const existing = [
      fwd(20, '127.0.0.1', 10003), // s, wanted: kept
      fwd(30, '127.0.0.1', 10003), // s, from a speaker no longer there: stopped
      fwd(20, '127.0.0.1', 9000), // a mountpoint's old port: stopped
      fwd(10, '127.0.0.1', 10000), // another instance's publisher: left alone
    ];
    const { start, stop } = diffForwards(wanted, existing, local);
    expect(start).toEqual([]);
    expect(stop.map((f) => [f.publisher, f.port])).toEqual([
      [30, 10003],
      [20, 9000],
    ]);
    expect(diffForwards(wanted, [], local).start.map((w) => w.stream.port)).toEqual([10003]);
  });
});
