import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo, run } from '../../server/media/video.ts';
import { JanusConnection, type JanusSession } from '../../server/webinars/janus/client.ts';
import type { JanusSecrets } from '../../server/webinars/janus/install.ts';
import { VIDEOROOM_PLUGIN, VideoRoomAdmin } from '../../server/webinars/janus/videoroom.ts';
import { processRecording, RECORDING_MODULE, recordingLessonKey } from '../../server/webinars/recordings.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { publishToRoom, WebRtcPublisher } from '../support/webrtc-peer.ts';
import { until } from '../support/until.ts';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe('webinar recordings', () => {
  let t: TestApp;
  let host: Client;
  let learner: Client;
  let admin: Client;
  let secrets: JanusSecrets;
  let conn: JanusConnection;
  let session: JanusSession;
  let course: { id: number; slug: string };
  const closing: { close(): Promise<void> }[] = [];

  const newWebinar = async (extra: Record<string, unknown>) => {
    const res = await host.post('/api/webinars', { title: 'Pelayanan prima di kelurahan', startsAt: inMinutes(5), endsAt: inMinutes(65), capacity: 30, jp: 2, ...extra });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  };
  /** A Janus client of the test's own, as the live room's code is. */
  const connect = async () => {
    conn = await JanusConnection.connect(t.app.janus.supervisor!.url!, { apiSecret: secrets.apiSecret });
    session = await conn.createSession();
  };
  const roomOf = async (id: number) => (await t.db.selectFrom('webinars').select('janus_room_id').where('id', '=', id).executeTakeFirstOrThrow()).janus_room_id!;
  const recordingOf = (id: number) => t.db.selectFrom('webinar_recordings').selectAll().where('webinar_id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    t = await createTestApp();
    [host, learner, admin] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('admin')]);
    secrets = JSON.parse(await readFile(path.join(t.config.dataDir, 'janus', 'secrets.json'), 'utf8'));
    await connect();
    // The trainer's published course the webinar belongs to.
    const created = await host.post('/api/authoring/courses', { slug: 'uji-rekaman', title: 'Pelayanan Prima' });
    const doc = created.json().document;
    doc.modules = [{ key: 'm1', title: 'Pengantar', lessons: [{ key: 'l1', kind: 'text', title: 'Sapaan pertama', body: 'Halo.', required: true }] }];
    expect((await host.request({ method: 'PUT', url: '/api/authoring/courses/uji-rekaman/draft', payload: doc })).statusCode).toBe(200);
    expect((await host.post('/api/authoring/courses/uji-rekaman/submit')).statusCode).toBe(200);
    expect((await admin.post('/api/authoring/courses/uji-rekaman/publish')).statusCode).toBe(200);
    course = { id: created.json().id, slug: 'uji-rekaman' };
  });
  afterAll(async () => {
    for (const c of closing.reverse()) await c.close().catch(() => {});
    conn?.close();
    await t?.close();
  });

  it('records the room, and once the webinar ends makes one playable video and one lesson of the linked course', async () => {
    // The trainer is meanwhile editing a new version of the course.
    const draft = (await host.get(`/api/authoring/courses/${course.slug}/draft`)).json().document;
    draft.summary = 'Versi berikutnya.';
    expect((await host.request({ method: 'PUT', url: `/api/authoring/courses/${course.slug}/draft`, payload: draft })).statusCode).toBe(200);

    const id = await newWebinar({ courseId: course.id, record: true });
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    const rec = (await recordingOf(id))!;
    expect(rec).toMatchObject({ status: 'recording', rec_dir: path.join(t.config.dataDir, 'janus', 'recordings', String(id)) });
    expect(existsSync(rec.rec_dir)).toBe(true);
    const room = await roomOf(id);

    // The trainer publishes about 4 s; a promoted speaker joins for a moment in between.
    const trainer = await WebRtcPublisher.start();
    closing.push(trainer);
    await publishToRoom(await session.attach(VIDEOROOM_PLUGIN), trainer, { room, display: 'Pelatih' });
    const published = Date.now();
    await sleep(1000);
    const speaker = await WebRtcPublisher.start({ toneHz: 880, width: 320, height: 180 });
    closing.push(speaker);
    const speakerHandle = await session.attach(VIDEOROOM_PLUGIN);
    await publishToRoom(speakerHandle, speaker, { room, display: 'Narasumber' });
    await sleep(1500);
    await speakerHandle.message({ request: 'leave' });
    await speaker.close();
    await sleep(4000 - (Date.now() - published));

    // Ending destroys the room (Janus closes the files) and queues the processing.
    expect((await host.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
    await trainer.close();
    const done = await until('the recording processed', async () => {
      const r = await recordingOf(id);
      return r && (r.status === 'ready' || r.status === 'failed') && r;
    }, 60_000);
    expect(done).toMatchObject({ status: 'ready', error: null });
    expect(done.finished_at).not.toBeNull();
    // The .mjr files go once the video is stored (just after the status says ready).
    await until('the recording files removed', async () => !existsSync(rec.rec_dir), 10_000);

    const media = await t.db.selectFrom('media').selectAll().where('id', '=', done.media_id!).executeTakeFirstOrThrow();
    const hostId = (await t.db.selectFrom('webinars').select('host_id').where('id', '=', id).executeTakeFirstOrThrow()).host_id;
    expect(media).toMatchObject({ kind: 'video', mime: 'video/webm', course_id: course.id, owner_id: hostId });
    const work = await mkdtemp(path.join(os.tmpdir(), 'sinau-rec-test-'));
    try {
      const file = path.join(work, 'recording.webm');
      await pipeline(await t.app.storage.get(media.storage_key), createWriteStream(file));
      const probe = await probeVideo('ffprobe', file);
      expect(probe.durationSeconds).toBeGreaterThan(3);
      expect(probe.durationSeconds).toBeLessThan(5.5);
      expect(probe).toMatchObject({ width: 640, height: 360, hasAudio: true });
      // The picture decodes from start to end.
      await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
      // The speaker's 880 Hz tone is mixed in with the trainer's 440 Hz.
      const narrow = 'bandpass=f=880:width_type=q:w=20,'.repeat(2);
      const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', `${narrow}volumedetect`, '-f', 'null', '-']);
      expect(Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])).toBeGreaterThan(-40);
    } finally {
      await rm(work, { recursive: true, force: true });
    }

    const lesson = await t.db.selectFrom('lessons').selectAll().where('id', '=', done.lesson_id!).executeTakeFirstOrThrow();
    expect(lesson).toMatchObject({ course_id: course.id, key: recordingLessonKey(id), kind: 'video', media_id: media.id, required: true, retired_at: null });
    const detail = (await learner.get(`/api/courses/${course.slug}`)).json();
    const mod = detail.modules.find((m: { key: string }) => m.key === RECORDING_MODULE.key);
    expect(mod).toMatchObject({ title: 'Rekaman webinar', lessons: [{ id: lesson.id, kind: 'video', title: 'Rekaman: Pelayanan prima di kelurahan' }] });
    expect(detail.modules.at(-1).key).toBe(RECORDING_MODULE.key);

    // Running it again changes nothing.
    expect(await processRecording(t.app, id)).toBe('ready');
    const lessons = await t.db.selectFrom('lessons').select('id').where('course_id', '=', course.id).where('key', '=', recordingLessonKey(id)).execute();
    expect(lessons).toEqual([{ id: lesson.id }]);
    expect(await t.db.selectFrom('media').select('id').where('original_name', 'like', 'Rekaman %').execute()).toHaveLength(1);

    // The draft being edited has the lesson too, so publishing it keeps the lesson.
    const edited = (await host.get(`/api/authoring/courses/${course.slug}/draft`)).json();
    expect(edited.document.summary).toBe('Versi berikutnya.');
    expect(edited.document.modules.map((m: { key: string }) => m.key)).toEqual(['m1', RECORDING_MODULE.key]);
    expect(edited.problems).toEqual([]);
    expect((await host.post(`/api/authoring/courses/${course.slug}/submit`)).statusCode).toBe(200);
    expect((await admin.post(`/api/authoring/courses/${course.slug}/publish`)).statusCode).toBe(200);
    expect(await t.db.selectFrom('lessons').select(['id', 'retired_at', 'media_id']).where('key', '=', recordingLessonKey(id)).execute()).toEqual([
      { id: lesson.id, retired_at: null, media_id: media.id },
    ]);

    // The video then goes through the HLS pipeline as an uploaded one does.
    const hls = await until('HLS renditions', async () => {
      const m = await t.db.selectFrom('media').select(['status', 'hls_prefix', 'duration_seconds']).where('id', '=', media.id).executeTakeFirstOrThrow();
      return m.status !== 'processing' && m;
    }, 60_000);
    expect(hls).toMatchObject({ status: 'ready', hls_prefix: `media/${media.id}/hls` });
  }, 120_000);

  it('ends empty when nobody published, and records nothing for a webinar without recording', async () => {
    const id = await newWebinar({ record: true });
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    expect((await host.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
    expect(await processRecording(t.app, id)).toBe('empty');
    expect(await recordingOf(id)).toMatchObject({ status: 'empty', media_id: null, lesson_id: null });

    const plain = await newWebinar({ courseId: course.id });
    expect((await host.post(`/api/webinars/${plain}/open`)).statusCode).toBe(200);
    expect(await recordingOf(plain)).toBeUndefined();
    expect(await processRecording(t.app, plain)).toBeNull();
    expect((await host.post(`/api/webinars/${plain}/end`)).statusCode).toBe(200);
  });

  it('keeps recording into the same folder when Janus restarts during the webinar', async () => {
    const id = await newWebinar({ record: true });
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    const room = await roomOf(id);
    const supervisor = t.app.janus.supervisor!;
    const pid = supervisor.pid!;
    conn.close();
    process.kill(pid, 'SIGKILL');
    await until('a new Janus', async () => supervisor.pid !== pid && t.app.janus.status() === 'ok', 20_000);
    await connect();
    const rooms = new VideoRoomAdmin(await session.attach(VIDEOROOM_PLUGIN), secrets.adminKey);
    await until('the room re-created', () => rooms.roomExists(room), 10_000);

    const trainer = await WebRtcPublisher.start();
    closing.push(trainer);
    await publishToRoom(await session.attach(VIDEOROOM_PLUGIN), trainer, { room, display: 'Pelatih' });
    await sleep(2000);
    expect((await host.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
    await trainer.close();
    const done = await until('the recording processed', async () => {
      const r = await recordingOf(id);
      return r && (r.status === 'ready' || r.status === 'failed') && r;
    }, 60_000);
    // No linked course: a video of the host's, and no lesson.
    expect(done).toMatchObject({ status: 'ready', lesson_id: null });
    expect(await t.db.selectFrom('media').select(['kind', 'course_id']).where('id', '=', done.media_id!).executeTakeFirst()).toEqual({ kind: 'video', course_id: null });
  }, 90_000);
});
