import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaCreated } from '../../server/media/service.ts';
import { blob, mp4, pdf, png, sha256 } from '../factories/media-files.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let dataDir: string;
let trainer: Client;
let admin: Client;
let learner: Client;
let otherTrainer: Client;

/** Every file under the store's folder, relative to it. */
async function storedFiles(dir: string): Promise<string[]> {
  const root = path.join(dir, 'files');
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
  } catch {
    return [];
  }
}

function upload(client: Client, body: Buffer, name: string, opts: { courseId?: number; type?: string } = {}) {
  const form = new FormData();
  if (opts.courseId !== undefined) form.append('courseId', String(opts.courseId));
  form.append('file', blob(body, opts.type), name);
  return client.request({ method: 'POST', url: '/api/media', payload: form });
}

async function personId(t: TestApp, username: string): Promise<number> {
  return (await t.db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

let courseSeq = 0;
async function createCourse(t: TestApp, owner: string, opts: { status?: 'draft' | 'published'; quota?: number } = {}): Promise<number> {
  const row = await t.db
    .insertInto('courses')
    .values({
      slug: `media-uji-${++courseSeq}-${Date.now()}`,
      title: 'Kursus uji media',
      owner_id: await personId(t, owner),
      status: opts.status ?? 'draft',
      ...(opts.quota !== undefined && { storage_quota_bytes: opts.quota }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const mediaCount = async (t: TestApp) => Number((await t.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-media-test-'));
  t = await createTestApp({ DATA_DIR: dataDir });
  [trainer, admin, learner, otherTrainer] = await Promise.all([t.login('pelatih'), t.login('admin'), t.login('asn'), t.login('mitra')]);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('POST /api/media', () => {
  it('stores a PNG named .pdf as image/png, streamed into DATA_DIR/files with its sha256', async () => {
    const body = png(5000);
    const res = await upload(trainer, body, 'laporan.pdf', { type: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media).toMatchObject({ kind: 'image', mime: 'image/png', sizeBytes: body.length, originalName: 'laporan.pdf', status: 'ready', progress: 100, courseId: null });
    expect(media.url).toBe(`/api/media/${media.id}`);
    const row = await t.db.selectFrom('media').selectAll().where('id', '=', media.id).executeTakeFirstOrThrow();
    expect(row.sha256).toBe(sha256(body));
    expect(row.storage_key).toBe(`media/${media.id}/original.png`);
    expect(await readFile(path.join(dataDir, 'files', 'media', media.id, 'original.png'))).toEqual(body);
    const stat = await t.app.storage.stat(row.storage_key);
    expect(stat).toMatchObject({ size: body.length, contentType: 'image/png' });
  });

  it('refuses a text file named .pdf with 415, naming what is allowed, and leaves nothing behind', async () => {
    const [rowsBefore, filesBefore] = [await mediaCount(t), await storedFiles(dataDir)];
    const res = await upload(trainer, Buffer.from('Ini bukan PDF, hanya teks biasa.\n'.repeat(50)), 'materi.pdf', { type: 'application/pdf' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    expect(res.json().error.message).toMatch(/MP4.*PDF.*PNG/);
    expect(await mediaCount(t)).toBe(rowsBefore);
    expect(await storedFiles(dataDir)).toEqual(filesBefore);
  });

  it('refuses an SVG (it can carry script) with 415', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await upload(trainer, svg, 'logo.svg', { type: 'image/svg+xml' });
    expect(res.statusCode).toBe(415);
  });

  it('accepts a PDF, and a video as processing with progress 0, announcing the video to listeners after commit', async () => {
    const doc = await upload(admin, pdf(), 'Pedoman Pelayanan.pdf');
    expect(doc.statusCode).toBe(201);
    expect(doc.json()).toMatchObject({ kind: 'document', mime: 'application/pdf', status: 'ready' });

    const seen: MediaCreated[] = [];
    const inDb: (string | undefined)[] = [];
    const listener = (m: MediaCreated) => {
      seen.push(m);
      void t.db.selectFrom('media').select('status').where('id', '=', m.id).executeTakeFirst().then((r) => inDb.push(r?.status));
    };
    t.app.mediaEvents.on('created', listener);
    try {
      const res = await upload(trainer, mp4(30_000), 'rekaman.mp4', { type: 'video/mp4' });
      expect(res.statusCode).toBe(201);
      const media = res.json();
      expect(media).toMatchObject({ kind: 'video', mime: 'video/mp4', status: 'processing', progress: 0 });
      expect(seen).toEqual([expect.objectContaining({ id: media.id, kind: 'video', storageKey: `media/${media.id}/original.mp4` })]);
      await expect.poll(() => inDb).toEqual(['processing']);
    } finally {
      t.app.mediaEvents.off('created', listener);
    }
  });

  it('refuses a learner with 403 and stores nothing', async () => {
    const [rowsBefore, filesBefore] = [await mediaCount(t), await storedFiles(dataDir)];
    const res = await upload(learner, png(), 'foto.png');
    expect(res.statusCode).toBe(403);
    expect(await mediaCount(t)).toBe(rowsBefore);
    expect(await storedFiles(dataDir)).toEqual(filesBefore);
  });

  it("refuses a course the trainer cannot edit (403) and an unknown course (404)", async () => {
    const adminCourse = await createCourse(t, 'admin');
    expect((await upload(trainer, png(), 'a.png', { courseId: adminCourse })).statusCode).toBe(403);
    expect((await upload(trainer, png(), 'a.png', { courseId: 99_999_999 })).statusCode).toBe(404);
    expect((await upload(trainer, png(), 'a.png', { courseId: 'abc' as never })).statusCode).toBe(400);
  });

  it('refuses an empty file, a missing file and a field after the file with 400, keeping nothing', async () => {
    const filesBefore = await storedFiles(dataDir);
    expect((await upload(trainer, Buffer.alloc(0), 'kosong.png')).statusCode).toBe(400);
    const noFile = new FormData();
    noFile.append('courseId', String(await createCourse(t, 'pelatih')));
    expect((await trainer.request({ method: 'POST', url: '/api/media', payload: noFile })).statusCode).toBe(400);
    const late = new FormData();
    late.append('file', blob(png()), 'a.png');
    late.append('courseId', String(await createCourse(t, 'pelatih')));
    const res = await trainer.request({ method: 'POST', url: '/api/media', payload: late });
    expect(res.statusCode).toBe(400);
    expect(await storedFiles(dataDir)).toEqual(filesBefore);
  });

  it("keeps to the course's storage quota (413 quota_exceeded) and leaves nothing of the refused file", async () => {
    const courseId = await createCourse(t, 'pelatih', { quota: 30_000 });
    const first = await upload(trainer, png(20_000), 'satu.png', { courseId });
    expect(first.statusCode).toBe(201);
    expect(first.json().courseId).toBe(courseId);
    const [rowsBefore, filesBefore] = [await mediaCount(t), await storedFiles(dataDir)];
    const second = await upload(trainer, png(20_000), 'dua.png', { courseId });
    expect(second.statusCode).toBe(413);
    expect(second.json().error.code).toBe('quota_exceeded');
    expect(await mediaCount(t)).toBe(rowsBefore);
    expect(await storedFiles(dataDir)).toEqual(filesBefore);
    // What still fits is accepted.
    expect((await upload(trainer, png(5_000), 'tiga.png', { courseId })).statusCode).toBe(201);
  });
});

describe('POST /api/media with a small UPLOAD_MAX_BYTES', () => {
  let small: TestApp;
  let smallDir: string;
  beforeAll(async () => {
    smallDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-media-small-'));
    small = await createTestApp({ DATA_DIR: smallDir, UPLOAD_MAX_BYTES: '50000' });
  });
  afterAll(async () => {
    await small.close();
    await rm(smallDir, { recursive: true, force: true });
  });

  it('stops a larger file with 413 payload_too_large and leaves no row and no file', async () => {
    const pelatih = await small.login('pelatih');
    const res = await upload(pelatih, png(200_000), 'besar.png');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(await mediaCount(small)).toBe(0);
    expect(await storedFiles(smallDir)).toEqual([]);
    expect((await upload(pelatih, png(40_000), 'kecil.png')).statusCode).toBe(201);
  });
});

describe('GET /api/media/:id', () => {
  let id: string;
  let body: Buffer;
  let etag: string;
  beforeAll(async () => {
    body = png(100_000);
    const res = await upload(trainer, body, 'Peta Kecamatan Jebres — 2026.png');
    id = res.json().id;
  });

  it('serves the whole file with type, validators, private caching and an inline UTF-8 name', async () => {
    const res = await trainer.get(`/api/media/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toEqual(body);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      etag: `"${sha256(body)}"`,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="Peta Kecamatan Jebres _ 2026.png"; filename*=UTF-8''Peta%20Kecamatan%20Jebres%20%E2%80%94%202026.png`,
    );
    expect(new Date(res.headers['last-modified'] as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    etag = res.headers.etag as string;
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await trainer.request({ method: 'HEAD', url: `/api/media/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.rawPayload.length).toBe(0);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1000-', 1000, body.length - 1],
      ['bytes=-500', body.length - 500, body.length - 1],
      [`bytes=${body.length - 10}-${body.length + 1000}`, body.length - 10, body.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { range } });
      expect(res.statusCode, range).toBe(206);
      expect(res.headers['content-range'], range).toBe(`bytes ${start}-${end}/${body.length}`);
      expect(res.headers['content-length'], range).toBe(String(end - start + 1));
      expect(res.rawPayload.equals(body.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 to a range past the end, and the whole file (200) to several ranges', async () => {
    const past = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { range: `bytes=${body.length}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${body.length}`);
    const multi = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { range: 'bytes=0-9,20-29' } });
    expect(multi.statusCode).toBe(200);
    expect(multi.rawPayload.length).toBe(body.length);
    const stale = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('answers 304 to If-None-Match and If-Modified-Since', async () => {
    const res = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { 'if-none-match': etag } });
    expect(res.statusCode).toBe(304);
    expect(res.rawPayload.length).toBe(0);
    expect(res.headers.etag).toBe(etag);
    const since = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { 'if-modified-since': new Date(Date.now() + 1000).toUTCString() } });
    expect(since.statusCode).toBe(304);
    const changed = await trainer.request({ method: 'GET', url: `/api/media/${id}`, headers: { 'if-none-match': '"something-else"' } });
    expect(changed.statusCode).toBe(200);
  });

  it("hides a course-less file from everyone but its uploader and admins (404)", async () => {
    expect((await otherTrainer.get(`/api/media/${id}`)).statusCode).toBe(404);
    expect((await learner.get(`/api/media/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/media/${id}`)).statusCode).toBe(200);
    expect((await t.anonymous().get(`/api/media/${id}`)).statusCode).toBe(401);
    expect((await trainer.get('/api/media/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it("lets a learner read a published course's file, but not a draft's (404)", async () => {
    const courseId = await createCourse(t, 'pelatih');
    const media = (await upload(trainer, pdf(), 'modul.pdf', { courseId })).json();
    expect((await learner.get(`/api/media/${media.id}`)).statusCode).toBe(404);
    await t.db.updateTable('courses').set({ status: 'published' }).where('id', '=', courseId).execute();
    const res = await learner.get(`/api/media/${media.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Reading is not managing.
    expect((await learner.get(`/api/media/${media.id}/status`)).statusCode).toBe(404);
  });
});

describe('GET /api/media/:id/status', () => {
  it('shows the processing state to the uploader and hides it from others', async () => {
    const media = (await upload(trainer, mp4(), 'kelas.mp4')).json();
    await t.db.updateTable('media').set({ progress: 40 }).where('id', '=', media.id).execute();
    const res = await trainer.get(`/api/media/${media.id}/status`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: media.id, status: 'processing', progress: 40, error: null });
    expect((await otherTrainer.get(`/api/media/${media.id}/status`)).statusCode).toBe(404);
  });
});

describe('DELETE /api/media/:id', () => {
  it('refuses with 409 while a lesson uses the file, deletes it with 204 once it does not', async () => {
    const courseId = await createCourse(t, 'pelatih');
    const media = (await upload(trainer, pdf(), 'bahan.pdf', { courseId })).json();
    const module = await t.db.insertInto('course_modules').values({ course_id: courseId, key: 'm1', position: 1, title: 'Modul 1' }).returning('id').executeTakeFirstOrThrow();
    const lesson = await t.db
      .insertInto('lessons')
      .values({ course_id: courseId, module_id: module.id, key: 'l1', position: 1, kind: 'document', title: 'Bahan', media_id: media.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const del = () => trainer.request({ method: 'DELETE', url: `/api/media/${media.id}` });
    const refused = await del();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('conflict');

    await t.db.updateTable('lessons').set({ media_id: null }).where('id', '=', lesson.id).execute();
    expect((await learner.request({ method: 'DELETE', url: `/api/media/${media.id}` })).statusCode).toBe(404);
    expect((await del()).statusCode).toBe(204);
    expect(await t.db.selectFrom('media').select('id').where('id', '=', media.id).executeTakeFirst()).toBeUndefined();
    expect((await storedFiles(dataDir)).filter((f) => f.includes(media.id))).toEqual([]);
    expect((await trainer.get(`/api/media/${media.id}`)).statusCode).toBe(404);
  });

  it('refuses with 409 while a course draft still names the file', async () => {
    const courseId = await createCourse(t, 'pelatih');
    const media = (await upload(trainer, png(), 'sampul.png', { courseId })).json();
    await t.db.updateTable('courses').set({ draft: JSON.stringify({ coverMediaId: media.id, modules: [] }) }).where('id', '=', courseId).execute();
    expect((await trainer.request({ method: 'DELETE', url: `/api/media/${media.id}` })).statusCode).toBe(409);
  });
});

describe('POST /api/media and GET /api/media/:id over real HTTP', () => {
  it('takes a browser-style FormData upload and serves a range of it', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const headers = { cookie: trainer.cookie!, 'x-csrf-token': trainer.csrfToken! };
    const body = png(300_000);
    const form = new FormData();
    form.append('file', blob(body, 'image/png'), 'foto-lapangan.png');
    const res = await fetch(`${base}/api/media`, { method: 'POST', body: form, headers });
    expect(res.status).toBe(201);
    const media = (await res.json()) as { id: string; sizeBytes: number };
    expect(media.sizeBytes).toBe(body.length);

    const part = await fetch(`${base}/api/media/${media.id}`, { headers: { ...headers, range: 'bytes=100000-100099' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100_000, 100_100))).toBe(true);
  });
});
