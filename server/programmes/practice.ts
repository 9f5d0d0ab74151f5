/**
 * Practice evidence ("aksi nyata"): the participant uploads what they did at work and reflects on
 * it; a facilitator, the participant's principal (when the cohort allows it) or an admin of the
 * programme reviews it against the step's rubric. Accepted work is evidence of the step's
 * competencies and finishes the step.
 */
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import { ensureEvidence } from '../competencies/ledger.ts';
import type { DB, RubricMark } from '../db/types.ts';
import type { Storage } from '../media/storage.ts';
import { cleanFileName, storeUpload, type AllowedType } from '../media/service.ts';
import { adminUnitIds } from '../org/service.ts';
import { AppError, conflict, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { evaluate, loadFacts, onActivityDone } from './progress.ts';
import type { ReviewT, SubmissionT } from './schemas.ts';
import { loadSteps, managesProgramme, participation, stepNotFound, type Db, type StepRow } from './service.ts';

export const PRACTICE_MAX_BYTES = 20 * 1024 * 1024;

// ---- Files ----------------------------------------------------------------------------------

const OFFICE: Record<string, AllowedType> = {
  doc: { ext: 'doc', mime: 'application/msword', kind: 'document' },
  xls: { ext: 'xls', mime: 'application/vnd.ms-excel', kind: 'document' },
  ppt: { ext: 'ppt', mime: 'application/vnd.ms-powerpoint', kind: 'document' },
  docx: { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'document' },
  xlsx: { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'document' },
  pptx: { ext: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', kind: 'document' },
  odt: { ext: 'odt', mime: 'application/vnd.oasis.opendocument.text', kind: 'document' },
};
/** By the type the content shows; text formats (HTML, SVG) are refused, they can carry script. */
const ALLOWED: Record<string, AllowedType> = {
  pdf: { ext: 'pdf', mime: 'application/pdf', kind: 'document' },
  jpg: { ext: 'jpg', mime: 'image/jpeg', kind: 'image' },
  png: { ext: 'png', mime: 'image/png', kind: 'image' },
  webp: { ext: 'webp', mime: 'image/webp', kind: 'image' },
  docx: OFFICE.docx!,
  xlsx: OFFICE.xlsx!,
  pptx: OFFICE.pptx!,
  odt: OFFICE.odt!,
};

export const unsupportedPracticeType = () =>
  new AppError(
    415,
    'unsupported_media_type',
    text(
      'Jenis berkas ini tidak didukung. Yang diterima: PDF, Word (DOC/DOCX), ODT, PowerPoint (PPT/PPTX), Excel (XLS/XLSX), dan foto (JPG, PNG, WebP).',
      'This kind of file is not supported. Accepted: PDF, Word (DOC/DOCX), ODT, PowerPoint (PPT/PPTX), Excel (XLS/XLSX) and photos (JPG, PNG, WebP).',
    ),
  );

/** The type from the content; an Office container (old OLE, or a zip detection could not look into) by the name's extension. */
async function detect(head: Uint8Array, name: string): Promise<AllowedType | null> {
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  if (!found) return null;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (found.ext === 'cfb') return ['doc', 'xls', 'ppt'].includes(ext) ? OFFICE[ext]! : null;
  if (found.ext === 'zip') return ['docx', 'xlsx', 'pptx', 'odt'].includes(ext) ? OFFICE[ext]! : null;
  return ALLOWED[found.ext] ?? null;
}

/** Streams an upload into storage (see storeUpload): at most 20 MB, of the types above. */
export async function storePracticeFile(storage: Storage, file: Readable, id: string, name: string) {
  const upload = await storeUpload(storage, file, {
    id,
    maxBytes: PRACTICE_MAX_BYTES,
    quota: null,
    detect: (head) => detect(head, name),
    unsupported: unsupportedPracticeType,
    key: (fileId, ext) => `practice/${fileId}/original.${ext}`,
  });
  return { ...upload, name: cleanFileName(name, upload.type.ext) };
}

// ---- Steps and rights -----------------------------------------------------------------------

/** A practice step with its programme's other steps. */
export async function practiceStep(db: Db, stepId: number): Promise<{ step: StepRow; steps: StepRow[] }> {
  const row = await db.selectFrom('programme_steps').select(['programme_id', 'kind']).where('id', '=', stepId).executeTakeFirst();
  if (!row || row.kind !== 'practice') throw stepNotFound();
  const steps = await loadSteps(db, row.programme_id);
  return { step: steps.find((s) => s.id === stepId)!, steps };
}

/** The reader's cohort in the step's programme; 403 when they take no part in it. */
export async function participantOf(db: Db, user: AuthUser, programmeId: number) {
  const cohort = await participation(db, user.id, programmeId);
  if (!cohort) throw forbidden(text('Anda bukan peserta program ini.', 'You are not a participant of this programme.'));
  return cohort;
}

/** Whether this step is still locked for the person: a step it requires is not done. */
export async function lockedFor(db: Db, steps: StepRow[], step: StepRow, personId: number, cohort: { starts_on: string; added_at: Date }) {
  const facts = (await loadFacts(db, steps, [personId])).get(personId)!;
  const e = evaluate(steps, facts, cohort, cohort.added_at);
  return e.steps.find((s) => s.step.id === step.id)!;
}

/**
 * Submissions the reader may review, as a condition on `ps` (practice_submissions) joined with the
 * participant's cohort `c` and person `pp` and the programme `p`: the facilitators of the cohort,
 * the participant's supervisor when the cohort has principal review, and the programme's admins.
 */
async function reviewerFilter(db: Db, user: AuthUser) {
  const units = await adminUnitIds(db, user);
  const adminPart = units === null ? sql<boolean>`true` : units.length ? sql<boolean>`p.unit_id = ANY(${units}::bigint[])` : sql<boolean>`false`;
  return sql<boolean>`(
    EXISTS (SELECT 1 FROM cohort_facilitators f WHERE f.cohort_id = c.id AND f.person_id = ${user.id})
    OR (c.principal_review AND pp.supervisor_id = ${user.id})
    OR ${adminPart}
  ) AND ps.person_id <> ${user.id}`;
}

function submissionQuery(db: Db) {
  return db
    .selectFrom('practice_submissions as ps')
    .innerJoin('cohort_participants as cp', (j) => j.onRef('cp.programme_id', '=', 'ps.programme_id').onRef('cp.person_id', '=', 'ps.person_id'))
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .innerJoin('people as pp', 'pp.id', 'ps.person_id')
    .innerJoin('programmes as p', 'p.id', 'ps.programme_id')
    .innerJoin('programme_steps as s', 's.id', 'ps.step_id')
    .leftJoin('units as u', 'u.id', 'pp.unit_id')
    .leftJoin('people as rv', 'rv.id', 'ps.reviewed_by')
    .select([
      'ps.id',
      'ps.step_id',
      'ps.programme_id',
      'ps.person_id',
      'ps.status',
      'ps.reflection',
      'ps.submitted_at',
      'ps.review_rubric',
      'ps.review_comment',
      'ps.reviewed_by',
      'ps.reviewed_at',
      'pp.name as person_name',
      'u.id as unit_id',
      'u.name as unit_name',
      'p.title as programme_title',
      's.title as step_title',
      's.rubric',
      'rv.name as reviewer_name',
    ]);
}
type SubmissionRow = Awaited<ReturnType<ReturnType<typeof submissionQuery>['executeTakeFirstOrThrow']>>;

async function toViews(db: Db, rows: SubmissionRow[]): Promise<SubmissionT[]> {
  if (!rows.length) return [];
  const files = await db
    .selectFrom('practice_submission_files as f')
    .innerJoin('media as m', 'm.id', 'f.media_id')
    .select(['f.submission_id', 'm.id', 'm.original_name', 'm.size_bytes', 'm.mime'])
    .where(
      'f.submission_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('f.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stepId: r.step_id,
    programmeId: r.programme_id,
    programme: { id: r.programme_id, title: r.programme_title },
    stepTitle: r.step_title,
    person: { id: r.person_id, name: r.person_name, unit: r.unit_id !== null ? { id: r.unit_id, name: r.unit_name! } : null },
    status: r.status,
    reflection: r.reflection,
    files: files.filter((f) => f.submission_id === r.id).map((f) => ({ id: f.id, name: f.original_name, size: Number(f.size_bytes), mime: f.mime, url: `/api/practice-files/${f.id}` })),
    submittedAt: r.submitted_at.toISOString(),
    rubric: r.rubric ?? [],
    review:
      r.reviewed_at && r.reviewed_by !== null
        ? {
            decision: r.status === 'accepted' ? ('accept' as const) : ('revise' as const),
            rubric: r.review_rubric ?? [],
            comment: r.review_comment ?? '',
            reviewer: { id: r.reviewed_by, name: r.reviewer_name ?? '' },
            reviewedAt: r.reviewed_at.toISOString(),
          }
        : null,
  }));
}

export async function submissionsOf(db: Db, stepId: number, personId: number) {
  const rows = await submissionQuery(db).where('ps.step_id', '=', stepId).where('ps.person_id', '=', personId).orderBy('ps.id', 'desc').execute();
  return toViews(db, rows);
}

export async function reviewQueue(db: Db, user: AuthUser, status: 'submitted' | 'all') {
  let q = submissionQuery(db).where(await reviewerFilter(db, user));
  if (status === 'submitted') q = q.where('ps.status', '=', 'submitted');
  const rows = await q.orderBy('ps.submitted_at').orderBy('ps.id').limit(500).execute();
  return toViews(db, rows);
}

const submissionNotFound = () => notFound(text('Kiriman aksi nyata tidak ditemukan.', 'Practice submission not found.'));

/** The submission when the reader is its participant or may review it; 404 otherwise (no probing ids). */
export async function readableSubmission(db: Db, user: AuthUser, id: number): Promise<{ view: SubmissionT; reviewer: boolean }> {
  const row = await submissionQuery(db).where('ps.id', '=', id).executeTakeFirst();
  if (!row) throw submissionNotFound();
  const reviewer = await mayReview(db, user, id);
  if (row.person_id !== user.id && !reviewer) throw submissionNotFound();
  return { view: (await toViews(db, [row]))[0]!, reviewer };
}

export async function mayReview(db: Db, user: AuthUser, submissionId: number): Promise<boolean> {
  const row = await db
    .selectFrom('practice_submissions as ps')
    .innerJoin('cohort_participants as cp', (j) => j.onRef('cp.programme_id', '=', 'ps.programme_id').onRef('cp.person_id', '=', 'ps.person_id'))
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .innerJoin('people as pp', 'pp.id', 'ps.person_id')
    .innerJoin('programmes as p', 'p.id', 'ps.programme_id')
    .select('ps.id')
    .where('ps.id', '=', submissionId)
    .where(await reviewerFilter(db, user))
    .executeTakeFirst();
  return !!row;
}

// ---- Submitting and reviewing -----------------------------------------------------------------

export async function submit(trx: Transaction<DB>, user: AuthUser, stepId: number, body: { reflection: string; fileIds: string[] }): Promise<number> {
  const { step, steps } = await practiceStep(trx, stepId);
  const cohort = await participantOf(trx, user, step.programme_id);
  // One submission at a time per person and step, however many tabs.
  await sql`SELECT pg_advisory_xact_lock(7341011, ${stepId}::int # ${user.id}::int)`.execute(trx);
  const state = await lockedFor(trx, steps, step, user.id, cohort);
  if (state.locked) {
    throw new AppError(409, 'step_locked', text('Langkah ini belum terbuka: selesaikan dulu langkah yang menjadi prasyaratnya.', 'This step is not open yet: first finish the steps it requires.'));
  }
  const last = await trx.selectFrom('practice_submissions').select('status').where('step_id', '=', stepId).where('person_id', '=', user.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (last?.status === 'submitted') throw conflict(text('Kiriman Anda masih menunggu penilaian.', 'Your submission is still waiting for review.'));
  if (last?.status === 'accepted') throw conflict(text('Aksi nyata ini sudah diterima.', 'This practice task has already been accepted.'));
  const reflection = body.reflection.trim();
  if (reflection.length < 20) throw invalid(text('Refleksi minimal 20 karakter.', 'The reflection needs at least 20 characters.'));
  const files = await trx.selectFrom('practice_uploads').select('media_id').where('step_id', '=', stepId).where('person_id', '=', user.id).where('media_id', 'in', body.fileIds).execute();
  if (files.length !== body.fileIds.length) {
    throw invalid(text('Ada berkas yang tidak ditemukan: unggah ulang berkasnya untuk langkah ini.', 'Some files were not found: upload them again for this step.'));
  }
  const row = await trx
    .insertInto('practice_submissions')
    .values({ step_id: stepId, programme_id: step.programme_id, person_id: user.id, reflection })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('practice_submission_files')
    .values(body.fileIds.map((m, i) => ({ submission_id: row.id, media_id: m, position: i + 1 })))
    .execute();
  return row.id;
}

export async function review(trx: Transaction<DB>, user: AuthUser, submissionId: number, body: ReviewT): Promise<void> {
  const sub = await trx.selectFrom('practice_submissions').selectAll().where('id', '=', submissionId).forUpdate().executeTakeFirst();
  if (!sub) throw submissionNotFound();
  if (!(await mayReview(trx, user, submissionId))) {
    if (sub.person_id === user.id) throw forbidden(text('Anda tidak dapat menilai kiriman Anda sendiri.', 'You cannot review your own submission.'));
    throw submissionNotFound();
  }
  if (sub.status !== 'submitted') throw conflict(text('Kiriman ini sudah dinilai.', 'This submission has already been reviewed.'));
  const step = await trx.selectFrom('programme_steps').select(['title', 'rubric', 'competencies']).where('id', '=', sub.step_id).executeTakeFirstOrThrow();
  const rubric = step.rubric ?? [];
  if (body.rubric.length !== rubric.length) {
    throw invalid(text(`Isi penilaian untuk setiap baris rubrik (${rubric.length} baris).`, `Mark every row of the rubric (${rubric.length} rows).`));
  }
  const comment = body.comment?.trim() ?? '';
  if (body.decision === 'revise' && comment.length < 3) {
    throw invalid(text('Tuliskan catatan perbaikan untuk peserta.', 'Write a comment on what to revise.'));
  }
  const marks: RubricMark[] = rubric.map((r, i) => ({ criterion: r.criterion, met: body.rubric[i]!.met, comment: body.rubric[i]!.comment?.trim() ?? '' }));
  await trx
    .updateTable('practice_submissions')
    .set({
      status: body.decision === 'accept' ? 'accepted' : 'revise',
      review_rubric: JSON.stringify(marks),
      review_comment: comment,
      reviewed_by: user.id,
      reviewed_at: sql<Date>`now()`,
    })
    .where('id', '=', submissionId)
    .execute();
  if (body.decision === 'accept') {
    for (const c of step.competencies) {
      await ensureEvidence(trx, {
        personId: sub.person_id,
        code: c.code,
        level: c.level,
        source: 'practice',
        sourceId: sub.step_id,
        sourceRecordId: sub.id,
        title: step.title,
        recordedBy: user.id,
      });
    }
    await onActivityDone(trx, sub.person_id, 'practice', sub.step_id);
  }
}

/** Who may fetch an uploaded practice file: its uploader, the reviewers of a submission holding it, the programme's admins. */
export async function mayReadFile(db: Kysely<DB>, user: AuthUser, mediaId: string): Promise<boolean> {
  const up = await db
    .selectFrom('practice_uploads as pu')
    .innerJoin('programme_steps as s', 's.id', 'pu.step_id')
    .innerJoin('programmes as p', 'p.id', 's.programme_id')
    .select(['pu.person_id', 'p.unit_id'])
    .where('pu.media_id', '=', mediaId)
    .executeTakeFirst();
  if (!up) return false;
  if (up.person_id === user.id) return true;
  if (await managesProgramme(db, user, up)) return true;
  const subs = await db.selectFrom('practice_submission_files').select('submission_id').where('media_id', '=', mediaId).execute();
  for (const s of subs) if (await mayReview(db, user, s.submission_id)) return true;
  return false;
}
