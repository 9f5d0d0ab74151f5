/**
 * The app's way to Janus: one link per Janus server (the one Sinau runs itself, or those listed
 * in JANUS_URL), each a WebSocket with a session, a VideoRoom handle for room administration
 * and a Streaming handle for mountpoints, re-established with backoff whenever it is lost.
 */
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { JanusConnection, JanusError, JANUS_ERRORS, type JanusHandle, type JanusSession } from './client.ts';
import { STREAMING_PLUGIN, StreamingAdmin } from './streaming.ts';
import type { JanusSupervisor } from './supervisor.ts';
import { VIDEOROOM_PLUGIN, VideoRoomAdmin } from './videoroom.ts';

/** ok: a Janus answers; unavailable: none is configured or installed; down: one is, but none answers now. */
export type JanusStatus = 'ok' | 'unavailable' | 'down';

export interface JanusServerConfig {
  /** Stored with each room: 'embedded', or the URL as listed in JANUS_URL. */
  key: string;
  /** Where to connect now (the embedded Janus's port is known only once it has started). */
  url: () => string | null;
  apiSecret?: string;
  adminKey?: string;
  /** Where another Janus sends RTP to reach this one (RTP forwarders to its Streaming mountpoints). */
  rtpHost: string;
}

const RECONNECT_MS = [100, 250, 500, 1000, 2000, 5000];

/** A live link to one Janus server. Emits 'ready' after each (re)connection, 'down' when lost. */
export class JanusLink extends EventEmitter {
  state: 'connecting' | 'ok' | 'down' | 'closed' = 'down';
  admin: VideoRoomAdmin | null = null;
  /** Streaming mountpoints; null while not connected, or when the server has no Streaming plugin. */
  streaming: StreamingAdmin | null = null;
  session: JanusSession | null = null;
  private conn: JanusConnection | null = null;
  private attempts = 0;
  /** The server said it is ready while an attempt was under way (that attempt may have come too early). */
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private waiters = new Set<() => void>();

  constructor(
    readonly server: JanusServerConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
  }

  get key(): string {
    return this.server.key;
  }

  /** Connects now (when not already connected); a connection attempt under way is followed by another at once if it fails. */
  connect(): void {
    if (this.state === 'connecting') this.again = true;
    if (this.state === 'closed' || this.state === 'ok' || this.state === 'connecting') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.establish();
  }

  /** The link was told its server is gone (the supervisor saw Janus exit). */
  lost(): void {
    this.conn?.close();
  }

  /** The room administration handle, waiting up to `ms` while (re)connecting; null when the server does not answer. */
  async ready(ms: number): Promise<VideoRoomAdmin | null> {
    if (this.state === 'ok') return this.admin;
    if (this.state === 'closed' || ms <= 0) return null;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
    return (this.state as JanusLink['state']) === 'ok' ? this.admin : null;
  }

  close(): void {
    this.state = 'closed';
    if (this.timer) clearTimeout(this.timer);
    this.conn?.close();
    for (const w of [...this.waiters]) w();
  }

  private async establish() {
    const url = this.server.url();
    if (!url) return this.retry();
    this.state = 'connecting';
    let conn: JanusConnection | null = null;
    try {
      conn = await JanusConnection.connect(url, { apiSecret: this.server.apiSecret, timeoutMs: 3000 });
      const session = await conn.createSession();
      const handle: JanusHandle = await session.attach(VIDEOROOM_PLUGIN);
      // Large webinars need it; rooms work without it (a server given by JANUS_URL may lack it).
      const streamingHandle = await session.attach(STREAMING_PLUGIN).catch((err: unknown) => {
        if (!(err instanceof JanusError)) throw err;
        this.log.warn({ janus: this.key, err: err.message }, 'janus: no Streaming plugin; large webinars cannot use this server');
        return null;
      });
      if ((this.state as string) === 'closed') {
        conn.close();
        return;
      }
      this.conn = conn;
      this.session = session;
      this.admin = new VideoRoomAdmin(handle, this.server.adminKey);
      this.streaming = streamingHandle ? new StreamingAdmin(streamingHandle, this.server.adminKey) : null;
      const onLost = () => this.onLost(conn!);
      conn.once('close', onLost);
      session.once('lost', onLost);
      handle.once('lost', onLost);
      streamingHandle?.once('lost', onLost);
      this.state = 'ok';
      this.attempts = 0;
      this.again = false;
      this.log.info({ janus: this.key }, 'janus: connected');
      for (const w of [...this.waiters]) w();
      this.emit('ready', this.admin);
    } catch (err) {
      conn?.close();
      if ((this.state as string) === 'closed') return;
      if (err instanceof JanusError && err.code === JANUS_ERRORS.unauthorized) {
        this.log.error({ janus: this.key }, 'janus: refused Sinau (wrong JANUS_API_SECRET?)');
      } else if (this.attempts === 0) {
        this.log.warn({ janus: this.key, err: (err as Error).message }, 'janus: not answering');
      }
      this.retry();
    }
  }

  private onLost(conn: JanusConnection) {
    if (this.conn !== conn || this.state === 'closed') return;
    conn.close();
    this.conn = null;
    this.session = null;
    this.admin = null;
    this.streaming = null;
    this.log.warn({ janus: this.key }, 'janus: connection lost');
    this.emit('down');
    this.retry();
  }

  private retry() {
    if (this.state === 'closed') return;
    this.state = 'down';
    const delay = this.again ? 0 : RECONNECT_MS[Math.min(this.attempts, RECONNECT_MS.length - 1)]!;
    this.again = false;
    this.attempts++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.establish();
    }, delay);
    this.timer.unref();
  }
}

export type ReadyHook = (key: string, admin: VideoRoomAdmin) => Promise<void>;

/** Everything the app knows about its Janus servers. */
export class JanusGateway {
  private readonly hooks: ReadyHook[] = [];
  private next = 0;

  constructor(
    readonly links: JanusLink[],
    /** The Janus Sinau runs itself, if it does. */
    readonly supervisor: JanusSupervisor | null,
    /** Why there is no Janus, when there is none. */
    readonly unavailableReason: string | null,
    /** Where the embedded Janus writes recordings (null with external servers: their own disks). */
    readonly recordingsDir: string | null,
    log: FastifyBaseLogger,
  ) {
    for (const link of links) {
      link.on('ready', (admin: VideoRoomAdmin) => {
        void (async () => {
          for (const hook of this.hooks) {
            try {
              await hook(link.key, admin);
            } catch (err) {
              log.error({ err, janus: link.key }, 'janus: a start-up task failed');
            }
          }
        })();
      });
    }
  }

  status(): JanusStatus {
    if (this.links.length === 0) return 'unavailable';
    return this.links.some((l) => l.state === 'ok') ? 'ok' : 'down';
  }

  /** Runs after every (re)connection to a server (e.g. to reconcile its rooms with the database). */
  onReady(hook: ReadyHook): void {
    this.hooks.push(hook);
  }

  /** Room administration on one server; waits up to `ms` while it (re)connects. */
  async videoRoom(key: string, ms = 3000): Promise<VideoRoomAdmin | null> {
    const link = this.links.find((l) => l.key === key);
    return link ? link.ready(ms) : null;
  }

  /** Mountpoint administration on one server; null while it does not answer or has no Streaming plugin. */
  async streaming(key: string, ms = 3000): Promise<StreamingAdmin | null> {
    const link = this.links.find((l) => l.key === key);
    if (!link || !(await link.ready(ms))) return null;
    return link.streaming;
  }

  /** Calls `fn` with a server's key after each (re)connection to it, until the returned function is called. */
  onEachReady(fn: (key: string) => void): () => void {
    const subs = this.links.map((link) => {
      const on = () => fn(link.key);
      link.on('ready', on);
      return () => link.off('ready', on);
    });
    return () => subs.forEach((off) => off());
  }

  /** The session on one server that participants' handles attach to; null while it does not answer. */
  async session(key: string, ms = 3000): Promise<JanusSession | null> {
    const link = this.links.find((l) => l.key === key);
    if (!link || !(await link.ready(ms))) return null;
    return link.session;
  }

  /** A server for a new room: the next answering one in turn; waits up to `ms` for one. */
  async pick(ms = 3000): Promise<{ key: string; admin: VideoRoomAdmin } | null> {
    const ok = this.links.filter((l) => l.state === 'ok' && l.admin);
    if (ok.length > 0) {
      const link = ok[this.next++ % ok.length]!;
      return { key: link.key, admin: link.admin! };
    }
    if (this.links.length === 0) return null;
    const first = await Promise.any(
      this.links.map(async (l) => {
        const admin = await l.ready(ms);
        if (!admin) throw new Error('not answering');
        return { key: l.key, admin };
      }),
    ).catch(() => null);
    return first;
  }
}
