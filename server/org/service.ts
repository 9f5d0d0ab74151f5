import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, Locale, Role, Tier } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}
export interface PositionRef {
  id: number;
  name: string;
  tier: Tier;
}
export interface PersonRef {
  id: number;
  name: string;
  nip: string | null;
}
export interface PersonView {
  id: number;
  nip: string | null;
  username: string | null;
  email: string | null;
  name: string;
  unit: UnitRef | null;
  position: PositionRef | null;
  supervisor: PersonRef | null;
  roles: Role[];
  active: boolean;
}
export interface PersonDetail extends PersonView {
  locale: Locale;
  mustChangePassword: boolean;
  adminScope: UnitRef[] | null;
}

/** The offices given and all below them (kelurahan under kecamatan, schools under the Education Office). */
export async function expandUnits(db: Db, roots: number[]): Promise<number[]> {
  if (roots.length === 0) return [];
  const rows = await sql<{ id: number }>`
    WITH RECURSIVE tree(id) AS (
      SELECT id FROM units WHERE id = ANY(${roots}::bigint[])
      UNION
      SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id
    ) SELECT id FROM tree`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Units an admin may manage: null = the whole city; [] = none (not an admin). */
export async function adminUnitIds(db: Db, user: AuthUser): Promise<number[] | null> {
  if (!user.roles.includes('admin')) return [];
  if (user.adminScope === null) return null;
  return expandUnits(db, user.adminScope);
}

/** Everyone below a supervisor in the reporting line, direct and indirect. */
export async function teamIds(db: Db, supervisorId: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    WITH RECURSIVE team(id) AS (
      SELECT id FROM people WHERE supervisor_id = ${supervisorId}
      UNION
      SELECT p.id FROM people p JOIN team t ON p.supervisor_id = t.id
    ) SELECT id FROM team`.execute(db);
  return rows.rows.map((r) => r.id);
}

export function personQuery(db: Db) {
  return db
    .selectFrom('people as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('positions as pos', 'pos.id', 'p.position_id')
    .leftJoin('people as sup', 'sup.id', 'p.supervisor_id')
    .select([
      'p.id',
      'p.nip',
      'p.username',
      'p.email',
      'p.name',
      'p.active',
      'p.locale',
      'p.must_change_password',
      'u.id as unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'pos.id as position_id',
      'pos.name as position_name',
      'pos.tier as position_tier',
      'sup.id as supervisor_id',
      'sup.name as supervisor_name',
      'sup.nip as supervisor_nip',
      sql<Role[]>`coalesce((SELECT array_agg(DISTINCT r.role ORDER BY r.role) FROM person_roles r WHERE r.person_id = p.id), '{}')`.as('roles'),
    ]);
}

type PersonQueryRow = Awaited<ReturnType<ReturnType<typeof personQuery>['executeTakeFirstOrThrow']>>;

export function toPersonView(r: PersonQueryRow): PersonView {
  return {
    id: r.id,
    nip: r.nip,
    username: r.username,
    email: r.email,
    name: r.name,
    unit: r.unit_id !== null ? { id: r.unit_id, code: r.unit_code!, name: r.unit_name! } : null,
    position: r.position_id !== null ? { id: r.position_id, name: r.position_name!, tier: r.position_tier! } : null,
    supervisor: r.supervisor_id !== null ? { id: r.supervisor_id, name: r.supervisor_name!, nip: r.supervisor_nip } : null,
    roles: r.roles,
    active: r.active,
  };
}

export async function getPersonDetail(db: Db, id: number): Promise<PersonDetail | null> {
  const row = await personQuery(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const scopeRows = await db
    .selectFrom('person_roles as r')
    .leftJoin('units as u', 'u.id', 'r.scope_unit_id')
    .select(['r.scope_unit_id', 'u.code', 'u.name'])
    .where('r.person_id', '=', id)
    .where('r.role', '=', 'admin')
    .execute();
  const cityWide = scopeRows.length === 0 || scopeRows.some((s) => s.scope_unit_id === null);
  return {
    ...toPersonView(row),
    locale: row.locale,
    mustChangePassword: row.must_change_password,
    adminScope: cityWide ? null : scopeRows.map((s) => ({ id: s.scope_unit_id!, code: s.code!, name: s.name! })),
  };
}

export async function audit(db: Db, actorId: number | null, action: string, subject: string | null, details: unknown = {}) {
  await db.insertInto('audit_events').values({ actor_id: actorId, action, subject, details: JSON.stringify(details) }).execute();
}
