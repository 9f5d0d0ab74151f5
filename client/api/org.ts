import { request } from './http.ts';

// Types follow the foundation API contract (units, positions, people, import).

export type Role = 'learner' | 'trainer' | 'supervisor' | 'admin' | 'partner';
export const roles: readonly Role[] = ['learner', 'trainer', 'supervisor', 'admin', 'partner'];

export type Tier = 'JPT' | 'Administrator' | 'Pengawas' | 'Pelaksana' | 'Fungsional';
export const tiers: readonly Tier[] = ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional'];

export type UnitKind = 'sekretariat' | 'dinas' | 'badan' | 'inspektorat' | 'kecamatan' | 'kelurahan' | 'sekolah' | 'lainnya';
export const unitKinds: readonly UnitKind[] = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'kecamatan', 'kelurahan', 'sekolah', 'lainnya'];

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

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  active: boolean;
  peopleCount: number;
}

export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: number | null;
}

export interface UnitChanges {
  name?: string;
  kind?: UnitKind;
  parentId?: number | null;
  active?: boolean;
}

export interface Position {
  id: number;
  name: string;
  tier: Tier;
  unit: UnitRef;
  peopleCount: number;
}

export interface NewPosition {
  name: string;
  tier: Tier;
  unitId: number;
}

export interface PositionChanges {
  name?: string;
  tier?: Tier;
}

export interface Person {
  id: number;
  nip: string | null;
  username: string | null;
  name: string;
  email: string | null;
  unit: UnitRef | null;
  position: PositionRef | null;
  supervisor: PersonRef | null;
  roles: Role[];
  active: boolean;
}

export interface PersonChanges {
  name?: string;
  email?: string | null;
  unitId?: number | null;
  positionId?: number | null;
  supervisorId?: number | null;
  roles?: Role[];
  active?: boolean;
}

export interface PeopleQuery {
  q?: string;
  unitId?: number | null;
  limit?: number;
  offset?: number;
}

export interface PeoplePage {
  items: Person[];
  total: number;
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'reject';
export const importActions: readonly ImportAction[] = ['create', 'update', 'unchanged', 'reject'];

export interface ImportLine {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  nip: string;
  name: string;
  action: ImportAction;
  /** Field names that would change (updates). */
  changes?: string[];
  /** Why a line is rejected, in the request's language. */
  reason?: string;
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  summary: { total: number; create: number; update: number; unchanged: number; reject: number };
  lines: ImportLine[];
}

/** Column headers of the people CSV, in the order of the downloadable template. */
export const importColumns = ['nip', 'nama', 'email', 'kode_unit', 'jabatan', 'nip_atasan', 'jenjang'] as const;

export function listUnits(signal?: AbortSignal): Promise<Unit[]> {
  return request<Unit[]>('GET', '/api/units', { signal });
}

export function createUnit(unit: NewUnit): Promise<Unit> {
  return request<Unit>('POST', '/api/units', { json: unit });
}

export function updateUnit(id: number, changes: UnitChanges): Promise<Unit> {
  return request<Unit>('PATCH', `/api/units/${id}`, { json: changes });
}

export function listPositions(unitId?: number | null, signal?: AbortSignal): Promise<Position[]> {
  return request<Position[]>('GET', '/api/positions', { query: { unitId }, signal });
}

export function createPosition(position: NewPosition): Promise<Position> {
  return request<Position>('POST', '/api/positions', { json: position });
}

export function updatePosition(id: number, changes: PositionChanges): Promise<Position> {
  return request<Position>('PATCH', `/api/positions/${id}`, { json: changes });
}

export function listPeople(query: PeopleQuery = {}, signal?: AbortSignal): Promise<PeoplePage> {
  return request<PeoplePage>('GET', '/api/people', {
    query: { q: query.q?.trim(), unitId: query.unitId, limit: query.limit ?? 50, offset: query.offset ?? 0 },
    signal,
  });
}

export function getPerson(id: number, signal?: AbortSignal): Promise<Person> {
  return request<Person>('GET', `/api/people/${id}`, { signal });
}

export function updatePerson(id: number, changes: PersonChanges): Promise<Person> {
  return request<Person>('PATCH', `/api/people/${id}`, { json: changes });
}

/** Sets a temporary password; the person must change it at the next sign-in. */
export function setTemporaryPassword(id: number, password: string): Promise<void> {
  return request<void>('POST', `/api/people/${id}/password`, { json: { password } });
}

/**
 * Sends the CSV text. With dryRun nothing changes; without skipInvalid a file with rejected
 * lines is refused as a whole (ApiError import_has_errors, details = the report).
 */
export function importPeople(csv: string, options: { dryRun: boolean; skipInvalid: boolean }): Promise<ImportReport> {
  return request<ImportReport>('POST', '/api/people/import', {
    query: { dryRun: options.dryRun, skipInvalid: options.skipInvalid },
    body: { content: csv, type: 'text/csv; charset=utf-8' },
  });
}
