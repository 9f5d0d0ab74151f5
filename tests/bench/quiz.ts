/**
 * The city-wide competency test (issue 4): 10,000 learners starting the same timed quiz within
 * 10 s, then sustained autosaves, on this machine with PostgreSQL on it and durable commits
 * (fsync and synchronous_commit on). Beside the figures, measured in the same run: plain
 * Fastify (autocannon, 100 connections) and PostgreSQL alone (pgbench, 64 clients, single-row
 * upserts).
 *
 *   npm run bench:quiz       (about two minutes; prints the figures; nothing is asserted)
 *   BENCH_LEARNERS=10000 BENCH_SECONDS=10
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashToken } from '../../server/auth/sessions.ts';
import { load, machine, startApp, startPlainFastify, type Result } from './support.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TEST = 'uji-kompetensi-pelayanan-publik-2026';

const fmt = (r: Result) => `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.errors + r.non2xx} errors (${r.requests.total} requests)`;

async function main() {
  const lines: string[] = [];
  const say = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  const plain = await startPlainFastify();
  let ceiling: Result;
  try {
    await load({ url: plain.url, connections: 100, seconds: 3 });
    ceiling = await load({ url: plain.url, connections: 100, seconds: SECONDS });
  } finally {
    await plain.stop();
  }
  const app = await startApp();
  try {
    const db = await app.database();
    db.on('error', () => {}); // the app stopping at the end ends this connection too
    const password = await app.pgPassword();
    // PostgreSQL alone: single-row upserts from 64 clients (pgbench), durable commits.
    let pgbench = 'pgbench not installed';
    const which = spawnSync('pgbench', ['--version']);
    if (which.status === 0) {
      await db.query('CREATE TABLE IF NOT EXISTS bench_upsert (id int PRIMARY KEY, seq bigint NOT NULL, body jsonb NOT NULL)');
      const script = path.join(os.tmpdir(), `sinau-pgbench-${process.pid}.sql`);
      await writeFile(script, `\\set id random(1, 100000)\nINSERT INTO bench_upsert (id, seq, body) VALUES (:id, 1, '{"a":1}') ON CONFLICT (id) DO UPDATE SET seq = bench_upsert.seq + 1, body = excluded.body;\n`);
      const out = execFileSync('pgbench', ['-n', '-h', '127.0.0.1', '-p', String(app.pgPort), '-U', 'postgres', '-c', '64', '-j', '2', '-T', String(SECONDS), '-M', 'prepared', '-f', script, 'sinau'], {
        env: { ...process.env, PGPASSWORD: password },
        encoding: 'utf8',
      });
      const tps = /tps = ([\d.]+)/.exec(out)?.[1];
      const lat = /latency average = ([\d.]+) ms/.exec(out)?.[1];
      pgbench = `${Number(tps).toFixed(0)} upserts/s (64 clients, average latency ${lat} ms)`;
      await db.query('DROP TABLE bench_upsert');
    }
    const sync = (await db.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    const fsync = (await db.query('SHOW fsync')).rows[0].fsync;

    // Learners like the demo learner `asn` (same office, so the test is assigned to them), each signed in.
    await db.query(
      `INSERT INTO people (username, name, unit_id, position_id, supervisor_id, password_hash)
       SELECT 'uji.' || n, 'Peserta Uji ' || n, p.unit_id, p.position_id, p.supervisor_id, p.password_hash
         FROM people p, generate_series(1, $1) n WHERE p.username = 'asn'`,
      [LEARNERS],
    );
    const people = (await db.query<{ id: string }>(`SELECT id FROM people WHERE username LIKE 'uji.%' ORDER BY id`)).rows.map((r) => Number(r.id));
    await db.query(`INSERT INTO person_roles (person_id, role) SELECT unnest($1::bigint[]), 'learner'`, [people]);
    const sessions = people.map(() => ({ token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') }));
    await db.query(
      `INSERT INTO sessions (token_hash, person_id, csrf_token, expires_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) AS s(h, p, c), LATERAL (SELECT now() + interval '12 hours') e`,
      [sessions.map((s) => hashToken(s.token)), people, sessions.map((s) => s.csrf)],
    );
    const quizId = Number((await db.query(`SELECT id FROM quizzes WHERE slug = $1`, [TEST])).rows[0].id);
    const headers = (i: number, json = false) => ({ cookie: `sinau_session=${sessions[i]!.token}`, 'x-csrf-token': sessions[i]!.csrf, ...(json && { 'content-type': 'application/json' }) });

    // 1. Everyone starts the test at once: each request a different learner.
    let n = 0;
    const t0 = Date.now();
    const starts = await load({
      url: `${app.base}/api/quizzes/${quizId}/attempts`,
      connections: 200,
      seconds: 120,
      amount: LEARNERS,
      method: 'POST',
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: 'POST', headers: headers(n++ % LEARNERS) }) }],
    } as never);
    const startSeconds = (Date.now() - t0) / 1000;
    const attempts = Number((await db.query(`SELECT count(*) FROM quiz_attempts WHERE quiz_id = $1`, [quizId])).rows[0].count);
    if (attempts === 0) throw new Error(`no attempt started: ${fmt(starts)}`);

    // 2. Sustained autosaves: 100 learners answering, each save a new seq for one of their questions.
    const rows = (
      await db.query<{ attempt_id: string; person_id: string; question_id: string; type: string }>(
        `SELECT a.id AS attempt_id, a.person_id, q.question_id, v.type
           FROM quiz_attempts a JOIN attempt_questions q ON q.attempt_id = a.id JOIN question_versions v ON v.id = q.version_id
          WHERE a.quiz_id = $1 AND v.type IN ('short','essay','numeric','truefalse') ORDER BY a.id LIMIT 2000`,
        [quizId],
      )
    ).rows;
    const byPerson = new Map(people.map((p, i) => [p, i]));
    const targets = rows.map((r) => ({ attempt: Number(r.attempt_id), session: byPerson.get(Number(r.person_id))!, question: Number(r.question_id), type: r.type }));
    let k = 0;
    let seq = 0;
    const saveRequest = () => {
      const t = targets[k++ % targets.length]!;
      seq++;
      const response = t.type === 'numeric' ? seq : t.type === 'truefalse' ? seq % 2 === 0 : `jawaban ${seq}`;
      return { method: 'PUT', path: `/api/attempts/${t.attempt}/answers/${t.question}`, headers: headers(t.session, true), body: JSON.stringify({ response, seq }) };
    };
    const before = Number((await db.query(`SELECT coalesce(sum(seq), 0) AS s, count(*) FROM attempt_answers`)).rows[0].count);
    const saves = await load({
      url: app.base,
      connections: 100,
      seconds: SECONDS,
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...saveRequest() }) }],
    } as never);
    const stored = Number((await db.query(`SELECT count(*) FROM attempt_answers`)).rows[0].count);
    await db.end();

    say(`\n${machine()}; PostgreSQL fsync=${fsync}, synchronous_commit=${sync}; ${LEARNERS} learners\n`);
    say('| measure | figure |');
    say('|---|---|');
    say(`| plain Fastify GET /api/health, 100 connections (ceiling) | ${fmt(ceiling)} |`);
    say(`| PostgreSQL alone: pgbench single-row upserts | ${pgbench} |`);
    say(`| ${LEARNERS} starts of the same test (200 connections) | all in ${startSeconds.toFixed(1)} s: ${fmt(starts)}; ${attempts} attempts in the database |`);
    say(`| autosaves, 100 connections, ${SECONDS} s | ${fmt(saves)}; answers stored: ${before} → ${stored} rows |`);
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
