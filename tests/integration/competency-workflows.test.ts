import path from 'node:path';
import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { assessedLevel } from '../../server/competencies/evidence-routes.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { personId } from '../factories/competency.ts';
import { blob, pdf, png } from '../factories/media-files.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
let t: TestApp;
let asn: Client;
let atasan: Client;
let guru: Client;
let admin: Client;
let adminDisdik: Client;
let asnId: number;

beforeAll(async () => {
  t = await createTestApp();
  await loadContentIntoApp(t.app, CONTENT);
  [asn, atasan, guru, admin, adminDisdik] = (await Promise.all(['asn', 'atasan', 'guru', 'admin', 'admin.disdik'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client];
  asnId = await personId(t.db, 'asn');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

function claim(c: Client, fields: Record<string, string>, file: { body: Buffer; name: string; type: string } | null = { body: pdf(), name: 'sertifikat.pdf', type: 'application/pdf' }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', blob(file.body, file.type), file.name);
  return c.request({ method: 'POST', url: '/api/me/prior-learning', payload: form });
}
const fields = (over: Record<string, string> = {}) => ({
  kind: 'pelatihan',
  title: 'Diklat Komunikasi Publik BPSDM Jawa Tengah',
  provider: 'BPSDM Provinsi Jawa Tengah',
  completedOn: '2026-03-12',
  jp: '8',
  competencies: JSON.stringify([{ code: 'M.03', level: 2 }]),
  note: 'Sertifikat terlampir.',
  ...over,
});
const count = async (table: 'prior_learning_claims' | 'evidence' | 'jp_entries' | 'media') => (await t.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

describe('prior learning', () => {
  it('refuses bad claims with a clear error and keeps nothing', async () => {
    const before = await Promise.all([count('prior_learning_claims'), count('media')]);
    const noFile = await claim(asn, fields(), null);
    expect(noFile.statusCode).toBe(400);
    const badDate = await claim(asn, fields({ completedOn: '12-03-2026' }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toMatch(/completedOn/);
    const future = await claim(asn, fields({ completedOn: '2099-01-01' }));
    expect(future.statusCode).toBe(400);
    const unknownCode = await claim(asn, fields({ competencies: JSON.stringify([{ code: 'X.01', level: 2 }]) }));
    expect(unknownCode.statusCode).toBe(400);
    const notJson = await claim(asn, fields({ competencies: '[{code' }));
    expect(notJson.statusCode).toBe(400);
    const wrongType = await claim(asn, fields(), { body: Buffer.from('just text, not a certificate'), name: 'a.pdf', type: 'application/pdf' });
    expect(wrongType.statusCode).toBe(415);
    expect(await Promise.all([count('prior_learning_claims'), count('media')])).toEqual(before);
  });

  it('a rejected claim needs a reason and proves nothing; an accepted one writes evidence and JP once', async () => {
    const first = await claim(asn, fields());
    expect(first.statusCode, first.body).toBe(201);
    const c1 = first.json();
    expect(c1).toMatchObject({ status: 'pending', jp: 8, competencies: [{ code: 'M.03', level: 2 }], completedOn: '2026-03-12' });
    // The supervisor sees it and its proof; someone else does not.
    const pending = (await atasan.get('/api/prior-learning?status=pending')).json();
    expect(pending.map((x: { id: number }) => x.id)).toContain(c1.id);
    expect((await atasan.get(`/api/prior-learning?personId=${asnId}`)).json().every((x: { person: { id: number } }) => x.person.id === asnId)).toBe(true);
    expect((await atasan.get(`/api/prior-learning?personId=${await personId(t.db, 'guru')}`)).json()).toEqual([]);
    expect((await atasan.get(c1.proof.url)).statusCode).toBe(200);
    expect((await guru.get(c1.proof.url)).statusCode).toBe(404);
    expect((await guru.get('/api/prior-learning')).json()).toEqual([]);
    expect((await asn.post(`/api/prior-learning/${c1.id}/review`, { decision: 'accept' })).statusCode).toBe(404);
    expect((await guru.post(`/api/prior-learning/${c1.id}/review`, { decision: 'accept' })).statusCode).toBe(404);

    const noReason = await atasan.post(`/api/prior-learning/${c1.id}/review`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await atasan.post(`/api/prior-learning/${c1.id}/review`, { decision: 'reject', reason: 'Sertifikat tidak terbaca.' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewReason: 'Sertifikat tidak terbaca.' });
    expect(await t.db.selectFrom('evidence').select('id').where('source', '=', 'prior_learning').where('source_id', '=', c1.id).execute()).toHaveLength(0);

    const second = (await claim(asn, fields({ competencies: JSON.stringify([{ code: 'M.03', level: 3 }, { code: 'M.02', level: 2 }]) }))).json();
    const tooMuch = await atasan.post(`/api/prior-learning/${second.id}/review`, { decision: 'accept', jp: 20 });
    expect(tooMuch.statusCode).toBe(400);
    const accepted = await atasan.post(`/api/prior-learning/${second.id}/review`, { decision: 'accept', jp: 6, competencies: [{ code: 'M.03', level: 2 }] });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', jp: 6, competencies: [{ code: 'M.03', level: 2 }] });
    const again = await admin.post(`/api/prior-learning/${second.id}/review`, { decision: 'reject', reason: 'x' });
    expect(again.statusCode).toBe(409);
    const ev = await t.db.selectFrom('evidence').selectAll().where('source', '=', 'prior_learning').where('source_id', '=', second.id).execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ level: 2, person_id: asnId, recorded_by: await personId(t.db, 'atasan') });
    const jp = (await asn.get('/api/me/jp?year=2026')).json();
    expect(jp.entries.find((e: { source: string; sourceId: number }) => e.source === 'prior_learning' && e.sourceId === second.id)).toMatchObject({ jp: 6 });
    const m03 = (await asn.get('/api/me/competencies')).json().find((c: { code: string }) => c.code === 'M.03');
    expect(m03.attained).toBe(2);
    expect(m03.explanation).toContain('Diklat Komunikasi Publik');
  });

  it('lets the claimant withdraw a pending claim only', async () => {
    const c = (await claim(asn, fields({ title: 'Seminar Pelayanan Inklusif' }), { body: png(), name: 'foto.png', type: 'image/png' })).json();
    const w = await asn.post(`/api/me/prior-learning/${c.id}/withdraw`);
    expect(w.json().status).toBe('withdrawn');
    expect((await asn.post(`/api/me/prior-learning/${c.id}/withdraw`)).statusCode).toBe(409);
    expect((await guru.post(`/api/me/prior-learning/${c.id}/withdraw`)).statusCode).toBe(404);
  });
});

describe('supervisor assessment', () => {
  it('turns the behaviour indicators shown into a level: two thirds of each level, up to the first level missed', () => {
    const levels = [1, 2, 3, 4, 5].map((level) => ({ level, name: '', description: '', indicators: ['a', 'b', 'c'] }));
    expect(assessedLevel(levels, {})).toBe(0);
    expect(assessedLevel(levels, { 1: [true, true, false] })).toBe(1);
    expect(assessedLevel(levels, { 1: [true, true, true], 2: [true, false, false], 3: [true, true, true] })).toBe(1);
    expect(assessedLevel(levels, { 1: [true, true, true], 2: [true, true, false], 3: [true, true, false] })).toBe(3);
  });

  it('a supervisor rates a subordinate; the level becomes evidence; others may not', async () => {
    const fw = (await t.anonymous().get('/api/competency-frameworks')).json();
    const m07 = fw.flatMap((f: { competencies: unknown[] }) => f.competencies).find((c: { code: string }) => c.code === 'M.07');
    const all = (n: number, yes: number) => Array.from({ length: n }, (_, i) => i < yes);
    const ratings = Object.fromEntries(m07.levels.map((l: { level: number; indicators: string[] }) => [String(l.level), all(l.indicators.length, l.level <= 2 ? l.indicators.length : 0)]));
    const res = await atasan.post(`/api/people/${asnId}/assessments`, { code: 'M.07', ratings, note: 'Aktif mengusulkan perbaikan alur antrean.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'M.07', level: 2 });
    const status = (await asn.get('/api/me/competencies')).json().find((c: { code: string }) => c.code === 'M.07');
    expect(status.attained).toBe(2);
    expect(status.evidence[0].source).toBe('assessment');
    expect((await asn.get(`/api/people/${asnId}/assessments`)).json()).toHaveLength(1);
    const wrongCount = await atasan.post(`/api/people/${asnId}/assessments`, { code: 'M.07', ratings: { 1: [true] } });
    expect(wrongCount.statusCode).toBe(400);
    expect((await guru.post(`/api/people/${asnId}/assessments`, { code: 'M.07', ratings })).statusCode).toBe(403);
    expect((await asn.post(`/api/people/${asnId}/assessments`, { code: 'M.07', ratings })).statusCode).toBe(403);
    expect((await adminDisdik.post(`/api/people/${asnId}/assessments`, { code: 'M.07', ratings })).statusCode).toBe(403);
  });
});

describe('development plan', () => {
  it('goes draft → submitted → (returned) → approved → done, with the JP target beside it', async () => {
    const empty = (await asn.get('/api/me/plan?year=2026')).json();
    expect(empty).toMatchObject({ id: null, status: 'draft', items: [], target: 20 });
    expect((await asn.post('/api/me/plan/submit?year=2026')).json().error.code).toBe('plan_empty');
    const course = await t.db.selectFrom('courses').select(['id', 'jp']).where('slug', '=', 'pelayanan-prima-disdukcapil').executeTakeFirstOrThrow();
    const quiz = await t.db.selectFrom('quizzes').select('id').where('slug', '=', 'uji-kompetensi-pelayanan-publik-2026').executeTakeFirstOrThrow();
    const saved = await asn.request({
      method: 'PUT',
      url: '/api/me/plan?year=2026',
      payload: {
        note: 'Fokus pada pelayanan publik.',
        items: [
          { kind: 'course', courseId: course.id, competencyCode: 'M.05', plannedQuarter: 1 },
          { kind: 'quiz', quizId: quiz.id, competencyCode: 'M.05', plannedQuarter: 2 },
          { kind: 'other', title: 'Magang di Mal Pelayanan Publik', jp: 10, plannedQuarter: 3 },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const plan = saved.json();
    expect(plan.items.map((i: { kind: string; title: string }) => i.kind)).toEqual(['course', 'quiz', 'other']);
    expect(plan.plannedJp).toBe(Number(course.jp) + 10);
    expect((await asn.request({ method: 'PUT', url: '/api/me/plan?year=2026', payload: { items: [{ kind: 'other' }] } })).statusCode).toBe(400);
    expect((await asn.post('/api/me/plan/submit?year=2026')).json().status).toBe('submitted');
    expect((await asn.request({ method: 'PUT', url: '/api/me/plan?year=2026', payload: { items: [] } })).json().error.code).toBe('plan_not_draft');

    const team = (await atasan.get('/api/team?year=2026')).json();
    expect(team.plansToApprove).toBeGreaterThanOrEqual(1);
    const me = team.members.find((m: { person: { id: number } }) => m.person.id === asnId);
    expect(me).toMatchObject({ direct: true, plan: { id: plan.id, status: 'submitted' } });
    expect(me.gaps).toBeGreaterThan(0);
    expect((await guru.post(`/api/plans/${plan.id}/decision`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await atasan.post(`/api/plans/${plan.id}/decision`, { decision: 'return' })).statusCode).toBe(400);
    expect((await atasan.post(`/api/plans/${plan.id}/decision`, { decision: 'return', note: 'Tambahkan target kuartal 4.' })).json()).toMatchObject({ status: 'draft', decisionNote: 'Tambahkan target kuartal 4.' });
    await asn.post('/api/me/plan/submit?year=2026');
    expect((await atasan.post(`/api/plans/${plan.id}/decision`, { decision: 'done' })).statusCode).toBe(409);
    expect((await atasan.post(`/api/plans/${plan.id}/decision`, { decision: 'approve' })).json().status).toBe('approved');
    expect((await atasan.post(`/api/plans/${plan.id}/decision`, { decision: 'done' })).json().status).toBe('done');
    expect((await atasan.get(`/api/people/${asnId}/plan?year=2026`)).json().status).toBe('done');
    expect((await guru.get(`/api/people/${asnId}/plan?year=2026`)).statusCode).toBe(404);
    expect((await asn.get('/api/team')).statusCode).toBe(403);
  });
});

describe('admin reports', () => {
  it('heat-map of offices × competencies, as JSON, CSV and XLSX, within the admin’s scope', async () => {
    const res = await admin.get('/api/reports/competencies');
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    const duk = map.offices.find((o: { unit: { code: string } }) => o.unit.code === 'DISDUKCAPIL');
    const m05 = duk.cells.find((c: { code: string }) => c.code === 'M.05');
    expect(m05.required).toBeGreaterThan(0);
    expect(m05.share).toBeGreaterThanOrEqual(0);
    const csv = await admin.get('/api/reports/competencies?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toMatch(/^\uFEFFkode_unit,unit,pegawai,M\.01/);
    expect(csv.body).toContain('DISDUKCAPIL');
    const xlsx = await admin.get('/api/reports/competencies?format=xlsx');
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('DISDUKCAPIL');
    // An office admin sees only their offices, and may not ask for another.
    const disdik = (await adminDisdik.get('/api/reports/competencies')).json();
    expect(disdik.offices.every((o: { unit: { code: string } }) => o.unit.code === 'DISDIK' || o.unit.code.startsWith('S'))).toBe(true);
    const duk2 = await t.db.selectFrom('units').select('id').where('code', '=', 'DISDUKCAPIL').executeTakeFirstOrThrow();
    expect((await adminDisdik.get(`/api/reports/competencies?unitId=${duk2.id}`)).statusCode).toBe(403);
    expect((await asn.get('/api/reports/competencies')).statusCode).toBe(403);
  });

  it('lists who is below the yearly JP target, by office, and the training needs most people share', async () => {
    const jp = (await admin.get('/api/reports/jp?year=2026&below=true')).json();
    expect(jp.target).toBe(20);
    expect(jp.people.every((p: { below: boolean }) => p.below)).toBe(true);
    expect(jp.people.some((p: { id: number }) => p.id === asnId)).toBe(true);
    expect(jp.offices.find((o: { unit: { code: string } }) => o.unit.code === 'DISDUKCAPIL').below).toBeGreaterThan(0);
    const xlsx = await admin.get('/api/reports/jp?year=2026&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const needs = (await admin.get('/api/reports/training-needs')).json();
    expect(needs.length).toBeGreaterThan(0);
    for (let i = 1; i < needs.length; i++) expect(needs[i - 1].totalGap).toBeGreaterThanOrEqual(needs[i].totalGap);
    const m05 = needs.find((n: { code: string }) => n.code === 'M.05');
    expect(m05.offices[0].unit.code).toBeTruthy();
    expect(m05.courses.map((c: { slug: string }) => c.slug)).toContain('pelayanan-prima-disdukcapil');
    const byCode = (await admin.get('/api/reports/training-needs?unit=DISDUKCAPIL')).json();
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((n: { offices: { unit: { code: string } }[] }) => n.offices.every((o) => o.unit.code === 'DISDUKCAPIL'))).toBe(true);
    expect((await admin.get('/api/reports/training-needs?unit=NOPE')).statusCode).toBe(404);
    const csv = await admin.get('/api/reports/training-needs?format=csv');
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFkode,kompetensi,jenis,pegawai_di_bawah_standar,pegawai_wajib,total_kesenjangan_level,rata_rata_kesenjangan,unit_terbanyak,kursus');
  });
});
