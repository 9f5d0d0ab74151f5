import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody, notFound, text } from '../plugins/errors.ts';
import { isNotModified } from './http.ts';
import { NotModified } from './schemas.ts';
import { findMedia, mediaAccess } from './service.ts';
import type { Rendition } from './video.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
const hlsNotFound = () => notFound(text('Berkas video tidak ditemukan.', 'Video file not found.'));

// Names only, no dots but the extension's: nothing can climb out of the media's HLS folder.
const FILE = '^[a-z0-9][a-z0-9_-]{0,63}\\.(m3u8|ts|m4s|mp4)$';
const RENDITION = '^[a-z0-9][a-z0-9_-]{0,31}$';

const Body = { description: 'A playlist or a media segment', type: 'string', format: 'binary' } as const;

const TYPES: Record<string, { type: string; cache: string }> = {
  // Playlists are small and must follow a re-conversion; segments never change under a name.
  m3u8: { type: 'application/vnd.apple.mpegurl', cache: 'private, no-cache' },
  ts: { type: 'video/mp2t', cache: 'private, max-age=86400, immutable' },
  m4s: { type: 'video/mp4', cache: 'private, max-age=86400, immutable' },
  mp4: { type: 'video/mp4', cache: 'private, max-age=86400, immutable' },
};

/**
 * The HLS renditions of a converted video: master.m3u8, each rendition's playlist and its
 * segments. Playlists use relative addresses, so everything resolves under these routes and
 * every request passes the same check as the original file.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, storage } = app;

  async function serve(request: FastifyRequest, reply: FastifyReply, id: string, file: string, rendition?: string) {
    const media = await findMedia(db, id);
    if (!media || !(await mediaAccess(db, request.user!, media)).read) throw hlsNotFound();
    if (media.status !== 'ready' || !media.hls_prefix) throw hlsNotFound();
    if (rendition !== undefined && !(media.renditions as Rendition[]).some((r) => r.name === rendition)) throw hlsNotFound();
    const key = `${media.hls_prefix}/${rendition === undefined ? '' : `${rendition}/`}${file}`;
    const stored = await storage.stat(key);
    if (!stored) throw hlsNotFound();
    const kind = TYPES[file.slice(file.lastIndexOf('.') + 1)]!;
    const etag = stored.etag.startsWith('"') ? stored.etag : `"${stored.etag}"`;
    reply.headers({ 'cache-control': kind.cache, etag, 'x-content-type-options': 'nosniff' });
    if (isNotModified(request.headers, etag, stored.lastModified)) return reply.code(304).send();
    reply.headers({ 'content-type': kind.type, 'content-length': String(stored.size) });
    return reply.send(await storage.get(key));
  }

  app.get(
    '/api/media/:id/hls/:file',
    {
      schema: {
        tags: ['media'],
        summary: 'The master playlist of a converted video',
        description: 'Readable by whoever may read the original file; 404 for anyone else and while the video is being converted.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), file: Type.String({ pattern: FILE }) }),
        response: { 200: Body, 304: NotModified, ...errors },
      },
    },
    async (request, reply) => serve(request, reply, request.params.id, request.params.file),
  );

  app.get(
    '/api/media/:id/hls/:rendition/:file',
    {
      schema: {
        tags: ['media'],
        summary: "A rendition's playlist or one of its segments",
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          rendition: Type.String({ pattern: RENDITION }),
          file: Type.String({ pattern: FILE }),
        }),
        response: { 200: Body, 304: NotModified, ...errors },
      },
    },
    async (request, reply) => serve(request, reply, request.params.id, request.params.file, request.params.rendition),
  );
};

export default routes;
