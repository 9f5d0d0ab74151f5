import { request } from './http.ts';

// The API's types come from the server's own schemas (type-only imports: nothing of the
// server reaches the bundle), so a change on one side is a compile error on the other.
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/org/schemas.ts';

export type Role = Static<typeof S.RoleSchema>;
export const roles: readonly Role[] = ['learner', 'trainer', 'supervisor', 'admin', 'partner'];
export type Tier = Static<typeof S.TierSchema>;
export const tiers: readonly Tier[] = ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional'];
export type UnitKind = Static<typeof S.UnitKindSchema>;
export const unitKinds: readonly UnitKind[] = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'kecamatan', 'kelurahan', 'sekolah', 'lainnya'];

export type UnitRef = Static<typeof S.UnitRef>;
export type PositionRef = Static<typeof S.PositionRef>;
export type PersonRef = Static<typeof S.PersonRef>;
export type Unit = Static<typeof S.Unit>;
export type NewUnit = Static<typeof S.UnitCreate>;
export type UnitChanges = Static<typeof S.UnitPatch>;
export type Position = Static<typeof S.Position>;
export type NewPosition = Static<typeof S.PositionCreate>;
export type PositionChanges = Static<typeof S.PositionPatch>;
export type Person = Static<typeof S.Person>;
export type PersonChanges = Static<typeof S.PersonPatch>;
export type PeopleQuery = Partial<Omit<Static<typeof S.PeopleQuery>, 'unitId'>> & { unitId?: number | null };
export type PeoplePage = Static<typeof S.PeoplePage>;
export type ImportAction = Static<typeof S.ImportAction>;
export const importActions: readonly ImportAction[] = ['create', 'update', 'unchanged', 'reject'];
export type ImportLine = Static<typeof S.ImportLine>;
export type ImportReport = Static<typeof S.ImportReport>;

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
    query: { q: query.q?.trim(), unitId: query.unitId, team: query.team || undefined, limit: query.limit ?? 50, offset: query.offset ?? 0 },
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
