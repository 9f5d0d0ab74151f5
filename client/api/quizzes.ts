import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/quizzes/schemas.ts';
import type * as M from '../../server/quizzes/model.ts';
import type * as Q from '../../server/quizzes/manage-routes.ts';

export type QuizInfo = Static<typeof S.QuizInfo>;
export type AttemptSummary = Static<typeof S.AttemptSummary>;
export type Attempt = Static<typeof S.Attempt>;
export type AttemptQuestion = Static<typeof S.AttemptQuestion>;
export type CompetencyScore = Static<typeof S.CompetencyScore>;
export type AnswerSaved = Static<typeof S.AnswerSaved>;
export type QuestionType = Static<typeof M.QuestionType>;
/** An answer as sent and stored: see the server's `Response` for its shape per question type. */
export type AnswerValue = Static<typeof M.Response>;
/** One question version as a bank keeps it (see the server's `QuestionDoc`). */
export type QuestionDoc = Static<typeof M.QuestionDoc>;
/** A quiz's settings and items, as created and saved whole (see the server's `QuizSettings`). */
export type QuizSettings = Static<typeof Q.QuizSettings>;
export type QuizItem = QuizSettings['items'][number];
export type ReviewWhen = Static<typeof S.ReviewWhen>;

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

// GET /api/quizzes/:id/edit declares its reply inside server/quizzes/manage-routes.ts; this mirrors it.
/** A quiz as its editor sees it: settings and items, who it is assigned to, extra time. */
export interface QuizEdit {
  id: number;
  slug: string;
  courseId: number | null;
  version: number;
  settings: QuizSettings;
  assignments: { id: number; unitId: number | null; positionId: number | null; dueAt: string | null }[];
  extraTime: ExtraTime[];
}

/** Extra minutes for one person or one office (and the offices below it). */
export interface ExtraTime {
  personId: number | null;
  unitId: number | null;
  minutes: number;
}

/** Creates a quiz: standalone, or for a course I own (`courseSlug`); settings left out take the server's defaults. */
export function createQuiz(slug: string, settings: Partial<QuizSettings> & Pick<QuizSettings, 'title'>, courseSlug?: string): Promise<QuizEdit> {
  return request<QuizEdit>('POST', '/api/quizzes', { json: { slug, settings, ...(courseSlug && { courseSlug }) } });
}

export function getQuizForEdit(id: number, signal?: AbortSignal): Promise<QuizEdit> {
  return request<QuizEdit>('GET', `/api/quizzes/${id}/edit`, { signal });
}

/** Saves settings and items whole; attempts under way keep the questions they drew. */
export function updateQuiz(id: number, settings: QuizSettings): Promise<QuizEdit> {
  return request<QuizEdit>('PUT', `/api/quizzes/${id}`, { json: settings });
}

/** Replaces the quiz's list of extra time. */
export function setQuizExtraTime(id: number, rows: ExtraTime[]): Promise<QuizEdit> {
  const body = rows.map((r) => (r.personId !== null ? { personId: r.personId, minutes: r.minutes } : { unitId: r.unitId!, minutes: r.minutes }));
  return request<QuizEdit>('PUT', `/api/quizzes/${id}/extra-time`, { json: body });
}

/** Assigns a standalone test to an office or a position (admins). */
export function assignQuiz(id: number, target: { unitId: number } | { positionId: number }, dueAt: string | null): Promise<QuizEdit> {
  return request<QuizEdit>('POST', `/api/quizzes/${id}/assignments`, { json: { ...target, dueAt } });
}

export async function managedQuizzes(signal?: AbortSignal): Promise<ManagedQuiz[]> {
  return (await request<{ items: ManagedQuiz[] }>('GET', '/api/quizzes', { signal })).items;
}

// Trainer and admin screens: question banks, results, item analysis and grading. The replies
// are declared inside server/quizzes/bank-routes.ts and results-routes.ts; these mirror them.

/** A question bank I may edit. */
export interface QuestionBank {
  id: number;
  slug: string;
  name: string;
  course: { id: number; slug: string; title: string } | null;
  unitId: number | null;
  /** 'file': managed as a file under content/question-banks (no import through the app). */
  source: 'app' | 'file';
  questionCount: number;
}

/** A current question of a bank, with its document (answers included: for editors). */
export interface BankQuestion {
  id: number;
  key: string;
  version: number;
  doc: QuestionDoc;
  /** Attempts have shown this version: a change makes a new version. */
  used: boolean;
}

export interface BankDetail {
  bank: QuestionBank;
  categories: { id: number; key: string; name: string; questions: BankQuestion[] }[];
}

export type ImportFormat = 'moodlexml' | 'gift' | 'csv';

export interface ImportReport {
  dryRun: boolean;
  summary: { total: number; created: number; updated: number; unchanged: number; skipped: number };
  imported: { index: number; name: string; key: string; category: string; type: string; action: string }[];
  skipped: { index: number; name: string; reason: string }[];
}

export async function listQuestionBanks(signal?: AbortSignal): Promise<QuestionBank[]> {
  return (await request<{ items: QuestionBank[] }>('GET', '/api/question-banks', { signal })).items;
}

export function createQuestionBank(slug: string, name: string): Promise<QuestionBank> {
  return request<QuestionBank>('POST', '/api/question-banks', { json: { slug, name } });
}

export function getQuestionBank(id: number, signal?: AbortSignal): Promise<BankDetail> {
  return request<BankDetail>('GET', `/api/question-banks/${id}`, { signal });
}

/** Imports a Moodle XML, GIFT or CSV file's text; with dryRun nothing is written, the report says what would be. */
export function importQuestions(bankId: number, format: ImportFormat, content: string, dryRun: boolean): Promise<ImportReport> {
  return request<ImportReport>('POST', `/api/question-banks/${bankId}/import`, {
    query: { format, dryRun },
    body: { content, type: format === 'moodlexml' ? 'application/xml' : 'text/plain' },
  });
}

/** Adds a question to a bank, in a category named by its path ("Pelayanan/Dasar"; made when new). */
export function createQuestion(bankId: number, category: string, doc: QuestionDoc): Promise<{ id: number; key: string; version: number }> {
  return request('POST', `/api/question-banks/${bankId}/questions`, { json: { category, doc } });
}

/**
 * Saves a question; `action` says what happened: 'updated' in place, 'versioned' (attempts had
 * used it: past attempts keep the old version) or 'unchanged'.
 */
export function updateQuestion(id: number, doc: QuestionDoc): Promise<{ id: number; version: number; action: 'created' | 'updated' | 'versioned' | 'unchanged' }> {
  return request('PUT', `/api/questions/${id}`, { json: { doc } });
}

export function questionBankExportUrl(bankId: number, format: 'gift' | 'moodlexml'): string {
  return `/api/question-banks/${bankId}/export?format=${format}`;
}

export interface QuizResultRow {
  attemptId: number;
  /** No `nip` for a partner's user. */
  person: { id: number; name: string; nip?: string | null };
  unit: { id: number; code: string; name: string } | null;
  number: number;
  state: string;
  startedAt: string;
  submittedAt: string | null;
  pct: number | null;
  passed: boolean | null;
  needsGrading: boolean;
}

export interface QuizResults {
  quiz: { id: number; title: string; passPct: number };
  summary: { people: number; attempts: number; submitted: number; passedPeople: number; averagePct: number | null; needsGrading: number };
  byOffice: { unit: { id: number; code: string; name: string } | null; people: number; passedPeople: number; averagePct: number | null }[];
  items: QuizResultRow[];
}

export interface QuestionAnalysis {
  questionId: number;
  name: string;
  type: string;
  answered: number;
  /** Mean score on the question, %. */
  facilityIndex: number | null;
  /** Correlation with the rest of the test, % (−100 … 100). */
  discriminationIndex: number | null;
  distractors: { id: string; text: string; correct: boolean; count: number }[];
}

export interface QuizAnalysis {
  attempts: number;
  questions: QuestionAnalysis[];
}

/** An essay waiting for a grade. */
export interface GradingItem {
  attemptId: number;
  questionId: number;
  person: { id: number; name: string };
  name: string;
  points: number;
  response: unknown;
  rubric: { criterion: string; points: number }[];
  graderInfo: string | null;
}

export function getQuizResults(id: number, signal?: AbortSignal): Promise<QuizResults> {
  return request<QuizResults>('GET', `/api/quizzes/${id}/results`, { signal });
}

export function quizResultsCsvUrl(id: number): string {
  return `/api/quizzes/${id}/results.csv`;
}

export function getQuizAnalysis(id: number, signal?: AbortSignal): Promise<QuizAnalysis> {
  return request<QuizAnalysis>('GET', `/api/quizzes/${id}/analysis`, { signal });
}

export async function getGradingQueue(id: number, signal?: AbortSignal): Promise<GradingItem[]> {
  return (await request<{ items: GradingItem[] }>('GET', `/api/quizzes/${id}/grading`, { signal })).items;
}

export function gradeQuestion(
  attemptId: number,
  questionId: number,
  grade: { score: number; comment?: string; rubricScores?: number[] },
): Promise<{ attemptId: number; pct: number; passed: boolean | null; needsGrading: boolean }> {
  return request('PUT', `/api/attempts/${attemptId}/questions/${questionId}/grade`, { json: grade });
}
