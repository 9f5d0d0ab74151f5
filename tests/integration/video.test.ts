import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { outputFps, planRenditions, TRANSCODE_JOB, type Rendition } from '../../server/media/video.ts';
import { mp4 } from '../factories/media-files.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const run = promisify(execFile);

let dir: string;
/** 6 s, 1280x720, 25 fps, with a tone. */
let clip720: Buffer;
/** 2 s, 640x360, no sound. */
let clip360: Buffer;

async function makeClip(file: string, size: string, seconds: number, audio: boolean): Promise<Buffer> {
  const out = path.join(dir, file);
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440'] : []),
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    ...(audio ? ['-c:a', 'aac'] : []),
    out,
  ]);
  return readFile(out);
}

function upload(client: Client, body: Buffer, name: string, courseId?: number) {
  const form = new FormData();
  if (courseId !== undefined) form.append('courseId', String(courseId));
  form.append('file', new Blob([new Uint8Array(body)], { type: 'video/mp4' }), name);
  return client.request({ method: 'POST', url: '/api/media', payload: form });
}

async function personId(t: TestApp, username: string): Promise<number> {
  return (await t.db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

async function createCourse(t: TestApp, owner: string): Promise<number> {
  const row = await t.db
    .insertInto('courses')
    .values({ slug: `video-uji-${randomUUID().slice(0, 8)}`, title: 'Kursus uji video', owner_id: await personId(t, owner), status: 'draft' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A media row for a file put straight into storage, without the upload route (so no job is queued). */
async function storeVideo(t: TestApp, body: Buffer, owner: string): Promise<string> {
  const id = randomUUID();
  const key = `media/${id}/original.mp4`;
  await t.app.storage.put(key, Readable.from([body]), { contentType: 'video/mp4', size: body.length });
  await t.db
    .insertInto('media')
    .values({
      id,
      owner_id: await personId(t, owner),
      course_id: null,
      kind: 'video',
      mime: 'video/mp4',
      size_bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      original_name: 'video.mp4',
      storage_key: key,
      status: 'processing',
      progress: 0,
    })
    .execute();
  return id;
}

const mediaRow = (t: TestApp, id: string) => t.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Polls the row until it leaves 'processing'; returns it with every progress value seen on the way. */
async function settled(t: TestApp, id: string, timeoutMs = 60_000) {
  const seen: number[] = [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await mediaRow(t, id);
    if (seen.at(-1) !== row.progress) seen.push(row.progress);
    if (row.status !== 'processing') return { row, seen };
    if (Date.now() > until) throw new Error(`media ${id} still processing after ${timeoutMs} ms (progress ${row.progress})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const jobRows = (t: TestApp, key: string) =>
  sql<{ state: string; retry_limit: number; retry_backoff: boolean }>`SELECT state, retry_limit, retry_backoff FROM pgboss.job WHERE name = ${TRANSCODE_JOB} AND singleton_key = ${key}`
    .execute(t.db)
    .then((r) => r.rows);

/** The key's jobs once none is running: the queue records a job's end just after the handler returns. */
async function finishedJobs(t: TestApp, key: string) {
  for (let i = 0; ; i++) {
    const rows = await jobRows(t, key);
    if (!rows.some((j) => j.state === 'active') || i >= 50) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-video-test-'));
  [clip720, clip360] = await Promise.all([makeClip('720.mp4', '1280x720', 6, true), makeClip('360.mp4', '640x360', 2, false)]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('video.transcode', () => {
  let t: TestApp;
  let trainer: Client;
  let learner: Client;
  let admin: Client;
  let videoId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [trainer, learner, admin] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('admin')]);
  });
  afterAll(() => t.close());

  it('converts an uploaded video into 360p and 720p HLS, showing its progress on the way', { timeout: 70_000 }, async () => {
    expect(t.app.videoSupport.transcoding).toBe(true);
    const res = await upload(trainer, clip720, 'kelas.mp4', await createCourse(t, 'pelatih'));
    expect(res.statusCode).toBe(201);
    videoId = res.json().id;
    expect(res.json()).toMatchObject({ kind: 'video', status: 'processing', progress: 0 });
    const { row, seen } = await settled(t, videoId);
    expect(row).toMatchObject({ status: 'ready', progress: 100, error: null, hls_prefix: `media/${videoId}/hls` });
    // ffmpeg's own progress reached the row while it worked, and only ever went up.
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(row.duration_seconds).toBeGreaterThan(5.9);
    expect(row.duration_seconds).toBeLessThan(6.2);
    const renditions = row.renditions as Rendition[];
    expect(renditions.map(({ name, width, height, playlist }) => ({ name, width, height, playlist }))).toEqual([
      { name: '360p', width: 640, height: 360, playlist: '360p/index.m3u8' },
      { name: '720p', width: 1280, height: 720, playlist: '720p/index.m3u8' },
    ]);
    expect(renditions[0]!.bandwidth).toBeGreaterThan(50_000);
    expect(renditions[1]!.bandwidth).toBeGreaterThan(renditions[0]!.bandwidth);
    expect(await finishedJobs(t, videoId)).toEqual([{ state: 'completed', retry_limit: 3, retry_backoff: true }]);
  });

  it('serves the master playlist, a rendition playlist and its segments to the uploader', async () => {
    const master = await trainer.get(`/api/media/${videoId}/hls/master.m3u8`);
    expect(master.statusCode).toBe(200);
    expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(master.headers['cache-control']).toBe('private, no-cache');
    const streams = master.body.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(streams).toHaveLength(2);
    expect(streams[0]).toMatch(/BANDWIDTH=\d+,.*RESOLUTION=640x360,CODECS="avc1\.4d401e,mp4a\.40\.2"/);
    expect(streams[1]).toMatch(/BANDWIDTH=\d+,.*RESOLUTION=1280x720,CODECS="avc1\.4d401f,mp4a\.40\.2"/);
    expect(master.body).toContain('\n360p/index.m3u8\n');
    expect(master.body).toContain('\n720p/index.m3u8\n');

    const playlist = await trainer.get(`/api/media/${videoId}/hls/720p/index.m3u8`);
    expect(playlist.statusCode).toBe(200);
    expect(playlist.body).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(playlist.body).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(playlist.body).toContain('#EXT-X-TARGETDURATION:4');
    const segments = playlist.body.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(segments).toEqual(['seg_0000.ts', 'seg_0001.ts']);

    const segment = await trainer.get(`/api/media/${videoId}/hls/720p/${segments[0]}`);
    expect(segment.statusCode).toBe(200);
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.headers['cache-control']).toBe('private, max-age=86400, immutable');
    // What came back is a real 720p H.264 + AAC transport stream segment of about 4 s.
    const file = path.join(dir, 'segment.ts');
    await writeFile(file, segment.rawPayload);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
    const probe = JSON.parse(stdout) as { streams: { codec_name: string; height?: number }[]; format: { duration: string } };
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(probe.streams.find((s) => s.codec_name === 'h264')?.height).toBe(720);
    expect(Number(probe.format.duration)).toBeCloseTo(4, 0);

    const again = await trainer.request({ method: 'GET', url: `/api/media/${videoId}/hls/720p/${segments[0]}`, headers: { 'if-none-match': segment.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it("hides a draft course's video from other learners, not from admins", async () => {
    for (const url of [`/api/media/${videoId}/hls/master.m3u8`, `/api/media/${videoId}/hls/360p/index.m3u8`, `/api/media/${videoId}/hls/360p/seg_0000.ts`]) {
      expect((await learner.get(url)).statusCode).toBe(404);
      expect((await admin.get(url)).statusCode).toBe(200);
    }
    expect((await t.anonymous().get(`/api/media/${videoId}/hls/master.m3u8`)).statusCode).toBe(401);
  });

  it('refuses file names that could reach outside the video folder', async () => {
    const bad = [
      `/api/media/${videoId}/hls/..%2Foriginal.mp4`,
      `/api/media/${videoId}/hls/%2E%2E/original.mp4`,
      `/api/media/${videoId}/hls/360p/..%2F..%2Foriginal.mp4`,
      `/api/media/${videoId}/hls/master.m3u8.json`,
      `/api/media/${videoId}/hls/Master.M3U8`,
      `/api/media/${videoId}/hls/1080p/index.m3u8`,
      `/api/media/${videoId}/hls/360p/missing.ts`,
    ];
    for (const url of bad) {
      const res = await trainer.get(url);
      expect([400, 404], url).toContain(res.statusCode);
    }
  });

  it('never upscales: a 360p video without sound gets only 360p', { timeout: 40_000 }, async () => {
    const res = await upload(trainer, clip360, 'kecil.mp4');
    expect(res.statusCode).toBe(201);
    const { row } = await settled(t, res.json().id, 30_000);
    expect(row.status).toBe('ready');
    expect((row.renditions as Rendition[]).map((r) => [r.name, r.width, r.height])).toEqual([['360p', 640, 360]]);
    const master = await trainer.get(`/api/media/${row.id}/hls/master.m3u8`);
    expect(master.body).toMatch(/RESOLUTION=640x360,CODECS="avc1\.4d401e"\n/);
  });

  it('ends a video it cannot read as failed, with a plain reason, after its retries', { timeout: 40_000 }, async () => {
    const id = await storeVideo(t, mp4(20_000), 'pelatih');
    // The test's only shortcut: no wait between attempts (the default backs off from 5 s).
    const jobId = await t.app.jobs.send(TRANSCODE_JOB, { mediaId: id }, { singletonKey: id, retryDelaySeconds: 0, retryBackoff: false });
    expect(jobId).toBeTruthy();
    const { row } = await settled(t, id, 35_000);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^Berkas ini tidak berisi video yang dapat dibaca \(.+\)\.$/);
    expect(row.hls_prefix).toBeNull();
    // The row is marked before the queue records the attempt's failure.
    let job = await t.app.jobs.get(TRANSCODE_JOB, jobId!);
    for (let i = 0; i < 50 && job?.state === 'active'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await t.app.jobs.get(TRANSCODE_JOB, jobId!);
    }
    expect(job).toMatchObject({ state: 'failed', retryCount: 3, retryLimit: 3 });
  });
});

describe('the job queue across a restart and a shutdown', () => {
  it('runs a conversion queued just before the app stopped once a new app starts on the same database', { timeout: 40_000 }, async () => {
    const t = await createTestApp();
    let second: Awaited<ReturnType<typeof buildApp>> | null = null;
    try {
      const id = await storeVideo(t, clip360, 'pelatih');
      // Due in 3 s, so the first app is gone before any worker could take it.
      expect(await t.app.jobs.send(TRANSCODE_JOB, { mediaId: id }, { singletonKey: id, startAfterSeconds: 3 })).toBeTruthy();
      await t.app.close();
      expect((await jobRows(t, id)).map((j) => j.state)).toEqual(['created']);
      expect((await mediaRow(t, id)).status).toBe('processing');

      second = await buildApp({ config: t.config, db: t.db, serveClient: false });
      await second.ready();
      const { row } = await settled(t, id, 30_000);
      expect(row).toMatchObject({ status: 'ready', progress: 100 });
      // The start-up sweep saw the waiting job and did not queue a second one.
      expect((await finishedJobs(t, id)).map((j) => j.state)).toEqual(['completed']);
    } finally {
      await second?.close();
      await t.close();
    }
  });

  it('lets a conversion under way finish before the app closes', { timeout: 40_000 }, async () => {
    const t = await createTestApp();
    try {
      const id = await storeVideo(t, clip720, 'pelatih');
      const jobId = (await t.app.jobs.send(TRANSCODE_JOB, { mediaId: id }, { singletonKey: id }))!;
      const until = Date.now() + 20_000;
      while ((await t.app.jobs.get(TRANSCODE_JOB, jobId))?.state !== 'active') {
        if (Date.now() > until) throw new Error('the job never started');
        await new Promise((r) => setTimeout(r, 50));
      }
      await t.app.close();
      expect(await mediaRow(t, id)).toMatchObject({ status: 'ready', progress: 100 });
      expect((await jobRows(t, id)).map((j) => j.state)).toEqual(['completed']);
    } finally {
      await t.close();
    }
  });
});

describe('planRenditions', () => {
  it('sizes renditions by the shorter side, keeping the aspect ratio with even dimensions', () => {
    expect(planRenditions({ width: 1920, height: 1080, fps: 30 }).map((r) => [r.name, r.width, r.height, r.level])).toEqual([
      ['360p', 640, 360, 30],
      ['720p', 1280, 720, 31],
    ]);
    // A phone video held upright.
    expect(planRenditions({ width: 1080, height: 1920, fps: 30 }).map((r) => [r.name, r.width, r.height])).toEqual([
      ['360p', 360, 640],
      ['720p', 720, 1280],
    ]);
    expect(planRenditions({ width: 1440, height: 1080, fps: 25 }).map((r) => [r.width, r.height])).toEqual([
      [480, 360],
      [960, 720],
    ]);
  });

  it('gives a source smaller than 360p one rendition at its own size', () => {
    expect(planRenditions({ width: 427, height: 241, fps: 15 }).map((r) => [r.name, r.width, r.height])).toEqual([['240p', 426, 240]]);
  });

  it('halves frame rates above 30 so 720p stays within H.264 level 3.1', () => {
    expect(outputFps(60)).toBe(30);
    expect(outputFps(50)).toBe(25);
    expect(outputFps(29.97)).toBeNull();
    expect(planRenditions({ width: 1280, height: 720, fps: 60 }).map((r) => r.level)).toEqual([30, 31]);
  });
});

describe('without ffmpeg', () => {
  it('starts, says so, and lets videos play as uploaded', async () => {
    const t = await createTestApp({ FFMPEG_PATH: '/nonexistent/ffmpeg', FFPROBE_PATH: '/nonexistent/ffprobe' });
    try {
      expect(t.app.videoSupport).toEqual({ transcoding: false });
      const trainer = await t.login('pelatih');
      const res = await upload(trainer, clip360, 'tanpa-ffmpeg.mp4');
      expect(res.statusCode).toBe(201);
      const { row } = await settled(t, res.json().id, 5_000);
      expect(row).toMatchObject({ status: 'ready', progress: 100, hls_prefix: null, renditions: [] });
      expect((await trainer.get(`/api/media/${row.id}/hls/master.m3u8`)).statusCode).toBe(404);
      expect((await trainer.get(`/api/media/${row.id}`)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
