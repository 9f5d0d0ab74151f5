import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../server/partners/service.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let asn: Client;
let atasan: Client;
let asnId: number;
let unitId: number;

const MOTIVATION = 'Saya ingin memperdalam tata kelola data kependudukan dan layanan digital.';
const count = async (table: 'jp_entries' | 'evidence' | 'placement_applications' | 'placements', where?: { column: string; value: unknown }) => {
  let q = t.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n'));
  if (where) q = q.where(sql.ref(where.column), '=', where.value);
  return (await q.executeTakeFirstOrThrow()).n;
};
const placement = (over: Record<string, unknown> = {}) => ({
  kind: 'internship',
  title: 'Magang Tata Kelola Data',
  topic: 'Data terbuka',
  description: 'Magang dua minggu di bidang statistik.',
  hostUnitId: unitId,
  location: 'Balai Kota Surakarta',
  startsOn: todayWib(),
  endsOn: '2099-12-31',
  applyBy: todayWib(),
  seats: 2,
  jp: 24,
  competencies: [
    { code: 'M.05', level: 2 },
    { code: 'M.07', level: 3 },
  ],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  [admin, asn, atasan] = (await Promise.all(['admin', 'asn', 'atasan'].map((u) => t.login(u)))) as [Client, Client, Client];
  asnId = (await t.db.selectFrom('people').select('id').where('username', '=', 'asn').executeTakeFirstOrThrow()).id;
  unitId = (await t.db.selectFrom('units').select('id').where('code', '=', 'DISKOMINFOSP').executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function create(over: Record<string, unknown> = {}) {
  const res = await admin.post('/api/placements', placement(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; seats: number; seatsTaken: number; host: { unit: { id: number } | null } };
}

describe('placement flow', () => {
  it('goes from application to JP and evidence', async () => {
    const p = await create();
    expect(p.status).toBe('open');
    expect(p.host.unit?.id).toBe(unitId);

    const list = await asn.get('/api/placements?kind=internship');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: number }) => x.id)).toContain(p.id);

    const applied = await asn.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION });
    expect(applied.statusCode, applied.body).toBe(201);
    const app = applied.json();
    expect(app.status).toBe('pending_supervisor');
    expect((await asn.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).statusCode).toBe(409);

    // The host sees nobody before the supervisor approved.
    expect((await admin.get(`/api/placements/${p.id}/applications`)).json().items).toHaveLength(0);
    expect((await atasan.get('/api/placement-approvals')).json().items.map((a: { id: number }) => a.id)).toContain(app.id);
    // Nobody else decides for the supervisor.
    expect((await admin.post(`/api/placement-applications/${app.id}/supervisor-decision`, { approve: true })).statusCode).toBe(403);
    const approved = await atasan.post(`/api/placement-applications/${app.id}/supervisor-decision`, { approve: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('pending_host');

    const hostList = (await admin.get(`/api/placements/${p.id}/applications`)).json().items;
    expect(hostList).toHaveLength(1);
    expect(hostList[0].person.id).toBe(asnId);

    expect((await asn.post(`/api/placement-applications/${app.id}/host-decision`, { accept: true })).statusCode).toBe(403);
    const accepted = await admin.post(`/api/placement-applications/${app.id}/host-decision`, { accept: true, note: 'Selamat bergabung' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    expect((await asn.get(`/api/placements/${p.id}`)).json()).toMatchObject({ seatsTaken: 1, mine: { applicationId: app.id, status: 'accepted' } });

    const jpBefore = await count('jp_entries', { column: 'source', value: 'placement' });
    const reported = await admin.post(`/api/placement-applications/${app.id}/report`, { completed: true, summary: 'Menyelesaikan analisis data layanan dengan baik.', score: 88 });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json()).toMatchObject({ status: 'completed', jpAwarded: 24, report: { completed: true, score: 88 } });

    const jp = await t.db.selectFrom('jp_entries').selectAll().where('person_id', '=', asnId).where('source', '=', 'placement').where('source_id', '=', p.id).execute();
    expect(jp).toHaveLength(1);
    expect(Number(jp[0]!.jp)).toBe(24);
    expect(await count('jp_entries', { column: 'source', value: 'placement' })).toBe(jpBefore + 1);
    const evidence = await t.db
      .selectFrom('evidence as e')
      .innerJoin('competencies as c', 'c.id', 'e.competency_id')
      .select(['c.code', 'e.level'])
      .where('e.person_id', '=', asnId)
      .where('e.source', '=', 'placement')
      .where('e.source_id', '=', p.id)
      .orderBy('c.code')
      .execute();
    expect(evidence).toEqual([
      { code: 'M.05', level: 2 },
      { code: 'M.07', level: 3 },
    ]);

    const mine = (await asn.get('/api/me/placement-applications')).json().items;
    expect(mine.find((a: { id: number }) => a.id === app.id)).toMatchObject({ status: 'completed', jpAwarded: 24 });
    // Reported once: a second report is refused and writes nothing.
    expect((await admin.post(`/api/placement-applications/${app.id}/report`, { completed: true, summary: 'Menyelesaikan analisis data layanan dengan baik.' })).statusCode).toBe(409);
    expect(await count('jp_entries', { column: 'source', value: 'placement' })).toBe(jpBefore + 1);
  });

  it('refuses accepting beyond the seats (409) and an applicant without a supervisor waits for an admin', async () => {
    const p = await create({ seats: 1, title: 'Riset Layanan Publik', kind: 'research' });
    const first = await t.newPerson('Pelamar Satu');
    const second = await t.newPerson('Pelamar Dua');
    const ids: number[] = [];
    for (const c of [first, second]) {
      const res = await c.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const approvals = (await admin.get('/api/placement-approvals')).json().items.map((a: { id: number }) => a.id);
    expect(approvals).toEqual(expect.arrayContaining(ids));
    for (const id of ids) {
      const res = await admin.post(`/api/placement-applications/${id}/supervisor-decision`, { approve: true });
      expect(res.json().status).toBe('pending_host');
    }
    expect((await admin.post(`/api/placement-applications/${ids[0]}/host-decision`, { accept: true })).statusCode).toBe(200);
    const full = await admin.post(`/api/placement-applications/${ids[1]}/host-decision`, { accept: true });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('placement_full');
    expect((await second.get(`/api/placement-applications/${ids[1]}`)).json().status).toBe('pending_host');
  });

  it('writes nothing when the host reports the placement not completed', async () => {
    const p = await create({ title: 'Magang Tidak Selesai' });
    const person = await t.newPerson('Peserta Belum Selesai');
    const app = (await person.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).json();
    await admin.post(`/api/placement-applications/${app.id}/supervisor-decision`, { approve: true });
    await admin.post(`/api/placement-applications/${app.id}/host-decision`, { accept: true });
    const [jp, ev] = [await count('jp_entries'), await count('evidence')];
    const res = await admin.post(`/api/placement-applications/${app.id}/report`, { completed: false, summary: 'Peserta tidak hadir pada sebagian besar kegiatan.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'not_completed', jpAwarded: null, report: { completed: false } });
    expect(await count('jp_entries')).toBe(jp);
    expect(await count('evidence')).toBe(ev);
  });

  it('lets the applicant withdraw, and not a colleague', async () => {
    const p = await create({ title: 'Magang Ditarik' });
    const person = await t.newPerson('Pelamar Mundur');
    const colleague = await t.newPerson('Rekan Kerja');
    const app = (await person.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).json();
    expect((await colleague.get(`/api/placement-applications/${app.id}`)).statusCode).toBe(403);
    expect((await colleague.post(`/api/placement-applications/${app.id}/withdraw`)).statusCode).toBe(403);
    // Nor does the host see it before the supervisor step.
    expect((await admin.get(`/api/placements/${p.id}/applications`)).json().items).toHaveLength(0);
    const res = await person.post(`/api/placement-applications/${app.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('withdrawn');
    expect((await person.post(`/api/placement-applications/${app.id}/withdraw`)).statusCode).toBe(409);
    // Withdrawn, they may apply again.
    expect((await person.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).statusCode).toBe(201);
  });
});

describe('a placement hosted by a partner', () => {
  it('is run by the partner’s users, who see applicants only after the supervisor', async () => {
    const partner = (await admin.post('/api/partners', { name: 'Universitas Uji Magang', kind: 'university' })).json();
    await admin.post(`/api/partners/${partner.id}/agreements`, { kind: 'pks', number: 'PKS/9', title: 'PKS magang', startsOn: '2024-01-01', endsOn: '2099-12-31', scope: '' });
    const added = (await admin.post(`/api/partners/${partner.id}/members`, { name: 'Dosen Pembimbing', email: 'pembimbing@uji.ac.id' })).json();
    const host = await t.login('pembimbing@uji.ac.id', added.temporaryPassword);
    const { hostUnitId: _, ...body } = placement({ title: 'Riset Kampus', kind: 'research', competencies: [{ code: 'M.05', level: 3 }] });
    const created = await host.post('/api/placements', body);
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ status: 'open', canManage: true, host: { partner: { id: partner.id }, unit: null } });

    const guru = await t.login('guru');
    const app = (await guru.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).json();
    expect((await host.get(`/api/placement-applications/${app.id}`)).statusCode).toBe(403);
    expect((await host.post(`/api/placement-applications/${app.id}/host-decision`, { accept: true })).statusCode).toBe(409);
    // guru's supervisor cannot sign in: an admin of the office cannot step in for them either.
    expect((await admin.post(`/api/placement-applications/${app.id}/supervisor-decision`, { approve: true })).statusCode).toBe(403);
    const guruId = (await t.db.selectFrom('people').select('id').where('username', '=', 'guru').executeTakeFirstOrThrow()).id;
    await t.db.updateTable('people').set({ supervisor_id: null }).where('id', '=', guruId).execute();
    expect((await admin.post(`/api/placement-applications/${app.id}/supervisor-decision`, { approve: true })).json().status).toBe('pending_host');
    expect((await host.get(`/api/placement-applications/${app.id}`)).json().person.name).toBe('Retno Wulandari, S.Pd.');
    expect((await host.post(`/api/placement-applications/${app.id}/host-decision`, { accept: true })).json().status).toBe('accepted');
    const done = await host.post(`/api/placement-applications/${app.id}/report`, { completed: true, summary: 'Menyusun laporan riset tentang literasi murid.', score: 90 });
    expect(done.statusCode, done.body).toBe(200);
    const jp = await t.db.selectFrom('jp_entries').select('jp').where('person_id', '=', guruId).where('source', '=', 'placement').where('source_id', '=', p.id).execute();
    expect(jp.map((j) => Number(j.jp))).toEqual([24]);
    const home = (await host.get('/api/partner/me')).json();
    expect(home.content.placements).toEqual([expect.objectContaining({ id: p.id, applications: 1 })]);
  });
});

describe('validation', () => {
  it('answers 400 and writes nothing', async () => {
    const [placements, applications] = [await count('placements'), await count('placement_applications')];
    const bad = [
      placement({ seats: 0 }),
      placement({ seats: 501 }),
      placement({ jp: 201 }),
      placement({ endsOn: '2000-01-01' }),
      placement({ applyBy: '2100-01-01' }),
      placement({ competencies: [{ code: 'X.NOPE', level: 2 }] }),
      placement({ kind: 'holiday' }),
    ];
    for (const body of bad) expect((await admin.post('/api/placements', body)).statusCode, JSON.stringify(body)).toBe(400);
    expect(await count('placements')).toBe(placements);

    const p = await create({ title: 'Magang Validasi' });
    expect((await asn.post(`/api/placements/${p.id}/applications`, { motivation: 'terlalu pendek' })).statusCode).toBe(400);
    expect((await asn.post(`/api/placements/${p.id}/applications`, {})).statusCode).toBe(400);
    expect(await count('placement_applications')).toBe(applications);
  });

  it('refuses applications to a closed placement and placements to non-hosts', async () => {
    const p = await create({ title: 'Magang Ditutup' });
    expect((await admin.patch(`/api/placements/${p.id}`, { status: 'closed' })).statusCode).toBe(200);
    expect((await asn.post(`/api/placements/${p.id}/applications`, { motivation: MOTIVATION })).statusCode).toBe(409);
    expect((await asn.post('/api/placements', placement())).statusCode).toBe(403);
    expect((await asn.patch(`/api/placements/${p.id}`, { seats: 3 })).statusCode).toBe(403);
    // A closed placement is not listed for learners, but is for its host.
    expect((await asn.get('/api/placements')).json().items.map((x: { id: number }) => x.id)).not.toContain(p.id);
    expect((await admin.get('/api/placements?status=closed')).json().items.map((x: { id: number }) => x.id)).toContain(p.id);
  });
});
