// What the live room knows, rebuilt from each `welcome` and kept current by the server's events.
// Pure functions only (no DOM), so the unit tests run them in Node.
import type {
  AttentionV,
  ChatMessageV,
  FeedV,
  HandV,
  ParticipantV,
  PollV,
  QuestionV,
  Role,
  RoomEvent,
  RoomStatus,
  StreamV,
  Welcome,
} from '../../api/webinar-live.ts';

/** The newest chat messages kept on a page; older ones scroll away. */
export const CHAT_LIMIT = 500;

export interface RoomState {
  me: { personId: number; name: string; role: Role; handRaised: boolean };
  webinar: { id: number; title: string; status: RoomStatus; startsAt: string; endsAt: string };
  liveVideo: boolean;
  chat: ChatMessageV[];
  questions: QuestionV[];
  /** Questions this person upvoted. */
  myVotes: ReadonlySet<number>;
  polls: PollV[];
  /** Poll id → this person's choices. */
  myPollChoices: Readonly<Record<number, number[]>>;
  speakers: number[];
  feeds: FeedV[];
  /** Every raised hand for hosts; for others, only their own. */
  hands: HandV[];
  participantCount: number;
  /** Hosts only; null for everyone else. */
  participants: ParticipantV[] | null;
  attention: AttentionV | null;
}

export function fromWelcome(welcome: Welcome): RoomState {
  const myPollChoices: Record<number, number[]> = {};
  for (const [pollId, choices] of Object.entries(welcome.myPollChoices)) myPollChoices[Number(pollId)] = choices;
  return {
    me: { ...welcome.me },
    webinar: { ...welcome.webinar },
    liveVideo: welcome.liveVideo,
    chat: welcome.chat.slice(-CHAT_LIMIT),
    questions: welcome.questions,
    myVotes: new Set(welcome.myVotes),
    polls: welcome.polls,
    myPollChoices,
    speakers: welcome.speakers,
    feeds: welcome.feeds,
    hands: welcome.hands,
    participantCount: welcome.participantCount,
    participants: welcome.me.role === 'host' ? (welcome.participants ?? []) : null,
    attention: welcome.attention,
  };
}

function upsert<T extends { id: number }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

/**
 * The state after one event. Events that only concern media (`publish.answer`, `unpublished`,
 * `subscribe.offer`, `muted`) and `pong` leave it as it is.
 */
export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  switch (event.type) {
    case 'status':
      return { ...state, webinar: { ...state.webinar, status: event.status } };
    case 'chat': {
      const chat = upsert(state.chat, event.message);
      return { ...state, chat: chat.length > CHAT_LIMIT ? chat.slice(-CHAT_LIMIT) : chat };
    }
    case 'chat.removed':
      return { ...state, chat: state.chat.map((m) => (m.id === event.messageId ? { ...m, removed: true } : m)) };
    case 'question':
      return { ...state, questions: upsert(state.questions, event.question) };
    case 'poll':
      return { ...state, polls: upsert(state.polls, event.poll) };
    case 'hands':
      return { ...state, hands: event.hands, me: { ...state.me, handRaised: event.hands.some((h) => h.personId === state.me.personId) } };
    case 'role': {
      // Only hosts get the participant list; one who stops being a host loses it.
      const participants = event.role === 'host' ? (state.participants ?? []) : null;
      return { ...state, me: { ...state.me, role: event.role }, participants };
    }
    case 'speakers':
      return { ...state, speakers: event.speakers };
    case 'feeds':
      return { ...state, feeds: event.feeds };
    case 'participants':
      return {
        ...state,
        participantCount: event.count,
        participants: state.me.role === 'host' ? (event.participants ?? state.participants ?? []) : null,
      };
    case 'attention':
      return { ...state, attention: event.check };
    case 'muted':
    case 'publish.answer':
    case 'unpublished':
    case 'subscribe.offer':
    case 'pong':
      return state;
  }
}

/** After the server acknowledged `question.vote`. */
export function withMyVote(state: RoomState, questionId: number, up: boolean): RoomState {
  const myVotes = new Set(state.myVotes);
  if (up) myVotes.add(questionId);
  else myVotes.delete(questionId);
  return { ...state, myVotes };
}

/** After the server acknowledged `poll.vote`. */
export function withMyPollChoices(state: RoomState, pollId: number, choices: number[]): RoomState {
  return { ...state, myPollChoices: { ...state.myPollChoices, [pollId]: choices } };
}

const questionOrder: Record<QuestionV['status'], number> = { open: 0, answered: 1, dismissed: 2 };

/** Open questions first, most votes first, then the oldest first; answered and dismissed after. */
export function sortQuestions(questions: readonly QuestionV[]): QuestionV[] {
  return [...questions].sort(
    (a, b) => questionOrder[a.status] - questionOrder[b.status] || b.votes - a.votes || a.at.localeCompare(b.at) || a.id - b.id,
  );
}

/** Open polls first, the newest first. */
export function sortPolls(polls: readonly PollV[]): PollV[] {
  return [...polls].sort((a, b) => (a.status === b.status ? b.at.localeCompare(a.at) || b.id - a.id : a.status === 'open' ? -1 : 1));
}

/** Each option's share of all choices, as whole percentages (0 when nobody has voted). */
export function pollPercentages(poll: PollV): number[] {
  const total = poll.counts.reduce((sum, n) => sum + n, 0);
  return poll.options.map((_, i) => (total === 0 ? 0 : Math.round(((poll.counts[i] ?? 0) / total) * 100)));
}

const roleOrder: Record<Role, number> = { host: 0, speaker: 1, attendee: 2 };

export interface ParticipantRow extends ParticipantV {
  /** When the hand went up, or null. */
  handAt: string | null;
}

/** Raised hands first (longest waiting first), then hosts, speakers and attendees by name. */
export function sortParticipants(participants: readonly ParticipantV[], hands: readonly HandV[]): ParticipantRow[] {
  const handAt = new Map(hands.map((h) => [h.personId, h.at]));
  return participants
    .map((p) => ({ ...p, handAt: handAt.get(p.personId) ?? null }))
    .sort((a, b) => {
      if (a.handAt && b.handAt) return a.handAt.localeCompare(b.handAt);
      if (a.handAt || b.handAt) return a.handAt ? -1 : 1;
      return roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name);
    });
}

/**
 * The feed the stage shows: a shared screen wins over cameras; among cameras, someone else's
 * wins over one's own (which the page shows as a small preview anyway).
 */
export function pickMainFeed(feeds: readonly FeedV[], myPersonId: number | null): FeedV | null {
  const withVideo = feeds.filter((f) => f.video);
  return (
    withVideo.find((f) => f.source === 'screen' && f.personId !== myPersonId) ??
    withVideo.find((f) => f.source === 'screen') ??
    withVideo.find((f) => f.personId !== myPersonId) ??
    withVideo[0] ??
    null
  );
}

/** The mid carrying a feed's audio or video in the subscription, if the server sent one. */
export function midFor(streams: readonly StreamV[], feedId: number, kind: StreamV['kind']): string | null {
  return streams.find((s) => s.feedId === feedId && s.kind === kind)?.mid ?? null;
}

/** Whether an attention check still waits for an answer at `now` (ms since the epoch). */
export function attentionOpen(check: AttentionV | null, now: number): boolean {
  return !!check && Date.parse(check.expiresAt) > now;
}
