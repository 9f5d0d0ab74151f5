import { request } from './http.ts';

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/courses/schemas.ts';

export type LessonKind = Static<typeof S.LessonKind>;
export const lessonKinds: readonly LessonKind[] = ['text', 'video', 'document', 'link', 'quiz'];
export type Level = Static<typeof S.Level>;
export const levels: readonly Level[] = ['dasar', 'menengah', 'lanjut'];
export type CourseStatus = Static<typeof S.CourseStatus>;
export type Competency = Static<typeof S.Competency>;
export type CourseCard = Static<typeof S.CourseCard>;
export type CataloguePage = Static<typeof S.CataloguePage>;
export type CourseDetail = Static<typeof S.CourseDetail>;
export type LessonSummary = Static<typeof S.LessonSummary>;
export type LessonDetail = Static<typeof S.LessonDetail>;
export type ProgressBody = Static<typeof S.ProgressBody>;
export type ProgressReply = Static<typeof S.ProgressReply>;
export type MyEnrollment = Static<typeof S.MyEnrollment>;
export type CourseDoc = Static<typeof S.CourseDoc>;
export type ModuleDoc = Static<typeof S.ModuleDoc>;
export type LessonDoc = Static<typeof S.LessonDoc>;
export type WatchedRange = [number, number];

export interface CatalogueQuery {
  q?: string;
  competency?: string;
  unitId?: number | null;
  jpMin?: number | null;
  jpMax?: number | null;
  level?: Level | null;
  kind?: LessonKind | null;
  limit?: number;
  offset?: number;
}

// The authoring routes declare these schemas inside server/courses/authoring.ts without
// exporting them; these mirror GET /api/authoring/courses and the draft replies.
export type DraftState = 'editing' | 'review' | null;

/** A course in the authoring list (GET /api/authoring/courses). */
export interface AuthoringCourse {
  id: number;
  slug: string;
  title: string;
  status: CourseStatus;
  version: number;
  /** 'app' (edited here) or 'file' (managed as files under content/courses). */
  source: string;
  draftState: DraftState;
  reviewNote: string | null;
  owner: { id: number; name: string } | null;
  updatedAt: string;
  enrolled: number;
  completed: number;
}

/** A draft with the problems that keep it from being published. */
export interface Draft {
  slug: string;
  status: CourseStatus;
  draftState: DraftState;
  version: number;
  document: CourseDoc;
  problems: string[];
}

export interface AssignmentTarget {
  unitId?: number;
  positionId?: number;
  personIds?: number[];
  /** YYYY-MM-DD (end of that day in Surakarta) or a full timestamp; null for none. */
  dueAt?: string | null;
}

export interface AssignmentResult {
  id: number;
  assigned: number;
  alreadyEnrolled: number;
}

/** Enrolment figures for one office, or for the whole course (GET /api/courses/:slug/report). */
export interface ReportFigures {
  enrolled: number;
  /** Started (some progress) but not completed. */
  inProgress: number;
  completed: number;
  /** Not completed and past the due date. */
  overdue: number;
  /** Mean progress in percent (completed counts as 100). */
  averageProgress: number;
}

export interface OfficeReport extends ReportFigures {
  /** Null for people recorded without an office. */
  unit: { id: number; code: string; name: string } | null;
}

export interface CourseReport {
  slug: string;
  title: string;
  totals: ReportFigures;
  offices: OfficeReport[];
}

const path = (slug: string) => encodeURIComponent(slug);

export function listCourses(query: CatalogueQuery = {}, signal?: AbortSignal): Promise<CataloguePage> {
  return request<CataloguePage>('GET', '/api/courses', {
    query: {
      q: query.q?.trim(),
      competency: query.competency?.trim(),
      unitId: query.unitId,
      jpMin: query.jpMin,
      jpMax: query.jpMax,
      level: query.level,
      kind: query.kind,
      limit: query.limit ?? 24,
      offset: query.offset ?? 0,
    },
    signal,
  });
}

export function getCourse(slug: string, signal?: AbortSignal): Promise<CourseDetail> {
  return request<CourseDetail>('GET', `/api/courses/${path(slug)}`, { signal });
}

/** Enrols me; answers with the enrolment that already exists when there is one. */
export function enroll(slug: string): Promise<MyEnrollment> {
  return request<MyEnrollment>('POST', `/api/courses/${path(slug)}/enrollments`);
}

export function myEnrollments(signal?: AbortSignal): Promise<MyEnrollment[]> {
  return request<MyEnrollment[]>('GET', '/api/me/enrollments', { signal });
}

export function getLesson(id: number, signal?: AbortSignal): Promise<LessonDetail> {
  return request<LessonDetail>('GET', `/api/lessons/${id}`, { signal });
}

/** Records progress; use the progress outbox rather than calling this directly (it retries). */
export function putProgress(lessonId: number, body: ProgressBody): Promise<ProgressReply> {
  return request<ProgressReply>('PUT', `/api/lessons/${lessonId}/progress`, { json: body });
}

export function assignCourse(slug: string, target: AssignmentTarget): Promise<AssignmentResult> {
  return request<AssignmentResult>('POST', `/api/courses/${path(slug)}/assignments`, { json: target });
}

// ---- Authoring ------------------------------------------------------------------------------

export function listAuthoringCourses(signal?: AbortSignal): Promise<AuthoringCourse[]> {
  return request<AuthoringCourse[]>('GET', '/api/authoring/courses', { signal });
}

export function createCourse(slug: string, title: string): Promise<Draft> {
  return request<Draft>('POST', '/api/authoring/courses', { json: { slug, title } });
}

export function getDraft(slug: string, signal?: AbortSignal): Promise<Draft> {
  return request<Draft>('GET', `/api/authoring/courses/${path(slug)}/draft`, { signal });
}

/**
 * The document as sent: optional fields without a value are left out rather than sent as null,
 * because the server's type coercion turns a null in an integer-or-null field into 0 (a lesson
 * "0 minutes long", or "0% must be watched" overriding the course's rule).
 */
function wireDocument(document: CourseDoc): CourseDoc {
  const compact = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
  return {
    ...compact(document),
    modules: document.modules.map((module) => ({ ...module, lessons: module.lessons.map((lesson) => compact(lesson)) })),
  };
}

export function saveDraft(slug: string, document: CourseDoc): Promise<Draft> {
  return request<Draft>('PUT', `/api/authoring/courses/${path(slug)}/draft`, { json: wireDocument(document) });
}

/** Fails with validation_failed (details: the problems, in words) when the draft is incomplete. */
export function submitDraft(slug: string): Promise<Draft> {
  return request<Draft>('POST', `/api/authoring/courses/${path(slug)}/submit`);
}

export function publishDraft(slug: string): Promise<Draft> {
  return request<Draft>('POST', `/api/authoring/courses/${path(slug)}/publish`);
}

export function returnDraft(slug: string, note: string): Promise<Draft> {
  return request<Draft>('POST', `/api/authoring/courses/${path(slug)}/return`, { json: { note } });
}

// ---- Reports and preview --------------------------------------------------------------------

/** Owner and admins only (403 forbidden otherwise); admins with a scope see their offices. */
export function getCourseReport(slug: string, signal?: AbortSignal): Promise<CourseReport> {
  return request<CourseReport>('GET', `/api/courses/${path(slug)}/report`, { signal });
}

/** The CSV download of the same report, one line per person (a plain link: the cookie goes along). */
export function courseReportCsvUrl(slug: string): string {
  return `/api/courses/${path(slug)}/report.csv`;
}

/** Markdown rendered and sanitised by the server exactly as learners will see it; nothing is stored. */
export async function previewMarkdown(markdown: string, signal?: AbortSignal): Promise<string> {
  const reply = await request<{ html: string }>('POST', '/api/authoring/preview', { json: { markdown }, signal });
  return reply.html;
}
