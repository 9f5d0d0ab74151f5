import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedV, ServerMessage, Welcome } from '../../client/api/webinar-live.ts';
import { RoomConnection, RoomError, type RoomSocket, type RoomVerdict } from '../../client/pages/webinar-live/room-connection.ts';
import {
  applyEvent,
  fromWelcome,
  pickMainFeed,
  pollPercentages,
  sortParticipants,
  sortQuestions,
  type RoomState,
} from '../../client/pages/webinar-live/room-state.ts';

const at = (minute: number) => `2025-05-03T02:${String(minute).padStart(2, '0')}:00.000Z`;

function welcome(overrides: Partial<Welcome> = {}): Welcome {
  return {
    type: 'welcome',
    me: { personId: 7, name: 'Sari', role: 'attendee', handRaised: false },
    webinar: { id: 3, title: 'Pelayanan prima', status: 'live', startsAt: at(0), endsAt: at(59) },
    liveVideo: true,
    iceServers: [],
    chat: [{ id: 1, personId: 8, name: 'Budi', body: 'Halo', at: at(1), removed: false }],
    questions: [],
    myVotes: [],
    polls: [],
    myPollChoices: {},
    speakers: [],
    feeds: [],
    hands: [],
    participantCount: 2,
    attention: null,
    ...overrides,
  };
}

describe('room state', () => {
  let state: RoomState;
  beforeEach(() => {
    state = fromWelcome(welcome({ myVotes: [5], myPollChoices: { '9': [1] } }));
  });

  it('takes votes and poll choices from the welcome', () => {
    expect(state.myVotes.has(5)).toBe(true);
    expect(state.myPollChoices[9]).toEqual([1]);
    expect(state.participants).toBeNull();
  });

  it('adds a chat message once, even when it arrives twice, and marks a removed one', () => {
    const message = { id: 2, personId: 7, name: 'Sari', body: 'Siap', at: at(2), removed: false };
    state = applyEvent(applyEvent(state, { type: 'chat', message }), { type: 'chat', message });
    expect(state.chat.map((m) => m.id)).toEqual([1, 2]);
    state = applyEvent(state, { type: 'chat.removed', messageId: 1 });
    expect(state.chat[0]?.removed).toBe(true);
  });

  it('replaces a question by id and sorts open ones by votes, answered and dismissed after', () => {
    const q = (id: number, votes: number, status: 'open' | 'answered' | 'dismissed' = 'open') => ({
      id,
      personId: 8,
      name: 'Budi',
      body: `Q${id}`,
      anonymous: false,
      status,
      votes,
      at: at(id),
    });
    for (const question of [q(1, 1), q(2, 4), q(3, 9, 'answered'), q(4, 4)]) state = applyEvent(state, { type: 'question', question });
    state = applyEvent(state, { type: 'question', question: q(1, 6) });
    expect(sortQuestions(state.questions).map((x) => x.id)).toEqual([1, 2, 4, 3]);
  });

  it('knows my hand is up from the hands list', () => {
    state = applyEvent(state, { type: 'hands', hands: [{ personId: 7, name: 'Sari', at: at(3) }] });
    expect(state.me.handRaised).toBe(true);
    state = applyEvent(state, { type: 'hands', hands: [] });
    expect(state.me.handRaised).toBe(false);
  });

  it('keeps the participant list for hosts only', () => {
    let host = fromWelcome(
      welcome({
        me: { personId: 7, name: 'Sari', role: 'host', handRaised: false },
        participants: [{ personId: 7, name: 'Sari', role: 'host', connections: 1, mode: 'web' }],
      }),
    );
    host = applyEvent(host, { type: 'participants', count: 5, participants: [] });
    expect(host.participantCount).toBe(5);
    expect(host.participants).toEqual([]);
    state = applyEvent(state, { type: 'participants', count: 4, participants: [] });
    expect(state.participants).toBeNull();
    expect(applyEvent(host, { type: 'role', role: 'attendee' }).participants).toBeNull();
  });

  it('lists raised hands first, longest waiting first, then by role and name', () => {
    const p = (personId: number, name: string, role: 'host' | 'speaker' | 'attendee') => ({ personId, name, role, connections: 1, mode: 'web' });
    const rows = sortParticipants([p(1, 'Ani', 'attendee'), p(2, 'Bayu', 'host'), p(3, 'Citra', 'attendee'), p(4, 'Dewi', 'speaker'), p(5, 'Eko', 'attendee')], [
      { personId: 5, name: 'Eko', at: at(9) },
      { personId: 3, name: 'Citra', at: at(4) },
    ]);
    expect(rows.map((r) => r.personId)).toEqual([3, 5, 2, 4, 1]);
  });

  it('shows a shared screen before cameras, and someone else’s camera before my own', () => {
    const feed = (feedId: number, personId: number, source: 'camera' | 'screen', video = true): FeedV => ({ feedId, personId, name: `P${personId}`, source, audio: true, video });
    expect(pickMainFeed([feed(1, 7, 'camera'), feed(2, 8, 'camera')], 7)?.feedId).toBe(2);
    expect(pickMainFeed([feed(1, 8, 'camera'), feed(2, 9, 'screen')], 7)?.feedId).toBe(2);
    expect(pickMainFeed([feed(1, 7, 'camera')], 7)?.feedId).toBe(1);
    expect(pickMainFeed([feed(1, 8, 'camera', false)], 7)).toBeNull();
  });

  it('gives each poll option its share in whole percent', () => {
    const poll = { id: 1, question: 'Q', options: ['a', 'b', 'c'], multiple: false, status: 'open' as const, counts: [1, 1, 2], voters: 4, at: at(1) };
    expect(pollPercentages(poll)).toEqual([25, 25, 50]);
    expect(pollPercentages({ ...poll, counts: [0, 0, 0] })).toEqual([0, 0, 0]);
  });
});

/** A socket the test drives: it opens, delivers server messages and closes on demand. */
class FakeSocket implements RoomSocket {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

describe('RoomConnection', () => {
  let sockets: FakeSocket[];
  let diagnose: () => Promise<RoomVerdict | null>;

  const connect = () => {
    const room = new RoomConnection(null, {
      open: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
      diagnose: () => diagnose(),
      backoff: [1_000, 2_000],
      random: () => 0.5,
    });
    room.connect();
    return room;
  };
  const last = () => sockets[sockets.length - 1]!;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    diagnose = async () => null;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves a request on its ack and rejects it on its error', async () => {
    const room = connect();
    last().open();
    last().receive(welcome());
    const sent = room.request({ type: 'chat.send', body: 'Halo' });
    const rid = last().sent.at(-1)?.rid as string;
    last().receive({ type: 'ack', rid, id: 12 });
    await expect(sent).resolves.toEqual({ id: 12 });

    const refused = room.request({ type: 'poll.close', pollId: 1 });
    last().receive({ type: 'error', rid: last().sent.at(-1)?.rid as string, code: 'forbidden', message: 'Hanya penyelenggara.' });
    await expect(refused).rejects.toMatchObject({ code: 'forbidden', message: 'Hanya penyelenggara.' });
  });

  it('refuses to send before the welcome, and fails requests in flight when the connection drops', async () => {
    const room = connect();
    last().open();
    await expect(room.request({ type: 'hand.raise' })).rejects.toBeInstanceOf(RoomError);
    last().receive(welcome());
    const pending = room.request({ type: 'hand.raise' });
    last().drop();
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('reconnects after a blip and takes the whole state from the new welcome', async () => {
    const room = connect();
    last().open();
    last().receive(welcome());
    last().drop(1006);
    expect(room.status).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    last().open();
    // Said while this page was away: only the new welcome knows.
    last().receive(welcome({ chat: [...welcome().chat, { id: 2, personId: 8, name: 'Budi', body: 'Sudah mulai', at: at(5), removed: false }] }));
    expect(room.status).toBe('open');
    expect(room.state?.chat.map((m) => m.id)).toEqual([1, 2]);
  });

  it('stays closed when the webinar ended, the server refused or another tab took over', async () => {
    for (const [code, reason] of [
      [4000, 'ended'],
      [4003, 'refused'],
      [4009, 'replaced'],
    ] as const) {
      sockets = [];
      const room = connect();
      last().open();
      last().receive(welcome());
      last().drop(code);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
      expect(room.status).toBe('closed');
      expect(room.closed).toBe(reason);
    }
  });

  it('reconnects at once when the server restarts', async () => {
    connect();
    last().open();
    last().receive(welcome());
    last().drop(4010);
    await vi.advanceTimersByTimeAsync(600);
    expect(sockets).toHaveLength(2);
  });

  it('asks why when a socket never opens, and stops on a verdict', async () => {
    let asked = 0;
    diagnose = async () => (++asked === 1 ? null : { reason: 'refused', message: 'Daftar dulu.' });
    const room = connect();
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(2);
    expect(room.closed).toBe('refused');
    expect(room.closedMessage).toBe('Daftar dulu.');
  });

  it('gives up on a connection that goes silent and connects again', async () => {
    const room = connect();
    last().open();
    last().receive(welcome());
    await vi.advanceTimersByTimeAsync(62_000);
    expect(sockets[0]?.sent.some((m) => m.type === 'ping')).toBe(true);
    expect(sockets[0]?.closedWith).not.toBeNull();
    expect(sockets.length).toBeGreaterThan(1);
    expect(room.status).toBe('reconnecting');
  });

  it('applies events only after the welcome', () => {
    const room = connect();
    last().open();
    last().receive({ type: 'status', status: 'ended' });
    expect(room.state).toBeNull();
    last().receive(welcome());
    last().receive({ type: 'speakers', speakers: [8] });
    expect(room.state?.speakers).toEqual([8]);
  });
});
