import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createDb } from '../../server/db/connect.ts';
import { loadConfig } from '../../server/plugins/config.ts';

// The web app as served by Fastify, on a small stand-in build so the test does not need Vite.
let dir: string;
let app: FastifyInstance;
let db: ReturnType<typeof createDb>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-client-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Sinau</title><script type="module" src="/assets/app-abc123.js"></script>');
  await writeFile(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  const url = 'postgres://nobody:nothing@127.0.0.1:9/none';
  db = createDb(url, 1);
  app = await buildApp({ config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), db, clientDir: dir });
});
afterAll(async () => {
  await app.close();
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('the web app', () => {
  it('serves the page at / and at every app address, never cached', async () => {
    for (const url of ['/', '/login', '/admin/people/12?q=x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>Sinau</title>');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it('picks up files built after the start, without a restart', async () => {
    await writeFile(path.join(dir, 'assets', 'later-def456.js'), 'console.log(2)');
    expect((await app.inject({ method: 'GET', url: '/assets/later-def456.js' })).statusCode).toBe(200);
  });

  it('answers 404, not the page, for a missing file or API path', async () => {
    for (const url of ['/assets/gone-000.js', '/favicon-missing.png', '/api/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});
