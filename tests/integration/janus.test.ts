import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createDb } from '../../server/db/connect.ts';
import { loadConfig } from '../../server/plugins/config.ts';
import { JanusConnection, JanusError } from '../../server/webinars/janus/client.ts';
import { locateJanus, writeJanusConfig, type JanusSecrets } from '../../server/webinars/janus/install.ts';
import { VIDEOROOM_PLUGIN, VideoRoomAdmin } from '../../server/webinars/janus/videoroom.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { until } from '../support/until.ts';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};


async function newWebinar(host: Client, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await host.post('/api/webinars', { title: 'Pelayanan prima di kelurahan', description: 'Sesi langsung', startsAt: inMinutes(10), endsAt: inMinutes(70), capacity: 30, jp: 2, ...extra });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('Janus run by Sinau', () => {
  let t: TestApp;
  let host: Client;
  let learner: Client;
  let secrets: JanusSecrets;
  /** A client of our own, as any other program on the machine could be (it has the API secret, not the rooms' secrets). */
  let conn: JanusConnection;
  let rooms: VideoRoomAdmin;

  const janusUrl = () => t.app.janus.supervisor!.url!;
  const roomOf = async (id: number) => t.db.selectFrom('webinars').select(['janus_room_id', 'janus_secret', 'janus_server', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  const connect = async () => {
    conn = await JanusConnection.connect(janusUrl(), { apiSecret: secrets.apiSecret });
    const session = await conn.createSession();
    rooms = new VideoRoomAdmin(await session.attach(VIDEOROOM_PLUGIN), secrets.adminKey);
  };

  beforeAll(async () => {
    t = await createTestApp();
    [host, learner] = await Promise.all([t.login('pelatih'), t.login('asn')]);
    secrets = JSON.parse(await readFile(path.join(t.config.dataDir, 'janus', 'secrets.json'), 'utf8'));
    await connect();
  });
  afterAll(async () => {
    conn?.close();
    const pid = t.app.janus.supervisor?.pid;
    await t.close();
    if (pid) expect(alive(pid)).toBe(false);
  });

  it('starts Janus with only the WebSocket transport, VideoRoom and Streaming, on 127.0.0.1, and reports it in /api/health', async () => {
    const health = await t.anonymous().get('/api/health');
    expect(health.json()).toMatchObject({ status: 'ok', database: 'ok', janus: 'ok' });
    expect(janusUrl()).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const info = await conn.info();
    expect(Object.keys(info.plugins as object).sort()).toEqual(['janus.plugin.streaming', 'janus.plugin.videoroom']);
    expect(Object.keys(info.transports as object)).toEqual(['janus.transport.websockets']);
    expect(info.api_secret).toBe(true);
    // Without the API secret Janus refuses to open a session.
    const stranger = await JanusConnection.connect(janusUrl());
    try {
      await expect(stranger.createSession()).rejects.toMatchObject({ code: 403 });
    } finally {
      stranger.close();
    }
    // Without the admin_key no room can be created.
    await expect(new VideoRoomAdmin(rooms.handle, undefined).createRoom({ secret: 'x', publishers: 1, description: 'intruder' })).rejects.toBeInstanceOf(JanusError);
  });

  it('opens the room with a secret: destroying it without the secret fails, with it succeeds; ending destroys it', async () => {
    const id = await newWebinar(host);
    expect((await learner.post(`/api/webinars/${id}/open`)).statusCode).toBe(403);
    const opened = await host.post(`/api/webinars/${id}/open`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().status).toBe('live');
    const room = await roomOf(id);
    expect(room.janus_server).toBe('embedded');
    expect(room.janus_secret!.length).toBeGreaterThanOrEqual(32);
    // What browsers get never holds the room or its secret.
    for (const res of [opened, await learner.get(`/api/webinars/${id}`), await learner.get('/api/webinars')]) {
      expect(res.body).not.toContain(room.janus_secret!);
      expect(res.body).not.toContain(String(room.janus_room_id));
    }
    expect(await rooms.roomExists(room.janus_room_id!)).toBe(true);
    await expect(rooms.destroyRoom(room.janus_room_id!, undefined)).rejects.toMatchObject({ code: 429 });
    await expect(rooms.destroyRoom(room.janus_room_id!, 'not-the-secret')).rejects.toMatchObject({ code: 433 });
    expect(await rooms.roomExists(room.janus_room_id!)).toBe(true);
    // Opening again keeps the same room.
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    expect((await roomOf(id)).janus_room_id).toBe(room.janus_room_id);

    const ended = await host.post(`/api/webinars/${id}/end`);
    expect(ended.statusCode).toBe(200);
    expect(ended.json().status).toBe('ended');
    expect(await rooms.roomExists(room.janus_room_id!)).toBe(false);
    expect((await host.post(`/api/webinars/${id}/open`)).json().error.code).toBe('webinar_closed');

    const other = await newWebinar(host);
    expect((await host.post(`/api/webinars/${other}/open`)).statusCode).toBe(200);
    const r2 = await roomOf(other);
    expect(await rooms.destroyRoom(r2.janus_room_id!, r2.janus_secret!)).toBe(true);
    expect(await rooms.roomExists(r2.janus_room_id!)).toBe(false);
  });

  it('refuses to open a room long before the start', async () => {
    const id = await newWebinar(host, { startsAt: inMinutes(24 * 60), endsAt: inMinutes(24 * 60 + 60) });
    const res = await host.post(`/api/webinars/${id}/open`);
    expect(res.statusCode).toBe(409);
    expect((await roomOf(id)).janus_room_id).toBeNull();
  });

  it('restarts Janus killed while no webinar is live, and /api/health returns to ok', async () => {
    const supervisor = t.app.janus.supervisor!;
    const pid = supervisor.pid!;
    const restarts = supervisor.restarts;
    conn.close();
    process.kill(pid, 'SIGKILL');
    const seen = new Set<string>();
    await until('health ok with a new Janus', async () => {
      const janus = (await t.anonymous().get('/api/health')).json().janus;
      seen.add(janus);
      return janus === 'ok' && supervisor.pid !== pid;
    });
    expect(seen.has('down')).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(supervisor.restarts).toBe(restarts + 1);
    await connect();
    // Live video works again.
    const id = await newWebinar(host);
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    expect(await rooms.roomExists((await roomOf(id)).janus_room_id!)).toBe(true);
    expect((await host.post(`/api/webinars/${id}/end`)).statusCode).toBe(200);
  });

  it('gives a live webinar its room back after Janus restarts', async () => {
    const id = await newWebinar(host);
    expect((await host.post(`/api/webinars/${id}/open`)).statusCode).toBe(200);
    const room = await roomOf(id);
    const pid = t.app.janus.supervisor!.pid!;
    conn.close();
    process.kill(pid, 'SIGKILL');
    await until('a new Janus', async () => t.app.janus.supervisor!.pid !== pid && t.app.janus.status() === 'ok');
    await connect();
    await until('the room re-created', () => rooms.roomExists(room.janus_room_id!));
    // With the same secret as before.
    expect(await rooms.destroyRoom(room.janus_room_id!, room.janus_secret!)).toBe(true);
    await t.db.updateTable('webinars').set({ status: 'ended', ended_at: new Date() }).where('id', '=', id).execute();
  });

  it('lets a second app on the same DATA_DIR run its own Janus, and ends one left by an app instance that is gone', async () => {
    const dir = path.join(t.config.dataDir, 'janus');
    const install = await locateJanus('janus');
    if ('missing' in install) throw new Error(install.missing);
    // A Janus whose app died without stopping it (as happens where setpriv is missing).
    const deadOwner = spawnSync('true').pid!;
    const orphanDir = path.join(dir, 'run', `${deadOwner}-0`);
    const l = await writeJanusConfig(orphanDir, install, secrets, 0, '20000-40000');
    const orphan = spawn(install.binary, [`--configs-folder=${l.configsDir}`, `--plugins-folder=${l.pluginsDir}`], { stdio: 'ignore' });
    await writeFile(l.pidFile, `${orphan.pid}\n`);
    await writeFile(l.ownerFile, `${deadOwner}\n`);
    const firstPid = t.app.janus.supervisor!.pid!;

    const second = await buildApp({ config: t.config, db: t.db, serveClient: false });
    try {
      await second.ready();
      expect(second.janus.status()).toBe('ok');
      expect(second.janus.supervisor!.pid).not.toBe(firstPid);
      expect(second.janus.supervisor!.url).not.toBe(janusUrl());
      await until('the orphan ended', async () => orphan.exitCode !== null || orphan.signalCode !== null);
      expect(existsSync(orphanDir)).toBe(false);
      // The first app's Janus is untouched.
      expect(t.app.janus.supervisor!.pid).toBe(firstPid);
      expect(alive(firstPid)).toBe(true);
      expect(t.app.janus.status()).toBe('ok');
    } finally {
      await second.close();
      if (orphan.exitCode === null && orphan.signalCode === null) orphan.kill('SIGKILL');
    }
    expect(alive(firstPid)).toBe(true);
    expect(readdirSync(path.join(dir, 'run'))).toHaveLength(1);
  });

  it('at start-up, destroys rooms of webinars that are no longer live (Janus given by JANUS_URL)', async () => {
    const env = {
      DATABASE_URL: t.config.DATABASE_URL,
      LOG_LEVEL: 'silent',
      JANUS_URL: janusUrl(),
      JANUS_API_SECRET: secrets.apiSecret,
      JANUS_ADMIN_KEY: secrets.adminKey,
    };
    const start = async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-test-data-'));
      const db = createDb(env.DATABASE_URL, 2);
      const app = await buildApp({ config: loadConfig({ ...env, DATA_DIR: dataDir }), db, serveClient: false });
      await app.ready();
      return {
        app,
        close: async () => {
          await app.close();
          await db.destroy();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    };
    // An app instance that uses the external Janus opens a room, then stops before it could end it.
    const first = await start();
    let room: Awaited<ReturnType<typeof roomOf>>;
    let stillLive: Awaited<ReturnType<typeof roomOf>>;
    try {
      expect(first.app.janus.status()).toBe('ok');
      expect(first.app.janus.supervisor).toBeNull();
      const id = await newWebinar(host);
      const liveId = await newWebinar(host);
      const cookie = host.cookie!;
      for (const w of [id, liveId]) {
        const res = await first.app.inject({ method: 'POST', url: `/api/webinars/${w}/open`, headers: { cookie, 'x-csrf-token': host.csrfToken! } });
        expect(res.statusCode).toBe(200);
      }
      room = await roomOf(id);
      stillLive = await roomOf(liveId);
      expect(room.janus_server).toBe(janusUrl());
      await t.db.updateTable('webinars').set({ status: 'ended', ended_at: new Date() }).where('id', '=', id).execute();
    } finally {
      await first.close();
    }
    expect(await rooms.roomExists(room.janus_room_id!)).toBe(true);
    const second = await start();
    try {
      await until('the leftover room destroyed', async () => !(await rooms.roomExists(room.janus_room_id!)));
      // The live webinar's room stays.
      expect(await rooms.roomExists(stillLive.janus_room_id!)).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe('without Janus', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JANUS_PATH: '/nonexistent/janus' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts, says live video is unavailable, schedules, and answers open with 503 live_video_unavailable', async () => {
    expect((await t.anonymous().get('/api/health')).json()).toMatchObject({ status: 'ok', janus: 'unavailable' });
    const host = await t.login('pelatih');
    const id = await newWebinar(host);
    expect((await host.get(`/api/webinars/${id}`)).json().liveVideo).toBe('unavailable');
    const res = await host.post(`/api/webinars/${id}/open`);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('live_video_unavailable');
    expect(res.json().error.message).toMatch(/Janus/);
    const row = await t.db.selectFrom('webinars').select(['status', 'janus_room_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', janus_room_id: null });
  });

  it('reports a Janus given by JANUS_URL that does not answer as down', async () => {
    const other = await createTestApp({ JANUS_URL: 'ws://127.0.0.1:9' });
    try {
      expect((await other.anonymous().get('/api/health')).json().janus).toBe('down');
    } finally {
      await other.close();
    }
  });
});
