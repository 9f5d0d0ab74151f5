/**
 * A small client for the Janus API over its WebSocket transport: sessions, plugin handles,
 * keepalives, and requests matched to their answers by transaction. Sinau is Janus's only
 * API client; browsers never talk to Janus.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';

/** One message of the Janus API, as sent or received. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number } & Record<string, unknown>;
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: unknown;
  error?: { code: number; reason: string };
  [key: string]: unknown;
}

/** Janus answered with an error (a core error, e.g. 458 no such session, or a plugin's error_code). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`Janus error ${code}: ${reason}`);
  }
}

/** Janus could not be reached, or the connection was lost before it answered. */
export class JanusUnavailable extends Error {}

/** Core error codes this code acts on. */
export const JANUS_ERRORS = { unauthorized: 403, sessionNotFound: 458, handleNotFound: 459 } as const;

const KEEPALIVE_MS = 25_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface Pending {
  resolve: (m: JanusMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** Keepalives and trickles are answered by an ack alone; plugin messages by success or an event. */
  ackOnly: boolean;
}

export interface ConnectOptions {
  /** Janus's api_secret, when it has one; sent with every request. */
  apiSecret?: string;
  timeoutMs?: number;
}

/**
 * One WebSocket to one Janus. Emits 'close' once when the socket goes away; every request in
 * flight then fails with JanusUnavailable and its sessions emit 'lost'.
 */
export class JanusConnection extends EventEmitter {
  private readonly pending = new Map<string, Pending>();
  private readonly sessions = new Map<number, JanusSession>();
  private closedFlag = false;

  private constructor(
    readonly url: string,
    private readonly ws: WebSocket,
    private readonly apiSecret: string | undefined,
  ) {
    super();
    ws.on('message', (raw) => this.receive(raw.toString()));
    ws.on('close', () => this.closed());
    ws.on('error', () => this.closed());
  }

  static connect(url: string, opts: ConnectOptions = {}): Promise<JanusConnection> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol', { handshakeTimeout: timeoutMs, perMessageDeflate: false });
      const fail = (err: Error) => {
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(new JanusUnavailable(`cannot reach Janus at ${url}: ${err.message}`));
      };
      ws.once('error', fail);
      ws.once('open', () => {
        ws.off('error', fail);
        resolve(new JanusConnection(url, ws, opts.apiSecret));
      });
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Sends one request and resolves with its answer (or the event answering an asynchronous plugin request). */
  request(body: Omit<JanusMessage, 'transaction'>, opts: { ackOnly?: boolean; timeoutMs?: number } = {}): Promise<JanusMessage> {
    if (this.closedFlag) return Promise.reject(new JanusUnavailable(`the connection to Janus at ${this.url} is closed`));
    const transaction = randomBytes(9).toString('base64url');
    const message = { ...body, transaction } as JanusMessage;
    if (this.apiSecret) message.apisecret = this.apiSecret;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusUnavailable(`Janus at ${this.url} did not answer '${body.janus}' in time`));
      }, opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
      this.pending.set(transaction, { resolve, reject, timer, ackOnly: opts.ackOnly ?? false });
      this.ws.send(JSON.stringify(message), (err) => {
        if (!err) return;
        const p = this.pending.get(transaction);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(transaction);
        reject(new JanusUnavailable(`could not send to Janus at ${this.url}: ${err.message}`));
      });
    });
  }

  /** The server's description (the health check); needs no secret. */
  async info(timeoutMs?: number): Promise<JanusMessage> {
    return this.request({ janus: 'info' }, { timeoutMs });
  }

  async createSession(): Promise<JanusSession> {
    const answer = await this.request({ janus: 'create' });
    const session = new JanusSession(this, answer.data!.id!);
    this.sessions.set(session.id, session);
    session.once('lost', () => this.sessions.delete(session.id));
    return session;
  }

  close(): void {
    if (this.closedFlag) return;
    this.ws.close();
    // A socket that does not finish its closing handshake is dropped.
    setTimeout(() => this.ws.terminate(), 1000).unref();
    this.closed();
  }

  private closed() {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new JanusUnavailable(`the connection to Janus at ${this.url} was lost`));
    }
    this.pending.clear();
    for (const s of [...this.sessions.values()]) s.markLost('connection closed');
    this.emit('close');
  }

  private receive(text: string) {
    let msg: JanusMessage;
    try {
      msg = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const p = msg.transaction ? this.pending.get(msg.transaction) : undefined;
    if (p) {
      if (msg.janus === 'ack' && !p.ackOnly) return; // the event with the same transaction follows
      clearTimeout(p.timer);
      this.pending.delete(msg.transaction!);
      if (msg.janus === 'error') p.reject(new JanusError(msg.error?.code ?? 0, msg.error?.reason ?? 'unknown error'));
      else p.resolve(msg);
      return;
    }
    const session = msg.session_id !== undefined ? this.sessions.get(msg.session_id) : undefined;
    session?.dispatch(msg);
  }
}

/**
 * A Janus session: kept alive by a keepalive every 25 s (Janus drops a session silent for 60 s).
 * Emits 'lost' once when it times out, is destroyed, or its connection closes.
 */
export class JanusSession extends EventEmitter {
  private readonly handles = new Map<number, JanusHandle>();
  private readonly keepalive: NodeJS.Timeout;
  private lostFlag = false;

  constructor(
    readonly connection: JanusConnection,
    readonly id: number,
  ) {
    super();
    this.keepalive = setInterval(() => {
      this.connection.request({ janus: 'keepalive', session_id: this.id }, { ackOnly: true }).catch((err: unknown) => {
        if (err instanceof JanusError && err.code === JANUS_ERRORS.sessionNotFound) this.markLost('Janus no longer knows the session');
      });
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  get isLost(): boolean {
    return this.lostFlag;
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const answer = await this.connection.request({ janus: 'attach', session_id: this.id, plugin });
    const handle = new JanusHandle(this, answer.data!.id!, plugin);
    this.handles.set(handle.id, handle);
    handle.once('lost', () => this.handles.delete(handle.id));
    return handle;
  }

  async destroy(): Promise<void> {
    if (this.lostFlag) return;
    try {
      await this.connection.request({ janus: 'destroy', session_id: this.id });
    } finally {
      this.markLost('destroyed');
    }
  }

  /** @internal */
  markLost(reason: string) {
    if (this.lostFlag) return;
    this.lostFlag = true;
    clearInterval(this.keepalive);
    for (const h of [...this.handles.values()]) h.markLost(reason);
    this.emit('lost', reason);
  }

  /** @internal An event without a pending transaction: for the session or one of its handles. */
  dispatch(msg: JanusMessage) {
    if (msg.janus === 'timeout') return this.markLost('session timed out');
    const handle = msg.sender !== undefined ? this.handles.get(msg.sender) : undefined;
    if (!handle) return;
    if (msg.janus === 'detached') return handle.markLost('detached');
    handle.emit('event', msg);
  }
}

/**
 * A handle attached to a plugin. Emits 'event' for the plugin's and the core's events about it
 * (plugin events, webrtcup, media, hangup, slowlink) and 'lost' once when it goes away.
 */
export class JanusHandle extends EventEmitter {
  private lostFlag = false;

  constructor(
    readonly session: JanusSession,
    readonly id: number,
    readonly plugin: string,
  ) {
    super();
  }

  get isLost(): boolean {
    return this.lostFlag;
  }

  /**
   * Sends a message to the plugin and resolves with the plugin's data: the direct answer of a
   * synchronous request, or the event answering an asynchronous one (with its jsep).
   * A plugin error (error_code) is thrown as a JanusError.
   */
  async message(body: Record<string, unknown>, jsep?: unknown): Promise<{ data: Record<string, unknown>; jsep?: unknown }> {
    const answer = await this.session.connection.request({ janus: 'message', session_id: this.session.id, handle_id: this.id, body, ...(jsep ? { jsep } : {}) });
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'plugin error'));
    return { data, jsep: answer.jsep };
  }

  /** Sends one ICE candidate of the peer to Janus; null says the peer has no more. */
  async trickle(candidate: Record<string, unknown> | null): Promise<void> {
    await this.session.connection.request(
      { janus: 'trickle', session_id: this.session.id, handle_id: this.id, candidate: candidate ?? { completed: true } },
      { ackOnly: true },
    );
  }

  async detach(): Promise<void> {
    if (this.lostFlag) return;
    try {
      await this.session.connection.request({ janus: 'detach', session_id: this.session.id, handle_id: this.id });
    } finally {
      this.markLost('detached');
    }
  }

  /** @internal */
  markLost(reason: string) {
    if (this.lostFlag) return;
    this.lostFlag = true;
    this.emit('lost', reason);
  }
}
