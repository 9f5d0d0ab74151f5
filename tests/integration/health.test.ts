import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createDb } from '../../server/db/connect.ts';
import { loadConfig } from '../../server/plugins/config.ts';

describe('GET /api/health', () => {
  it('answers 503 when the database cannot be reached', async () => {
    // Port 9 (discard) on loopback: nothing listens, so every connection is refused at once.
    const url = 'postgres://nobody:nothing@127.0.0.1:9/none';
    const db = createDb(url, 1);
    const app = await buildApp({ config: loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', JANUS_PATH: '/nonexistent/janus' }), db, serveClient: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'error', database: 'unreachable', janus: 'unavailable' });
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});

describe('configuration', () => {
  it('refuses a wrong setting with a message naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('turns demo data on with the embedded database and off with DATABASE_URL unless asked', () => {
    expect(loadConfig({}).SINAU_DEMO).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).SINAU_DEMO).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', SINAU_DEMO: '1' }).SINAU_DEMO).toBe(true);
  });
});
