import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Client;
let learner: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, learner, supervisor] = await Promise.all([t.login('admin'), t.login('asn'), t.login('atasan')]);
});
afterAll(() => t.close());

describe('GET /api/units', () => {
  it('lists the offices with code and name, including the five kecamatan', async () => {
    const res = await learner.get('/api/units');
    expect(res.statusCode).toBe(200);
    const units = res.json() as { code: string; name: string; kind: string }[];
    expect(units.length).toBeGreaterThan(20);
    for (const u of units) expect(u).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    const kecamatan = units.filter((u) => u.kind === 'kecamatan').map((u) => u.name).join(' ');
    for (const k of ['Laweyan', 'Serengan', 'Pasar Kliwon', 'Jebres', 'Banjarsari']) expect(kecamatan).toContain(k);
  });

  it('needs a session', async () => {
    expect((await t.anonymous().get('/api/units')).statusCode).toBe(401);
  });
});

describe('POST /api/units', () => {
  it('lets a city-wide admin create an office and refuses a duplicate code with 409', async () => {
    const res = await admin.post('/api/units', { code: 'UJI-OPD', name: 'Dinas Uji Coba', kind: 'dinas' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'UJI-OPD', name: 'Dinas Uji Coba', parentId: null, active: true, peopleCount: 0 });
    const again = await admin.post('/api/units', { code: 'UJI-OPD', name: 'Lagi', kind: 'dinas' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('refuses a learner with 403 and creates nothing', async () => {
    const res = await learner.post('/api/units', { code: 'NOPE', name: 'Tidak Boleh', kind: 'dinas' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect(await t.db.selectFrom('units').select('id').where('code', '=', 'NOPE').executeTakeFirst()).toBeUndefined();
  });

  it('validates the code, the kind and unknown fields', async () => {
    for (const body of [
      { code: 'lower case', name: 'X Y', kind: 'dinas' },
      { code: 'OK1', name: 'X Y', kind: 'planet' },
      { code: 'OK2', name: 'X Y', kind: 'dinas', extra: 1 },
      { code: 'OK3', name: 'X Y', kind: 'dinas', parentId: 999999 },
    ]) {
      const res = await admin.post('/api/units', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });
});

describe('PATCH /api/units/:id', () => {
  it('refuses to put an office below itself', async () => {
    const parent = (await admin.post('/api/units', { code: 'UJI-INDUK', name: 'Induk Uji', kind: 'dinas' })).json();
    const child = (await admin.post('/api/units', { code: 'UJI-ANAK', name: 'Anak Uji', kind: 'lainnya', parentId: parent.id })).json();
    const res = await admin.patch(`/api/units/${parent.id}`, { parentId: child.id });
    expect(res.statusCode).toBe(400);
    const ok = await admin.patch(`/api/units/${child.id}`, { name: 'Anak Uji Baru', active: false });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Anak Uji Baru', active: false, parentId: parent.id });
  });
});

describe('GET /api/positions', () => {
  it('lists positions with tier and office, filterable by office', async () => {
    const all = (await learner.get('/api/positions')).json() as { tier: string; unit: { id: number } }[];
    expect(all.length).toBeGreaterThan(20);
    const tiers = new Set(all.map((p) => p.tier));
    for (const tier of ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional']) expect(tiers).toContain(tier);
    const unitId = all[0]!.unit.id;
    const one = (await learner.get(`/api/positions?unitId=${unitId}`)).json() as { unit: { id: number } }[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((p) => p.unit.id === unitId)).toBe(true);
  });

  it('rejects a non-numeric office filter', async () => {
    expect((await learner.get('/api/positions?unitId=abc')).statusCode).toBe(400);
  });
});

describe('POST /api/positions', () => {
  it('creates a position in an office and refuses a same-named one, whatever the case', async () => {
    const unit = (await admin.post('/api/units', { code: 'UJI-JAB', name: 'Unit Jabatan', kind: 'badan' })).json();
    const res = await admin.post('/api/positions', { name: 'Analis Kebijakan', tier: 'Fungsional', unitId: unit.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Analis Kebijakan', tier: 'Fungsional', unit: { code: 'UJI-JAB' } });
    expect((await admin.post('/api/positions', { name: 'analis kebijakan', tier: 'Fungsional', unitId: unit.id })).statusCode).toBe(409);
    expect((await admin.post('/api/positions', { name: 'X Y', tier: 'Raja', unitId: unit.id })).statusCode).toBe(400);
    expect((await learner.post('/api/positions', { name: 'X Y', tier: 'Pelaksana', unitId: unit.id })).statusCode).toBe(403);
  });
});

describe('GET /api/people', () => {
  it('shows a city-wide admin everyone, paged', async () => {
    const res = await admin.get('/api/people?limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(5);
    expect(body.total).toBeGreaterThan(20);
    expect(body.items[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String), roles: expect.any(Array) });
    const next = (await admin.get('/api/people?limit=5&offset=5')).json();
    expect(next.items[0].id).not.toBe(body.items[0].id);
  });

  it('searches by name or NIP', async () => {
    const me = (await learner.get('/api/me')).json();
    const byNip = (await admin.get(`/api/people?q=${me.nip}`)).json();
    expect(byNip.items.map((p: { id: number }) => p.id)).toEqual([me.id]);
    const byName = (await admin.get(`/api/people?q=${encodeURIComponent(me.name.split(' ')[0].toLowerCase())}`)).json();
    expect(byName.items.map((p: { id: number }) => p.id)).toContain(me.id);
  });

  it('shows a supervisor only their team', async () => {
    const res = await supervisor.get('/api/people?limit=200');
    expect(res.statusCode).toBe(200);
    const me = (await supervisor.get('/api/me')).json();
    const items = res.json().items as { supervisor: { id: number } | null }[];
    expect(items.length).toBeGreaterThan(0);
    const direct = items.filter((p) => p.supervisor?.id === me.id);
    expect(direct.length).toBeGreaterThan(0);
    const total = (await admin.get('/api/people')).json().total;
    expect(res.json().total).toBeLessThan(total);
  });

  it('narrows to the team with team=true, even for an admin who also supervises', async () => {
    const t2 = await createTestApp();
    try {
      const a = await t2.login('admin');
      const adminMe = (await a.get('/api/me')).json();
      const asn = (await (await t2.login('asn')).get('/api/me')).json();
      await a.patch(`/api/people/${adminMe.id}`, { roles: ['admin', 'learner', 'supervisor'] });
      await a.patch(`/api/people/${asn.id}`, { supervisorId: adminMe.id });
      const fresh = await t2.login('admin');
      const team = (await fresh.get('/api/people?team=true')).json();
      expect(team.items.map((p: { id: number }) => p.id)).toEqual([asn.id]);
      expect((await learner.get('/api/people?team=true')).statusCode).toBe(403);
    } finally {
      await t2.close();
    }
  });

  it('shows an office-scoped admin only their office and the units below it', async () => {
    const scoped = await t.login('admin.disdik');
    const me = (await scoped.get('/api/me')).json();
    expect(me.adminScope).toEqual([expect.objectContaining({ code: expect.any(String) })]);
    const units = (await scoped.get('/api/units')).json() as { id: number; parentId: number | null }[];
    const allowed = new Set<number>([me.adminScope[0].id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units) if (u.parentId !== null && allowed.has(u.parentId) && !allowed.has(u.id)) (allowed.add(u.id), (grew = true));
    }
    const people = (await scoped.get('/api/people?limit=200')).json().items as { unit: { id: number } | null }[];
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p) => p.unit && allowed.has(p.unit.id))).toBe(true);
  });

  it('refuses a learner with 403', async () => {
    const res = await learner.get('/api/people');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });
});

describe('GET /api/people/:id', () => {
  it('hides people outside the caller’s scope behind 404, but shows one’s own record', async () => {
    const scoped = await t.login('admin.disdik');
    const asn = (await learner.get('/api/me')).json();
    expect((await scoped.get(`/api/people/${asn.id}`)).statusCode).toBe(404);
    expect((await learner.get(`/api/people/${asn.id}`)).statusCode).toBe(200);
    const adminMe = (await admin.get('/api/me')).json();
    expect((await learner.get(`/api/people/${adminMe.id}`)).statusCode).toBe(403);
    expect((await admin.get(`/api/people/${asn.id}`)).json().id).toBe(asn.id);
  });
});

describe('PATCH /api/people/:id', () => {
  it('lets an admin change roles and supervisor, refusing loops and foreign positions', async () => {
    const asn = (await learner.get('/api/me')).json();
    const atasan = (await supervisor.get('/api/me')).json();
    const loop = await admin.patch(`/api/people/${atasan.id}`, { supervisorId: asn.id });
    expect(loop.statusCode).toBe(400);
    const self = await admin.patch(`/api/people/${asn.id}`, { supervisorId: asn.id });
    expect(self.statusCode).toBe(400);
    const foreign = (await admin.get('/api/positions')).json().find((p: { unit: { id: number } }) => p.unit.id !== asn.unit.id);
    expect((await admin.patch(`/api/people/${asn.id}`, { positionId: foreign.id })).statusCode).toBe(400);
    const ok = await admin.patch(`/api/people/${asn.id}`, { roles: ['learner', 'trainer'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().roles.sort()).toEqual(['learner', 'trainer']);
  });

  it('refuses a scoped admin granting the admin role', async () => {
    const scoped = await t.login('admin.disdik');
    const guru = (await (await t.login('guru')).get('/api/me')).json();
    const res = await scoped.patch(`/api/people/${guru.id}`, { roles: ['learner', 'admin'] });
    expect(res.statusCode).toBe(403);
  });

  it('ends the sessions of a person who is deactivated', async () => {
    const pelatih = await t.login('pelatih');
    const me = (await pelatih.get('/api/me')).json();
    expect((await admin.patch(`/api/people/${me.id}`, { active: false })).statusCode).toBe(200);
    expect((await pelatih.get('/api/me')).statusCode).toBe(401);
    await expect(t.login('pelatih')).rejects.toThrow(/401/);
    expect((await admin.patch(`/api/people/${me.id}`, { active: true })).statusCode).toBe(200);
  });
});

describe('cached sessions', () => {
  it('are forgotten at once on sign-out and when roles change', async () => {
    expect(t.config.SESSION_CACHE_SECONDS).toBeGreaterThan(0);
    const c = await t.login('asn');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    expect((await c.get('/api/people')).statusCode).toBe(403);
    const me = (await c.get('/api/me')).json();
    await admin.patch(`/api/people/${me.id}`, { roles: ['learner', 'supervisor'] });
    expect((await c.get('/api/people')).statusCode).toBe(200);
    await admin.patch(`/api/people/${me.id}`, { roles: ['learner'] });
    expect((await c.get('/api/people')).statusCode).toBe(403);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });
});

describe('POST /api/people/:id/password', () => {
  it('sets a temporary password that the person must change', async () => {
    const guru = await t.login('guru');
    const me = (await guru.get('/api/me')).json();
    const res = await admin.post(`/api/people/${me.id}/password`, { password: 'sementara-123' });
    expect(res.statusCode).toBe(204);
    expect((await guru.get('/api/me')).statusCode).toBe(401);
    const again = await t.login('guru', 'sementara-123');
    expect((await again.get('/api/me')).json().mustChangePassword).toBe(true);
    expect((await learner.post(`/api/people/${me.id}/password`, { password: 'sementara-123' })).statusCode).toBe(403);
  });
});
