import { request, uploadForm, type UploadProgress } from './http.ts';

export type { UploadProgress };

// Types come from the server's own schemas (type-only: nothing of the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/programmes/schemas.ts';

export type StepKind = Static<typeof S.StepKind>;
export const stepKinds: readonly StepKind[] = ['course', 'quiz', 'webinar', 'practice'];
export type ProgrammeStatus = Static<typeof S.ProgrammeStatus>;
export type CompetencyLevel = Static<typeof S.CompetencyLevel>;
export type ProgrammeSummary = Static<typeof S.ProgrammeSummary>;
export type Programme = Static<typeof S.Programme>;
export type ProgrammeStep = Static<typeof S.Step>;
export type CohortSummary = Static<typeof S.CohortBrief>;
export type NewStep = Static<typeof S.StepInput>;
export type NewProgramme = Static<typeof S.NewProgramme>;
export type ProgrammeChanges = Static<typeof S.ProgrammePatch>;
export type ParticipantSelection = Static<typeof S.Participants>;
export type NewCohort = Static<typeof S.NewCohort>;
export type Cohort = Static<typeof S.Cohort>;
/** A new cohort, with the people left out because they already are in another cohort of the programme. */
export type CohortCreated = Static<typeof S.CohortCreated>;
export type SkippedPeople = Static<typeof S.Skipped>;
export type ParticipantsAdded = Static<typeof S.ParticipantsAdded>;
export type ParticipantStatus = Static<typeof S.ParticipantStatus>;
export type CohortProgress = Static<typeof S.Progress>;
export type MyProgramme = Static<typeof S.MyProgramme>;
export type MyProgrammeStatus = MyProgramme['status'];
export type MyStep = MyProgramme['steps'][number];
export type MyStepStatus = Static<typeof S.MyStepStatus>;
export type PracticeFile = Static<typeof S.UploadedFile>;
export type SubmissionStatus = Static<typeof S.PracticeStatus>;
export type Submission = Static<typeof S.Submission>;
export type Review = NonNullable<Submission['review']>;
export type ReviewDecision = Review['decision'];
export type ReviewInput = Static<typeof S.Review>;
export type PracticeStep = Static<typeof S.Practice>;
/** A rubric row as the pages show it. */
export interface RubricRow {
  criterion: string;
  description?: string | null;
}

/** Reflection length the server accepts. */
export const reflectionMin = 20;
export const reflectionMax = 5000;
/** Files per submission. */
export const maxFiles = 10;
/** Largest practice file, in bytes. */
export const maxFileBytes = 20 * 1024 * 1024;
export const practiceAccept = '.pdf,.doc,.docx,.odt,.ppt,.pptx,.xls,.xlsx,.jpg,.jpeg,.png,.webp';

// Programmes (admins manage; facilitators and participants read).
export async function listProgrammes(signal?: AbortSignal): Promise<ProgrammeSummary[]> {
  return (await request<{ items: ProgrammeSummary[] }>('GET', '/api/programmes', { signal })).items;
}
export const getProgramme = (id: number, signal?: AbortSignal) => request<Programme>('GET', `/api/programmes/${id}`, { signal });
export const createProgramme = (body: NewProgramme) => request<Programme>('POST', '/api/programmes', { json: body });
export const updateProgramme = (id: number, changes: ProgrammeChanges) =>
  request<Programme>('PATCH', `/api/programmes/${id}`, { json: changes });

// Cohorts.
export const createCohort = (programmeId: number, body: NewCohort) => request<CohortCreated>('POST', `/api/programmes/${programmeId}/cohorts`, { json: body });
export const addParticipants = (cohortId: number, participants: ParticipantSelection) =>
  request<ParticipantsAdded>('POST', `/api/cohorts/${cohortId}/participants`, { json: participants });
export const removeParticipant = (cohortId: number, personId: number) => request<void>('DELETE', `/api/cohorts/${cohortId}/participants/${personId}`);
export const getCohortProgress = (cohortId: number, unitId: number | null, signal?: AbortSignal) =>
  request<CohortProgress>('GET', `/api/cohorts/${cohortId}/progress`, { query: { unitId }, signal });
export const cohortProgressCsvUrl = (cohortId: number, unitId: number | null) => `/api/cohorts/${cohortId}/progress.csv${unitId ? `?unitId=${unitId}` : ''}`;
export const sendCohortReminders = (cohortId: number) => request<{ sent: number }>('POST', `/api/cohorts/${cohortId}/reminders`);

// My programmes.
export async function myProgrammes(signal?: AbortSignal): Promise<MyProgramme[]> {
  return (await request<{ items: MyProgramme[] }>('GET', '/api/me/programmes', { signal })).items;
}

// Practice evidence.
export const getPractice = (stepId: number, signal?: AbortSignal) => request<PracticeStep>('GET', `/api/programme-steps/${stepId}/practice`, { signal });

/** Uploads one file of practice evidence (multipart, field `file`) and reports progress. */
export function uploadPracticeFile(stepId: number, file: File, options: { onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {}): Promise<PracticeFile> {
  return uploadForm<PracticeFile>(
    `/api/programme-steps/${stepId}/files`,
    () => {
      const form = new FormData();
      form.append('file', file, file.name);
      return form;
    },
    { size: file.size, onProgress: options.onProgress, signal: options.signal },
  );
}

export const submitPractice = (stepId: number, reflection: string, fileIds: string[]) =>
  request<Submission>('POST', `/api/programme-steps/${stepId}/submissions`, { json: { reflection, fileIds } });

// Reviews.
export async function listPracticeReviews(status: 'submitted' | 'all', signal?: AbortSignal): Promise<Submission[]> {
  return (await request<{ items: Submission[] }>('GET', '/api/practice-reviews', { query: { status }, signal })).items;
}
export const getSubmission = (id: number, signal?: AbortSignal) => request<Submission>('GET', `/api/practice-submissions/${id}`, { signal });
export const reviewSubmission = (id: number, body: ReviewInput) => request<Submission>('POST', `/api/practice-submissions/${id}/review`, { json: body });
