import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import { canEditCourse, canViewCourse, loadCourseForAccess } from '../courses/access.ts';
import type { DB, MediaKind, MediaTable } from '../db/types.ts';
import { teamIds } from '../org/service.ts';
import { AppError, conflict, invalid, text } from '../plugins/errors.ts';
import type { MediaT } from './schemas.ts';
import type { Storage } from './storage.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type MediaRow = Selectable<MediaTable>;

/** What 'created' carries: enough for the video worker to pick the file up. */
export interface MediaCreated {
  id: string;
  kind: MediaKind;
  mime: string;
  storageKey: string;
  courseId: number | null;
  ownerId: number | null;
}
/** A listener for app.mediaEvents.on('created', …); it runs after the row is committed. */
export type MediaCreatedListener = (media: { id: string; kind: string }) => void;
export type MediaEventMap = { created: [MediaCreated] };

// ---- What may be uploaded ------------------------------------------------------------------

export interface AllowedType {
  ext: string;
  mime: string;
  kind: MediaKind;
}
/** By the extension file-type reports for the content. Text formats (SVG, HTML) are refused: they can carry script. */
const ALLOWED: Record<string, AllowedType> = {
  mp4: { ext: 'mp4', mime: 'video/mp4', kind: 'video' },
  webm: { ext: 'webm', mime: 'video/webm', kind: 'video' },
  mov: { ext: 'mov', mime: 'video/quicktime', kind: 'video' },
  mp3: { ext: 'mp3', mime: 'audio/mpeg', kind: 'audio' },
  m4a: { ext: 'm4a', mime: 'audio/mp4', kind: 'audio' },
  ogg: { ext: 'ogg', mime: 'audio/ogg', kind: 'audio' },
  oga: { ext: 'ogg', mime: 'audio/ogg', kind: 'audio' },
  opus: { ext: 'ogg', mime: 'audio/ogg', kind: 'audio' },
  pdf: { ext: 'pdf', mime: 'application/pdf', kind: 'document' },
  png: { ext: 'png', mime: 'image/png', kind: 'image' },
  jpg: { ext: 'jpg', mime: 'image/jpeg', kind: 'image' },
  webp: { ext: 'webp', mime: 'image/webp', kind: 'image' },
  gif: { ext: 'gif', mime: 'image/gif', kind: 'image' },
};

/** How much of the start of a file the type detection sees (ID3 tags push MP3 frames back). */
const SAMPLE_BYTES = 64 * 1024;

export async function detectType(head: Uint8Array): Promise<AllowedType | null> {
  // Malformed content can make a detector throw: that is simply not a type we know.
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  return (found && ALLOWED[found.ext]) ?? null;
}

export const unsupportedType = () =>
  new AppError(
    415,
    'unsupported_media_type',
    text(
      'Jenis berkas ini tidak didukung. Yang diterima: video (MP4, WebM, MOV), audio (MP3, M4A, OGG), dokumen PDF, dan gambar (PNG, JPEG, WebP, GIF).',
      'This kind of file is not supported. Accepted: video (MP4, WebM, MOV), audio (MP3, M4A, OGG), PDF documents, and images (PNG, JPEG, WebP, GIF).',
    ),
  );

const mib = (bytes: number) => `${Math.floor((bytes / (1024 * 1024)) * 10) / 10} MiB`;

export const payloadTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'payload_too_large',
    text(`Berkas terlalu besar: paling besar ${mib(maxBytes)}.`, `The file is too large: the limit is ${mib(maxBytes)}.`),
    { maxBytes },
  );

export const quotaExceeded = (quotaBytes: number, usedBytes: number) =>
  new AppError(
    413,
    'quota_exceeded',
    text(
      `Ruang penyimpanan kursus ini tidak cukup: terpakai ${mib(usedBytes)} dari ${mib(quotaBytes)}. Hapus berkas yang tidak dipakai atau minta admin menambah kuota.`,
      `Not enough storage left for this course: ${mib(usedBytes)} of ${mib(quotaBytes)} used. Delete unused files or ask an admin for a larger quota.`,
    ),
    { quotaBytes, usedBytes },
  );

// ---- Receiving an upload -------------------------------------------------------------------

export interface StoredUpload {
  key: string;
  type: AllowedType;
  size: number;
  sha256: string;
}

export const mediaKey = (id: string, ext: string) => `media/${id}/original.${ext}`;

/**
 * Streams an uploaded file into storage: never whole in memory, counted and hashed as it passes,
 * its type detected from its first bytes. Past `maxBytes` (or the course's remaining quota) the
 * upload stops at once. On any failure nothing is left in storage and the source is destroyed.
 */
export async function storeUpload(
  storage: Storage,
  file: Readable,
  opts: {
    id: string;
    maxBytes: number;
    quota: { quotaBytes: number; usedBytes: number } | null;
    /** Another feature's own types and storage key (practice files); by default a course's media. */
    detect?: (head: Uint8Array) => Promise<AllowedType | null>;
    unsupported?: () => Error;
    key?: (id: string, ext: string) => string;
  },
): Promise<StoredUpload> {
  const { maxBytes, quota } = opts;
  const limit = quota ? Math.min(maxBytes, quota.quotaBytes - quota.usedBytes) : maxBytes;
  const overLimit = (bytes: number) => (bytes > maxBytes || !quota ? payloadTooLarge(maxBytes) : quotaExceeded(quota.quotaBytes, quota.usedBytes));
  const hash = createHash('sha256');
  let bytes = 0;
  const iterator = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const take = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > limit) throw overLimit(bytes);
    hash.update(chunk);
  };

  // Peek at the head for the type, then stream the head and the rest on.
  const head: Buffer[] = [];
  let ended = false;
  try {
    while (bytes < SAMPLE_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      take(next.value);
      head.push(next.value);
    }
    if (bytes === 0) throw invalid(text('Berkasnya kosong.', 'The file is empty.'));
  } catch (err) {
    file.destroy();
    throw err;
  }
  const type = await (opts.detect ?? detectType)(Buffer.concat(head));
  if (!type) {
    file.destroy();
    throw (opts.unsupported ?? unsupportedType)();
  }

  let failure: unknown = null;
  async function* body() {
    let finished = ended;
    try {
      yield* head;
      while (!finished) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        try {
          take(next.value);
        } catch (err) {
          failure = err;
          throw err;
        }
        yield next.value;
      }
    } finally {
      if (!finished) file.destroy();
    }
  }

  const key = (opts.key ?? mediaKey)(opts.id, type.ext);
  try {
    const { size } = await storage.put(key, Readable.from(body(), { objectMode: false }), { contentType: type.mime });
    if (size !== bytes) throw new Error(`stored ${size} bytes of ${bytes} for ${key}`);
  } catch (err) {
    // The stores leave nothing behind on a failed put; this covers a put that did complete.
    await storage.delete(key).catch(() => {});
    throw failure ?? err;
  }
  return { key, type, size: bytes, sha256: hash.digest('hex') };
}

/** A name safe to show and to put in a header: no folders, no control characters, not too long. */
export function cleanFileName(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || `berkas.${ext}`).slice(0, 200);
}

// ---- Queries -------------------------------------------------------------------------------

export async function courseUsage(db: Db, courseId: number): Promise<number> {
  const row = await db
    .selectFrom('media')
    .select(sql<number>`coalesce(sum(size_bytes), 0)::bigint`.as('used'))
    .where('course_id', '=', courseId)
    .executeTakeFirstOrThrow();
  return Number(row.used);
}

/**
 * Records a stored upload. With a course, the course row is locked and the quota checked again,
 * so two uploads racing for the last space cannot both get it.
 */
export async function insertMedia(
  db: Kysely<DB>,
  values: { id: string; ownerId: number; courseId: number | null; upload: StoredUpload; originalName: string },
): Promise<MediaRow> {
  const { id, ownerId, courseId, upload, originalName } = values;
  return db.transaction().execute(async (trx) => {
    if (courseId !== null) {
      const course = await trx.selectFrom('courses').select('storage_quota_bytes').where('id', '=', courseId).forUpdate().executeTakeFirstOrThrow();
      const used = await courseUsage(trx, courseId);
      if (used + upload.size > course.storage_quota_bytes) throw quotaExceeded(course.storage_quota_bytes, used);
    }
    const isVideo = upload.type.kind === 'video';
    return trx
      .insertInto('media')
      .values({
        id,
        owner_id: ownerId,
        course_id: courseId,
        kind: upload.type.kind,
        mime: upload.type.mime,
        size_bytes: upload.size,
        sha256: upload.sha256,
        original_name: originalName,
        storage_key: upload.key,
        // The video worker picks up 'processing' videos and turns them into HLS renditions.
        status: isVideo ? 'processing' : 'ready',
        progress: isVideo ? 0 : 100,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function findMedia(db: Db, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function toMediaView(row: MediaRow): MediaT {
  return {
    id: row.id,
    kind: row.kind,
    mime: row.mime,
    sizeBytes: row.size_bytes,
    originalName: row.original_name,
    status: row.status,
    progress: row.progress,
    courseId: row.course_id,
    createdAt: row.created_at.toISOString(),
    url: `/api/media/${row.id}`,
  };
}

// ---- Who may do what -----------------------------------------------------------------------

/**
 * Read: the uploader, admins, and whoever may view the media's course. Manage (status, delete):
 * the uploader, admins and the course's editors. A media with no course is the uploader's alone.
 */
export async function mediaAccess(db: Db, user: AuthUser, media: Pick<MediaRow, 'owner_id' | 'course_id'> & { id?: string }): Promise<{ read: boolean; manage: boolean }> {
  if (user.roles.includes('admin') || (media.owner_id !== null && media.owner_id === user.id)) return { read: true, manage: true };
  if (media.course_id === null) {
    // A picture in a question of a test outside any course: those who were shown the question see it.
    if (media.id && (await shownInMyAttempt(db, user.id, media.id))) return { read: true, manage: false };
    // The proof of a prior-learning claim: the claimant's supervisors review it.
    if (media.id && user.roles.includes('supervisor') && (await proofOfMyTeam(db, user.id, media.id))) return { read: true, manage: false };
    return { read: false, manage: false };
  }
  const course = await loadCourseForAccess(db, media.course_id);
  if (!course) return { read: false, manage: false };
  return { read: canViewCourse(user, course), manage: canEditCourse(user, course) };
}

async function proofOfMyTeam(db: Db, supervisorId: number, mediaId: string): Promise<boolean> {
  const claim = await db.selectFrom('prior_learning_claims').select('person_id').where('proof_media_id', '=', mediaId).executeTakeFirst();
  return !!claim && (await teamIds(db, supervisorId)).includes(claim.person_id);
}

async function shownInMyAttempt(db: Db, personId: number, mediaId: string): Promise<boolean> {
  const row = await db
    .selectFrom('attempt_questions as aq')
    .innerJoin('quiz_attempts as a', 'a.id', 'aq.attempt_id')
    .innerJoin('question_versions as v', 'v.id', 'aq.version_id')
    .select('aq.attempt_id')
    .where('a.person_id', '=', personId)
    .where(sql<boolean>`strpos(v.doc::text, ${`/api/media/${mediaId}`}) > 0`)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * Deletes the row, unless a lesson, a course cover or a course draft still uses the file.
 * Returns the storage to clean once the deletion is committed (null: the row was already gone).
 */
export async function deleteMediaRow(db: Kysely<DB>, id: string): Promise<{ storageKey: string; hlsPrefix: string | null } | null> {
  return db.transaction().execute(async (trx) => {
    const media = await trx.selectFrom('media').select(['storage_key', 'hls_prefix']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!media) return null; // deleted meanwhile
    const lesson = await trx.selectFrom('lessons').select('id').where('media_id', '=', id).limit(1).executeTakeFirst();
    const course = await trx
      .selectFrom('courses')
      .select('id')
      .where((eb) => eb.or([eb('cover_media_id', '=', id), eb(sql<string>`draft::text`, 'like', `%${id}%`)]))
      .limit(1)
      .executeTakeFirst();
    if (lesson || course) {
      throw conflict(
        text('Berkas ini masih dipakai oleh pelajaran atau kursus; lepaskan dulu dari sana.', 'This file is still used by a lesson or a course; remove it there first.'),
      );
    }
    await trx.deleteFrom('media').where('id', '=', id).execute();
    return { storageKey: media.storage_key, hlsPrefix: media.hls_prefix };
  });
}
