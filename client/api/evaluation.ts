import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/evaluation/schemas.ts';

export type ActivityKind = Static<typeof S.ActivityKind>;
export type MySurvey = Static<typeof S.MySurvey>;
export type SurveyAnswers = Static<typeof S.SurveyAnswers>;
export type PendingSurvey = Static<typeof S.PendingSurveys>['items'][number];
export type EvaluationReport = Static<typeof S.Report>;
export type TrainerOverview = Static<typeof S.TrainerOverview>;
export type FollowUp = Static<typeof S.FollowUp>;
export type Applied = Static<typeof S.Applied>;

const base = (kind: ActivityKind, id: number) => `/api/evaluations/${kind}/${id}`;

export function getMySurvey(kind: ActivityKind, id: number, signal?: AbortSignal): Promise<MySurvey> {
  return request<MySurvey>('GET', `${base(kind, id)}/survey`, { signal });
}

/** Sends my answers, once; 409 already_answered the second time. */
export function submitSurvey(kind: ActivityKind, id: number, answers: SurveyAnswers): Promise<MySurvey> {
  return request<MySurvey>('POST', `${base(kind, id)}/survey`, { json: answers });
}

export function dismissSurvey(kind: ActivityKind, id: number): Promise<MySurvey> {
  return request<MySurvey>('POST', `${base(kind, id)}/survey/dismiss`);
}

export async function pendingSurveys(signal?: AbortSignal): Promise<PendingSurvey[]> {
  return (await request<Static<typeof S.PendingSurveys>>('GET', '/api/evaluations/me/pending', { signal })).items;
}

export function getEvaluationReport(kind: ActivityKind, id: number, signal?: AbortSignal): Promise<EvaluationReport> {
  return request<EvaluationReport>('GET', `${base(kind, id)}/report`, { signal });
}

/** The report as a CSV download (a plain link: it carries the session cookie). */
export function evaluationCsvUrl(kind: ActivityKind, id: number): string {
  return `${base(kind, id)}/report?format=csv`;
}

export function getTrainerOverview(trainerId: number, signal?: AbortSignal): Promise<TrainerOverview> {
  return request<TrainerOverview>('GET', `/api/evaluations/trainers/${trainerId}`, { signal });
}

export async function myFollowUps(signal?: AbortSignal): Promise<FollowUp[]> {
  return (await request<Static<typeof S.FollowUpList>>('GET', '/api/evaluations/follow-ups', { signal })).items;
}

export async function answerFollowUp(id: number, applied: Applied, example: string): Promise<void> {
  await request<null>('POST', `/api/evaluations/follow-ups/${id}`, { json: example.trim() ? { applied, example: example.trim() } : { applied } });
}

export type Tests = Static<typeof S.Tests>;
export type TestsBody = Static<typeof S.TestsBody>;

/** Names the pre-test (and for a course the post-test); null removes one (the activity's trainer, admins). */
export function setTests(kind: ActivityKind, id: number, body: TestsBody): Promise<Tests> {
  return request<Tests>('PUT', `${base(kind, id)}/tests`, { json: body });
}
