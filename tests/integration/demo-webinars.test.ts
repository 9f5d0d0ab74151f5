import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContentIntoApp } from '../../server/courses/content.ts';
import { loadDemoWebinars } from '../../server/seed/webinars.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
const SPBE = 'Sosialisasi Pelayanan Publik Berbasis SPBE';
const WORKSHOP = 'Lokakarya Pembelajaran Berdiferensiasi untuk Guru SMP';
const LITERACY = 'Literasi Digital: Mengenali Penipuan Daring dan Melindungi Data Pribadi';

// 20:30 UTC is 03:30 WIB of the next calendar day: a seed that counted days in UTC (or in the
// machine's zone) would schedule everything a day early. A month ahead, so the schedule is
// always in the future.
const today = new Date();
const y = today.getUTCFullYear();
const m = today.getUTCMonth();
const d = today.getUTCDate() + 30;
const now = new Date(Date.UTC(y, m, d, 20, 30));
/** The instant that is hh:mm UTC, `days` after now's UTC date. */
const utc = (days: number, hours: number, minutes = 0) => new Date(Date.UTC(y, m, d + days, hours, minutes)).toISOString();

let t: TestApp;
let pelatih: Client;
let asn: Client;
let guru: Client;

type Webinar = { id: number; title: string; startsAt: string; endsAt: string; capacity: number; jp: number; approvalRequired: boolean; courseId: number | null; competencies: { code: string; level: number }[]; seats: { taken: number; pending: number }; me: { registration: { status: string } | null } };

async function list(c: Client, view: 'mine' | 'upcoming'): Promise<Webinar[]> {
  const res = await c.get(`/api/webinars?view=${view}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
async function find(c: Client, view: 'mine' | 'upcoming', title: string): Promise<Webinar> {
  const w = (await list(c, view)).find((x) => x.title === title);
  expect(w, `${title} in ${view}`).toBeDefined();
  return w!;
}

beforeAll(async () => {
  t = await createTestApp({ JANUS_PATH: '/nonexistent/janus' });
  // The workshop links the shipped course, which only the content loader creates.
  await loadContentIntoApp(t.app, CONTENT);
  [pelatih, asn, guru] = await Promise.all([t.login('pelatih'), t.login('asn'), t.login('guru')]);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

// The cases build on each other: the first one seeds.
describe('loadDemoWebinars', () => {
  it('schedules three webinars once, even when two instances start together', async () => {
    expect(await list(pelatih, 'mine')).toEqual([]);
    expect((await Promise.all([loadDemoWebinars(t.db, now), loadDemoWebinars(t.db, now)])).sort()).toEqual([0, 3]);
    expect(await loadDemoWebinars(t.db, now)).toBe(0);
    const hosted = await list(pelatih, 'mine');
    expect(hosted.map((w) => w.title).sort()).toEqual([LITERACY, WORKSHOP, SPBE].sort());
  });

  it('registers asn for the SPBE broadcast, the next day 09:00–10:30 WIB', async () => {
    const w = await find(asn, 'mine', SPBE);
    expect(w).toMatchObject({ startsAt: utc(2, 2), endsAt: utc(2, 3, 30), capacity: 300, jp: 2, approvalRequired: false, competencies: [{ code: 'M.05', level: 2 }] });
    expect(w.me.registration?.status).toBe('registered');
    expect(w.seats.taken).toBe(1);
  });

  it('leaves guru waiting for approval on the workshop, three days later 13:00–15:00 WIB, linked to its course', async () => {
    const course = await t.db.selectFrom('courses').select('id').where('slug', '=', 'pembelajaran-berdiferensiasi').executeTakeFirstOrThrow();
    const w = await find(guru, 'mine', WORKSHOP);
    expect(w).toMatchObject({ startsAt: utc(4, 6), endsAt: utc(4, 8), capacity: 30, jp: 2, approvalRequired: true, courseId: course.id });
    expect(w.me.registration?.status).toBe('pending_approval');
    expect(w.seats).toMatchObject({ taken: 0, pending: 1 });
    expect((await list(guru, 'mine')).map((x) => x.title)).toEqual([WORKSHOP]);
  });

  it('offers asn the digital literacy webinar a week later, 10:00–11:30 WIB, with nobody registered', async () => {
    const w = await find(asn, 'upcoming', LITERACY);
    expect(w).toMatchObject({ startsAt: utc(8, 3), endsAt: utc(8, 4, 30), capacity: 100, jp: 2, approvalRequired: false });
    expect(w.me.registration).toBeNull();
    expect(w.seats).toMatchObject({ taken: 0, pending: 0 });
    expect((await asn.post(`/api/webinars/${w.id}/registrations`)).statusCode).toBe(201);
  });

  it('does not bring back a demo webinar the trainer cancelled', async () => {
    const w = await find(pelatih, 'mine', LITERACY);
    expect((await pelatih.post(`/api/webinars/${w.id}/cancel`, { reason: 'Diganti jadwal lain' })).statusCode).toBe(200);
    expect(await loadDemoWebinars(t.db, now)).toBe(0);
    expect(await list(pelatih, 'mine')).toHaveLength(3);
  });
});
