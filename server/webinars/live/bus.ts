/**
 * Room events between app instances. An event is delivered at once to this instance's rooms
 * and sent to the others with PostgreSQL NOTIFY; each instance LISTENs and skips its own.
 * Without a dedicated connection (a database not made by createDb) events stay local.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { dedicatedClient } from '../../db/connect.ts';
import type { DB } from '../../db/types.ts';
import type { ChatMessageV, HandV, PollV, QuestionV, Role, RoomStatus } from './protocol.ts';

const CHANNEL = 'sinau_webinar_room';
/** NOTIFY payloads are limited to 8000 bytes; bigger events are not sent to other instances. */
const MAX_PAYLOAD = 7900;

/** What happens in a room, as every instance needs to hear it. Views are full (hosts' view); each socket gets its own cut. */
export type RoomEvent =
  | { kind: 'status'; status: RoomStatus }
  | { kind: 'chat'; message: ChatMessageV }
  | { kind: 'chat.removed'; messageId: number }
  | { kind: 'question'; question: QuestionV }
  | { kind: 'poll'; poll: PollV }
  | { kind: 'hands'; hands: HandV[] }
  | { kind: 'role'; personId: number; role: Role }
  | { kind: 'speakers'; speakers: number[] }
  /** Feeds changed on Janus: every instance asks Janus for the room's feeds again. */
  | { kind: 'feeds' }
  /** Someone joined or left: participant lists are refreshed. */
  | { kind: 'presence' }
  | { kind: 'mute'; personId: number; by: string }
  | { kind: 'attention'; check: { id: number; prompt: string; expiresAt: string } };

export type BusHandler = (webinarId: number, event: RoomEvent) => void;

export class RoomBus {
  readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private handler: BusHandler = () => {};
  private closed = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts listening to the other instances. */
  async start(handler: BusHandler): Promise<void> {
    this.handler = handler;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = dedicatedClient(this.db);
    if (!client || this.closed) return;
    try {
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel !== CHANNEL || !n.payload) return;
        try {
          const { o, w, e } = JSON.parse(n.payload) as { o: string; w: number; e: RoomEvent };
          if (o !== this.origin) this.handler(w, e);
        } catch (err) {
          this.log.warn({ err }, 'webinar room: unreadable event from another instance');
        }
      });
      client.on('end', () => {
        if (this.client !== client || this.closed) return;
        this.client = null;
        this.log.warn('webinar room: lost the event connection; reconnecting');
        setTimeout(() => void this.listen(), 1000).unref();
      });
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (err) {
      await client.end().catch(() => {});
      if (this.closed) return;
      this.log.warn({ err }, 'webinar room: could not listen for other instances; retrying');
      setTimeout(() => void this.listen(), 2000).unref();
    }
  }

  /** Delivers the event here at once and to the other instances. */
  publish(webinarId: number, event: RoomEvent): void {
    this.handler(webinarId, event);
    this.publishOthers(webinarId, event);
  }

  /** Sends the event to the other instances only. */
  publishOthers(webinarId: number, event: RoomEvent): void {
    const payload = JSON.stringify({ o: this.origin, w: webinarId, e: event });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      this.log.warn({ webinarId, kind: event.kind }, 'webinar room: event too big for other instances');
      return;
    }
    sql`SELECT pg_notify(${CHANNEL}, ${payload})`.execute(this.db).catch((err: unknown) => this.log.warn({ err }, 'webinar room: could not notify other instances'));
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
