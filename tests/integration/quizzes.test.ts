import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpired } from '../../server/quizzes/attempts.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { ESSAY, makeQuiz, rightAnswer, SAMPLES } from '../factories/quiz.ts';

let t: TestApp;
let learner: Client;
let other: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  [learner, other, admin] = await Promise.all([t.login('asn'), t.login('guru'), t.login('admin')]);
});
afterAll(async () => {
  await t.close();
});

const put = (c: Client, attemptId: number, questionId: number, response: unknown, seq: number) =>
  c.request({ method: 'PUT', url: `/api/attempts/${attemptId}/answers/${questionId}`, payload: { response, seq } });

describe('POST /api/quizzes/:id/attempts', () => {
  it('starts once: 201, then 200 with the same attempt, deadline by the server clock, no answers in it', async () => {
    const { quizId } = await makeQuiz(t.db, SAMPLES.map((s) => s.doc), { time_limit_minutes: 20 });
    const first = await learner.post(`/api/quizzes/${quizId}/attempts`);
    expect(first.statusCode).toBe(201);
    const a = first.json();
    expect(a.state).toBe('in_progress');
    const minutes = (Date.parse(a.deadline) - Date.parse(a.startedAt)) / 60_000;
    expect(minutes).toBeCloseTo(20, 1);
    expect(a.questions).toHaveLength(SAMPLES.length);
    const body = first.body;
    for (const leak of ['fraction', '"correct"', '"answer":', '"answers":', '"numeric":', '"pairs":', 'feedback']) expect(body).not.toContain(leak);
    // The matching options are offered, the pairing is not.
    const matching = a.questions.find((q: { type: string }) => q.type === 'matching');
    expect(matching.options).toEqual(expect.arrayContaining(['KK', 'SKPWNI', 'Ijazah']));
    const ordering = a.questions.find((q: { type: string }) => q.type === 'ordering');
    expect(ordering.items.map((i: { id: string }) => i.id)).not.toEqual(['a', 'b', 'c', 'd']);
    const again = await learner.post(`/api/quizzes/${quizId}/attempts`);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(a.id);
  });

  it('gives one attempt to 50 starts at once', async () => {
    const { quizId } = await makeQuiz(t.db, [SAMPLES[0]!.doc]);
    const replies = await Promise.all(Array.from({ length: 50 }, () => learner.post(`/api/quizzes/${quizId}/attempts`)));
    expect(replies.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(replies.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.db.selectFrom('quiz_attempts').select('id').where('quiz_id', '=', quizId).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a draft quiz (404), an unknown one (404), and a start after the attempts allowed (409)', async () => {
    const draft = await makeQuiz(t.db, [SAMPLES[0]!.doc], { status: 'draft' });
    expect((await learner.post(`/api/quizzes/${draft.quizId}/attempts`)).statusCode).toBe(404);
    expect((await learner.post('/api/quizzes/999999/attempts')).json().error.code).toBe('quiz_not_found');
    const once = await makeQuiz(t.db, [SAMPLES[0]!.doc], { attempts_allowed: 1 });
    const a = (await learner.post(`/api/quizzes/${once.quizId}/attempts`)).json();
    await learner.post(`/api/attempts/${a.id}/submit`);
    const refused = await learner.post(`/api/quizzes/${once.quizId}/attempts`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('no_attempts_left');
  });
});

describe('PUT /api/attempts/:id/answers/:questionId', () => {
  it('saves each answer on its own; a retry is 200, an older seq 409 and the newer answer stays', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc, SAMPLES[2]!.doc]);
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    const q = questionIds[0]!;
    const one = await put(learner, a.id, q, 'b', 1);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ questionId: q, seq: 1 });
    expect((await put(learner, a.id, q, 'a', 3)).statusCode).toBe(200);
    expect((await put(learner, a.id, q, 'a', 3)).statusCode).toBe(200); // the same save again
    const stale = await put(learner, a.id, q, 'c', 2);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_seq', details: { storedSeq: 3 } });
    const conflictingRetry = await put(learner, a.id, q, 'c', 3);
    expect(conflictingRetry.statusCode).toBe(409);
    const view = (await learner.get(`/api/attempts/${a.id}`)).json();
    expect(view.questions.find((x: { id: number }) => x.id === q)).toMatchObject({ response: 'a', seq: 3 });
  });

  it('validates the body and refuses a question outside the attempt, changing nothing', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc]);
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    const bad = await learner.request({ method: 'PUT', url: `/api/attempts/${a.id}/answers/${questionIds[0]}`, payload: { response: 'a' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const negative = await put(learner, a.id, questionIds[0]!, 'a', -1);
    expect(negative.statusCode).toBe(400);
    const shapeless = await put(learner, a.id, questionIds[0]!, [{ a: 1 }], 1);
    expect(shapeless.statusCode).toBe(400);
    expect(shapeless.json().error.code).toBe('validation_failed');
    const outside = await put(learner, a.id, 999999, 'a', 1);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('question_not_in_attempt');
    const stored = await t.db.selectFrom('attempt_answers').select('seq').where('attempt_id', '=', a.id).execute();
    expect(stored).toEqual([]);
  });

  it('refuses saves after the deadline (plus grace) and submits the attempt', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc], { time_limit_minutes: 5 });
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    expect((await put(learner, a.id, questionIds[0]!, 'a', 1)).statusCode).toBe(200);
    // Within the grace period a save sent in time still counts.
    await t.db.updateTable('quiz_attempts').set({ deadline: sql`now() - interval '3 seconds'` }).where('id', '=', a.id).execute();
    expect((await put(learner, a.id, questionIds[0]!, 'b', 2)).statusCode).toBe(200);
    await t.db.updateTable('quiz_attempts').set({ deadline: sql`now() - interval '1 minute'` }).where('id', '=', a.id).execute();
    const late = await put(learner, a.id, questionIds[0]!, 'a', 3);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('deadline_passed');
    const view = (await learner.get(`/api/attempts/${a.id}`)).json();
    expect(view).toMatchObject({ state: 'submitted', submittedBy: 'deadline' });
    expect(view.questions[0]).toMatchObject({ response: 'b', seq: 2 });
    expect(view.result).toMatchObject({ score: 0, pct: 0, passed: false });
  });

  it('keeps another person out of my attempt (404 for read, save and submit)', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc]);
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    expect((await other.get(`/api/attempts/${a.id}`)).statusCode).toBe(404);
    expect((await put(other, a.id, questionIds[0]!, 'a', 1)).statusCode).toBe(404);
    expect((await other.post(`/api/attempts/${a.id}/submit`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('attempt_answers').select('seq').where('attempt_id', '=', a.id).execute()).toEqual([]);
    // An admin may look (to grade and to report), not answer.
    expect((await admin.get(`/api/attempts/${a.id}`)).statusCode).toBe(200);
    expect((await put(admin, a.id, questionIds[0]!, 'a', 1)).statusCode).toBe(404);
  });
});

describe('POST /api/attempts/:id/submit', () => {
  it('grades every type, with partial credit, per-competency sub-scores, and the same result twice', async () => {
    const docs = SAMPLES.map((s) => s.doc);
    const { quizId, questionIds } = await makeQuiz(t.db, docs, { pass_pct: 60 });
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    // Right on all but: multiple partly right (0.5 of 2 points) and ordering wrong.
    for (const [i, s] of SAMPLES.entries()) {
      const response = s.doc.type === 'multiple' ? s.partial!.response : s.doc.type === 'ordering' ? s.wrong : s.right;
      expect((await put(learner, a.id, questionIds[i]!, response, 1)).statusCode).toBe(200);
    }
    const res = await learner.post(`/api/attempts/${a.id}/submit`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const max = docs.reduce((s, d) => s + d.points, 0); // 8
    expect(r.result, JSON.stringify(r.result)).toMatchObject({ maxScore: max, score: max - 1 - 1, passed: true, needsGrading: false });
    expect(r.result.pct).toBeCloseTo(75);
    expect(r.result.competencies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'M.05', score: 1, max: 1, pct: 100 }),
        expect.objectContaining({ code: 'T.DUK.01', score: 1, max: 2, pct: 50 }),
      ]),
    );
    // Feedback and right answers per the review options (default: score and feedback now, answers after close).
    expect(r.questions[0].feedback.join(' ')).toContain('Benar');
    expect(r.questions[0].correct).toBeUndefined();
    const again = (await learner.post(`/api/attempts/${a.id}/submit`)).json();
    expect(again.result).toEqual(r.result);
    expect(again.submittedAt).toBe(r.submittedAt);
    expect((await put(learner, a.id, questionIds[0]!, 'b', 9)).json().error.code).toBe('attempt_submitted');
  });

  it('leaves an essay for a trainer: the score is provisional and pass is undecided', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc, ESSAY]);
    const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    await put(learner, a.id, questionIds[0]!, 'a', 1);
    await put(learner, a.id, questionIds[1]!, 'Antrean daring mengurangi waktu tunggu.', 1);
    const r = (await learner.post(`/api/attempts/${a.id}/submit`)).json();
    expect(r.result).toMatchObject({ needsGrading: true, passed: null, score: 1, maxScore: 5 });
  });
});

describe('deadline sweep', () => {
  it('submits attempts whose learner never came back, and only those', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc], { time_limit_minutes: 10 });
    const gone = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    const here = (await other.post(`/api/quizzes/${quizId}/attempts`)).json();
    await put(learner, gone.id, questionIds[0]!, 'a', 1);
    await t.db.updateTable('quiz_attempts').set({ deadline: sql`now() - interval '1 minute'` }).where('id', '=', gone.id).execute();
    await sweepExpired(t.db);
    const rows = await t.db.selectFrom('quiz_attempts').select(['id', 'state', 'submitted_by', 'score']).where('id', 'in', [gone.id, here.id]).orderBy('id').execute();
    expect(rows.find((r) => r.id === gone.id)).toMatchObject({ state: 'submitted', submitted_by: 'sweep', score: 1 });
    expect(rows.find((r) => r.id === here.id)).toMatchObject({ state: 'in_progress' });
  });
});

describe('review options', () => {
  it('shows right answers after close: for a quiz that never closes, once no attempts are left', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc], { attempts_allowed: 2, review: JSON.stringify({ score: 'immediately', answers: 'after_close', feedback: 'never' }) });
    const take = async () => {
      const a = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
      await put(learner, a.id, questionIds[0]!, 'b', 1);
      return (await learner.post(`/api/attempts/${a.id}/submit`)).json();
    };
    const first = await take();
    expect(first.result.pct).toBe(0);
    expect(first.questions[0].correct).toBeUndefined();
    expect(first.questions[0].feedback).toBeUndefined();
    const second = await take();
    expect(second.questions[0].correct).toEqual(['a']);
    const info = (await learner.get(`/api/quizzes/${quizId}`)).json();
    expect(info).toMatchObject({ canStart: false, cannotStart: { code: 'no_attempts_left' }, grade: { pct: 0, passed: false } });
    expect(info.attempts).toHaveLength(2);
  });
});

describe('shipped quizzes', () => {
  it('a course post-test is the course’s last lesson; passing it completes the course', async () => {
    const { loadContentIntoApp } = await import('../../server/courses/content.ts');
    const path = await import('node:path');
    const r = await loadContentIntoApp(t.app, path.resolve(import.meta.dirname, '../../content'));
    expect(r.quizzes.loaded.length + r.quizzes.unchanged.length).toBeGreaterThanOrEqual(9);
    const course = (await learner.get('/api/courses/integritas-anti-korupsi-asn')).json();
    const lessons = course.modules.flatMap((m: { lessons: unknown[] }) => m.lessons) as { id: number; kind: string; required: boolean }[];
    const last = lessons[lessons.length - 1]!;
    expect(last.kind).toBe('quiz');
    await learner.post('/api/courses/integritas-anti-korupsi-asn/enrollments');
    const lesson = (await learner.get(`/api/lessons/${last.id}`)).json();
    expect(lesson.quizId).toEqual(expect.any(Number));
    const refused = await learner.request({ method: 'PUT', url: `/api/lessons/${last.id}/progress`, payload: { completed: true } });
    expect(refused.json().error.code).toBe('quiz_not_passed');
    for (const l of lessons.filter((x) => x.required && x.kind !== 'quiz')) {
      expect((await learner.request({ method: 'PUT', url: `/api/lessons/${l.id}/progress`, payload: { completed: true } })).statusCode).toBe(200);
    }
    // Answer every question right, from the bank's keys.
    const a = (await learner.post(`/api/quizzes/${lesson.quizId}/attempts`)).json();
    expect(a.deadline).not.toBeNull();
    const { grade } = await import('../../server/quizzes/model.ts');
    for (const q of a.questions) {
      const v = await t.db
        .selectFrom('attempt_questions as aq')
        .innerJoin('question_versions as v', 'v.id', 'aq.version_id')
        .select('v.doc')
        .where('aq.attempt_id', '=', a.id)
        .where('aq.question_id', '=', q.id)
        .executeTakeFirstOrThrow();
      const doc = v.doc as import('../../server/quizzes/model.ts').QuestionDocT;
      const right = rightAnswer(doc);
      expect(grade(doc, right as never).fraction, doc.name).toBe(1);
      expect((await put(learner, a.id, q.id, right, 1)).statusCode).toBe(200);
    }
    const result = (await learner.post(`/api/attempts/${a.id}/submit`)).json();
    expect(result.result).toMatchObject({ pct: 100, passed: true });
    const after = (await learner.get('/api/courses/integritas-anti-korupsi-asn')).json();
    expect(after.enrollment).toMatchObject({ progress: 100, jpAwarded: 3 });
  });

  it('assigns the city competency test to DISDUKCAPIL: its staff see it, others may not take it', async () => {
    const mine = (await learner.get('/api/me/quizzes')).json().items;
    const test = mine.find((q: { slug: string }) => q.slug === 'uji-kompetensi-pelayanan-publik-2026');
    expect(test).toMatchObject({ state: 'not_started', timeLimitMinutes: 30 });
    expect((await other.get('/api/me/quizzes')).json().items.map((q: { slug: string }) => q.slug)).not.toContain('uji-kompetensi-pelayanan-publik-2026');
    const refused = await other.post(`/api/quizzes/${test.id}/attempts`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('not_assigned');
    const started = await learner.post(`/api/quizzes/${test.id}/attempts`);
    expect(started.statusCode).toBe(201);
    expect(started.json().questions.length).toBe(15);
  });
});

describe('results, item analysis and essay grading', () => {
  it('reports per person and office, analyses items, and grades essays into the result', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc, ESSAY], { pass_pct: 60 });
    const take = async (c: Client, choice: string, essay: string) => {
      const a = (await c.post(`/api/quizzes/${quizId}/attempts`)).json();
      await put(c, a.id, questionIds[0]!, choice, 1);
      await put(c, a.id, questionIds[1]!, essay, 1);
      return (await c.post(`/api/attempts/${a.id}/submit`)).json();
    };
    const mine = await take(learner, 'a', 'Antrean daring mengurangi waktu tunggu warga.');
    await take(other, 'b', 'Belum ada.');
    expect((await learner.get(`/api/quizzes/${quizId}/results`)).statusCode).toBe(404);

    const results = (await admin.get(`/api/quizzes/${quizId}/results`)).json();
    expect(results.summary).toMatchObject({ people: 2, attempts: 2, submitted: 2, needsGrading: 2, passedPeople: 0 });
    expect(results.byOffice.length).toBe(2);
    const csv = await admin.get(`/api/quizzes/${quizId}/results.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(3);

    const analysis = (await admin.get(`/api/quizzes/${quizId}/analysis`)).json();
    expect(analysis.attempts).toBe(2);
    const single = analysis.questions.find((q: { questionId: number }) => q.questionId === questionIds[0]);
    expect(single).toMatchObject({ facilityIndex: 50, answered: 2 });
    expect(single.distractors).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'a', correct: true, count: 1 }), expect.objectContaining({ id: 'b', correct: false, count: 1 }), expect.objectContaining({ id: 'c', count: 0 })]),
    );

    const queue = (await admin.get(`/api/quizzes/${quizId}/grading`)).json().items;
    expect(queue).toHaveLength(2);
    expect(queue[0].rubric).toHaveLength(2);
    const tooMuch = await admin.request({ method: 'PUT', url: `/api/attempts/${mine.id}/questions/${questionIds[1]}/grade`, payload: { score: 5 } });
    expect(tooMuch.statusCode).toBe(400);
    expect((await learner.request({ method: 'PUT', url: `/api/attempts/${mine.id}/questions/${questionIds[1]}/grade`, payload: { score: 4 } })).statusCode).toBe(404);
    const graded = await admin.request({ method: 'PUT', url: `/api/attempts/${mine.id}/questions/${questionIds[1]}/grade`, payload: { score: 3, comment: 'Contoh yang jelas.', rubricScores: [2, 1] } });
    expect(graded.statusCode).toBe(200);
    expect(graded.json()).toMatchObject({ pct: 80, passed: true, needsGrading: false });
    const seen = (await learner.get(`/api/attempts/${mine.id}`)).json();
    expect(seen.result).toMatchObject({ score: 4, maxScore: 5, passed: true, needsGrading: false });
    expect(seen.questions.find((q: { id: number }) => q.id === questionIds[1]).graderComment).toBe('Contoh yang jelas.');
    expect((await admin.get(`/api/quizzes/${quizId}/grading`)).json().items).toHaveLength(1);
  });
});

describe('building a quiz in the app', () => {
  it('creates, edits and publishes a quiz from a bank, with a random draw, extra time and an assignment', async () => {
    const trainer = await t.login('pelatih');
    const bank = (await trainer.post('/api/question-banks', { slug: 'bank-uji-kuis-app', name: 'Bank uji kuis' })).json();
    const ids: number[] = [];
    for (const s of SAMPLES) ids.push((await trainer.post(`/api/question-banks/${bank.id}/questions`, { category: 'Umum', doc: s.doc })).json().id);
    const category = (await trainer.get(`/api/question-banks/${bank.id}`)).json().categories[0].id;
    const settings = {
      title: 'Kuis buatan pelatih',
      timeLimitMinutes: 15,
      passPct: 60,
      items: [{ questionId: ids[0] }, { categoryId: category, count: 3 }],
      status: 'draft',
    };
    const created = await trainer.post('/api/quizzes', { slug: 'kuis-buatan-pelatih', settings });
    expect(created.statusCode).toBe(201);
    const quiz = created.json();
    expect(quiz.settings).toMatchObject({ title: 'Kuis buatan pelatih', timeLimitMinutes: 15, grading: 'highest', items: settings.items });
    // Drafts are for their authors only.
    expect((await learner.post(`/api/quizzes/${quiz.id}/attempts`)).statusCode).toBe(404);
    const bad = await trainer.request({ method: 'PUT', url: `/api/quizzes/${quiz.id}`, payload: { ...settings, items: [{ questionId: 999999 }] } });
    expect(bad.statusCode).toBe(400);
    expect((await trainer.get(`/api/quizzes/${quiz.id}/edit`)).json().settings.items).toEqual(settings.items);
    const published = await trainer.request({ method: 'PUT', url: `/api/quizzes/${quiz.id}`, payload: { ...settings, status: 'published' } });
    expect(published.json()).toMatchObject({ version: 2, settings: { status: 'published' } });
    const me = (await learner.get('/api/me')).json();
    expect((await trainer.request({ method: 'PUT', url: `/api/quizzes/${quiz.id}/extra-time`, payload: [{ personId: me.id, minutes: 10 }] })).statusCode).toBe(200);
    expect((await trainer.post(`/api/quizzes/${quiz.id}/assignments`, { unitId: me.unit.id })).statusCode).toBe(403); // admins assign
    expect((await admin.post(`/api/quizzes/${quiz.id}/assignments`, { unitId: me.unit.id, dueAt: '2026-12-31T16:59:59Z' })).statusCode).toBe(201);
    expect((await other.post(`/api/quizzes/${quiz.id}/attempts`)).json().error.code).toBe('not_assigned');
    const a = (await learner.post(`/api/quizzes/${quiz.id}/attempts`)).json();
    expect(a.questions).toHaveLength(4);
    expect(a.questions[0].id).toBe(ids[0]);
    expect((Date.parse(a.deadline) - Date.parse(a.startedAt)) / 60_000).toBeCloseTo(25, 1);
    expect((await learner.get('/api/me/quizzes')).json().items.map((q: { id: number }) => q.id)).toContain(quiz.id);
  });
});

describe('a quiz lesson in a course draft', () => {
  it('needs a quiz that exists and is not another course’s before it can be submitted', async () => {
    const trainer = await t.login('pelatih');
    expect((await trainer.post('/api/authoring/courses', { slug: 'kursus-uji-kuis', title: 'Kursus uji kuis' })).statusCode).toBe(201);
    // The addresses of the quiz pages are not course addresses.
    expect((await trainer.post('/api/authoring/courses', { slug: 'quizzes', title: 'Kuis' })).statusCode).toBe(409);
    const doc = (quizId: number | null) => ({
      title: 'Kursus uji kuis',
      modules: [{ key: 'm1', title: 'Modul', lessons: [{ key: 'baca', kind: 'text', title: 'Bacaan', body: 'Isi' }, { key: 'tes', kind: 'quiz', title: 'Post-test', quizId }] }],
    });
    const save = (quizId: number | null) => trainer.request({ method: 'PUT', url: '/api/authoring/courses/kursus-uji-kuis/draft', payload: doc(quizId) });
    expect((await save(null)).statusCode).toBe(200);
    const missing = await trainer.post('/api/authoring/courses/kursus-uji-kuis/submit');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('belum memiliki kuis');
    expect((await save(999999)).statusCode).toBe(200);
    expect((await trainer.post('/api/authoring/courses/kursus-uji-kuis/submit')).json().error.message).toContain('tidak ditemukan');
    const mine = (await trainer.get('/api/quizzes')).json().items.find((q: { slug: string }) => q.slug === 'kuis-buatan-pelatih');
    expect((await save(mine.id)).statusCode).toBe(200);
    expect((await trainer.post('/api/authoring/courses/kursus-uji-kuis/submit')).statusCode).toBe(200);
  });
});

describe('saves arriving together', () => {
  it('are written together, each checked on its own', async () => {
    const { quizId, questionIds } = await makeQuiz(t.db, SAMPLES.map((s) => s.doc));
    const mine = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    const theirs = (await other.post(`/api/quizzes/${quizId}/attempts`)).json();
    const matching = SAMPLES.findIndex((s) => s.doc.type === 'matching');
    const replies = await Promise.all([
      ...SAMPLES.map((s, i) => put(learner, mine.id, questionIds[i]!, s.right, 5)),
      put(learner, mine.id, questionIds[0]!, 'c', 4), // older than the 5 sent with it
      put(other, mine.id, questionIds[1]!, ['a'], 9), // not their attempt
      put(other, theirs.id, 999999, 'a', 1), // not a question of the attempt
      put(other, theirs.id, questionIds[0]!, 'b', 1),
    ]);
    expect(replies.slice(0, SAMPLES.length).map((r) => r.statusCode)).toEqual(SAMPLES.map(() => 200));
    expect(replies[SAMPLES.length]!.json().error.code).toBe('stale_seq');
    expect(replies[SAMPLES.length + 1]!.statusCode).toBe(404);
    expect(replies[SAMPLES.length + 2]!.json().error.code).toBe('question_not_in_attempt');
    expect(replies[SAMPLES.length + 3]!.statusCode).toBe(200);
    // A retry of a matching answer with its keys in another order is the same answer.
    const right = SAMPLES[matching]!.right as Record<string, string>;
    const reordered = Object.fromEntries(Object.entries(right).reverse());
    expect((await put(learner, mine.id, questionIds[matching]!, reordered, 5)).statusCode).toBe(200);
    const r = (await learner.post(`/api/attempts/${mine.id}/submit`)).json();
    expect(r.result.pct).toBe(100);
  });
});

describe('starts arriving together', () => {
  it('are written together: one attempt per person, 201 for the first start and 200 for the repeat', async () => {
    const { quizId } = await makeQuiz(t.db, [SAMPLES[0]!.doc, SAMPLES[2]!.doc], { time_limit_minutes: 10 });
    const people = [learner, other, admin, await t.login('atasan')];
    const replies = await Promise.all(people.flatMap((c) => [c.post(`/api/quizzes/${quizId}/attempts`), c.post(`/api/quizzes/${quizId}/attempts`)]));
    for (let i = 0; i < people.length; i++) {
      const [a, b] = [replies[2 * i]!, replies[2 * i + 1]!];
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
      expect(a.json().id).toBe(b.json().id);
      expect(a.json().questions).toHaveLength(2);
      expect(a.json().deadline).not.toBeNull();
    }
    expect(new Set(replies.map((r) => r.json().id)).size).toBe(people.length);
    const rows = await t.db.selectFrom('attempt_questions as q').innerJoin('quiz_attempts as a', 'a.id', 'q.attempt_id').select('q.attempt_id').where('a.quiz_id', '=', quizId).execute();
    expect(rows).toHaveLength(2 * people.length);
  });
});
