import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';

// int8 (bigint ids, counts) as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// int8[] likewise (lists of ids).
const parseInt8Array = pg.types.getTypeParser(1016 as never) as (v: string) => (string | null)[];
pg.types.setTypeParser(1016 as never, (v: string) => parseInt8Array(v).map((x) => (x === null ? null : Number(x))));
// numeric as number too (scores, JP values).
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// date (a calendar day, no time zone) as its text, YYYY-MM-DD, not a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const pools = new WeakMap<Kysely<DB>, pg.Pool>();

export function createDb(connectionString: string, max = 10): Kysely<DB> {
  // A database that does not answer within 5 s fails the request (503) rather than hanging it.
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/**
 * Runs a named prepared statement: PostgreSQL plans it once per connection. For the few hot
 * reads where planning a query costs more than running it (the catalogue's personal part).
 * Falls back to Kysely's ordinary path for a database not made by createDb.
 */
export async function preparedQuery<R>(db: Kysely<DB>, name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return (await db.executeQuery<R>({ sql: text, parameters: values, query: { kind: 'RawNode' } as never, queryId: { queryId: name } } as never)).rows;
  return (await pool.query<R & pg.QueryResultRow>({ name, text, values })).rows;
}

/** A connection of its own to the database `db` uses (for LISTEN, which holds its connection); null for a database not made by createDb. */
export function dedicatedClient(db: Kysely<DB>): pg.Client | null {
  const pool = pools.get(db);
  if (!pool) return null;
  const client = new pg.Client(pool.options);
  client.on('error', () => {});
  return client;
}
