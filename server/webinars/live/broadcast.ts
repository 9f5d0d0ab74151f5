/**
 * Large webinars ("broadcasts"): a webinar with more seats than WEBINAR_ROOM_VIEWERS keeps its
 * hosts and promoted speakers in the VideoRoom, while attendees watch through the Streaming
 * plugin. The room's stage is RTP-forwarded into one mountpoint per Janus server (id and
 * secret: the room's), with three streams: `a` and `v`, the voice and picture of the main
 * feed, and `s`, a second voice (the latest promoted speaker). Each attendee watches the
 * mountpoint of one server, so viewers spread over every Janus in JANUS_URL.
 *
 * Several app instances may serve one webinar: each forwards only the feeds published through
 * it (it holds their VideoRoom handles), so a feed is never forwarded twice.
 */
import { createHmac, randomInt } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { JanusError, type JanusHandle, type JanusSession } from '../janus/client.ts';
import type { JanusGateway } from '../janus/gateway.ts';
import { STREAMING_ERRORS, STREAMING_PLUGIN, type MountpointPorts, type RtpStream } from '../janus/streaming.ts';
import type { Forwarder, ForwardStream } from '../janus/videoroom.ts';
import { MediaUnavailable, type FeedDisplay, type StreamingViewer } from './media.ts';
import type { FeedV, ServerMessage, StreamV } from './protocol.ts';

export type Slot = 'a' | 'v' | 's';
export const SLOTS: readonly Slot[] = ['a', 'v', 's'];
const AUDIO_SLOTS: readonly Slot[] = ['a', 's'];

/** Every mountpoint's streams; the payload types are what the forwarders send with. */
export const MOUNTPOINT_MEDIA: readonly RtpStream[] = [
  { type: 'audio', mid: 'a', codec: 'opus', pt: 111 },
  { type: 'video', mid: 'v', codec: 'vp8', pt: 96, rtcp: true },
  { type: 'audio', mid: 's', codec: 'opus', pt: 111 },
];
const MEDIA_OF = new Map(MOUNTPOINT_MEDIA.map((m) => [m.mid as Slot, m]));

/** Mountpoints Sinau made carry this in their description, so a shared Janus's others are left alone. */
export const MOUNT_TAG = 'sinau-broadcast-';
/**
 * Seconds between the keyframes a broadcast room asks its publishers for. A new viewer gets one
 * sooner: the Streaming plugin's picture-loss request goes back to the publisher through the
 * video forwarder's RTCP port; this is the fallback when that is lost on the way.
 */
export const BROADCAST_FIR_SECONDS = 10;

/** A feed's stream placed in a slot: the publisher and the mid of that stream in its PeerConnection. */
export interface SlotFeed {
  feedId: number;
  personId: number;
  mid: string;
}
export type Slots = Partial<Record<Slot, SlotFeed>>;

export function isBroadcast(capacity: number, roomViewers: number): boolean {
  return capacity > roomViewers;
}

/**
 * What goes into each slot. The picture is the feed the client's stage shows to someone who
 * publishes nothing (pickMainFeed: a shared screen first, then the first feed with video), so
 * the stage finds it; `a` carries that feed's voice (or, without one, the first voice of
 * someone who is not a promoted speaker); `s` the latest promoted speaker's voice, else any
 * other voice (a co-host). `feeds` are in feed id order, `speakers` in order of promotion.
 */
export function planSlots(feeds: readonly FeedV[], displays: ReadonlyMap<number, FeedDisplay>, speakers: readonly number[]): Slots {
  const slots: Slots = {};
  const at = (f: FeedV, mid: string | undefined): SlotFeed | undefined => (mid ? { feedId: f.feedId, personId: f.personId, mid } : undefined);
  const withVideo = feeds.filter((f) => f.video && displays.get(f.feedId)?.vm);
  const voices = feeds.filter((f) => f.audio && displays.get(f.feedId)?.am);
  const main = withVideo.find((f) => f.source === 'screen') ?? withVideo[0];
  if (main) {
    slots.v = at(main, displays.get(main.feedId)!.vm);
    if (voices.includes(main)) slots.a = at(main, displays.get(main.feedId)!.am);
  }
  if (!slots.a) {
    const first = voices.find((f) => !speakers.includes(f.personId)) ?? voices[0];
    if (first) slots.a = at(first, displays.get(first.feedId)!.am);
  }
  const others = voices.filter((f) => f.feedId !== slots.a?.feedId);
  const second = [...speakers].reverse().reduce<FeedV | undefined>((found, p) => found ?? others.find((f) => f.personId === p), undefined) ?? others[0];
  if (second) slots.s = at(second, displays.get(second.feedId)!.am);
  return slots;
}

/** The streams of an offer: which mid carries which feed now (only the slots filled and watched). */
export function streamsOf(slots: Slots, mids: readonly Slot[]): StreamV[] {
  return mids.flatMap((mid) => {
    const f = slots[mid];
    return f ? [{ mid, feedId: f.feedId, personId: f.personId, kind: MEDIA_OF.get(mid)!.type }] : [];
  });
}

const spreadHash = (n: number) => Math.imul(n ^ (n >>> 16), 0x45d9f3b) >>> 0;

/**
 * The server a new viewer watches on: the one with the fewest viewers (as this app instance
 * counts them); among equals, one chosen by the person's id, so instances that each see the
 * same counts still spread their viewers.
 */
export function pickServer(servers: readonly { key: string; viewers: number }[], personId: number): string | null {
  if (servers.length === 0) return null;
  const fewest = Math.min(...servers.map((s) => s.viewers));
  const tied = servers.filter((s) => s.viewers === fewest);
  return tied[spreadHash(personId) % tied.length]!.key;
}

/** A server's mountpoint for this webinar, as a forwarder reaches it. */
export interface Mount {
  key: string;
  /** Where the room's Janus sends RTP to (an address). */
  host: string;
  ports: MountpointPorts;
  /** Forwarded with SRTP: between servers, RTP crosses the network. */
  srtp: boolean;
}

/** One stream to forward: a publisher's stream to a mountpoint's port. */
export interface WantedForward {
  publisher: number;
  mount: Mount;
  stream: ForwardStream;
}

const forwardKey = (publisher: number, host: string, port: number) => `${publisher}|${host}|${port}`;

/** The forwarders this instance owes: the slots' feeds it publishes, to every mountpoint. */
export function wantedForwards(slots: Slots, local: ReadonlySet<number>, mounts: readonly Mount[]): WantedForward[] {
  const wanted: WantedForward[] = [];
  for (const slot of SLOTS) {
    const f = slots[slot];
    if (!f || !local.has(f.feedId)) continue;
    for (const mount of mounts) {
      const target = mount.ports[slot];
      if (!target) continue;
      const stream: ForwardStream = { mid: f.mid, port: target.port, pt: MEDIA_OF.get(slot)!.pt };
      if (target.rtcpPort) stream.rtcpPort = target.rtcpPort;
      wanted.push({ publisher: f.feedId, mount, stream });
    }
  }
  return wanted;
}

/**
 * What to change: forwarders wanted and missing are started; forwarders of this instance's
 * publishers that are not wanted (a slot moved on, a mountpoint came back on new ports) stop.
 * Other instances' publishers are theirs to mind.
 */
export function diffForwards(wanted: readonly WantedForward[], existing: readonly Forwarder[], local: ReadonlySet<number>): { start: WantedForward[]; stop: Forwarder[] } {
  const want = new Set(wanted.map((w) => forwardKey(w.publisher, w.mount.host, w.stream.port)));
  const have = new Set(existing.map((f) => forwardKey(f.publisher, f.host, f.port)));
  return {
    start: wanted.filter((w) => !have.has(forwardKey(w.publisher, w.mount.host, w.stream.port))),
    stop: existing.filter((f) => local.has(f.publisher) && !want.has(forwardKey(f.publisher, f.host, f.port))),
  };
}

/** The SRTP key of a webinar's forwarders between servers, derived from its room secret (never sent to browsers). */
function srtpOf(secret: string) {
  return { suite: 80 as const, crypto: createHmac('sha256', secret).update('sinau-broadcast-srtp').digest().subarray(0, 30).toString('base64') };
}

/** The mids of an SDP's m-lines. */
function midsOf(sdp: string): string[] {
  return [...sdp.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]!);
}

export interface BroadcastRoom {
  webinarId: number;
  /** The VideoRoom, whose id and secret the mountpoints share. */
  room: number;
  secret: string;
  /** The Janus server of the VideoRoom. */
  server: string;
}

type Jsep = { type: 'offer' | 'answer'; sdp: string };

/** One webinar's broadcast on this app instance: its slots, its forwarders, its local viewers. */
export class Broadcast {
  slots: Slots = {};
  private readonly viewers = new Set<Viewer>();
  /** Mountpoints known, per server, for the session they were learnt on (a restarted Janus has none). */
  private readonly mounts = new Map<string, { session: JanusSession; mount: Mount }>();
  private readonly mounting = new Map<string, Promise<Mount | null>>();
  private keyframesSession: JanusSession | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly stopWatching: () => void;
  private closed = false;

  constructor(
    readonly janus: JanusGateway,
    readonly room: BroadcastRoom,
    /** The feeds published through this app instance (their forwarding is this instance's job). */
    private readonly localFeeds: () => ReadonlySet<number>,
    /** Promoted speakers in order of promotion. */
    private readonly speakers: () => Promise<number[]>,
    private readonly log: FastifyBaseLogger,
  ) {
    // A (re)connected server may have lost its mountpoint (a restarted Janus): make it and forward again.
    this.stopWatching = janus.onEachReady(() => void this.queue(() => this.forward()));
  }

  /** The room's feeds changed: the slots, this instance's forwarders and its viewers' stream maps follow. */
  update(feeds: readonly FeedV[], displays: ReadonlyMap<number, FeedDisplay>): Promise<void> {
    return this.queue(async () => {
      const slots = planSlots(feeds, displays, await this.speakers());
      const changed = JSON.stringify(slots) !== JSON.stringify(this.slots);
      this.slots = slots;
      if (changed) for (const v of this.viewers) v.slotsChanged();
      await this.forward();
    });
  }

  /** A viewer for one attendee's socket (it watches once asked to subscribe). */
  viewer(personId: number, send: (m: ServerMessage) => void): StreamingViewer {
    const v = new Viewer(this, personId, send, this.log);
    this.viewers.add(v);
    v.once('closed', () => this.viewers.delete(v));
    return v;
  }

  /** Where a new viewer watches: an answering server with a Streaming plugin, the least loaded here. */
  pickServer(personId: number): string | null {
    const servers = this.janus.links
      .filter((l) => l.state === 'ok' && l.streaming)
      .map((l) => ({ key: l.key, viewers: [...this.viewers].filter((v) => v.server === l.key).length }));
    return pickServer(servers, personId);
  }

  /** The webinar's mountpoint on one server, made on first need; null while the server does not answer. */
  mount(key: string): Promise<Mount | null> {
    const link = this.janus.links.find((l) => l.key === key);
    if (!link || link.state !== 'ok' || !link.streaming || !link.session) return Promise.resolve(null);
    const known = this.mounts.get(key);
    if (known && known.session === link.session) return Promise.resolve(known.mount);
    let p = this.mounting.get(key);
    if (!p) {
      const session = link.session;
      const streaming = link.streaming;
      p = (async () => {
        const sameServer = key === this.room.server;
        const description = `${MOUNT_TAG}${this.room.webinarId}`;
        let ports: MountpointPorts;
        try {
          ports = await streaming.create({
            id: this.room.room,
            secret: this.room.secret,
            description,
            media: [...MOUNTPOINT_MEDIA],
            // The room's own Janus forwards over loopback: nothing else can send to these ports.
            ...(sameServer ? { iface: '127.0.0.1' } : { srtp: srtpOf(this.room.secret) }),
          });
        } catch (err) {
          // Made already (by another app instance, or before this one restarted): learn its ports.
          if (!(err instanceof JanusError && err.code === STREAMING_ERRORS.cantCreate)) throw err;
          const info = await streaming.info(this.room.room, this.room.secret);
          if (!info || info.description !== description) throw err;
          ports = info.ports;
        }
        const host = sameServer ? '127.0.0.1' : await addressOf(link.server.rtpHost);
        const mount: Mount = { key, host, ports, srtp: !sameServer };
        this.mounts.set(key, { session, mount });
        return mount;
      })().finally(() => this.mounting.delete(key));
      this.mounting.set(key, p);
    }
    return p;
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
  }

  private queue(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn);
    this.chain = next.catch((err: unknown) => this.log.warn({ err, webinar: this.room.webinarId }, 'broadcast: could not update the forwarders'));
    return this.chain;
  }

  /** Brings this instance's forwarders in line with the slots and the mountpoints. */
  private async forward(): Promise<void> {
    const local = this.localFeeds();
    if (this.closed || local.size === 0) return;
    const link = this.janus.links.find((l) => l.key === this.room.server);
    const admin = link?.state === 'ok' ? link.admin : null;
    if (!admin || !link?.session) return;
    if (this.keyframesSession !== link.session) {
      await admin.setFirFreq(this.room.room, this.room.secret, BROADCAST_FIR_SECONDS);
      this.keyframesSession = link.session;
    }
    const mounts: Mount[] = [];
    for (const l of this.janus.links) {
      const m = await this.mount(l.key).catch((err: unknown) => {
        this.log.warn({ err, janus: l.key, webinar: this.room.webinarId }, 'broadcast: no mountpoint on this server for now');
        return null;
      });
      if (m) mounts.push(m);
    }
    const { start, stop } = diffForwards(wantedForwards(this.slots, local, mounts), await admin.listForwarders(this.room.room, this.room.secret), local);
    for (const f of stop) await admin.stopRtpForward(this.room.room, this.room.secret, f.publisher, f.streamId);
    // One request per publisher and mountpoint, each stream with an SSRC of its own (two streams
    // of one SRTP session must not share one).
    const groups = new Map<string, WantedForward[]>();
    for (const w of start) {
      const key = `${w.publisher}|${w.mount.key}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    for (const group of groups.values()) {
      const { publisher, mount } = group[0]!;
      await admin.rtpForward({
        room: this.room.room,
        secret: this.room.secret,
        publisher,
        host: mount.host,
        streams: group.map((w) => ({ ...w.stream, ssrc: randomInt(1, 2 ** 32 - 1) })),
        ...(mount.srtp ? { srtp: srtpOf(this.room.secret) } : {}),
      });
    }
    if (start.length || stop.length) this.log.debug({ webinar: this.room.webinarId, started: start.length, stopped: stop.length }, 'broadcast: forwarders updated');
  }
}

async function addressOf(host: string): Promise<string> {
  if (isIP(host)) return host;
  // Janus would resolve it too; an address lets listforwarders' answer be compared with it.
  return (await lookup(host)).address;
}

/**
 * One attendee watching the broadcast: a Streaming handle on the server picked for them. The
 * Streaming offer is relayed as `subscribe.offer`, with the streams saying which feed each mid
 * carries; when the slots change, the same offer goes again with the new map (the media do not
 * change, only who is in them), and the browser's answer to it needs nothing from Janus.
 */
class Viewer extends EventEmitter implements StreamingViewer {
  server: string | null = null;
  private handle: JanusHandle | null = null;
  private jsep: Jsep | null = null;
  private mids: readonly Slot[] = SLOTS;
  private started = false;
  private sent = '';
  private wanted = false;
  private audioOnly = false;

  constructor(
    private readonly b: Broadcast,
    private readonly personId: number,
    private readonly send: (m: ServerMessage) => void,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
  }

  async subscribe(audioOnly: boolean): Promise<void> {
    this.wanted = true;
    this.audioOnly = audioOnly;
    // A new watch, as a new VideoRoom subscription: the browser takes its offer on a new connection.
    await this.drop();
    await this.watch();
  }

  async answer(jsep: Jsep): Promise<void> {
    const h = this.handle;
    if (!h) throw new Error('no subscription');
    // An answer to an offer of a subscription this one replaced (its mids are not ours) is dropped.
    if (midsOf(jsep.sdp).some((m) => !this.mids.includes(m as Slot))) return;
    if (this.started) return;
    this.started = true;
    try {
      await h.message({ request: 'start' }, jsep);
    } catch (err) {
      this.started = false;
      throw err;
    }
  }

  async trickle(candidate: Record<string, unknown> | null): Promise<void> {
    await this.handle?.trickle(candidate);
  }

  async close(): Promise<void> {
    this.wanted = false;
    await this.drop();
    this.emit('closed');
  }

  /** The slots changed: the browser learns the new map through the same offer. */
  slotsChanged(): void {
    if (this.jsep && this.handle) this.offer();
  }

  private async watch(): Promise<void> {
    const key = this.b.pickServer(this.personId);
    const mount = key ? await this.b.mount(key) : null;
    const session = key && mount ? await this.b.janus.session(key, 2000) : null;
    if (!key || !session) throw new MediaUnavailable();
    const h = await session.attach(STREAMING_PLUGIN);
    if (!this.wanted) {
      // Closed while attaching: the handle would otherwise outlive the socket on the shared session.
      await h.detach().catch(() => {});
      return;
    }
    this.handle = h;
    this.server = key;
    this.started = false;
    this.sent = '';
    this.mids = this.audioOnly ? AUDIO_SLOTS : SLOTS;
    h.once('lost', () => {
      if (this.handle !== h) return;
      // The server went away: watch on another (the browser gets a new offer, so a new connection).
      this.handle = null;
      this.server = null;
      this.jsep = null;
      if (this.wanted) void this.watch().catch((err: unknown) => this.log.warn({ err, person: this.personId }, 'broadcast: could not watch again'));
    });
    try {
      const { jsep } = await h.message({ request: 'watch', id: this.b.room.room, media: [...this.mids] });
      if (!jsep) throw new Error('Janus gave no offer');
      this.jsep = jsep as Jsep;
      this.offer();
    } catch (err) {
      await this.drop();
      throw err;
    }
  }

  private offer() {
    const streams = streamsOf(this.b.slots, this.mids);
    const key = JSON.stringify(streams);
    if (key === this.sent) return;
    this.sent = key;
    this.send({ type: 'subscribe.offer', jsep: this.jsep as { type: 'offer'; sdp: string }, streams });
  }

  private async drop() {
    const h = this.handle;
    this.handle = null;
    this.server = null;
    this.jsep = null;
    if (h) await h.detach().catch(() => {});
  }
}

/** Destroys the webinar's mountpoints on every server that answers (a webinar ended); one not answering goes at its next reconnection. */
export async function destroyMountpoints(janus: JanusGateway, w: { id: number; janus_room_id: number | null; janus_secret: string | null }, log: FastifyBaseLogger): Promise<void> {
  if (w.janus_room_id === null) return;
  await Promise.all(
    janus.links.map(async (l) => {
      const streaming = await janus.streaming(l.key, 1000);
      await streaming?.destroy(w.janus_room_id!, w.janus_secret ?? undefined).catch((err: unknown) => log.warn({ err, webinar: w.id, janus: l.key }, 'broadcast: mountpoint not destroyed now; it goes when Janus reconnects'));
    }),
  );
}

/** At every (re)connection to a server: destroys the mountpoints Sinau made there for webinars no longer live. */
export async function reconcileMountpoints(db: Kysely<DB>, janus: JanusGateway, key: string, log: FastifyBaseLogger): Promise<number> {
  const streaming = await janus.streaming(key, 0);
  if (!streaming) return 0;
  const ours = (await streaming.list()).filter((m) => m.description.startsWith(MOUNT_TAG));
  if (ours.length === 0) return 0;
  const ids = ours.map((m) => Number(m.description.slice(MOUNT_TAG.length))).filter((n) => Number.isSafeInteger(n) && n > 0);
  const rows = ids.length ? await db.selectFrom('webinars').select(['id', 'status', 'janus_room_id', 'janus_secret']).where('id', 'in', ids).execute() : [];
  let destroyed = 0;
  for (const m of ours) {
    const w = rows.find((r) => `${MOUNT_TAG}${r.id}` === m.description && r.janus_room_id === m.id);
    if (!w) {
      log.warn({ mountpoint: m.id, janus: key }, 'a Sinau mountpoint on Janus that no webinar knows; left alone');
      continue;
    }
    if (w.status === 'live') continue;
    if (await streaming.destroy(m.id, w.janus_secret ?? undefined).catch((err: unknown) => log.warn({ err, webinar: w.id }, 'could not destroy a leftover mountpoint'))) destroyed++;
  }
  if (destroyed) log.info({ janus: key, destroyed }, 'broadcast mountpoints reconciled with Janus');
  return destroyed;
}
