import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { addDays, todayWib } from '../../server/programmes/service.ts';
import { loadDemoProgrammes } from '../../server/seed/programmes.ts';
import { computeOutcomes } from '../../server/webinars/outcomes.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { makeCourse, personId } from '../factories/competency.ts';
import { blob, pdf, png } from '../factories/media-files.ts';
import { makeQuiz, rightAnswer, SAMPLES } from '../factories/quiz.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
let t: TestApp;
let admin: Client;
let adminDisdik: Client;
let guru: Client;
let kepsek: Client;
let atasan: Client;
let asn: Client;
let pelatih: Client;
let guruId: number;
let pelatihId: number;
let smpn1: number;
let sdnCemara: number;

beforeAll(async () => {
  t = await createTestApp();
  await loadContentIntoApp(t.app, CONTENT);
  [admin, adminDisdik, guru, kepsek, atasan, asn, pelatih] = (await Promise.all(['admin', 'admin.disdik', 'guru', 'kepsek', 'atasan', 'asn', 'pelatih'].map((u) => t.login(u)))) as Client[] as [
    Client,
    Client,
    Client,
    Client,
    Client,
    Client,
    Client,
  ];
  guruId = await personId(t.db, 'guru');
  pelatihId = await personId(t.db, 'pelatih');
  const unit = async (code: string) => (await t.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  smpn1 = await unit('SMPN1-SKA');
  sdnCemara = await unit('SDN-CEMARA2');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const count = async (table: 'programmes' | 'programme_steps' | 'cohorts' | 'cohort_participants') =>
  (await t.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
const del = (c: Client, url: string) => c.request({ method: 'DELETE', url });

function upload(c: Client, stepId: number, body: Buffer, name: string, type = 'application/pdf') {
  const form = new FormData();
  form.append('file', blob(body, type), name);
  return c.request({ method: 'POST', url: `/api/programme-steps/${stepId}/files`, payload: form });
}

async function passQuiz(c: Client, quizId: number) {
  const a = (await c.post(`/api/quizzes/${quizId}/attempts`)).json();
  const qs = await t.db
    .selectFrom('attempt_questions as q')
    .innerJoin('question_versions as v', 'v.id', 'q.version_id')
    .select(['q.question_id', 'v.doc'])
    .where('q.attempt_id', '=', a.id)
    .orderBy('q.position')
    .execute();
  for (const q of qs) {
    const res = await c.request({ method: 'PUT', url: `/api/attempts/${a.id}/answers/${q.question_id}`, payload: { response: rightAnswer(q.doc as never), seq: 1 } });
    expect(res.statusCode, res.body).toBe(200);
  }
  const submitted = await c.post(`/api/attempts/${a.id}/submit`);
  expect(submitted.statusCode, submitted.body).toBe(200);
}

async function completeCourse(c: Client, lessonIds: number[]) {
  for (const id of lessonIds) {
    const r = await c.request({ method: 'PUT', url: `/api/lessons/${id}/progress`, payload: { completed: true } });
    expect(r.statusCode, r.body).toBe(200);
  }
}

interface MyStep {
  id: number;
  kind: string;
  status: string;
  link: string | null;
  dueAt: string | null;
  overdue: boolean;
  requires: number[];
}
interface Mine {
  programme: { id: number };
  status: string;
  done: number;
  total: number;
  certificate: { code: string } | null;
  reminder: { message: string } | null;
  steps: MyStep[];
}
const mine = async (c: Client, programmeId: number): Promise<Mine | undefined> => {
  const r = await c.get('/api/me/programmes');
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as Mine[]).find((i) => i.programme.id === programmeId);
};

// The programme the journey below follows: a course, then its quiz, then practice needing both.
let course: Awaited<ReturnType<typeof makeCourse>>;
let quizId: number;
let programmeId: number;
let stepIds: number[];
let cohortId: number;

const body = (over: Record<string, unknown> = {}) => ({
  title: 'Pembelajaran Berdiferensiasi Angkatan Uji',
  summary: 'Kursus, post-test dan aksi nyata di kelas.',
  jp: 20,
  competencies: [{ code: 'T.DIK.01', level: 3 }],
  steps: [
    { kind: 'course', courseId: course.courseId, dueDays: 7 },
    { kind: 'quiz', quizId, dueDays: 14, requires: [0] },
    {
      kind: 'practice',
      title: 'Aksi nyata di kelas',
      dueDays: 28,
      requires: [0, 1],
      competencies: [{ code: 'T.DIK.01', level: 3 }],
      practice: {
        instructions: 'Terapkan satu pembelajaran berdiferensiasi dan unggah modul ajar serta foto kegiatan.',
        rubric: [{ criterion: 'Asesmen diagnostik', description: 'Ada data kesiapan murid' }, { criterion: 'Diferensiasi proses' }, { criterion: 'Refleksi' }],
      },
    },
  ],
  ...over,
});

describe('POST /api/programmes', () => {
  beforeAll(async () => {
    course = await makeCourse(t.db, { jp: 4, lessons: 2, title: 'Diferensiasi Dasar' });
    quizId = (await makeQuiz(t.db, [SAMPLES[0]!.doc])).quizId;
  });

  it('creates a programme with ordered steps, prerequisites as step ids, and the practice rubric', async () => {
    const res = await adminDisdik.post('/api/programmes', body());
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    programmeId = p.id;
    stepIds = p.steps.map((s: { id: number }) => s.id);
    expect(p).toMatchObject({ title: 'Pembelajaran Berdiferensiasi Angkatan Uji', jp: 20, status: 'active', unit: { name: expect.stringMatching(/Pendidikan/) }, cohorts: [] });
    expect(p.competencies).toEqual([{ code: 'T.DIK.01', level: 3, name: expect.any(String) }]);
    expect(p.steps.map((s: { kind: string }) => s.kind)).toEqual(['course', 'quiz', 'practice']);
    expect(p.steps[0]).toMatchObject({ position: 1, title: 'Diferensiasi Dasar', course: { id: course.courseId, slug: course.slug, jp: 4 }, requires: [], dueDays: 7 });
    expect(p.steps[1].requires).toEqual([stepIds[0]]);
    expect(p.steps[2].requires).toEqual([stepIds[0], stepIds[1]]);
    expect(p.steps[2].practice.rubric).toHaveLength(3);
    expect(p.steps[2].practice.rubric[1]).toEqual({ criterion: 'Diferensiasi proses', description: '' });
  });

  it('refuses people who are not admins', async () => {
    expect((await asn.post('/api/programmes', body())).statusCode).toBe(403);
    expect((await pelatih.post('/api/programmes', body())).statusCode).toBe(403);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = [await count('programmes'), await count('programme_steps')];
    const forward = await admin.post('/api/programmes', body({ steps: [{ kind: 'course', courseId: course.courseId, requires: [1] }, { kind: 'quiz', quizId }] }));
    expect(forward.statusCode).toBe(400);
    expect(forward.json().error.code).toBe('validation_failed');
    const unknownCourse = await admin.post('/api/programmes', body({ steps: [{ kind: 'quiz', quizId }, { kind: 'course', courseId: 99999999 }] }));
    expect(unknownCourse.statusCode).toBe(400);
    expect((await admin.post('/api/programmes', body({ steps: [{ kind: 'practice' }] }))).statusCode).toBe(400);
    expect((await admin.post('/api/programmes', body({ competencies: [{ code: 'X.NOPE.1', level: 2 }] }))).statusCode).toBe(400);
    expect((await admin.post('/api/programmes', body({ steps: [] }))).statusCode).toBe(400);
    expect([await count('programmes'), await count('programme_steps')]).toEqual(before);
  });

  it('lets an office admin manage only programmes of their offices', async () => {
    const cityWide = await admin.post('/api/programmes', body({ title: 'Program Kota Tanpa Unit' }));
    expect(cityWide.statusCode).toBe(201);
    expect(cityWide.json().unit).toBeNull();
    expect((await adminDisdik.get(`/api/programmes/${cityWide.json().id}`)).statusCode).toBe(403);
    expect((await adminDisdik.request({ method: 'PATCH', url: `/api/programmes/${cityWide.json().id}`, payload: { title: 'Diubah' } })).statusCode).toBe(403);
    const list = (await adminDisdik.get('/api/programmes')).json().items as { id: number }[];
    expect(list.map((p) => p.id)).toContain(programmeId);
    expect(list.map((p) => p.id)).not.toContain(cityWide.json().id);
    const all = (await admin.get('/api/programmes')).json().items as { id: number; stepCount: number }[];
    expect(all.find((p) => p.id === programmeId)).toMatchObject({ stepCount: 3 });
  });
});

describe('POST /api/programmes/:id/cohorts', () => {
  it('adds the staff of the schools given, and no one else, and enrols them in the course steps', async () => {
    const expected = await t.db.selectFrom('people').select('id').where('unit_id', '=', smpn1).where('active', '=', true).execute();
    const res = await adminDisdik.post(`/api/programmes/${programmeId}/cohorts`, {
      name: 'Angkatan 1 SMPN 1',
      startsOn: todayWib(),
      endsOn: addDays(todayWib(), 60),
      facilitatorIds: [pelatihId],
      principalReview: true,
      participants: { unitIds: [smpn1] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    cohortId = c.id;
    expect(c).toMatchObject({ programmeId, principalReview: true, facilitators: [{ id: pelatihId }], added: expected.length, participantCount: expected.length });
    const members = await t.db.selectFrom('cohort_participants').select('person_id').where('cohort_id', '=', cohortId).execute();
    expect(members.map((m) => m.person_id).sort()).toEqual(expected.map((e) => e.id).sort());
    const endang = await t.db.selectFrom('people').select('id').where('unit_id', '=', sdnCemara).executeTakeFirstOrThrow();
    expect(members.map((m) => m.person_id)).not.toContain(endang.id);
    const enrolment = await t.db.selectFrom('enrollments').selectAll().where('person_id', '=', guruId).where('course_id', '=', course.courseId).executeTakeFirstOrThrow();
    expect(enrolment.source).toBe('assigned');
    expect(enrolment.due_at).not.toBeNull();
  });

  it('refuses participants outside an office admin’s offices, and non-admins', async () => {
    const disdukcapil = (await t.db.selectFrom('units').select('id').where('code', '=', 'DISDUKCAPIL').executeTakeFirstOrThrow()).id;
    const before = await count('cohorts');
    const res = await adminDisdik.post(`/api/programmes/${programmeId}/cohorts`, { name: 'Salah unit', startsOn: todayWib(), endsOn: todayWib(), participants: { unitIds: [disdukcapil] } });
    expect(res.statusCode).toBe(403);
    expect((await guru.post(`/api/programmes/${programmeId}/cohorts`, { name: 'X', startsOn: todayWib(), endsOn: todayWib(), participants: { unitIds: [smpn1] } })).statusCode).toBe(403);
    expect((await adminDisdik.post(`/api/programmes/${programmeId}/cohorts`, { name: 'Terbalik', startsOn: todayWib(), endsOn: addDays(todayWib(), -1), participants: { unitIds: [smpn1] } })).statusCode).toBe(400);
    expect(await count('cohorts')).toBe(before);
  });

  it('shows the programme to participants without the cohorts, and to no one else', async () => {
    const seen = await guru.get(`/api/programmes/${programmeId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().cohorts).toEqual([]);
    expect((await pelatih.get(`/api/programmes/${programmeId}`)).json().cohorts).toHaveLength(1);
    expect((await asn.get(`/api/programmes/${programmeId}`)).statusCode).toBe(403);
    expect((await asn.get('/api/programmes/99999999')).statusCode).toBe(404);
  });
});

describe('steps and practice evidence', () => {
  let firstFile: string;
  let submissionId: number;

  it('keeps the practice step locked until the course and the quiz are done (409 on submit)', async () => {
    const me = (await mine(guru, programmeId))!;
    expect(me).toMatchObject({ status: 'not_started', done: 0, total: 3 });
    expect(me.steps.map((s) => s.status)).toEqual(['available', 'locked', 'locked']);
    expect(me.steps[0]!.link).toBe(`/courses/${course.slug}`);
    expect(me.steps[2]!.link).toBe(`/programmes/${programmeId}/steps/${stepIds[2]}`);
    const up = await upload(guru, stepIds[2]!, pdf(), 'modul-ajar.pdf');
    expect(up.statusCode, up.body).toBe(201);
    firstFile = up.json().id;
    expect(up.json()).toMatchObject({ name: 'modul-ajar.pdf', mime: 'application/pdf' });
    const early = await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Saya mencoba diferensiasi proses di kelas 8B.', fileIds: [firstFile] });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('step_locked');
    const practice = (await guru.get(`/api/programme-steps/${stepIds[2]}/practice`)).json();
    expect(practice).toMatchObject({ locked: true, status: 'locked', submissions: [] });
  });

  it('opens the next steps as the course and the quiz are done', async () => {
    await completeCourse(guru, course.lessonIds);
    let me = (await mine(guru, programmeId))!;
    expect(me.steps.map((s) => s.status)).toEqual(['completed', 'available', 'locked']);
    expect(me).toMatchObject({ status: 'in_progress', done: 1 });
    await passQuiz(guru, quizId);
    me = (await mine(guru, programmeId))!;
    expect(me.steps.map((s) => s.status)).toEqual(['completed', 'completed', 'available']);
    const done = await t.db.selectFrom('programme_step_completions').select('step_id').where('person_id', '=', guruId).where('programme_id', '=', programmeId).execute();
    expect(done.map((d) => d.step_id).sort()).toEqual([stepIds[0], stepIds[1]].sort());
  });

  it('refuses files of the wrong type or from non-participants', async () => {
    expect((await upload(guru, stepIds[2]!, Buffer.from('<html><script>alert(1)</script></html>'), 'x.html', 'text/html')).statusCode).toBe(415);
    expect((await upload(asn, stepIds[2]!, pdf(), 'x.pdf')).statusCode).toBe(403);
    expect((await upload(guru, stepIds[0]!, pdf(), 'x.pdf')).statusCode).toBe(404);
  });

  it('takes a submission, then refuses another while it waits for review', async () => {
    // Someone else's file cannot be attached.
    const stranger = await t.newPerson('Peserta Lain');
    await t.db.updateTable('people').set({ unit_id: smpn1 }).where('id', '=', stranger.id).execute();
    expect((await adminDisdik.post(`/api/cohorts/${cohortId}/participants`, { personIds: [stranger.id] })).json().added).toBe(1);
    const theirFile = await upload(stranger, stepIds[2]!, pdf(), 'punya-orang-lain.pdf');
    expect(theirFile.statusCode).toBe(201);
    const borrowed = await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Memakai berkas milik orang lain tidak boleh.', fileIds: [firstFile, theirFile.json().id] });
    expect(borrowed.statusCode).toBe(400);
    expect((await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'terlalu pendek', fileIds: [firstFile] })).statusCode).toBe(400);
    expect(await t.db.selectFrom('practice_submissions').select('id').where('person_id', '=', guruId).execute()).toHaveLength(0);

    const photo = (await upload(guru, stepIds[2]!, png(), 'foto-kegiatan.png', 'image/png')).json().id;
    const res = await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Saya mengelompokkan murid berdasarkan asesmen diagnostik.', fileIds: [firstFile, photo] });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    submissionId = s.id;
    expect(s).toMatchObject({ status: 'submitted', stepId: stepIds[2], programmeId, person: { id: guruId }, review: null });
    expect(s.files).toHaveLength(2);
    expect(s.files[0].url).toBe(`/api/practice-files/${firstFile}`);
    const again = await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Kiriman kedua sebelum dinilai, harus ditolak.', fileIds: [firstFile] });
    expect(again.statusCode).toBe(409);
    expect((await guru.get(`/api/programme-steps/${stepIds[2]}/practice`)).json()).toMatchObject({ status: 'submitted', locked: false });
  });

  it('lets only reviewers and the participant read the submission and its files', async () => {
    // Another participant (a teacher of the same cohort), an unrelated supervisor, someone else.
    const other = await t.newPerson('Guru Lain');
    await t.db.updateTable('people').set({ unit_id: smpn1 }).where('id', '=', other.id).execute();
    expect((await adminDisdik.post(`/api/cohorts/${cohortId}/participants`, { personIds: [other.id] })).json().added).toBe(1);
    for (const c of [other, atasan, asn]) {
      expect((await c.get(`/api/practice-submissions/${submissionId}`)).statusCode).toBe(404);
      expect((await c.get(`/api/practice-files/${firstFile}`)).statusCode).toBe(404);
      expect([403, 404]).toContain((await c.post(`/api/practice-submissions/${submissionId}/review`, { decision: 'accept', rubric: [{ met: true }, { met: true }, { met: true }] })).statusCode);
      expect(((await c.get('/api/practice-reviews')).json().items as { id: number }[]).map((i) => i.id)).not.toContain(submissionId);
    }
    expect((await guru.get(`/api/practice-submissions/${submissionId}`)).statusCode).toBe(200);
    const file = await guru.get(`/api/practice-files/${firstFile}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await kepsek.get(`/api/practice-files/${firstFile}`)).statusCode).toBe(200);
    expect((await pelatih.get(`/api/practice-submissions/${submissionId}`)).statusCode).toBe(200);
    // The participant cannot review their own work.
    expect((await guru.post(`/api/practice-submissions/${submissionId}/review`, { decision: 'accept', rubric: [{ met: true }, { met: true }, { met: true }] })).statusCode).toBe(403);
  });

  it('the principal asks for a revision with a comment; the teacher resubmits; the facilitator accepts', async () => {
    const queue = (await kepsek.get('/api/practice-reviews')).json().items as { id: number; rubric: unknown[] }[];
    expect(queue.map((q) => q.id)).toContain(submissionId);
    const noComment = await kepsek.post(`/api/practice-submissions/${submissionId}/review`, { decision: 'revise', rubric: [{ met: true }, { met: false }, { met: true }] });
    expect(noComment.statusCode).toBe(400);
    const wrongRows = await kepsek.post(`/api/practice-submissions/${submissionId}/review`, { decision: 'revise', rubric: [{ met: true }], comment: 'Kurang lengkap.' });
    expect(wrongRows.statusCode).toBe(400);
    const revise = await kepsek.post(`/api/practice-submissions/${submissionId}/review`, {
      decision: 'revise',
      rubric: [{ met: true }, { met: false, comment: 'Belum terlihat diferensiasi proses.' }, { met: true }],
      comment: 'Tambahkan foto kegiatan kelompok.',
    });
    expect(revise.statusCode, revise.body).toBe(200);
    expect(revise.json()).toMatchObject({ status: 'revise', review: { decision: 'revise', comment: 'Tambahkan foto kegiatan kelompok.', reviewer: { name: expect.stringMatching(/Tri Rahayu/) } } });
    expect(revise.json().review.rubric[1]).toEqual({ criterion: 'Diferensiasi proses', met: false, comment: 'Belum terlihat diferensiasi proses.' });
    expect((await kepsek.post(`/api/practice-submissions/${submissionId}/review`, { decision: 'accept', rubric: [{ met: true }, { met: true }, { met: true }] })).statusCode).toBe(409);
    expect((await mine(guru, programmeId))!.steps[2]!.status).toBe('revise');
    expect(await t.db.selectFrom('evidence').select('id').where('source', '=', 'practice').where('person_id', '=', guruId).execute()).toHaveLength(0);

    const photo = (await upload(guru, stepIds[2]!, png(), 'foto-kelompok.png', 'image/png')).json().id;
    const again = await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Saya menambahkan foto kegiatan kelompok belajar.', fileIds: [firstFile, photo] });
    expect(again.statusCode, again.body).toBe(201);
    const second = again.json().id as number;
    const history = (await guru.get(`/api/programme-steps/${stepIds[2]}/practice`)).json();
    expect(history.submissions.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([
      [second, 'submitted'],
      [submissionId, 'revise'],
    ]);
    const accept = await pelatih.post(`/api/practice-submissions/${second}/review`, { decision: 'accept', rubric: [{ met: true }, { met: true }, { met: true }], comment: 'Bagus.' });
    expect(accept.statusCode, accept.body).toBe(200);
    expect(accept.json()).toMatchObject({ status: 'accepted', review: { decision: 'accept', reviewer: { id: pelatihId } } });
    expect((await guru.post(`/api/programme-steps/${stepIds[2]}/submissions`, { reflection: 'Sudah diterima, kiriman baru ditolak.', fileIds: [photo] })).statusCode).toBe(409);
  });

  it('completes the programme once: one JP entry less the course JP, evidence, and a programme certificate', async () => {
    const me = (await mine(guru, programmeId))!;
    expect(me).toMatchObject({ status: 'completed', done: 3, total: 3, reminder: null });
    expect(me.certificate?.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const jp = await t.db.selectFrom('jp_entries').selectAll().where('person_id', '=', guruId).where('source', '=', 'programme').where('source_id', '=', programmeId).execute();
    expect(jp).toHaveLength(1);
    // 20 JP for the programme, 4 of them already counted by its course.
    expect(Number(jp[0]!.jp)).toBe(16);
    const evidence = await t.db.selectFrom('evidence').select(['source', 'source_id', 'level']).where('person_id', '=', guruId).where('source', 'in', ['practice', 'programme']).orderBy('source').execute();
    expect(evidence).toEqual([
      { source: 'practice', source_id: stepIds[2], level: 3 },
      { source: 'programme', source_id: programmeId, level: 3 },
    ]);
    const certs = (await guru.get('/api/me/certificates')).json() as { kind: string; jp: number; code: string }[] | { items: { kind: string; jp: number; code: string }[] };
    const list = Array.isArray(certs) ? certs : certs.items;
    const cert = list.find((c) => c.kind === 'programme');
    expect(cert).toMatchObject({ jp: 20 });
    expect(cert!.code).toBe(me.certificate!.code);
    expect((await guru.get('/api/me/competencies')).statusCode).toBe(200);
    const pdfRes = await guru.get(`/api/certificates/${cert!.code}/pdf`);
    expect(pdfRes.statusCode).toBe(200);
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Reading again changes nothing.
    await mine(guru, programmeId);
    expect(await t.db.selectFrom('certificates').select('id').where('person_id', '=', guruId).where('kind', '=', 'programme').execute()).toHaveLength(1);
  });
});

describe('GET /api/cohorts/:id/progress', () => {
  let late: Client & { id: number };
  let lateCohort: number;

  it('shows who is behind in a cohort that started in the past, per school, and as CSV', async () => {
    late = await t.newPerson('Guru Terlambat');
    await t.db.updateTable('people').set({ unit_id: sdnCemara }).where('id', '=', late.id).execute();
    const res = await adminDisdik.post(`/api/programmes/${programmeId}/cohorts`, {
      name: 'Angkatan Lampau',
      startsOn: addDays(todayWib(), -30),
      endsOn: addDays(todayWib(), 30),
      facilitatorIds: [pelatihId],
      participants: { personIds: [late.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    lateCohort = res.json().id;
    const progress = await pelatih.get(`/api/cohorts/${lateCohort}/progress`);
    expect(progress.statusCode, progress.body).toBe(200);
    const p = progress.json();
    expect(p.summary).toEqual({ total: 1, completed: 0, onTrack: 0, behind: 1, stuck: 0 });
    expect(p.participants[0]).toMatchObject({ person: { id: late.id }, status: 'behind', done: 0, total: 3, currentStep: { id: stepIds[0] } });
    expect(p.schools[0]).toMatchObject({ unit: { id: sdnCemara, kind: 'sekolah' }, total: 1, behind: 1 });
    const me = (await mine(late, programmeId))!;
    expect(me.status).toBe('behind');
    expect(me.steps[0]!.overdue).toBe(true);

    const first = (await adminDisdik.get(`/api/cohorts/${cohortId}/progress`)).json();
    expect(first.participants.find((x: { person: { id: number } }) => x.person.id === guruId)).toMatchObject({ status: 'completed', pct: 100 });
    expect(first.summary.completed).toBe(1);
    const filtered = (await adminDisdik.get(`/api/cohorts/${cohortId}/progress?unitId=${sdnCemara}`)).json();
    expect(filtered.participants).toEqual([]);

    const csv = await pelatih.get(`/api/cohorts/${lateCohort}/progress.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Guru Terlambat');
    expect(lines[1]).toContain('tertinggal');
  });

  it('is for the programme admins and facilitators only', async () => {
    expect((await guru.get(`/api/cohorts/${lateCohort}/progress`)).statusCode).toBe(403);
    expect((await kepsek.get(`/api/cohorts/${lateCohort}/progress.csv`)).statusCode).toBe(403);
    expect((await admin.get(`/api/cohorts/${lateCohort}/progress`)).statusCode).toBe(200);
  });

  it('reminds those behind once a day, shown on their programme list', async () => {
    const sent = await pelatih.post(`/api/cohorts/${lateCohort}/reminders`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ sent: 1 });
    expect((await adminDisdik.post(`/api/cohorts/${lateCohort}/reminders`)).json()).toEqual({ sent: 0 });
    expect((await guru.post(`/api/cohorts/${lateCohort}/reminders`)).statusCode).toBe(403);
    const me = (await mine(late, programmeId))!;
    expect(me.reminder?.message).toContain('Pembelajaran Berdiferensiasi Angkatan Uji');
    // The completed cohort has no one to remind.
    expect((await adminDisdik.post(`/api/cohorts/${cohortId}/reminders`)).json().sent).toBe(0);
  });

  it('calls a participant stuck after 14 days without activity, or a revision waiting for more than 7', async () => {
    const quiet = await t.newPerson('Guru Diam');
    await t.db.updateTable('people').set({ unit_id: sdnCemara }).where('id', '=', quiet.id).execute();
    expect((await adminDisdik.post(`/api/cohorts/${cohortId}/participants`, { personIds: [quiet.id] })).json().added).toBe(1);
    const statusOf = async (id: number) =>
      ((await adminDisdik.get(`/api/cohorts/${cohortId}/progress?unitId=${sdnCemara}`)).json().participants as { person: { id: number }; status: string }[]).find((p) => p.person.id === id)?.status;
    expect(await statusOf(quiet.id)).toBe('on_track');
    await t.db.updateTable('cohort_participants').set({ added_at: new Date(Date.now() - 15 * 86_400_000) }).where('person_id', '=', quiet.id).execute();
    expect(await statusOf(quiet.id)).toBe('stuck');
    // The other teacher: recent activity, but a revision left waiting for 8 days.
    await t.db.updateTable('cohort_participants').set({ added_at: new Date() }).where('person_id', '=', quiet.id).execute();
    const sub = await t.db
      .insertInto('practice_submissions')
      .values({ step_id: stepIds[2]!, programme_id: programmeId, person_id: quiet.id, reflection: 'Refleksi yang perlu diperbaiki lagi.', status: 'revise', reviewed_by: pelatihId, reviewed_at: new Date(Date.now() - 8 * 86_400_000), submitted_at: new Date(Date.now() - 9 * 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(sub.id).toBeGreaterThan(0);
    await completeCourse(quiet, course.lessonIds);
    expect(await statusOf(quiet.id)).toBe('stuck');
    expect((await adminDisdik.get(`/api/cohorts/${cohortId}/progress`)).json().schools.find((s: { unit: { id: number } | null }) => s.unit?.id === sdnCemara)).toMatchObject({ stuck: 1 });
  });

  it('removes a participant, and refuses step changes once people have started', async () => {
    expect((await del(adminDisdik, `/api/cohorts/${lateCohort}/participants/${late.id}`)).statusCode).toBe(204);
    expect(await mine(late, programmeId)).toBeUndefined();
    expect((await del(adminDisdik, `/api/cohorts/${lateCohort}/participants/${late.id}`)).statusCode).toBe(404);
    const patch = await adminDisdik.request({ method: 'PATCH', url: `/api/programmes/${programmeId}`, payload: { steps: [{ kind: 'quiz', quizId }] } });
    expect(patch.statusCode).toBe(409);
    const renamed = await adminDisdik.request({ method: 'PATCH', url: `/api/programmes/${programmeId}`, payload: { summary: 'Ringkasan baru' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().summary).toBe('Ringkasan baru');
  });
});

describe('PATCH /api/programmes/:id', () => {
  it('replaces the steps while no one has started, enrolling the participants in new course steps', async () => {
    const p = (await admin.post('/api/programmes', { title: 'Program Diubah', jp: 6, steps: [{ kind: 'quiz', quizId }] })).json();
    const person = await t.newPerson('Peserta Program Diubah');
    expect((await admin.post(`/api/programmes/${p.id}/cohorts`, { name: 'Angkatan A', startsOn: todayWib(), endsOn: todayWib(), participants: { personIds: [person.id] } })).statusCode).toBe(201);
    const other = await makeCourse(t.db, { jp: 2 });
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/programmes/${p.id}`,
      payload: { status: 'archived', steps: [{ kind: 'course', courseId: other.courseId, dueDays: 3 }, { kind: 'quiz', quizId, requires: [0] }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'archived', cohorts: [{ participantCount: 1 }] });
    expect(res.json().steps.map((s: { kind: string }) => s.kind)).toEqual(['course', 'quiz']);
    expect(res.json().steps[1].requires).toEqual([res.json().steps[0].id]);
    expect(await t.db.selectFrom('enrollments').select('id').where('person_id', '=', person.id).where('course_id', '=', other.courseId).execute()).toHaveLength(1);
    expect((await asn.request({ method: 'PATCH', url: `/api/programmes/${p.id}`, payload: { title: 'Tidak boleh' } })).statusCode).toBe(403);
    expect((await admin.request({ method: 'PATCH', url: `/api/programmes/${p.id}`, payload: { steps: [{ kind: 'quiz', quizId, requires: [0] }] } })).statusCode).toBe(400);
  });
});

describe('a webinar step', () => {
  it('is done by a qualifying outcome, which completes the programme in the same transaction, JP counted once', async () => {
    const MIN = 60_000;
    const w = await pelatih.post('/api/webinars', {
      title: 'Webinar Program Uji',
      description: 'Sesi daring program.',
      startsAt: new Date(Date.now() + 60 * MIN).toISOString(),
      endsAt: new Date(Date.now() + 120 * MIN).toISOString(),
      capacity: 50,
      jp: 2,
    });
    expect(w.statusCode, w.body).toBe(201);
    const webinarId: number = w.json().id;
    const created = await admin.post('/api/programmes', { title: 'Program Satu Webinar', jp: 5, steps: [{ kind: 'webinar', webinarId }] });
    expect(created.statusCode, created.body).toBe(201);
    const pid: number = created.json().id;
    const person = await t.newPerson('Peserta Webinar');
    expect((await admin.post(`/api/programmes/${pid}/cohorts`, { name: 'Angkatan Webinar', startsOn: todayWib(), endsOn: todayWib(), participants: { personIds: [person.id] } })).statusCode).toBe(201);
    expect((await mine(person, pid))!.steps[0]).toMatchObject({ kind: 'webinar', status: 'available', link: `/webinars/${webinarId}` });

    const start = Date.now() - 90 * MIN;
    await t.db
      .updateTable('webinars')
      .set({ starts_at: new Date(start), ends_at: new Date(start + 60 * MIN), status: 'ended', opened_at: new Date(start - 5 * MIN), ended_at: new Date(start + 60 * MIN) })
      .where('id', '=', webinarId)
      .execute();
    await t.db
      .insertInto('webinar_attendance')
      .values({ webinar_id: webinarId, person_id: person.id, joined_at: new Date(start), last_seen_at: new Date(start + 60 * MIN), left_at: new Date(start + 60 * MIN), close_reason: 'left' })
      .execute();
    expect(await computeOutcomes(t.db, webinarId)).toMatchObject({ qualified: 1 });
    // Recorded by the hook, before anyone reads progress.
    const completion = await t.db.selectFrom('programme_completions').selectAll().where('programme_id', '=', pid).where('person_id', '=', person.id).executeTakeFirst();
    expect(completion).toBeDefined();
    const webinarJp = await t.db.selectFrom('jp_entries').select('jp').where('person_id', '=', person.id).where('source', '=', 'webinar').where('source_id', '=', webinarId).executeTakeFirstOrThrow();
    expect(Number(webinarJp.jp)).toBeGreaterThan(0);
    expect(Number(completion!.jp_awarded)).toBeCloseTo(5 - Number(webinarJp.jp), 2);
    expect(completion!.certificate_id).not.toBeNull();
    expect((await mine(person, pid))!.status).toBe('completed');
  });
});

describe('demo programme', () => {
  it('is seeded once, for the teachers of two schools, with the principal as reviewer', async () => {
    const added = await loadDemoProgrammes(t.db);
    expect(added).toBe(1);
    expect(await loadDemoProgrammes(t.db)).toBe(0);
    const p = await t.db.selectFrom('programmes').selectAll().where('title', 'like', 'Pembelajaran Berdiferensiasi untuk Guru%').executeTakeFirstOrThrow();
    const steps = await t.db.selectFrom('programme_steps').select(['kind', 'rubric']).where('programme_id', '=', p.id).orderBy('position').execute();
    expect(steps.map((s) => s.kind)).toEqual(['course', 'quiz', 'practice']);
    expect(steps[2]!.rubric).toHaveLength(3);
    const cohort = await t.db.selectFrom('cohorts').selectAll().where('programme_id', '=', p.id).executeTakeFirstOrThrow();
    expect(cohort.principal_review).toBe(true);
    const units = await t.db
      .selectFrom('cohort_participants as cp')
      .innerJoin('people as pp', 'pp.id', 'cp.person_id')
      .select('pp.unit_id')
      .distinct()
      .where('cp.cohort_id', '=', cohort.id)
      .execute();
    expect(units.map((u) => u.unit_id).sort()).toEqual([smpn1, sdnCemara].sort());
    // Teachers only: the principal reviews, she does not take part.
    expect((await mine(guru, p.id))?.steps).toHaveLength(3);
    expect(await mine(kepsek, p.id)).toBeUndefined();
    const facilitators = await t.db.selectFrom('cohort_facilitators').select('person_id').where('cohort_id', '=', cohort.id).execute();
    expect(facilitators.map((f) => f.person_id)).toEqual([pelatihId]);
  });
});

describe('GET /api/programmes/:id for a principal reviewer', () => {
  it('shows the steps to the supervisor of a participant in a principal-review cohort, and to no other supervisor', async () => {
    const cohort = { startsOn: todayWib(), endsOn: addDays(todayWib(), 30), participants: { personIds: [guruId] } };
    const programmeWith = async (title: string, principalReview: boolean) => {
      const p = (await admin.post('/api/programmes', { title, jp: 4, steps: [{ kind: 'quiz', quizId }] })).json();
      const c = await admin.post(`/api/programmes/${p.id}/cohorts`, { ...cohort, name: 'Angkatan Guru', principalReview });
      expect(c.json()).toMatchObject({ added: 1 });
      return p.id as number;
    };
    // Supervising a participant alone does not open the programme.
    expect((await kepsek.get(`/api/programmes/${await programmeWith('Program Tanpa Tinjauan Kepala Sekolah', false)}`)).statusCode).toBe(403);

    const id = await programmeWith('Program Tinjauan Kepala Sekolah', true);
    const seen = await kepsek.get(`/api/programmes/${id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ id, cohorts: [] });
    expect(seen.json().steps).toHaveLength(1);
    expect((await atasan.get(`/api/programmes/${id}`)).statusCode).toBe(403);
    expect((await asn.get(`/api/programmes/${id}`)).statusCode).toBe(403);
  });
});

describe('GET /api/me/programmes', () => {
  it('leaves out draft and archived programmes, except an archived one the person completed', async () => {
    const p = (await admin.post('/api/programmes', { title: 'Program Diarsipkan', jp: 3, steps: [{ kind: 'quiz', quizId }] })).json();
    const person = await t.newPerson('Peserta Program Diarsipkan');
    expect((await admin.post(`/api/programmes/${p.id}/cohorts`, { name: 'Angkatan Arsip', startsOn: todayWib(), endsOn: todayWib(), participants: { personIds: [person.id] } })).statusCode).toBe(201);
    const setStatus = async (id: number, status: string) => {
      const res = await admin.request({ method: 'PATCH', url: `/api/programmes/${id}`, payload: { status } });
      expect(res.statusCode, res.body).toBe(200);
    };
    expect(await mine(person, p.id)).toBeDefined();
    await setStatus(p.id, 'archived');
    expect(await mine(person, p.id)).toBeUndefined();
    await setStatus(p.id, 'draft');
    expect(await mine(person, p.id)).toBeUndefined();

    // Guru completed the journey's programme: archived, it stays on her list with its certificate.
    await setStatus(programmeId, 'archived');
    expect(await mine(guru, programmeId)).toMatchObject({ status: 'completed', certificate: { code: expect.any(String) } });
    await setStatus(programmeId, 'active');
  });
});

describe('people already in another cohort of the programme', () => {
  it('are left out of a new cohort and of added participants, and listed as skipped with their cohort', async () => {
    const p = (await admin.post('/api/programmes', { title: 'Program Satu Angkatan', jp: 2, steps: [{ kind: 'quiz', quizId }] })).json();
    const [first, second, fresh] = await Promise.all(['Peserta Lewati Satu', 'Peserta Lewati Dua', 'Peserta Lewati Baru'].map((n) => t.newPerson(n)));
    const a = await admin.post(`/api/programmes/${p.id}/cohorts`, { name: 'Angkatan Pertama', startsOn: todayWib(), endsOn: todayWib(), participants: { personIds: [first!.id, second!.id] } });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ added: 2, skipped: [] });

    const b = await admin.post(`/api/programmes/${p.id}/cohorts`, { name: 'Angkatan Kedua', startsOn: todayWib(), endsOn: todayWib(), participants: { personIds: [first!.id, fresh!.id] } });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ added: 1, participantCount: 1, skipped: [{ id: first!.id, name: 'Peserta Lewati Satu', cohort: { id: a.json().id, name: 'Angkatan Pertama' } }] });

    const more = await admin.post(`/api/cohorts/${b.json().id}/participants`, { personIds: [second!.id, fresh!.id] });
    expect(more.statusCode, more.body).toBe(200);
    // Fresh is already in this very cohort: not added, and not skipped for another cohort either.
    expect(more.json()).toEqual({ added: 0, participantCount: 1, skipped: [{ id: second!.id, name: 'Peserta Lewati Dua', cohort: { id: a.json().id, name: 'Angkatan Pertama' } }] });
  });
});
