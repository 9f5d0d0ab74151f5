/**
 * Webinar recordings. A webinar with `record` has its Janus room created with VideoRoom
 * recording into a folder of its own (one .mjr file per published track). After the webinar,
 * a job turns those files into one video (janus-pp-rec, then ffmpeg: the longest video track
 * with every audio track mixed in), hands it to the media pipeline as course videos are (stored,
 * then HLS), and adds it as a video lesson of the webinar's linked course.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CourseDocT } from '../courses/schemas.ts';
import type { DB, RecordingStatus } from '../db/types.ts';
import { cleanFileName, deleteMediaRow, insertMedia, storeUpload } from '../media/service.ts';
import { probeVideo, run, ToolError, UnreadableVideoError } from '../media/video.ts';
import { AppError } from '../plugins/errors.ts';
import { JobInterrupted, type Jobs } from '../plugins/jobs.ts';
import { findExecutable } from './janus/install.ts';
import type { JanusGateway } from './janus/gateway.ts';
import type { CreateRoomOptions } from './janus/videoroom.ts';

export const RECORDING_JOB = 'webinar-recording';

export interface RecordingJobData {
  webinarId: number;
}

/** The module of the linked course that recordings go into, and how their lessons are keyed. */
export const RECORDING_MODULE = { key: 'rekaman-webinar', title: 'Rekaman webinar' } as const;
export const recordingLessonKey = (webinarId: number) => `webinar-${webinarId}`;

/** Seconds after a webinar ends before its recording is processed: Janus closes its files when the room goes. */
const PROCESS_DELAY_SECONDS = 5;
const PROCESS_TIMEOUT_HOURS = 3;
const SWEEP_MS = 60_000;

export type RoomRecording = Pick<CreateRoomOptions, 'record' | 'rec_dir'>;

const NOT_WITH_EXTERNAL_JANUS =
  'Rekaman hanya tersedia dengan server video (Janus) yang dijalankan Sinau sendiri; server pada JANUS_URL menulis rekaman ke disknya sendiri.';

/**
 * What createRoom needs so that Janus records a webinar's room ({} when it is not recorded).
 * At the first opening (`janus` given) the folder is made and the recording row written; a room
 * re-created later (Janus restarted; `janus` null) records into the same folder.
 */
export async function roomRecording(db: Kysely<DB>, janus: Pick<JanusGateway, 'recordingsDir'> | null, webinarId: number): Promise<RoomRecording> {
  let rec = await db.selectFrom('webinar_recordings').select(['status', 'rec_dir']).where('webinar_id', '=', webinarId).executeTakeFirst();
  if (!rec && janus) {
    const w = await db.selectFrom('webinars').select('record').where('id', '=', webinarId).executeTakeFirst();
    if (!w?.record) return {};
    // An external Janus writes to its own disk, which the app cannot read: said in the row the host sees.
    const values =
      janus.recordingsDir === null
        ? { webinar_id: webinarId, rec_dir: '', status: 'failed' as const, error: NOT_WITH_EXTERNAL_JANUS, finished_at: new Date() }
        : { webinar_id: webinarId, rec_dir: path.join(janus.recordingsDir, String(webinarId)) };
    await db.insertInto('webinar_recordings').values(values).onConflict((oc) => oc.column('webinar_id').doNothing()).execute();
    rec = await db.selectFrom('webinar_recordings').select(['status', 'rec_dir']).where('webinar_id', '=', webinarId).executeTakeFirstOrThrow();
  }
  if (!rec || rec.status !== 'recording' || !rec.rec_dir) return {};
  // Made here, before Janus needs it; Janus runs as the app's user.
  await mkdir(rec.rec_dir, { recursive: true });
  return { record: true, rec_dir: rec.rec_dir };
}

/** Queues the processing of a webinar's recording (at most one job waits per webinar). */
export function enqueueRecording(jobs: Pick<Jobs, 'send'>, webinarId: number, opts: { delaySeconds?: number } = {}): Promise<string | null> {
  return jobs.send<RecordingJobData>(
    RECORDING_JOB,
    { webinarId },
    { singletonKey: String(webinarId), startAfterSeconds: opts.delaySeconds ?? PROCESS_DELAY_SECONDS, expireInSeconds: PROCESS_TIMEOUT_HOURS * 3600 },
  );
}

/** After a webinar ended: queues its recording when it has one still waiting. Never throws (the sweep catches up). */
export async function queueRecordingOf(db: Kysely<DB>, jobs: Pick<Jobs, 'send'>, webinarId: number, log: FastifyBaseLogger): Promise<void> {
  try {
    const rec = await db.selectFrom('webinar_recordings').select('status').where('webinar_id', '=', webinarId).executeTakeFirst();
    if (rec?.status === 'recording') await enqueueRecording(jobs, webinarId);
  } catch (err) {
    log.warn({ err, webinar: webinarId }, 'could not queue the webinar recording now; the next sweep does');
  }
}

// ---- Turning .mjr files into one video ------------------------------------------------------

interface Track {
  file: string;
  kind: 'audio' | 'video';
  codec: string;
  /** When Janus wrote its first packet (µs, Janus's clock): where the track sits on the timeline. */
  firstAt: number;
  seconds: number;
}

/** What janus-pp-rec can write for each codec, and the containers the merged file uses. */
const TRACK_EXT: Record<string, string> = { vp8: 'webm', vp9: 'webm', av1: 'mp4', h264: 'mp4', h265: 'mp4', opus: 'opus', g711: 'wav', g722: 'wav', l16: 'wav' };
const OUTPUT: Record<string, { ext: string; audio: string[] }> = {
  webm: { ext: 'webm', audio: ['-c:a', 'libopus', '-b:a', '96k'] },
  mp4: { ext: 'mp4', audio: ['-c:a', 'aac', '-b:a', '128k'] },
};

/** The tool's JSON report of one .mjr file, or null for a file that is not a usable recording. */
async function inspect(ppRec: string, file: string, signal?: AbortSignal): Promise<Track | null> {
  let info: { t?: string; c?: string; u?: number; extended?: { packets?: number; duration?: number } };
  try {
    info = JSON.parse((await run(ppRec, ['-e', '-d', '0', file], signal)).stdout);
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
  const kind = info.t === 'v' ? 'video' : info.t === 'a' ? 'audio' : null;
  if (!kind || !info.c || !TRACK_EXT[info.c] || !info.u || !info.extended?.packets) return null;
  return { file, kind, codec: info.c, firstAt: info.u, seconds: info.extended.duration ?? 0 };
}

/**
 * The ffmpeg arguments that merge the converted tracks into `out`: the video (copied) with
 * every audio track placed at its own start and mixed; without video, a still black picture.
 */
export function mergeArgs(video: { file: string; firstAt: number } | null, audio: { file: string; firstAt: number; seconds: number }[], out: string, audioCodec: string[]): string[] {
  const origin = video?.firstAt ?? Math.min(...audio.map((a) => a.firstAt));
  // Tracks that ended before the picture starts have nothing to add.
  const heard = audio.filter((a) => a.firstAt + a.seconds * 1e6 > origin);
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-threads', '2'];
  if (video) args.push('-i', video.file);
  else args.push('-f', 'lavfi', '-i', 'color=c=black:s=640x360:r=5');
  for (const a of heard) args.push('-i', a.file);
  const chains = heard.map((a, i) => {
    const offsetMs = Math.round((a.firstAt - origin) / 1000);
    const place = offsetMs > 0 ? `adelay=delays=${offsetMs}:all=1` : offsetMs < 0 ? `atrim=start=${-offsetMs / 1000},asetpts=PTS-STARTPTS` : 'anull';
    return `[${i + 1}:a]aformat=sample_rates=48000:channel_layouts=stereo,${place}[a${i}]`;
  });
  if (heard.length > 0) {
    const mixed = heard.length > 1 ? `${heard.map((_, i) => `[a${i}]`).join('')}amix=inputs=${heard.length}:duration=longest:normalize=0` : '[a0]anull';
    // With a picture the sound is padded and the picture decides the length; without, the sound does.
    args.push('-filter_complex', [...chains, `${mixed}${video ? ',apad' : ''}[aout]`].join(';'));
    args.push('-map', '0:v', '-map', '[aout]', ...audioCodec, '-shortest');
  } else {
    args.push('-map', '0:v');
  }
  if (video) args.push('-c:v', 'copy');
  else args.push('-c:v', 'libvpx', '-deadline', 'good', '-cpu-used', '5', '-b:v', '100k');
  if (out.endsWith('.mp4')) args.push('-movflags', '+faststart');
  args.push(out);
  return args;
}

/** janus-pp-rec beside the Janus binary (Debian's janus-tools puts both in /usr/bin), else on PATH. */
async function findPpRec(janusPath: string): Promise<string | null> {
  const janus = await findExecutable(janusPath);
  return (janus && (await findExecutable(path.join(path.dirname(janus), 'janus-pp-rec')))) || findExecutable('janus-pp-rec');
}

/** Recording failures no retry changes: said plainly in webinar_recordings.error. */
class RecordingProblem extends Error {}

async function mjrFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.mjr')).sort().map((f) => path.join(dir, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Makes one playable file of the recording's tracks in `work`; null when nothing usable was recorded. */
async function mergeRecording(deps: RecordingDeps, recDir: string, work: string, signal?: AbortSignal): Promise<{ file: string; ext: string } | null> {
  const files = await mjrFiles(recDir);
  if (files.length === 0) return null;
  const ppRec = await findPpRec(deps.config.JANUS_PATH);
  if (!ppRec) throw new RecordingProblem('janus-pp-rec tidak terpasang (paket Debian janus-tools); rekaman belum dapat diolah.');
  const tracks: Track[] = [];
  for (const f of files) {
    const t = await inspect(ppRec, f, signal);
    if (t) tracks.push(t);
  }
  if (tracks.length === 0) return null;

  // The host's main picture: the longest video track (camera, or a screen shared throughout).
  const video = tracks.filter((t) => t.kind === 'video').sort((a, b) => b.seconds - a.seconds || a.firstAt - b.firstAt)[0] ?? null;
  const audio = tracks.filter((t) => t.kind === 'audio');
  const convert = async (t: Track, i: number) => {
    const out = path.join(work, `${i}-${t.kind}.${TRACK_EXT[t.codec]}`);
    await run(ppRec, ['-d', '1', t.file, out], signal);
    return out;
  };
  const converted: { file: string; firstAt: number; seconds: number }[] = [];
  for (const [i, a] of audio.entries()) converted.push({ ...a, file: await convert(a, i) });
  const videoFile = video ? { file: await convert(video, audio.length), firstAt: video.firstAt } : null;
  const container = video && TRACK_EXT[video.codec] === 'mp4' ? OUTPUT.mp4! : OUTPUT.webm!;
  const out = path.join(work, `recording.${container.ext}`);
  await run(deps.config.FFMPEG_PATH, mergeArgs(videoFile, converted, out, container.audio), signal);
  return { file: out, ext: container.ext };
}

// ---- Storing it and making it a lesson -------------------------------------------------------

/** What processing a recording uses of the app (the app itself will do). */
export type RecordingDeps = Pick<FastifyInstance, 'db' | 'storage' | 'config' | 'log' | 'mediaEvents' | 'courseCatalogue'>;

interface WebinarInfo {
  id: number;
  title: string;
  host_id: number;
  course_id: number | null;
}

/** Stores the file as a video of the webinar's course (or of its host), and hands it to the HLS pipeline. */
async function storeRecording(deps: RecordingDeps, w: WebinarInfo, recordingId: number, file: { file: string; ext: string }): Promise<string> {
  const { db, storage } = deps;
  const id = randomUUID();
  // Sinau's own file: the upload size limit is for what people send.
  const upload = await storeUpload(storage, createReadStream(file.file), { id, maxBytes: Number.MAX_SAFE_INTEGER, quota: null });
  let row: Awaited<ReturnType<typeof insertMedia>>;
  try {
    row = await insertMedia(db, { id, ownerId: w.host_id, courseId: w.course_id, upload, originalName: cleanFileName(`Rekaman ${w.title}.${file.ext}`, file.ext) });
  } catch (err) {
    await storage.delete(upload.key).catch(() => {});
    if (err instanceof AppError && err.code === 'quota_exceeded') throw new RecordingProblem(`Ruang penyimpanan kursus tidak cukup untuk rekaman ini (${err.message}).`);
    throw err;
  }
  const claimed = await db.updateTable('webinar_recordings').set({ media_id: id, updated_at: sql<Date>`now()` }).where('id', '=', recordingId).where('media_id', 'is', null).executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) {
    // Another run stored it first: this copy goes again.
    await deleteMediaRow(db, id).catch(() => null);
    await storage.delete(upload.key).catch(() => {});
    const rec = await db.selectFrom('webinar_recordings').select('media_id').where('id', '=', recordingId).executeTakeFirstOrThrow();
    return rec.media_id!;
  }
  deps.mediaEvents.emit('created', { id: row.id, kind: row.kind, mime: row.mime, storageKey: row.storage_key, courseId: row.course_id, ownerId: row.owner_id });
  return id;
}

/**
 * A course document from outside the app (content files) knows nothing of the webinar
 * recordings added to its course: they are carried over into it, so that loading a changed
 * course does not retire them (and learners keep their progress on them).
 */
export async function withRecordingLessons(trx: Transaction<DB>, courseId: number, doc: CourseDocT): Promise<CourseDocT> {
  if (doc.modules.some((m) => m.key === RECORDING_MODULE.key)) return doc;
  const lessons = await trx
    .selectFrom('lessons as l')
    .innerJoin('course_modules as m', 'm.id', 'l.module_id')
    .select(['l.key', 'l.title', 'l.media_id', 'l.required', 'l.duration_minutes'])
    .where('l.course_id', '=', courseId)
    .where('m.key', '=', RECORDING_MODULE.key)
    .where('l.retired_at', 'is', null)
    .where('l.kind', '=', 'video')
    .where('l.key', 'like', 'webinar-%')
    .orderBy('l.position')
    .execute();
  if (lessons.length === 0) return doc;
  const module = {
    key: RECORDING_MODULE.key,
    title: RECORDING_MODULE.title,
    lessons: lessons.map((l) => ({ key: l.key, kind: 'video' as const, title: l.title, body: '', mediaId: l.media_id, required: l.required, durationMinutes: l.duration_minutes })),
  };
  return { ...doc, modules: [...doc.modules, module] } as CourseDocT;
}

/**
 * Adds (or finds) the recording's video lesson in the course's "Rekaman webinar" module, after
 * the modules already there. Keyed by the webinar, so running again changes nothing; a draft
 * the course has gets the lesson too, so publishing the draft keeps it.
 */
async function attachLesson(trx: Transaction<DB>, w: WebinarInfo & { course_id: number }, mediaId: string, seconds: number | null): Promise<number> {
  // Serialises with publishing and with another run.
  const course = await trx.selectFrom('courses').select(['id', 'draft']).where('id', '=', w.course_id).forUpdate().executeTakeFirstOrThrow();
  const key = recordingLessonKey(w.id);
  const title = `Rekaman: ${w.title}`.slice(0, 200);
  const durationMinutes = seconds ? Math.max(1, Math.ceil(seconds / 60)) : null;

  let mod = await trx.selectFrom('course_modules').select(['id', 'retired_at']).where('course_id', '=', w.course_id).where('key', '=', RECORDING_MODULE.key).executeTakeFirst();
  if (!mod) {
    const { next } = await trx
      .selectFrom('course_modules')
      .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
      .where('course_id', '=', w.course_id)
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
    mod = await trx
      .insertInto('course_modules')
      .values({ course_id: w.course_id, key: RECORDING_MODULE.key, position: next, title: RECORDING_MODULE.title, retired_at: null })
      .returning(['id', 'retired_at'])
      .executeTakeFirstOrThrow();
  } else if (mod.retired_at) {
    await trx.updateTable('course_modules').set({ retired_at: null }).where('id', '=', mod.id).execute();
  }
  const existing = await trx.selectFrom('lessons').select(['id', 'retired_at']).where('course_id', '=', w.course_id).where('key', '=', key).executeTakeFirst();
  let lessonId: number;
  if (existing) {
    await trx.updateTable('lessons').set({ module_id: mod.id, media_id: mediaId, retired_at: null }).where('id', '=', existing.id).execute();
    lessonId = existing.id;
  } else {
    const { next } = await trx
      .selectFrom('lessons')
      .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('next'))
      .where('module_id', '=', mod.id)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('lessons')
      .values({ course_id: w.course_id, module_id: mod.id, key, position: next, kind: 'video', title, media_id: mediaId, required: true, duration_minutes: durationMinutes })
      .returning('id')
      .executeTakeFirstOrThrow();
    lessonId = row.id;
  }

  if (course.draft) {
    const doc = course.draft as CourseDocT;
    if (!doc.modules.some((m) => m.lessons.some((l) => l.key === key))) {
      let m = doc.modules.find((x) => x.key === RECORDING_MODULE.key);
      if (!m) {
        m = { key: RECORDING_MODULE.key, title: RECORDING_MODULE.title, lessons: [] };
        doc.modules.push(m);
      }
      m.lessons.push({ key, kind: 'video', title, body: '', mediaId, required: true, durationMinutes });
      await trx.updateTable('courses').set({ draft: JSON.stringify(doc) }).where('id', '=', course.id).execute();
    }
  }
  return lessonId;
}

const failureText = (err: unknown) =>
  err instanceof RecordingProblem
    ? err.message
    : err instanceof UnreadableVideoError
      ? `Rekaman tidak menghasilkan video yang dapat diputar (${err.message}).`
      : err instanceof ToolError
        ? `Rekaman tidak dapat diolah (${err.detail}).`
        : `Rekaman tidak dapat diolah (${err instanceof Error ? err.message : String(err)}).`;

/**
 * Turns a webinar's recording into a video (and a lesson of its linked course). Idempotent: a
 * recording already 'ready' or 'empty' is left as it is, and a run after a partial one reuses
 * what that stored. Returns the recording's status (null: the webinar has no recording).
 * On failure the row says 'failed' with the reason; the error is thrown again when another
 * attempt might succeed (a tool failing, the database away), so a job retries it.
 */
export async function processRecording(deps: RecordingDeps, webinarId: number, opts: { signal?: AbortSignal } = {}): Promise<RecordingStatus | null> {
  const { db, log } = deps;
  const rec = await db.selectFrom('webinar_recordings').selectAll().where('webinar_id', '=', webinarId).executeTakeFirst();
  if (!rec) return null;
  if (rec.status === 'ready' || rec.status === 'empty' || !rec.rec_dir) return rec.status;
  const w = await db.selectFrom('webinars').select(['id', 'title', 'host_id', 'course_id', 'status']).where('id', '=', webinarId).executeTakeFirstOrThrow();
  // Janus may still be writing while the webinar is live.
  if (w.status !== 'ended' && w.status !== 'cancelled') return rec.status;
  await db.updateTable('webinar_recordings').set({ status: 'processing', error: null, updated_at: sql<Date>`now()` }).where('id', '=', rec.id).execute();
  const finish = (status: RecordingStatus, values: { media_id?: string; lesson_id?: number | null; error?: string | null } = {}) =>
    db
      .updateTable('webinar_recordings')
      .set({ status, ...values, finished_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', rec.id)
      .execute();

  const work = await mkdtemp(path.join(os.tmpdir(), 'sinau-recording-'));
  try {
    let mediaId = rec.media_id;
    let seconds: number | null = null;
    if (!mediaId) {
      const merged = await mergeRecording(deps, rec.rec_dir, work, opts.signal);
      if (!merged) {
        await finish('empty');
        log.info({ webinar: webinarId }, 'webinar recording holds nothing to play');
        return 'empty';
      }
      seconds = (await probeVideo(deps.config.FFPROBE_PATH, merged.file, opts.signal)).durationSeconds;
      mediaId = await storeRecording(deps, w, rec.id, merged);
    } else {
      seconds = (await db.selectFrom('media').select('duration_seconds').where('id', '=', mediaId).executeTakeFirst())?.duration_seconds ?? null;
    }
    const courseId = w.course_id;
    const lessonId = courseId !== null ? await db.transaction().execute((trx) => attachLesson(trx, { ...w, course_id: courseId }, mediaId, seconds)) : null;
    if (lessonId !== null) deps.courseCatalogue.invalidate();
    await finish('ready', { media_id: mediaId, lesson_id: lessonId, error: null });
    log.info({ webinar: webinarId, media: mediaId, lesson: lessonId }, 'webinar recording ready');
    // Stored now: the raw tracks are no longer needed.
    await rm(rec.rec_dir, { recursive: true, force: true }).catch((err: unknown) => log.warn({ err, dir: rec.rec_dir }, 'recording files not removed'));
    return 'ready';
  } catch (err) {
    const reason: unknown = opts.signal?.aborted ? opts.signal.reason : err;
    // Interrupted by a shutdown: left 'processing', run again after the restart.
    if (reason instanceof JobInterrupted && reason.reason === 'shutdown') throw err;
    await finish('failed', { error: failureText(reason) }).catch(() => {});
    if (reason instanceof RecordingProblem || reason instanceof UnreadableVideoError) {
      log.warn({ err: reason, webinar: webinarId }, 'webinar recording could not be processed');
      return 'failed';
    }
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Recordings of webinars that ended but whose processing is not queued (the app stopped, or the ender had no queue at hand). */
async function queueWaiting(app: FastifyInstance): Promise<number> {
  const waiting = await app.db
    .selectFrom('webinar_recordings as r')
    .innerJoin('webinars as w', 'w.id', 'r.webinar_id')
    .select('r.webinar_id')
    .where('r.status', 'in', ['recording', 'processing'])
    .where('w.status', 'in', ['ended', 'cancelled'])
    // Ended a moment ago: the ender queues it, once the room (and so each recorder) is closed.
    .where(sql<Date>`coalesce(w.ended_at, w.cancelled_at, w.updated_at)`, '<', sql<Date>`now() - interval '30 seconds'`)
    .execute();
  let queued = 0;
  for (const { webinar_id } of waiting) {
    if (await app.jobs.pending(RECORDING_JOB, String(webinar_id))) continue;
    if (await enqueueRecording(app.jobs, webinar_id, { delaySeconds: 0 })) queued++;
  }
  return queued;
}

/** Runs the 'webinar-recording' jobs, and every minute queues recordings of ended webinars left waiting. */
export default fp(
  async (app) => {
    const log = app.log.child({ module: 'webinar-recordings' });
    const deps: RecordingDeps = {
      db: app.db,
      storage: app.storage,
      config: app.config,
      log,
      mediaEvents: app.mediaEvents,
      courseCatalogue: app.courseCatalogue,
    };
    app.jobs.work<RecordingJobData>(
      RECORDING_JOB,
      async (job) => {
        await processRecording(deps, job.data.webinarId, { signal: job.signal });
      },
      { policy: 'short' },
    );

    let sweeping = false;
    const sweep = async () => {
      if (sweeping) return;
      sweeping = true;
      try {
        const queued = await queueWaiting(app);
        if (queued) log.info({ queued }, 'webinar recordings queued for processing');
      } catch (err) {
        log.warn({ err }, 'could not look for recordings to process; will retry');
      } finally {
        sweeping = false;
      }
    };
    app.jobs.onStarted(sweep);
    const timer = setInterval(() => void sweep(), SWEEP_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'webinar-recordings', dependencies: ['db', 'storage', 'jobs', 'video', 'course-catalogue'] },
);
