import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/webinars/schemas.ts';

export type Webinar = Static<typeof S.Webinar>;
export type WebinarStatus = Static<typeof S.WebinarStatus>;
export type WebinarCreate = Static<typeof S.WebinarCreate>;
export type WebinarPatch = Static<typeof S.WebinarPatch>;
export type WebinarCompetency = Static<typeof S.WebinarCompetency>;
export type Registration = Static<typeof S.Registration>;
export type RegistrationStatus = Static<typeof S.RegistrationStatus>;
export type Assignment = Static<typeof S.Assignment>;
export type AssignmentTarget = Static<typeof S.AssignmentInput>;
export type WebinarView = 'upcoming' | 'mine';

const base = (id: number) => `/api/webinars/${id}`;

export async function listWebinars(view: WebinarView, signal?: AbortSignal, limit = 50): Promise<Webinar[]> {
  return (await request<Static<typeof S.WebinarList>>('GET', '/api/webinars', { query: { view, limit }, signal })).items;
}

export function getWebinar(id: number, signal?: AbortSignal): Promise<Webinar> {
  return request<Webinar>('GET', base(id), { signal });
}

/** Schedules a webinar (trainers and admins); the one who schedules it becomes its host. */
export function createWebinar(body: WebinarCreate): Promise<Webinar> {
  return request<Webinar>('POST', '/api/webinars', { json: body });
}

export function updateWebinar(id: number, patch: WebinarPatch): Promise<Webinar> {
  return request<Webinar>('PATCH', base(id), { json: patch });
}

export function cancelWebinar(id: number, reason: string): Promise<Webinar> {
  return request<Webinar>('POST', `${base(id)}/cancel`, { json: reason.trim() ? { reason: reason.trim() } : {} });
}

/** The .ics file, opened by the browser (a plain link: it carries the session cookie). */
export function calendarUrl(id: number): string {
  return `${base(id)}/calendar.ics`;
}

// ---- Registration ------------------------------------------------------------------------------

/** Registers me: a seat, the waiting list, or pending approval; the registration I have when I already did. */
export function register(id: number): Promise<Registration> {
  return request<Registration>('POST', `${base(id)}/registrations`);
}

export function unregister(id: number): Promise<Registration> {
  return request<Registration>('DELETE', `${base(id)}/registrations/me`);
}

/** Everyone's registrations (hosts). */
export async function listRegistrations(id: number, signal?: AbortSignal): Promise<Registration[]> {
  return (await request<{ items: Registration[] }>('GET', `${base(id)}/registrations`, { signal })).items;
}

export function decideRegistration(id: number, registrationId: number, decision: 'approve' | 'decline'): Promise<Registration> {
  return request<Registration>('POST', `${base(id)}/registrations/${registrationId}/${decision}`);
}

// ---- Assignments (admins) ----------------------------------------------------------------------

export async function listAssignments(id: number, signal?: AbortSignal): Promise<Assignment[]> {
  return (await request<{ items: Assignment[] }>('GET', `${base(id)}/assignments`, { signal })).items;
}

export function addAssignment(id: number, target: AssignmentTarget): Promise<Assignment> {
  return request<Assignment>('POST', `${base(id)}/assignments`, { json: target });
}

export function removeAssignment(id: number, assignmentId: number): Promise<void> {
  return request<void>('DELETE', `${base(id)}/assignments/${assignmentId}`);
}

// ---- The room ----------------------------------------------------------------------------------

/** Opens the live room (hosts): the webinar goes live. */
export function openRoom(id: number): Promise<Webinar> {
  return request<Webinar>('POST', `${base(id)}/open`);
}

export function endWebinar(id: number): Promise<Webinar> {
  return request<Webinar>('POST', `${base(id)}/end`);
}
