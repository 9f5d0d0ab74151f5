import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDueFollowups } from '../../server/evaluation/service.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let trainer: Client;
let admin: Client;
let atasan: Client;
let otherTrainer: Client & { id: number };
let ids: { trainer: number; atasan: number };

beforeAll(async () => {
  t = await createTestApp({ JANUS_PATH: '/nonexistent/janus' });
  [trainer, admin, atasan] = await Promise.all([t.login('pelatih'), t.login('admin'), t.login('atasan')]);
  otherTrainer = await t.newPerson('Pelatih Lain', ['trainer']);
  const people = await t.db.selectFrom('people').select(['id', 'username']).where('username', 'in', ['pelatih', 'atasan']).execute();
  const id = (u: string) => people.find((p) => p.username === u)!.id;
  ids = { trainer: id('pelatih'), atasan: id('atasan') };
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const slug = (p: string) => `${p}-${randomBytes(4).toString('hex')}`;

async function course(ownerId = ids.trainer) {
  const row = await t.db
    .insertInto('courses')
    .values({ slug: slug('evaluasi'), title: 'Pelayanan Prima', status: 'published', owner_id: ownerId, published_at: new Date(), version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function enrol(personId: number, courseId: number, o: { enrolledAt?: Date; completedAt?: Date | null } = {}) {
  await t.db
    .insertInto('enrollments')
    .values({
      person_id: personId,
      course_id: courseId,
      source: 'self',
      enrolled_at: o.enrolledAt ?? ago(30),
      completed_at: o.completedAt === undefined ? ago(1) : o.completedAt,
      jp_awarded: o.completedAt === null ? null : 2,
    })
    .execute();
}

async function webinar(hostId = ids.trainer, extra: { quiz_id?: number } = {}) {
  const row = await t.db
    .insertInto('webinars')
    .values({
      title: 'Webinar Pelayanan Publik',
      starts_at: ago(2),
      ends_at: new Date(ago(2).getTime() + 2 * 3600_000),
      capacity: 50,
      jp: 2,
      host_id: hostId,
      created_by: hostId,
      status: 'ended',
      ended_at: new Date(ago(2).getTime() + 2 * 3600_000),
      ...extra,
    })
    .returning(['id', 'starts_at', 'ends_at'])
    .executeTakeFirstOrThrow();
  return row;
}

async function outcome(webinarId: number, personId: number, qualified: boolean) {
  await t.db.insertInto('webinar_outcomes').values({ webinar_id: webinarId, person_id: personId, minutes: qualified ? 110 : 10, attended_pct: qualified ? 91 : 8, qualified }).execute();
}

async function quiz(title: string) {
  return (await t.db.insertInto('quizzes').values({ slug: slug('kuis'), title, status: 'published', owner_id: ids.trainer }).returning('id').executeTakeFirstOrThrow()).id;
}

let attemptNo = 0;
/** A submitted attempt with its percentage; graded unless told otherwise. */
async function attempt(quizId: number, personId: number, pct: number, submittedAt: Date, o: { needsGrading?: boolean; inProgress?: boolean } = {}) {
  await t.db
    .insertInto('quiz_attempts')
    .values({
      quiz_id: quizId,
      person_id: personId,
      number: ++attemptNo,
      state: o.inProgress ? 'in_progress' : 'submitted',
      started_at: new Date(submittedAt.getTime() - 600_000),
      submitted_at: o.inProgress ? null : submittedAt,
      submitted_by: o.inProgress ? null : 'learner',
      score: o.inProgress ? null : pct,
      max_score: 100,
      pct: o.inProgress ? null : pct,
      passed: o.inProgress ? null : pct >= 70,
      needs_grading: o.needsGrading ?? false,
    })
    .execute();
}

const answers = { relevance: 5, trainer: 4, materials: 3, delivery: 4, recommend: 10, mostUseful: 'Contoh kasus nyata', improve: 'Video lebih pendek' };
const responsesOf = (courseId: number) => t.db.selectFrom('evaluation_responses').selectAll().where('course_id', '=', courseId).execute();

describe('POST /api/evaluations/:kind/:id/survey', () => {
  it('is refused before the course is completed, and writes nothing', async () => {
    const c = await course();
    const learner = await t.newPerson('Belum Selesai');
    await enrol(learner.id, c, { completedAt: null });
    expect((await learner.get(`/api/evaluations/courses/${c}/survey`)).json()).toMatchObject({ eligible: false, response: null });
    const res = await learner.post(`/api/evaluations/courses/${c}/survey`, answers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_eligible');
    expect(await responsesOf(c)).toHaveLength(0);
  });

  it('takes one answer per person after completion; a second is 409 and changes nothing', async () => {
    const c = await course();
    const learner = await t.newPerson('Sudah Selesai');
    await enrol(learner.id, c);
    const pending = (await learner.get('/api/evaluations/me/pending')).json();
    expect(pending.items.map((i: { activity: { id: number } }) => i.activity.id)).toContain(c);

    const first = await learner.post(`/api/evaluations/courses/${c}/survey`, answers);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ eligible: true, response: { relevance: 5, recommend: 10, mostUseful: 'Contoh kasus nyata' } });
    const second = await learner.post(`/api/evaluations/courses/${c}/survey`, { ...answers, relevance: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('already_answered');
    const rows = await responsesOf(c);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.relevance).toBe(5);
    expect((await learner.get('/api/evaluations/me/pending')).json().items.map((i: { activity: { id: number } }) => i.activity.id)).not.toContain(c);
  });

  it('rejects a scale out of range with 400 and writes nothing', async () => {
    const c = await course();
    const learner = await t.newPerson('Salah Isi');
    await enrol(learner.id, c);
    for (const bad of [{ ...answers, relevance: 6 }, { ...answers, recommend: 11 }, { ...answers, trainer: undefined }, { ...answers, extra: 1 }]) {
      const res = await learner.post(`/api/evaluations/courses/${c}/survey`, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(await responsesOf(c)).toHaveLength(0);
  });

  it('opens for a webinar only to those its outcome counted present', async () => {
    const w = await webinar();
    const present = await t.newPerson('Hadir');
    const absent = await t.newPerson('Tidak Cukup Hadir');
    await outcome(w.id, present.id, true);
    await outcome(w.id, absent.id, false);
    expect((await absent.post(`/api/evaluations/webinars/${w.id}/survey`, answers)).statusCode).toBe(403);
    expect((await present.post(`/api/evaluations/webinars/${w.id}/survey`, answers)).statusCode).toBe(201);
  });

  it('can be dismissed: the prompt goes, the survey stays open', async () => {
    const c = await course();
    const learner = await t.newPerson('Nanti Saja');
    await enrol(learner.id, c);
    const res = await learner.post(`/api/evaluations/courses/${c}/survey/dismiss`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dismissed: true, eligible: true });
    expect((await learner.get('/api/evaluations/me/pending')).json().items.map((i: { activity: { id: number } }) => i.activity.id)).not.toContain(c);
    expect((await learner.post(`/api/evaluations/courses/${c}/survey`, answers)).statusCode).toBe(201);
  });

  it('answers 404 for an activity that does not exist', async () => {
    const learner = await t.newPerson('Siapa Saja');
    expect((await learner.get('/api/evaluations/courses/99999999/survey')).statusCode).toBe(404);
    expect((await learner.get('/api/evaluations/kelas/1/survey')).statusCode).toBe(400);
  });
});

describe('GET /api/evaluations/:kind/:id/report', () => {
  it('withholds averages and comments below three responses, then shows them without names', async () => {
    const c = await course();
    const people = await Promise.all(['Ani Responden', 'Budi Responden', 'Citra Responden', 'Dedi Diam'].map((n) => t.newPerson(n)));
    for (const p of people) await enrol(p.id, c);
    await people[0]!.post(`/api/evaluations/courses/${c}/survey`, answers);
    await people[1]!.post(`/api/evaluations/courses/${c}/survey`, { relevance: 4, trainer: 4, materials: 4, delivery: 5, recommend: 9 });

    const two = (await trainer.get(`/api/evaluations/courses/${c}/report`)).json();
    expect(two.reaction).toMatchObject({ eligible: 4, responses: 2, responseRate: 50, shown: false, averages: null, comments: null });

    await people[2]!.post(`/api/evaluations/courses/${c}/survey`, { relevance: 3, trainer: 5, materials: 2, delivery: 3, recommend: 6, improve: 'Lebih banyak latihan' });
    for (const who of [trainer, admin]) {
      const res = await who.get(`/api/evaluations/courses/${c}/report`);
      expect(res.statusCode).toBe(200);
      const r = res.json();
      // (5+4+3)/3, (4+4+5)/3, (3+4+2)/3, (4+5+3)/3, (10+9+6)/3; NPS: 2 promoters − 1 detractor of 3.
      expect(r.reaction).toMatchObject({
        eligible: 4,
        responses: 3,
        responseRate: 75,
        shown: true,
        averages: { relevance: 4, trainer: 4.33, materials: 3, delivery: 4, recommend: 8.33, nps: 33.33 },
        comments: { mostUseful: ['Contoh kasus nyata'], improve: ['Lebih banyak latihan', 'Video lebih pendek'] },
      });
      expect(r.trainer).toMatchObject({ id: ids.trainer });
      for (const p of people) {
        expect(res.body).not.toContain(p.id === people[3]!.id ? 'Dedi Diam' : 'Responden');
        expect(res.body).not.toContain(`"personId":${p.id}`);
      }
    }
  });

  it('is 403 for learners and other trainers, 404 for an unknown activity', async () => {
    const c = await course();
    const w = await webinar();
    const learner = await t.newPerson('Penasaran');
    await enrol(learner.id, c);
    for (const url of [`/api/evaluations/courses/${c}/report`, `/api/evaluations/webinars/${w.id}/report`, `/api/evaluations/courses/${c}/tests`]) {
      for (const who of [learner, otherTrainer]) {
        const res = await who.get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
    }
    expect((await admin.get('/api/evaluations/courses/99999999/report')).statusCode).toBe(404);
    expect((await trainer.get(`/api/evaluations/webinars/${w.id}/report`)).statusCode).toBe(200);
  });

  it('downloads the report as CSV', async () => {
    const c = await course();
    const people = await Promise.all([1, 2, 3].map((n) => t.newPerson(`CSV ${n}`)));
    for (const p of people) {
      await enrol(p.id, c);
      await p.post(`/api/evaluations/courses/${c}/survey`, { relevance: 4, trainer: 5, materials: 4, delivery: 4, recommend: 8, mostUseful: '=SUM(A1)' });
    }
    const res = await trainer.get(`/api/evaluations/courses/${c}/report?format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`evaluasi-kursus-${c}.csv`);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('tingkat,ukuran,nilai');
    expect(lines).toContain('reaksi,responden,3');
    expect(lines).toContain('reaksi,pengajar_rata2,5');
    // A comment that looks like a formula stays text.
    expect(lines).toContain("reaksi,paling_bermanfaat,'=SUM(A1)");
    const xlsx = await admin.get(`/api/evaluations/courses/${c}/report?format=xlsx`);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await otherTrainer.get(`/api/evaluations/courses/${c}/report?format=csv`)).statusCode).toBe(403);
  });
});

describe('pre/post comparison', () => {
  it('pairs each person’s first pre-test with their best later post-test in the course window, figures checked by hand', async () => {
    const c = await course();
    const pre = await quiz('Tes awal pelayanan');
    const post = await quiz('Tes akhir pelayanan');
    const set = await trainer.request({ method: 'PUT', url: `/api/evaluations/courses/${c}/tests`, payload: { preQuizId: pre, postQuizId: post } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ pre: { id: pre }, post: { id: post } });
    // Saving again updates the one row; leaving a field out keeps it.
    const again = await trainer.request({ method: 'PUT', url: `/api/evaluations/courses/${c}/tests`, payload: { preQuizId: pre } });
    expect(again.json()).toMatchObject({ pre: { id: pre }, post: { id: post } });
    expect(await t.db.selectFrom('evaluation_tests').select('id').where('course_id', '=', c).execute()).toHaveLength(1);

    const [a, b, cc, d, e, f, g] = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => t.newPerson(`Peserta ${n}`)));
    for (const p of [a, b, cc, d, e, f]) await enrol(p!.id, c, { enrolledAt: ago(20) });
    await enrol(g!.id, c, { enrolledAt: ago(10) });
    // A: 40 → 70: gain 30, g = 30/60 = 0.5
    await attempt(pre, a!.id, 40, ago(19));
    await attempt(post, a!.id, 70, ago(5));
    // B: first pre 50 (a later pre retry of 90 is practice), best post 80: gain 30, g = 30/50 = 0.6
    await attempt(pre, b!.id, 50, ago(19));
    await attempt(pre, b!.id, 90, ago(18));
    await attempt(post, b!.id, 60, ago(6));
    await attempt(post, b!.id, 80, ago(5));
    // C: 80 → 70: gain −10, g = −10/20 = −0.5
    await attempt(pre, cc!.id, 80, ago(19));
    await attempt(post, cc!.id, 70, ago(5));
    // D: pre only; E: post only — both left out.
    await attempt(pre, d!.id, 30, ago(19));
    await attempt(post, e!.id, 90, ago(5));
    // F: the post-test still awaits essay grading, and another is in progress — left out.
    await attempt(pre, f!.id, 50, ago(19));
    await attempt(post, f!.id, 95, ago(5), { needsGrading: true });
    await attempt(post, f!.id, 0, ago(4), { inProgress: true });
    // G: the pre-test came before G enrolled: outside the window — left out.
    await attempt(pre, g!.id, 10, ago(15));
    await attempt(post, g!.id, 100, ago(5));

    const r = (await admin.get(`/api/evaluations/courses/${c}/report`)).json();
    // pre (40+50+80)/3 = 56.67; post (70+80+70)/3 = 73.33; gain 16.67;
    // Hake ⟨g⟩ = 16.667/(100−56.667) = 0.385; mean of individual g (0.5+0.6−0.5)/3 = 0.2; improved 2 of 3.
    expect(r.prePost).toMatchObject({
      pre: { id: pre, title: 'Tes awal pelayanan' },
      post: { id: post },
      people: 3,
      preAvg: 56.67,
      postAvg: 73.33,
      gainAvg: 16.67,
      normalisedGain: 0.385,
      individualGainAvg: 0.2,
      improvedPct: 66.67,
    });
    expect(r.prePost.persons).toEqual([
      { person: { id: a!.id, name: 'Peserta A', nip: null }, pre: 40, post: 70, gain: 30, normalisedGain: 0.5 },
      { person: { id: b!.id, name: 'Peserta B', nip: null }, pre: 50, post: 80, gain: 30, normalisedGain: 0.6 },
      { person: { id: cc!.id, name: 'Peserta C', nip: null }, pre: 80, post: 70, gain: -10, normalisedGain: -0.5 },
    ]);
    // The trainer sees the same figures, without the people.
    const forTrainer = (await trainer.get(`/api/evaluations/courses/${c}/report`)).json();
    expect(forTrainer.prePost).toMatchObject({ people: 3, normalisedGain: 0.385 });
    expect(forTrainer.prePost.persons).toBeUndefined();
  });

  it('uses a webinar’s quiz as its post-test and its window: pre-test until the end, post-test from the start', async () => {
    const pre = await quiz('Tes awal webinar');
    const post = await quiz('Tes akhir webinar');
    const w = await webinar(ids.trainer, { quiz_id: post });
    const bad = await trainer.request({ method: 'PUT', url: `/api/evaluations/webinars/${w.id}/tests`, payload: { preQuizId: pre, postQuizId: post } });
    expect(bad.statusCode).toBe(400);
    expect((await otherTrainer.request({ method: 'PUT', url: `/api/evaluations/webinars/${w.id}/tests`, payload: { preQuizId: pre } })).statusCode).toBe(403);
    expect((await trainer.request({ method: 'PUT', url: `/api/evaluations/webinars/${w.id}/tests`, payload: { preQuizId: 99999999 } })).statusCode).toBe(400);
    expect(await t.db.selectFrom('evaluation_tests').select('id').where('webinar_id', '=', w.id).execute()).toHaveLength(0);
    const ok = await trainer.request({ method: 'PUT', url: `/api/evaluations/webinars/${w.id}/tests`, payload: { preQuizId: pre } });
    expect(ok.json()).toMatchObject({ pre: { id: pre }, post: { id: post } });

    const [h, i] = await Promise.all([t.newPerson('Peserta H'), t.newPerson('Peserta I')]);
    const start = new Date(w.starts_at).getTime();
    const end = new Date(w.ends_at).getTime();
    await attempt(pre, h.id, 50, new Date(start - 3600_000));
    await attempt(post, h.id, 75, new Date(end + 600_000));
    // I took the pre-test only after the webinar ended.
    await attempt(pre, i.id, 20, new Date(end + 60_000));
    await attempt(post, i.id, 90, new Date(end + 600_000));
    const r = (await trainer.get(`/api/evaluations/webinars/${w.id}/report`)).json();
    expect(r.prePost).toMatchObject({ people: 1, preAvg: 50, postAvg: 75, gainAvg: 25, normalisedGain: 0.5, improvedPct: 100 });
  });
});

describe('GET /api/evaluations/follow-ups', () => {
  it('gives the supervisor a follow-up 90 days after completion, only for their own people, answered once', async () => {
    const c = await course();
    const due = await t.newPerson('Staf Sudah Waktunya');
    const early = await t.newPerson('Staf Belum Waktunya');
    const elsewhere = await t.newPerson('Staf Atasan Lain');
    const otherBoss = await t.newPerson('Atasan Lain', ['supervisor']);
    await t.db.updateTable('people').set({ supervisor_id: ids.atasan }).where('id', 'in', [due.id, early.id]).execute();
    await t.db.updateTable('people').set({ supervisor_id: otherBoss.id }).where('id', '=', elsewhere.id).execute();
    await enrol(due.id, c, { enrolledAt: ago(120), completedAt: ago(91) });
    await enrol(early.id, c, { enrolledAt: ago(120), completedAt: ago(89) });
    await enrol(elsewhere.id, c, { enrolledAt: ago(120), completedAt: ago(91) });

    const list = (await atasan.get('/api/evaluations/follow-ups')).json();
    const mine = list.items.filter((x: { activity: { id: number } }) => x.activity.id === c);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ person: { id: due.id, name: 'Staf Sudah Waktunya' }, activity: { kind: 'courses', title: 'Pelayanan Prima' }, applied: null });

    // Two days later, the second one falls due too (now injected rather than waited for).
    await createDueFollowups(t.db, ids.atasan, new Date(Date.now() + 2 * DAY));
    const later = (await atasan.get('/api/evaluations/follow-ups')).json().items.filter((x: { activity: { id: number } }) => x.activity.id === c);
    expect(later.map((x: { person: { id: number } }) => x.person.id).sort()).toEqual([due.id, early.id].sort());

    const id = mine[0].id;
    expect((await otherBoss.post(`/api/evaluations/follow-ups/${id}`, { applied: 'fully' })).statusCode).toBe(403);
    expect((await due.post(`/api/evaluations/follow-ups/${id}`, { applied: 'fully' })).statusCode).toBe(403);
    expect((await atasan.post(`/api/evaluations/follow-ups/${id}`, { applied: 'sometimes' })).statusCode).toBe(400);
    const answer = await atasan.post(`/api/evaluations/follow-ups/${id}`, { applied: 'mostly', example: 'Antrean KTP-el lebih tertib.' });
    expect(answer.statusCode, answer.body).toBe(204);
    const again = await atasan.post(`/api/evaluations/follow-ups/${id}`, { applied: 'not_at_all' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_answered');
    expect((await atasan.get('/api/evaluations/follow-ups')).json().items.map((x: { id: number }) => x.id)).not.toContain(id);

    const r = (await trainer.get(`/api/evaluations/courses/${c}/report`)).json();
    expect(r.followUp).toMatchObject({ created: 2, answered: 1, distribution: { not_at_all: 0, partly: 0, mostly: 1, fully: 0 }, examples: null });
    // The other supervisor sees only their own person.
    const theirs = (await otherBoss.get('/api/evaluations/follow-ups')).json().items;
    expect(theirs.map((x: { person: { id: number } }) => x.person.id)).toEqual([elsewhere.id]);
  });

  it('follows up a webinar attendance the outcome counted, not one it did not', async () => {
    const w = await webinar();
    await t.db.updateTable('webinars').set({ starts_at: ago(95), ends_at: new Date(ago(95).getTime() + 3600_000), ended_at: new Date(ago(95).getTime() + 3600_000) }).where('id', '=', w.id).execute();
    const [present, absent] = await Promise.all([t.newPerson('Staf Hadir'), t.newPerson('Staf Absen')]);
    await t.db.updateTable('people').set({ supervisor_id: ids.atasan }).where('id', 'in', [present.id, absent.id]).execute();
    await outcome(w.id, present.id, true);
    await outcome(w.id, absent.id, false);
    const items = (await atasan.get('/api/evaluations/follow-ups')).json().items.filter((x: { activity: { kind: string; id: number } }) => x.activity.kind === 'webinars' && x.activity.id === w.id);
    expect(items.map((x: { person: { id: number } }) => x.person.id)).toEqual([present.id]);
  });
});

describe('GET /api/evaluations/trainers/:id', () => {
  it('lists a trainer’s own activities for them and admins, and is 403 for another trainer', async () => {
    const c = await course(otherTrainer.id);
    const mine = await otherTrainer.get(`/api/evaluations/trainers/${otherTrainer.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { activity: { id: number } }) => i.activity.id)).toContain(c);
    expect((await admin.get(`/api/evaluations/trainers/${otherTrainer.id}`)).statusCode).toBe(200);
    expect((await otherTrainer.get(`/api/evaluations/trainers/${ids.trainer}`)).statusCode).toBe(403);
  });
});

describe('GET /api/docs/json', () => {
  it('documents the evaluation routes', async () => {
    const doc = (await t.anonymous().get('/api/docs/json')).json();
    for (const path of ['/api/evaluations/{kind}/{id}/survey', '/api/evaluations/{kind}/{id}/report', '/api/evaluations/follow-ups/{id}', '/api/evaluations/trainers/{id}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
