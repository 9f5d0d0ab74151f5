import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/quizzes/schemas.ts';
import type * as M from '../../server/quizzes/model.ts';

export type QuizInfo = Static<typeof S.QuizInfo>;
export type AttemptSummary = Static<typeof S.AttemptSummary>;
export type Attempt = Static<typeof S.Attempt>;
export type AttemptQuestion = Static<typeof S.AttemptQuestion>;
export type CompetencyScore = Static<typeof S.CompetencyScore>;
export type AnswerSaved = Static<typeof S.AnswerSaved>;
export type QuestionType = Static<typeof M.QuestionType>;
/** An answer as sent and stored: see the server's `Response` for its shape per question type. */
export type AnswerValue = Static<typeof M.Response>;

// GET /api/me/quizzes declares its reply inside server/quizzes/routes.ts; this mirrors it.
/** A test assigned to me (by office or position), with where I am with it. */
export interface AssignedQuiz {
  id: number;
  slug: string;
  title: string;
  dueAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number | null;
  state: 'not_started' | 'in_progress' | 'submitted';
}

export function getQuiz(id: number, signal?: AbortSignal): Promise<QuizInfo> {
  return request<QuizInfo>('GET', `/api/quizzes/${id}`, { signal });
}

/** Starts an attempt, or answers with the one already in progress. */
export function startAttempt(quizId: number): Promise<Attempt> {
  return request<Attempt>('POST', `/api/quizzes/${quizId}/attempts`);
}

/** The attempt with my saved answers; the server submits it here if its time ran out. */
export function getAttempt(id: number, signal?: AbortSignal): Promise<Attempt> {
  return request<Attempt>('GET', `/api/attempts/${id}`, { signal });
}

/** Saves one answer; use the answer outbox rather than calling this directly (it keeps and retries). */
export function putAnswer(attemptId: number, questionId: number, response: AnswerValue, seq: number): Promise<AnswerSaved> {
  return request<AnswerSaved>('PUT', `/api/attempts/${attemptId}/answers/${questionId}`, { json: { response, seq } });
}

/** Submits and grades the attempt (again: the same result). */
export function submitAttempt(id: number): Promise<Attempt> {
  return request<Attempt>('POST', `/api/attempts/${id}/submit`);
}

export async function myQuizzes(signal?: AbortSignal): Promise<AssignedQuiz[]> {
  return (await request<{ items: AssignedQuiz[] }>('GET', '/api/me/quizzes', { signal })).items;
}

/** A quiz I manage (trainers, admins), for picking the quiz of a course lesson. */
export interface ManagedQuiz {
  id: number;
  slug: string;
  title: string;
  status: string;
  courseId: number | null;
  attempts: number;
}

export async function managedQuizzes(signal?: AbortSignal): Promise<ManagedQuiz[]> {
  return (await request<{ items: ManagedQuiz[] }>('GET', '/api/quizzes', { signal })).items;
}
