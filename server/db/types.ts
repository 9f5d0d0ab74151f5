import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The schema as the migrations leave it; one interface for the whole database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string, string>;
/** bigint identity columns come back from pg as strings unless parsed; the db plugin parses int8 as number. */
type Id = Generated<number>;

export type UnitKind = 'sekretariat' | 'dinas' | 'badan' | 'inspektorat' | 'kecamatan' | 'kelurahan' | 'sekolah' | 'lainnya';
export const UNIT_KINDS: readonly UnitKind[] = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'kecamatan', 'kelurahan', 'sekolah', 'lainnya'];
export type Tier = 'JPT' | 'Administrator' | 'Pengawas' | 'Pelaksana' | 'Fungsional';
export const TIERS: readonly Tier[] = ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional'];
export type Role = 'learner' | 'trainer' | 'supervisor' | 'admin' | 'partner';
export const ROLES: readonly Role[] = ['learner', 'trainer', 'supervisor', 'admin', 'partner'];
export type Locale = 'id' | 'en';

export interface UnitsTable {
  id: Id;
  code: string;
  name: string;
  kind: UnitKind;
  parent_id: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionsTable {
  id: Id;
  unit_id: number;
  name: string;
  tier: Tier;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeopleTable {
  id: Id;
  nip: string | null;
  username: string | null;
  email: string | null;
  name: string;
  unit_id: number | null;
  position_id: number | null;
  supervisor_id: number | null;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  locale: Generated<Locale>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonRolesTable {
  id: Id;
  person_id: number;
  role: Role;
  scope_unit_id: number | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  person_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Id;
  account: string;
  ip: string;
  at: Timestamp;
}

export interface AuditEventsTable {
  id: Id;
  actor_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  at: Timestamp;
}

export interface SeededContentTable {
  kind: string;
  key: string;
  at: Timestamp;
}

export interface DB {
  units: UnitsTable;
  positions: PositionsTable;
  people: PeopleTable;
  person_roles: PersonRolesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  seeded_content: SeededContentTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type PositionRow = Selectable<PositionsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
