import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/quiz');
let t: TestApp;
let trainer: Client;
let learner: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  [trainer, learner, admin] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('admin')]);
});
afterAll(async () => {
  await t.close();
});

const importFile = (c: Client, bankId: number, format: string, body: string, dryRun = false) =>
  c.request({ method: 'POST', url: `/api/question-banks/${bankId}/import?format=${format}&dryRun=${dryRun}`, payload: body, headers: { 'content-type': format === 'moodlexml' ? 'application/xml' : 'text/plain' } });

async function newBank(slug: string) {
  const res = await trainer.post('/api/question-banks', { slug, name: `Bank ${slug}` });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
}

describe('question banks', () => {
  it('lists the banks a trainer may edit; learners get 403', async () => {
    const id = await newBank('bank-uji-daftar');
    const mine = (await trainer.get('/api/question-banks')).json().items;
    expect(mine.map((b: { id: number }) => b.id)).toContain(id);
    expect((await learner.get('/api/question-banks')).statusCode).toBe(403);
    // An admin sees every bank, the seeded ones included once content is loaded.
    expect((await admin.get('/api/question-banks')).json().items.map((b: { id: number }) => b.id)).toContain(id);
    expect((await trainer.post('/api/question-banks', { slug: 'bank-uji-daftar', name: 'Lagi' })).statusCode).toBe(409);
    // Banks shared by an office are made by admins, and its scoped admins edit them.
    const unit = (await admin.get('/api/units')).json().items?.[0] ?? (await admin.get('/api/units')).json()[0];
    expect((await trainer.post('/api/question-banks', { slug: 'bank-uji-unit', name: 'Bank unit', unitId: unit.id })).statusCode).toBe(403);
    const shared = await admin.post('/api/question-banks', { slug: 'bank-uji-unit', name: 'Bank unit', unitId: unit.id });
    expect(shared.statusCode).toBe(201);
    expect(shared.json().unitId).toBe(unit.id);
  });

  it('imports Moodle XML: every supported type, skipped ones with reasons; a re-import changes nothing', async () => {
    const id = await newBank('bank-uji-moodle');
    const xml = await readFile(path.join(FIXTURES, 'moodle-export.xml'), 'utf8');
    const dry = (await importFile(trainer, id, 'moodlexml', xml, true)).json();
    expect(dry.dryRun).toBe(true);
    expect((await trainer.get(`/api/question-banks/${id}`)).json().bank.questionCount).toBe(0);
    const res = await importFile(trainer, id, 'moodlexml', xml);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.summary).toEqual(dry.summary);
    expect(new Set(r.imported.map((q: { type: string }) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'short', 'numeric', 'matching', 'ordering', 'essay']));
    expect(r.skipped.map((s: { reason: string }) => s.reason).join(' ')).toMatch(/calculated/);
    expect(r.skipped.length).toBeGreaterThanOrEqual(3); // calculated, cloze, description
    expect(r.summary.created).toBe(r.imported.length);
    const again = (await importFile(trainer, id, 'moodlexml', xml)).json();
    expect(again.summary, JSON.stringify(again.imported.filter((i: { action: string }) => i.action !== 'unchanged'))).toMatchObject({ created: 0, updated: 0, unchanged: r.imported.length });
    // The embedded picture is stored and the question points at it.
    const bank = (await trainer.get(`/api/question-banks/${id}`)).json();
    expect(JSON.stringify(bank)).toMatch(/\/api\/media\/[0-9a-f-]{36}/);
  });

  it('imports GIFT and CSV, exports GIFT and Moodle XML that import back the same', async () => {
    const id = await newBank('bank-uji-gift');
    const gift = await readFile(path.join(FIXTURES, 'bank-soal.gift.txt'), 'utf8');
    const r = (await importFile(trainer, id, 'gift', gift)).json();
    expect(r.summary.created).toBeGreaterThanOrEqual(7);
    const csv = await readFile(path.join(FIXTURES, 'soal-pg.csv'), 'utf8');
    const c = (await importFile(trainer, id, 'csv', csv)).json();
    expect(c.summary.created).toBeGreaterThan(0);
    for (const format of ['gift', 'moodlexml']) {
      const out = await trainer.get(`/api/question-banks/${id}/export?format=${format}`);
      expect(out.statusCode).toBe(200);
      expect(out.headers['content-disposition']).toContain('bank-uji-gift');
      const copy = await newBank(`bank-uji-salin-${format}`);
      const back = (await importFile(trainer, copy, format, out.body)).json();
      expect(back.skipped).toEqual([]);
      const a = (await trainer.get(`/api/question-banks/${id}`)).json();
      const b = (await trainer.get(`/api/question-banks/${copy}`)).json();
      const docs = (x: typeof a) => x.categories.flatMap((cat: { questions: { doc: { name: string } }[] }) => cat.questions.map((q) => q.doc)).sort((p: { name: string }, q: { name: string }) => p.name.localeCompare(q.name));
      const [x, y] = [docs(a), docs(b)];
      // The copy says everything the original says (Moodle XML also spells out defaults such as case sensitivity).
      expect(y).toHaveLength(x.length);
      for (let i = 0; i < x.length; i++) expect(y[i], `${format}: ${JSON.stringify(x[i])}`).toMatchObject(x[i]);
    }
  });

  it('refuses a file that is not the format, and a bank of someone else (404)', async () => {
    const id = await newBank('bank-uji-salah');
    const bad = await importFile(trainer, id, 'moodlexml', 'ini bukan xml');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBeTruthy();
    const theirs = (await admin.post('/api/question-banks', { slug: 'bank-milik-admin', name: 'Bank admin' })).json().id;
    expect((await trainer.get(`/api/question-banks/${theirs}`)).statusCode).toBe(404);
    expect((await importFile(trainer, theirs, 'gift', '::a:: Soal? {T}')).statusCode).toBe(404);
  });

  it('editing a question an attempt used makes a new version; the attempt keeps the one it showed', async () => {
    const id = await newBank('bank-uji-versi');
    const q = await trainer.post(`/api/question-banks/${id}/questions`, {
      category: 'Umum',
      doc: { type: 'truefalse', name: 'Versi', stem: 'Versi pertama?', answer: true },
    });
    expect(q.statusCode).toBe(201);
    const qid = q.json().id;
    // Unused: edited in place.
    expect((await trainer.request({ method: 'PUT', url: `/api/questions/${qid}`, payload: { doc: { type: 'truefalse', name: 'Versi', stem: 'Versi pertama (diperbaiki)?', answer: true } } })).json()).toMatchObject({ version: 1, action: 'updated' });
    const quiz = await t.db.insertInto('quizzes').values({ slug: 'kuis-uji-versi', title: 'Kuis versi', status: 'published' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('quiz_items').values({ quiz_id: quiz.id, position: 1, question_id: qid }).execute();
    const attempt = (await learner.post(`/api/quizzes/${quiz.id}/attempts`)).json();
    const edited = await trainer.request({ method: 'PUT', url: `/api/questions/${qid}`, payload: { doc: { type: 'truefalse', name: 'Versi', stem: 'Versi kedua?', answer: false } } });
    expect(edited.json()).toMatchObject({ version: 2, action: 'versioned' });
    const seen = (await learner.get(`/api/attempts/${attempt.id}`)).json();
    expect(seen.questions[0].stemHtml).toContain('diperbaiki');
    const bad = await trainer.request({ method: 'PUT', url: `/api/questions/${qid}`, payload: { doc: { type: 'single', name: 'x', stem: 'x', choices: [] } } });
    expect(bad.statusCode).toBe(400);
  });
});
