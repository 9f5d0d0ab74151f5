/**
 * The live room's WebSocket without live video: who may enter, chat, Q&A, polls, hands,
 * speakers, attention checks, attendance intervals, the webinar's end, a restart, and events
 * crossing from one app instance to another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createDb } from '../../server/db/connect.ts';
import { CLOSE } from '../../server/webinars/live/protocol.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { RoomClient, RoomError } from '../support/room-client.ts';
import { until } from '../support/until.ts';

let t: TestApp;
let base: string;
let trainer: Client;
let asn: Client;
let guru: Client;
let admin: Client;

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp({
    JANUS_PATH: '/nonexistent/janus',
    WEBINAR_HEARTBEAT_SECONDS: '1',
    WEBINAR_ICE_URLS: 'stun:stun.surakarta.go.id:3478,turn:turn.surakarta.go.id:3478',
    WEBINAR_TURN_SECRET: 'coturn-secret',
  });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  [trainer, asn, guru, admin] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru'), t.login('admin')]);
});
afterAll(async () => {
  await t?.close();
});

/** A webinar with asn and guru registered; live (a room as if Janus had it) unless `scheduled`. */
async function webinar(opts: { scheduled?: boolean } = {}): Promise<number> {
  const res = await trainer.post('/api/webinars', { title: 'Rapat koordinasi layanan', description: '', startsAt: inMinutes(-5), endsAt: inMinutes(55), capacity: 30, jp: 1 });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  for (const c of [asn, guru]) expect((await c.post(`/api/webinars/${id}/registrations`)).statusCode).toBe(201);
  if (!opts.scheduled) await goLive(id);
  return id;
}

async function goLive(id: number) {
  await t.db
    .updateTable('webinars')
    .set({ status: 'live', opened_at: new Date(), janus_server: 'embedded', janus_room_id: 1000 + id, janus_secret: 'room-secret' })
    .where('id', '=', id)
    .execute();
  t.app.liveRooms.statusChanged(id, 'live');
}

const enter = (c: Client, id: number, opts: Parameters<typeof RoomClient.connect>[3] = {}) => RoomClient.connect(base, id, c.cookie!, opts);
const intervals = (id: number, personId?: number) => {
  let q = t.db.selectFrom('webinar_attendance').selectAll().where('webinar_id', '=', id);
  if (personId) q = q.where('person_id', '=', personId);
  return q.orderBy('id').execute();
};

describe('entering the room', () => {
  it('refuses before the upgrade: signed out 401, not registered 403, unknown 404, another site 403', async () => {
    const id = await webinar();
    const status = (p: Promise<unknown>) => p.then(() => 101, (e: { status?: number }) => e.status);
    expect(await status(RoomClient.connect(base, id, ''))).toBe(401);
    expect(await status(enter(admin, 999_999))).toBe(404);
    const outsider = await t.login('atasan');
    expect(await status(enter(outsider, id))).toBe(403);
    expect(await status(enter(asn, id, { origin: 'https://evil.example' }))).toBe(403);
    expect(await intervals(id)).toHaveLength(0);
  });

  it('welcomes a registered attendee and the host with their roles; no live video without Janus', async () => {
    const id = await webinar();
    const [host, a] = await Promise.all([enter(trainer, id), enter(asn, id)]);
    expect(host.welcome.me.role).toBe('host');
    expect(a.welcome.me.role).toBe('attendee');
    expect(a.welcome.webinar.status).toBe('live');
    expect(a.welcome.liveVideo).toBe(false);
    expect(a.welcome.participants).toBeUndefined();
    // STUN as configured; TURN credentials of each person's own, never the secret.
    for (const w of [a.welcome, host.welcome]) {
      expect(w.iceServers[0]).toEqual({ urls: ['stun:stun.surakarta.go.id:3478'] });
      expect(w.iceServers[1]).toMatchObject({ urls: ['turn:turn.surakarta.go.id:3478'], username: expect.stringMatching(new RegExp(`^\\d+:sinau-${w.me.personId}$`)) });
    }
    expect(a.welcome.iceServers[1]!.credential).not.toBe(host.welcome.iceServers[1]!.credential);
    expect(JSON.stringify(a.welcome)).not.toContain('coturn-secret');
    const p = await host.next('participants', (m) => m.count === 2 && (m.participants?.length ?? 0) === 2, 5000, true);
    expect(p.participants!.map((x) => x.role).sort()).toEqual(['attendee', 'host']);
    await Promise.all([host.close(), a.close()]);
  });

  it('keeps a scheduled webinar as a lobby (no attendance) until the host opens it', async () => {
    const id = await webinar({ scheduled: true });
    const a = await enter(asn, id);
    expect(a.welcome.webinar.status).toBe('scheduled');
    await expect(a.request({ type: 'attention.ack', checkId: 1 })).rejects.toThrow(RoomError);
    expect(await intervals(id)).toHaveLength(0);
    await goLive(id);
    await a.next('status', (s) => s.status === 'live');
    await until('an interval', async () => (await intervals(id)).length === 1);
    await a.close();
  });
});

describe('chat, questions, polls', () => {
  it('delivers chat to everyone, lets the host remove a message, and limits bursts', async () => {
    const id = await webinar();
    const [host, a, b] = await Promise.all([enter(trainer, id), enter(asn, id), enter(guru, id)]);
    const seen = b.next('chat', (m) => m.message.body === 'Selamat pagi');
    const msgId = await a.request({ type: 'chat.send', body: '  Selamat pagi  ' });
    expect((await seen).message).toMatchObject({ id: msgId, body: 'Selamat pagi', name: expect.any(String) });
    await expect(a.request({ type: 'chat.remove', messageId: msgId! })).rejects.toMatchObject({ code: 'forbidden' });
    const removed = b.next('chat.removed');
    await host.request({ type: 'chat.remove', messageId: msgId! });
    expect((await removed).messageId).toBe(msgId);
    // Bursts: five go, the sixth is refused and not stored.
    for (let i = 0; i < 4; i++) await a.request({ type: 'chat.send', body: `pesan ${i}` });
    await expect(a.request({ type: 'chat.send', body: 'satu lagi' })).rejects.toMatchObject({ code: 'rate_limited' });
    const rows = await t.db.selectFrom('webinar_chat_messages').select('body').where('webinar_id', '=', id).execute();
    expect(rows.map((r) => r.body)).not.toContain('satu lagi');
    // A late joiner gets the history, without the removed message.
    const late = await enter(admin, id);
    expect(late.welcome.chat.map((m) => m.body)).toEqual(['pesan 0', 'pesan 1', 'pesan 2', 'pesan 3']);
    await Promise.all([host.close(), a.close(), b.close(), late.close()]);
  });

  it('answers malformed messages with an error and changes nothing', async () => {
    const id = await webinar();
    const a = await enter(asn, id);
    a.send({ type: 'chat.send', body: '', rid: 'x1' });
    expect(await a.next('error', (e) => e.rid === 'x1')).toMatchObject({ code: 'invalid_message' });
    a.send({ type: 'nonsense', rid: 'x2' });
    expect(await a.next('error', (e) => e.rid === 'x2')).toMatchObject({ code: 'invalid_message', message: expect.stringMatching(/dikenali/) });
    a.ws.send('not json');
    await a.next('error', (e) => e.code === 'invalid_message' && !e.rid);
    expect(await t.db.selectFrom('webinar_chat_messages').select('id').where('webinar_id', '=', id).execute()).toHaveLength(0);
    await a.close();
  });

  it('runs Q&A: anonymous questions hide the asker from attendees, upvotes are counted once, hosts decide', async () => {
    const id = await webinar();
    const [host, a, b] = await Promise.all([enter(trainer, id), enter(asn, id), enter(guru, id)]);
    const bSees = b.next('question');
    const hostSees = host.next('question');
    const qid = await a.request({ type: 'question.ask', body: 'Bagaimana aturan cuti?', anonymous: true });
    expect((await bSees).question).toMatchObject({ id: qid, personId: null, name: null, votes: 0 });
    expect((await hostSees).question.personId).toBe(a.welcome.me.personId);
    await b.request({ type: 'question.vote', questionId: qid!, up: true });
    await b.request({ type: 'question.vote', questionId: qid!, up: true });
    expect((await a.next('question', (q) => q.question.votes === 1)).question.votes).toBe(1);
    await expect(b.request({ type: 'question.decide', questionId: qid!, status: 'answered' })).rejects.toMatchObject({ code: 'forbidden' });
    await host.request({ type: 'question.decide', questionId: qid!, status: 'answered' });
    expect((await b.next('question', (q) => q.question.status === 'answered')).question.votes).toBe(1);
    await expect(b.request({ type: 'question.vote', questionId: 999_999, up: true })).rejects.toMatchObject({ code: 'not_found' });
    // Rejoining keeps it all.
    await b.close();
    const b2 = await enter(guru, id);
    expect(b2.welcome.questions).toEqual([expect.objectContaining({ id: qid, status: 'answered', votes: 1, personId: null })]);
    expect(b2.welcome.myVotes).toEqual([qid]);
    await Promise.all([host.close(), a.close(), b2.close()]);
  });

  it('runs polls: only hosts create and close, votes are checked and counted live', async () => {
    const id = await webinar();
    const [host, a, b] = await Promise.all([enter(trainer, id), enter(asn, id), enter(guru, id)]);
    await expect(a.request({ type: 'poll.create', question: 'Siapa?', options: ['A', 'B'] })).rejects.toMatchObject({ code: 'forbidden' });
    const pollSeen = a.next('poll');
    const pollId = await host.request({ type: 'poll.create', question: 'Layanan mana yang paling sering dikeluhkan?', options: ['KTP-el', 'KK', 'Akta'] });
    expect((await pollSeen).poll).toMatchObject({ id: pollId, counts: [0, 0, 0], status: 'open', multiple: false });
    await expect(a.request({ type: 'poll.vote', pollId: pollId!, choices: [0, 1] })).rejects.toMatchObject({ code: 'invalid_choice' });
    await expect(a.request({ type: 'poll.vote', pollId: pollId!, choices: [5] })).rejects.toMatchObject({ code: 'invalid_choice' });
    await a.request({ type: 'poll.vote', pollId: pollId!, choices: [0] });
    await b.request({ type: 'poll.vote', pollId: pollId!, choices: [0] });
    await b.request({ type: 'poll.vote', pollId: pollId!, choices: [2] });
    const live = await host.next('poll', (p) => p.poll.voters === 2 && p.poll.counts[2] === 1);
    expect(live.poll.counts).toEqual([1, 0, 1]);
    await host.request({ type: 'poll.close', pollId: pollId! });
    await a.next('poll', (p) => p.poll.status === 'closed', 5000, true);
    await expect(a.request({ type: 'poll.vote', pollId: pollId!, choices: [1] })).rejects.toMatchObject({ code: 'poll_closed' });
    const again = await enter(guru, id);
    expect(again.welcome.myPollChoices[String(pollId)]).toEqual([2]);
    await Promise.all([host.close(), a.close(), b.close(), again.close()]);
  });
});

describe('hands, speakers, attention', () => {
  it('shows raised hands to hosts; promotion and demotion reach the person; publishing needs promotion', async () => {
    const id = await webinar();
    const [host, a, b] = await Promise.all([enter(trainer, id), enter(asn, id), enter(guru, id)]);
    const hostHands = host.next('hands', (h) => h.hands.length === 1);
    await a.request({ type: 'hand.raise' });
    expect((await hostHands).hands[0]!.personId).toBe(a.welcome.me.personId);
    // Others do not see whose hand is up.
    expect((await b.next('hands', () => true, 5000, true)).hands).toEqual([]);
    // An attendee's offer never reaches Janus.
    await expect(b.request({ type: 'publish', jsep: { type: 'offer', sdp: 'v=0\r\n' }, source: 'camera', audio: true, video: true })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(b.request({ type: 'speaker.promote', personId: b.welcome.me.personId })).rejects.toMatchObject({ code: 'forbidden' });
    const role = a.next('role');
    await host.request({ type: 'speaker.promote', personId: a.welcome.me.personId });
    expect((await role).role).toBe('speaker');
    expect((await b.next('speakers', () => true, 5000, true)).speakers).toEqual([a.welcome.me.personId]);
    // Promoted: publishing passes the permission check (and fails only for want of Janus here).
    await expect(a.request({ type: 'publish', jsep: { type: 'offer', sdp: 'v=0\r\n' }, source: 'camera', audio: true, video: false })).rejects.toMatchObject({ code: 'live_video_unavailable' });
    const demoted = a.next('role', (r) => r.role === 'attendee');
    await host.request({ type: 'speaker.demote', personId: a.welcome.me.personId });
    await demoted;
    await expect(a.request({ type: 'publish', jsep: { type: 'offer', sdp: 'v=0\r\n' }, source: 'camera', audio: true, video: false })).rejects.toMatchObject({ code: 'forbidden' });
    // Someone not in the room cannot be promoted.
    const outsider = await t.db.selectFrom('people').select('id').where('username', '=', 'atasan').executeTakeFirstOrThrow();
    await expect(host.request({ type: 'speaker.promote', personId: outsider.id })).rejects.toMatchObject({ code: 'not_present' });
    await Promise.all([host.close(), a.close(), b.close()]);
  });

  it('runs an attention check: attendees get the prompt and acknowledge it in time', async () => {
    const id = await webinar();
    const [host, a] = await Promise.all([enter(trainer, id), enter(asn, id)]);
    const prompt = a.next('attention');
    const checkId = await host.request({ type: 'attention.start', prompt: 'Masih menyimak?', seconds: 30 });
    expect((await prompt).check).toMatchObject({ id: checkId, prompt: 'Masih menyimak?' });
    await a.request({ type: 'attention.ack', checkId: checkId! });
    await a.request({ type: 'attention.ack', checkId: checkId! });
    const acks = await t.db.selectFrom('webinar_attention_acks').selectAll().where('check_id', '=', checkId!).execute();
    expect(acks).toHaveLength(1);
    // An expired check cannot be acknowledged.
    await t.db.updateTable('webinar_attention_checks').set({ created_at: new Date(Date.now() - 120_000), expires_at: new Date(Date.now() - 60_000) }).where('id', '=', checkId!).execute();
    const b = await enter(guru, id);
    expect(b.welcome.attention).toBeNull();
    await expect(b.request({ type: 'attention.ack', checkId: checkId! })).rejects.toMatchObject({ code: 'too_late' });
    await Promise.all([host.close(), a.close(), b.close()]);
  });
});

describe('attendance', () => {
  it('records an interval per connection: leaving and rejoining makes two', async () => {
    const id = await webinar();
    const a = await enter(asn, id);
    const personId = a.welcome.me.personId;
    await a.close();
    await until('first closed', async () => (await intervals(id, personId))[0]?.left_at);
    const a2 = await enter(asn, id, { mode: 'audio-only' });
    await a2.close();
    const rows = await until('two closed', async () => {
      const r = await intervals(id, personId);
      return r.length === 2 && r.every((x) => x.left_at) && r;
    });
    expect(rows.map((r) => [r.close_reason, r.mode])).toEqual([
      ['left', 'web'],
      ['left', 'audio-only'],
    ]);
    expect(rows[1]!.joined_at.getTime()).toBeGreaterThanOrEqual(rows[0]!.left_at!.getTime());
  });

  it('closes the interval of a connection that stopped answering at its last heartbeat', async () => {
    const id = await webinar();
    const a = await enter(asn, id, { autoPong: false });
    const [row] = await until('closed by timeout', async () => {
      const r = await intervals(id, a.welcome.me.personId);
      return r[0]?.left_at && r;
    });
    expect(row!.close_reason).toBe('timeout');
    // It answered no heartbeat: it left when it joined (give or take the first beat).
    expect(row!.left_at!.getTime() - row!.joined_at.getTime()).toBeLessThan(1500);
    expect(await a.waitClosed()).not.toBe(1000);
  });

  it('ends the room: sockets are closed as ended and their intervals close', async () => {
    const id = await webinar();
    const [host, a] = await Promise.all([enter(trainer, id), enter(asn, id)]);
    await t.db.updateTable('webinars').set({ status: 'ended', ended_at: new Date() }).where('id', '=', id).execute();
    t.app.liveRooms.statusChanged(id, 'ended');
    expect(await a.waitClosed()).toBe(CLOSE.ended);
    expect(await host.waitClosed()).toBe(CLOSE.ended);
    const rows = await until('closed', async () => {
      const r = await intervals(id);
      return r.every((x) => x.left_at) && r;
    });
    expect(rows.map((r) => r.close_reason)).toEqual(['ended', 'ended']);
    const refused = await enter(asn, id).then(
      () => 101,
      (e: { status?: number }) => e.status,
    );
    expect(refused).toBe(409);
  });
});

describe('two app instances on one database', () => {
  it('carries room events from one instance to the sockets of another, and closes attendance when an instance stops', async () => {
    const id = await webinar();
    const db2 = createDb(t.config.DATABASE_URL, 3);
    const app2 = await buildApp({ config: t.config, db: db2, serveClient: false });
    try {
      const base2 = await app2.listen({ port: 0, host: '127.0.0.1' });
      const a = await enter(asn, id);
      const b = await RoomClient.connect(base2, id, guru.cookie!);
      const seen = b.next('chat', (m) => m.message.body === 'lintas server');
      await a.request({ type: 'chat.send', body: 'lintas server' });
      expect((await seen).message.body).toBe('lintas server');
      const back = a.next('question');
      await b.request({ type: 'question.ask', body: 'Dari server kedua?' });
      expect((await back).question.body).toBe('Dari server kedua?');
      // The second instance stops: its sockets are told to reconnect, their attendance closes.
      const closed = b.waitClosed();
      await app2.close();
      expect(await closed).toBe(CLOSE.restart);
      const [row] = await intervals(id, b.welcome.me.personId);
      expect(row!.close_reason).toBe('restart');
      await a.close();
    } finally {
      await app2.close().catch(() => {});
      await db2.destroy();
    }
  });
});
