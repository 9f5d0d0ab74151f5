/** What the benchmarks share: starting the app and the plain-Fastify ceiling, running autocannon, printing a table. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function waitFor(url: string, what: string) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (i > 240) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });

export interface RunningApp {
  base: string;
  /** The app's Node process (for reading its CPU and memory from /proc). */
  pid: number;
  dataDir: string;
  pgPort: number;
  /** The embedded database's password (for pgbench). */
  pgPassword(): Promise<string>;
  /** A direct connection to the app's embedded database (for setting up data). */
  database(): Promise<pg.Client>;
  stop(): Promise<void>;
}

/** The app as `npm start` runs it (embedded PostgreSQL, demo data) on a throwaway data folder. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sinau-bench-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      SINAU_DEMO: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // No video conversion competing for the two cores while measuring.
      FFMPEG_PATH: 'sinau-bench-no-ffmpeg',
      FFPROBE_PATH: 'sinau-bench-no-ffprobe',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/api/health`, 'the app');
  } catch (err) {
    await stop(child);
    throw err;
  }
  return {
    base,
    pid: child.pid!,
    dataDir,
    pgPort,
    pgPassword: async () => (await readFile(path.join(dataDir, 'pg.secret'), 'utf8')).trim(),
    async database() {
      const password = (await readFile(path.join(dataDir, 'pg.secret'), 'utf8')).trim();
      const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/sinau` });
      await client.connect();
      return client;
    },
    async stop() {
      await stop(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ceiling: a bare Fastify process answering GET /api/health. */
export async function startPlainFastify(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/plain-fastify.ts', String(port)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}/api/health`;
  await waitFor(url, 'plain Fastify');
  return { url, stop: () => stop(child) };
}

/** A signed-in session's cookie and CSRF token. */
export async function signIn(base: string, username: string, password = 'sinau-demo') {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`sign-in as ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await (await fetch(`${base}/api/me`, { headers: { cookie } })).json();
  return { cookie, csrf: me.csrfToken as string, id: me.id as number };
}

export type Result = autocannon.Result;

/** autocannon with `connections` connections for `seconds`; each connection may carry its own headers. */
export function load(opts: { url: string; connections: number; seconds: number; headersFor?: (connection: number) => Record<string, string> } & Partial<autocannon.Options>): Promise<Result> {
  const { url, connections, seconds, headersFor, ...rest } = opts;
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        ...(headersFor && {
          setupClient: (client: { setHeaders(h: Record<string, string>): void }) => client.setHeaders(headersFor(n++)),
        }),
        ...rest,
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? ''}), Node ${process.version}`;
}

/**
 * A Markdown table: req/s, share of the ceiling measured just before (this machine's speed moves
 * with its neighbours' load, so each figure is compared with its own), p50 and p99, errors.
 */
export function table(rows: { name: string; result: Result; ceiling: Result }[]): string {
  const lines = ['| route | req/s | ceiling req/s (p99 ms) | % of ceiling | p50 ms | p99 ms | errors |', '|---|---|---|---|---|---|---|'];
  for (const { name, result: r, ceiling: c } of rows) {
    lines.push(
      `| ${name} | ${r.requests.average.toFixed(0)} | ${c.requests.average.toFixed(0)} (${c.latency.p99}) | ${((100 * r.requests.average) / c.requests.average).toFixed(0)} % | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.non2xx} |`,
    );
  }
  return lines.join('\n');
}
