import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { jpFromMinutes, loadSettings } from '../../server/competencies/settings.ts';
import type { AttendanceCloseReason } from '../../server/db/types.ts';
import { endOverdueWebinars } from '../../server/webinars/lifecycle.ts';
import { closeStaleAttendance, computeOutcomes } from '../../server/webinars/outcomes.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let trainer: Client;
let learner: Client;
let guru: Client;
let admin: Client;
let ids: { trainer: number; learner: number; guru: number };

// No Janus here: webinars are made live in the database, with a room that exists nowhere.
beforeAll(async () => {
  t = await createTestApp({ JANUS_PATH: '/nonexistent/janus' });
  [trainer, learner, guru, admin] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru'), t.login('admin')]);
  const people = await t.db.selectFrom('people').select(['id', 'username']).where('username', 'in', ['pelatih', 'asn', 'guru']).execute();
  const id = (u: string) => people.find((p) => p.username === u)!.id;
  ids = { trainer: id('pelatih'), learner: id('asn'), guru: id('guru') };
});
afterAll(async () => {
  await t.close();
});

const personClient = (name: string, roles?: string[]) => t.newPerson(name, roles);

const MIN = 60_000;

/**
 * A webinar scheduled through the API, then moved in the database to have started
 * `startedMinutesAgo` and last `minutes`, and made live.
 */
async function liveWebinar(startedMinutesAgo: number, minutes: number, extra: Record<string, unknown> = {}) {
  const res = await trainer.post('/api/webinars', {
    title: 'Pelayanan prima di kelurahan',
    description: 'Cara melayani warga dengan baik.\n\nBagian kedua deskripsi.',
    startsAt: new Date(Date.now() + 60 * MIN).toISOString(),
    endsAt: new Date(Date.now() + 120 * MIN).toISOString(),
    capacity: 50,
    jp: 2,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id: number = res.json().id;
  const start = Date.now() - startedMinutesAgo * MIN;
  await t.db
    .updateTable('webinars')
    .set({
      starts_at: new Date(start),
      ends_at: new Date(start + minutes * MIN),
      status: 'live',
      opened_at: new Date(start - 5 * MIN),
      janus_server: 'embedded',
      janus_room_id: randomInt(1, 2 ** 47),
      janus_secret: 'not-a-real-room',
    })
    .where('id', '=', id)
    .execute();
  return { id, at: (m: number) => new Date(start + m * MIN) };
}

/** One connection: closed at `to` (reason `left` unless told), or still open with its last heartbeat at `seen`. */
async function attend(webinarId: number, personId: number, from: Date, to: Date | null, o: { seen?: Date; reason?: AttendanceCloseReason; mode?: string } = {}) {
  const row = await t.db
    .insertInto('webinar_attendance')
    .values({
      webinar_id: webinarId,
      person_id: personId,
      joined_at: from,
      last_seen_at: o.seen ?? to ?? from,
      left_at: to,
      close_reason: to ? (o.reason ?? 'left') : null,
      ...(o.mode ? { mode: o.mode } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const intervalOf = (id: number) => t.db.selectFrom('webinar_attendance').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('attendance left open by a crash', () => {
  it('is closed at its last heartbeat when the app starts, while live connections of other instances stay open', async () => {
    const live = await liveWebinar(30, 60);
    const over = await liveWebinar(200, 60);
    await t.db.updateTable('webinars').set({ status: 'ended', ended_at: over.at(60) }).where('id', '=', over.id).execute();
    const stale = await attend(live.id, ids.learner, live.at(0), null, { seen: live.at(20) });
    const staleOver = await attend(over.id, ids.guru, over.at(10), null, { seen: over.at(50) });
    const fresh = await attend(live.id, ids.guru, live.at(5), null, { seen: new Date() });

    // A second instance starting on the same database, as after a crash and restart.
    const again = await buildApp({ config: t.config, db: t.db, serveClient: false });
    await again.ready();
    await again.close();

    expect(await intervalOf(stale)).toMatchObject({ left_at: live.at(20), close_reason: 'restart' });
    expect(await intervalOf(staleOver)).toMatchObject({ left_at: over.at(50), close_reason: 'restart' });
    expect(await intervalOf(fresh)).toMatchObject({ left_at: null, close_reason: null });
    // Told there are no other instances, every open interval closes.
    expect(await closeStaleAttendance(t.db, { webinarId: live.id })).toBe(1);
    expect((await intervalOf(fresh)).close_reason).toBe('restart');
  });
});

describe('ending overdue webinars', () => {
  it('ends a live webinar more than 30 minutes past its end, with its outcomes, and leaves the others', async () => {
    const overdue = await liveWebinar(100, 60);
    const recent = await liveWebinar(80, 60);
    await attend(overdue.id, ids.learner, overdue.at(0), overdue.at(60));
    await attend(recent.id, ids.learner, recent.at(0), recent.at(60));

    const ended = await endOverdueWebinars(t.db, t.app.janus, t.app.log);
    expect(ended).toContain(overdue.id);
    expect(ended).not.toContain(recent.id);
    const rows = await t.db.selectFrom('webinars').select(['id', 'status', 'ended_at']).where('id', 'in', [overdue.id, recent.id]).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['ended', 'live']);

    const outcome = await learner.get(`/api/me/webinars/${overdue.id}/outcome`);
    expect(outcome.statusCode, outcome.body).toBe(200);
    expect(outcome.json()).toMatchObject({ minutes: 60, attendedPct: 100, qualified: true, jp: jpFromMinutes(60, await loadSettings(t.db, true), 2), certificateCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    expect((await learner.get(`/api/me/webinars/${recent.id}/outcome`)).json().error.code).toBe('outcome_not_found');
  });
});

describe('POST /api/webinars/:id/end', () => {
  let w: Awaited<ReturnType<typeof liveWebinar>>;
  let late: Client & { id: number };
  let exact: Client & { id: number };
  let inattentive: Client & { id: number };
  let absent: Client & { id: number };
  let coHost: Client & { id: number };
  let guruOpenTab: number;
  let exactOpen: number;

  beforeAll(async () => {
    [late, exact, inattentive, absent, coHost] = await Promise.all([
      personClient('Peserta Terlambat'),
      personClient('Peserta Pas'),
      personClient('Peserta Tidak Menyimak'),
      personClient('Peserta Absen'),
      personClient('Moderator'),
    ]);
    // 100 minutes that ended 10 minutes ago; the host has not pressed "end" yet.
    w = await liveWebinar(110, 100, { competencies: [{ code: 'M.01', level: 2 }, { code: 'M.05', level: 3 }], attendanceThresholdPct: 80, coHostIds: [coHost.id] });
    await t.db
      .insertInto('webinar_registrations')
      .values([ids.learner, ids.guru, absent.id].map((person_id) => ({ webinar_id: w.id, person_id, status: 'registered' as const })))
      .execute();

    // The learner: in the lobby before the start, out for five minutes, back until 90 → 40 + 45 = 85 minutes.
    await attend(w.id, ids.learner, w.at(-10), w.at(40), { reason: 'timeout' });
    await attend(w.id, ids.learner, w.at(45), w.at(90), { mode: 'audio-only' });
    // Guru: two tabs overlapping (0–60 and 30–95); the second went quiet at 95 and was never closed → 95 minutes.
    await attend(w.id, ids.guru, w.at(0), w.at(60));
    guruOpenTab = await attend(w.id, ids.guru, w.at(30), null, { seen: w.at(95) });
    // Late: 20 minutes before the start (lobby only) and 20 minutes inside → 20 minutes.
    await attend(w.id, late.id, w.at(-40), w.at(-20));
    await attend(w.id, late.id, w.at(10), w.at(30));
    // Exact: still connected when the host ends it, from minute 20 → 80 minutes, exactly the threshold.
    exactOpen = await attend(w.id, exact.id, w.at(20), null, { seen: new Date() });
    // Inattentive: 90 minutes, but acknowledged none of the checks.
    await attend(w.id, inattentive.id, w.at(5), w.at(95));
    // The hosts were there all along, and the interval after the end does not count for anyone.
    await attend(w.id, ids.trainer, w.at(-15), w.at(100));
    await attend(w.id, coHost.id, w.at(0), w.at(100));
    await attend(w.id, ids.learner, w.at(102), w.at(108));

    // Two attention checks, at 50 and 70.
    const checks = await t.db
      .insertInto('webinar_attention_checks')
      .values([50, 70].map((m) => ({ webinar_id: w.id, prompt: 'Masih menyimak?', created_by: ids.trainer, created_at: w.at(m), expires_at: w.at(m + 1) })))
      .returning('id')
      .execute();
    const ack = (person_id: number, i: number) => ({ check_id: checks[i]!.id, person_id, acked_at: w.at([50, 70][i]! + 0.5) });
    await t.db.insertInto('webinar_attention_acks').values([ack(ids.learner, 0), ack(ids.guru, 0), ack(ids.guru, 1), ack(exact.id, 1)]).execute();
  });

  it('shows the hosts the attendance while live, counting open connections up to now', async () => {
    const res = await trainer.get(`/api/webinars/${w.id}/attendance`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'live', scheduledMinutes: 100, thresholdPct: 80 });
    const exactRow = body.items.find((i: { person: { id: number } }) => i.person.id === exact.id);
    expect(exactRow).toMatchObject({ minutes: 80, qualified: null, jp: null });
    expect((await learner.get(`/api/me/webinars/${w.id}/outcome`)).statusCode).toBe(404);
  });

  it('ends the webinar and settles minutes, qualification, JP, evidence and certificates', async () => {
    const res = await trainer.post(`/api/webinars/${w.id}/end`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ended');

    // Open connections closed: a live one at the end, a long-silent one at its last heartbeat.
    expect(await intervalOf(exactOpen)).toMatchObject({ close_reason: 'ended' });
    expect((await intervalOf(exactOpen)).left_at!.getTime()).toBeGreaterThanOrEqual(w.at(100).getTime());
    expect(await intervalOf(guruOpenTab)).toMatchObject({ left_at: w.at(95), close_reason: 'timeout' });
    expect(await t.db.selectFrom('webinar_attendance').select('id').where('webinar_id', '=', w.id).where('left_at', 'is', null).execute()).toEqual([]);

    const report = (await trainer.get(`/api/webinars/${w.id}/attendance`)).json();
    expect(report.status).toBe('ended');
    const row = (id: number) => report.items.find((i: { person: { id: number } }) => i.person.id === id);
    const settings = await loadSettings(t.db, true);
    const jp = (minutes: number) => jpFromMinutes(minutes, settings, 2);

    expect(row(ids.learner)).toMatchObject({
      host: false,
      registered: true,
      minutes: 85,
      attendedPct: 85,
      qualified: true,
      jp: jp(85),
      attentionChecks: 2,
      attentionAcked: 1,
      person: { id: ids.learner, nip: expect.stringMatching(/^\d{18}$/), unit: { code: expect.any(String) } },
    });
    expect(row(ids.learner).intervals).toEqual([
      { joinedAt: w.at(-10).toISOString(), leftAt: w.at(40).toISOString(), closeReason: 'timeout', mode: 'web' },
      { joinedAt: w.at(45).toISOString(), leftAt: w.at(90).toISOString(), closeReason: 'left', mode: 'audio-only' },
      { joinedAt: w.at(102).toISOString(), leftAt: w.at(108).toISOString(), closeReason: 'left', mode: 'web' },
    ]);
    // 95 minutes make more JP than the webinar's 2: capped.
    expect(jp(95)).toBe(2);
    expect(row(ids.guru)).toMatchObject({ minutes: 95, attendedPct: 95, qualified: true, jp: 2, attentionChecks: 2, attentionAcked: 2 });
    expect(row(late.id)).toMatchObject({ minutes: 20, attendedPct: 20, qualified: false, jp: 0, registered: false });
    expect(row(exact.id)).toMatchObject({ minutes: 80, attendedPct: 80, qualified: true, jp: jp(80) });
    expect(row(inattentive.id)).toMatchObject({ minutes: 90, qualified: false, attentionChecks: 2, attentionAcked: 0 });
    expect(row(absent.id)).toMatchObject({ minutes: 0, attendedPct: 0, qualified: false, registered: true, intervals: [] });
    expect(row(ids.trainer)).toMatchObject({ host: true, minutes: 100, qualified: null, jp: null });
    expect(row(coHost.id)).toMatchObject({ host: true, qualified: null });

    const qualified = [ids.learner, ids.guru, exact.id];
    const outcomes = await t.db.selectFrom('webinar_outcomes').selectAll().where('webinar_id', '=', w.id).orderBy('person_id').execute();
    expect(outcomes.map((o) => o.person_id).sort()).toEqual([ids.learner, ids.guru, late.id, exact.id, inattentive.id].sort());
    expect(outcomes.filter((o) => o.qualified).map((o) => o.person_id).sort()).toEqual([...qualified].sort());

    const jpRows = await t.db.selectFrom('jp_entries').selectAll().where('source', '=', 'webinar').where('source_id', '=', w.id).execute();
    expect(jpRows.map((r) => ({ person: r.person_id, jp: r.jp, minutes: r.minutes })).sort((a, b) => a.person - b.person)).toEqual(
      [
        { person: ids.learner, jp: jp(85), minutes: 85 },
        { person: ids.guru, jp: 2, minutes: 95 },
        { person: exact.id, jp: jp(80), minutes: 80 },
      ].sort((a, b) => a.person - b.person),
    );
    expect(jpRows.every((r) => r.title === 'Pelayanan prima di kelurahan' && r.corrects_id === null)).toBe(true);

    const evidence = await t.db
      .selectFrom('evidence as e')
      .innerJoin('competencies as c', 'c.id', 'e.competency_id')
      .select(['e.person_id', 'c.code', 'e.level', 'e.weight'])
      .where('e.source', '=', 'webinar')
      .where('e.source_id', '=', w.id)
      .execute();
    expect(evidence).toHaveLength(qualified.length * 2);
    expect(new Set(evidence.map((e) => e.person_id))).toEqual(new Set(qualified));
    expect(evidence.filter((e) => e.person_id === ids.learner).map((e) => [e.code, e.level]).sort()).toEqual([
      ['M.01', 2],
      ['M.05', 3],
    ]);

    const certs = await t.db.selectFrom('certificates').selectAll().where('kind', '=', 'webinar').where('source_id', '=', w.id).execute();
    expect(certs.map((c) => c.person_id).sort()).toEqual([...qualified].sort());
    const learnerCert = certs.find((c) => c.person_id === ids.learner)!;
    expect(learnerCert).toMatchObject({
      activity_title: 'Pelayanan prima di kelurahan',
      activity_summary: 'Cara melayani warga dengan baik.',
      activity_path: `/webinars/${w.id}`,
      jp: jp(85),
    });
    expect(learnerCert.issued_at).toEqual(w.at(100));
    expect(learnerCert.competencies.map((c) => [c.code, c.level])).toEqual([
      ['M.01', 2],
      ['M.05', 3],
    ]);
    expect(outcomes.find((o) => o.person_id === ids.learner)).toMatchObject({ certificate_id: learnerCert.id, jp_entry_id: jpRows.find((r) => r.person_id === ids.learner)!.id });
  });

  it('gives each attendee their own outcome, and a certificate they can download', async () => {
    const mine = await learner.get(`/api/me/webinars/${w.id}/outcome`);
    expect(mine.statusCode, mine.body).toBe(200);
    const o = mine.json();
    expect(o).toMatchObject({ webinarId: w.id, minutes: 85, attendedPct: 85, thresholdPct: 80, qualified: true, attentionChecks: 2, attentionAcked: 1 });
    const pdf = await learner.get(`/api/certificates/${o.certificateCode}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const listed = (await learner.get('/api/me/certificates')).json().items.find((c: { code: string }) => c.code === o.certificateCode);
    expect(listed).toMatchObject({ kind: 'webinar', activity: { path: `/webinars/${w.id}` } });

    expect((await late.get(`/api/me/webinars/${w.id}/outcome`)).json()).toMatchObject({ minutes: 20, qualified: false, jp: 0, certificateCode: null });
    const none = await absent.get(`/api/me/webinars/${w.id}/outcome`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('outcome_not_found');
    expect((await absent.get('/api/me/webinars/999999/outcome')).json().error.code).toBe('webinar_not_found');
    // Hosts ran it; they earn nothing from it.
    expect((await trainer.get(`/api/me/webinars/${w.id}/outcome`)).statusCode).toBe(404);
  });

  it('settles only once: ending again and computing again write nothing new', async () => {
    const snapshot = async () => ({
      outcomes: await t.db.selectFrom('webinar_outcomes').selectAll().where('webinar_id', '=', w.id).orderBy('person_id').execute(),
      jp: (await t.db.selectFrom('jp_entries').select('id').where('source', '=', 'webinar').where('source_id', '=', w.id).execute()).length,
      evidence: (await t.db.selectFrom('evidence').select('id').where('source', '=', 'webinar').where('source_id', '=', w.id).execute()).length,
      certificates: (await t.db.selectFrom('certificates').select('id').where('kind', '=', 'webinar').where('source_id', '=', w.id).execute()).length,
    });
    const before = await snapshot();
    expect((await trainer.post(`/api/webinars/${w.id}/end`)).statusCode).toBe(200);
    expect(await computeOutcomes(t.db, w.id)).toEqual({ people: 5, qualified: 3 });
    expect(await computeOutcomes(t.db, w.id)).toEqual({ people: 5, qualified: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it('lets co-hosts and admins see the report, not learners (403)', async () => {
    expect((await coHost.get(`/api/webinars/${w.id}/attendance`)).statusCode).toBe(200);
    expect((await admin.get(`/api/webinars/${w.id}/attendance`)).statusCode).toBe(200);
    for (const url of [`/api/webinars/${w.id}/attendance`, `/api/webinars/${w.id}/results`, `/api/webinars/${w.id}/attendance?format=csv`]) {
      const res = await learner.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await trainer.get('/api/webinars/999999/attendance')).json().error.code).toBe('webinar_not_found');
    expect((await trainer.get('/api/webinars/abc/attendance')).statusCode).toBe(400);
    expect((await trainer.get(`/api/webinars/${w.id}/attendance?format=pdf`)).statusCode).toBe(400);
    expect((await t.anonymous().get(`/api/webinars/${w.id}/attendance`)).statusCode).toBe(401);
  });

  it('exports the attendance report as CSV and XLSX', async () => {
    const csv = await trainer.get(`/api/webinars/${w.id}/attendance?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="kehadiran-webinar-${w.id}.csv"`);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('nip,nama,kode_unit,unit,peran,terdaftar,menit,persen_hadir,memenuhi,jp,cek_perhatian,cek_dijawab,masuk_pertama,keluar_terakhir,jumlah_sambungan');
    expect(lines).toHaveLength(1 + 8);
    const learnerName = (await t.db.selectFrom('people').select('name').where('id', '=', ids.learner).executeTakeFirstOrThrow()).name;
    const jp85 = jpFromMinutes(85, await loadSettings(t.db, true), 2);
    const learnerLine = lines.find((l) => l.includes(learnerName))!;
    expect(learnerLine).toMatch(new RegExp(`,peserta,ya,85,85,ya,${String(jp85).replace('.', '\\.')},2,1,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,3$`));
    expect(lines.find((l) => l.includes('Peserta Absen'))).toMatch(/,peserta,ya,0,0,tidak,0,0,0,,,0$/);

    const xlsx = await trainer.get(`/api/webinars/${w.id}/attendance?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

});

describe('GET /api/webinars/:id/results', () => {
  it('gives the hosts the polls with votes per option and the questions with upvotes and status, also as CSV', async () => {
    const w = await liveWebinar(30, 60);
    const voters = await Promise.all([personClient('Pemilih Satu'), personClient('Pemilih Dua')]);
    const [single, multiple] = await t.db
      .insertInto('webinar_polls')
      .values([
        { webinar_id: w.id, question: 'Apakah materi jelas?', options: JSON.stringify(['Ya', 'Tidak', 'Ragu-ragu']), created_by: ids.trainer, status: 'closed', closed_at: w.at(20) },
        { webinar_id: w.id, question: 'Topik berikutnya?', options: JSON.stringify(['Pengaduan', 'Survei, IKM', 'Layanan daring']), multiple: true, created_by: ids.trainer },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('webinar_poll_votes')
      .values([
        { poll_id: single!.id, person_id: ids.learner, choices: [0] },
        { poll_id: single!.id, person_id: ids.guru, choices: [0] },
        { poll_id: single!.id, person_id: voters[0].id, choices: [1] },
        { poll_id: multiple!.id, person_id: ids.learner, choices: [0, 2] },
        { poll_id: multiple!.id, person_id: ids.guru, choices: [2] },
      ])
      .execute();
    const [asked, answered] = await t.db
      .insertInto('webinar_questions')
      .values([
        { webinar_id: w.id, person_id: ids.learner, body: 'Bagaimana jika warga tidak membawa KTP?', anonymous: true },
        { webinar_id: w.id, person_id: ids.guru, body: 'Apakah ada sertifikat?', status: 'answered', decided_at: w.at(25), decided_by: ids.trainer },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('webinar_question_votes')
      .values([
        { question_id: asked!.id, person_id: ids.guru },
        { question_id: asked!.id, person_id: voters[0].id },
        { question_id: asked!.id, person_id: voters[1].id },
        { question_id: answered!.id, person_id: voters[1].id },
      ])
      .execute();

    const res = await trainer.get(`/api/webinars/${w.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.polls).toMatchObject([
      { id: single!.id, status: 'closed', voters: 3, options: [{ label: 'Ya', votes: 2 }, { label: 'Tidak', votes: 1 }, { label: 'Ragu-ragu', votes: 0 }] },
      { id: multiple!.id, status: 'open', multiple: true, voters: 2, options: [{ label: 'Pengaduan', votes: 1 }, { label: 'Survei, IKM', votes: 0 }, { label: 'Layanan daring', votes: 2 }] },
    ]);
    expect(body.questions).toMatchObject([
      { id: asked!.id, anonymous: true, askedBy: { id: ids.learner }, status: 'open', votes: 3 },
      { id: answered!.id, anonymous: false, status: 'answered', votes: 1 },
    ]);

    const csv = await trainer.get(`/api/webinars/${w.id}/results?format=csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('jenis,no,pertanyaan,pilihan_atau_status,jumlah,penanya,anonim,waktu');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['jajak_pendapat,1', 'jajak_pendapat,1', 'jajak_pendapat,1', 'jajak_pendapat,2', 'jajak_pendapat,2', 'jajak_pendapat,2', 'tanya_jawab,1', 'tanya_jawab,2']);
    expect(lines.some((l) => l.startsWith('jajak_pendapat,2,Topik berikutnya?,"Survei, IKM",0,'))).toBe(true);
    expect(lines.find((l) => l.startsWith('tanya_jawab,1'))).toMatch(/^tanya_jawab,1,Bagaimana jika warga tidak membawa KTP\?,open,3,.+,ya,/);
  });
});
