/**
 * One participant's media on Janus: a publisher handle (hosts and promoted speakers) and a
 * subscriber handle receiving every feed of the room (multistream) — or, for an attendee of a
 * broadcast webinar, a Streaming viewer (broadcast.ts). The browser's SDP and ICE come through
 * the room socket; the browser never talks to Janus.
 */
import type { FastifyBaseLogger } from 'fastify';
import { JanusError, type JanusHandle, type JanusSession } from '../janus/client.ts';
import { VIDEOROOM_PLUGIN } from '../janus/videoroom.ts';
import type { FeedV, ServerMessage, StreamV } from './protocol.ts';

/** What a feed's Janus display carries: who publishes, what, and the publisher's mids. */
export interface FeedDisplay {
  p: number;
  n: string;
  s: 'camera' | 'screen';
  a: boolean;
  v: boolean;
  am?: string;
  vm?: string;
}

export function parseDisplay(display: string | undefined): FeedDisplay | null {
  if (!display) return null;
  try {
    const d = JSON.parse(display) as FeedDisplay;
    return typeof d.p === 'number' && (d.s === 'camera' || d.s === 'screen') ? d : null;
  } catch {
    return null;
  }
}

/** The mid of the first m= section of a kind in an SDP. */
export function midOf(sdp: string, kind: 'audio' | 'video'): string | undefined {
  const sections = sdp.split(/\r?\nm=/).slice(1);
  for (const s of sections) {
    if (!s.startsWith(kind)) continue;
    const m = /\r?\na=mid:(\S+)/.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

type Jsep = { type: 'offer' | 'answer'; sdp: string };

/** Receiving in a broadcast webinar: a Streaming mountpoint instead of the VideoRoom (broadcast.ts). */
export interface StreamingViewer {
  subscribe(audioOnly: boolean): Promise<void>;
  answer(jsep: Jsep): Promise<void>;
  trickle(candidate: Record<string, unknown> | null): Promise<void>;
  close(): Promise<void>;
}

export interface RoomRef {
  room: number;
  session: () => Promise<JanusSession | null>;
  /** A broadcast webinar: whether this participant watches through Streaming now (an attendee), and a viewer to do so. */
  broadcast?: { watches: () => boolean; viewer: () => StreamingViewer };
}

/** How long a subscription change waits for the browser's answer to the previous offer. */
const ANSWER_WAIT_MS = 10_000;

export class MediaLink {
  private publisher: JanusHandle | null = null;
  feedId: number | null = null;
  display: FeedDisplay | null = null;
  private subscriber: JanusHandle | null = null;
  /** In a broadcast, while this participant only watches: receives instead of `subscriber`. */
  private viewer: StreamingViewer | null = null;
  private subscribed = new Set<number>();
  private wanted = false;
  private audioOnly = false;
  /** Feeds as last known, for the subscription. */
  private feeds: FeedV[] = [];
  private displays = new Map<number, FeedDisplay>();
  /** Subscriber operations one at a time: each renegotiation waits for the previous answer. */
  private chain: Promise<void> = Promise.resolve();
  private answered: (() => void) | null = null;
  /** Settles when the browser answered the last offer, or after ANSWER_WAIT_MS. */
  private pendingAnswer: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ref: RoomRef,
    private readonly person: { id: number; name: string },
    private readonly send: (m: ServerMessage) => void,
    private readonly log: FastifyBaseLogger,
    /** My feed went up or down on Janus (its PeerConnection connected or hung up). */
    private readonly onFeedChange: () => void = () => {},
  ) {}

  get publishing(): boolean {
    return this.publisher !== null && this.feedId !== null;
  }

  private async attach(): Promise<JanusHandle> {
    const session = await this.ref.session();
    if (!session) throw new MediaUnavailable();
    return session.attach(VIDEOROOM_PLUGIN);
  }

  /** Publishes the browser's offer; resolves with Janus's answer. */
  async publish(offer: Jsep, source: 'camera' | 'screen', audio: boolean, video: boolean): Promise<Jsep> {
    if (this.publisher) await this.unpublish();
    const handle = await this.attach();
    this.publisher = handle;
    // Janus lists a publisher as one once its PeerConnection is up, not at the answer.
    handle.on('event', (m: { janus: string }) => {
      if (this.publisher !== handle) return;
      if (m.janus === 'webrtcup' || m.janus === 'hangup') this.onFeedChange();
    });
    try {
      const display: FeedDisplay = { p: this.person.id, n: this.person.name, s: source, a: audio, v: video, am: midOf(offer.sdp, 'audio'), vm: midOf(offer.sdp, 'video') };
      const joined = await handle.message({ request: 'join', ptype: 'publisher', room: this.ref.room, display: JSON.stringify(display) });
      this.feedId = Number(joined.data.id);
      this.display = display;
      const { jsep } = await handle.message({ request: 'publish', display: JSON.stringify(display) }, offer);
      if (!jsep) throw new Error('Janus gave no answer');
      return jsep as Jsep;
    } catch (err) {
      await this.unpublish();
      throw err;
    }
  }

  /** The published video now shows the camera or the screen (the track was replaced in the browser). */
  async setSource(source: 'camera' | 'screen'): Promise<void> {
    if (!this.publisher || !this.display) return;
    this.display = { ...this.display, s: source };
    await this.publisher.message({ request: 'configure', display: JSON.stringify(this.display) });
  }

  async unpublish(): Promise<void> {
    const h = this.publisher;
    this.publisher = null;
    this.feedId = null;
    this.display = null;
    if (h) await h.detach().catch(() => {});
  }

  /** Receives every feed of the room (audio only when asked). */
  subscribe(audioOnly: boolean): Promise<void> {
    this.wanted = true;
    const reset = this.audioOnly !== audioOnly && this.subscriber !== null;
    this.audioOnly = audioOnly;
    return this.queue(async () => {
      await this.route();
      if (this.viewer) return this.viewer.subscribe(audioOnly);
      if (reset) await this.dropSubscriber();
      await this.sync();
    });
  }

  /** A broadcast webinar: the role changed, so receiving may move between the VideoRoom and Streaming. */
  reroute(): Promise<void> {
    return this.queue(async () => {
      const before = this.viewer;
      await this.route();
      if (!this.wanted || this.closed || this.viewer === before) return;
      if (this.viewer) await this.viewer.subscribe(this.audioOnly);
      else await this.sync();
    });
  }

  private async route(): Promise<void> {
    const watches = !this.closed && (this.ref.broadcast?.watches() ?? false);
    if (watches && !this.viewer) {
      await this.dropSubscriber();
      this.viewer = this.ref.broadcast!.viewer();
    } else if (!watches && this.viewer) {
      const v = this.viewer;
      this.viewer = null;
      await v.close();
    }
  }

  /** The room's feeds changed: the subscription follows (a Streaming viewer follows the broadcast's slots instead). */
  setFeeds(feeds: FeedV[], displays: Map<number, FeedDisplay>): Promise<void> {
    this.feeds = feeds;
    this.displays = displays;
    if (!this.wanted || this.viewer) return Promise.resolve();
    return this.queue(() => this.sync());
  }

  /** The browser's answer to the last subscribe.offer. */
  async answer(jsep: Jsep): Promise<void> {
    if (this.viewer) return this.viewer.answer(jsep);
    const h = this.subscriber;
    if (!h) throw new Error('no subscription');
    await h.message({ request: 'start' }, jsep);
    const done = this.answered;
    this.answered = null;
    done?.();
  }

  async trickle(pc: 'publisher' | 'subscriber', candidate: Record<string, unknown> | null): Promise<void> {
    if (pc === 'subscriber' && this.viewer) return this.viewer.trickle(candidate);
    const h = pc === 'publisher' ? this.publisher : this.subscriber;
    if (h) await h.trickle(candidate);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wanted = false;
    await this.unpublish();
    await this.dropSubscriber();
    const v = this.viewer;
    this.viewer = null;
    await v?.close();
  }

  /**
   * Runs a subscription change after the previous one, and after the browser answered the
   * previous offer (or gave up on it): Janus takes one renegotiation at a time. Resolves once
   * this change's offer (if any) is sent, not answered, so the answer can come in meanwhile.
   */
  private queue(fn: () => Promise<void>): Promise<void> {
    const run = async () => {
      await this.pendingAnswer;
      await fn();
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch((err: unknown) => this.log.warn({ err, person: this.person.id }, 'webinar room: subscription update failed'));
    return next;
  }

  private async dropSubscriber() {
    const h = this.subscriber;
    this.subscriber = null;
    this.subscribed.clear();
    this.answered?.();
    this.answered = null;
    if (h) await h.detach().catch(() => {});
  }

  private streamsFor(feedIds: number[]) {
    return feedIds.map((feed) => {
      const d = this.displays.get(feed);
      return this.audioOnly && d?.am ? { feed, mid: d.am } : { feed };
    });
  }

  /** Brings the subscription in line with the feeds (other than my own). */
  private async sync() {
    if (this.closed || !this.wanted || this.viewer) return;
    const want = new Set(this.feeds.filter((f) => f.personId !== this.person.id || f.feedId !== this.feedId).map((f) => f.feedId));
    if (this.feedId !== null) want.delete(this.feedId);
    const add = [...want].filter((f) => !this.subscribed.has(f));
    const remove = [...this.subscribed].filter((f) => !want.has(f));
    if (add.length === 0 && remove.length === 0) return;
    if (this.audioOnly && add.some((f) => !this.displays.get(f)?.a)) {
      // A feed without audio gives an audio-only listener nothing.
      for (const f of add.filter((f) => !this.displays.get(f)?.a)) want.delete(f);
    }
    if (!this.subscriber) {
      const join = [...want];
      if (join.length === 0) return;
      const h = await this.attach();
      this.subscriber = h;
      h.on('event', (m: { janus: string; jsep?: Jsep; plugindata?: { data: Record<string, unknown> } }) => {
        // Janus renegotiates by itself when a feed goes away: pass its offer on.
        if (m.jsep?.type === 'offer' && this.subscriber === h) this.offer(m.jsep, m.plugindata?.data);
      });
      const { data, jsep } = await h.message({ request: 'join', ptype: 'subscriber', room: this.ref.room, streams: this.streamsFor(join) });
      for (const f of join) this.subscribed.add(f);
      if (jsep) await this.offerAndWait(jsep as Jsep, data);
      return;
    }
    try {
      const body: Record<string, unknown> = { request: 'update' };
      const sub = this.streamsFor(add.filter((f) => want.has(f)));
      if (sub.length) body.subscribe = sub;
      if (remove.length) body.unsubscribe = remove.map((feed) => ({ feed }));
      if (!body.subscribe && !body.unsubscribe) return;
      const { data, jsep } = await this.subscriber.message(body);
      for (const f of add) if (want.has(f)) this.subscribed.add(f);
      for (const f of remove) this.subscribed.delete(f);
      if (jsep) await this.offerAndWait(jsep as Jsep, data);
    } catch (err) {
      // A feed that left on its own is already gone from the subscription: start again from what is.
      if (err instanceof JanusError) {
        await this.dropSubscriber();
        if (this.wanted && !this.closed) await this.sync();
        return;
      }
      throw err;
    }
  }

  private offer(jsep: Jsep, data: Record<string, unknown> | undefined) {
    const raw = (data?.streams ?? []) as { mid: string; type: string; feed_id?: number; active?: boolean }[];
    const streams: StreamV[] = raw
      .filter((s) => (s.type === 'audio' || s.type === 'video') && s.feed_id !== undefined && s.active !== false)
      .map((s) => ({ mid: String(s.mid), feedId: Number(s.feed_id), personId: this.displays.get(Number(s.feed_id))?.p ?? 0, kind: s.type as 'audio' | 'video' }));
    this.send({ type: 'subscribe.offer', jsep: jsep as { type: 'offer'; sdp: string }, streams });
  }

  /** Sends the offer; the next subscription change waits for its answer. */
  private async offerAndWait(jsep: Jsep, data: Record<string, unknown>): Promise<void> {
    this.pendingAnswer = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ANSWER_WAIT_MS);
      this.answered = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.offer(jsep, data);
  }
}

export class MediaUnavailable extends Error {
  constructor() {
    super('live video unavailable');
  }
}
