/**
 * The Janus room of a live webinar. Its id and secret are written to the database before the
 * room is created on Janus, so every room Sinau makes can be found and destroyed again: when the
 * webinar ends, and whenever a Janus server (re)connects (rooms of webinars no longer live go;
 * rooms of live webinars that a restarted Janus lost come back).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { AppError, conflict, forbidden, text } from '../plugins/errors.ts';
import type { Jobs } from '../plugins/jobs.ts';
import { JanusError, JanusUnavailable } from './janus/client.ts';
import type { JanusGateway } from './janus/gateway.ts';
import { VIDEOROOM_ERRORS, type VideoRoomAdmin } from './janus/videoroom.ts';
import { destroyMountpoints } from './live/broadcast.ts';
import { computeOutcomes } from './outcomes.ts';
import { loadWebinar, lockWebinar, type WebinarRow } from './queries.ts';
import { queueRecordingOf, roomRecording, type RoomRecording } from './recordings.ts';
import { canHost, webinarClosed, webinarNotFound } from './service.ts';

/** How early before the start a host may open the room (the lobby). */
export const OPEN_EARLY_MINUTES = 60;
/** Publishers a room allows: host, co-hosts and promoted speakers. */
const ROOM_PUBLISHERS = 12;
/** Rooms Sinau made carry this in their description, so a shared Janus's other rooms are left alone. */
const ROOM_TAG = 'sinau-webinar-';

export const liveVideoUnavailable = () =>
  new AppError(
    503,
    'live_video_unavailable',
    text(
      'Video langsung tidak tersedia saat ini: server video (Janus) tidak terpasang atau tidak menjawab. Jadwal dan pendaftaran tetap berjalan.',
      'Live video is not available right now: the video server (Janus) is not installed or is not answering. Scheduling and registration still work.',
    ),
  );

function roomOptions(w: Pick<WebinarRow, 'id' | 'janus_room_id' | 'janus_secret'>) {
  return { room: w.janus_room_id!, secret: w.janus_secret!, publishers: ROOM_PUBLISHERS, description: `${ROOM_TAG}${w.id}` };
}

/** Makes sure the room exists on Janus: created, or already there (it is ours when its description says so). */
async function ensureRoom(admin: VideoRoomAdmin, w: Pick<WebinarRow, 'id' | 'janus_room_id' | 'janus_secret'>, recording: RoomRecording = {}): Promise<void> {
  try {
    await admin.createRoom({ ...roomOptions(w), ...recording });
  } catch (err) {
    if (!(err instanceof JanusError && err.code === VIDEOROOM_ERRORS.roomExists)) throw err;
    const rooms = await admin.listRooms();
    if (!rooms.some((r) => r.room === w.janus_room_id && r.description === `${ROOM_TAG}${w.id}`)) throw err;
  }
}

/**
 * Opens the webinar's room (hosts only): creates the VideoRoom with a random secret and makes
 * the webinar live. Opening a live webinar again only makes sure its room exists.
 */
export async function openRoom(db: Kysely<DB>, janus: JanusGateway, user: AuthUser, id: number): Promise<void> {
  const w0 = await loadWebinar(db, id);
  if (!w0) throw webinarNotFound();
  if (!(await canHost(db, w0, user))) throw forbidden(text('Hanya penyelenggara yang dapat membuka ruang webinar.', 'Only the hosts can open the webinar room.'));
  if (w0.status === 'ended' || w0.status === 'cancelled') throw webinarClosed(w0);
  // A partner's webinar goes live only once the city has approved it.
  if (w0.review_state !== 'approved') throw new AppError(409, 'webinar_not_approved', text('Webinar ini belum disetujui admin kota.', 'This webinar has not been approved by the city yet.'));
  if (w0.status === 'scheduled' && w0.starts_at.getTime() - Date.now() > OPEN_EARLY_MINUTES * 60_000) {
    throw conflict(
      text(`Ruang webinar dapat dibuka paling cepat ${OPEN_EARLY_MINUTES} menit sebelum mulai.`, `The room can be opened at most ${OPEN_EARLY_MINUTES} minutes before the start.`),
      { opensAt: new Date(w0.starts_at.getTime() - OPEN_EARLY_MINUTES * 60_000).toISOString() },
    );
  }
  const server = w0.janus_server ? { key: w0.janus_server, admin: await janus.videoRoom(w0.janus_server) } : await janus.pick();
  if (!server?.admin) throw liveVideoUnavailable();

  // 1. The room's id and secret, stored before Janus has them.
  const w = await db.transaction().execute(async (trx) => {
    const row = await lockWebinar(trx, id);
    if (!row) throw webinarNotFound();
    if (row.status === 'ended' || row.status === 'cancelled') throw webinarClosed(row);
    if (row.janus_room_id !== null) return row;
    return trx
      .updateTable('webinars')
      .set({ janus_server: server.key, janus_room_id: randomInt(1, 2 ** 47), janus_secret: randomBytes(24).toString('base64url'), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  const admin = w.janus_server === server.key ? server.admin : await janus.videoRoom(w.janus_server!);
  if (!admin) throw liveVideoUnavailable();

  // 2. The room on Janus.
  try {
    await ensureRoom(admin, w, await roomRecording(db, janus, w.id));
  } catch (err) {
    if (err instanceof JanusUnavailable) throw liveVideoUnavailable();
    throw err;
  }

  // 3. Live, unless the webinar was ended or cancelled meanwhile (then the room goes again).
  const live = await db
    .updateTable('webinars')
    .set({ status: 'live', opened_at: sql<Date>`coalesce(opened_at, now())`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['scheduled', 'live'])
    .returning('id')
    .executeTakeFirst();
  if (!live) {
    await admin.destroyRoom(w.janus_room_id!, w.janus_secret!).catch(() => {});
    const now = await loadWebinar(db, id);
    throw webinarClosed(now ?? w);
  }
}

/**
 * Ends a live webinar (hosts only; `user` null: the system, past the end) and settles what
 * attending earned in the same transaction; then destroys its room (one Janus cannot be
 * reached for goes at its next reconnection). With `jobs`, its recording (if any) is queued.
 */
export async function endRoom(db: Kysely<DB>, janus: JanusGateway, user: AuthUser | null, id: number, log: FastifyBaseLogger, jobs?: Pick<Jobs, 'send'>): Promise<void> {
  const w = await db.transaction().execute(async (trx) => {
    const row = await lockWebinar(trx, id);
    if (!row) throw webinarNotFound();
    if (user && !(await canHost(trx, row, user))) throw forbidden(text('Hanya penyelenggara yang dapat mengakhiri webinar.', 'Only the hosts can end the webinar.'));
    if (row.status === 'ended') return row;
    if (row.status !== 'live') throw conflict(text('Webinar ini belum dibuka.', 'This webinar has not been opened.'), { status: row.status });
    const ended = await trx
      .updateTable('webinars')
      .set({ status: 'ended', ended_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await computeOutcomes(trx, id);
    return ended;
  });
  await destroyRoomOf(janus, w, log);
  await destroyMountpoints(janus, w, log);
  // The room is gone, so Janus has closed the recording's files.
  if (jobs) await queueRecordingOf(db, jobs, id, log);
}

async function destroyRoomOf(janus: JanusGateway, w: WebinarRow, log: FastifyBaseLogger) {
  if (!w.janus_server || w.janus_room_id === null) return;
  const admin = await janus.videoRoom(w.janus_server, 1000);
  if (!admin) return;
  try {
    await admin.destroyRoom(w.janus_room_id, w.janus_secret!);
  } catch (err) {
    log.warn({ err, webinar: w.id }, 'webinar room could not be destroyed now; it goes when Janus reconnects');
  }
}

/**
 * Brings one Janus server in line with the database: destroys the rooms Sinau made there for
 * webinars no longer live, and re-creates the rooms of live webinars it lacks (a restarted Janus
 * has none). Runs at every (re)connection to the server.
 */
export async function reconcileRooms(db: Kysely<DB>, serverKey: string, admin: VideoRoomAdmin, log: FastifyBaseLogger): Promise<{ destroyed: number; recreated: number }> {
  const rooms = (await admin.listRooms()).filter((r) => r.description.startsWith(ROOM_TAG));
  const known = await db
    .selectFrom('webinars')
    .select(['id', 'status', 'janus_room_id', 'janus_secret'])
    .where('janus_server', '=', serverKey)
    .where((eb) => eb.or([eb('status', '=', 'live'), eb('janus_room_id', 'in', rooms.length ? rooms.map((r) => r.room) : [0])]))
    .execute();
  let destroyed = 0;
  let recreated = 0;
  for (const room of rooms) {
    const w = known.find((k) => k.janus_room_id === room.room);
    if (w?.status === 'live') continue;
    if (!w) {
      log.warn({ room: room.room, janus: serverKey }, 'a Sinau room on Janus that no webinar knows; left alone');
      continue;
    }
    if (await admin.destroyRoom(room.room, w.janus_secret!).catch((err: unknown) => log.warn({ err, webinar: w.id }, 'could not destroy a leftover room'))) destroyed++;
  }
  for (const w of known.filter((k) => k.status === 'live' && !rooms.some((r) => r.room === k.janus_room_id))) {
    await ensureRoom(admin, w, await roomRecording(db, null, w.id));
    recreated++;
  }
  if (destroyed || recreated) log.info({ janus: serverKey, destroyed, recreated }, 'webinar rooms reconciled with Janus');
  return { destroyed, recreated };
}

