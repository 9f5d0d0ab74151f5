import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  // No session cache here: these tests move session times in the database and expect the very
  // next request to see it (the cache has its own tests in org.test.ts).
  t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '8', SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12', SESSION_CACHE_SECONDS: '0' });
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('reports the database as reachable', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    // Live video is reported on its own: it never makes the app unhealthy.
    expect(['ok', 'unavailable', 'down']).toContain(res.json().janus);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in a demo user and sets an HttpOnly SameSite session cookie', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 'asn', password: 'sinau-demo' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(body.user).toMatchObject({ username: 'asn', roles: expect.arrayContaining(['learner']) });
    expect(body.user.unit).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    const cookie = res.cookies.find((c) => c.name === 'sinau_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
  });

  it('marks the cookie Secure behind HTTPS when the proxy is trusted', async () => {
    const secure = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'asn', password: 'sinau-demo' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === 'sinau_session')!.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('signs in by NIP as well as by username', async () => {
    const asn = await t.db.selectFrom('people').select('nip').where('username', '=', 'asn').executeTakeFirstOrThrow();
    const res = await t.anonymous().post('/api/auth/login', { username: asn.nip, password: 'sinau-demo' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('asn');
  });

  it('signs a partner in by e-mail, whatever its letter case', async () => {
    const mitra = await t.db.selectFrom('people').select('email').where('username', '=', 'mitra').executeTakeFirstOrThrow();
    const res = await t.anonymous().post('/api/auth/login', { username: mitra.email!.toUpperCase(), password: 'sinau-demo' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.roles).toContain('partner');
  });

  it('refuses a wrong password with 401 and an error code', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 'pelatih', password: 'salah-sekali' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(res.cookies.find((c) => c.name === 'sinau_session')).toBeUndefined();
  });

  it('refuses an unknown user the same way as a wrong password', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 'tidak-ada', password: 'sinau-demo' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
  });

  it('rejects a malformed NIP with 400 before looking anything up', async () => {
    for (const username of ['12345', '199013322015031001', '199001012015131001', '199001012015033001']) {
      const res = await t.anonymous().post('/api/auth/login', { username, password: 'x' });
      expect(res.statusCode, username).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('rejects a body that does not match the schema', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 'asn' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('answers in English when the browser asks for it', async () => {
    const res = await t.anonymous().post('/api/auth/login', { username: 'asn', password: 'nope' }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.json().error.message).toMatch(/wrong/i);
    const id = await t.anonymous().post('/api/auth/login', { username: 'asn', password: 'nope' });
    expect(id.json().error.message).toMatch(/salah/i);
  });

  it('throttles an account after repeated failures, even with the right password, and says when to retry', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.anonymous().post('/api/auth/login', { username: 'guru', password: `wrong-${i}` });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.anonymous().post('/api/auth/login', { username: 'guru', password: 'sinau-demo' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('too_many_attempts');
    const retry = Number(blocked.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // Another account from the same address is not locked by guru's failures.
    expect((await t.anonymous().post('/api/auth/login', { username: 'atasan', password: 'sinau-demo' })).statusCode).toBe(200);
    // Once the failures leave the window, the right password works again.
    await t.db.updateTable('login_failures').set({ at: sql`now() - interval '16 minutes'` }).where('account', '=', 'username:guru').execute();
    expect((await t.anonymous().post('/api/auth/login', { username: 'guru', password: 'sinau-demo' })).statusCode).toBe(200);
  });

  it('throttles one address spraying many accounts', async () => {
    const ip = '203.0.113.7';
    const attempt = (username: string, password = 'bad-password') =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password } });
    for (let i = 0; i < 8; i++) expect((await attempt(`nobody${i}`)).statusCode).toBe(401);
    const blocked = await attempt('admin', 'sinau-demo');
    expect(blocked.statusCode).toBe(429);
    // Other addresses are unaffected.
    expect((await t.anonymous().post('/api/auth/login', { username: 'admin', password: 'sinau-demo' })).statusCode).toBe(200);
  });
});

describe('GET /api/me', () => {
  it('returns the signed-in person with office, position and CSRF token', async () => {
    const c = await t.login('atasan');
    const res = await c.get('/api/me');
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({ username: 'atasan', roles: expect.arrayContaining(['supervisor']), csrfToken: c.csrfToken });
    expect(me.id).toEqual(expect.any(Number));
    expect(me.name).toEqual(expect.any(String));
    expect(me.unit).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    expect(me.position).toMatchObject({ name: expect.any(String), tier: expect.any(String) });
  });

  it('answers 401 without a session', async () => {
    const res = await t.anonymous().get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('answers 401 for a forged cookie', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'sinau_session=forged-token' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('session expiry', () => {
  it('ends a session left idle longer than the idle limit', async () => {
    const c = await t.login('asn');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    await t.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('csrf_token', '=', c.csrfToken!).execute();
    expect((await c.get('/api/me')).statusCode).toBe(401);
    // And the row is gone, so the token can never come back.
    expect(await t.db.selectFrom('sessions').select('token_hash').where('csrf_token', '=', c.csrfToken!).executeTakeFirst()).toBeUndefined();
  });

  it('ends a session past its absolute lifetime even when in use', async () => {
    const c = await t.login('asn');
    await t.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('csrf_token', '=', c.csrfToken!).execute();
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('keeps an active session alive within both limits', async () => {
    const c = await t.login('asn');
    await t.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '29 minutes'` }).where('csrf_token', '=', c.csrfToken!).execute();
    expect((await c.get('/api/me')).statusCode).toBe(200);
    const row = await t.db.selectFrom('sessions').select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as('fresh')).where('csrf_token', '=', c.csrfToken!).executeTakeFirstOrThrow();
    expect(row.fresh).toBe(true);
  });
});

describe('cached sessions in constant use', () => {
  let cached: TestApp;
  beforeAll(async () => {
    cached = await createTestApp({ SESSION_CACHE_SECONDS: '1', SESSION_IDLE_MINUTES: '30' });
  });
  afterAll(() => cached.close());

  /** Requests every 100 ms until `until` holds of the answer or `ms` have passed. */
  async function keepUsing(c: Awaited<ReturnType<TestApp['login']>>, until: (status: number) => boolean | Promise<boolean>, ms: number) {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if (await until((await c.get('/api/me')).statusCode)) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }

  it('are looked up again after the cache time, so a session ended elsewhere ends here too', async () => {
    const c = await cached.login('asn');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    // Signed out on another instance: only the database knows.
    await cached.db.deleteFrom('sessions').where('csrf_token', '=', c.csrfToken!).execute();
    const after = await keepUsing(c, (status) => status === 401, 3_000);
    expect(after).not.toBeNull();
    expect(after!).toBeLessThan(2_000);
  });

  it('are touched while in use, so they do not end as idle', async () => {
    const c = await cached.login('asn');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    await cached.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '29 minutes'` }).where('csrf_token', '=', c.csrfToken!).execute();
    const fresh = async () =>
      (await cached.db.selectFrom('sessions').select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as('fresh')).where('csrf_token', '=', c.csrfToken!).executeTakeFirstOrThrow()).fresh;
    expect(await keepUsing(c, () => fresh(), 3_000)).not.toBeNull();
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the X-CSRF-Token header, changing nothing', async () => {
    const c = await t.login('asn');
    const res = await c.request({ method: 'PATCH', url: '/api/me', payload: { locale: 'en' }, csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    expect((await c.get('/api/me')).json().locale).toBe('id');
  });

  it('refuses a wrong token', async () => {
    const c = await t.login('asn');
    const res = await c.request({ method: 'POST', url: '/api/auth/logout', csrf: false, headers: { 'x-csrf-token': 'not-the-token' } });
    expect(res.statusCode).toBe(403);
    expect((await c.get('/api/me')).statusCode).toBe(200);
  });

  it('accepts the token from login', async () => {
    const c = await t.login('asn');
    const res = await c.patch('/api/me', { locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json().locale).toBe('en');
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session', async () => {
    const c = await t.login('pelatih');
    const res = await c.post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });
});

describe('POST /api/me/password', () => {
  it('changes the password, ends the other sessions and keeps this one', async () => {
    const t2 = await createTestApp();
    try {
      const a = await t2.login('asn');
      const b = await t2.login('asn');
      const bad = await a.post('/api/me/password', { currentPassword: 'wrong', newPassword: 'kata-sandi-baru-123' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('wrong_password');
      const short = await a.post('/api/me/password', { currentPassword: 'sinau-demo', newPassword: 'pendek' });
      expect(short.statusCode).toBe(400);
      const ok = await a.post('/api/me/password', { currentPassword: 'sinau-demo', newPassword: 'kata-sandi-baru-123' });
      expect(ok.statusCode).toBe(204);
      expect((await a.get('/api/me')).statusCode).toBe(200);
      expect((await b.get('/api/me')).statusCode).toBe(401);
      await expect(t2.login('asn')).rejects.toThrow(/401/);
      await t2.login('asn', 'kata-sandi-baru-123');
    } finally {
      await t2.close();
    }
  });
});

describe('GET /api/docs/json', () => {
  it('describes every route in an OpenAPI 3 document', async () => {
    const res = await t.anonymous().get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/health', '/api/auth/login', '/api/me', '/api/units', '/api/positions', '/api/people', '/api/people/import']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('serves a browsable UI', async () => {
    const res = await t.anonymous().get('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/html/);
  });
});

describe('unknown API paths', () => {
  it('answer 404 in the error format', async () => {
    const res = await t.anonymous().get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
