import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../server/partners/service.ts';
import { loadDemoPartners } from '../../server/seed/partners.ts';
import { blob, pdf } from '../factories/media-files.ts';
import { ESSAY, makeQuiz, SAMPLES } from '../factories/quiz.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let asn: Client;
let asnId: number;

const soon = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  [admin, asn] = (await Promise.all(['admin', 'asn'].map((u) => t.login(u)))) as [Client, Client];
  asnId = (await t.db.selectFrom('people').select('id').where('username', '=', 'asn').executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** A partner, optionally with an agreement in force, and a signed-in member with the temporary password. */
async function partnerWithMember(name: string, email: string, agreement = true) {
  const created = await admin.post('/api/partners', { name, kind: 'university', website: 'https://example.ac.id', contactEmail: 'humas@example.ac.id' });
  expect(created.statusCode, created.body).toBe(201);
  const partner = created.json();
  if (agreement) {
    const a = await admin.post(`/api/partners/${partner.id}/agreements`, {
      kind: 'pks',
      number: `PKS/${partner.id}/2025`,
      title: 'Kerja sama pengembangan kompetensi ASN',
      startsOn: '2024-01-01',
      endsOn: '2099-12-31',
      scope: 'Kursus daring, webinar, magang dan riset.',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().status).toBe('active');
  }
  const added = await admin.post(`/api/partners/${partner.id}/members`, { name: `Dosen ${name}`, email });
  expect(added.statusCode, added.body).toBe(201);
  const { person, temporaryPassword } = added.json();
  expect(temporaryPassword).toEqual(expect.any(String));
  const member = await t.login(email, temporaryPassword);
  return { partner: partner as { id: number }, person: person as { id: number }, member };
}

async function courseWithLesson(c: Client, slug: string) {
  const created = await c.post('/api/authoring/courses', { slug, title: `Kursus ${slug}` });
  expect(created.statusCode, created.body).toBe(201);
  const doc = created.json().document;
  doc.summary = 'Kursus dari mitra.';
  doc.jp = 2;
  doc.modules = [{ key: 'm1', title: 'Modul', lessons: [{ key: 'l1', kind: 'text', title: 'Pelajaran', body: 'Isi pelajaran.', required: true }] }];
  const saved = await c.request({ method: 'PUT', url: `/api/authoring/courses/${slug}/draft`, payload: doc });
  expect(saved.statusCode, saved.body).toBe(200);
}

describe('partners (admin)', () => {
  it('creates a partner with an agreement and a member who signs in with the temporary password', async () => {
    const { partner, person, member } = await partnerWithMember('Universitas Uji Satu', 'dosen1@uji.ac.id');
    const me = await member.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: person.id, mustChangePassword: true });
    const view = (await admin.get(`/api/partners/${partner.id}`)).json();
    expect(view).toMatchObject({ kind: 'university', hasActiveAgreement: true, members: [{ id: person.id, email: 'dosen1@uji.ac.id' }], counts: { courses: 0 } });
    expect(view.agreements[0]).toMatchObject({ kind: 'pks', status: 'active' });
    expect((await member.get('/api/partner/me')).json().partner.id).toBe(partner.id);
    expect((await admin.get('/api/partners')).json().items.map((p: { id: number }) => p.id)).toContain(partner.id);
    // Learners neither manage partners nor add members.
    expect((await asn.post('/api/partners', { name: 'Mitra Liar', kind: 'company' })).statusCode).toBe(403);
    expect((await asn.get('/api/partners/options')).json().items.map((p: { id: number }) => p.id)).toContain(partner.id);
    // A city staff e-mail cannot become a partner account.
    await t.db.updateTable('people').set({ email: 'dewi@surakarta.go.id' }).where('id', '=', asnId).execute();
    expect((await admin.post(`/api/partners/${partner.id}/members`, { name: 'Dewi', email: 'dewi@surakarta.go.id' })).statusCode).toBe(409);
  });
});

describe('partner users are denied by default', () => {
  it('refuses city staff data and other partners’ content with 403', async () => {
    const a = await partnerWithMember('Universitas Uji Dua', 'dosen2@uji.ac.id');
    const b = await partnerWithMember('Politeknik Uji Tiga', 'dosen3@uji.ac.id');
    for (const url of ['/api/people', `/api/people/${asnId}`, '/api/reports/competencies', `/api/people/${asnId}/competencies`, '/api/me/placement-applications', '/api/partners']) {
      const res = await a.member.get(url);
      expect(res.statusCode, url).toBe(403);
    }
    expect((await a.member.get('/api/people')).json().error.code).toBe('partner_forbidden');

    await courseWithLesson(b.member, 'kursus-mitra-lain');
    expect((await a.member.get('/api/authoring/courses/kursus-mitra-lain/draft')).statusCode).toBe(403);
    expect((await a.member.get('/api/authoring/courses')).json().map((c: { slug: string }) => c.slug)).not.toContain('kursus-mitra-lain');
    expect((await a.member.get(`/api/partners/${b.partner.id}`)).statusCode).toBe(403);

    const placement = await b.member.post('/api/placements', {
      kind: 'research',
      title: 'Riset Bersama Mitra',
      location: 'Kampus',
      startsOn: todayWib(),
      endsOn: '2099-12-31',
      applyBy: todayWib(),
      seats: 3,
      jp: 10,
      competencies: [],
    });
    expect(placement.statusCode, placement.body).toBe(201);
    expect(placement.json().host.partner.id).toBe(b.partner.id);
    expect((await a.member.get(`/api/placements/${placement.json().id}/applications`)).statusCode).toBe(403);
    expect((await a.member.get(`/api/placements/${placement.json().id}`)).statusCode).toBe(403);
    expect((await b.member.get(`/api/placements/${placement.json().id}/applications`)).statusCode).toBe(200);
    const bank = await b.member.post('/api/question-banks', { slug: 'bank-mitra-lain', name: 'Bank Soal Mitra', courseSlug: 'kursus-mitra-lain' });
    expect(bank.statusCode, bank.body).toBe(201);
    expect((await a.member.get(`/api/question-banks/${bank.json().id}`)).statusCode).toBe(403);
    expect((await a.member.get('/api/question-banks')).json().items.map((x: { id: number }) => x.id)).not.toContain(bank.json().id);
    // A colleague of the same partner shares the partner's content.
    const colleague = await admin.post(`/api/partners/${b.partner.id}/members`, { name: 'Rekan Dosen', email: 'rekan3@uji.ac.id' });
    const rekan = await t.login('rekan3@uji.ac.id', colleague.json().temporaryPassword);
    expect((await rekan.get('/api/authoring/courses/kursus-mitra-lain/draft')).statusCode).toBe(200);
    expect((await rekan.get(`/api/question-banks/${bank.json().id}`)).statusCode).toBe(200);
  });
});

describe('partner content under the city’s review', () => {
  it('lets a partner submit but not publish; an admin publishes it into the catalogue', async () => {
    const { partner, member } = await partnerWithMember('Universitas Uji Empat', 'dosen4@uji.ac.id');
    await courseWithLesson(member, 'kursus-mitra-uji');
    const publish = await member.post('/api/authoring/courses/kursus-mitra-uji/publish');
    expect(publish.statusCode).toBe(403);
    const submitted = await member.post('/api/authoring/courses/kursus-mitra-uji/submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'review', draftState: 'review' });
    expect((await asn.get('/api/courses/kursus-mitra-uji')).statusCode).toBe(404);
    expect((await admin.post('/api/authoring/courses/kursus-mitra-uji/publish')).statusCode).toBe(200);
    expect((await asn.get('/api/courses/kursus-mitra-uji')).statusCode).toBe(200);
    expect((await asn.get('/api/courses?q=kursus-mitra-uji')).statusCode).toBe(200);
    const home = (await member.get('/api/partner/me')).json();
    expect(home.partner.id).toBe(partner.id);
    expect(home.content.courses).toEqual([expect.objectContaining({ slug: 'kursus-mitra-uji', status: 'published', enrolled: 0 })]);
  });

  it('refuses submitting without an agreement in force (409)', async () => {
    const { member } = await partnerWithMember('Asosiasi Uji Lima', 'anggota5@uji.ac.id', false);
    await courseWithLesson(member, 'kursus-tanpa-pks');
    const res = await member.post('/api/authoring/courses/kursus-tanpa-pks/submit');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('no_active_agreement');
    expect((await t.db.selectFrom('courses').select('draft_state').where('slug', '=', 'kursus-tanpa-pks').executeTakeFirstOrThrow()).draft_state).toBe('editing');
  });

  it('keeps a partner webinar from learners until an admin approves it', async () => {
    const { member } = await partnerWithMember('Universitas Uji Enam', 'dosen6@uji.ac.id');
    const created = await member.post('/api/webinars', { title: 'Webinar Mitra', startsAt: soon(48), endsAt: soon(50), capacity: 50, jp: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const w = created.json();
    expect(w.reviewState).toBe('pending');
    expect((await asn.get(`/api/webinars/${w.id}`)).statusCode).toBe(404);
    expect((await asn.get('/api/webinars')).json().items.map((x: { id: number }) => x.id)).not.toContain(w.id);
    expect((await asn.post(`/api/webinars/${w.id}/registrations`)).statusCode).toBe(404);
    expect((await member.post(`/api/webinars/${w.id}/approve`)).statusCode).toBe(403);

    const queue = (await admin.get('/api/webinars/review')).json().items;
    expect(queue.map((x: { id: number }) => x.id)).toContain(w.id);
    const approved = await admin.post(`/api/webinars/${w.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().reviewState).toBe('approved');
    expect((await asn.get(`/api/webinars/${w.id}`)).statusCode).toBe(200);
    expect((await asn.post(`/api/webinars/${w.id}/registrations`)).statusCode).toBe(201);
    const home = (await member.get('/api/partner/me')).json();
    expect(home.content.webinars).toEqual([expect.objectContaining({ id: w.id, reviewState: 'approved', registered: 1 })]);
  });
});

describe('GET /api/courses/:slug/report for a partner', () => {
  it('shows the partner its own course’s progress, the CSV without NIP; another partner’s stays closed', async () => {
    const own = await partnerWithMember('Universitas Uji Sepuluh', 'dosen10@uji.ac.id');
    const other = await partnerWithMember('Universitas Uji Sebelas', 'dosen11@uji.ac.id');
    await courseWithLesson(own.member, 'kursus-mitra-laporan');
    expect((await own.member.post('/api/authoring/courses/kursus-mitra-laporan/submit')).statusCode).toBe(200);
    expect((await admin.post('/api/authoring/courses/kursus-mitra-laporan/publish')).statusCode).toBe(200);
    expect((await asn.post('/api/courses/kursus-mitra-laporan/enrollments')).statusCode).toBe(201);

    const report = await own.member.get('/api/courses/kursus-mitra-laporan/report');
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().totals).toMatchObject({ enrolled: 1, completed: 0 });
    const csv = await own.member.get('/api/courses/kursus-mitra-laporan/report.csv');
    expect(csv.statusCode, csv.body).toBe(200);
    const [header, line] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',')[0]).toBe('nama');
    expect(header!.split(',')).not.toContain('nip');
    const asnRow = await t.db.selectFrom('people').select(['name', 'nip']).where('id', '=', asnId).executeTakeFirstOrThrow();
    expect(line).toContain(asnRow.name);
    if (asnRow.nip) expect(csv.body).not.toContain(asnRow.nip);
    // City staff still get the NIP.
    expect((await admin.get('/api/courses/kursus-mitra-laporan/report.csv')).body.replace(/^\uFEFF/, '').startsWith('nip,')).toBe(true);

    for (const url of ['/api/courses/kursus-mitra-laporan/report', '/api/courses/kursus-mitra-laporan/report.csv']) {
      expect([403, 404], url).toContain((await other.member.get(url)).statusCode);
    }
  });
});

describe('quiz results for a partner', () => {
  it('shows a partner the results of its own quiz without NIP and lets it grade; another partner is refused', async () => {
    const own = await partnerWithMember('Universitas Uji Dua Belas', 'dosen12@uji.ac.id');
    const other = await partnerWithMember('Universitas Uji Tiga Belas', 'dosen13@uji.ac.id');
    const { quizId, questionIds } = await makeQuiz(t.db, [SAMPLES[0]!.doc, ESSAY]);
    // Made by the partner (no owner left: any colleague of the partner counts as its owner).
    await t.db.updateTable('quizzes').set({ partner_id: own.partner.id, owner_id: null }).where('id', '=', quizId).execute();
    const a = (await asn.post(`/api/quizzes/${quizId}/attempts`)).json();
    for (const [i, response] of ['a', 'Antrean daring mengurangi waktu tunggu.'].entries()) {
      const put = await asn.request({ method: 'PUT', url: `/api/attempts/${a.id}/answers/${questionIds[i]}`, payload: { response, seq: i + 1 } });
      expect(put.statusCode, put.body).toBe(200);
    }
    expect((await asn.post(`/api/attempts/${a.id}/submit`)).statusCode).toBe(200);

    const results = await own.member.get(`/api/quizzes/${quizId}/results`);
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json().summary).toMatchObject({ people: 1, attempts: 1, needsGrading: 1 });
    const [row] = results.json().items;
    expect(row.person.id).toBe(asnId);
    expect(row.person).not.toHaveProperty('nip');
    const asnRow = await t.db.selectFrom('people').select(['name', 'nip']).where('id', '=', asnId).executeTakeFirstOrThrow();
    const csv = await own.member.get(`/api/quizzes/${quizId}/results.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    const [header, line] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',')[0]).toBe('nama');
    expect(line).toContain(asnRow.name);
    if (asnRow.nip) {
      expect(csv.body).not.toContain(asnRow.nip);
      expect(results.body).not.toContain(asnRow.nip);
    }
    // City staff still get the NIP.
    expect((await admin.get(`/api/quizzes/${quizId}/results`)).json().items[0].person).toHaveProperty('nip');
    expect((await admin.get(`/api/quizzes/${quizId}/results.csv`)).body.replace(/^\uFEFF/, '').startsWith('nip,')).toBe(true);
    expect((await own.member.get(`/api/quizzes/${quizId}/analysis`)).statusCode).toBe(200);
    expect((await own.member.get(`/api/quizzes/${quizId}/grading`)).json().items).toHaveLength(1);

    const grade = (c: Client) => c.request({ method: 'PUT', url: `/api/attempts/${a.id}/questions/${questionIds[1]}/grade`, payload: { score: 3 } });
    for (const url of ['results', 'results.csv', 'analysis', 'grading']) {
      expect([403, 404], url).toContain((await other.member.get(`/api/quizzes/${quizId}/${url}`)).statusCode);
    }
    expect([403, 404]).toContain((await grade(other.member)).statusCode);
    const graded = await grade(own.member);
    expect(graded.statusCode, graded.body).toBe(200);
    expect(graded.json()).toMatchObject({ needsGrading: false, pct: 80 });
  });
});

describe('agreements, members and partner placements', () => {
  it('stops a partner without an agreement in force from publishing placements, and ends memberships', async () => {
    const { partner, person, member } = await partnerWithMember('Perusahaan Uji Delapan', 'staf8@uji.co.id');
    const body = { kind: 'internship', title: 'Magang Industri', startsOn: todayWib(), endsOn: '2099-12-31', applyBy: todayWib(), seats: 2, jp: 12, competencies: [] };
    const agreementId = (await admin.get(`/api/partners/${partner.id}`)).json().agreements[0].id;
    const del = await admin.request({ method: 'DELETE', url: `/api/partners/${partner.id}/agreements/${agreementId}` });
    expect(del.statusCode).toBe(204);
    expect((await admin.get(`/api/partners/${partner.id}`)).json()).toMatchObject({ hasActiveAgreement: false, agreements: [] });
    const refused = await member.post('/api/placements', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('no_active_agreement');
    expect(await t.db.selectFrom('placements').select('id').where('title', '=', 'Magang Industri').execute()).toHaveLength(0);
    // An agreement that ended last year does not count either.
    await admin.post(`/api/partners/${partner.id}/agreements`, { kind: 'mou', number: 'MOU/1', title: 'Nota Kesepahaman lama', startsOn: '2019-01-01', endsOn: '2020-12-31', scope: '' });
    expect((await member.post('/api/placements', body)).statusCode).toBe(409);
    expect((await admin.get(`/api/partners/${partner.id}`)).json().agreements[0].status).toBe('expired');

    const removed = await admin.request({ method: 'DELETE', url: `/api/partners/${partner.id}/members/${person.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await member.get('/api/partner/me')).statusCode).toBe(403);
    expect((await admin.get(`/api/partners/${partner.id}`)).json().members).toEqual([]);
  });

  it('returns a partner webinar with a note; a change sends it back to the review', async () => {
    const { member } = await partnerWithMember('Universitas Uji Sembilan', 'dosen9@uji.ac.id');
    const w = (await member.post('/api/webinars', { title: 'Webinar Dikembalikan', startsAt: soon(72), endsAt: soon(73), capacity: 20, jp: 1 })).json();
    expect((await admin.post(`/api/webinars/${w.id}/return`, { note: 'Lengkapi deskripsi acara.' })).json()).toMatchObject({ reviewState: 'returned', reviewNote: 'Lengkapi deskripsi acara.' });
    expect((await admin.get('/api/webinars/review')).json().items.map((x: { id: number }) => x.id)).not.toContain(w.id);
    expect((await asn.get(`/api/webinars/${w.id}`)).statusCode).toBe(404);
    const edited = await member.patch(`/api/webinars/${w.id}`, { description: 'Diskusi hasil riset kebijakan publik bersama dosen.' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().reviewState).toBe('pending');
    expect((await admin.get('/api/webinars/review')).json().items.map((x: { id: number }) => x.id)).toContain(w.id);
  });
});

describe('POST /api/me/prior-learning with a partner', () => {
  it('records the partner as the provider of learning done there', async () => {
    const { partner } = await partnerWithMember('Universitas Uji Tujuh', 'dosen7@uji.ac.id');
    const claim = (over: Record<string, string>) => {
      const form = new FormData();
      const values = { kind: 'pelatihan', title: 'Kursus Statistik di Kampus', provider: '', completedOn: '2025-03-12', jp: '8', competencies: '[]', note: '', ...over };
      for (const [k, v] of Object.entries(values)) form.append(k, v);
      form.append('file', blob(pdf(), 'application/pdf'), 'sertifikat.pdf');
      return asn.request({ method: 'POST', url: '/api/me/prior-learning', payload: form });
    };
    const res = await claim({ partnerId: String(partner.id) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ partner: { id: partner.id, name: 'Universitas Uji Tujuh' }, provider: 'Universitas Uji Tujuh' });
    expect((await claim({ partnerId: '99999999' })).statusCode).toBe(400);
  });
});

describe('loadDemoPartners', () => {
  it('seeds the demo partner with mitra and two open placements, once', async () => {
    expect(await loadDemoPartners(t.db)).toBe(2);
    expect(await loadDemoPartners(t.db)).toBe(0);
    const mitra = await t.login('mitra');
    const home = (await mitra.get('/api/partner/me')).json();
    expect(home.partner).toMatchObject({ name: 'Universitas Sebelas Maret', hasActiveAgreement: true });
    expect(home.content.placements).toHaveLength(1);
    const open = (await asn.get('/api/placements?status=open')).json().items;
    const demo = open.filter((p: { title: string }) => /Riset Bersama: Kepuasan|Satu Data|Data Terbuka/.test(p.title));
    expect(demo.map((p: { kind: string }) => p.kind).sort()).toEqual(['internship', 'research']);
    expect(demo.find((p: { kind: string }) => p.kind === 'internship').host.unit.name).toContain('Komunikasi');
  });
});
