import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../plugins/config.ts';
import { createDb } from './connect.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import type { DB } from './types.ts';

export interface OpenDatabase {
  db: Kysely<DB>;
  embedded: boolean;
  applied: string[];
  close(): Promise<void>;
}

/** The configured PostgreSQL (or the embedded one under DATA_DIR), migrated. */
export async function openDatabase(config: Config, say: (line: string) => void = () => {}): Promise<OpenDatabase> {
  let url = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  if (!url) {
    await mkdir(config.dataDir, { recursive: true });
    say(`starting embedded PostgreSQL (data in ${path.join(config.dataDir, 'pg')}) …`);
    const embedded = await startEmbeddedPostgres({ dir: config.dataDir, port: config.EMBEDDED_PG_PORT });
    await embedded.ensureDatabase('sinau');
    url = embedded.url('sinau');
    stopEmbedded = () => embedded.stop();
  }
  const db = createDb(url, config.DATABASE_POOL_SIZE);
  try {
    const applied = await migrate(db);
    return {
      db,
      embedded: !config.DATABASE_URL,
      applied,
      async close() {
        await db.destroy();
        await stopEmbedded();
      },
    };
  } catch (err) {
    await db.destroy();
    await stopEmbedded();
    throw err;
  }
}
