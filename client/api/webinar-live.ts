// The live room's WebSocket. Types come from the server's protocol (type-only: nothing of the
// server reaches the bundle); see server/webinars/live/protocol.ts for what each message means.
import type * as P from '../../server/webinars/live/protocol.ts';

export type {
  AttentionV,
  ChatMessageV,
  FeedV,
  HandV,
  ParticipantV,
  PollV,
  QuestionV,
  Role,
  RoomStatus,
  ServerMessage,
  StreamV,
} from '../../server/webinars/live/protocol.ts';

/** A message the browser may send. */
export type ClientMessage = P.ClientMessageT;
export type Welcome = Extract<P.ServerMessage, { type: 'welcome' }>;
/** A server message that is neither an answer to a request nor the welcome. */
export type RoomEvent = Exclude<P.ServerMessage, { type: 'welcome' | 'ack' | 'error' }>;
export type Source = 'camera' | 'screen';

/** The room's close codes, the same numbers as the server's `CLOSE` (the type checks it). */
export const CLOSE: typeof P.CLOSE = { ended: 4000, refused: 4003, replaced: 4009, restart: 4010 };

/** `audio-only` for a weak connection: no video is sent to this participant. */
export type LiveMode = 'full' | 'audio-only';

/** ws(s)://<this host>/api/webinars/:id/live, with ?mode=audio-only when asked. */
export function liveRoomUrl(webinarId: number, mode: LiveMode, base: { protocol: string; host: string } = location): string {
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = mode === 'audio-only' ? '?mode=audio-only' : '';
  return `${scheme}//${base.host}/api/webinars/${webinarId}/live${query}`;
}

/** Opens the room's socket; the session cookie goes with it like any same-origin request. */
export function openLiveRoom(webinarId: number, mode: LiveMode): WebSocket {
  return new WebSocket(liveRoomUrl(webinarId, mode));
}
