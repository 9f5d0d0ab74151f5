import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText, fold } from '../../server/webinars/calendar.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let trainer: Client;
let otherTrainer: Client;
let learner: Client;
let guru: Client;
let admin: Client;
let adminDisdik: Client;

// Scheduling needs no live video: these apps run without Janus.
beforeAll(async () => {
  t = await createTestApp({ JANUS_PATH: '/nonexistent/janus' });
  [trainer, learner, guru, admin, adminDisdik] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru'), t.login('admin'), t.login('admin.disdik')]);
  otherTrainer = await personClient('Pelatih Lain', ['trainer']);
});
afterAll(async () => {
  await t.close();
});

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const valid = () => ({ title: 'Etika pelayanan publik', description: 'Webinar untuk ASN', startsAt: inMinutes(60 * 24), endsAt: inMinutes(60 * 24 + 90), capacity: 50, jp: 2 });
const del = (c: Client, url: string) => c.request({ method: 'DELETE', url });

const personClient = (name: string, roles?: string[]) => t.newPerson(name, roles);

async function schedule(host: Client = trainer, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await host.post('/api/webinars', { ...valid(), ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const statuses = (replies: LightMyRequestResponse[]) => replies.map((r) => r.json().status).sort();

describe('POST /api/webinars', () => {
  it('lets a trainer schedule a webinar (201) and makes them its host', async () => {
    const res = await trainer.post('/api/webinars', {
      ...valid(),
      competencies: [{ code: 'M.01', level: 2 }],
      approvalRequired: true,
      attendanceThresholdPct: 75,
    });
    expect(res.statusCode).toBe(201);
    const w = res.json();
    expect(w).toMatchObject({
      title: 'Etika pelayanan publik',
      capacity: 50,
      jp: 2,
      status: 'scheduled',
      approvalRequired: true,
      attendanceThresholdPct: 75,
      competencies: [{ code: 'M.01', level: 2 }],
      seats: { taken: 0, free: 50, waitlisted: 0, pending: 0 },
      me: { canEdit: true, canHost: true, registration: null },
      liveVideo: 'unavailable',
    });
    expect(w.id).toEqual(expect.any(Number));
    expect(w.host.name).toMatch(/Sri Wahyuningsih/);
    const plain = await trainer.post('/api/webinars', valid());
    expect(plain.json()).toMatchObject({ attendanceThresholdPct: 80, approvalRequired: false, competencies: [], coHosts: [] });
  });

  it('refuses learners (403) and people not signed in (401)', async () => {
    expect((await learner.post('/api/webinars', valid())).statusCode).toBe(403);
    expect((await t.anonymous().post('/api/webinars', valid())).statusCode).toBe(401);
  });

  it.each([
    ['an end before the start', { startsAt: inMinutes(120), endsAt: inMinutes(60) }],
    ['an end equal to the start', { startsAt: inMinutes(120), endsAt: inMinutes(120) }],
    ['an end already past', { startsAt: inMinutes(-120), endsAt: inMinutes(-60) }],
    ['more than 12 hours', { startsAt: inMinutes(60), endsAt: inMinutes(60 + 13 * 60) }],
    ['a capacity of 0', { capacity: 0 }],
    ['negative JP', { jp: -1 }],
    ['a short title', { title: 'ab' }],
    ['no title', { title: undefined }],
    ['a time that is not ISO 8601', { startsAt: 'besok pagi' }],
    ['an unknown competency', { competencies: [{ code: 'XX.NOPE', level: 1 }] }],
    ['an unknown course', { courseId: 999999 }],
    ['an unknown co-host', { coHostIds: [999999] }],
    ['an unknown field', { room: 5 }],
  ])('refuses %s (400)', async (_what, change) => {
    const res = await trainer.post('/api/webinars', { ...valid(), ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });
});

describe('GET /api/webinars', () => {
  it('lists upcoming webinars for everyone, and mine: hosting, co-hosting, registered', async () => {
    const coHost = await personClient('Narasumber Pendamping', ['learner']);
    const coHostId = coHost.id;
    const soon = await schedule(trainer, { title: 'Besok pagi', startsAt: inMinutes(30), endsAt: inMinutes(90), coHostIds: [coHostId] });
    const later = await schedule(trainer, { title: 'Lusa', startsAt: inMinutes(3000), endsAt: inMinutes(3060) });
    const cancelled = await schedule(trainer, { title: 'Dibatalkan' });
    expect((await trainer.post(`/api/webinars/${cancelled}/cancel`, { reason: 'Narasumber berhalangan' })).json()).toMatchObject({ status: 'cancelled', cancelReason: 'Narasumber berhalangan' });

    const upcoming = (await learner.get('/api/webinars')).json().items as { id: number; startsAt: string }[];
    const ids = upcoming.map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining([soon, later]));
    expect(ids).not.toContain(cancelled);
    expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later));

    expect((await learner.get('/api/webinars?view=mine')).json().items.map((w: { id: number }) => w.id)).not.toContain(later);
    expect((await learner.post(`/api/webinars/${later}/registrations`)).statusCode).toBe(201);
    const mine = (await learner.get('/api/webinars?view=mine')).json().items;
    expect(mine.find((w: { id: number }) => w.id === later).me.registration).toMatchObject({ status: 'registered' });
    expect(mine.map((w: { id: number }) => w.id)).not.toContain(soon);

    const hosting = (await trainer.get('/api/webinars?view=mine')).json().items.map((w: { id: number }) => w.id);
    expect(hosting).toEqual(expect.arrayContaining([soon, later, cancelled]));
    const coHosting = (await coHost.get('/api/webinars?view=mine')).json().items;
    expect(coHosting.map((w: { id: number }) => w.id)).toEqual([soon]);
    expect(coHosting[0].me).toMatchObject({ canEdit: false, canHost: true });
    expect(coHosting[0].coHosts).toEqual([{ id: coHostId, name: 'Narasumber Pendamping' }]);
  });

  it('answers 404 for an unknown webinar', async () => {
    const res = await learner.get('/api/webinars/999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('webinar_not_found');
  });
});

describe('PATCH /api/webinars/:id', () => {
  it('lets the host change it, not another trainer or a learner', async () => {
    const id = await schedule();
    expect((await otherTrainer.patch(`/api/webinars/${id}`, { title: 'Diambil alih' })).statusCode).toBe(403);
    expect((await learner.patch(`/api/webinars/${id}`, { title: 'Diambil alih' })).statusCode).toBe(403);
    const res = await trainer.patch(`/api/webinars/${id}`, { title: 'Etika pelayanan publik (sesi 2)', jp: 3, competencies: [{ code: 'M.01', level: 3 }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Etika pelayanan publik (sesi 2)', jp: 3, competencies: [{ code: 'M.01', level: 3 }] });
    expect((await trainer.patch(`/api/webinars/${id}`, { endsAt: inMinutes(10) })).statusCode).toBe(400);
    expect((await trainer.patch(`/api/webinars/${id}`, {})).statusCode).toBe(400);
  });

  it('keeps whether the webinar is recorded: off unless asked, set at scheduling, changed by the host', async () => {
    expect((await trainer.post('/api/webinars', valid())).json().record).toBe(false);
    const id = await schedule(trainer, { record: true });
    expect((await learner.get(`/api/webinars/${id}`)).json().record).toBe(true);
    expect((await learner.patch(`/api/webinars/${id}`, { record: false })).statusCode).toBe(403);
    const res = await trainer.patch(`/api/webinars/${id}`, { record: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ record: false, title: 'Etika pelayanan publik' });
    expect((await t.db.selectFrom('webinars').select('record').where('id', '=', id).executeTakeFirstOrThrow()).record).toBe(false);
    expect((await trainer.patch(`/api/webinars/${id}`, { record: 'ya' })).statusCode).toBe(400);
  });

  it('refuses a capacity below the seats taken (409) and gives new seats to those waiting', async () => {
    const id = await schedule(trainer, { capacity: 1 });
    const people = await Promise.all([0, 1, 2].map((i) => personClient(`Peserta kapasitas ${i}`)));
    for (const p of people) await p.post(`/api/webinars/${id}/registrations`);
    expect((await trainer.patch(`/api/webinars/${id}`, { capacity: 0 })).statusCode).toBe(400);
    const raised = await trainer.patch(`/api/webinars/${id}`, { capacity: 2 });
    expect(raised.json().seats).toEqual({ taken: 2, free: 0, waitlisted: 1, pending: 0 });
    expect((await people[1]!.get(`/api/webinars/${id}/registrations/me`)).json().status).toBe('registered');
    expect((await people[2]!.get(`/api/webinars/${id}/registrations/me`)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const lower = await trainer.patch(`/api/webinars/${id}`, { capacity: 1 });
    expect(lower.statusCode).toBe(409);
    expect(lower.json().error.details).toEqual({ taken: 2 });
  });
});

describe('POST /api/webinars/:id/cancel', () => {
  it('cancels a scheduled webinar; registration is then refused (409)', async () => {
    const id = await schedule();
    expect((await learner.post(`/api/webinars/${id}/cancel`, {})).statusCode).toBe(403);
    expect((await trainer.post(`/api/webinars/${id}/cancel`, {})).json().status).toBe('cancelled');
    const res = await learner.post(`/api/webinars/${id}/registrations`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('webinar_closed');
    expect((await trainer.patch(`/api/webinars/${id}`, { title: 'Lagi' })).statusCode).toBe(409);
  });
});

describe('POST /api/webinars/:id/registrations', () => {
  it('registers once: 201, then 200 with the same registration', async () => {
    const id = await schedule();
    const first = await learner.post(`/api/webinars/${id}/registrations`);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ webinarId: id, status: 'registered', waitlistPosition: null, person: { name: expect.stringMatching(/Dewi/) } });
    const again = await learner.post(`/api/webinars/${id}/registrations`);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await learner.get(`/api/webinars/${id}`)).json().me.registration).toEqual({ id: first.json().id, status: 'registered', waitlistPosition: null });
  });

  it('puts people on the waiting list when the seats are taken, and a freed seat goes to the first one waiting', async () => {
    const id = await schedule(trainer, { capacity: 2 });
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map((n) => personClient(`Antre ${n}`)));
    const replies = [];
    for (const p of [a!, b!, c!, d!]) replies.push((await p.post(`/api/webinars/${id}/registrations`)).json());
    expect(replies.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ['registered', null],
      ['registered', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    const withdrawn = await del(a!, `/api/webinars/${id}/registrations/me`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('cancelled');
    expect((await c!.get(`/api/webinars/${id}/registrations/me`)).json()).toMatchObject({ status: 'registered', waitlistPosition: null });
    expect((await d!.get(`/api/webinars/${id}/registrations/me`)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    // Leaving the waiting list frees no seat.
    expect((await del(d!, `/api/webinars/${id}/registrations/me`)).json().status).toBe('cancelled');
    expect((await trainer.get(`/api/webinars/${id}`)).json().seats).toEqual({ taken: 2, free: 0, waitlisted: 0, pending: 0 });
    // Coming back is a new registration, at the end of the line.
    const back = await a!.post(`/api/webinars/${id}/registrations`);
    expect(back.statusCode).toBe(201);
    expect(back.json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await del(a!, `/api/webinars/${id}/registrations/me`)).statusCode).toBe(200);
    expect((await del(a!, `/api/webinars/${id}/registrations/me`)).statusCode).toBe(404);
  });

  it('gives 10 seats to 30 people registering at once, and the seats freed by 5 at once to the next 5', async () => {
    const id = await schedule(trainer, { capacity: 10 });
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => personClient(`Serentak ${i}`)));
    const replies = await Promise.all(people.map((p) => p.post(`/api/webinars/${id}/registrations`)));
    expect(replies.every((r) => r.statusCode === 201)).toBe(true);
    expect(statuses(replies)).toEqual([...Array(10).fill('registered'), ...Array(20).fill('waitlisted')]);
    const places = replies.map((r) => r.json().waitlistPosition).filter((p) => p !== null);
    expect(new Set(places).size).toBe(20);

    const seated = people.filter((_, i) => replies[i]!.json().status === 'registered');
    const waiting = people
      .map((p, i) => ({ p, at: replies[i]!.json() }))
      .filter((x) => x.at.status === 'waitlisted')
      .sort((x, y) => x.at.id - y.at.id);
    const regs = await t.db.selectFrom('webinar_registrations').select(['id', 'waitlisted_at']).where('webinar_id', '=', id).where('status', '=', 'waitlisted').orderBy('waitlisted_at').orderBy('id').execute();
    const firstFive = regs.slice(0, 5).map((r) => r.id);

    const left = await Promise.all(seated.slice(0, 5).map((p) => del(p, `/api/webinars/${id}/registrations/me`)));
    expect(left.every((r) => r.statusCode === 200)).toBe(true);
    const now = await t.db.selectFrom('webinar_registrations').select(['id', 'status']).where('webinar_id', '=', id).execute();
    expect(now.filter((r) => r.status === 'registered')).toHaveLength(10);
    expect(now.filter((r) => r.status === 'waitlisted')).toHaveLength(15);
    expect(
      now
        .filter((r) => firstFive.includes(r.id))
        .map((r) => r.status)
        .every((s) => s === 'registered'),
    ).toBe(true);
    expect(waiting).toHaveLength(20);
    expect((await trainer.get(`/api/webinars/${id}`)).json().seats).toEqual({ taken: 10, free: 0, waitlisted: 15, pending: 0 });
  });
});

describe('approval of registrations', () => {
  it('keeps registrations pending until a host approves or declines them', async () => {
    const id = await schedule(trainer, { capacity: 1, approvalRequired: true });
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((n) => personClient(`Persetujuan ${n}`)));
    const ra = (await a!.post(`/api/webinars/${id}/registrations`)).json();
    const rb = (await b!.post(`/api/webinars/${id}/registrations`)).json();
    const rc = (await c!.post(`/api/webinars/${id}/registrations`)).json();
    expect([ra.status, rb.status, rc.status]).toEqual(['pending_approval', 'pending_approval', 'pending_approval']);
    expect((await trainer.get(`/api/webinars/${id}`)).json().seats).toEqual({ taken: 0, free: 1, waitlisted: 0, pending: 3 });

    expect((await a!.post(`/api/webinars/${id}/registrations/${ra.id}/approve`)).statusCode).toBe(403);
    expect((await learner.get(`/api/webinars/${id}/registrations`)).statusCode).toBe(403);
    expect((await trainer.post(`/api/webinars/${id}/registrations/${ra.id}/approve`)).json().status).toBe('approved');
    // Full: the next one approved waits for a seat.
    expect((await trainer.post(`/api/webinars/${id}/registrations/${rb.id}/approve`)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await trainer.post(`/api/webinars/${id}/registrations/${rc.id}/decline`)).json().status).toBe('declined');
    const twice = await trainer.post(`/api/webinars/${id}/registrations/${ra.id}/approve`);
    expect(twice.statusCode).toBe(409);
    // Declining the seated one gives the seat to the one approved and waiting.
    expect((await trainer.post(`/api/webinars/${id}/registrations/${ra.id}/decline`)).json().status).toBe('declined');
    expect((await b!.get(`/api/webinars/${id}/registrations/me`)).json().status).toBe('approved');
    // A declined person asking again gets the answer they have.
    const again = await c!.post(`/api/webinars/${id}/registrations`);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('declined');
    const list = (await trainer.get(`/api/webinars/${id}/registrations`)).json().items;
    expect(list.map((r: { status: string }) => r.status)).toEqual(['declined', 'approved', 'declined']);
  });

  it('lets people an admin assigned the webinar to register without approval', async () => {
    const id = await schedule(trainer, { approvalRequired: true });
    const disdik = await t.db.selectFrom('units').select('id').where('code', '=', 'DISDIK').executeTakeFirstOrThrow();
    const capil = await t.db.selectFrom('units').select('id').where('code', '=', 'DISDUKCAPIL').executeTakeFirstOrThrow();
    expect((await trainer.post(`/api/webinars/${id}/assignments`, { unitId: disdik.id })).statusCode).toBe(403);
    // An admin of the Education Office assigns within that office only.
    expect((await adminDisdik.post(`/api/webinars/${id}/assignments`, { unitId: capil.id })).statusCode).toBe(403);
    const assigned = await adminDisdik.post(`/api/webinars/${id}/assignments`, { unitId: disdik.id });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json().unit).toMatchObject({ code: 'DISDIK' });
    expect((await admin.get(`/api/webinars/${id}/assignments`)).json().items).toHaveLength(1);

    // The teacher's school is under the Education Office: the webinar is theirs.
    const forGuru = (await guru.get(`/api/webinars/${id}`)).json();
    expect(forGuru.me.assigned).toBe(true);
    expect((await guru.get('/api/webinars?view=mine')).json().items.map((w: { id: number }) => w.id)).toContain(id);
    expect((await guru.post(`/api/webinars/${id}/registrations`)).json().status).toBe('approved');
    // Not assigned: approval as usual.
    expect((await learner.get(`/api/webinars/${id}`)).json().me.assigned).toBe(false);
    expect((await learner.post(`/api/webinars/${id}/registrations`)).json().status).toBe('pending_approval');

    expect((await adminDisdik.request({ method: 'DELETE', url: `/api/webinars/${id}/assignments/${assigned.json().id}` })).statusCode).toBe(204);
    expect((await guru.get(`/api/webinars/${id}`)).json().me.assigned).toBe(false);
  });
});

describe('GET /api/webinars/:id/calendar.ics', () => {
  it('is an RFC 5545 calendar with one VEVENT: UID, UTC times, escaped text, URL', async () => {
    const startsAt = '2031-03-04T02:30:00.000Z';
    const id = await schedule(trainer, {
      title: 'Rapat; koordinasi, dan evaluasi \\ 2031',
      description: 'Baris satu\nBaris dua: agenda, tanya-jawab; penutup. ' + 'Sangat panjang '.repeat(8) + 'ĀĀĀĀĀ',
      startsAt,
      endsAt: '2031-03-04T04:00:00.000Z',
    });
    const res = await learner.get(`/api/webinars/${id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`webinar-${id}.ics`);
    const body = res.body;
    expect(body.endsWith('\r\n')).toBe(true);
    const physical = body.slice(0, -2).split('\r\n');
    expect(physical.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // Unfolded content lines.
    const lines = body.replace(/\r\n /g, '').split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Pemerintah Kota Surakarta//Sinau//ID', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain(`UID:webinar-${id}@localhost:3000`);
    expect(lines).toContain('DTSTART:20310304T023000Z');
    expect(lines).toContain('DTEND:20310304T040000Z');
    expect(lines.find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(lines).toContain('SUMMARY:Rapat\\; koordinasi\\, dan evaluasi \\\\ 2031');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toBe(
      'DESCRIPTION:Baris satu\\nBaris dua: agenda\\, tanya-jawab\\; penutup. ' + 'Sangat panjang '.repeat(8) + 'ĀĀĀĀĀ',
    );
    expect(lines).toContain(`URL:http://localhost:3000/webinars/${id}`);
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('SEQUENCE:0');
    expect(lines.slice(-3)).toEqual(['END:VEVENT', 'END:VCALENDAR', '']);

    // A change of time raises the sequence; a cancellation says so.
    await trainer.patch(`/api/webinars/${id}`, { startsAt: '2031-03-04T03:00:00.000Z' });
    await trainer.post(`/api/webinars/${id}/cancel`, {});
    const after = (await learner.get(`/api/webinars/${id}/calendar.ics`)).body.replace(/\r\n /g, '');
    expect(after).toContain('SEQUENCE:2');
    expect(after).toContain('STATUS:CANCELLED');
    expect(after).toContain('DTSTART:20310304T030000Z');
  });

  it('escapes and folds text without splitting a character', () => {
    expect(escapeText('a,b;c\\d\r\ne\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const folded = fold('X'.repeat(74) + 'é' + 'Y'.repeat(80));
    const parts = folded.split('\r\n');
    expect(parts[0]).toBe('X'.repeat(74));
    expect(parts[1]!.startsWith(' é')).toBe(true);
    expect(parts.every((p) => Buffer.byteLength(p) <= 75)).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe('X'.repeat(74) + 'é' + 'Y'.repeat(80));
  });
});
