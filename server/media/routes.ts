import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { canEditCourse, loadCourseForAccess } from '../courses/access.ts';
import type { Role } from '../db/types.ts';
import { AppError, ErrorBody, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { contentDisposition, isNotModified, parseRange, rangeStillValid } from './http.ts';
import { FileBody, Media, MediaIdParam, MediaStatus, MediaUploadDoc, NotModified } from './schemas.ts';
import {
  cleanFileName,
  courseUsage,
  deleteMediaRow,
  findMedia,
  insertMedia,
  mediaAccess,
  storeUpload,
  toMediaView,
  unsupportedType,
  type StoredUpload,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const AUTHORS: Role[] = ['trainer', 'admin'];
const mediaNotFound = () => notFound(text('Berkas tidak ditemukan.', 'File not found.'));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, storage, config } = app;

  // Only these routes take multipart bodies. The parser's own file limit sits one byte above
  // ours, so the upload code sees the overflow and answers with its own message.
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES + 1, files: 1, fields: 5, fieldSize: 100, parts: 6 } });

  app.post(
    '/api/media',
    {
      // Partner users upload for their partner's courses (the course's edit right is checked below).
      config: { roles: AUTHORS, partner: true },
      schema: {
        tags: ['media'],
        summary: 'Upload a file (video, audio, PDF, image)',
        ...MediaUploadDoc,
        consumes: ['multipart/form-data'],
        response: { 201: Media, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw unsupportedType();
      const user = request.user!;
      const id = randomUUID();
      let courseId: number | null = null;
      let quota: { quotaBytes: number; usedBytes: number } | null = null;
      let upload: StoredUpload | null = null;
      let originalName = '';
      try {
        for await (const part of request.parts()) {
          if (upload) {
            // Anything after the file arrived too late to be checked before storing it.
            if (part.type === 'file') part.file.destroy();
            throw invalid(text('Kirim satu berkas saja, sebagai bagian terakhir formulir.', 'Send one file only, as the last part of the form.'));
          }
          if (part.type === 'field') {
            if (part.fieldname !== 'courseId') throw invalid(text(`Isian '${part.fieldname}' tidak dikenal.`, `Unknown field '${part.fieldname}'.`));
            const value = String(part.value).trim();
            if (!/^[1-9]\d{0,15}$/.test(value)) throw invalid(text('courseId harus berupa bilangan bulat.', 'courseId must be an integer.'));
            courseId = Number(value);
            const course = await loadCourseForAccess(db, courseId);
            if (!course) throw notFound(text('Kursus tidak ditemukan.', 'Course not found.'));
            if (!canEditCourse(user, course)) throw forbidden(text('Anda tidak dapat mengubah kursus ini.', 'You cannot edit this course.'));
            quota = { quotaBytes: course.storage_quota_bytes, usedBytes: await courseUsage(db, courseId) };
            continue;
          }
          if (part.fieldname !== 'file') {
            part.file.destroy();
            throw invalid(text("Berkas harus dikirim pada isian 'file'.", "Send the file in the 'file' field."));
          }
          upload = await storeUpload(storage, part.file, { id, maxBytes: config.UPLOAD_MAX_BYTES, quota });
          originalName = cleanFileName(part.filename, upload.type.ext);
        }
        if (!upload) throw invalid(text("Tidak ada berkas pada isian 'file'.", "No file in the 'file' field."));
        const row = await insertMedia(db, { id, ownerId: user.id, courseId, upload, originalName });
        try {
          app.mediaEvents.emit('created', { id: row.id, kind: row.kind, mime: row.mime, storageKey: row.storage_key, courseId: row.course_id, ownerId: row.owner_id });
        } catch (err) {
          // A listener's failure must not turn a stored upload into an error for the uploader.
          request.log.error({ err, media: row.id }, 'media created listener failed');
        }
        return reply.status(201).send(toMediaView(row));
      } catch (err) {
        if (upload) await storage.delete(upload.key).catch((e: unknown) => request.log.error({ err: e, key: upload?.key }, 'could not remove a refused upload'));
        throw err;
      }
    },
  );

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/media/:id',
    // HEAD is answered here without opening the file, rather than by Fastify reading the body away.
    exposeHeadRoute: false,
    config: { partner: true },
    schema: {
      tags: ['media'],
      summary: 'The original file, with byte ranges and revalidation',
      description:
        'Single byte ranges get 206; a request for several ranges is answered whole (200). ETag is the SHA-256 of the content. ' +
        'Readable by the uploader, admins and whoever may see the course the file belongs to; 404 for anyone else.',
      params: MediaIdParam,
      response: { 200: FileBody, 206: FileBody, 304: NotModified, ...errors, 416: ErrorBody },
    },
    handler: async (request, reply) => {
      const media = await findMedia(db, request.params.id);
      if (!media || !(await mediaAccess(db, request.user!, media)).read) throw mediaNotFound();

      const size = media.size_bytes;
      const etag = `"${media.sha256}"`;
      const lastModified = media.created_at;
      const validators = {
        'accept-ranges': 'bytes',
        etag,
        'last-modified': lastModified.toUTCString(),
        // private: the file is behind authorisation, so no shared cache may keep it.
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
      };
      if (isNotModified(request.headers, etag, lastModified)) return reply.code(304).headers(validators).send();

      let range = parseRange(request.headers.range, size);
      if (range !== null && !rangeStillValid(request.headers['if-range'], etag, lastModified)) range = null;
      if (range === 'unsatisfiable') {
        throw new AppError(416, 'range_not_satisfiable', text('Rentang byte di luar ukuran berkas.', 'The byte range is outside the file.'), { size }, {
          'content-range': `bytes */${size}`,
        });
      }
      reply.headers({
        ...validators,
        'content-type': media.mime,
        // Only types a browser renders safely are allowed in, so inline is fine for every one.
        'content-disposition': contentDisposition('inline', media.original_name),
        'content-length': String(range ? range.end - range.start + 1 : size),
      });
      if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
      if (request.method === 'HEAD') return reply.send();
      return reply.send(await storage.get(media.storage_key, range ?? undefined));
    },
  });

  app.get(
    '/api/media/:id/status',
    {
      config: { partner: true },
      schema: {
        tags: ['media'],
        summary: 'Processing state of an upload (the authoring UI polls it while a video is converted)',
        params: MediaIdParam,
        response: { 200: MediaStatus, ...errors },
      },
    },
    async (request) => {
      const media = await findMedia(db, request.params.id);
      if (!media || !(await mediaAccess(db, request.user!, media)).manage) throw mediaNotFound();
      return { id: media.id, status: media.status, progress: media.progress, error: media.error };
    },
  );

  app.delete(
    '/api/media/:id',
    {
      config: { partner: true },
      schema: {
        tags: ['media'],
        summary: 'Delete an upload that no lesson or course uses',
        params: MediaIdParam,
        response: { 204: { description: 'Deleted', type: 'null' }, ...errors, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const media = await findMedia(db, request.params.id);
      if (!media) throw mediaNotFound();
      const access = await mediaAccess(db, request.user!, media);
      if (!access.read) throw mediaNotFound();
      if (!access.manage) throw forbidden();
      const removed = await deleteMediaRow(db, media.id);
      if (!removed) throw mediaNotFound();
      const { storageKey, hlsPrefix } = removed;
      // The row goes first: a file left over by a failed removal is harmless, a row without its file is not.
      try {
        await storage.delete(storageKey);
        if (hlsPrefix) await storage.deletePrefix(hlsPrefix.endsWith('/') ? hlsPrefix : `${hlsPrefix}/`);
      } catch (err) {
        request.log.error({ err, key: storageKey }, 'media deleted but its files could not be removed');
      }
      return reply.status(204).send();
    },
  );
};

export default routes;
