/**
 * What happens to webinars without anyone pressing a button: a webinar its hosts forgot to end
 * is ended (and its outcomes settled) half an hour after its scheduled end, and attendance
 * intervals whose app instance died are closed at their last heartbeat — at start and then
 * every minute.
 */
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Jobs } from '../plugins/jobs.ts';
import type { JanusGateway } from './janus/gateway.ts';
import { closeStaleAttendance, STALE_SECONDS } from './outcomes.ts';
import { endRoom } from './rooms.ts';

/** A live webinar this long past its scheduled end is ended automatically. */
export const AUTO_END_AFTER_MINUTES = 30;
const SWEEP_MS = 60_000;

/** Ends a live webinar as the system (no host): the same path as a host ending it, outcomes included. */
export function endWebinarSystem(db: Kysely<DB>, janus: JanusGateway, id: number, log: FastifyBaseLogger, jobs?: Pick<Jobs, 'send'>): Promise<void> {
  return endRoom(db, janus, null, id, log, jobs);
}

/** Ends every live webinar more than AUTO_END_AFTER_MINUTES past its end; returns their ids. */
export async function endOverdueWebinars(db: Kysely<DB>, janus: JanusGateway, log: FastifyBaseLogger, jobs?: Pick<Jobs, 'send'>): Promise<number[]> {
  const overdue = await db
    .selectFrom('webinars')
    .select('id')
    .where('status', '=', 'live')
    .where('ends_at', '<', sql<Date>`now() - make_interval(mins => ${AUTO_END_AFTER_MINUTES})`)
    .orderBy('ends_at')
    .execute();
  const ended: number[] = [];
  for (const { id } of overdue) {
    try {
      await endWebinarSystem(db, janus, id, log, jobs);
      ended.push(id);
      log.info({ webinar: id }, 'webinar ended automatically, long past its scheduled end');
    } catch (err) {
      log.warn({ err, webinar: id }, 'could not end an overdue webinar; will try again');
    }
  }
  return ended;
}

export default fp(
  async (app) => {
    const { db } = app;
    const log = app.log.child({ module: 'webinar-lifecycle' });
    const notify = (id: number) => {
      // The live room (when loaded) tells the people still in it.
      if (app.hasDecorator('liveRooms')) app.liveRooms.statusChanged(id, 'ended');
    };

    // Once the database answers (the queue starting says so): intervals left open by a crash.
    app.jobs.onStarted(async () => {
      const closed = await closeStaleAttendance(db, { staleSeconds: STALE_SECONDS, reason: 'restart' });
      if (closed) log.info({ closed }, 'attendance left open by an earlier run closed at its last heartbeat');
    });

    let sweeping = false;
    const timer = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      closeStaleAttendance(db, { staleSeconds: STALE_SECONDS, reason: 'timeout' })
        .then(() => endOverdueWebinars(db, app.janus, log, app.jobs))
        .then((ids) => ids.forEach(notify))
        .catch((err: unknown) => log.warn({ err }, 'webinar sweep failed; will retry'))
        .finally(() => (sweeping = false));
    }, SWEEP_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'webinar-lifecycle', dependencies: ['db', 'jobs', 'janus'] },
);
