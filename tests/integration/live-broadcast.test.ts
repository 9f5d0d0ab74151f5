/**
 * Large webinars through the room socket and real Janus servers. With WEBINAR_ROOM_VIEWERS=1
 * every webinar here is a broadcast: the host publishes to the VideoRoom (a WebRTC peer in
 * Node, ffmpeg's test pattern), attendees watch a Streaming mountpoint fed by RTP forwarders,
 * a promoted attendee moves to the VideoRoom and their voice reaches the others on mid `s`,
 * and the mountpoints go when the webinar ends. Once on Sinau's own Janus, once across two
 * servers given by JANUS_URL (the second fed over SRTP, attendees spread over both).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createDb } from '../../server/db/connect.ts';
import { locateJanus, type JanusSecrets } from '../../server/webinars/janus/install.ts';
import { JanusSupervisor } from '../../server/webinars/janus/supervisor.ts';
import { MOUNT_TAG } from '../../server/webinars/live/broadcast.ts';
import { CLOSE, type ServerMessage } from '../../server/webinars/live/protocol.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { RoomClient } from '../support/room-client.ts';
import { until } from '../support/until.ts';
import { publishThroughRoom, WebRtcSubscriber, type Jsep } from '../support/webrtc-peer.ts';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
});

type Offer = Extract<ServerMessage, { type: 'subscribe.offer' }>;
const sdpMids = (sdp: string) => [...sdp.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]);
const ufrag = (sdp: string) => /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];

/**
 * Receives as the browser does: answers every offer, on a new connection when the offer comes
 * with new ICE credentials (a new subscription), and counts RTP packets per mid.
 */
function receive(room: RoomClient, audioOnly = false) {
  const offers: Offer[] = [];
  const perMid = new Map<string, number>();
  let sub: WebRtcSubscriber | null = null;
  const fresh = () => {
    const s = new WebRtcSubscriber();
    closers.push(() => s.close());
    s.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe(() => {
        const mid = s.pc.getTransceivers().find((t) => t.receiver.tracks.includes(track))?.mid;
        if (s === sub && mid) perMid.set(mid, (perMid.get(mid) ?? 0) + 1);
      });
    });
    return s;
  };
  let chain = Promise.resolve();
  room.ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.type !== 'subscribe.offer') return;
    offers.push(m);
    chain = chain.then(async () => {
      if (!sub || ufrag(sub.pc.remoteDescription?.sdp ?? '') !== ufrag(m.jsep.sdp)) {
        void sub?.close();
        sub = fresh();
        perMid.clear();
      }
      const answer = await sub.answer(m.jsep as Jsep);
      room.send({ type: 'subscribe.answer', jsep: { type: 'answer', sdp: answer.sdp } });
    });
  });
  room.send({ type: 'subscribe', ...(audioOnly ? { audioOnly } : {}) });
  const packets = (mid: string) => perMid.get(mid) ?? 0;
  return { offers, packets, last: () => offers.at(-1) };
}

async function publish(room: RoomClient, o: { audio?: boolean; video?: boolean; toneHz?: number } = {}) {
  const pub = await publishThroughRoom(room, o);
  closers.push(() => pub.close());
  return pub;
}

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 200 });

async function liveWebinar(t: TestApp, trainer: Client, attendees: Client[]): Promise<number> {
  const created = await trainer.post('/api/webinars', { title: 'Sosialisasi SPBE untuk seluruh ASN', description: '', startsAt: inMinutes(5), endsAt: inMinutes(65), capacity: 500, jp: 1 });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  for (const c of attendees) expect((await c.post(`/api/webinars/${id}/registrations`)).statusCode).toBe(201);
  const opened = await trainer.post(`/api/webinars/${id}/open`);
  expect(opened.statusCode, opened.body).toBe(200);
  return id;
}

describe('a broadcast webinar on Sinau’s own Janus', () => {
  let t: TestApp;
  let base: string;
  let trainer: Client;
  let asn: Client;
  let guru: Client;

  beforeAll(async () => {
    t = await createTestApp({ WEBINAR_ROOM_VIEWERS: '1' });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    [trainer, asn, guru] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru')]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('streams the host to attendees through a mountpoint, carries a promoted attendee on mid s, and removes the mountpoint at the end', async () => {
    const id = await liveWebinar(t, trainer, [asn, guru]);
    const w = await t.db.selectFrom('webinars').select(['janus_room_id', 'janus_secret', 'janus_server']).where('id', '=', id).executeTakeFirstOrThrow();
    const host = await RoomClient.connect(base, id, trainer.cookie!);
    const a = await RoomClient.connect(base, id, asn.cookie!);
    const b = await RoomClient.connect(base, id, guru.cookie!);
    const hostFeed = a.next('feeds', (f) => f.feeds.length === 1, 15_000);
    await publish(host);
    const [feed] = (await hostFeed).feeds;

    // Attendees get the Streaming mountpoint's offer (mids a, v, s), mapped to the host's feed.
    const ra = receive(a);
    const rb = receive(b);
    for (const r of [ra, rb]) {
      await poll(() => r.packets('v')).toBeGreaterThan(10);
      await poll(() => r.packets('a')).toBeGreaterThan(20);
      expect(sdpMids(r.offers[0]!.jsep.sdp)).toEqual(['a', 'v', 's']);
      expect(r.last()!.streams).toEqual([
        { mid: 'a', feedId: feed!.feedId, personId: host.welcome.me.personId, kind: 'audio' },
        { mid: 'v', feedId: feed!.feedId, personId: host.welcome.me.personId, kind: 'video' },
      ]);
    }
    const streaming = (await t.app.janus.streaming(w.janus_server!))!;
    expect(await streaming.info(w.janus_room_id!, w.janus_secret!)).toMatchObject({ description: `${MOUNT_TAG}${id}`, viewers: 2 });
    // The host still receives through the VideoRoom (no one else publishes yet: no offer).
    const rh = receive(host);

    // Promoted, the attendee moves to the VideoRoom (a new subscription) and receives the host there.
    const role = a.next('role', (r) => r.role === 'speaker');
    const moved = a.next('subscribe.offer', (o) => !sdpMids(o.jsep.sdp).includes('s'), 15_000);
    await host.request({ type: 'speaker.promote', personId: a.welcome.me.personId });
    await role;
    expect((await moved).streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
    await poll(() => ra.packets(ra.last()!.streams.find((s) => s.kind === 'video')!.mid)).toBeGreaterThan(10);

    // Speaking: the other attendee's map now has their voice on s, and it arrives there.
    const onS = b.next('subscribe.offer', (o) => o.streams.some((s) => s.mid === 's' && s.personId === a.welcome.me.personId), 15_000);
    await publish(a, { audio: true, video: false, toneHz: 880 });
    const offer = await onS;
    expect(offer.jsep.sdp).toBe(rb.offers[0]!.jsep.sdp);
    const before = rb.packets('s');
    await poll(() => rb.packets('s') - before).toBeGreaterThan(20);
    // The host hears them through the VideoRoom.
    await poll(() => rh.offers.some((o) => o.streams.some((s) => s.personId === a.welcome.me.personId))).toBe(true);

    // Demoted: their feed goes, and they watch the mountpoint again.
    const back = a.next('subscribe.offer', (o) => sdpMids(o.jsep.sdp).includes('s'), 15_000);
    await host.request({ type: 'speaker.demote', personId: a.welcome.me.personId });
    await back;
    await poll(() => ra.packets('v')).toBeGreaterThan(10);
    await poll(() => rb.last()!.streams.some((s) => s.mid === 's')).toBe(false);

    // The end: sockets close as ended, and the mountpoint is gone.
    const ended = await trainer.post(`/api/webinars/${id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await b.waitClosed()).toBe(CLOSE.ended);
    expect(await streaming.info(w.janus_room_id!, w.janus_secret!)).toBeNull();
  }, 120_000);

  it('gives audio-only attendees the voices alone', async () => {
    const id = await liveWebinar(t, trainer, [asn]);
    const host = await RoomClient.connect(base, id, trainer.cookie!);
    const a = await RoomClient.connect(base, id, asn.cookie!, { mode: 'audio-only' });
    await publish(host);
    const ra = receive(a, true);
    await poll(() => ra.packets('a')).toBeGreaterThan(20);
    expect(sdpMids(ra.offers[0]!.jsep.sdp)).toEqual(['a', 's']);
    expect(ra.last()!.streams.map((s) => s.mid)).toEqual(['a']);
    expect((await trainer.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
  }, 60_000);
});

describe('a broadcast webinar across two Janus servers (JANUS_URL)', () => {
  let t: TestApp;
  let base: string;
  let trainer: Client;
  let asn: Client;
  let guru: Client;
  let urls: string[];
  let servers: JanusSupervisor[];
  let dir: string;

  beforeAll(async () => {
    // Two Janus servers as an operator would run them: the same api_secret and admin_key.
    dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-janus-pair-'));
    const secrets: JanusSecrets = { apiSecret: 'pair-api-secret', adminSecret: 'pair-admin-secret', adminKey: 'pair-admin-key' };
    await writeFile(path.join(dir, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
    const install = await locateJanus('janus');
    if ('missing' in install) throw new Error(install.missing);
    const log = Fastify({ logger: false }).log;
    servers = [0, 1].map((i) => new JanusSupervisor({ install, dir, secrets, port: 0, rtpPortRange: `${41000 + i * 1000}-${41999 + i * 1000}`, log }));
    for (const s of servers) {
      await s.start();
      expect(await s.waitReady(10_000)).toBe(true);
      closers.push(() => s.stop());
    }
    urls = servers.map((s) => s.url!);
    t = await createTestApp({ JANUS_URL: urls.join(','), JANUS_API_SECRET: secrets.apiSecret, JANUS_ADMIN_KEY: secrets.adminKey, WEBINAR_ROOM_VIEWERS: '1' });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    [trainer, asn, guru] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru')]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (dir) closers.push(() => rm(dir, { recursive: true, force: true }));
  });

  /** A second app instance on the same database and Janus servers. */
  async function secondInstance() {
    const db = createDb(t.config.DATABASE_URL, 3);
    const app = await buildApp({ config: t.config, db, serveClient: false });
    const close = async () => {
      await app.close();
      await db.destroy();
    };
    closers.push(close);
    return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }), close };
  }
  const mountpointOn = async (url: string, w: { janus_room_id: number | null; janus_secret: string | null }) => (await t.app.janus.streaming(url))!.info(w.janus_room_id!, w.janus_secret!);

  it('spreads attendees over both servers (the one without the room fed over SRTP), serves attendees of another app instance, and moves viewers off a server that goes away', async () => {
    const carol = await t.newPerson('Peserta Instans Kedua');
    const id = await liveWebinar(t, trainer, [asn, guru, carol]);
    const w = await t.db.selectFrom('webinars').select(['janus_room_id', 'janus_secret', 'janus_server']).where('id', '=', id).executeTakeFirstOrThrow();
    const other = urls.find((u) => u !== w.janus_server)!;
    const host = await RoomClient.connect(base, id, trainer.cookie!);
    const a = await RoomClient.connect(base, id, asn.cookie!);
    const b = await RoomClient.connect(base, id, guru.cookie!);
    await publish(host);
    const ra = receive(a);
    await poll(() => ra.packets('v')).toBeGreaterThan(10);
    const rb = receive(b);
    for (const r of [ra, rb]) {
      await poll(() => r.packets('v')).toBeGreaterThan(10);
      await poll(() => r.packets('a')).toBeGreaterThan(20);
    }
    // One viewer on each server; the room's server forwards to both mountpoints.
    expect(await Promise.all(urls.map(async (u) => (await mountpointOn(u, w))!.viewers))).toEqual([1, 1]);
    const room = (await t.app.janus.videoRoom(w.janus_server!))!;
    const forwarders = () => room.listForwarders(w.janus_room_id!, w.janus_secret!);
    expect((await forwarders()).map((f) => f.type).sort()).toEqual(['audio', 'audio', 'video', 'video']);

    // An attendee on another app instance watches too; only the host's instance forwards.
    const second = await secondInstance();
    const c = await RoomClient.connect(second.base, id, carol.cookie!);
    const rc = receive(c);
    await poll(() => rc.packets('v')).toBeGreaterThan(10);
    expect(rc.last()!.streams.map((x) => x.mid)).toEqual(['a', 'v']);
    expect(await forwarders()).toHaveLength(4);

    // The server without the room goes away: its viewers watch on the room's server.
    await servers[urls.indexOf(other)]!.stop();
    await poll(async () => (await mountpointOn(w.janus_server!, w))!.viewers).toBe(3);
    for (const r of [ra, rb, rc]) {
      const n = r.packets('v');
      await poll(() => r.packets('v')).toBeGreaterThan(n + 10);
    }

    expect((await trainer.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
    expect(await mountpointOn(w.janus_server!, w)).toBeNull();
    await second.close();
  }, 120_000);

  it('destroys leftover mountpoints of webinars no longer live when a server connects', async () => {
    const id = await liveWebinar(t, trainer, []);
    const live = await liveWebinar(t, trainer, []);
    expect((await trainer.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
    const rows = await t.db.selectFrom('webinars').select(['id', 'janus_room_id', 'janus_secret', 'janus_server']).where('id', 'in', [id, live]).orderBy('id').execute();
    // Left by an instance that could not reach the server at the end, and one still in use.
    const url = rows[0]!.janus_server!;
    for (const r of rows) {
      await (await t.app.janus.streaming(url))!.create({ id: r.janus_room_id!, secret: r.janus_secret!, description: `${MOUNT_TAG}${r.id}`, media: [{ type: 'audio', mid: 'a', codec: 'opus', pt: 111 }] });
    }
    const second = await secondInstance();
    await until('the leftover mountpoint destroyed', async () => (await mountpointOn(url, rows[0]!)) === null);
    expect(await mountpointOn(url, rows[1]!)).not.toBeNull();
    await second.close();
    expect((await trainer.post(`/api/webinars/${live}/end`)).statusCode).toBe(200);
  }, 60_000);
});
