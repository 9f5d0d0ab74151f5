/** A live-room WebSocket client for tests and benchmarks: speaks server/webinars/live/protocol.ts. */
import WebSocket from 'ws';
import type { ClientMessageT, ServerMessage } from '../../server/webinars/live/protocol.ts';

type Welcome = Extract<ServerMessage, { type: 'welcome' }>;
type Outgoing = ClientMessageT extends infer M ? (M extends { rid?: string } ? Omit<M, 'rid'> : never) : never;

export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export class RoomClient {
  readonly events: ServerMessage[] = [];
  welcome!: Welcome;
  closeCode: number | null = null;
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private rid = 0;
  private readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve((this.closeCode = code))));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      this.events.push(m);
      for (const w of [...this.waiters]) {
        if (w.match(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }

  /** Opens the room socket; resolves once the welcome arrived. Rejects with the HTTP status when refused. */
  static async connect(base: string, webinarId: number, cookie: string, opts: { mode?: string; origin?: string; autoPong?: boolean } = {}): Promise<RoomClient> {
    const url = `${base.replace(/^http/, 'ws')}/api/webinars/${webinarId}/live${opts.mode ? `?mode=${opts.mode}` : ''}`;
    const ws = new WebSocket(url, { headers: { cookie, ...(opts.origin ? { origin: opts.origin } : {}) }, autoPong: opts.autoPong ?? true, perMessageDeflate: false });
    const c = new RoomClient(ws);
    const welcome = c.next('welcome');
    welcome.catch(() => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode }));
      });
      ws.once('error', reject);
    });
    c.welcome = (await welcome) as Welcome;
    return c;
  }

  /** The next event of a type (matching `pred`), from now on or already received when `past`. */
  next<T extends ServerMessage['type']>(type: T, pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true, ms = 8000, past = false): Promise<Extract<ServerMessage, { type: T }>> {
    const match = (m: ServerMessage) => m.type === type && pred(m as Extract<ServerMessage, { type: T }>);
    if (past) {
      const seen = this.events.find(match);
      if (seen) return Promise.resolve(seen as Extract<ServerMessage, { type: T }>);
    }
    return new Promise((resolve, reject) => {
      const w = { match, resolve: resolve as (m: ServerMessage) => void };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`no ${type} event within ${ms} ms`));
        }
      }, ms).unref();
    });
  }

  /** Sends a message and waits for its ack (resolves with the id it may carry) or error (rejects). */
  async request(m: Outgoing, ms = 8000): Promise<number | undefined> {
    const rid = `r${++this.rid}`;
    const answer = this.next('ack', (a) => a.rid === rid, ms).catch(() => null);
    const error = this.next('error', (e) => e.rid === rid, ms).catch(() => null);
    this.send({ ...m, rid } as ClientMessageT);
    const first = await Promise.race([answer, error]);
    if (!first) throw new Error(`no answer to ${m.type} within ${ms} ms`);
    if (first.type === 'error') throw new RoomError(first.code, first.message);
    return first.id;
  }

  send(m: ClientMessageT | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(m));
  }

  close(): Promise<number> {
    this.ws.close(1000);
    return this.closed;
  }

  waitClosed(): Promise<number> {
    return this.closed;
  }
}
