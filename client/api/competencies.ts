import { request, uploadForm, type UploadProgress } from './http.ts';

export type { UploadProgress };

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/competencies/schemas.ts';
import type * as E from '../../server/competencies/evidence-routes.ts';
import type * as P from '../../server/competencies/plans-routes.ts';
import type { CompetencySettingsT } from '../../server/competencies/settings.ts';

export type CompetencyKind = Static<typeof S.Kind>;
export type Framework = Static<typeof S.Framework>;
export type FrameworkCompetency = Static<typeof S.Competency>;
export type CompetencyLevel = Static<typeof S.Level>;
/** One competency of mine: required, attained, gap, why, and the evidence. */
export type CompetencyStatus = Static<typeof S.CompetencyStatus>;
export type Evidence = Static<typeof S.EvidenceView>;
export type JpYear = Static<typeof S.JpYear>;
export type JpEntry = Static<typeof S.JpEntry>;
export type Recommendation = Static<typeof S.Recommendation>;
export type PersonHeader = Static<typeof S.PersonHeader>;
export type CompetencySettings = CompetencySettingsT;
export type ClaimFields = Static<typeof E.ClaimFields>;
export type ClaimKind = ClaimFields['kind'];
/** A prior-learning claim with its proof and review. */
export type Claim = Static<typeof E.Claim>;
export type ClaimStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn';
export type Assessment = Static<typeof E.Assessment>;
export type Plan = Static<typeof P.Plan>;
export type PlanItem = Plan['items'][number];
export type PlanStatus = Plan['status'];
export type Team = Static<typeof P.Team>;
export type TeamMember = Static<typeof P.TeamMember>;

/** What PUT /api/me/plan takes for one item. */
export interface PlanItemInput {
  kind: 'course' | 'quiz' | 'other';
  courseId?: number;
  quizId?: number;
  title?: string;
  competencyCode?: string | null;
  jp?: number;
  plannedQuarter?: number | null;
}

/** A person's profile as their supervisor (or office admin) sees it. */
export interface PersonCompetencies {
  person: PersonHeader;
  competencies: CompetencyStatus[];
  jp: JpYear;
  recommendations: Recommendation[];
}

// ---- Frameworks and settings ------------------------------------------------------------------

export function listFrameworks(signal?: AbortSignal): Promise<Framework[]> {
  return request<Framework[]>('GET', '/api/competency-frameworks', { signal });
}

/** How attained levels are computed, to explain them in plain words. */
export function getCompetencySettings(signal?: AbortSignal): Promise<CompetencySettings> {
  return request<CompetencySettings>('GET', '/api/competency-settings', { signal });
}

// ---- Mine --------------------------------------------------------------------------------------

/** My competencies against my position's standard, largest gap first. */
export function myCompetencies(signal?: AbortSignal): Promise<CompetencyStatus[]> {
  return request<CompetencyStatus[]>('GET', '/api/me/competencies', { signal });
}

export function myJp(year: number | null, signal?: AbortSignal): Promise<JpYear> {
  return request<JpYear>('GET', '/api/me/jp', { query: { year }, signal });
}

/** Courses and tests that close my gaps, best fit first. */
export function myRecommendations(signal?: AbortSignal): Promise<Recommendation[]> {
  return request<Recommendation[]>('GET', '/api/me/recommendations', { signal });
}

// ---- Prior learning ----------------------------------------------------------------------------

export function myClaims(signal?: AbortSignal): Promise<Claim[]> {
  return request<Claim[]>('GET', '/api/me/prior-learning', { signal });
}

export function withdrawClaim(id: number): Promise<Claim> {
  return request<Claim>('POST', `/api/me/prior-learning/${id}/withdraw`);
}

/** Claims I may review (my team, my offices), pending first; only one person's with personId. */
export function claimsToReview(status: ClaimStatus | null, signal?: AbortSignal, personId?: number): Promise<Claim[]> {
  return request<Claim[]>('GET', '/api/prior-learning', { query: { status, personId }, signal });
}

export function reviewClaim(id: number, body: { decision: 'accept' | 'reject'; reason?: string; jp?: number }): Promise<Claim> {
  return request<Claim>('POST', `/api/prior-learning/${id}/review`, { json: body });
}

/** The form in the order the server reads it: every field first, the proof file last. */
function claimForm(fields: ClaimFields, file: File): FormData {
  const form = new FormData();
  form.append('kind', fields.kind);
  form.append('title', fields.title);
  form.append('provider', fields.provider);
  form.append('completedOn', fields.completedOn);
  form.append('jp', String(fields.jp));
  form.append('competencies', JSON.stringify(fields.competencies));
  form.append('note', fields.note);
  if (fields.partnerId) form.append('partnerId', String(fields.partnerId));
  form.append('file', file, file.name);
  return form;
}

/**
 * Claims learning done outside Sinau with its proof (POST /api/me/prior-learning, multipart),
 * reporting upload progress. Throws ApiError (payload_too_large, unsupported_media_type,
 * validation_failed …) or an AbortError.
 */
export function submitClaim(fields: ClaimFields, file: File, options: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {}): Promise<Claim> {
  return uploadForm<Claim>('/api/me/prior-learning', () => claimForm(fields, file), { size: file.size, ...options });
}

// ---- Development plan --------------------------------------------------------------------------

export function myPlan(year: number, signal?: AbortSignal): Promise<Plan> {
  return request<Plan>('GET', '/api/me/plan', { query: { year }, signal });
}

/** Saves my draft plan whole: its note and its items in order. */
export function saveMyPlan(year: number, body: { note: string; items: PlanItemInput[] }): Promise<Plan> {
  return request<Plan>('PUT', '/api/me/plan', { query: { year }, json: body });
}

export function submitMyPlan(year: number): Promise<Plan> {
  return request<Plan>('POST', '/api/me/plan/submit', { query: { year } });
}

export function personPlan(personId: number, year: number, signal?: AbortSignal): Promise<Plan> {
  return request<Plan>('GET', `/api/people/${personId}/plan`, { query: { year }, signal });
}

/** approve (submitted → approved), return (submitted → draft, note required), done (approved → done). */
export function decidePlan(planId: number, decision: 'approve' | 'return' | 'done', note: string): Promise<Plan> {
  return request<Plan>('POST', `/api/plans/${planId}/decision`, { json: { decision, note } });
}

// ---- The supervisor's view ---------------------------------------------------------------------

export function getTeam(year: number | null, signal?: AbortSignal): Promise<Team> {
  return request<Team>('GET', '/api/team', { query: { year }, signal });
}

export function personCompetencies(personId: number, year: number | null, signal?: AbortSignal): Promise<PersonCompetencies> {
  return request<PersonCompetencies>('GET', `/api/people/${personId}/competencies`, { query: { year }, signal });
}

export function personAssessments(personId: number, signal?: AbortSignal): Promise<Assessment[]> {
  return request<Assessment[]>('GET', `/api/people/${personId}/assessments`, { signal });
}

/** ratings: for each level "1".."5", one mark per behaviour indicator of that level, in order. */
export function assess(personId: number, body: { code: string; ratings: Record<string, boolean[]>; note: string }): Promise<Assessment> {
  return request<Assessment>('POST', `/api/people/${personId}/assessments`, { json: body });
}
