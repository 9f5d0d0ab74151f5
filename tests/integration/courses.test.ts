import { rm, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { writeCourseFolder } from '../factories/course-folder.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
let t: TestApp;
let learner: Client;
let admin: Client;
let trainer: Client;
const dirs: string[] = [];
const load = (dir: string) => loadContentIntoApp(t.app, dir);

beforeAll(async () => {
  t = await createTestApp();
  [learner, admin, trainer] = await Promise.all([t.login('asn'), t.login('admin'), t.login('pelatih')]);
});
afterAll(async () => {
  await t.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function fixture(slug: string, lessons: Parameters<typeof writeCourseFolder>[0]['lessons'], extra: Partial<Parameters<typeof writeCourseFolder>[0]> = {}) {
  const dir = await writeCourseFolder({ slug, title: `Kursus ${slug}`, lessons, ...extra });
  dirs.push(dir);
  await load(dir);
  return dir;
}

describe('content/courses', () => {
  it('loads the shipped courses, and a second load changes nothing', async () => {
    const first = await load(CONTENT);
    expect(first.loaded.length + first.unchanged.length).toBeGreaterThanOrEqual(4);
    const before = await t.db.selectFrom('courses').select(['slug', 'version', 'updated_at']).orderBy('slug').execute();
    const second = await load(CONTENT);
    expect(second.loaded).toEqual([]);
    expect(second.unchanged.length).toBe(before.length);
    const after = await t.db.selectFrom('courses').select(['slug', 'version', 'updated_at']).orderBy('slug').execute();
    expect(after).toEqual(before);
  });

  it('publishes a changed course as a new version, keeping progress on lessons that remain', async () => {
    const lessons = [
      { key: 'a', kind: 'text' as const, title: 'Pelajaran A' },
      { key: 'b', kind: 'text' as const, title: 'Pelajaran B' },
      { key: 'c', kind: 'text' as const, title: 'Pelajaran C' },
    ];
    const dir = await fixture('uji-versi', lessons);
    const v1 = (await learner.get('/api/courses/uji-versi')).json();
    expect(v1.version).toBe(1);
    await learner.post('/api/courses/uji-versi/enrollments');
    const a = v1.modules[0].lessons.find((l: { key: string }) => l.key === 'a');
    expect((await learner.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload: { completed: true } })).statusCode).toBe(200);

    // Edit the file: drop lesson c, rename b.
    const file = path.join(dir, 'courses', 'uji-versi', 'course.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/      - key: c[\s\S]*?required: true\n/, '').replace('title: Pelajaran B', 'title: Pelajaran B (revisi)'));
    const res = await load(dir);
    expect(res.loaded).toEqual(['uji-versi']);
    const v2 = (await learner.get('/api/courses/uji-versi')).json();
    expect(v2.version).toBe(2);
    const keys = v2.modules[0].lessons.map((l: { key: string }) => l.key);
    expect(keys).toEqual(['a', 'b']);
    expect(v2.modules[0].lessons[0]).toMatchObject({ id: a.id, completed: true });
    expect(v2.modules[0].lessons[1].title).toBe('Pelajaran B (revisi)');
    expect(v2.enrollment.progress).toBe(50);
  });

  it('keeps the webinar recordings the app added to a course when its files change', async () => {
    const dir = await fixture('uji-rekaman', [{ key: 'a', kind: 'text' as const, title: 'Pelajaran A' }]);
    const course = await t.db.selectFrom('courses').select('id').where('slug', '=', 'uji-rekaman').executeTakeFirstOrThrow();
    // As a finished recording leaves it (server/webinars/recordings.ts): a video lesson keyed by the webinar.
    const media = await t.db
      .insertInto('media')
      .values({ course_id: course.id, kind: 'video', mime: 'video/mp4', size_bytes: 1, sha256: 'x', original_name: 'rekaman.mp4', storage_key: `test/rekaman-${course.id}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mod = await t.db.insertInto('course_modules').values({ course_id: course.id, key: 'rekaman-webinar', position: 1, title: 'Rekaman webinar' }).returning('id').executeTakeFirstOrThrow();
    const lesson = await t.db
      .insertInto('lessons')
      .values({ course_id: course.id, module_id: mod.id, key: 'webinar-77', position: 0, kind: 'video', title: 'Rekaman: Sosialisasi', media_id: media.id, required: true, duration_minutes: 60 })
      .returning('id')
      .executeTakeFirstOrThrow();

    const file = path.join(dir, 'courses', 'uji-rekaman', 'course.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: Pelajaran A', 'title: Pelajaran A (revisi)'));
    expect((await load(dir)).loaded).toEqual(['uji-rekaman']);
    const v2 = (await learner.get('/api/courses/uji-rekaman')).json();
    expect(v2.version).toBe(2);
    expect(v2.modules).toHaveLength(2);
    expect(v2.modules[1]).toMatchObject({ key: 'rekaman-webinar', title: 'Rekaman webinar' });
    expect(v2.modules[1].lessons).toMatchObject([{ id: lesson.id, key: 'webinar-77', kind: 'video', title: 'Rekaman: Sosialisasi' }]);
    expect(v2.modules[0].lessons[0].title).toBe('Pelajaran A (revisi)');
  });
});

describe('GET /api/courses', () => {
  it('lists published courses with id, slug, title and jp, those meant for me first', async () => {
    await fixture('uji-untuk-disdukcapil', [{ key: 'x', kind: 'text', title: 'X' }], { targets: 'targets:\n  units: [DISDUKCAPIL]' });
    await fixture('uji-untuk-disdik', [{ key: 'x', kind: 'text', title: 'X' }], { targets: 'targets:\n  units: [DISDIK]' });
    const res = await learner.get('/api/courses?limit=100');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(items.length);
    for (const c of items) expect(c).toMatchObject({ id: expect.any(Number), slug: expect.any(String), title: expect.any(String), jp: expect.any(Number) });
    const firstOther = items.findIndex((c: { recommended: boolean }) => !c.recommended);
    const mine = items.findIndex((c: { slug: string }) => c.slug === 'uji-untuk-disdukcapil');
    const other = items.findIndex((c: { slug: string }) => c.slug === 'uji-untuk-disdik');
    expect(items[mine].recommended).toBe(true);
    expect(items[other].recommended).toBe(false);
    expect(mine).toBeLessThan(firstOther);
  });

  it('finds courses by Indonesian words in other forms (pelayanan ~ melayani)', async () => {
    const res = (await learner.get('/api/courses?q=melayani')).json();
    expect(res.items.map((c: { slug: string }) => c.slug)).toContain('pelayanan-prima-disdukcapil');
    const none = (await learner.get('/api/courses?q=zzzqqq')).json();
    expect(none.total).toBe(0);
  });

  it('filters by competency, level, JP and lesson kind', async () => {
    const byComp = (await learner.get('/api/courses?competency=M.01')).json();
    expect(byComp.items.length).toBeGreaterThan(0);
    expect(byComp.items.every((c: { competencies: { code: string }[] }) => c.competencies.some((x) => x.code === 'M.01'))).toBe(true);
    const video = (await learner.get('/api/courses?kind=video')).json();
    expect(video.items.every((c: { kinds: string[] }) => c.kinds.includes('video'))).toBe(true);
    const jp = (await learner.get('/api/courses?jpMin=4&jpMax=4')).json();
    expect(jp.items.every((c: { jp: number }) => c.jp === 4)).toBe(true);
    expect((await learner.get('/api/courses?level=expert')).statusCode).toBe(400);
  });
});

describe('GET /api/courses and /api/courses/:slug read again (replies kept per reader)', () => {
  const cardOf = (page: { items: { slug: string }[] }, slug: string) => page.items.find((c) => c.slug === slug) as { enrollment: { progress: number } | null; recommended: boolean } | undefined;

  it('gives each learner their own page, never one kept for someone else', async () => {
    await fixture('uji-milik-sendiri', [{ key: 'a', kind: 'text', title: 'A' }, { key: 'b', kind: 'text', title: 'B' }]);
    const [ani, budi] = await Promise.all([t.newPerson('Ani'), t.newPerson('Budi')]);
    await ani.post('/api/courses/uji-milik-sendiri/enrollments');
    const lesson = (await ani.get('/api/courses/uji-milik-sendiri')).json().modules[0].lessons[0];
    await ani.request({ method: 'PUT', url: `/api/lessons/${lesson.id}/progress`, payload: { completed: true } });
    for (const url of ['/api/courses?limit=100', '/api/courses?q=milik&limit=100', '/api/courses/uji-milik-sendiri']) {
      // Ani reads twice (the second from what was kept for her), then Budi at the same address.
      const first = await ani.get(url);
      const again = await ani.get(url);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
      const hers = first.json();
      const his = (await budi.get(url)).json();
      if (url.startsWith('/api/courses?')) {
        expect(cardOf(hers, 'uji-milik-sendiri')!.enrollment).toMatchObject({ progress: 50 });
        expect(cardOf(his, 'uji-milik-sendiri')!.enrollment).toBeNull();
      } else {
        expect(hers.enrollment).toMatchObject({ progress: 50 });
        expect(hers.modules[0].lessons.map((l: { completed: boolean }) => l.completed)).toEqual([true, false]);
        expect(his.enrollment).toBeNull();
        expect(his.modules[0].lessons.map((l: { completed: boolean }) => l.completed)).toEqual([false, false]);
      }
    }
  });

  it('shows my own enrolment and progress at once on pages I have just read', async () => {
    await fixture('uji-langsung', [{ key: 'a', kind: 'text', title: 'A' }, { key: 'b', kind: 'text', title: 'B' }]);
    const me = await t.newPerson('Citra');
    const catalogue = async () => cardOf((await me.get('/api/courses?limit=100')).json(), 'uji-langsung')!;
    const page = async () => (await me.get('/api/courses/uji-langsung')).json();
    expect((await catalogue()).enrollment).toBeNull();
    expect((await page()).enrollment).toBeNull();
    await me.post('/api/courses/uji-langsung/enrollments');
    expect((await catalogue()).enrollment).toMatchObject({ progress: 0 });
    const before = await page();
    expect(before.enrollment).toMatchObject({ progress: 0 });
    await me.request({ method: 'PUT', url: `/api/lessons/${before.modules[0].lessons[1].id}/progress`, payload: { completed: true } });
    const after = await page();
    expect(after.enrollment).toMatchObject({ progress: 50 });
    expect(after.modules[0].lessons.map((l: { completed: boolean }) => l.completed)).toEqual([false, true]);
    expect(after.lastLessonId).toBe(before.modules[0].lessons[1].id);
    expect((await catalogue()).enrollment).toMatchObject({ progress: 50 });
  });

  it('shows what is meant for me at once when an admin moves me to another office', async () => {
    await fixture('uji-untuk-inspektorat', [{ key: 'x', kind: 'text', title: 'X' }], { targets: 'targets:\n  units: [INSPEKTORAT]' });
    const me = await t.newPerson('Dewi');
    const recommended = async () => cardOf((await me.get('/api/courses?limit=100')).json(), 'uji-untuk-inspektorat')!.recommended;
    expect(await recommended()).toBe(false);
    const unit = await t.db.selectFrom('units').select('id').where('code', '=', 'INSPEKTORAT').executeTakeFirstOrThrow();
    expect((await admin.patch(`/api/people/${me.id}`, { unitId: unit.id })).statusCode).toBe(200);
    expect(await recommended()).toBe(true);
  });
});

describe('POST /api/courses/:slug/enrollments', () => {
  it('enrols once: 201, then 200 with the same enrolment', async () => {
    await fixture('uji-daftar', [{ key: 'x', kind: 'text', title: 'X' }]);
    const first = await learner.post('/api/courses/uji-daftar/enrollments');
    expect(first.statusCode).toBe(201);
    const again = await learner.post('/api/courses/uji-daftar/enrollments');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
  });

  it('refuses a course whose prerequisites are not finished', async () => {
    await fixture('uji-dasar', [{ key: 'x', kind: 'text', title: 'X' }]);
    await fixture('uji-lanjutan', [{ key: 'y', kind: 'text', title: 'Y' }], { prerequisites: ['uji-dasar'] });
    const res = await learner.post('/api/courses/uji-lanjutan/enrollments');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('prerequisites_not_met');
  });

  it('answers 404 for an unknown course', async () => {
    expect((await learner.post('/api/courses/tidak-ada-kursus/enrollments')).statusCode).toBe(404);
  });
});

describe('PUT /api/lessons/:id/progress', () => {
  it('completes the course once, with its JP, when the last required lesson is done', async () => {
    await fixture('uji-selesai', [
      { key: 'a', kind: 'text', title: 'A' },
      { key: 'b', kind: 'document', title: 'B' },
      { key: 'opsional', kind: 'link', title: 'Bacaan', required: false },
    ], { jp: 3 });
    const course = (await learner.get('/api/courses/uji-selesai')).json();
    const [a, b] = course.modules[0].lessons;
    const before = await learner.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload: { completed: true } });
    expect(before.statusCode).toBe(403);
    expect(before.json().error).toMatchObject({ code: 'not_enrolled', details: { courseSlug: 'uji-selesai' } });
    const card = async () => (await learner.get('/api/courses?limit=100')).json().items.find((c: { slug: string }) => c.slug === 'uji-selesai');
    expect((await card()).enrollment).toBeNull();
    await learner.post('/api/courses/uji-selesai/enrollments');
    expect((await card()).enrollment).toMatchObject({ progress: 0 });
    const one = (await learner.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload: { completed: true } })).json();
    expect(one.course).toMatchObject({ progress: 50, completedAt: null, jpAwarded: null });
    // The catalogue shows my own progress at once, though it keeps what I see for a few seconds.
    expect((await card()).enrollment).toMatchObject({ progress: 50 });
    // The last lesson reported twice at once: one completion, the same date for both.
    const [x, y] = await Promise.all([
      learner.request({ method: 'PUT', url: `/api/lessons/${b.id}/progress`, payload: { completed: true } }),
      learner.request({ method: 'PUT', url: `/api/lessons/${b.id}/progress`, payload: { completed: true } }),
    ]);
    expect(x.statusCode).toBe(200);
    expect(y.statusCode).toBe(200);
    expect(x.json().course.completedAt).not.toBeNull();
    expect(x.json().course.completedAt).toBe(y.json().course.completedAt);
    expect(x.json().course.jpAwarded).toBe(3);
    const mine = (await learner.get('/api/me/enrollments')).json().find((e: { course: { slug: string } }) => e.course.slug === 'uji-selesai');
    expect(mine).toMatchObject({ progress: 100, jpAwarded: 3, completedAt: x.json().course.completedAt });
    const page = (await learner.get('/api/courses/uji-selesai')).json();
    expect(page.enrollment).toMatchObject({ progress: 100, jpAwarded: 3 });
  });

  it('counts a video as done only when enough of it was watched', async () => {
    await fixture('uji-video', [{ key: 'v', kind: 'video', title: 'Video', minutes: 2 }], { minWatchPct: 90 });
    await learner.post('/api/courses/uji-video/enrollments');
    const v = (await learner.get('/api/courses/uji-video')).json().modules[0].lessons[0];
    const put = (payload: object) => learner.request({ method: 'PUT', url: `/api/lessons/${v.id}/progress`, payload: payload as never });
    const early = await put({ completed: true, positionSeconds: 30, watchedRanges: [[0, 30]] });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_watched_enough');
    // The refused request saved nothing; seconds watched twice count once; the position is kept.
    const more = (await put({ positionSeconds: 100, watchedRanges: [[20, 100], [0, 30]] })).json();
    expect(more).toMatchObject({ completed: false, positionSeconds: 100, watchedSeconds: 100 });
    const done = await put({ completed: true, watchedRanges: [[100, 120]] });
    expect(done.statusCode).toBe(200);
    expect(done.json().completed).toBe(true);
    const lesson = (await learner.get(`/api/lessons/${v.id}`)).json();
    expect(lesson.progress).toMatchObject({ completed: true, positionSeconds: 100 });
  });

  it('validates the body and refuses another person’s lesson ids only by enrolment', async () => {
    await fixture('uji-validasi', [{ key: 'a', kind: 'text', title: 'A' }]);
    await learner.post('/api/courses/uji-validasi/enrollments');
    const a = (await learner.get('/api/courses/uji-validasi')).json().modules[0].lessons[0];
    for (const payload of [{ completed: 'ya' }, { positionSeconds: -1 }, { readPct: 101 }, { extra: true }]) {
      expect((await learner.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
    const guru = await t.login('guru');
    expect((await guru.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload: { completed: true } })).statusCode).toBe(403);
    expect((await learner.request({ method: 'PUT', url: `/api/lessons/99999999/progress`, payload: { completed: true } })).statusCode).toBe(404);
  });
});

describe('authoring and review', () => {
  it('keeps an unpublished course from learners until an admin publishes it', async () => {
    const created = await trainer.post('/api/authoring/courses', { slug: 'uji-buatan-pelatih', title: 'Kursus Buatan Pelatih' });
    expect(created.statusCode).toBe(201);
    const doc = created.json().document;
    doc.summary = 'Ringkas.';
    doc.jp = 2;
    doc.modules = [{ key: 'm1', title: 'Modul', lessons: [{ key: 'l1', kind: 'text', title: 'Pelajaran', body: '# Halo\n\n<script>alert(1)</script>', required: true }] }];
    const saved = await trainer.request({ method: 'PUT', url: '/api/authoring/courses/uji-buatan-pelatih/draft', payload: doc });
    expect(saved.statusCode).toBe(200);

    expect((await learner.get('/api/courses/uji-buatan-pelatih')).statusCode).toBe(404);
    expect((await learner.get('/api/courses?q=Pelatih')).json().items.map((c: { slug: string }) => c.slug)).not.toContain('uji-buatan-pelatih');
    expect((await learner.request({ method: 'PUT', url: '/api/authoring/courses/uji-buatan-pelatih/draft', payload: doc })).statusCode).toBe(403);
    expect((await trainer.post('/api/authoring/courses/uji-buatan-pelatih/publish')).statusCode).toBe(403);

    expect((await trainer.post('/api/authoring/courses/uji-buatan-pelatih/submit')).json()).toMatchObject({ status: 'review', draftState: 'review' });
    const published = await admin.post('/api/authoring/courses/uji-buatan-pelatih/publish');
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', draftState: null, version: 1 });

    const seen = (await learner.get('/api/courses/uji-buatan-pelatih')).json();
    expect(seen.modules[0].lessons[0]).toMatchObject({ kind: 'text', title: 'Pelajaran' });
    await learner.post('/api/courses/uji-buatan-pelatih/enrollments');
    const lesson = (await learner.get(`/api/lessons/${seen.modules[0].lessons[0].id}`)).json();
    expect(lesson.bodyHtml).toContain('<h1>Halo</h1>');
    expect(lesson.bodyHtml).not.toContain('<script>');
  });

  it('previews lesson Markdown as learners will see it, for authors only', async () => {
    const res = await trainer.post('/api/authoring/preview', { markdown: '## Langkah\n\n1. Sapa\n\n<script>x()</script>' });
    expect(res.statusCode).toBe(200);
    expect(res.json().html).toContain('<h2>Langkah</h2>');
    expect(res.json().html).not.toContain('<script>');
    expect((await learner.post('/api/authoring/preview', { markdown: 'x' })).statusCode).toBe(403);
  });

  it('keeps null as null in a saved draft (no limit is not a limit of zero)', async () => {
    const created = (await trainer.post('/api/authoring/courses', { slug: 'uji-null', title: 'Uji Null' })).json();
    const doc = created.document;
    doc.modules = [{ key: 'm', title: 'M', lessons: [{ key: 'l', kind: 'text', title: 'L', body: '', required: true, durationMinutes: null, minWatchPct: null }] }];
    const saved = await trainer.request({ method: 'PUT', url: '/api/authoring/courses/uji-null/draft', payload: doc });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().document.modules[0].lessons[0]).toMatchObject({ durationMinutes: null, minWatchPct: null });
    expect(saved.json()).toMatchObject({ id: created.id, source: 'app', reviewNote: null });
  });

  it('refuses a draft that does not match the schema, changing nothing', async () => {
    await trainer.post('/api/authoring/courses', { slug: 'uji-draf-buruk', title: 'Draf Buruk' });
    const bad = await trainer.request({ method: 'PUT', url: '/api/authoring/courses/uji-draf-buruk/draft', payload: { title: 'x' } });
    expect(bad.statusCode).toBe(400);
    const draft = (await trainer.get('/api/authoring/courses/uji-draf-buruk/draft')).json();
    expect(draft.document.title).toBe('Draf Buruk');
    expect((await trainer.post('/api/authoring/courses', { slug: 'uji-draf-buruk', title: 'Lagi' })).statusCode).toBe(409);
    expect((await trainer.post('/api/authoring/courses', { slug: 'Bukan Slug!', title: 'Lagi' })).statusCode).toBe(400);
  });
});

describe('POST /api/courses/:slug/assignments', () => {
  it('assigns a course to an office with a due date; learners see it as assigned and overdue', async () => {
    await fixture('uji-tugas', [{ key: 'x', kind: 'text', title: 'X' }]);
    const me = (await learner.get('/api/me')).json();
    // Seen (and kept for a few seconds) before the assignment …
    expect((await learner.get('/api/courses?limit=100')).json().items.find((c: { slug: string }) => c.slug === 'uji-tugas').enrollment).toBeNull();
    expect((await learner.get('/api/courses/uji-tugas')).json().enrollment).toBeNull();
    const res = await admin.post('/api/courses/uji-tugas/assignments', { unitId: me.unit.id, dueAt: '2026-01-31' });
    expect(res.statusCode).toBe(201);
    expect(res.json().assigned).toBeGreaterThan(0);
    const mine = (await learner.get('/api/me/enrollments')).json().find((e: { course: { slug: string } }) => e.course.slug === 'uji-tugas');
    expect(mine).toMatchObject({ source: 'assigned', overdue: true });
    // … and shown as assigned at once afterwards.
    expect((await learner.get('/api/courses/uji-tugas')).json().enrollment).toMatchObject({ source: 'assigned', progress: 0 });
    expect((await learner.get('/api/courses?limit=100')).json().items.find((c: { slug: string }) => c.slug === 'uji-tugas').enrollment).toMatchObject({ source: 'assigned' });
    expect((await learner.post('/api/courses/uji-tugas/assignments', { unitId: me.unit.id })).statusCode).toBe(403);
    expect((await admin.post('/api/courses/uji-tugas/assignments', { unitId: me.unit.id, positionId: 1 })).statusCode).toBe(400);
  });
});

describe('GET /api/courses/:slug/report', () => {
  it('summarises enrolments per office and exports one CSV line per person', async () => {
    await fixture('uji-laporan', [{ key: 'a', kind: 'text', title: 'A' }, { key: 'b', kind: 'text', title: 'B' }], { jp: 2 });
    const guru = await t.login('guru');
    await learner.post('/api/courses/uji-laporan/enrollments');
    await guru.post('/api/courses/uji-laporan/enrollments');
    const a = (await learner.get('/api/courses/uji-laporan')).json().modules[0].lessons[0];
    await learner.request({ method: 'PUT', url: `/api/lessons/${a.id}/progress`, payload: { completed: true } });
    const res = await admin.get('/api/courses/uji-laporan/report');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.totals).toMatchObject({ enrolled: 2, inProgress: 1, completed: 0 });
    expect(report.offices.length).toBe(2);
    const csv = await admin.get('/api/courses/uji-laporan/report.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('nip,nama,kode_unit,unit,jabatan,sumber,terdaftar,tenggat,progres_persen,selesai,jp');
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.includes(',50,'))).toBe(true);
    expect((await learner.get('/api/courses/uji-laporan/report')).statusCode).toBe(403);
    // A trainer who does not own the course gets no report.
    expect((await trainer.get('/api/courses/uji-laporan/report')).statusCode).toBe(403);
  });
});
