/** Practice evidence routes: uploading, submitting, reviewing and fetching the files. */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contentDisposition } from '../media/http.ts';
import { FileBody } from '../media/schemas.ts';
import { ErrorBody, invalid, notFound, text } from '../plugins/errors.ts';
import { lockedFor, mayReadFile, participantOf, PRACTICE_MAX_BYTES, practiceStep, readableSubmission, review, reviewQueue, storePracticeFile, submissionsOf, submit, unsupportedPracticeType } from './practice.ts';
import { FileParam, IdParam, NewSubmission, Practice, Review, ReviewsQuery, Submission, UploadedFile } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const TAG = ['programmes'];
const fileNotFound = () => notFound(text('Berkas tidak ditemukan.', 'File not found.'));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, storage } = app;
  // Only this plugin's upload route takes multipart bodies; the parser's limit sits one byte
  // above ours so the upload code answers the overflow with its own message.
  await app.register(multipart, { limits: { fileSize: PRACTICE_MAX_BYTES + 1, files: 1, fields: 0, parts: 1 } });

  app.post(
    '/api/programme-steps/:id/files',
    {
      schema: {
        tags: TAG,
        summary: 'Upload a file for a practice step (multipart, field "file"; PDF, Office documents, photos; at most 20 MB)',
        params: IdParam,
        consumes: ['multipart/form-data'],
        response: { 201: UploadedFile, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { step } = await practiceStep(db, request.params.id);
      await participantOf(db, user, step.programme_id);
      if (!request.isMultipart()) throw unsupportedPracticeType();
      const part = await request.file();
      if (!part) throw invalid(text("Tidak ada berkas pada isian 'file'.", "No file in the 'file' field."));
      if (part.fieldname !== 'file') {
        part.file.destroy();
        throw invalid(text("Berkas harus dikirim pada isian 'file'.", "Send the file in the 'file' field."));
      }
      const id = randomUUID();
      const stored = await storePracticeFile(storage, part.file, id, part.filename);
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('media')
            .values({
              id,
              owner_id: user.id,
              course_id: null,
              kind: stored.type.kind,
              mime: stored.type.mime,
              size_bytes: stored.size,
              sha256: stored.sha256,
              original_name: stored.name,
              storage_key: stored.key,
            })
            .execute();
          await trx.insertInto('practice_uploads').values({ media_id: id, step_id: step.id, person_id: user.id }).execute();
        });
      } catch (err) {
        await storage.delete(stored.key).catch((e: unknown) => request.log.error({ err: e, key: stored.key }, 'could not remove a refused upload'));
        throw err;
      }
      return reply.status(201).send({ id, name: stored.name, size: stored.size, mime: stored.type.mime });
    },
  );

  app.get(
    '/api/programme-steps/:id/practice',
    {
      schema: {
        tags: TAG,
        summary: 'A practice step for its participant: the task, the rubric, whether it is open, my submissions (newest first)',
        params: IdParam,
        response: { 200: Practice, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { step, steps } = await practiceStep(db, request.params.id);
      const cohort = await participantOf(db, user, step.programme_id);
      const state = await lockedFor(db, steps, step, user.id, cohort);
      return {
        step: {
          id: step.id,
          programmeId: step.programme_id,
          title: step.title,
          instructions: step.instructions ?? '',
          rubric: step.rubric ?? [],
          competencies: step.competencies,
          dueAt: state.dueAt?.toISOString() ?? null,
        },
        status: state.status,
        locked: state.locked,
        submissions: await submissionsOf(db, step.id, user.id),
      };
    },
  );

  app.post(
    '/api/programme-steps/:id/submissions',
    {
      schema: {
        tags: TAG,
        summary: 'Submit practice evidence: a reflection and the files uploaded for this step',
        description: '409 while the step is locked, or while the latest submission waits for review or was accepted.',
        params: IdParam,
        body: NewSubmission,
        response: { 201: Submission, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const id = await db.transaction().execute((trx) => submit(trx, user, request.params.id, request.body));
      return reply.status(201).send((await readableSubmission(db, user, id)).view);
    },
  );

  app.get(
    '/api/practice-reviews',
    {
      schema: {
        tags: TAG,
        summary: 'Practice submissions the reader may review (facilitator, principal with principal review, programme admin)',
        querystring: ReviewsQuery,
        response: { 200: Type.Object({ items: Type.Array(Submission) }), ...errors },
      },
    },
    async (request) => ({ items: await reviewQueue(db, request.user!, request.query.status ?? 'submitted') }),
  );

  app.get(
    '/api/practice-submissions/:id',
    {
      schema: {
        tags: TAG,
        summary: 'One practice submission, for its participant or someone who may review it',
        params: IdParam,
        response: { 200: Submission, ...errors },
      },
    },
    async (request) => (await readableSubmission(db, request.user!, request.params.id)).view,
  );

  app.post(
    '/api/practice-submissions/:id/review',
    {
      schema: {
        tags: TAG,
        summary: 'Review a submission against the rubric: accept (evidence, step done) or revise (comment required)',
        params: IdParam,
        body: Review,
        response: { 200: Submission, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      await db.transaction().execute((trx) => review(trx, user, request.params.id, request.body));
      return (await readableSubmission(db, user, request.params.id)).view;
    },
  );

  app.get(
    '/api/practice-files/:id',
    {
      schema: {
        tags: TAG,
        summary: 'A practice file (its uploader, the reviewers of the submission, the programme admins)',
        params: FileParam,
        response: { 200: FileBody, ...errors },
      },
    },
    async (request, reply) => {
      const media = await db.selectFrom('media').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!media || !(await mayReadFile(db, request.user!, media.id))) throw fileNotFound();
      const inline = media.kind === 'image' || media.mime === 'application/pdf';
      reply.headers({
        'content-type': media.mime,
        'content-length': String(media.size_bytes),
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', media.original_name),
        'cache-control': 'private, no-cache',
        'x-content-type-options': 'nosniff',
      });
      return reply.send(await storage.get(media.storage_key));
    },
  );
};

export default routes;
