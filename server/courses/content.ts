import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { parse as parseYaml } from 'yaml';
import type { DB, MediaKind, Tier } from '../db/types.ts';
import { TIERS } from '../db/types.ts';
import type { Storage } from '../media/storage.ts';
import { CourseDoc, type CourseDocT } from './schemas.ts';
import { RESERVED_SLUGS } from './authoring.ts';
import { publishDocument } from './service.ts';
import { loadQuizContent, type QuizLoadResult } from '../quizzes/content.ts';
import { loadCompetencyContent, type CompetencyLoadResult } from '../competencies/content.ts';
import { backfillLedgers } from '../competencies/ledger.ts';
import { loadSatisfactionContent } from '../satisfaction/content.ts';
import { withRecordingLessons } from '../webinars/recordings.ts';

export class CourseContentError extends Error {}

const MEDIA_TYPES: Record<string, { mime: string; kind: MediaKind }> = {
  '.mp4': { mime: 'video/mp4', kind: 'video' },
  '.webm': { mime: 'video/webm', kind: 'video' },
  '.pdf': { mime: 'application/pdf', kind: 'document' },
  '.png': { mime: 'image/png', kind: 'image' },
  '.jpg': { mime: 'image/jpeg', kind: 'image' },
  '.jpeg': { mime: 'image/jpeg', kind: 'image' },
  '.webp': { mime: 'image/webp', kind: 'image' },
  '.svg': { mime: 'image/svg+xml', kind: 'image' },
  '.mp3': { mime: 'audio/mpeg', kind: 'audio' },
};

interface FileLesson {
  key: string;
  kind: CourseDocT['modules'][number]['lessons'][number]['kind'];
  title: string;
  file?: string;
  media?: string;
  url?: string;
  /** A quiz lesson: the quiz's slug (content/quizzes/<slug>.yaml). */
  quiz?: string;
  required?: boolean;
  duration_minutes?: number;
  min_watch_pct?: number;
}
interface FileCourse {
  slug: string;
  title: string;
  summary?: string;
  language?: 'id' | 'en';
  jp?: number;
  level?: 'dasar' | 'menengah' | 'lanjut';
  cover?: string;
  competencies?: { code: string; level: number }[];
  targets?: { units?: string[]; tiers?: string[]; positions?: { unit: string; name: string }[] };
  prerequisites?: string[];
  min_video_watch_pct?: number;
  modules?: { key: string; title: string; lessons?: FileLesson[] }[];
}

interface ReadCourse {
  dir: string;
  meta: FileCourse;
  description: string;
  bodies: Map<string, string>;
  /** Media paths (relative) with their SHA-256. */
  media: Map<string, { sha256: string; size: number }>;
  hash: string;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads and checks one course folder; nothing is written. */
export async function readCourseFolder(dir: string): Promise<ReadCourse> {
  const where = path.basename(dir);
  const fail = (msg: string): never => {
    throw new CourseContentError(`content/courses/${where}: ${msg}`);
  };
  const source = await readFile(path.join(dir, 'course.md'), 'utf8').catch(() => fail('course.md is missing'));
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!m) fail('course.md must start with YAML front matter between --- lines');
  let meta: FileCourse;
  try {
    meta = parseYaml(m![1]!) as FileCourse;
  } catch (err) {
    return fail(`front matter: ${(err as Error).message}`);
  }
  if (!meta || typeof meta !== 'object') fail('front matter is empty');
  if (meta.slug !== where) fail(`slug '${meta.slug}' must equal the folder name`);
  if (RESERVED_SLUGS.has(meta.slug)) fail(`'${meta.slug}' is the address of a page of the web app; choose another slug`);
  const inside = (rel: string) => {
    const abs = path.resolve(dir, rel);
    if (!abs.startsWith(dir + path.sep)) fail(`${rel}: outside the course folder`);
    if (!existsSync(abs)) fail(`${rel}: file not found`);
    return abs;
  };
  const hash = createHash('sha256').update(source);
  const bodies = new Map<string, string>();
  const media = new Map<string, { sha256: string; size: number }>();
  const addMedia = async (rel: string) => {
    if (media.has(rel)) return;
    const ext = path.extname(rel).toLowerCase();
    if (!MEDIA_TYPES[ext]) fail(`${rel}: unsupported media type ${ext}`);
    const abs = inside(rel);
    const digest = await sha256File(abs);
    media.set(rel, { sha256: digest, size: (await stat(abs)).size });
    hash.update(`media:${rel}:${digest}`);
  };
  if (meta.cover) await addMedia(meta.cover);
  for (const mod of meta.modules ?? []) {
    for (const lesson of mod.lessons ?? []) {
      if (lesson.file) {
        const body = await readFile(inside(lesson.file), 'utf8');
        bodies.set(lesson.file, body);
        hash.update(`file:${lesson.file}:${body}`);
      }
      if (lesson.media) await addMedia(lesson.media);
    }
  }
  return { dir, meta, description: m![2]!.trim(), bodies, media, hash: hash.digest('hex') };
}

export interface LoadResult {
  loaded: string[];
  unchanged: string[];
  skipped: string[];
  /** Videos stored as new media, for the transcoder. */
  newVideos: string[];
}

/**
 * Loads content/courses/* idempotently: an unchanged course (same content hash) is left alone;
 * a changed one is published as a new version, matched by lesson keys so progress survives.
 * Courses authored in the browser under the same slug are never overwritten.
 */
export async function loadCourseContent(db: Kysely<DB>, storage: Storage, contentDir: string, log: (line: string) => void = () => {}): Promise<LoadResult> {
  const root = path.join(contentDir, 'courses');
  const result: LoadResult = { loaded: [], unchanged: [], skipped: [], newVideos: [] };
  if (!existsSync(root)) return result;
  const folders = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
  const courses = await Promise.all(folders.map(readCourseFolder));
  // Prerequisites first.
  const ordered: ReadCourse[] = [];
  const visit = (c: ReadCourse, trail: string[]) => {
    if (ordered.includes(c)) return;
    if (trail.includes(c.meta.slug)) throw new CourseContentError(`content/courses: prerequisite loop ${[...trail, c.meta.slug].join(' → ')}`);
    for (const p of c.meta.prerequisites ?? []) {
      const dep = courses.find((x) => x.meta.slug === p);
      if (dep) visit(dep, [...trail, c.meta.slug]);
    }
    ordered.push(c);
  };
  for (const c of courses) visit(c, []);

  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const quizIds = new Map((await db.selectFrom('quizzes').select(['id', 'slug']).execute()).map((q) => [q.slug, q.id]));
  for (const c of ordered) {
    const slug = c.meta.slug;
    const existing = await db.selectFrom('courses').select(['id', 'source', 'content_hash']).where('slug', '=', slug).executeTakeFirst();
    if (existing && existing.source !== 'file') {
      log(`content/courses/${slug}: a course authored in the app has this address; the folder is ignored`);
      result.skipped.push(slug);
      continue;
    }
    if (existing?.content_hash === c.hash) {
      result.unchanged.push(slug);
      continue;
    }
    const newVideos = await db.transaction().execute(async (trx) => {
      // Two instances starting together: one loads, the other finds the hash already there.
      await sql`SELECT pg_advisory_xact_lock(7341003)`.execute(trx);
      const again = await trx.selectFrom('courses').select(['id', 'content_hash']).where('slug', '=', slug).executeTakeFirst();
      if (again?.content_hash === c.hash) return null;
      const courseId =
        again?.id ??
        (await trx.insertInto('courses').values({ slug, title: c.meta.title, source: 'file', status: 'draft' }).returning('id').executeTakeFirstOrThrow()).id;

      const created: string[] = [];
      const mediaIds = new Map<string, string>();
      for (const [rel, info] of c.media) {
        const found = await trx.selectFrom('media').select('id').where('course_id', '=', courseId).where('sha256', '=', info.sha256).executeTakeFirst();
        if (found) {
          mediaIds.set(rel, found.id);
          continue;
        }
        const ext = path.extname(rel).toLowerCase();
        const type = MEDIA_TYPES[ext]!;
        const id = randomUUID();
        const key = `media/${id}/original${ext}`;
        await storage.put(key, createReadStream(path.join(c.dir, rel)), { contentType: type.mime, size: info.size });
        await trx
          .insertInto('media')
          .values({
            id,
            course_id: courseId,
            owner_id: null,
            kind: type.kind,
            mime: type.mime,
            size_bytes: info.size,
            sha256: info.sha256,
            original_name: path.basename(rel),
            storage_key: key,
            status: type.kind === 'video' ? 'processing' : 'ready',
            progress: type.kind === 'video' ? 0 : 100,
          })
          .execute();
        mediaIds.set(rel, id);
        if (type.kind === 'video') created.push(id);
      }

      const t = c.meta.targets ?? {};
      const unitIds = (t.units ?? []).map((code) => units.get(code) ?? fail(slug, `unknown office code ${code}`));
      const positionIds: number[] = [];
      for (const p of t.positions ?? []) {
        const unitId = units.get(p.unit) ?? fail(slug, `unknown office code ${p.unit}`);
        const pos = await trx.selectFrom('positions').select('id').where('unit_id', '=', unitId).where(sql`lower(name)`, '=', p.name.toLowerCase()).executeTakeFirst();
        positionIds.push(pos?.id ?? fail(slug, `no position '${p.name}' in ${p.unit}`));
      }
      const tiers = (t.tiers ?? []).map((x) => (TIERS as readonly string[]).includes(x) ? (x as Tier) : fail(slug, `unknown tier ${x}`));
      const raw = {
        title: c.meta.title,
        summary: c.meta.summary ?? '',
        description: c.description,
        language: c.meta.language ?? 'id',
        jp: c.meta.jp ?? 0,
        level: c.meta.level ?? 'dasar',
        coverMediaId: c.meta.cover ? mediaIds.get(c.meta.cover)! : null,
        competencies: c.meta.competencies ?? [],
        targets: { unitIds, positionIds, tiers },
        prerequisites: c.meta.prerequisites ?? [],
        minVideoWatchPct: c.meta.min_video_watch_pct ?? 0,
        modules: (c.meta.modules ?? []).map((mod) => ({
          key: mod.key,
          title: mod.title,
          lessons: (mod.lessons ?? []).map((l) => ({
            key: l.key,
            kind: l.kind,
            title: l.title,
            body: l.file ? c.bodies.get(l.file)! : '',
            mediaId: l.media ? mediaIds.get(l.media)! : null,
            url: l.url ?? null,
            quizId: l.quiz ? (quizIds.get(l.quiz) ?? fail(slug, `lesson ${l.key}: no quiz '${l.quiz}' in content/quizzes`)) : null,
            required: l.required ?? true,
            durationMinutes: l.duration_minutes ?? null,
            minWatchPct: l.min_watch_pct ?? null,
          })),
        })),
      };
      const doc = Value.Default(CourseDoc, raw) as CourseDocT;
      const errors = [...Value.Errors(CourseDoc, doc)];
      if (errors.length) fail(slug, errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; '));
      // Webinar recordings the app added to this course stay in it (the files do not list them).
      await publishDocument(trx, courseId, slug, await withRecordingLessons(trx, courseId, doc));
      await trx.updateTable('courses').set({ content_hash: c.hash, source: 'file' }).where('id', '=', courseId).execute();
      return created;
    });
    if (newVideos === null) {
      result.unchanged.push(slug);
    } else {
      result.loaded.push(slug);
      result.newVideos.push(...newVideos);
    }
  }
  return result;
}

function fail(slug: string, msg: string): never {
  throw new CourseContentError(`content/courses/${slug}: ${msg}`);
}

/** Loads the course files into a built app and hands new videos to the transcoder. */
export async function loadContentIntoApp(app: FastifyInstance, contentDir: string, log: (line: string) => void = () => {}): Promise<LoadResult & { quizzes: QuizLoadResult; competencies: CompetencyLoadResult }> {
  // Frameworks and standards first (quizzes and courses name competencies), then quizzes
  // (course lessons point at them), then courses, then the quizzes' links to courses that did
  // not exist yet.
  const competencies = await loadCompetencyContent(app.db, contentDir, log);
  const quizzes = await loadQuizContent(app.db, contentDir, log);
  const result = await loadCourseContent(app.db, app.storage, contentDir, log);
  await quizzes.linkCourses();
  await backfillLedgers(app.db, log);
  // Survey offices and counters (after the offices and competencies their evidence names).
  await loadSatisfactionContent(app.db, contentDir, {
    demo: app.config.SINAU_DEMO,
    signals: { threshold: app.config.SURVEY_SIGNAL_THRESHOLD, minResponses: app.config.SURVEY_SIGNAL_MIN_RESPONSES },
    log,
  });
  if (result.loaded.length) app.courseCatalogue.invalidate();
  if (result.newVideos.length) {
    const rows = await app.db.selectFrom('media').select(['id', 'kind', 'mime', 'storage_key', 'course_id', 'owner_id']).where('id', 'in', result.newVideos).execute();
    for (const r of rows) app.mediaEvents.emit('created', { id: r.id, kind: r.kind, mime: r.mime, storageKey: r.storage_key, courseId: r.course_id, ownerId: r.owner_id });
  }
  return { ...result, quizzes, competencies };
}
