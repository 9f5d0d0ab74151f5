import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { createDb } from '../../server/db/connect.ts';
import type { DB } from '../../server/db/types.ts';
import { loadConfig, type Config } from '../../server/plugins/config.ts';

export const DEMO_PASSWORD = 'sinau-demo';

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<DB>;
  config: Config;
  /** Signs in and returns a client that carries the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  /** A client with no session. */
  anonymous(): Client;
  /** A new person who can sign in (the demo data has only a few), with a session, and their id. */
  newPerson(name: string, roles?: string[]): Promise<Client & { id: number }>;
  close(): Promise<void>;
}

export interface Client {
  csrfToken: string | null;
  cookie: string | null;
  request(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** A fresh copy of the seeded template database, and the app built on it exactly as main.ts does. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const base = inject('pgBase');
  const name = `sinau_t_${randomBytes(6).toString('hex')}`;
  const admin = createDb(`${base}/postgres`, 1);
  await sql.raw(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`).execute(admin);
  await admin.destroy();
  const url = `${base}/${name}`;
  // Stored files of this app only, thrown away on close.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-test-data-'));
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  const db = createDb(url, 5);
  const app = await buildApp({ config, db, serveClient: false });
  await app.ready();

  let made = 0;
  const client = (cookie: string | null, csrfToken: string | null): Client => {
    const c: Client = {
      csrfToken,
      cookie,
      request: ({ csrf = true, headers, ...opts }) =>
        app.inject({
          ...opts,
          headers: {
            ...(c.cookie ? { cookie: c.cookie } : {}),
            ...(csrf && c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {}),
            ...headers,
          },
        }),
      get: (url) => c.request({ method: 'GET', url }),
      post: (url, payload, headers) => c.request({ method: 'POST', url, payload: payload as never, headers }),
      patch: (url, payload) => c.request({ method: 'PATCH', url, payload: payload as never }),
    };
    return c;
  };

  return {
    app,
    db,
    config,
    anonymous: () => client(null, null),
    async newPerson(name, roles = ['learner']) {
      const person = await db
        .insertInto('people')
        .values({ name, username: `p${++made}.${randomBytes(4).toString('hex')}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (roles.length) await db.insertInto('person_roles').values(roles.map((role) => ({ person_id: person.id, role: role as never, scope_unit_id: null }))).execute();
      const { token, csrfToken } = await createSession(db, person.id, { maxHours: 1, ip: null, userAgent: null });
      return Object.assign(client(`sinau_session=${token}`, csrfToken), { id: person.id });
    },
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.cookies.find((k) => k.name === 'sinau_session');
      return client(`sinau_session=${setCookie!.value}`, res.json().csrfToken);
    },
    async close() {
      await app.close();
      await db.destroy();
      const a = createDb(`${base}/postgres`, 1);
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(a);
      await a.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
