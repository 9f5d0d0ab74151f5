import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/satisfaction/schemas.ts';

export type SurveyListItem = Static<typeof S.SurveyListItem>;
export type ResponseItem = Static<typeof S.ResponseItem>;
export type SignalItem = Static<typeof S.SignalItem>;
export type Grade = NonNullable<SurveyListItem['year']['grade']>;

/** The surveys the signed-in person manages or reads, with this year's score and the last six months. */
export async function listSurveys(signal?: AbortSignal): Promise<SurveyListItem[]> {
  return (await request<{ items: SurveyListItem[] }>('GET', '/api/satisfaction/surveys', { signal })).items;
}

/** An office's responses the abuse checks held back, newest first. */
export function flaggedResponses(unitId: number, signal?: AbortSignal): Promise<{ total: number; items: ResponseItem[] }> {
  return request('GET', `/api/satisfaction/units/${unitId}/responses`, { query: { flagged: true, limit: 200 }, signal });
}

export function reviewResponse(id: number, decision: 'include' | 'exclude'): Promise<{ id: number; review: string; counted: boolean }> {
  return request('POST', `/api/satisfaction/responses/${id}/review`, { json: { decision } });
}

export async function listSignals(unitId?: number, signal?: AbortSignal): Promise<SignalItem[]> {
  return (await request<{ items: SignalItem[] }>('GET', '/api/satisfaction/signals', { query: { unitId }, signal })).items;
}

export const posterUrl = (surveyId: number) => `/api/satisfaction/surveys/${surveyId}/poster`;
export const reportCsvUrl = (unitId: number, year: number) => `/api/satisfaction/units/${unitId}/report?from=${year}-01-01&to=${year}-12-31&format=csv`;
