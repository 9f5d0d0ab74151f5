/**
 * Catalogue and course-page throughput, against plain GET /api/health as the ceiling.
 * Starts the app as `npm start` does (embedded PostgreSQL, demo data, the shipped courses) on a
 * throwaway data folder, signs in as a learner, and runs autocannon with 100 connections.
 *
 *   npm run bench            (about a minute; prints a table; nothing is asserted)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 100;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-bench-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', EMBEDDED_PG_PORT: String(pgPort), SINAU_DEMO: '1', LOG_LEVEL: 'warn', NODE_ENV: 'production', // No video conversion competing for the two cores while measuring.
      FFMPEG_PATH: 'sinau-bench-no-ffmpeg', FFPROBE_PATH: 'sinau-bench-no-ffprobe' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {}
      if (i > 240) throw new Error('the app did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'asn', password: 'sinau-demo' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const catalogue = await (await fetch(`${base}/api/courses`, { headers: { cookie } })).json();
    const slug = catalogue.items[0].slug as string;
    // A learner who is enrolled sees their progress on cards and pages: measure that case.
    const me = await (await fetch(`${base}/api/me`, { headers: { cookie } })).json();
    await fetch(`${base}/api/courses/${slug}/enrollments`, { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrfToken } });

    const run = (title: string, url: string, signedIn = true) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        autocannon({ url: `${base}${url}`, connections: CONNECTIONS, duration: SECONDS, headers: signedIn ? { cookie } : {}, title }, (err, res) => (err ? reject(err) : resolve(res)));
      });
    await run('warm-up', '/api/courses'); // JIT and PostgreSQL caches
    const results: [string, autocannon.Result][] = [];
    results.push(['GET /api/health, plain (ceiling)', await run('health', '/api/health', false)]);
    for (const [name, url] of [
      ['GET /api/health, signed in', '/api/health'],
      ['GET /api/courses (catalogue)', '/api/courses'],
      ['GET /api/courses?q=pelayanan (search)', '/api/courses?q=pelayanan'],
      [`GET /api/courses/${slug} (course page)`, `/api/courses/${slug}`],
    ] as const) {
      results.push([name, await run(name, url)]);
    }
    const ceiling = results[0]![1].requests.average;
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), Node ${process.version}\n`);
    console.log('| route | req/s | % of ceiling | p50 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, r] of results) {
      const errors = r.errors + r.non2xx;
      console.log(`| ${name} | ${r.requests.average.toFixed(0)} | ${((100 * r.requests.average) / ceiling).toFixed(0)} % | ${r.latency.p50} | ${r.latency.p99} | ${errors} |`);
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
