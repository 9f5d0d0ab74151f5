import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../server/assessment-campaigns/service.ts';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { personId } from '../factories/competency.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
let t: TestApp;
let asn: Client;
let atasan: Client;
let guru: Client;
let admin: Client;
let adminDisdik: Client;
let asnId: number;
let unitId: number;

interface Level {
  level: number;
  indicators: string[];
}
interface TaskCompetency {
  code: string;
  levels: Level[];
  selfRatings: Record<string, boolean[]> | null;
  supervisorRatings: Record<string, boolean[]> | null;
  resultLevel: number | null;
  peerSummary: { answered: number; marks: Record<string, number[]> } | null;
  peerInputs: { peer: { id: number; name: string } }[];
}

beforeAll(async () => {
  t = await createTestApp();
  await loadContentIntoApp(t.app, CONTENT);
  [asn, atasan, guru, admin, adminDisdik] = (await Promise.all(['asn', 'atasan', 'guru', 'admin', 'admin.disdik'].map((u) => t.login(u)))) as [Client, Client, Client, Client, Client];
  asnId = await personId(t.db, 'asn');
  unitId = (await t.db.selectFrom('units').select('id').where('code', '=', 'DISDUKCAPIL').executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const put = (c: Client, url: string, payload: unknown) => c.request({ method: 'PUT', url, payload: payload as never });
const count = async (table: 'assessment_campaigns' | 'assessment_tasks' | 'evidence' | 'competency_assessments') => (await t.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
/** Ratings marking every indicator of levels up to `upTo`, none above. */
const upTo = (levels: Level[], n: number) => Object.fromEntries(levels.map((l) => [String(l.level), l.indicators.map(() => l.level <= n)]));
const campaign = (over: Record<string, unknown> = {}) => ({
  name: 'Penilaian Perilaku Semester II',
  opensOn: today(),
  closesOn: '2099-12-31',
  unitIds: [unitId],
  competencyCodes: ['M.05', 'M.07'],
  selfAssessment: true,
  peerInput: true,
  maxPeers: 2,
  ...over,
});

describe('POST /api/assessment-campaigns', () => {
  it('refuses invalid campaigns with a clear error and keeps nothing', async () => {
    const before = await Promise.all([count('assessment_campaigns'), count('assessment_tasks')]);
    const cases: [Client, Record<string, unknown>, number][] = [
      [admin, { unitIds: [], positionIds: [] }, 400],
      [admin, { opensOn: '2099-12-31', closesOn: '2099-01-01' }, 400],
      [admin, { closesOn: '2001-01-01', opensOn: '2001-01-01' }, 400],
      [admin, { competencyCodes: ['X.99'] }, 400],
      [admin, { closesOn: '2099-02-31' }, 400],
      [admin, { unitIds: [99999999] }, 400],
      [admin, { name: 'ab' }, 400],
      [admin, { maxPeers: 50 }, 400],
      [admin, { colour: 'red' }, 400],
      // An office admin only within their office; learners and supervisors not at all.
      [adminDisdik, {}, 403],
      [atasan, {}, 403],
      [asn, {}, 403],
    ];
    for (const [who, over, status] of cases) {
      const res = await who.post('/api/assessment-campaigns', campaign(over));
      expect(res.statusCode, `${JSON.stringify(over)} ${res.body}`).toBe(status);
      expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect(await Promise.all([count('assessment_campaigns'), count('assessment_tasks')])).toEqual(before);
  });
});

describe('office admins', () => {
  it('open campaigns within their offices and see only those', async () => {
    const disdik = (await t.db.selectFrom('units').select('id').where('code', '=', 'DISDIK').executeTakeFirstOrThrow()).id;
    const res = await adminDisdik.post('/api/assessment-campaigns', campaign({ name: 'Penilaian Guru', unitIds: [disdik], competencyCodes: [], peerInput: false }));
    expect(res.statusCode, res.body).toBe(201);
    // Without chosen competencies each person is assessed on their position standard.
    expect(res.json().competencies).toEqual([]);
    const listed = (await adminDisdik.get('/api/assessment-campaigns')).json().map((c: { id: number }) => c.id);
    expect(listed).toEqual([res.json().id]);
    const tasks = await t.db.selectFrom('assessment_tasks as t').innerJoin('assessment_task_competencies as tc', 'tc.task_id', 't.id').select('t.id').where('t.campaign_id', '=', res.json().id).execute();
    expect(tasks.length).toBeGreaterThan(0);
    expect((await admin.post(`/api/assessment-campaigns/${res.json().id}/close`)).statusCode).toBe(200);
  });
});

describe('assessment campaign flow', () => {
  let campaignId: number;
  let taskId: number;
  let otherTaskId: number;
  let peers: (Client & { id: number })[];

  it('opening creates one task per person with a supervisor and lists those without one', async () => {
    const res = await admin.post('/api/assessment-campaigns', campaign());
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    campaignId = c.id;
    expect(c).toMatchObject({ state: 'open', selfAssessment: true, peerInput: true, units: [{ code: 'DISDUKCAPIL' }], competencies: [{ code: 'M.05' }, { code: 'M.07' }] });
    const people = await t.db.selectFrom('people').select(['id', 'supervisor_id']).where('unit_id', '=', unitId).where('active', '=', true).execute();
    expect(c.tasksCreated).toBe(people.filter((p) => p.supervisor_id !== null).length);
    expect(c.counts).toMatchObject({ total: c.tasksCreated, notStarted: c.tasksCreated, finalised: 0 });
    const without = people.filter((p) => p.supervisor_id === null).map((p) => p.id);
    expect(c.problems.map((p: { person: { id: number } }) => p.person.id).sort()).toEqual(without.sort());
    expect(c.problems.every((p: { reason: string }) => p.reason === 'no_supervisor')).toBe(true);

    const work = (await atasan.get('/api/assessment-campaigns/my-work')).json();
    const mine = work.asSupervisor.find((x: { person: { id: number } }) => x.person.id === asnId);
    expect(mine).toMatchObject({ status: 'not_started', todo: 'supervisor', overdue: false, campaign: { id: campaignId } });
    taskId = mine.id;
    otherTaskId = work.asSupervisor.find((x: { person: { id: number } }) => x.person.id !== asnId).id;
    expect((await asn.get('/api/assessment-campaigns/my-work')).json().asSubject).toMatchObject([{ id: taskId, todo: 'self' }]);
  });

  it('the person rates themself and submits; the supervisor sees it only once submitted', async () => {
    const task = (await asn.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    expect(task.role).toBe('subject');
    const [m05, m07] = task.competencies as TaskCompetency[];
    const bad = await put(asn, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: { 'M.05': { 1: [true] } } });
    expect(bad.statusCode).toBe(400);
    const notHere = await put(asn, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: { 'M.01': upTo(m05!.levels, 1) } });
    expect(notHere.statusCode).toBe(400);

    const draft = await put(asn, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: { 'M.05': upTo(m05!.levels, 3) } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((await atasan.get(`/api/assessment-campaigns/tasks/${taskId}`)).json().competencies[0].selfRatings).toBeNull();
    const sent = await put(asn, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: { 'M.07': upTo(m07!.levels, 2) }, submit: true });
    expect(sent.json()).toMatchObject({ status: 'self_done' });
    const seen = (await atasan.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    expect(seen.role).toBe('supervisor');
    expect(seen.competencies[0].selfRatings).toEqual(upTo(m05!.levels, 3));
    expect((await put(asn, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: {} })).statusCode).toBe(409);
    // Only the person assessed rates themself.
    expect((await put(atasan, `/api/assessment-campaigns/tasks/${taskId}/self`, { ratings: {} })).statusCode).toBe(403);
  });

  it('nominated peers give input; the person sees it only aggregated, the supervisor per peer', async () => {
    peers = [await t.newPerson('Rekan Satu'), await t.newPerson('Rekan Dua'), await t.newPerson('Rekan Tiga')];
    expect((await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/peers`, { peerIds: [asnId] })).statusCode).toBe(400);
    expect((await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/peers`, { peerIds: peers.map((p) => p.id) })).statusCode).toBe(400);
    const nominated = await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/peers`, { peerIds: [peers[0]!.id, peers[1]!.id] });
    expect(nominated.statusCode, nominated.body).toBe(200);
    // Candidates: colleagues of the same office, never the person or their supervisor.
    const candidates = (await atasan.get(`/api/assessment-campaigns/tasks/${taskId}/peer-candidates`)).json() as { id: number }[];
    const office = await t.db.selectFrom('people').select('id').where('unit_id', '=', unitId).where('active', '=', true).execute();
    expect(candidates.length).toBe(office.length - 2);
    expect(candidates.map((c) => c.id)).not.toContain(asnId);
    expect(candidates.map((c) => c.id)).not.toContain(await personId(t.db, 'atasan'));
    expect((await guru.get(`/api/assessment-campaigns/tasks/${taskId}/peer-candidates`)).statusCode).toBe(404);
    // A nominated peer takes part but does not choose the others.
    expect((await peers[0]!.get(`/api/assessment-campaigns/tasks/${taskId}/peer-candidates`)).statusCode).toBe(403);
    expect((await peers[0]!.post(`/api/assessment-campaigns/tasks/${taskId}/peers`, { peerIds: [peers[2]!.id] })).statusCode).toBe(403);
    // A stranger to the task cannot take part by guessing its id.
    expect((await put(peers[2]!, `/api/assessment-campaigns/tasks/${taskId}/peer-input`, { ratings: {} })).statusCode).toBe(404);

    const asPeer = (await peers[0]!.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    expect(asPeer.role).toBe('peer');
    expect(asPeer.competencies[0].selfRatings).toBeNull();
    expect(asPeer.peers).toEqual([]);
    expect((await peers[0]!.get('/api/assessment-campaigns/my-work')).json().asPeer).toMatchObject([{ id: taskId, todo: 'peer' }]);
    const levels = (asPeer.competencies as TaskCompetency[]).map((c) => c.levels);
    const first = await put(peers[0]!, `/api/assessment-campaigns/tasks/${taskId}/peer-input`, { ratings: { 'M.05': upTo(levels[0]!, 2), 'M.07': upTo(levels[1]!, 1) }, comment: 'Sabar melayani warga.', submit: true });
    expect(first.statusCode, first.body).toBe(200);
    // One answer alone is never shown to the person: it would be that peer's.
    expect((await asn.get(`/api/assessment-campaigns/tasks/${taskId}`)).json().competencies[0].peerSummary).toBeNull();
    await put(peers[1]!, `/api/assessment-campaigns/tasks/${taskId}/peer-input`, { ratings: { 'M.05': upTo(levels[0]!, 1) }, comment: 'Perlu lebih tegas.', submit: true });
    expect((await put(peers[1]!, `/api/assessment-campaigns/tasks/${taskId}/peer-input`, { ratings: {} })).statusCode).toBe(409);

    const subject = await asn.get(`/api/assessment-campaigns/tasks/${taskId}`);
    const view = subject.json();
    const m05 = view.competencies[0] as TaskCompetency;
    expect(m05.peerSummary!.answered).toBe(2);
    expect(m05.peerSummary!.marks['1']!.every((n) => n === 2)).toBe(true);
    expect(m05.peerSummary!.marks['2']!.every((n) => n === 1)).toBe(true);
    expect(m05.peerInputs).toEqual([]);
    expect(view.peerComments).toEqual([
      { peer: null, comment: 'Perlu lebih tegas.' },
      { peer: null, comment: 'Sabar melayani warga.' },
    ]);
    // Nothing in the person's view ties a comment or a mark to a peer.
    expect(JSON.stringify(view.competencies)).not.toContain('Rekan');
    expect(JSON.stringify(view.peerComments)).not.toContain('Rekan');

    const sup = (await atasan.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    expect(sup.competencies[0].peerInputs.map((p: { peer: { name: string } }) => p.peer.name).sort()).toEqual(['Rekan Dua', 'Rekan Satu']);
    expect(sup.peerComments).toContainEqual({ peer: { id: peers[0]!.id, name: 'Rekan Satu' }, comment: 'Sabar melayani warga.' });
  });

  it('nobody reads or changes a task they have nothing to do with', async () => {
    const other = await t.newPerson('Atasan Lain', ['supervisor', 'learner']);
    expect((await guru.get(`/api/assessment-campaigns/tasks/${taskId}`)).statusCode).toBe(404);
    expect((await asn.get(`/api/assessment-campaigns/tasks/${otherTaskId}`)).statusCode).toBe(404);
    expect((await peers[0]!.get(`/api/assessment-campaigns/tasks/${otherTaskId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/assessment-campaigns/tasks/${taskId}`)).statusCode).toBe(404);
    expect((await adminDisdik.get(`/api/assessment-campaigns/tasks/${taskId}`)).statusCode).toBe(404);
    const ratings = { 'M.05': { 1: [true, true, true] } };
    expect((await put(other, `/api/assessment-campaigns/tasks/${taskId}/supervisor`, { ratings })).statusCode).toBe(403);
    expect((await other.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`)).statusCode).toBe(403);
    expect((await put(asn, `/api/assessment-campaigns/tasks/${taskId}/supervisor`, { ratings })).statusCode).toBe(403);
    expect((await asn.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`)).statusCode).toBe(403);
    expect((await peers[0]!.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`)).statusCode).toBe(403);
    expect((await atasan.get(`/api/assessment-campaigns/${campaignId}`)).statusCode).toBe(403);
    expect((await adminDisdik.get(`/api/assessment-campaigns/${campaignId}`)).statusCode).toBe(404);
    expect((await admin.get('/api/assessment-campaigns/tasks/99999999')).statusCode).toBe(404);
  });

  it('the supervisor saves a draft, finalises, and the result is evidence in the person’s profile', async () => {
    const before = await count('evidence');
    const task = (await atasan.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    const [m05, m07] = task.competencies as TaskCompetency[];
    const partial = await put(atasan, `/api/assessment-campaigns/tasks/${taskId}/supervisor`, { ratings: { 'M.05': upTo(m05!.levels, 3) }, notes: { 'M.05': 'Pelayanan ramah dan cepat.' } });
    expect(partial.json()).toMatchObject({ status: 'in_progress' });
    // Every competency must be rated before finalising; a refused finalise writes nothing.
    const early = await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.missing).toEqual(['M.07']);
    expect(await count('evidence')).toBe(before);
    expect((await asn.get(`/api/assessment-campaigns/tasks/${taskId}`)).json().competencies[0].supervisorRatings).toBeNull();

    await put(atasan, `/api/assessment-campaigns/tasks/${taskId}/supervisor`, { ratings: { 'M.07': upTo(m07!.levels, 2) } });
    const done = await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'finalised', competencies: [{ code: 'M.05', resultLevel: 3 }, { code: 'M.07', resultLevel: 2 }] });
    expect(await count('evidence')).toBe(before + 2);

    const profile = (await asn.get('/api/me/competencies')).json() as { code: string; attained: number; evidence: { source: string; title: string }[] }[];
    const m05Status = profile.find((c) => c.code === 'M.05')!;
    expect(m05Status.evidence).toContainEqual(expect.objectContaining({ source: 'assessment', title: expect.stringContaining('Bambang Setiawan') }));
    const assessments = (await asn.get(`/api/people/${asnId}/assessments`)).json();
    expect(assessments.map((a: { code: string; level: number }) => [a.code, a.level])).toEqual(expect.arrayContaining([['M.05', 3], ['M.07', 2]]));
    const subject = (await asn.get(`/api/assessment-campaigns/tasks/${taskId}`)).json();
    expect(subject.competencies[0]).toMatchObject({ supervisorRatings: upTo(m05!.levels, 3), resultLevel: 3 });

    // Read-only now.
    expect((await put(atasan, `/api/assessment-campaigns/tasks/${taskId}/supervisor`, { ratings: {} })).statusCode).toBe(409);
    expect((await atasan.post(`/api/assessment-campaigns/tasks/${taskId}/finalise`)).statusCode).toBe(409);
    expect(await count('evidence')).toBe(before + 2);
  });

  it('reports progress per office, the supervisors behind, as JSON and CSV, and reminds them', async () => {
    const res = await admin.get(`/api/assessment-campaigns/${campaignId}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    const office = p.offices.find((o: { unit: { code: string } | null }) => o.unit?.code === 'DISDUKCAPIL');
    expect(office).toMatchObject({ finalised: 1, total: p.campaign.counts.total });
    expect(office.notStarted + office.selfDone + office.inProgress + office.finalised).toBe(office.total);
    expect(p.behind.length).toBeGreaterThan(0);
    expect(p.behind.every((b: { unfinished: number; lastReminderAt: string | null }) => b.unfinished > 0 && b.lastReminderAt === null)).toBe(true);

    const csv = await admin.get(`/api/assessment-campaigns/${campaignId}/progress.csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('kode_unit,unit,nama,atasan,status');
    expect(csv.body).toMatch(/Dewi Anggraeni[^\n]*final/);

    const sent = await admin.post(`/api/assessment-campaigns/${campaignId}/reminders`, { message: 'Mohon selesaikan sebelum akhir bulan.' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().sent).toBeGreaterThan(0);
    const work = (await atasan.get('/api/assessment-campaigns/my-work')).json();
    expect(work.reminders).toMatchObject([{ campaign: { id: campaignId }, message: 'Mohon selesaikan sebelum akhir bulan.' }]);
    expect((await admin.get(`/api/assessment-campaigns/${campaignId}/progress`)).json().behind[0].lastReminderAt).not.toBeNull();
    // The person whose task is final was not reminded.
    expect((await asn.get('/api/assessment-campaigns/my-work')).json().reminders).toEqual([]);
  });

  it('closing leaves unfinished tasks unfinished, reports them and takes nothing more', async () => {
    const evidence = await count('evidence');
    const closed = await admin.post(`/api/assessment-campaigns/${campaignId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().unfinished).toBe(closed.json().campaign.counts.total - 1);
    expect(closed.json().campaign.state).toBe('closed');
    expect((await put(atasan, `/api/assessment-campaigns/tasks/${otherTaskId}/supervisor`, { ratings: {} })).statusCode).toBe(409);
    expect((await atasan.post(`/api/assessment-campaigns/tasks/${otherTaskId}/finalise`)).statusCode).toBe(409);
    expect((await admin.post(`/api/assessment-campaigns/${campaignId}/close`)).statusCode).toBe(409);
    expect(await count('evidence')).toBe(evidence);
    expect((await atasan.get('/api/assessment-campaigns/my-work')).json().asSupervisor).toEqual([]);
    expect((await admin.get('/api/assessment-campaigns')).json().map((c: { id: number }) => c.id)).toContain(campaignId);
  });
});

describe('GET /api/docs/json', () => {
  it('documents the campaign routes', async () => {
    const doc = (await t.anonymous().get('/api/docs/json')).json();
    for (const path of ['/api/assessment-campaigns', '/api/assessment-campaigns/{id}/progress', '/api/assessment-campaigns/my-work', '/api/assessment-campaigns/tasks/{taskId}/finalise']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
