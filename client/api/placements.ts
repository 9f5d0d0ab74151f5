import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/placements/schemas.ts';

export type PlacementKind = Static<typeof S.PlacementKind>;
export const placementKinds: readonly PlacementKind[] = ['internship', 'research'];
export type PlacementStatus = Static<typeof S.PlacementStatus>;
export const placementStatuses: readonly PlacementStatus[] = ['draft', 'open', 'closed', 'cancelled'];
export type ApplicationStatus = Static<typeof S.ApplicationStatus>;
export type Placement = Static<typeof S.Placement>;
export type PlacementCompetency = Placement['competencies'][number];
export type PlacementInput = Static<typeof S.PlacementCreate>;
export type PlacementPatch = Static<typeof S.PlacementPatch>;
export type Application = Static<typeof S.Application>;
export type Decision = NonNullable<Application['supervisorDecision']>;

export interface PlacementFilter {
  status?: PlacementStatus | '';
  kind?: PlacementKind | '';
  q?: string;
}

const base = '/api/placements';
const items = <T>(r: { items: T[] }) => r.items;

export const listPlacements = (filter: PlacementFilter = {}, signal?: AbortSignal) =>
  request<{ items: Placement[] }>('GET', base, { query: { status: filter.status, kind: filter.kind, q: filter.q }, signal }).then(items);
export const getPlacement = (id: number, signal?: AbortSignal) => request<Placement>('GET', `${base}/${id}`, { signal });
export const createPlacement = (input: PlacementInput) => request<Placement>('POST', base, { json: input });
export const updatePlacement = (id: number, patch: PlacementPatch) => request<Placement>('PATCH', `${base}/${id}`, { json: patch });

export const applyForPlacement = (id: number, motivation: string) => request<Application>('POST', `${base}/${id}/applications`, { json: { motivation } });
export const listMyApplications = (signal?: AbortSignal) => request<{ items: Application[] }>('GET', '/api/me/placement-applications', { signal }).then(items);
export const withdrawApplication = (id: number) => request<Application>('POST', `/api/placement-applications/${id}/withdraw`);

export const listPlacementApprovals = (signal?: AbortSignal) => request<{ items: Application[] }>('GET', '/api/placement-approvals', { signal }).then(items);
export const decideAsSupervisor = (id: number, approve: boolean, note?: string) =>
  request<Application>('POST', `/api/placement-applications/${id}/supervisor-decision`, { json: note ? { approve, note } : { approve } });

export const listPlacementApplications = (id: number, signal?: AbortSignal) => request<{ items: Application[] }>('GET', `${base}/${id}/applications`, { signal }).then(items);
export const decideAsHost = (id: number, accept: boolean, note?: string) =>
  request<Application>('POST', `/api/placement-applications/${id}/host-decision`, { json: note ? { accept, note } : { accept } });
export const reportPlacement = (id: number, report: { completed: boolean; summary: string; score?: number }) =>
  request<Application>('POST', `/api/placement-applications/${id}/report`, { json: report });
