/**
 * The live room's WebSocket protocol (`GET /api/webinars/:id/live`). JSON text frames, one
 * message each, with a `type`. What a browser sends is checked against `ClientMessage`; a
 * message that carries `rid` (any string the client picks) is answered by `ack` or `error`
 * with the same `rid`. Everything else the server sends is an event.
 *
 * Media: the browser's RTCPeerConnections talk to Janus through this socket only. A host or
 * promoted speaker sends `publish` with an SDP offer and gets `publish.answer`; every
 * participant sends `subscribe` and answers each `subscribe.offer` (the first, and one at every
 * change of feeds) with `subscribe.answer`. ICE candidates go up with `trickle`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { IceServerV } from './ice.ts';

const Rid = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));
const Id = Type.Integer({ minimum: 1 });
const Jsep = Type.Object({ type: Type.Union([Type.Literal('offer'), Type.Literal('answer')]), sdp: Type.String({ minLength: 1, maxLength: 100_000 }) });
export const Source = Type.Union([Type.Literal('camera'), Type.Literal('screen')]);
const Candidate = Type.Union([
  Type.Null(),
  Type.Object({
    candidate: Type.String({ maxLength: 1000 }),
    sdpMid: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    sdpMLineIndex: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 64 }), Type.Null()])),
    usernameFragment: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  }),
]);

const msg = <T extends string, P extends Record<string, import('@sinclair/typebox').TSchema>>(type: T, props: P) =>
  Type.Object({ type: Type.Literal(type), rid: Rid, ...props }, { additionalProperties: false });

export const ClientMessage = Type.Union([
  // Chat
  msg('chat.send', { body: Type.String({ minLength: 1, maxLength: 1000 }) }),
  msg('chat.remove', { messageId: Id }),
  // Q&A
  msg('question.ask', { body: Type.String({ minLength: 1, maxLength: 500 }), anonymous: Type.Optional(Type.Boolean()) }),
  msg('question.vote', { questionId: Id, up: Type.Boolean() }),
  msg('question.decide', { questionId: Id, status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('dismissed')]) }),
  // Polls
  msg('poll.create', {
    question: Type.String({ minLength: 1, maxLength: 300 }),
    options: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { minItems: 2, maxItems: 10 }),
    multiple: Type.Optional(Type.Boolean()),
  }),
  msg('poll.vote', { pollId: Id, choices: Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { minItems: 1, maxItems: 10 }) }),
  msg('poll.close', { pollId: Id }),
  // Hands, speakers, moderation
  msg('hand.raise', {}),
  msg('hand.lower', { personId: Type.Optional(Id) }),
  msg('speaker.promote', { personId: Id }),
  msg('speaker.demote', { personId: Id }),
  msg('mute', { personId: Id }),
  // Attention checks
  msg('attention.start', { prompt: Type.String({ minLength: 1, maxLength: 200 }), seconds: Type.Integer({ minimum: 10, maximum: 600 }) }),
  msg('attention.ack', { checkId: Id }),
  // Media
  msg('publish', { jsep: Jsep, source: Source, audio: Type.Boolean(), video: Type.Boolean() }),
  msg('source', { source: Source }),
  msg('unpublish', {}),
  msg('subscribe', { audioOnly: Type.Optional(Type.Boolean()) }),
  msg('subscribe.answer', { jsep: Jsep }),
  msg('trickle', { pc: Type.Union([Type.Literal('publisher'), Type.Literal('subscriber')]), candidate: Candidate }),
  msg('ping', {}),
]);
export type ClientMessageT = Static<typeof ClientMessage>;
export type ClientMessageType = ClientMessageT['type'];

/** Messages only hosts (owner, co-hosts, admins) may send. */
export const HOST_ONLY: ReadonlySet<ClientMessageType> = new Set(['chat.remove', 'question.decide', 'poll.create', 'poll.close', 'speaker.promote', 'speaker.demote', 'mute', 'attention.start']);

// ---- What the server sends ----

export type Role = 'host' | 'speaker' | 'attendee';
export type RoomStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface ChatMessageV {
  id: number;
  personId: number;
  name: string;
  body: string;
  at: string;
  removed: boolean;
}

export interface QuestionV {
  id: number;
  /** Null when asked anonymously (hosts still get it). */
  personId: number | null;
  name: string | null;
  body: string;
  anonymous: boolean;
  status: 'open' | 'answered' | 'dismissed';
  votes: number;
  at: string;
}

export interface PollV {
  id: number;
  question: string;
  options: string[];
  multiple: boolean;
  status: 'open' | 'closed';
  /** Votes per option, in the order of options. */
  counts: number[];
  voters: number;
  at: string;
}

export interface HandV {
  personId: number;
  name: string;
  at: string;
}

export interface FeedV {
  /** Janus's publisher id. */
  feedId: number;
  personId: number;
  name: string;
  source: 'camera' | 'screen';
  audio: boolean;
  video: boolean;
}

export interface ParticipantV {
  personId: number;
  name: string;
  role: Role;
  /** Open connections (tabs, devices). */
  connections: number;
  mode: string;
}

export interface AttentionV {
  id: number;
  prompt: string;
  expiresAt: string;
}

export interface StreamV {
  mid: string;
  feedId: number;
  personId: number;
  kind: 'audio' | 'video';
}

export type ServerMessage =
  | {
      type: 'welcome';
      me: { personId: number; name: string; role: Role; handRaised: boolean };
      webinar: { id: number; title: string; status: RoomStatus; startsAt: string; endsAt: string };
      liveVideo: boolean;
      /** STUN/TURN servers for this person's PeerConnections (TURN credentials their own, for some hours). */
      iceServers: IceServerV[];
      chat: ChatMessageV[];
      questions: QuestionV[];
      /** Questions this person upvoted. */
      myVotes: number[];
      polls: PollV[];
      /** Poll id → this person's choices. */
      myPollChoices: Record<string, number[]>;
      speakers: number[];
      feeds: FeedV[];
      /** All raised hands for hosts; for others, only their own. */
      hands: HandV[];
      participantCount: number;
      /** Hosts only. */
      participants?: ParticipantV[];
      attention: AttentionV | null;
    }
  | { type: 'ack'; rid: string; id?: number }
  | { type: 'error'; rid?: string; code: string; message: string }
  | { type: 'status'; status: RoomStatus }
  | { type: 'chat'; message: ChatMessageV }
  | { type: 'chat.removed'; messageId: number }
  | { type: 'question'; question: QuestionV }
  | { type: 'poll'; poll: PollV }
  | { type: 'hands'; hands: HandV[] }
  | { type: 'role'; role: Role }
  | { type: 'speakers'; speakers: number[] }
  | { type: 'feeds'; feeds: FeedV[] }
  | { type: 'participants'; count: number; participants?: ParticipantV[] }
  | { type: 'muted'; by: string }
  | { type: 'attention'; check: AttentionV }
  | { type: 'publish.answer'; jsep: { type: 'answer'; sdp: string } }
  | { type: 'unpublished' }
  | { type: 'subscribe.offer'; jsep: { type: 'offer'; sdp: string }; streams: StreamV[] }
  | { type: 'pong' };

/** WebSocket close codes the room uses (4000–4999 are the application's). */
export const CLOSE = {
  /** The webinar ended: do not reconnect. */
  ended: 4000,
  /** Refused: not registered, not signed in, webinar cancelled. Do not reconnect. */
  refused: 4003,
  /** The same person opened too many connections; the oldest goes. */
  replaced: 4009,
  /** The server is going down: reconnect. */
  restart: 4010,
} as const;
