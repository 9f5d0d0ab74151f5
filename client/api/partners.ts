import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/partners/schemas.ts';

export type PartnerKind = Static<typeof S.PartnerKind>;
export const partnerKinds: readonly PartnerKind[] = ['university', 'professional', 'company', 'government'];
export type AgreementKind = Static<typeof S.AgreementKind>;
export const agreementKinds: readonly AgreementKind[] = ['mou', 'pks', 'other'];
export type Agreement = Static<typeof S.Agreement>;
export type AgreementStatus = Agreement['status'];
export type PartnerMember = Static<typeof S.Member>;
export type Partner = Static<typeof S.Partner>;
export type NewPartner = Static<typeof S.PartnerCreate>;
export type PartnerPatch = Static<typeof S.PartnerPatch>;
export type NewAgreement = Static<typeof S.AgreementCreate>;
export type NewMember = Static<typeof S.MemberAdded>;
export type PartnerOption = Static<typeof S.PartnerOption>;
export type PartnerHome = Static<typeof S.PartnerHome>;
export type PartnerCourse = PartnerHome['content']['courses'][number];
export type PartnerWebinar = PartnerHome['content']['webinars'][number];
export type PartnerPlacement = PartnerHome['content']['placements'][number];

export interface WebinarForReview {
  id: number;
  title: string;
  startsAt: string;
  partner: { id: number; name: string } | null;
  host: { id: number; name: string };
}


const base = '/api/partners';

export const listPartners = (signal?: AbortSignal) => request<{ items: Partner[] }>('GET', base, { signal }).then((r) => r.items);
export const createPartner = (partner: NewPartner) => request<Partner>('POST', base, { json: partner });
export const getPartner = (id: number, signal?: AbortSignal) => request<Partner>('GET', `${base}/${id}`, { signal });
export const updatePartner = (id: number, patch: PartnerPatch) => request<Partner>('PATCH', `${base}/${id}`, { json: patch });
export const addAgreement = (id: number, agreement: NewAgreement) => request<Agreement>('POST', `${base}/${id}/agreements`, { json: agreement });
export const deleteAgreement = (id: number, agreementId: number) => request<void>('DELETE', `${base}/${id}/agreements/${agreementId}`);
export const addMember = (id: number, member: { name: string; email: string }) => request<NewMember>('POST', `${base}/${id}/members`, { json: member });
export const removeMember = (id: number, personId: number) => request<void>('DELETE', `${base}/${id}/members/${personId}`);
export const partnerOptions = (signal?: AbortSignal) => request<{ items: PartnerOption[] }>('GET', `${base}/options`, { signal }).then((r) => r.items);

/** The signed-in partner user's institution and its activities. */
export const getMyPartner = (signal?: AbortSignal) => request<PartnerHome>('GET', '/api/partner/me', { signal });

// Partner webinars wait for a city admin's approval before learners see them.
export const listWebinarsForReview = (signal?: AbortSignal) => request<{ items: WebinarForReview[] }>('GET', '/api/webinars/review', { signal }).then((r) => r.items);
export const approveWebinar = (id: number) => request<unknown>('POST', `/api/webinars/${id}/approve`);
export const returnWebinar = (id: number, note: string) => request<unknown>('POST', `/api/webinars/${id}/return`, { json: { note } });
