import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

export interface ThrottleLimits {
  windowMinutes: number;
  maxPerAccount: number;
  maxPerIp: number;
}

/**
 * Seconds until another sign-in may be tried, or 0. Counts failures in the sliding window,
 * per account and per IP address, so both a guessed password and a sprayed one are slowed.
 */
export async function retryAfterSeconds(db: Kysely<DB>, account: string, ip: string, limits: ThrottleLimits): Promise<number> {
  const window = sql<Date>`now() - make_interval(mins => ${limits.windowMinutes})`;
  const check = async (column: 'account' | 'ip', value: string, max: number) => {
    const row = await db
      .selectFrom('login_failures')
      .select([
        sql<number>`count(*)::int`.as('n'),
        // When the max-th most recent failure leaves the window, one more try is allowed.
        sql<number>`ceil(extract(epoch FROM (
          (SELECT at FROM login_failures f WHERE f.${sql.ref(column)} = ${value} AND f.at > ${window} ORDER BY at DESC OFFSET ${max - 1} LIMIT 1)
          + make_interval(mins => ${limits.windowMinutes}) - now())))::int`.as('wait'),
      ])
      .where(column, '=', value)
      .where('at', '>', window)
      .executeTakeFirstOrThrow();
    return row.n >= max ? Math.max(1, row.wait ?? 1) : 0;
  };
  const [a, b] = await Promise.all([check('account', account, limits.maxPerAccount), check('ip', ip, limits.maxPerIp)]);
  return Math.max(a, b);
}

export async function recordFailure(db: Kysely<DB>, account: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ account, ip }).execute();
  // Keep the table small: failures older than a day tell nothing any more.
  if (Math.random() < 0.01) await db.deleteFrom('login_failures').where('at', '<', sql<Date>`now() - interval '1 day'`).execute();
}

export async function clearFailures(db: Kysely<DB>, account: string): Promise<void> {
  await db.deleteFrom('login_failures').where('account', '=', account).execute();
}
