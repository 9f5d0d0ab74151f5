/**
 * Faults while answers are being saved: the database stopped and restarted, and the app process
 * killed and restarted. Every answer acknowledged with 200 must be there afterwards, once.
 * Runs its own PostgreSQL and its own app process (the real server/main.ts), so that stopping
 * them does not touch the other test files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let pgPort: number;
let database: EmbeddedDatabase;
let appPort: number;
let app: ChildProcess | null = null;
let output = '';
const base = () => `http://127.0.0.1:${appPort}`;

async function startApp() {
  output = '';
  app = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url('sinau'),
      DATA_DIR: path.join(dir, 'app'),
      PORT: String(appPort),
      HOST: '127.0.0.1',
      SINAU_DEMO: '1',
      LOG_LEVEL: 'warn',
      FFMPEG_PATH: 'sinau-test-no-ffmpeg',
      FFPROBE_PATH: 'sinau-test-no-ffprobe',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (d) => (output += d));
  app.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited during start:\n${output}`);
    try {
      if ((await fetch(`${base()}/api/health`)).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the app did not start:\n${output}`);
    await sleep(200);
  }
}

async function killApp(signal: NodeJS.Signals) {
  const child = app;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-faults-'));
  [pgPort, appPort] = [await freePort(), await freePort()];
  database = await startEmbeddedPostgres({ dir: path.join(dir, 'db'), port: pgPort });
  await database.ensureDatabase('sinau');
  await startApp();
}, 120_000);

afterAll(async () => {
  await killApp('SIGINT');
  await database?.stop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
}, 60_000);

interface Question {
  id: number;
  type: string;
  choices?: { id: string }[];
  items?: { id: string }[];
  prompts?: { id: string }[];
  options?: string[];
}

/** A valid answer of the question's type that differs with each seq. */
function answerFor(q: Question, seq: number): unknown {
  switch (q.type) {
    case 'single':
      return q.choices![seq % q.choices!.length]!.id;
    case 'multiple':
      return [q.choices![seq % q.choices!.length]!.id];
    case 'truefalse':
      return seq % 2 === 0;
    case 'numeric':
      return seq;
    case 'matching':
      return { [q.prompts![0]!.id]: q.options![seq % q.options!.length]! };
    case 'ordering': {
      const ids = q.items!.map((i) => i.id);
      const k = seq % ids.length;
      return [...ids.slice(k), ...ids.slice(0, k)];
    }
    default:
      return `jawaban nomor ${seq}`;
  }
}

async function signIn() {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${base()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'asn', password: 'sinau-demo' }) });
      if (res.ok) {
        const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        const me = await (await fetch(`${base()}/api/me`, { headers: { cookie } })).json();
        return { cookie, csrf: me.csrfToken as string };
      }
    } catch {}
    if (i > 50) throw new Error('cannot sign in');
    await sleep(200);
  }
}

/**
 * Saves answers from a few concurrent writers until `stop` resolves, recording what the server
 * acknowledged. Returns the acknowledgements and what else was seen (503s, broken connections).
 */
async function saveUntil(attemptId: number, questions: Question[], session: { cookie: string; csrf: string }, seqs: Map<number, number>, fault: () => Promise<void>) {
  const acked = new Map<number, { seq: number; response: unknown }>();
  const seen = { ok: 0, unavailable: 0, retryAfter: 0, broken: 0, other: [] as string[] };
  let running = true;
  let next = 0;
  const writer = async () => {
    while (running) {
      const q = questions[next++ % questions.length]!;
      const seq = (seqs.get(q.id) ?? 0) + 1;
      seqs.set(q.id, seq);
      const response = answerFor(q, seq);
      try {
        const res = await fetch(`${base()}/api/attempts/${attemptId}/answers/${q.id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ response, seq }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = await res.json().catch(() => null);
        if (res.status === 200) {
          seen.ok++;
          const prev = acked.get(q.id);
          if (!prev || prev.seq < seq) acked.set(q.id, { seq, response });
        } else if (res.status === 503) {
          seen.unavailable++;
          if (res.headers.get('retry-after')) seen.retryAfter++;
          await sleep(100);
        } else if (!(res.status === 409 && body?.error?.code === 'stale_seq')) {
          seen.other.push(`${res.status} ${JSON.stringify(body)}`);
        }
      } catch {
        seen.broken++;
        await sleep(100);
      }
    }
  };
  const writers = Array.from({ length: 4 }, writer);
  await sleep(700);
  await fault();
  // Saves succeed again after the fault.
  const okBefore = seen.ok;
  const until = Date.now() + 30_000;
  while (seen.ok < okBefore + 20 && Date.now() < until) await sleep(100);
  running = false;
  await Promise.all(writers);
  return { acked, seen };
}

async function stored(attemptId: number) {
  const client = new pg.Client({ connectionString: database.url('sinau') });
  await client.connect();
  try {
    const { rows } = await client.query<{ question_id: string; seq: string; response: unknown }>('SELECT question_id, seq, response FROM attempt_answers WHERE attempt_id = $1', [attemptId]);
    return rows.map((r) => ({ questionId: Number(r.question_id), seq: Number(r.seq), response: r.response }));
  } finally {
    await client.end();
  }
}

/** Every acknowledged answer is there: the same one, or a newer one that was also sent. */
function expectAllAcknowledgedKept(acked: Map<number, { seq: number; response: unknown }>, rows: Awaited<ReturnType<typeof stored>>, questions: Question[], seqs: Map<number, number>) {
  expect(new Set(rows.map((r) => r.questionId)).size).toBe(rows.length); // one answer per question
  expect(acked.size).toBeGreaterThan(0);
  for (const [questionId, a] of acked) {
    const row = rows.find((r) => r.questionId === questionId);
    expect(row, `question ${questionId}`).toBeDefined();
    expect(row!.seq).toBeGreaterThanOrEqual(a.seq);
    expect(row!.seq).toBeLessThanOrEqual(seqs.get(questionId)!);
    const q = questions.find((x) => x.id === questionId)!;
    expect(row!.response).toEqual(answerFor(q, row!.seq));
    if (row!.seq === a.seq) expect(row!.response).toEqual(a.response);
  }
}

async function startTest() {
  const session = await signIn();
  const mine = await (await fetch(`${base()}/api/me/quizzes`, { headers: { cookie: session.cookie } })).json();
  const test = mine.items.find((q: { slug: string }) => q.slug === 'uji-kompetensi-pelayanan-publik-2026');
  const res = await fetch(`${base()}/api/quizzes/${test.id}/attempts`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  expect([200, 201]).toContain(res.status);
  const attempt = await res.json();
  return { session, attempt, questions: attempt.questions as Question[] };
}

describe('saving answers through faults', () => {
  it('keeps every acknowledged answer when the database stops and comes back; 503 with Retry-After meanwhile', async () => {
    const { session, attempt, questions } = await startTest();
    const seqs = new Map<number, number>();
    const { acked, seen } = await saveUntil(attempt.id, questions, session, seqs, async () => {
      await database.stop();
      await sleep(1500);
      database = await startEmbeddedPostgres({ dir: path.join(dir, 'db'), port: pgPort });
    });
    expect(seen.other).toEqual([]);
    expect(seen.unavailable).toBeGreaterThan(0);
    expect(seen.retryAfter).toBe(seen.unavailable);
    expectAllAcknowledgedKept(acked, await stored(attempt.id), questions, seqs);
  }, 90_000);

  it('keeps every acknowledged answer when the app process is killed and restarted', async () => {
    const { session, attempt, questions } = await startTest();
    // The same attempt as before (one in progress per person), carrying on from the stored seqs.
    const seqs = new Map((await stored(attempt.id)).map((r) => [r.questionId, r.seq]));
    const { acked, seen } = await saveUntil(attempt.id, questions, session, seqs, async () => {
      await killApp('SIGKILL');
      await startApp();
    });
    expect(seen.other).toEqual([]);
    expect(seen.broken).toBeGreaterThan(0);
    expectAllAcknowledgedKept(acked, await stored(attempt.id), questions, seqs);
  }, 120_000);
});
