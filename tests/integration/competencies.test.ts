import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompetencyContent } from '../../server/competencies/content.ts';
import { backfillLedgers, ensureJp } from '../../server/competencies/ledger.ts';
import { jpFromMinutes, loadSettings } from '../../server/competencies/settings.ts';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { makeCourse, personId } from '../factories/competency.ts';
import { ESSAY, makeQuiz, rightAnswer, SAMPLES } from '../factories/quiz.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
let t: TestApp;
let asn: Client;
let guru: Client;
let atasan: Client;
let admin: Client;
let pelatih: Client;

beforeAll(async () => {
  t = await createTestApp();
  await loadContentIntoApp(t.app, CONTENT);
  [asn, guru, atasan, admin, pelatih] = (await Promise.all(['asn', 'guru', 'atasan', 'admin', 'pelatih'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client];
}, 120_000);
afterAll(async () => {
  await t?.close();
});

type Status = { code: string; required: number; attained: number; gap: number; explanation: string; evidence: { source: string; level: number; supportsLevel: boolean }[] };
const mine = async (c: Client): Promise<Status[]> => {
  const r = await c.get('/api/me/competencies');
  expect(r.statusCode).toBe(200);
  return r.json();
};
const of = (list: Status[], code: string) => list.find((s) => s.code === code);
const evidenceRows = (person: number, code: string) =>
  t.db
    .selectFrom('evidence as e')
    .innerJoin('competencies as c', 'c.id', 'e.competency_id')
    .select(['e.id', 'e.level', 'e.source', 'e.source_id', 'e.corrects_id', 'e.competency_version_id'])
    .where('e.person_id', '=', person)
    .where('c.code', '=', code)
    .orderBy('e.id')
    .execute();

async function passQuiz(c: Client, quizId: number, answers: (doc: (typeof SAMPLES)[number]['doc'], i: number) => unknown) {
  const a = (await c.post(`/api/quizzes/${quizId}/attempts`)).json();
  const quiz = await t.db
    .selectFrom('attempt_questions as q')
    .innerJoin('question_versions as v', 'v.id', 'q.version_id')
    .select(['q.question_id', 'v.doc'])
    .where('q.attempt_id', '=', a.id)
    .orderBy('q.position')
    .execute();
  for (const [i, q] of quiz.entries()) {
    const res = await c.request({ method: 'PUT', url: `/api/attempts/${a.id}/answers/${q.question_id}`, payload: { response: answers(q.doc as never, i), seq: 1 } });
    expect(res.statusCode, res.body).toBe(200);
  }
  const submitted = await c.post(`/api/attempts/${a.id}/submit`);
  expect(submitted.statusCode, submitted.body).toBe(200);
  return { attemptId: a.id as number, questions: quiz.map((q) => q.question_id) };
}

describe('frameworks', () => {
  it('lists the national managerial and socio-cultural competencies and the city technical ones, each with five levels and indicators', async () => {
    const res = await t.anonymous().get('/api/competency-frameworks');
    expect(res.statusCode).toBe(200);
    const frameworks = res.json() as { slug: string; competencies: { code: string; kind: string; levels: { level: number; indicators: string[] }[] }[] }[];
    const codes = frameworks.flatMap((f) => f.competencies.map((c) => c.code));
    for (const code of ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01', 'T.DUK.01', 'T.DIK.01', 'T.UMUM.02']) expect(codes).toContain(code);
    const all = frameworks.flatMap((f) => f.competencies);
    expect(all.find((c) => c.code === 'SK.01')!.kind).toBe('sosial_kultural');
    expect(all.find((c) => c.code === 'T.DUK.01')!.kind).toBe('teknis');
    for (const c of all) {
      expect(c.levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
      for (const l of c.levels) expect(l.indicators.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('reloads unchanged files without touching anything', async () => {
    const before = await t.db.selectFrom('competency_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const r = await loadCompetencyContent(t.db, CONTENT);
    expect(r.loaded).toEqual([]);
    expect(r.unchanged.length).toBeGreaterThanOrEqual(2);
    const after = await t.db.selectFrom('competency_versions').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('round-trips a framework through IMS CASE JSON with the same identifiers', async () => {
    const [framework] = (await t.anonymous().get('/api/competency-frameworks')).json();
    const exported = await t.anonymous().get(`/api/competency-frameworks/${framework.id}/case`);
    expect(exported.statusCode).toBe(200);
    const pkg = exported.json();
    expect(pkg.CFDocument.identifier).toBe(framework.caseId);
    const m01 = framework.competencies[0];
    const item = pkg.CFItems.find((i: { humanCodingScheme: string }) => i.humanCodingScheme === m01.code);
    expect(item.identifier).toBe(m01.caseId);
    expect(pkg.CFAssociations.filter((a: { associationType: string }) => a.associationType === 'isChildOf').length).toBeGreaterThan(framework.competencies.length * 5);
    // Every uri in the export resolves.
    const level3 = pkg.CFItems.find((i: { humanCodingScheme: string }) => i.humanCodingScheme === `${m01.code}.3`);
    const resolved = await t.anonymous().get(new URL(level3.uri).pathname);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().CFItem).toMatchObject({ identifier: level3.identifier, abbreviatedStatement: m01.levels[2].name });
    expect((await t.anonymous().get(new URL(pkg.CFDocument.uri).pathname)).json().CFDocument.identifier).toBe(framework.caseId);
    expect((await t.anonymous().get(`/api/case/uri/${crypto.randomUUID()}`)).statusCode).toBe(404);
    // The same package again is recognised by its identifier: nothing changes.
    const again = await admin.post('/api/competency-frameworks/import', pkg);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().report.newVersions).toEqual([]);
    expect(again.json().report.created).toEqual([]);
    expect(again.json().slug).toBe(framework.slug);
    // Into a new framework (new identifiers): the same content comes back.
    const copy = structuredClone(pkg);
    const swap = new Map<string, string>();
    const fresh = (id: string) => swap.get(id) ?? (swap.set(id, crypto.randomUUID()), swap.get(id)!);
    copy.CFDocument.identifier = fresh(copy.CFDocument.identifier);
    copy.CFDocument.title = 'Salinan Kerangka Uji';
    for (const i of copy.CFItems) {
      i.identifier = fresh(i.identifier);
      if (i.humanCodingScheme) i.humanCodingScheme = i.humanCodingScheme.replace(/^(M|SK)\./, 'X$1.');
    }
    for (const a of copy.CFAssociations) {
      a.originNodeURI.identifier = fresh(a.originNodeURI.identifier);
      a.destinationNodeURI.identifier = fresh(a.destinationNodeURI.identifier);
    }
    const dry = await admin.post('/api/competency-frameworks/import?dryRun=true', copy);
    expect(dry.json()).toMatchObject({ dryRun: true, competencies: framework.competencies.length });
    expect(dry.json().report.created).toHaveLength(framework.competencies.length);
    expect((await t.anonymous().get('/api/competency-frameworks')).json().some((f: { title: string }) => f.title === 'Salinan Kerangka Uji')).toBe(false);
    const imported = await admin.post('/api/competency-frameworks/import', copy);
    expect(imported.statusCode, imported.body).toBe(200);
    const back = imported.json().report.framework;
    expect(back.competencies.map((c: { code: string }) => c.code)).toEqual(framework.competencies.map((c: { code: string }) => c.code.replace(/^(M|SK)\./, 'X$1.')));
    expect(back.competencies.map((c: { levels: unknown }) => c.levels)).toEqual(framework.competencies.map((c: { levels: unknown }) => c.levels));
    expect(back.competencies.map((c: { name: string; kind: string }) => [c.name, c.kind])).toEqual(framework.competencies.map((c: { name: string; kind: string }) => [c.name, c.kind]));
    // Not a CASE package: 400 and nothing stored. A learner may not import.
    const bad = await admin.post('/api/competency-frameworks/import', { CFDocument: { title: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_case');
    expect((await asn.post('/api/competency-frameworks/import', pkg)).statusCode).toBe(403);
  });
});

describe('evidence from courses and quizzes', () => {
  it('a course completion writes its JP and one evidence row per competency, exactly once', async () => {
    const guruId = await personId(t.db, 'guru');
    const { slug, lessonIds, courseId } = await makeCourse(t.db, { jp: 6, competencies: [{ code: 'M.02', level: 3 }], lessons: 2, title: 'Kerja Sama Tim Sekolah' });
    expect((await guru.post(`/api/courses/${slug}/enrollments`)).statusCode).toBe(201);
    for (const id of lessonIds) {
      const r = await guru.request({ method: 'PUT', url: `/api/lessons/${id}/progress`, payload: { completed: true } });
      expect(r.statusCode, r.body).toBe(200);
    }
    // Again: no second completion, no second entry.
    await guru.request({ method: 'PUT', url: `/api/lessons/${lessonIds[0]}/progress`, payload: { completed: true } });
    const rows = await evidenceRows(guruId, 'M.02');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 3, source: 'course', source_id: courseId, corrects_id: null });
    const jp = await t.db.selectFrom('jp_entries').selectAll().where('person_id', '=', guruId).where('source', '=', 'course').where('source_id', '=', courseId).execute();
    expect(jp).toHaveLength(1);
    expect(Number(jp[0]!.jp)).toBe(6);
    // …and the certificate, in the same transaction.
    const certs = await t.db.selectFrom('certificates').select(['code', 'jp']).where('person_id', '=', guruId).where('kind', '=', 'course').where('source_id', '=', courseId).execute();
    expect(certs).toHaveLength(1);
    expect(Number(certs[0]!.jp)).toBe(6);
    expect((await t.anonymous().get(`/api/certificates/${certs[0]!.code}/verify`)).json()).toMatchObject({ valid: true });
    const m02 = of(await mine(guru), 'M.02')!;
    expect(m02.attained).toBe(3);
    expect(m02.explanation).toContain('Kerja Sama Tim Sekolah');
    const year = (await guru.get('/api/me/jp')).json();
    expect(year.target).toBe(20);
    expect(year.entries.some((e: { sourceId: number; jp: number }) => e.sourceId === courseId && e.jp === 6)).toBe(true);
  });

  it('a quiz pass writes evidence once, however many passing attempts; a sub-score rule needs only its questions', async () => {
    const guruId = await personId(t.db, 'guru');
    const single = SAMPLES[0]!; // M.05
    const multiple = SAMPLES[1]!; // T.DUK.01, 2 points
    const { quizId } = await makeQuiz(t.db, [single.doc, multiple.doc], { pass_pct: 70 });
    await t.db
      .insertInto('quiz_competencies')
      .values([
        { quiz_id: quizId, competency_code: 'M.04', level: 2, condition: 'passed', min_pct: null },
        { quiz_id: quizId, competency_code: 'T.DUK.01', level: 2, condition: 'subscore', min_pct: 80 },
      ])
      .execute();
    // Fail overall (only the 2-point T.DUK.01 question right: 66.7 %), but T.DUK.01 at 100 %.
    await passQuiz(guru, quizId, (doc) => (doc.type === 'single' ? single.wrong : multiple.right));
    expect(await evidenceRows(guruId, 'M.04')).toHaveLength(0);
    expect(await evidenceRows(guruId, 'T.DUK.01')).toHaveLength(1);
    // Pass twice: one M.04 entry, the first passing attempt.
    const first = await passQuiz(guru, quizId, (doc) => (doc.type === 'single' ? single.right : multiple.right));
    await passQuiz(guru, quizId, (doc) => (doc.type === 'single' ? single.right : multiple.right));
    const m04 = await evidenceRows(guruId, 'M.04');
    expect(m04).toHaveLength(1);
    const row = await t.db.selectFrom('evidence').select(['source_record_id', 'detail']).where('id', '=', m04[0]!.id).executeTakeFirstOrThrow();
    expect(row.source_record_id).toBe(first.attemptId);
    expect(row.detail).toBe('100 %');
    expect(await evidenceRows(guruId, 'T.DUK.01')).toHaveLength(1);
  });

  it("waits for essay grading, and a trainer's lower regrade withdraws the evidence by a correction", async () => {
    const guruId = await personId(t.db, 'guru');
    const single = SAMPLES[0]!;
    const { quizId } = await makeQuiz(t.db, [single.doc, ESSAY], { pass_pct: 50 });
    await t.db.insertInto('quiz_competencies').values({ quiz_id: quizId, competency_code: 'M.06', level: 2, condition: 'passed', min_pct: null }).execute();
    const { attemptId, questions } = await passQuiz(guru, quizId, (doc) => rightAnswer(doc as never));
    expect(await evidenceRows(guruId, 'M.06')).toHaveLength(0);
    const essayId = questions[1]!;
    const grade = (score: number) => admin.request({ method: 'PUT', url: `/api/attempts/${attemptId}/questions/${essayId}/grade`, payload: { score } });
    expect((await grade(4)).statusCode).toBe(200);
    let rows = await evidenceRows(guruId, 'M.06');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.level).toBe(2);
    expect((await grade(0)).statusCode).toBe(200);
    rows = await evidenceRows(guruId, 'M.06');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ level: null, corrects_id: rows[0]!.id });
    expect(of(await mine(guru), 'M.06')?.attained ?? 0).toBe(0);
    // And back again: a third entry restores it.
    await grade(3);
    rows = await evidenceRows(guruId, 'M.06');
    expect(rows.map((r) => r.level)).toEqual([2, null, 2]);
    expect(of(await mine(guru), 'M.06')!.attained).toBe(2);
  });

  it('records course completions and quiz results from before the ledgers existed, once', async () => {
    const someone = await personId(t.db, 'admin.disdik');
    const { courseId } = await makeCourse(t.db, { jp: 3, competencies: [{ code: 'SK.01', level: 2 }] });
    // A completion written straight into the table, as the app did before issue 5.
    const e = await t.db.insertInto('enrollments').values({ person_id: someone, course_id: courseId, source: 'self', completed_at: new Date('2026-02-02T03:00:00Z'), jp_awarded: 3, completed_version: 1 }).returning('id').executeTakeFirstOrThrow();
    await backfillLedgers(t.db);
    await backfillLedgers(t.db);
    const rows = await evidenceRows(someone, 'SK.01');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'course', source_id: courseId });
    const jp = await t.db.selectFrom('jp_entries').select(['jp', 'year', 'source_record_id']).where('person_id', '=', someone).where('source_id', '=', courseId).execute();
    expect(jp).toEqual([{ jp: 3, year: 2026, source_record_id: e.id }]);
    expect(await t.db.selectFrom('certificates').select('id').where('person_id', '=', someone).where('source_id', '=', courseId).execute()).toHaveLength(1);
  });

  it('keeps the ledger append-only: the database refuses to edit or delete an entry', async () => {
    const row = await t.db.selectFrom('evidence').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(t.db.updateTable('evidence').set({ level: 5 }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('evidence').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    const jp = await t.db.selectFrom('jp_entries').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(t.db.updateTable('jp_entries').set({ jp: 99 }).where('id', '=', jp.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe('standards, gaps and recommendations', () => {
  it("shows a front-line officer's gaps against the position standard and what closes them", async () => {
    const list = await mine(asn);
    const m05 = of(list, 'M.05')!;
    expect(m05).toMatchObject({ required: 2, attained: 0, gap: 2 });
    expect(of(list, 'M.01')).toMatchObject({ required: 1, gap: 1 }); // Pelaksana tier default
    expect(of(list, 'T.DUK.01')).toMatchObject({ required: 2 });
    expect(of(list, 'T.DIK.01')).toBeUndefined(); // a teacher's competency, not required here
    expect(list[0]!.gap).toBeGreaterThanOrEqual(list[list.length - 1]!.gap);
    const recs = (await asn.get('/api/me/recommendations')).json() as { kind: string; slug: string; fit: number; forMe: boolean; competencies: { code: string; closesGap: boolean }[] }[];
    expect(recs.length).toBeGreaterThan(0);
    const course = recs.find((r) => r.slug === 'pelayanan-prima-disdukcapil')!;
    expect(course).toMatchObject({ kind: 'course', forMe: true, fit: 4 });
    expect(course.competencies.map((c) => c.code).sort()).toEqual(['M.05', 'T.DUK.01']);
    expect(course.competencies.every((c) => c.closesGap)).toBe(true);
    // The office's competency test can prove four of the gaps at once: it fits best.
    expect(recs[0]).toMatchObject({ kind: 'quiz', slug: 'uji-kompetensi-pelayanan-publik-2026', fit: 8 });
    // Courses for everyone that prove a level asked of this position come too (integrity: M.01 2 ≥ 1).
    expect(recs.some((r) => r.slug === 'integritas-anti-korupsi-asn')).toBe(true);
    expect(recs.some((r) => r.slug === 'pembelajaran-berdiferensiasi')).toBe(false);
    for (let i = 1; i < recs.length; i++) expect(recs[i - 1]!.fit).toBeGreaterThanOrEqual(recs[i]!.fit);
    // A teacher is not offered a test assigned to Disdukcapil.
    const teacher = (await guru.get('/api/me/recommendations')).json() as { slug: string }[];
    expect(teacher.some((r) => r.slug === 'uji-kompetensi-pelayanan-publik-2026')).toBe(false);
  });

  it("a position's own standard overrides the tier default, within the admin's scope", async () => {
    const pos = await t.db.selectFrom('positions as p').innerJoin('units as u', 'u.id', 'p.unit_id').select('p.id').where('u.code', '=', 'DISDUKCAPIL').where('p.name', '=', 'Operator Layanan Operasional').executeTakeFirstOrThrow();
    const before = (await asn.get(`/api/positions/${pos.id}/standard`)).json();
    expect(before.competencies.find((c: { code: string }) => c.code === 'M.05')).toMatchObject({ level: 2, from: 'position' });
    const set = await admin.request({ method: 'PUT', url: `/api/positions/${pos.id}/standard`, payload: { levels: [{ code: 'M.07', level: 2 }, { code: 'SK.01', level: 0 }] } });
    expect(set.statusCode, set.body).toBe(200);
    const after = set.json().competencies as { code: string; level: number; from: string }[];
    expect(after.find((c) => c.code === 'M.07')).toMatchObject({ level: 2, from: 'position' });
    expect(after.find((c) => c.code === 'SK.01')).toMatchObject({ level: 0, from: 'position' });
    const back = await admin.request({ method: 'PUT', url: `/api/positions/${pos.id}/standard`, payload: { levels: [{ code: 'SK.01', level: 'default' }] } });
    expect(back.json().competencies.find((c: { code: string }) => c.code === 'SK.01')).toMatchObject({ level: 1, from: 'tier' });
    const unknown = await admin.request({ method: 'PUT', url: `/api/positions/${pos.id}/standard`, payload: { levels: [{ code: 'X.99', level: 2 }] } });
    expect(unknown.statusCode).toBe(400);
    expect((await asn.request({ method: 'PUT', url: `/api/positions/${pos.id}/standard`, payload: { levels: [{ code: 'M.07', level: 5 }] } })).statusCode).toBe(403);
  });

  it("shows a person's profile to them, their supervisors and admins, and to nobody else", async () => {
    const asnId = await personId(t.db, 'asn');
    expect((await atasan.get(`/api/people/${asnId}/competencies`)).statusCode).toBe(200);
    expect((await admin.get(`/api/people/${asnId}/competencies`)).statusCode).toBe(200);
    const body = (await asn.get(`/api/people/${asnId}/competencies`)).json();
    expect(body.person.id).toBe(asnId);
    expect(body.jp.target).toBe(20);
    expect((await guru.get(`/api/people/${asnId}/competencies`)).statusCode).toBe(404);
    expect((await pelatih.get(`/api/people/${asnId}/competencies`)).statusCode).toBe(404);
    expect((await t.anonymous().get('/api/me/competencies')).statusCode).toBe(401);
  });
});

describe('attainment and JP', () => {
  it('computes attainment from crafted evidence: weights add up, old evidence fades', async () => {
    const pelatihId = await personId(t.db, 'pelatih');
    const comp = await t.db.selectFrom('competencies').select(['id', 'current_version_id']).where('code', '=', 'M.08').executeTakeFirstOrThrow();
    const add = (level: number, source: 'webinar' | 'assessment', sourceId: number, yearsAgo: number, weight: number) =>
      t.db
        .insertInto('evidence')
        .values({ person_id: pelatihId, competency_id: comp.id, competency_version_id: comp.current_version_id!, level, source, source_id: sourceId, title: `Bukti ${sourceId}`, weight, occurred_at: new Date(Date.now() - yearsAgo * 365.25 * 864e5) })
        .execute();
    await add(4, 'webinar', 9001, 0.1, 0.5);
    expect(of(await mine(pelatih), 'M.08')!.attained).toBe(0); // half of what a level needs
    await add(4, 'webinar', 9002, 0.2, 0.5);
    expect(of(await mine(pelatih), 'M.08')!.attained).toBe(4);
    await add(5, 'assessment', 9003, 4, 1); // four years old: half its weight left (3 full + 2 fading)
    const m08 = of(await mine(pelatih), 'M.08')!;
    expect(m08.attained).toBe(4);
    expect(m08.evidence.find((e) => e.level === 5)!.supportsLevel).toBe(true);
    expect(m08.explanation).toMatch(/^Level 4 \(Mumpuni\)/);
    // The most-recent method reads the same evidence differently.
    const put = await admin.request({ method: 'PUT', url: '/api/competency-settings', payload: { ...(await loadSettings(t.db, true)), method: 'highest' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(of(await mine(pelatih), 'M.08')!.attained).toBe(5);
    await admin.request({ method: 'PUT', url: '/api/competency-settings', payload: { ...(await loadSettings(t.db, true)), method: 'highest_supported' } });
    const bad = await admin.request({ method: 'PUT', url: '/api/competency-settings', payload: { ...(await loadSettings(t.db, true)), method: 'guess' } });
    expect(bad.statusCode).toBe(400);
    expect((await asn.request({ method: 'PUT', url: '/api/competency-settings', payload: await loadSettings(t.db, true) })).statusCode).toBe(403);
  });

  it('converts webinar minutes to JP by the configured rule and totals the year', async () => {
    const pelatihId = await personId(t.db, 'pelatih');
    const settings = await loadSettings(t.db, true);
    expect(jpFromMinutes(100, settings)).toBe(2.22);
    expect(jpFromMinutes(100, { ...settings, jpMinutesPerJp: 60 })).toBe(1.66);
    expect(jpFromMinutes(600, settings, 3)).toBe(3);
    const now = new Date();
    await t.db.transaction().execute(async (trx) => {
      await ensureJp(trx, { personId: pelatihId, source: 'webinar', sourceId: 7001, jp: jpFromMinutes(100, settings), minutes: 100, title: 'Webinar Etika Pelayanan', occurredAt: now });
      await ensureJp(trx, { personId: pelatihId, source: 'webinar', sourceId: 7002, jp: jpFromMinutes(90, settings), minutes: 90, title: 'Webinar Pengaduan', occurredAt: now });
    });
    // Attendance corrected (the host closed it later): a correction entry, total follows.
    await t.db.transaction().execute((trx) => ensureJp(trx, { personId: pelatihId, source: 'webinar', sourceId: 7002, jp: jpFromMinutes(135, settings), minutes: 135, title: 'Webinar Pengaduan', occurredAt: now }));
    const year = (await pelatih.get(`/api/me/jp?year=${now.getFullYear()}`)).json();
    expect(year.total).toBeCloseTo(2.22 + 3, 2);
    expect(year.entries.find((e: { sourceId: number }) => e.sourceId === 7002)).toMatchObject({ minutes: 135, jp: 3, corrected: true });
    expect((await pelatih.get('/api/me/jp?year=1999')).statusCode).toBe(400);
    const empty = (await pelatih.get('/api/me/jp?year=2001')).json();
    expect(empty).toEqual({ year: 2001, total: 0, target: 20, entries: [] });
  });
});

describe('framework versions', () => {
  it('a changed wording becomes a new version; evidence keeps the version it was recorded against', async () => {
    const guruId = await personId(t.db, 'guru');
    const [before] = await evidenceRows(guruId, 'M.02');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-competencies-'));
    await cp(path.join(CONTENT, 'competencies'), path.join(dir, 'competencies'), { recursive: true });
    const file = path.join(dir, 'competencies', 'manajerial-sosial-kultural.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/name: Kerja Sama\n/, 'name: Kerja Sama dan Kolaborasi\n'));
    const r = await loadCompetencyContent(t.db, dir);
    expect(r.loaded).toEqual(['manajerial-sosial-kultural']);
    const m02 = (await t.anonymous().get('/api/competency-frameworks')).json().flatMap((f: { competencies: unknown[] }) => f.competencies).find((c: { code: string }) => c.code === 'M.02');
    expect(m02).toMatchObject({ name: 'Kerja Sama dan Kolaborasi', version: 2 });
    const [after] = await evidenceRows(guruId, 'M.02');
    expect(after!.competency_version_id).toBe(before!.competency_version_id);
    const versions = (await guru.get(`/api/competencies/${m02.id}/versions`)).json();
    expect(versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[2, 'Kerja Sama dan Kolaborasi'], [1, 'Kerja Sama']]);
    // An admin's edit in the app is a version too.
    const edit = await admin.request({ method: 'PUT', url: `/api/competencies/${m02.id}`, payload: { name: 'Kerja Sama', description: m02.description, levels: m02.levels } });
    expect(edit.json()).toMatchObject({ version: 3, changed: true });
    const same = await admin.request({ method: 'PUT', url: `/api/competencies/${m02.id}`, payload: { name: 'Kerja Sama', description: m02.description, levels: m02.levels } });
    expect(same.json()).toMatchObject({ version: 3, changed: false });
  });
});
