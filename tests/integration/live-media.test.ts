/**
 * Live media through the room socket and a real Janus: the host publishes (a WebRTC peer in
 * Node, ffmpeg's test pattern), two attendees receive it, the screen source is announced, an
 * attendee is promoted and heard by the others, an unpromoted one is refused, and the room is
 * destroyed on Janus when the webinar ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, type ServerMessage } from '../../server/webinars/live/protocol.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { RoomClient } from '../support/room-client.ts';
import { publishThroughRoom, WebRtcPublisher, WebRtcSubscriber, type Jsep } from '../support/webrtc-peer.ts';

let t: TestApp;
let base: string;
let trainer: Client;
let asn: Client;
let guru: Client;
const closers: (() => Promise<unknown>)[] = [];

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  [trainer, asn, guru] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru')]);
}, 60_000);
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
  await t?.close();
});

type Offer = Extract<ServerMessage, { type: 'subscribe.offer' }>;

/** Subscribes through the room socket and answers every offer (the first and each renegotiation). */
function receive(room: RoomClient, audioOnly = false) {
  const sub = new WebRtcSubscriber();
  closers.push(() => sub.close());
  const offers: Offer[] = [];
  // Packets per SSRC and kind: Janus gives each stream of a subscription its own SSRC.
  const perTrack = new Map<string, { kind: string; packets: number }>();
  const seen = new Set<unknown>();
  sub.pc.onTrack.subscribe((track) => {
    if (seen.has(track)) return;
    seen.add(track);
    track.onReceiveRtp.subscribe((rtp) => {
      const key = `${track.kind}:${rtp.header.ssrc}`;
      const c = perTrack.get(key) ?? { kind: track.kind, packets: 0 };
      c.packets++;
      perTrack.set(key, c);
    });
  });
  let chain = Promise.resolve();
  room.ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.type !== 'subscribe.offer') return;
    offers.push(m);
    chain = chain.then(async () => {
      const answer = await sub.answer(m.jsep as Jsep);
      room.send({ type: 'subscribe.answer', jsep: { type: 'answer', sdp: answer.sdp } });
    });
  });
  room.send({ type: 'subscribe', ...(audioOnly ? { audioOnly } : {}) });
  return { sub, offers, perTrack };
}

async function publish(room: RoomClient, o: { audio?: boolean; video?: boolean; toneHz?: number } = {}) {
  const pub = await publishThroughRoom(room, o);
  closers.push(() => pub.close());
  return pub;
}

describe('live media through the room', () => {
  it('carries the host to two attendees, announces the screen, lets a promoted attendee speak, and refuses an unpromoted one', async () => {
    const created = await trainer.post('/api/webinars', { title: 'Sosialisasi SPBE', description: '', startsAt: inMinutes(5), endsAt: inMinutes(65), capacity: 30, jp: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    for (const c of [asn, guru]) expect((await c.post(`/api/webinars/${id}/registrations`)).statusCode).toBe(201);
    const opened = await trainer.post(`/api/webinars/${id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);

    const host = await RoomClient.connect(base, id, trainer.cookie!);
    const a = await RoomClient.connect(base, id, asn.cookie!);
    const b = await RoomClient.connect(base, id, guru.cookie!);
    expect(host.welcome.liveVideo).toBe(true);

    // The host publishes; both attendees get the feed and its media.
    const feedsSeen = a.next('feeds', (f) => f.feeds.length === 1, 15_000);
    await publish(host);
    const [feed] = (await feedsSeen).feeds;
    expect(feed).toMatchObject({ personId: host.welcome.me.personId, source: 'camera', audio: true, video: true });
    const ra = receive(a);
    const rb = receive(b);
    await Promise.all([ra.sub.waitForPackets({ video: 20, audio: 20 }, 20_000), rb.sub.waitForPackets({ video: 20, audio: 20 }, 20_000)]);
    expect(ra.offers[0]!.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);

    // Sharing the screen: the same feed now says so, to everyone.
    const screen = b.next('feeds', (f) => f.feeds[0]?.source === 'screen', 10_000);
    await host.request({ type: 'source', source: 'screen' });
    expect((await screen).feeds).toHaveLength(1);

    // Without promotion an attendee's offer is refused and Janus gets no feed from them.
    const refusedPub = await WebRtcPublisher.start({ audio: true, video: false });
    closers.push(() => refusedPub.close());
    const refusedOffer = await refusedPub.offer();
    await expect(b.request({ type: 'publish', jsep: { type: 'offer', sdp: refusedOffer.sdp }, source: 'camera', audio: true, video: false })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await refusedPub.close();

    // Hand up, promoted, publishing audio: the other attendee hears a second audio stream.
    await a.request({ type: 'hand.raise' });
    await host.next('hands', (h) => h.hands.length === 1, 5000, true);
    const role = a.next('role', (r) => r.role === 'speaker');
    await host.request({ type: 'speaker.promote', personId: a.welcome.me.personId });
    await role;
    const renegotiated = b.next('subscribe.offer', (o) => o.streams.some((s) => s.personId === a.welcome.me.personId && s.kind === 'audio'), 15_000);
    await publish(a, { audio: true, video: false });
    await renegotiated;
    await expect
      .poll(() => [...rb.perTrack.values()].filter((c) => c.kind === 'audio' && c.packets > 10).length, { timeout: 15_000, interval: 200 })
      .toBe(2);

    // Demoted: the server takes the feed down.
    const gone = b.next('feeds', (f) => f.feeds.length === 1, 10_000);
    const unpublished = a.next('unpublished', () => true, 10_000);
    await host.request({ type: 'speaker.demote', personId: a.welcome.me.personId });
    await Promise.all([gone, unpublished]);

    // The end: sockets are closed as ended and the room leaves Janus.
    const room = await t.db.selectFrom('webinars').select(['janus_room_id', 'janus_server']).where('id', '=', id).executeTakeFirstOrThrow();
    const ended = await trainer.post(`/api/webinars/${id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await b.waitClosed()).toBe(CLOSE.ended);
    const admin = await t.app.janus.videoRoom(room.janus_server!);
    expect(await admin!.roomExists(room.janus_room_id!)).toBe(false);

    // Attendance: each attendee has one closed interval; the host's report shows their minutes.
    const report = await trainer.get(`/api/webinars/${id}/attendance`);
    expect(report.statusCode, report.body).toBe(200);
    const byPerson = new Map<number, { minutes: number; intervals: unknown[] }>(report.json().items.map((i: { person: { id: number } }) => [i.person.id, i]));
    expect(byPerson.get(a.welcome.me.personId)!.intervals).toHaveLength(1);
    expect(byPerson.get(b.welcome.me.personId)!.minutes).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
