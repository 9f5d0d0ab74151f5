/**
 * The live rooms of this app instance: every room socket, what it may do, and the events it
 * gets. State lives in the database (store.ts); events reach other instances through the bus.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type WebSocket from 'ws';
import type { AuthUser } from '../../auth/sessions.ts';
import type { DB } from '../../db/types.ts';
import type { JanusGateway } from '../janus/gateway.ts';
import { loadWebinar } from '../queries.ts';
import { canHost } from '../service.ts';
import { Broadcast, isBroadcast } from './broadcast.ts';
import { RoomBus, type RoomEvent } from './bus.ts';
import { iceServersFor, type IceConfig } from './ice.ts';
import { MediaLink, MediaUnavailable, parseDisplay, type FeedDisplay } from './media.ts';
import { CLOSE, ClientMessage, HOST_ONLY, type ClientMessageT, type FeedV, type HandV, type Role, type RoomStatus, type ServerMessage } from './protocol.ts';
import * as store from './store.ts';

const check = TypeCompiler.Compile(ClientMessage);

const MEDIA = new Set<ClientMessageT['type']>(['publish', 'source', 'unpublish', 'subscribe', 'subscribe.answer', 'trickle']);
type MediaMessage = Extract<ClientMessageT, { type: 'publish' | 'source' | 'unpublish' | 'subscribe' | 'subscribe.answer' | 'trickle' }>;

/** A socket silent for this long (no pong) is gone: its attendance closes at its last heartbeat. */
export const HEARTBEAT_MS = 10_000;
const MISSED_BEATS = 3;
/** How often attendance's last_seen_at is written for the sockets still answering. */
const TOUCH_MS = 30_000;
/** Participant lists and counts go out at most this often. */
const PRESENCE_MS = 1000;
/** Vote counts (polls, questions) are gathered for this long before they go out. */
const VOTES_MS = 250;
/** Chat: at most this many messages per socket in CHAT_WINDOW_MS. */
const CHAT_BURST = 5;
const CHAT_WINDOW_MS = 5000;
/** A slow socket with this much unsent is not sent more events until it drains. */
const MAX_BUFFERED = 4 * 1024 * 1024;

const t = (id: string, en: string) => ({ id, en });
type Words = ReturnType<typeof t>;
const WORDS = {
  invalid: t('Pesan tidak dikenali.', 'Message not understood.'),
  hostOnly: t('Hanya penyelenggara yang dapat melakukan ini.', 'Only the hosts can do this.'),
  notLive: t('Ruang webinar belum dibuka.', 'The webinar room is not open yet.'),
  noPublish: t('Anda belum diizinkan berbicara. Angkat tangan agar penyelenggara dapat mengizinkan.', 'You may not speak yet. Raise your hand so a host can let you.'),
  noVideo: t('Video langsung tidak tersedia saat ini.', 'Live video is not available right now.'),
  tooFast: t('Terlalu cepat. Tunggu sebentar sebelum mengirim lagi.', 'Too fast. Wait a moment before sending again.'),
  notFound: t('Tidak ditemukan di webinar ini.', 'Not found in this webinar.'),
  pollClosed: t('Jajak pendapat ini sudah ditutup.', 'This poll is closed.'),
  badChoice: t('Pilihan tidak valid untuk jajak pendapat ini.', 'Invalid choice for this poll.'),
  late: t('Waktu konfirmasi sudah habis.', 'The time to confirm is over.'),
  notHere: t('Orang ini tidak sedang berada di ruang webinar.', 'This person is not in the webinar room.'),
  failed: t('Terjadi kesalahan. Coba lagi.', 'Something went wrong. Try again.'),
} satisfies Record<string, Words>;

class RoomError extends Error {
  constructor(
    readonly code: string,
    readonly words: Words,
  ) {
    super(words.en);
  }
}

interface RoomMeta {
  id: number;
  title: string;
  status: RoomStatus;
  startsAt: Date;
  endsAt: Date;
  janusServer: string | null;
  janusRoom: number | null;
  janusSecret: string | null;
  capacity: number;
}

export class Participant {
  alive = true;
  /** Heartbeats missed in a row, and when the socket last answered one. */
  missed = 0;
  lastAliveAt = Date.now();
  attendanceId: number | null = null;
  role: Role;
  media: MediaLink | null = null;
  private mediaChain: Promise<void> = Promise.resolve();
  private chatTimes: number[] = [];

  constructor(
    readonly ws: WebSocket,
    readonly user: AuthUser,
    readonly isHost: boolean,
    role: Role,
    readonly mode: string,
  ) {
    this.role = role;
  }

  get personId() {
    return this.user.id;
  }

  get lang(): 'id' | 'en' {
    return this.user.locale === 'en' ? 'en' : 'id';
  }

  send(m: ServerMessage): void {
    if (this.ws.readyState !== 1) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED && m.type !== 'status') return;
    this.ws.send(JSON.stringify(m));
  }

  sendRaw(text: string): void {
    if (this.ws.readyState === 1 && this.ws.bufferedAmount <= MAX_BUFFERED) this.ws.send(text);
  }

  /** Media messages one at a time (an ICE candidate must not overtake its offer). */
  inMediaOrder(fn: () => Promise<void>): Promise<void> {
    const next = this.mediaChain.then(fn, fn);
    this.mediaChain = next.catch(() => {});
    return next;
  }

  chatAllowed(): boolean {
    const now = Date.now();
    this.chatTimes = this.chatTimes.filter((x) => now - x < CHAT_WINDOW_MS);
    if (this.chatTimes.length >= CHAT_BURST) return false;
    this.chatTimes.push(now);
    return true;
  }
}

export class LiveRoom {
  readonly sockets = new Set<Participant>();
  feeds: FeedV[] = [];
  /** Whether the feeds were asked of Janus since this room loaded (later changes come as events). */
  private feedsLoaded = false;
  private feedsRunning: Promise<void> | null = null;
  private feedsDirty = false;
  private announceFeeds = false;
  private displays = new Map<number, FeedDisplay>();
  private presenceTimer: NodeJS.Timeout | null = null;
  private localPresence = false;
  private voteTimers = new Map<string, NodeJS.Timeout>();
  private hostIds = new Set<number>();
  private broadcastState: Broadcast | null = null;

  constructor(
    readonly hub: Hub,
    public meta: RoomMeta,
  ) {}

  get db() {
    return this.hub.db;
  }

  /** A webinar with more seats than WEBINAR_ROOM_VIEWERS: attendees watch through Streaming (broadcast.ts). */
  get broadcastMedia(): Broadcast | null {
    const m = this.meta;
    if (!this.broadcastState && m.janusRoom !== null && m.janusServer && m.janusSecret && isBroadcast(m.capacity, this.hub.roomViewers)) {
      const localFeeds = () => new Set([...this.sockets].flatMap((p) => (p.media?.publishing ? [p.media.feedId!] : [])));
      const room = { webinarId: m.id, room: m.janusRoom, secret: m.janusSecret, server: m.janusServer };
      this.broadcastState = new Broadcast(this.hub.janus, room, localFeeds, () => store.speakers(this.db, m.id), this.hub.log);
    }
    return this.broadcastState;
  }

  // ---- joining and leaving ----

  async join(p: Participant): Promise<void> {
    this.sockets.add(p);
    if (p.isHost) this.hostIds.add(p.personId);
    if (this.meta.status === 'live') p.attendanceId = await store.openInterval(this.db, this.meta.id, p.personId, p.mode);
    if (this.meta.status === 'live' && !this.feedsLoaded) await this.refreshFeeds(false);
    p.send(await this.welcome(p));
    this.presenceChanged();
  }

  async leave(p: Participant, reason: 'left' | 'timeout' | 'ended' | 'removed' | 'restart'): Promise<void> {
    if (!this.sockets.delete(p)) return;
    const hadFeed = p.media?.publishing ?? false;
    await p.media?.close().catch(() => {});
    if (p.attendanceId !== null) {
      await store.closeInterval(this.db, p.attendanceId, reason, reason === 'timeout' ? new Date(p.lastAliveAt) : undefined).catch((err: unknown) => this.hub.log.error({ err }, 'webinar room: could not close an attendance interval'));
      p.attendanceId = null;
    }
    if (hadFeed) this.hub.bus.publish(this.meta.id, { kind: 'feeds' });
    if (reason !== 'restart') this.presenceChanged();
    if (this.sockets.size === 0) this.hub.forget(this);
  }

  private async welcome(p: Participant): Promise<ServerMessage> {
    const db = this.db;
    const id = this.meta.id;
    const [chat, questions, votes, polls, choices, speakers, hands, count, attention] = await Promise.all([
      store.chatHistory(db, id),
      store.questions(db, id),
      store.myVotes(db, id, p.personId),
      store.polls(db, id),
      store.myPollChoices(db, id, p.personId),
      store.speakers(db, id),
      store.hands(db, id),
      store.participantCount(db, id),
      store.pendingAttention(db, id, p.personId),
    ]);
    return {
      type: 'welcome',
      me: { personId: p.personId, name: p.user.name, role: p.role, handRaised: hands.some((h) => h.personId === p.personId) },
      webinar: { id, title: this.meta.title, status: this.meta.status, startsAt: this.meta.startsAt.toISOString(), endsAt: this.meta.endsAt.toISOString() },
      liveVideo: this.hub.janus.status() === 'ok' && this.meta.janusRoom !== null,
      iceServers: iceServersFor(this.hub.ice, p.personId),
      chat,
      questions: questions.map((q) => store.questionFor(q, p.isHost, p.personId)),
      myVotes: votes,
      polls,
      myPollChoices: choices,
      speakers,
      feeds: this.feeds,
      hands: p.isHost ? hands : hands.filter((h) => h.personId === p.personId),
      participantCount: count,
      ...(p.isHost ? { participants: await store.participants(db, id, await this.hosts(), new Set(speakers)) } : {}),
      attention,
    };
  }

  /** Owner and co-hosts (admins are hosts too, by their role, when they join). */
  private async hosts(): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('webinars')
      .select('host_id as id')
      .where('id', '=', this.meta.id)
      .union(this.db.selectFrom('webinar_hosts').select('person_id as id').where('webinar_id', '=', this.meta.id))
      .execute();
    return new Set([...rows.map((r) => r.id), ...this.hostIds]);
  }

  // ---- events from the bus ----

  deliver(e: RoomEvent): void {
    switch (e.kind) {
      case 'status':
        void this.onStatus(e.status);
        return;
      case 'chat':
        return this.broadcast({ type: 'chat', message: e.message });
      case 'chat.removed':
        return this.broadcast({ type: 'chat.removed', messageId: e.messageId });
      case 'question':
        for (const p of this.sockets) p.send({ type: 'question', question: store.questionFor(e.question, p.isHost, p.personId) });
        return;
      case 'poll':
        return this.broadcast({ type: 'poll', poll: e.poll });
      case 'hands':
        for (const p of this.sockets) p.send({ type: 'hands', hands: p.isHost ? e.hands : e.hands.filter((h) => h.personId === p.personId) });
        return;
      case 'role':
        for (const p of this.sockets) {
          if (p.personId !== e.personId || p.isHost) continue;
          p.role = e.role;
          p.send({ type: 'role', role: e.role });
          if (e.role === 'attendee' && p.media?.publishing) {
            void p.inMediaOrder(async () => {
              await p.media!.unpublish();
              p.send({ type: 'unpublished' });
              this.hub.bus.publish(this.meta.id, { kind: 'feeds' });
            });
          }
          // A broadcast: speakers receive through the VideoRoom, attendees through Streaming.
          if (p.media && this.broadcastMedia) void p.inMediaOrder(() => p.media!.reroute());
        }
        return;
      case 'speakers':
        return this.broadcast({ type: 'speakers', speakers: e.speakers });
      case 'feeds':
        void this.refreshFeeds(true);
        return;
      case 'presence':
        // Another instance's people came or went (it tells at most once a PRESENCE_MS).
        return this.schedulePresence();
      case 'mute':
        for (const p of this.sockets) {
          if (p.personId !== e.personId) continue;
          p.send({ type: 'muted', by: e.by });
          void this.muteOnJanus(p);
        }
        return;
      case 'attention':
        for (const p of this.sockets) if (!p.isHost) p.send({ type: 'attention', check: e.check });
        return;
    }
  }

  private broadcast(m: ServerMessage) {
    const text = JSON.stringify(m);
    for (const p of this.sockets) p.sendRaw(text);
  }

  private async onStatus(status: RoomStatus) {
    const fresh = await loadWebinar(this.db, this.meta.id);
    if (fresh) this.meta = metaOf(fresh);
    this.meta.status = status;
    this.broadcast({ type: 'status', status });
    if (status === 'live') {
      for (const p of this.sockets) {
        if (p.attendanceId === null) p.attendanceId = await store.openInterval(this.db, this.meta.id, p.personId, p.mode);
      }
      await this.refreshFeeds(true);
      this.schedulePresence();
    } else if (status === 'ended' || status === 'cancelled') {
      for (const p of [...this.sockets]) {
        await this.leave(p, 'ended');
        p.ws.close(CLOSE.ended, 'webinar ended');
      }
    }
  }

  /** Someone joined or left here: lists go out here and, once per PRESENCE_MS, the other instances hear of it. */
  private presenceChanged() {
    this.localPresence = true;
    this.schedulePresence();
  }

  private schedulePresence() {
    if (this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      if (this.localPresence) {
        this.localPresence = false;
        this.hub.bus.publishOthers(this.meta.id, { kind: 'presence' });
      }
      void this.sendPresence().catch((err: unknown) => this.hub.log.warn({ err }, 'webinar room: presence update failed'));
    }, PRESENCE_MS);
  }

  private async sendPresence() {
    if (this.sockets.size === 0) return;
    const hostSockets = [...this.sockets].filter((p) => p.isHost);
    const [count, list] = await Promise.all([
      store.participantCount(this.db, this.meta.id),
      hostSockets.length ? this.hosts().then(async (h) => store.participants(this.db, this.meta.id, h, new Set(await store.speakers(this.db, this.meta.id)))) : null,
    ]);
    const forAll = JSON.stringify({ type: 'participants', count } satisfies ServerMessage);
    const forHosts = list ? JSON.stringify({ type: 'participants', count, participants: list } satisfies ServerMessage) : forAll;
    for (const p of this.sockets) p.sendRaw(p.isHost ? forHosts : forAll);
  }

  /**
   * Asks Janus for the room's feeds; tells the sockets and moves their subscriptions. Refreshes
   * run one at a time (asked for during one, another follows it), so an older, slower answer
   * from Janus never overwrites a newer one.
   */
  refreshFeeds(announce: boolean): Promise<void> {
    this.announceFeeds ||= announce;
    this.feedsDirty = true;
    this.feedsRunning ??= (async () => {
      try {
        while (this.feedsDirty) {
          this.feedsDirty = false;
          const a = this.announceFeeds;
          this.announceFeeds = false;
          await this.loadFeeds(a).catch((err: unknown) => this.hub.log.warn({ err, webinar: this.meta.id }, 'webinar room: could not refresh feeds'));
        }
      } finally {
        this.feedsRunning = null;
      }
    })();
    return this.feedsRunning;
  }

  private async loadFeeds(announce: boolean): Promise<void> {
    const admin = this.meta.janusServer ? await this.hub.janus.videoRoom(this.meta.janusServer, 500) : null;
    if (!admin || this.meta.janusRoom === null) return;
    let list;
    try {
      list = await admin.listParticipants(this.meta.janusRoom);
    } catch (err) {
      this.hub.log.warn({ err, webinar: this.meta.id }, 'webinar room: could not list feeds');
      return;
    }
    const displays = new Map<number, FeedDisplay>();
    const feeds: FeedV[] = [];
    for (const x of list) {
      if (!x.publisher) continue;
      const d = parseDisplay(x.display);
      if (!d) continue;
      displays.set(x.id, d);
      feeds.push({ feedId: x.id, personId: d.p, name: d.n, source: d.s, audio: d.a, video: d.v });
    }
    feeds.sort((a, b) => a.feedId - b.feedId);
    this.feedsLoaded = true;
    const changed = JSON.stringify(feeds) !== JSON.stringify(this.feeds);
    this.feeds = feeds;
    this.displays = displays;
    if (announce && changed) this.broadcast({ type: 'feeds', feeds });
    for (const p of this.sockets) if (p.media) void p.inMediaOrder(() => p.media!.setFeeds(feeds, displays));
    void this.broadcastMedia?.update(feeds, displays);
  }

  private async muteOnJanus(p: Participant) {
    const m = p.media;
    if (!m?.publishing || !m.display?.am || !this.meta.janusServer || this.meta.janusRoom === null) return;
    const admin = await this.hub.janus.videoRoom(this.meta.janusServer, 500);
    await admin?.handle
      .message({ request: 'moderate', room: this.meta.janusRoom, secret: this.meta.janusSecret, id: m.feedId, mid: m.display.am, mute: true })
      .catch((err: unknown) => this.hub.log.warn({ err }, 'webinar room: could not mute on Janus'));
  }

  private scheduleVotes(key: string, load: () => Promise<RoomEvent | null>) {
    if (this.voteTimers.has(key)) return;
    this.voteTimers.set(
      key,
      setTimeout(() => {
        this.voteTimers.delete(key);
        void load()
          .then((e) => e && this.hub.bus.publish(this.meta.id, e))
          .catch((err: unknown) => this.hub.log.warn({ err }, 'webinar room: vote update failed'));
      }, VOTES_MS),
    );
  }

  stopTimers() {
    this.broadcastState?.close();
    this.broadcastState = null;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    for (const t of this.voteTimers.values()) clearTimeout(t);
    this.voteTimers.clear();
  }

  // ---- messages from a socket ----

  async handle(p: Participant, raw: string): Promise<void> {
    let m: ClientMessageT;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!check.Check(parsed)) {
        const rid = typeof (parsed as { rid?: unknown })?.rid === 'string' ? (parsed as { rid: string }).rid : undefined;
        return this.fail(p, rid, new RoomError('invalid_message', WORDS.invalid));
      }
      m = parsed;
    } catch {
      return this.fail(p, undefined, new RoomError('invalid_message', WORDS.invalid));
    }
    if (MEDIA.has(m.type)) {
      // Media goes in its own order (an ICE candidate after its offer), not holding up chat and
      // the rest; an answer goes at once, since a queued renegotiation may be waiting for it.
      const mm = m as MediaMessage;
      const run = mm.type === 'subscribe.answer' ? this.media(p, mm) : p.inMediaOrder(() => this.media(p, mm));
      void run.then(
        () => m.rid && p.send({ type: 'ack', rid: m.rid }),
        (err: unknown) => {
          if (!(err instanceof RoomError) && !(err instanceof MediaUnavailable)) this.hub.log.error({ err, type: m.type, webinar: this.meta.id }, 'webinar room: media message failed');
          this.fail(p, m.rid, err);
        },
      );
      return;
    }
    try {
      if (HOST_ONLY.has(m.type) && !p.isHost) throw new RoomError('forbidden', WORDS.hostOnly);
      const id = await this.apply(p, m);
      if (m.rid) p.send({ type: 'ack', rid: m.rid, ...(typeof id === 'number' ? { id } : {}) });
    } catch (err) {
      if (!(err instanceof RoomError)) this.hub.log.error({ err, type: m.type, webinar: this.meta.id }, 'webinar room: message failed');
      this.fail(p, m.rid, err);
    }
  }

  private fail(p: Participant, rid: string | undefined, err: unknown) {
    const e =
      err instanceof RoomError ? err : err instanceof MediaUnavailable ? new RoomError('live_video_unavailable', WORDS.noVideo) : new RoomError('failed', WORDS.failed);
    p.send({ type: 'error', ...(rid ? { rid } : {}), code: e.code, message: e.words[p.lang] });
  }

  private needLive() {
    if (this.meta.status !== 'live') throw new RoomError('room_not_open', WORDS.notLive);
  }

  private async apply(p: Participant, m: ClientMessageT): Promise<number | void> {
    const db = this.db;
    const wid = this.meta.id;
    const bus = this.hub.bus;
    switch (m.type) {
      case 'ping':
        p.send({ type: 'pong' });
        return;
      case 'chat.send': {
        if (!m.body.trim()) throw new RoomError('invalid_message', WORDS.invalid);
        if (!p.isHost && !p.chatAllowed()) throw new RoomError('rate_limited', WORDS.tooFast);
        const message = await store.addChat(db, wid, p.personId, p.user.name, m.body.trim());
        bus.publish(wid, { kind: 'chat', message });
        return message.id;
      }
      case 'chat.remove':
        if (!(await store.removeChat(db, wid, m.messageId, p.personId))) throw new RoomError('not_found', WORDS.notFound);
        bus.publish(wid, { kind: 'chat.removed', messageId: m.messageId });
        return;
      case 'question.ask': {
        if (!m.body.trim()) throw new RoomError('invalid_message', WORDS.invalid);
        if (!p.chatAllowed()) throw new RoomError('rate_limited', WORDS.tooFast);
        const qid = await store.askQuestion(db, wid, p.personId, m.body.trim(), m.anonymous ?? false);
        const question = await store.questionById(db, wid, qid);
        if (question) bus.publish(wid, { kind: 'question', question });
        return qid;
      }
      case 'question.vote':
        if (!(await store.voteQuestion(db, wid, m.questionId, p.personId, m.up))) throw new RoomError('not_found', WORDS.notFound);
        this.scheduleVotes(`q${m.questionId}`, async () => {
          const question = await store.questionById(db, wid, m.questionId);
          return question ? { kind: 'question', question } : null;
        });
        return;
      case 'question.decide': {
        if (!(await store.decideQuestion(db, wid, m.questionId, m.status, p.personId))) throw new RoomError('not_found', WORDS.notFound);
        const question = await store.questionById(db, wid, m.questionId);
        if (question) bus.publish(wid, { kind: 'question', question });
        return;
      }
      case 'poll.create': {
        const options = m.options.map((o) => o.trim());
        if (!m.question.trim() || options.some((o) => !o) || new Set(options).size !== options.length) throw new RoomError('invalid_message', WORDS.invalid);
        const pollId = await store.createPoll(db, wid, p.personId, m.question.trim(), options, m.multiple ?? false);
        const poll = await store.pollById(db, wid, pollId);
        if (poll) bus.publish(wid, { kind: 'poll', poll });
        return pollId;
      }
      case 'poll.vote': {
        const poll = await store.pollForVote(db, wid, m.pollId);
        if (!poll) throw new RoomError('not_found', WORDS.notFound);
        if (poll.status !== 'open') throw new RoomError('poll_closed', WORDS.pollClosed);
        const choices = [...new Set(m.choices)].sort((a, b) => a - b);
        if (choices.some((c) => c >= poll.options.length) || (!poll.multiple && choices.length !== 1)) throw new RoomError('invalid_choice', WORDS.badChoice);
        if (!(await store.votePoll(db, m.pollId, p.personId, choices))) throw new RoomError('poll_closed', WORDS.pollClosed);
        this.scheduleVotes(`p${m.pollId}`, async () => {
          const fresh = await store.pollById(db, wid, m.pollId);
          return fresh ? { kind: 'poll', poll: fresh } : null;
        });
        return;
      }
      case 'poll.close': {
        if (!(await store.closePoll(db, wid, m.pollId))) throw new RoomError('not_found', WORDS.notFound);
        const poll = await store.pollById(db, wid, m.pollId);
        if (poll) bus.publish(wid, { kind: 'poll', poll });
        return;
      }
      case 'hand.raise':
        await store.raiseHand(db, wid, p.personId);
        bus.publish(wid, { kind: 'hands', hands: await store.hands(db, wid) });
        return;
      case 'hand.lower': {
        const who = m.personId ?? p.personId;
        if (who !== p.personId && !p.isHost) throw new RoomError('forbidden', WORDS.hostOnly);
        await store.lowerHand(db, wid, who);
        bus.publish(wid, { kind: 'hands', hands: await store.hands(db, wid) });
        return;
      }
      case 'speaker.promote': {
        const present = await db
          .selectFrom('webinar_attendance')
          .select('id')
          .where('webinar_id', '=', wid)
          .where('person_id', '=', m.personId)
          .where('left_at', 'is', null)
          .executeTakeFirst();
        if (!present) throw new RoomError('not_present', WORDS.notHere);
        await store.promote(db, wid, m.personId, p.personId);
        bus.publish(wid, { kind: 'role', personId: m.personId, role: 'speaker' });
        bus.publish(wid, { kind: 'speakers', speakers: await store.speakers(db, wid) });
        bus.publish(wid, { kind: 'hands', hands: await store.hands(db, wid) });
        bus.publish(wid, { kind: 'presence' });
        return;
      }
      case 'speaker.demote':
        await store.demote(db, wid, m.personId);
        bus.publish(wid, { kind: 'role', personId: m.personId, role: 'attendee' });
        bus.publish(wid, { kind: 'speakers', speakers: await store.speakers(db, wid) });
        bus.publish(wid, { kind: 'presence' });
        return;
      case 'mute':
        bus.publish(wid, { kind: 'mute', personId: m.personId, by: p.user.name });
        return;
      case 'attention.start': {
        this.needLive();
        const check = await store.startAttention(db, wid, p.personId, m.prompt.trim() || m.prompt, m.seconds);
        bus.publish(wid, { kind: 'attention', check });
        return check.id;
      }
      case 'attention.ack':
        if (!(await store.ackAttention(db, wid, m.checkId, p.personId))) throw new RoomError('too_late', WORDS.late);
        return;
      default:
        // Media messages are handled in handle().
        return;
    }
  }

  private mediaOf(p: Participant): MediaLink {
    if (!p.media) {
      const meta = this.meta;
      if (meta.janusRoom === null || !meta.janusServer) throw new MediaUnavailable();
      const server = meta.janusServer;
      const b = this.broadcastMedia;
      const broadcast = b ? { watches: () => p.role === 'attendee', viewer: () => b.viewer(p.personId, (x) => p.send(x)) } : undefined;
      p.media = new MediaLink(
        { room: meta.janusRoom, session: () => this.hub.janus.session(server, 2000), broadcast },
        { id: p.personId, name: p.user.name },
        (x) => p.send(x),
        this.hub.log,
        () => this.hub.bus.publish(this.meta.id, { kind: 'feeds' }),
      );
      void p.media.setFeeds(this.feeds, this.displays);
    }
    return p.media;
  }

  private async media(p: Participant, m: MediaMessage): Promise<void> {
    switch (m.type) {
      case 'publish': {
        this.needLive();
        // The server decides who publishes: hosts, and speakers a host promoted (checked now, not at join).
        const allowed = p.isHost || (await store.isSpeaker(this.db, this.meta.id, p.personId));
        if (!allowed) throw new RoomError('forbidden', WORDS.noPublish);
        const answer = await this.mediaOf(p).publish(m.jsep, m.source, m.audio, m.video);
        p.send({ type: 'publish.answer', jsep: answer as { type: 'answer'; sdp: string } });
        this.hub.bus.publish(this.meta.id, { kind: 'feeds' });
        return;
      }
      case 'source':
        if (!p.media?.publishing) return;
        await p.media.setSource(m.source);
        this.hub.bus.publish(this.meta.id, { kind: 'feeds' });
        return;
      case 'unpublish':
        if (!p.media?.publishing) return;
        await p.media.unpublish();
        p.send({ type: 'unpublished' });
        this.hub.bus.publish(this.meta.id, { kind: 'feeds' });
        return;
      case 'subscribe':
        this.needLive();
        await this.mediaOf(p).subscribe(m.audioOnly ?? false);
        return;
      case 'subscribe.answer':
        await this.mediaOf(p).answer(m.jsep);
        return;
      case 'trickle':
        await p.media?.trickle(m.pc, m.candidate as Record<string, unknown> | null);
        return;
    }
  }
}

const metaOf = (w: NonNullable<Awaited<ReturnType<typeof loadWebinar>>>): RoomMeta => ({
  id: w.id,
  title: w.title,
  status: w.status,
  startsAt: w.starts_at,
  endsAt: w.ends_at,
  janusServer: w.janus_server,
  janusRoom: w.janus_room_id,
  janusSecret: w.janus_secret,
  capacity: w.capacity,
});

export class Hub {
  readonly rooms = new Map<number, LiveRoom>();
  readonly bus: RoomBus;
  private beat: NodeJS.Timeout | null = null;
  private touch: NodeJS.Timeout | null = null;
  private loading = new Map<number, Promise<LiveRoom | null>>();

  constructor(
    readonly db: Kysely<DB>,
    readonly janus: JanusGateway,
    readonly log: FastifyBaseLogger,
    private readonly heartbeatMs = HEARTBEAT_MS,
    /** Webinars with more seats than this are broadcasts (broadcast.ts). */
    readonly roomViewers = Infinity,
    /** STUN/TURN servers for browsers (ice.ts). */
    readonly ice: IceConfig = { urls: [], turnSecret: '', turnHours: 12 },
  ) {
    this.bus = new RoomBus(db, log);
  }

  async start(): Promise<void> {
    await this.bus.start((webinarId, e) => this.rooms.get(webinarId)?.deliver(e));
    this.beat = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.beat.unref();
    this.touch = setInterval(() => void this.touchAll(), TOUCH_MS);
    this.touch.unref();
  }

  /** The room of a webinar on this instance, loaded on first use. */
  room(webinarId: number): Promise<LiveRoom | null> {
    const have = this.rooms.get(webinarId);
    if (have) return Promise.resolve(have);
    let p = this.loading.get(webinarId);
    if (!p) {
      p = loadWebinar(this.db, webinarId).then((w) => {
        this.loading.delete(webinarId);
        if (!w) return null;
        const again = this.rooms.get(webinarId);
        if (again) return again;
        const r = new LiveRoom(this, metaOf(w));
        this.rooms.set(webinarId, r);
        return r;
      });
      this.loading.set(webinarId, p);
    }
    return p;
  }

  forget(room: LiveRoom) {
    if (room.sockets.size > 0) return;
    room.stopTimers();
    if (this.rooms.get(room.meta.id) === room) this.rooms.delete(room.meta.id);
  }

  /** A webinar was opened, ended or cancelled (on any instance). */
  statusChanged(webinarId: number, status: RoomStatus): void {
    this.bus.publish(webinarId, { kind: 'status', status });
  }

  /** Accepts a socket whose request was checked: the person may be in this webinar's room. */
  accept(ws: WebSocket, user: AuthUser, webinarId: number, isHost: boolean, mode: string): void {
    const pending: string[] = [];
    let room: LiveRoom | null = null;
    let p: Participant | null = null;
    let chain: Promise<void> = Promise.resolve();
    // Messages are taken at once (none lost while the room loads) and handled in order.
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (!room || !p) return void pending.push(text);
      const r = room;
      const q = p;
      chain = chain.then(() => r.handle(q, text));
    });
    ws.on('pong', () => {
      if (p) {
        p.alive = true;
        p.lastAliveAt = Date.now();
      }
    });
    ws.on('close', (code) => {
      // A goodbye (a close frame) leaves now; a connection that just broke (1006) left at its last heartbeat.
      if (room && p) void room.leave(p, code === 1006 ? 'timeout' : 'left');
    });
    void (async () => {
      try {
        const r = await this.room(webinarId);
        if (!r) return ws.close(CLOSE.refused, 'no such webinar');
        const role: Role = isHost ? 'host' : (await store.isSpeaker(this.db, webinarId, user.id)) ? 'speaker' : 'attendee';
        const q = new Participant(ws, user, isHost, role, mode);
        if (ws.readyState !== 1) return;
        await r.join(q);
        room = r;
        p = q;
        if (ws.readyState !== 1) {
          await r.leave(q, 'left');
          return;
        }
        for (const text of pending.splice(0)) chain = chain.then(() => r.handle(q, text));
      } catch (err) {
        this.log.error({ err, webinar: webinarId }, 'webinar room: could not join');
        ws.close(1011, 'join failed');
      }
    })();
  }

  private heartbeat() {
    for (const room of this.rooms.values()) {
      for (const p of room.sockets) {
        if (!p.alive) {
          p.missed++;
          if (p.missed >= MISSED_BEATS) {
            // Gone without a goodbye: attendance closes at the last heartbeat it answered.
            void room.leave(p, 'timeout');
            p.ws.terminate();
            continue;
          }
        } else {
          p.missed = 0;
        }
        p.alive = false;
        try {
          p.ws.ping();
        } catch {
          /* closing */
        }
      }
    }
  }

  private async touchAll() {
    const ids: number[] = [];
    for (const room of this.rooms.values()) for (const p of room.sockets) if (p.attendanceId !== null && p.missed === 0) ids.push(p.attendanceId);
    await store.touchIntervals(this.db, ids).catch((err: unknown) => this.log.warn({ err }, 'webinar room: could not record presence'));
  }

  /** Closes every socket (asking browsers to reconnect) and their attendance. */
  async close(): Promise<void> {
    if (this.beat) clearInterval(this.beat);
    if (this.touch) clearInterval(this.touch);
    for (const room of [...this.rooms.values()]) {
      for (const p of [...room.sockets]) {
        await room.leave(p, 'restart');
        p.ws.close(CLOSE.restart, 'server restarting');
      }
      room.stopTimers();
    }
    this.rooms.clear();
    await this.bus.close();
  }
}
