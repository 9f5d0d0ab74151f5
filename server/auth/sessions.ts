import { hash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { Batcher } from '../db/batch.ts';
import type { DB, Locale, Role } from '../db/types.ts';

export const SESSION_COOKIE = 'sinau_session';

export const hashToken = (token: string) => hash('sha256', token, 'base64url');

/** Who is making the request, as far as authorisation needs to know. */
export interface AuthUser {
  id: number;
  name: string;
  locale: Locale;
  roles: Role[];
  /** For admins: null when city-wide, else the offices they administer (not yet expanded to sub-units). */
  adminScope: number[] | null;
  /** Where the person sits: for "meant for me" recommendations. */
  place: { unitId: number | null; positionId: number | null; tier: string | null };
  mustChangePassword: boolean;
  /** The partner institution the person works for as a partner user (an active membership), if any. */
  partnerId?: number | null;
}

/**
 * A partner user and nothing else: such a person may use only the routes marked partner-allowed,
 * so they never read the city's staff data.
 */
export function partnerOnly(user: Pick<AuthUser, 'roles'>): boolean {
  return user.roles.includes('partner') && !user.roles.some((r) => r !== 'partner');
}

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
  user: AuthUser;
}

export async function createSession(
  db: Kysely<DB> | Transaction<DB>,
  personId: number,
  opts: { maxHours: number; ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      person_id: personId,
      csrf_token: csrfToken,
      expires_at: sql<Date>`now() + make_interval(hours => ${opts.maxHours})`,
      ip: opts.ip,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export async function loadRoles(db: Kysely<DB> | Transaction<DB>, personId: number): Promise<Pick<AuthUser, 'roles' | 'adminScope'>> {
  return rolesOf(await db.selectFrom('person_roles').select(['role', 'scope_unit_id']).where('person_id', '=', personId).execute());
}

function rolesOf(rows: { role: Role; scope_unit_id: number | null }[]): Pick<AuthUser, 'roles' | 'adminScope'> {
  const roles = [...new Set(rows.map((r) => r.role))];
  const adminRows = rows.filter((r) => r.role === 'admin');
  const adminScope = adminRows.length === 0 || adminRows.some((r) => r.scope_unit_id === null) ? null : adminRows.map((r) => r.scope_unit_id as number);
  return { roles, adminScope };
}

type SessionRow = {
  token_hash: string;
  csrf_token: string;
  person_id: number;
  name: string;
  locale: Locale;
  active: boolean;
  must_change_password: boolean;
  unit_id: number | null;
  position_id: number | null;
  tier: string | null;
  valid: boolean;
  stale: boolean;
  roles: { role: Role; scope_unit_id: number | null }[];
  partner_id: number | null;
};

function sessionRows(db: Kysely<DB>, tokenHashes: string[], idleMinutes: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.person_id',
      'p.name',
      'p.locale',
      'p.active',
      'p.must_change_password',
      'p.unit_id',
      'p.position_id',
      sql<string | null>`(SELECT tier FROM positions WHERE id = p.position_id)`.as('tier'),
      sql<boolean>`s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => ${idleMinutes})`.as('valid'),
      sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
      // The roles in the same round trip.
      sql<{ role: Role; scope_unit_id: number | null }[]>`(SELECT coalesce(json_agg(json_build_object('role', r.role, 'scope_unit_id', r.scope_unit_id)), '[]') FROM person_roles r WHERE r.person_id = p.id)`.as('roles'),
      sql<number | null>`(SELECT m.partner_id FROM partner_members m WHERE m.person_id = p.id AND m.active)`.as('partner_id'),
    ])
    .where('s.token_hash', 'in', tokenHashes)
    .execute() as Promise<SessionRow[]>;
}

/** A valid session from its row; an expired or idle one (or one of a deactivated person) is deleted. */
async function toSession(db: Kysely<DB>, row: SessionRow | undefined): Promise<SessionInfo | null> {
  if (!row) return null;
  if (!row.valid || !row.active) {
    await db.deleteFrom('sessions').where('token_hash', '=', row.token_hash).execute();
    return null;
  }
  if (row.stale) {
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', row.token_hash).execute();
  }
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    user: {
      id: row.person_id,
      name: row.name,
      locale: row.locale,
      mustChangePassword: row.must_change_password,
      place: { unitId: row.unit_id, positionId: row.position_id, tier: row.tier as AuthUser['place']['tier'] },
      partnerId: row.partner_id,
      ...rolesOf(row.roles),
    },
  };
}

/**
 * The session behind a cookie token, if it is still valid: not past its absolute expiry, not idle
 * too long, and its person still active. Touches last_seen_at at most once a minute.
 */
export async function findSession(db: Kysely<DB>, token: string, idleMinutes: number): Promise<SessionInfo | null> {
  const [row] = await sessionRows(db, [hashToken(token)], idleMinutes);
  return toSession(db, row);
}

/**
 * Session look-ups arriving together (thousands of people opening a test at the same minute,
 * none of them seen in the last seconds) read in one query; each is then judged on its own.
 */
export class SessionLoader {
  private readonly batcher: Batcher<string, SessionInfo | null>;
  constructor(db: Kysely<DB>, idleMinutes: number) {
    this.batcher = new Batcher(
      async (hashes) => {
        const distinct = [...new Set(hashes)];
        const rows = new Map((await sessionRows(db, distinct, idleMinutes)).map((r) => [r.token_hash, r]));
        const sessions = new Map(await Promise.all(distinct.map(async (h) => [h, await toSession(db, rows.get(h))] as const)));
        return hashes.map((h) => sessions.get(h) ?? null);
      },
      { maxItems: 200 },
    );
  }

  /** The session whose token hashes to `tokenHash` (see hashToken). */
  load(tokenHash: string): Promise<SessionInfo | null> {
    return this.batcher.add(tokenHash);
  }
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a person but, optionally, one (after a password change). */
export async function deletePersonSessions(db: Kysely<DB> | Transaction<DB>, personId: number, keepTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('person_id', '=', personId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  await q.execute();
}
