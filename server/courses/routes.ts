import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import { onCourseCompleted } from '../competencies/ledger.ts';
import type { CourseLevel, CourseStatus, DB, LessonKind } from '../db/types.ts';
import { AppError, ErrorBody, notFound, text } from '../plugins/errors.ts';
import { canEditCourse, canViewCourse } from './access.ts';
import { renderMarkdown } from './markdown.ts';
import { CatalogueQuery, CataloguePage, CourseDetail, LessonDetail, MyEnrollment, ProgressBody, ProgressReply, Slug } from './schemas.ts';
import { courseProgress, ENROLMENT_PROGRESS_SQL, enrolmentProgress, mergeRanges, rangesTotal } from './service.ts';
import { preparedQuery } from '../db/connect.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const coverUrl = (id: string | null) => (id ? `/api/media/${id}` : null);

/** What every course card shows about a course, computed in SQL (alias `c` for courses). */
function courseFacts() {
  return [
    sql<{ code: string; level: number }[]>`coalesce((SELECT json_agg(json_build_object('code', cc.competency_code, 'level', cc.level) ORDER BY cc.competency_code) FROM course_competencies cc WHERE cc.course_id = c.id), '[]')`.as('competencies'),
    sql<number>`(SELECT count(*)::int FROM lessons l WHERE l.course_id = c.id AND l.retired_at IS NULL)`.as('lesson_count'),
    sql<number>`(SELECT coalesce(sum(l.duration_minutes), 0)::int FROM lessons l WHERE l.course_id = c.id AND l.retired_at IS NULL)`.as('duration'),
    sql<LessonKind[]>`coalesce((SELECT array_agg(DISTINCT l.kind ORDER BY l.kind) FROM lessons l WHERE l.course_id = c.id AND l.retired_at IS NULL), '{}')`.as('kinds'),
  ] as const;
}

interface FactsRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  jp: number;
  level: CourseLevel;
  language: string;
  status: CourseStatus;
  cover_media_id: string | null;
  competencies: { code: string; level: number }[];
  lesson_count: number;
  duration: number;
  kinds: LessonKind[];
}

function cardFacts(r: FactsRow) {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    jp: r.jp,
    level: r.level,
    language: r.language,
    status: r.status,
    coverUrl: coverUrl(r.cover_media_id),
    competencies: r.competencies,
    lessonCount: r.lesson_count,
    durationMinutes: r.duration,
    kinds: r.kinds,
  };
}

/** Whether a course's targets include the reader's office, position or tier. */
function meantFor(c: { unitIds: number[]; positionIds: number[]; tiers: string[] }, place: AuthUser['place']): boolean {
  return (
    (place.unitId !== null && c.unitIds.includes(place.unitId)) ||
    (place.positionId !== null && c.positionIds.includes(place.positionId)) ||
    (place.tier !== null && c.tiers.includes(place.tier))
  );
}

/** JSON already serialised (by the route's response schema): Fastify sends it as it is. */
const sendJson = (reply: FastifyReply, body: string | Buffer) => reply.type('application/json; charset=utf-8').send(body);

export function courseNotFound() {
  return notFound(text('Kursus tidak ditemukan.', 'Course not found.'));
}

const byTitle = new Intl.Collator('id');

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  /** A course's own facts as cards show them. */
  const factsQuery = () =>
    db.selectFrom('courses as c').select(['c.id', 'c.slug', 'c.title', 'c.summary', 'c.jp', 'c.level', 'c.language', 'c.status', 'c.cover_media_id', ...courseFacts()]);

  /**
   * What a course page shows that is the same for everyone, per published version: kept in
   * memory, since rendering the Markdown and gathering the structure is most of the page's cost.
   */
  const structures = new Map<string, Promise<CourseStructure>>();
  function structure(courseId: number, version: number, descriptionMd: string) {
    const key = `${courseId}:${version}`;
    let hit = structures.get(key);
    if (!hit) {
      if (structures.size > 500) structures.clear();
      hit = loadStructure(courseId, descriptionMd);
      hit.catch(() => structures.delete(key));
      structures.set(key, hit);
    }
    return hit;
  }
  async function loadStructure(courseId: number, descriptionMd: string) {
    const [modules, lessons, prereqs, owner, targets] = await Promise.all([
      db.selectFrom('course_modules').select(['id', 'key', 'title']).where('course_id', '=', courseId).where('retired_at', 'is', null).orderBy('position').execute(),
      db
        .selectFrom('lessons')
        .select(['id', 'key', 'kind', 'title', 'required', 'duration_minutes', 'module_id'])
        .where('course_id', '=', courseId)
        .where('retired_at', 'is', null)
        .orderBy('position')
        .execute(),
      db.selectFrom('course_prerequisites as cp').innerJoin('courses as r', 'r.id', 'cp.requires_id').select(['r.id', 'r.slug', 'r.title']).where('cp.course_id', '=', courseId).execute(),
      db.selectFrom('courses as c').innerJoin('people as p', 'p.id', 'c.owner_id').select(['p.id', 'p.name']).where('c.id', '=', courseId).executeTakeFirst(),
      db.selectFrom('course_targets').select(['unit_id', 'position_id', 'tier']).where('course_id', '=', courseId).execute(),
    ]);
    return {
      descriptionHtml: renderMarkdown(descriptionMd),
      modules,
      lessons,
      prereqs,
      owner: owner ?? null,
      targets: {
        unitIds: targets.flatMap((t) => (t.unit_id ? [t.unit_id] : [])),
        positionIds: targets.flatMap((t) => (t.position_id ? [t.position_id] : [])),
        tiers: targets.flatMap((t) => (t.tier ? [t.tier] : [])),
      },
    };
  }
  type CourseStructure = Awaited<ReturnType<typeof loadStructure>>;

  /** Published courses as cards, without anything personal; refreshed on publish and every few seconds. */
  async function loadCatalogue() {
    const rows = await factsQuery()
      .select([
        sql<number[]>`coalesce((SELECT array_agg(t.unit_id)::int[] FROM course_targets t WHERE t.course_id = c.id AND t.unit_id IS NOT NULL), '{}')`.as('unit_ids'),
        sql<number[]>`coalesce((SELECT array_agg(t.position_id)::int[] FROM course_targets t WHERE t.course_id = c.id AND t.position_id IS NOT NULL), '{}')`.as('position_ids'),
        sql<string[]>`coalesce((SELECT array_agg(t.tier) FROM course_targets t WHERE t.course_id = c.id AND t.tier IS NOT NULL), '{}')`.as('tiers'),
      ])
      .where('c.status', '=', 'published')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      jp: r.jp,
      level: r.level,
      kinds: r.kinds,
      competencies: r.competencies,
      unitIds: r.unit_ids,
      positionIds: r.position_ids,
      tiers: r.tiers,
      card: cardFacts(r),
    })).sort((a, b) => byTitle.compare(a.title, b.title)); // in title order, which later sorts keep among equals
  }
  const catalogue = app.courseCatalogue as import('./catalogue.ts').CatalogueCache<Awaited<ReturnType<typeof loadCatalogue>>>;
  catalogue.loader = loadCatalogue;
  /** Each reader's enrolments and progress, for a few seconds; every write below forgets the writer's. */
  const readers = catalogue.readers;

  /**
   * My part of the catalogue: my enrolments with progress, and where I sit (for "meant for me").
   * Small queries with simple plans: at catalogue rates, planning a clever query costs more than
   * running it.
   */
  async function personalCards(user: AuthUser) {
    const place = user.place;
    const enrolments = await readers.get(user.id, 'cards', () =>
      preparedQuery<{ course_id: number; completed_at: Date | null; due_at: Date | null; source: 'self' | 'assigned'; progress: number }>(
        db,
        'catalogue.my-enrolments',
        `SELECT e.course_id, e.completed_at, e.due_at, e.source, ${ENROLMENT_PROGRESS_SQL} AS progress FROM enrollments e WHERE e.person_id = $1`,
        [user.id],
      ),
    );
    const byCourse = new Map(enrolments.map((e) => [e.course_id, e]));
    return {
      recommended: (c: { unitIds: number[]; positionIds: number[]; tiers: string[] }) => meantFor(c, place),
      enrollment: (courseId: number) => {
        const e = byCourse.get(courseId);
        if (!e) return null;
        return { progress: e.progress, completedAt: iso(e.completed_at), dueAt: iso(e.due_at), source: e.source };
      },
    };
  }

  /**
   * Sends a reader's page as JSON, serialised by the route's response schema like any reply. The
   * JSON is kept with the reader's cached data (see ReaderCache: forgotten on their writes), so
   * reading the same page again renders nothing. Its key holds everything the page shows that is
   * not the reader's own cached data: the catalogue's generation, where the reader sits (what is
   * meant for them), their roles (what they may edit) and the address with its query.
   */
  async function sendReaderPage(request: FastifyRequest, reply: FastifyReply, render: () => Promise<unknown>) {
    const user = request.user!;
    const entry = readers.entry(user.id);
    if (!entry) return sendJson(reply, reply.serialize(await render()) as string);
    const { place } = user;
    const key = `${catalogue.fresh()} ${place.unitId} ${place.positionId} ${place.tier} ${user.roles.join()} ${request.url}`;
    let body = readers.reply(entry, key);
    if (body === undefined) {
      // Encoded once: sending bytes spares measuring and encoding the text on every read.
      body = Buffer.from(reply.serialize(await render()) as string);
      readers.keep(user.id, entry, key, body);
    }
    return sendJson(reply, body);
  }

  /** Published courses matching the words (Indonesian stemming: pelayanan ~ melayani, or in the title), with rank. */
  function search(term: string) {
    return catalogue.search(term, async () => {
      const like = `%${term.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const rows = await preparedQuery<{ id: number; rank: number }>(
        db,
        'catalogue.search',
        `SELECT c.id, ts_rank(c.search, websearch_to_tsquery('indonesian', $1)) AS rank
           FROM courses c
          WHERE c.status = 'published' AND (c.search @@ websearch_to_tsquery('indonesian', $1) OR lower(c.title) LIKE $2)`,
        [term, like],
      );
      return new Map(rows.map((r) => [r.id, r.rank]));
    });
  }

  /** The catalogue as `user` sees it: filtered, meant for them first, with their enrolments. */
  async function catalogueFor(user: AuthUser, query: Static<typeof CatalogueQuery>): Promise<Static<typeof CataloguePage>> {
    const { q, competency, unitId, jpMin, jpMax, level, kind, limit, offset } = query;
    const term = q?.trim();
    // The published courses (shared by everyone, cached), my part of them (one small query),
    // and, when searching, the matches with their rank.
    const [base, mine, matches] = await Promise.all([catalogue.get(), personalCards(user), term ? search(term) : null]);
    let list = base.filter(
      (c) =>
        (!matches || matches.has(c.id)) &&
        (!competency || c.competencies.some((x) => x.code === competency)) &&
        (!unitId || c.unitIds.includes(unitId)) &&
        (jpMin === undefined || c.jp >= jpMin) &&
        (jpMax === undefined || c.jp <= jpMax) &&
        (!level || c.level === level) &&
        (!kind || c.kinds.includes(kind)),
    );
    const meant = new Map(list.map((c) => [c.id, mine.recommended(c)]));
    // Meant for me first, then the best matches; the catalogue is already in title order.
    list = list.sort((a, b) => Number(meant.get(b.id)) - Number(meant.get(a.id)) || (matches ? (matches.get(b.id) ?? 0) - (matches.get(a.id) ?? 0) : 0));
    const items = list.slice(offset, offset + limit).map((c) => ({ ...c.card, recommended: meant.get(c.id)!, enrollment: mine.enrollment(c.id) }));
    return { items, total: list.length };
  }

  /** A course page as `user` sees it: the course, its structure, their progress. */
  async function coursePageFor(user: AuthUser, slug: string): Promise<Static<typeof CourseDetail>> {
    // One round trip, planned once per connection: the course, my enrolment, my done lessons.
    const [row] = await readers.get(user.id, `page:${slug}`, () => preparedQuery<{
      id: number;
      status: CourseStatus;
      owner_id: number | null;
      version: number;
      description_md: string;
      min_video_watch_pct: number;
      draft_state: 'editing' | 'review' | null;
      enrollment_id: number | null;
      last_lesson_id: number | null;
      completed_at: Date | null;
      due_at: Date | null;
      source: 'self' | 'assigned' | null;
      jp_awarded: number | null;
      done: number[];
    }>(
      db,
      'course.page',
      `SELECT c.id, c.status, c.owner_id, c.version, c.description_md, c.min_video_watch_pct, c.draft_state,
              e.id AS enrollment_id, e.last_lesson_id, e.completed_at, e.due_at, e.source, e.jp_awarded,
              CASE WHEN e.id IS NULL THEN '{}'::bigint[] ELSE coalesce((SELECT array_agg(p.lesson_id) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
                 WHERE p.person_id = $2 AND l.course_id = c.id AND p.completed_at IS NOT NULL), '{}') END AS done
         FROM courses c LEFT JOIN enrollments e ON e.course_id = c.id AND e.person_id = $2
        WHERE c.slug = $1`,
      [slug, user.id],
    ));
    if (!row || !canViewCourse(user, row)) throw courseNotFound();
    const published = row.status === 'published' ? (await catalogue.get()).find((c) => c.id === row.id) : undefined;
    const [s, facts] = await Promise.all([
      structure(row.id, row.version, row.description_md),
      // Drafts and archived courses are not in the shared catalogue: ask the database.
      published ? published.card : factsQuery().where('c.id', '=', row.id).executeTakeFirstOrThrow().then(cardFacts),
    ]);
    const prereqDone =
      s.prereqs.length === 0
        ? []
        : await readers.get(user.id, `prerequisites:${row.id}:${row.version}`, () =>
            db
              .selectFrom('enrollments')
              .select('course_id')
              .where('person_id', '=', user.id)
              .where('course_id', 'in', s.prereqs.map((p) => p.id))
              .where('completed_at', 'is not', null)
              .execute(),
          );
    const doneIds = new Set(row.done);
    const required = s.lessons.filter((l) => l.required);
    const progress = row.completed_at ? 100 : required.length === 0 ? 0 : Math.floor((required.filter((l) => doneIds.has(l.id)).length * 100) / required.length);
    const header = {
      ...facts,
      recommended: meantFor(s.targets, user.place),
      enrollment:
        row.enrollment_id === null ? null : { progress, completedAt: iso(row.completed_at), jpAwarded: row.jp_awarded, dueAt: iso(row.due_at), source: row.source! },
    };
    const completed = doneIds;
    const finished = new Set(prereqDone.map((p) => p.course_id));
    return {
      ...header,
      descriptionHtml: s.descriptionHtml,
      version: row.version,
      minVideoWatchPct: row.min_video_watch_pct,
      owner: s.owner,
      prerequisites: s.prereqs.map((p) => ({ slug: p.slug, title: p.title, completed: finished.has(p.id) })),
      modules: s.modules.map((m) => ({
        id: m.id,
        key: m.key,
        title: m.title,
        lessons: s.lessons
          .filter((l) => l.module_id === m.id)
          .map((l) => ({ id: l.id, key: l.key, kind: l.kind, title: l.title, required: l.required, durationMinutes: l.duration_minutes, completed: completed.has(l.id) })),
      })),
      canEdit: canEditCourse(user, row),
      lastLessonId: row.last_lesson_id,
      draftState: canEditCourse(user, row) ? row.draft_state : null,
    };
  }

  app.get(
    '/api/courses',
    {
      schema: {
        tags: ['courses'],
        summary: 'Catalogue of published courses: search, filters, the ones meant for my position first',
        querystring: CatalogueQuery,
        response: { 200: CataloguePage, ...errors },
      },
    },
    async (request, reply) => sendReaderPage(request, reply, () => catalogueFor(request.user!, request.query)),
  );

  app.get(
    '/api/courses/:slug',
    {
      schema: {
        tags: ['courses'],
        summary: 'A course with its modules and lessons',
        params: Type.Object({ slug: Slug }),
        response: { 200: CourseDetail, ...errors },
      },
    },
    async (request, reply) => sendReaderPage(request, reply, () => coursePageFor(request.user!, request.params.slug)),
  );

  app.post(
    '/api/courses/:slug/enrollments',
    {
      schema: {
        tags: ['courses'],
        summary: 'Enrol myself (201), or find my enrolment (200)',
        params: Type.Object({ slug: Slug }),
        response: { 200: MyEnrollment, 201: MyEnrollment, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const course = await db.selectFrom('courses').select(['id', 'status', 'owner_id']).where('slug', '=', request.params.slug).executeTakeFirst();
      if (!course || !canViewCourse(user, course)) throw courseNotFound();
      const existing = await db.selectFrom('enrollments').select('id').where('person_id', '=', user.id).where('course_id', '=', course.id).executeTakeFirst();
      if (existing) return reply.status(200).send((await myEnrollments(db, user.id, existing.id))[0]!);
      if (course.status !== 'published') {
        throw new AppError(409, 'not_published', text('Kursus ini belum diterbitkan.', 'This course is not published.'));
      }
      const missing = await db
        .selectFrom('course_prerequisites as cp')
        .innerJoin('courses as r', 'r.id', 'cp.requires_id')
        .select(['r.title'])
        .where('cp.course_id', '=', course.id)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('enrollments as e').select('e.id').whereRef('e.course_id', '=', 'r.id').where('e.person_id', '=', user.id).where('e.completed_at', 'is not', null))),
        )
        .execute();
      if (missing.length > 0) {
        const names = missing.map((m) => m.title).join(', ');
        throw new AppError(409, 'prerequisites_not_met', text(`Selesaikan dulu: ${names}.`, `Finish these first: ${names}.`), { missing: missing.map((m) => m.title) });
      }
      // The unique index makes a double click or a retry land on the same enrolment.
      const inserted = await db
        .insertInto('enrollments')
        .values({ person_id: user.id, course_id: course.id, source: 'self' })
        .onConflict((oc) => oc.columns(['person_id', 'course_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) readers.forget(user.id);
      const id = inserted?.id ?? (await db.selectFrom('enrollments').select('id').where('person_id', '=', user.id).where('course_id', '=', course.id).executeTakeFirstOrThrow()).id;
      return reply.status(inserted ? 201 : 200).send((await myEnrollments(db, user.id, id))[0]!);
    },
  );

  app.get(
    '/api/me/enrollments',
    { schema: { tags: ['courses'], summary: 'My courses: assigned, in progress, completed', response: { 200: Type.Array(MyEnrollment), ...errors } } },
    async (request) => myEnrollments(db, request.user!.id),
  );

  async function loadLesson(user: AuthUser, lessonId: number) {
    const lesson = await db
      .selectFrom('lessons as l')
      .innerJoin('courses as c', 'c.id', 'l.course_id')
      .innerJoin('course_modules as m', 'm.id', 'l.module_id')
      .select([
        'l.id',
        'l.key',
        'l.kind',
        'l.title',
        'l.body_md',
        'l.url',
        'l.quiz_id',
        'l.required',
        'l.duration_minutes',
        'l.min_watch_pct',
        'l.media_id',
        'l.retired_at',
        'l.course_id',
        'l.position',
        'm.position as module_position',
        'm.title as module_title',
        'c.slug',
        'c.status',
        'c.owner_id',
        'c.min_video_watch_pct',
      ])
      .where('l.id', '=', lessonId)
      .executeTakeFirst();
    if (!lesson || !canViewCourse(user, lesson)) throw notFound(text('Pelajaran tidak ditemukan.', 'Lesson not found.'));
    const enrollment = await db.selectFrom('enrollments').select(['id', 'completed_at']).where('person_id', '=', user.id).where('course_id', '=', lesson.course_id).executeTakeFirst();
    if (!enrollment && !canEditCourse(user, lesson)) {
      throw new AppError(
        403,
        'not_enrolled',
        text('Daftar ke kursus ini terlebih dahulu untuk membuka pelajarannya.', 'Enrol in this course first to open its lessons.'),
        { courseSlug: lesson.slug },
      );
    }
    return { lesson, enrollment };
  }

  app.get(
    '/api/lessons/:id',
    {
      schema: {
        tags: ['courses'],
        summary: 'A lesson to study (enrolled learners and editors)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: LessonDetail, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { lesson } = await loadLesson(user, request.params.id);
      const [media, progress, order] = await Promise.all([
        lesson.media_id ? db.selectFrom('media').selectAll().where('id', '=', lesson.media_id).executeTakeFirst() : undefined,
        db.selectFrom('lesson_progress').selectAll().where('person_id', '=', user.id).where('lesson_id', '=', lesson.id).executeTakeFirst(),
        db
          .selectFrom('lessons as l')
          .innerJoin('course_modules as m', 'm.id', 'l.module_id')
          .select('l.id')
          .where('l.course_id', '=', lesson.course_id)
          .where('l.retired_at', 'is', null)
          .orderBy('m.position')
          .orderBy('l.position')
          .execute(),
      ]);
      const at = order.findIndex((o) => o.id === lesson.id);
      return {
        id: lesson.id,
        courseSlug: lesson.slug,
        moduleTitle: lesson.module_title,
        key: lesson.key,
        kind: lesson.kind,
        title: lesson.title,
        bodyHtml: renderMarkdown(lesson.body_md),
        url: lesson.url,
        quizId: lesson.quiz_id,
        required: lesson.required,
        durationMinutes: lesson.duration_minutes,
        minWatchPct: lesson.kind === 'video' ? (lesson.min_watch_pct ?? lesson.min_video_watch_pct) : null,
        media: media
          ? {
              id: media.id,
              kind: media.kind,
              mime: media.mime,
              url: `/api/media/${media.id}`,
              hlsUrl: media.hls_prefix && media.status === 'ready' ? `/api/media/${media.id}/hls/master.m3u8` : null,
              status: media.status,
              durationSeconds: media.duration_seconds,
              originalName: media.original_name,
              sizeBytes: media.size_bytes,
            }
          : null,
        previousLessonId: at > 0 ? order[at - 1]!.id : null,
        nextLessonId: at >= 0 && at < order.length - 1 ? order[at + 1]!.id : null,
        progress: {
          completed: !!progress?.completed_at,
          positionSeconds: progress?.position_seconds ?? 0,
          watchedSeconds: progress?.watched_seconds ?? 0,
          readPct: progress?.read_pct ?? 0,
        },
      };
    },
  );

  app.put(
    '/api/lessons/:id/progress',
    {
      schema: {
        tags: ['courses'],
        summary: 'Record progress on a lesson; completing the last required lesson completes the course, once',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: ProgressBody,
        response: { 200: ProgressReply, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { lesson, enrollment } = await loadLesson(user, request.params.id);
      if (!enrollment) throw new AppError(403, 'not_enrolled', text('Anda belum terdaftar di kursus ini.', 'You are not enrolled in this course.'));
      if (lesson.retired_at) throw new AppError(409, 'lesson_retired', text('Pelajaran ini tidak lagi menjadi bagian kursus.', 'This lesson is no longer part of the course.'));
      const body = request.body;
      const result = await db.transaction().execute(async (trx) => {
        // One writer at a time per enrolment: completion is decided once, under this lock.
        await trx.selectFrom('enrollments').select('id').where('id', '=', enrollment.id).forUpdate().execute();
        await trx.insertInto('lesson_progress').values({ person_id: user.id, lesson_id: lesson.id }).onConflict((oc) => oc.doNothing()).execute();
        const current = await trx.selectFrom('lesson_progress').selectAll().where('person_id', '=', user.id).where('lesson_id', '=', lesson.id).executeTakeFirstOrThrow();
        const ranges = body.watchedRanges ? mergeRanges([...(current.watched_ranges ?? []), ...body.watchedRanges]) : (current.watched_ranges ?? []);
        const watched = rangesTotal(ranges);
        let completedAt = current.completed_at;
        if (body.completed === true && !completedAt) {
          // A quiz lesson is done when its quiz is passed (recorded with the result), not on request.
          if (lesson.kind === 'quiz') {
            throw new AppError(409, 'quiz_not_passed', text('Pelajaran kuis selesai setelah kuisnya lulus.', 'A quiz lesson is complete once its quiz is passed.'), { quizId: lesson.quiz_id });
          }
          if (lesson.kind === 'video') {
            const pct = lesson.min_watch_pct ?? lesson.min_video_watch_pct;
            if (pct > 0) {
              const media = lesson.media_id ? await trx.selectFrom('media').select('duration_seconds').where('id', '=', lesson.media_id).executeTakeFirst() : undefined;
              const duration = media?.duration_seconds ?? (lesson.duration_minutes ? lesson.duration_minutes * 60 : null);
              if (duration && watched < (duration * pct) / 100 - 1) {
                const seen = Math.floor((watched * 100) / duration);
                throw new AppError(
                  409,
                  'not_watched_enough',
                  text(`Tonton minimal ${pct}% video ini untuk menyelesaikannya (baru ${seen}%).`, `Watch at least ${pct}% of this video to complete it (so far ${seen}%).`),
                  { requiredPct: pct, watchedPct: seen },
                );
              }
            }
          }
          completedAt = new Date();
        }
        await trx
          .updateTable('lesson_progress')
          .set({
            updated_at: sql`now()`,
            ...(body.positionSeconds !== undefined && { position_seconds: body.positionSeconds }),
            ...(body.watchedRanges && { watched_ranges: JSON.stringify(ranges), watched_seconds: Math.round(watched * 100) / 100 }),
            ...(body.readPct !== undefined && { read_pct: sql`greatest(read_pct, ${body.readPct})` }),
            ...(completedAt && !current.completed_at && { completed_at: completedAt }),
          })
          .where('person_id', '=', user.id)
          .where('lesson_id', '=', lesson.id)
          .execute();
        await trx.updateTable('enrollments').set({ last_lesson_id: lesson.id, last_activity_at: sql`now()` }).where('id', '=', enrollment.id).execute();
        const course = await completeIfDone(trx, user.id, lesson.course_id, enrollment.id);
        const after = await trx.selectFrom('lesson_progress').selectAll().where('person_id', '=', user.id).where('lesson_id', '=', lesson.id).executeTakeFirstOrThrow();
        return {
          lessonId: lesson.id,
          completed: after.completed_at !== null,
          positionSeconds: after.position_seconds,
          watchedSeconds: after.watched_seconds,
          readPct: after.read_pct,
          course: { slug: lesson.slug, ...course },
        };
      });
      // Committed: what this person sees of the course must show it from now on.
      readers.forget(user.id);
      return result;
    },
  );
};

/** Completes the enrolment when every required current lesson is done; never twice. */
export async function completeIfDone(trx: Transaction<DB>, personId: number, courseId: number, enrollmentId: number) {
  const { progress, done, total } = await courseProgress(trx, personId, courseId);
  if (total > 0 && done === total) {
    const completed = await trx
      .updateTable('enrollments')
      .set({
        completed_at: sql`now()`,
        jp_awarded: sql`(SELECT jp FROM courses WHERE id = ${courseId})`,
        completed_version: sql`(SELECT version FROM courses WHERE id = ${courseId})`,
      })
      .where('id', '=', enrollmentId)
      .where('completed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    // JP, evidence and the certificate, in the transaction that completes the course.
    if (completed) await onCourseCompleted(trx, personId, courseId, enrollmentId);
  }
  const e = await trx.selectFrom('enrollments').select(['completed_at', 'jp_awarded']).where('id', '=', enrollmentId).executeTakeFirstOrThrow();
  return { progress: e.completed_at ? 100 : progress, completedAt: iso(e.completed_at), jpAwarded: e.jp_awarded };
}

export async function myEnrollments(db: Kysely<DB> | Transaction<DB>, personId: number, onlyId?: number) {
  let q = db
    .selectFrom('enrollments as e')
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .select([
      'e.id',
      'e.completed_at',
      'e.jp_awarded',
      'e.due_at',
      'e.source',
      'e.enrolled_at',
      'e.last_lesson_id',
      'c.id as course_id',
      'c.slug',
      'c.title',
      'c.jp',
      'c.cover_media_id',
      'c.status',
      enrolmentProgress().as('progress'),
    ])
    .where('e.person_id', '=', personId);
  if (onlyId) q = q.where('e.id', '=', onlyId);
  const rows = await q.orderBy(sql`e.completed_at IS NOT NULL`).orderBy(sql`e.due_at ASC NULLS LAST`).orderBy('e.enrolled_at', 'desc').execute();
  const now = Date.now();
  return rows.map((r) => ({
      id: r.id,
      course: { id: r.course_id, slug: r.slug, title: r.title, jp: r.jp, coverUrl: coverUrl(r.cover_media_id), status: r.status },
      progress: r.progress,
      completedAt: iso(r.completed_at),
      jpAwarded: r.jp_awarded,
      dueAt: iso(r.due_at),
      overdue: !r.completed_at && r.due_at !== null && new Date(r.due_at).getTime() < now,
      source: r.source,
      enrolledAt: iso(r.enrolled_at)!,
      lastLessonId: r.last_lesson_id,
  }));
}

export default routes;
