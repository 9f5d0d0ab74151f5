import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CLOSE, type ClientMessage, type RoomEvent, type ServerMessage, type Welcome } from '../../api/webinar-live.ts';
import { applyEvent, fromWelcome, withMyPollChoices, withMyVote, type RoomState } from './room-state.ts';

/** The part of WebSocket the connection uses (a fake stands in for it in unit tests). */
export interface RoomSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/**
 * connecting: the first connection, before any welcome; open: welcomed; reconnecting: the
 * connection dropped and is being tried again; closed: it will not be tried again (see `closed`).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why the room stopped for good: the webinar ended; the server refused this person (not
 * registered, cancelled…); the room was opened in another tab or device; the page was left.
 */
export type ClosedReason = 'ended' | 'refused' | 'replaced' | 'left';

/** A request the server refused (its code and message) or that never got an answer. */
export class RoomError extends Error {
  override readonly name = 'RoomError';
  /** The server's error code, or `disconnected` / `timeout` from this side. */
  readonly code: string;

  constructor(code: string, message = '') {
    super(message);
    this.code = code;
  }
}

/** Why a room that could not be entered will not be tried again. */
export interface RoomVerdict {
  reason: 'ended' | 'refused';
  /** Plain words for the person, when there is more to say than the reason. */
  message?: string;
}

export interface RoomConnectionOptions {
  /** Opens a new socket to the room. */
  open: () => RoomSocket;
  /**
   * Asked when a socket closes without ever opening: the server refuses before the upgrade
   * (401/403/404/409), which a browser only sees as a failed connection. A verdict stops the
   * reconnection; null means the network or server is at fault, so it is tried again.
   */
  diagnose?: () => Promise<RoomVerdict | null>;
  /** Reconnection delays in ms, the last one repeating; each gets ±20 % jitter. */
  backoff?: readonly number[];
  /** How long a request waits for its ack or error. */
  requestTimeoutMs?: number;
  /** How often to ping; a silence of 2.5 times this counts as a lost connection. */
  pingEveryMs?: number;
  random?: () => number;
}

const OPEN = 1;
const DEFAULT_BACKOFF = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

interface Pending {
  resolve: (ack: { id?: number }) => void;
  reject: (error: RoomError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The room's one WebSocket: it sends requests with a `rid` (resolved by `ack`, rejected by
 * `error`), keeps `state` current from the server's events and reconnects by itself after a
 * network blip, taking the whole state from the new `welcome` so nothing is missed meanwhile.
 * It does not reconnect when the webinar ended, the server refused, or another tab took over.
 *
 * Events: `change` whenever status or state changed; `message` (CustomEvent<ServerMessage>)
 * for every server message after it was applied, so media can follow `welcome`, offers and
 * answers. As a Lit controller it connects and closes with its host.
 */
export class RoomConnection extends EventTarget implements ReactiveController {
  status: ConnectionStatus = 'connecting';
  closed: ClosedReason | null = null;
  /** The server's words when it refused (the close frame's reason), if any. */
  closedMessage = '';
  /** Null until the first welcome. */
  state: RoomState | null = null;
  /** Failed connection attempts since the last welcome. */
  failures = 0;

  private socket: RoomSocket | null = null;
  /** Whether the current socket opened (a refusal before the upgrade never does). */
  private opened = false;
  /** Bumped whenever a socket is given up, so a late diagnosis of an older one is ignored. */
  private attempt = 0;
  private pending = new Map<string, Pending>();
  private ridSeq = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHeard = 0;
  private stopped = false;
  private readonly backoff: readonly number[];
  private readonly requestTimeoutMs: number;
  private readonly pingEveryMs: number;
  private readonly random: () => number;

  constructor(
    private readonly host: ReactiveControllerHost | null,
    private readonly options: RoomConnectionOptions,
  ) {
    super();
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.pingEveryMs = options.pingEveryMs ?? 20_000;
    this.random = options.random ?? Math.random;
    host?.addController(this);
  }

  hostConnected(): void {
    this.connect();
  }

  hostDisconnected(): void {
    this.close('left');
  }

  /** Opens the socket (again). Also ends a wait between attempts, e.g. when the device is back online. */
  connect(): void {
    if (this.closed === 'left') this.closed = null;
    if (this.closed) return;
    this.stopped = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.socket) return;
    let socket: RoomSocket;
    try {
      socket = this.options.open();
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.opened = false;
    this.attempt++;
    // A connection that hangs (a network that drops packets silently) is given up and tried again.
    clearTimeout(this.welcomeTimer);
    this.welcomeTimer = setTimeout(() => {
      if (this.socket === socket && this.status !== 'open') this.abandon(socket);
    }, this.requestTimeoutMs);
    socket.onopen = () => {
      this.opened = true;
      this.lastHeard = Date.now();
      this.startPing();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      this.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.onClosed(event.code, event.reason);
    };
    // A failed connection is always followed by close; that is where it is handled.
    socket.onerror = () => {};
  }

  /** Takes the room over again after another tab or device had taken it (close code 4009). */
  takeOver(): void {
    if (this.closed !== 'replaced') return;
    this.closed = null;
    this.status = 'connecting';
    this.changed();
    this.connect();
  }

  /** Drops the connection and connects again at once (media that failed on its own). */
  restart(): void {
    const socket = this.socket;
    if (this.closed || !socket) return this.connect();
    this.failures = 0;
    this.detach(socket, 4002);
    this.socket = null;
    this.stopPing();
    clearTimeout(this.welcomeTimer);
    this.failPending('disconnected');
    this.status = 'reconnecting';
    this.changed();
    this.connect();
  }

  /** Stops for good (the page is left), or with another reason the page knows of. */
  close(reason: ClosedReason = 'left'): void {
    this.stopped = true;
    this.closed = reason;
    if (reason !== 'left') this.status = 'closed';
    clearTimeout(this.retryTimer);
    clearTimeout(this.welcomeTimer);
    this.stopPing();
    const socket = this.socket;
    this.socket = null;
    this.failPending('disconnected');
    if (socket) this.detach(socket, 1000);
    if (reason !== 'left') this.changed();
  }

  /** Sends a message without waiting for an answer. False when the room is not connected. */
  send(message: ClientMessage): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.status !== 'open') return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /** Sends a message with a `rid`; resolves with the ack, rejects with a RoomError. */
  request(message: ClientMessage, timeoutMs = this.requestTimeoutMs): Promise<{ id?: number }> {
    const rid = `r${++this.ridSeq}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ ...message, rid })) {
        reject(new RoomError('disconnected'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new RoomError('timeout'));
      }, timeoutMs);
      this.pending.set(rid, { resolve, reject, timer });
    });
  }

  /** Upvotes or takes back an upvote; remembers it once the server has it. */
  async vote(questionId: number, up: boolean): Promise<void> {
    await this.request({ type: 'question.vote', questionId, up });
    if (this.state) this.setState(withMyVote(this.state, questionId, up));
  }

  /** Votes in a poll; remembers the choices once the server has them. */
  async votePoll(pollId: number, choices: number[]): Promise<void> {
    await this.request({ type: 'poll.vote', pollId, choices });
    if (this.state) this.setState(withMyPollChoices(this.state, pollId, choices));
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    switch (message.type) {
      case 'ack':
        this.settle(message.rid, (p) => p.resolve(message.id === undefined ? {} : { id: message.id }));
        break;
      case 'error':
        if (message.rid && this.pending.has(message.rid)) {
          this.settle(message.rid, (p) => p.reject(new RoomError(message.code, message.message)));
          return;
        }
        break;
      case 'welcome':
        this.onWelcome(message);
        break;
      default:
        // Events before the first welcome of a connection describe a state not yet known.
        if (!this.state || this.status !== 'open') return;
        this.state = applyEvent(this.state, message as RoomEvent);
        if (message.type === 'status' && (message.status === 'ended' || message.status === 'cancelled')) this.stopped = true;
        this.changed();
    }
    this.dispatchEvent(new CustomEvent<ServerMessage>('message', { detail: message }));
  }

  private onWelcome(welcome: Welcome): void {
    clearTimeout(this.welcomeTimer);
    this.state = fromWelcome(welcome);
    this.status = 'open';
    this.failures = 0;
    const over = welcome.webinar.status === 'ended' || welcome.webinar.status === 'cancelled';
    this.stopped = over;
    this.changed();
  }

  private settle(rid: string, run: (pending: Pending) => void): void {
    const pending = this.pending.get(rid);
    if (!pending) return;
    this.pending.delete(rid);
    clearTimeout(pending.timer);
    run(pending);
  }

  private failPending(code: string): void {
    for (const [rid, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(rid);
      pending.reject(new RoomError(code));
    }
  }

  private onClosed(code: number, reason: string): void {
    const neverOpened = !this.opened;
    this.socket = null;
    this.stopPing();
    clearTimeout(this.welcomeTimer);
    this.failPending('disconnected');
    if (code === CLOSE.ended) return this.finish('ended');
    if (code === CLOSE.refused) {
      this.closedMessage = reason;
      return this.finish('refused');
    }
    // Reconnecting here would throw out the newer tab, which would do the same: stay closed.
    if (code === CLOSE.replaced) return this.finish('replaced');
    if (this.stopped) {
      // The webinar was over (a status event said so) and the server closed without a code.
      const status = this.state?.webinar.status;
      return this.finish(status === 'cancelled' ? 'refused' : 'ended');
    }
    this.failures++;
    this.status = 'reconnecting';
    this.changed();
    if (neverOpened && this.options.diagnose) return void this.diagnoseThenRetry(this.options.diagnose);
    this.scheduleRetry(code === CLOSE.restart);
  }

  private async diagnoseThenRetry(diagnose: () => Promise<RoomVerdict | null>): Promise<void> {
    const attempt = this.attempt;
    let verdict: RoomVerdict | null = null;
    try {
      verdict = await diagnose();
    } catch {
      verdict = null;
    }
    // Meanwhile the page was left, or a new attempt started (the device came back online).
    if (attempt !== this.attempt || this.closed || this.socket) return;
    if (verdict) {
      this.closedMessage = verdict.message ?? '';
      return this.finish(verdict.reason);
    }
    this.scheduleRetry();
  }

  private finish(reason: ClosedReason): void {
    this.closed = reason;
    this.status = 'closed';
    if (reason === 'ended' && this.state && this.state.webinar.status !== 'cancelled') {
      this.state = { ...this.state, webinar: { ...this.state.webinar, status: 'ended' } };
    }
    this.changed();
  }

  private scheduleRetry(soon = false): void {
    if (this.stopped || this.closed) return;
    clearTimeout(this.retryTimer);
    const step = Math.max(0, Math.min(this.failures - 1, this.backoff.length - 1));
    const base = this.backoff[step] ?? 1_000;
    // After a server restart everyone comes back at once: spread them over the first step.
    const delay = Math.round(soon ? base * this.random() : base * (0.8 + 0.4 * this.random()));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  // Browsers notice a dead connection late (minutes, on a phone that changed networks): a ping
  // that goes unanswered ends it sooner, so the reconnection starts.
  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      if (Date.now() - this.lastHeard > this.pingEveryMs * 2.5) return this.abandon(socket);
      if (socket.readyState === OPEN) socket.send(JSON.stringify({ type: 'ping' } satisfies ClientMessage));
    }, this.pingEveryMs);
  }

  /** Gives up on a socket that went silent and reconnects without waiting for its close. */
  private abandon(socket: RoomSocket): void {
    this.detach(socket, 4001);
    this.onClosed(1006, '');
  }

  private detach(socket: RoomSocket, code: number): void {
    socket.onclose = null;
    socket.onmessage = null;
    socket.onopen = null;
    try {
      socket.close(code);
    } catch {
      // Already closing.
    }
  }

  private stopPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private setState(state: RoomState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
    this.host?.requestUpdate();
  }
}
