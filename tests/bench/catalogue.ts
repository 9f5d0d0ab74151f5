/**
 * Catalogue and course-page reads at 100 connections, against a plain Fastify GET /api/health on
 * the same machine as the ceiling (issue 3). Starts the app as `npm start` does (embedded
 * PostgreSQL, demo data, the shipped courses) on a throwaway data folder, adds 100 learners
 * (one per connection, each enrolled in the course measured) and runs autocannon.
 *
 *   npm run bench            (about three minutes; prints a table; nothing is asserted)
 *   BENCH_SECONDS=20         seconds per route (default 10)
 *
 * With the per-reader cache on (the default), a learner reading the same page again within
 * READER_CACHE_SECONDS gets the reply kept for them. Then the same reads again with it off
 * (READER_CACHE_SECONDS=0): every request asks the database for the reader's part and renders
 * the page, as the first visit of a page does.
 */
import { load, machine, signIn, startApp, startPlainFastify, table, type Result, type RunningApp } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 100;

/** 100 learners like the demo learner `asn` (same office, position and password), each enrolled in `slug`. */
async function learners(app: RunningApp, slug: string) {
  const db = await app.database();
  try {
    await db.query(
      `WITH src AS (SELECT unit_id, position_id, supervisor_id, password_hash FROM people WHERE username = 'asn'),
            made AS (INSERT INTO people (username, name, unit_id, position_id, supervisor_id, password_hash)
                     SELECT 'bench.' || n, 'Peserta Uji ' || n, unit_id, position_id, supervisor_id, password_hash FROM src, generate_series(1, $1) n
                     ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO person_roles (person_id, role) SELECT id, 'learner' FROM made`,
      [CONNECTIONS],
    );
  } finally {
    await db.end();
  }
  const sessions = [];
  for (let n = 1; n <= CONNECTIONS; n++) {
    const s = await signIn(app.base, `bench.${n}`);
    // A learner who is enrolled sees their progress on cards and pages: measure that case.
    const res = await fetch(`${app.base}/api/courses/${slug}/enrollments`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    if (!res.ok) throw new Error(`enrol: ${res.status}`);
    sessions.push(s);
  }
  return sessions;
}

type Row = { name: string; result: Result; ceiling: Result };

async function measure(app: RunningApp, ceiling: () => Promise<Result>, label: string): Promise<Row[]> {
  const first = await signIn(app.base, 'asn');
  const catalogue = await (await fetch(`${app.base}/api/courses`, { headers: { cookie: first.cookie } })).json();
  const slug = catalogue.items[0].slug as string;
  const sessions = await learners(app, slug);
  const run = (url: string, signedIn = true) =>
    load({ url: `${app.base}${url}`, connections: CONNECTIONS, seconds: SECONDS, ...(signedIn && { headersFor: (i: number) => ({ cookie: sessions[i % sessions.length]!.cookie }) }) });
  await run('/api/courses'); // warm-up: JIT and PostgreSQL caches
  const rows: Row[] = [];
  for (const [name, url, signedIn] of [
    ['GET /api/health (database ping, not signed in)', '/api/health', false],
    ['GET /api/courses (catalogue)', '/api/courses', true],
    ['GET /api/courses?q=pelayanan (search)', '/api/courses?q=pelayanan', true],
    [`GET /api/courses/${slug} (course page)`, `/api/courses/${slug}`, true],
  ] as const) {
    const c = await ceiling();
    rows.push({ name: `${name}${label}`, result: await run(url, signedIn), ceiling: c });
  }
  return rows;
}

async function main() {
  // The ceiling runs beside the app and is measured again just before each route.
  const plain = await startPlainFastify();
  const ceiling = () => load({ url: plain.url, connections: CONNECTIONS, seconds: SECONDS });
  const rows: Row[] = [];
  try {
    await load({ url: plain.url, connections: CONNECTIONS, seconds: 3 });
    for (const [env, label] of [
      [{}, ''],
      [{ READER_CACHE_SECONDS: '0' }, ', reader cache off'],
    ] as const) {
      const app = await startApp(env);
      try {
        rows.push(...(await measure(app, ceiling, label)));
      } finally {
        await app.stop();
      }
    }
  } finally {
    await plain.stop();
  }
  console.log(`\n${CONNECTIONS} connections (one learner each), ${SECONDS} s per run, ${machine()}\n`);
  console.log(table(rows));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
