import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import type { Role } from '../db/types.ts';
import { adminUnitIds, audit, expandUnits } from '../org/service.ts';
import { AppError, conflict, ErrorBody, forbidden, invalid, text } from '../plugins/errors.ts';
import { assertActiveAgreement, sharesPartner } from '../partners/service.ts';
import { canEditCourse } from './access.ts';
import { renderMarkdown } from './markdown.ts';
import { courseNotFound } from './routes.ts';
import { AuthoringCourse, CourseDoc, Draft, Slug, type CourseDocT } from './schemas.ts';
import { documentProblems, enrolmentProgress, publishDocument } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const AUTHORS: Role[] = ['trainer', 'admin'];
const SlugParam = Type.Object({ slug: Slug });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The live course as a document, to start a new draft from. */
async function liveDocument(db: Parameters<typeof documentProblems>[0], courseId: number): Promise<CourseDocT> {
  const c = await db.selectFrom('courses').selectAll().where('id', '=', courseId).executeTakeFirstOrThrow();
  const [targets, comps, prereqs, modules, lessons] = await Promise.all([
    db.selectFrom('course_targets').selectAll().where('course_id', '=', courseId).execute(),
    db.selectFrom('course_competencies').selectAll().where('course_id', '=', courseId).orderBy('competency_code').execute(),
    db.selectFrom('course_prerequisites as p').innerJoin('courses as r', 'r.id', 'p.requires_id').select('r.slug').where('p.course_id', '=', courseId).execute(),
    db.selectFrom('course_modules').selectAll().where('course_id', '=', courseId).where('retired_at', 'is', null).orderBy('position').execute(),
    db.selectFrom('lessons').selectAll().where('course_id', '=', courseId).where('retired_at', 'is', null).orderBy('position').execute(),
  ]);
  return {
    title: c.title,
    summary: c.summary,
    description: c.description_md,
    language: c.language,
    jp: c.jp,
    level: c.level,
    coverMediaId: c.cover_media_id,
    competencies: comps.map((x) => ({ code: x.competency_code, level: x.level })),
    targets: {
      unitIds: targets.filter((t) => t.unit_id).map((t) => t.unit_id!),
      positionIds: targets.filter((t) => t.position_id).map((t) => t.position_id!),
      tiers: targets.filter((t) => t.tier).map((t) => t.tier!),
    },
    prerequisites: prereqs.map((p) => p.slug),
    minVideoWatchPct: c.min_video_watch_pct,
    modules: modules.map((m) => ({
      key: m.key,
      title: m.title,
      lessons: lessons
        .filter((l) => l.module_id === m.id)
        .map((l) => ({
          key: l.key,
          kind: l.kind,
          title: l.title,
          body: l.body_md,
          mediaId: l.media_id,
          url: l.url,
          quizId: l.quiz_id,
          required: l.required,
          durationMinutes: l.duration_minutes,
          minWatchPct: l.min_watch_pct,
        })),
    })),
  };
}

/** Course addresses taken by pages of the web app's authoring area. */
export const RESERVED_SLUGS = new Set(['question-banks', 'quizzes']);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  async function editable(user: AuthUser, slug: string) {
    const course = await db.selectFrom('courses').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!course) throw courseNotFound();
    if (!canEditCourse(user, course)) {
      // A partner's user never learns more of another's course than that it is not theirs.
      if (user.partnerId && partnerOnly(user)) throw forbidden(text('Kursus ini milik mitra lain.', 'This course belongs to another partner.'));
      if (course.status === 'published' || course.status === 'archived') throw forbidden(text('Hanya pemilik kursus dan admin yang dapat mengubahnya.', 'Only the course owner and admins can edit it.'));
      throw courseNotFound();
    }
    return course;
  }

  async function draftView(courseId: number) {
    const c = await db.selectFrom('courses').select(['id', 'slug', 'status', 'draft_state', 'version', 'draft', 'source', 'review_note']).where('id', '=', courseId).executeTakeFirstOrThrow();
    const document = c.draft ? (c.draft as CourseDocT) : await liveDocument(db, c.id);
    return {
      id: c.id,
      slug: c.slug,
      status: c.status,
      source: c.source,
      draftState: c.draft_state,
      reviewNote: c.review_note,
      version: c.version,
      document,
      problems: await documentProblems(db, c.id, c.slug, document),
    };
  }

  app.get(
    '/api/authoring/courses',
    { config: { roles: AUTHORS, partner: true }, schema: { tags: ['authoring'], summary: 'Courses I can edit (admins: all; partner users: their partner’s), with their review state', response: { 200: Type.Array(AuthoringCourse), ...errors } } },
    async (request) => {
      const user = request.user!;
      let q = db
        .selectFrom('courses as c')
        .leftJoin('people as o', 'o.id', 'c.owner_id')
        .select([
          'c.id',
          'c.slug',
          'c.title',
          'c.status',
          'c.version',
          'c.source',
          'c.draft_state',
          'c.review_note',
          'c.updated_at',
          'o.id as owner_id',
          'o.name as owner_name',
          sql<number>`(SELECT count(*)::int FROM enrollments e WHERE e.course_id = c.id)`.as('enrolled'),
          sql<number>`(SELECT count(e.completed_at)::int FROM enrollments e WHERE e.course_id = c.id)`.as('completed'),
        ]);
      if (!user.roles.includes('admin')) {
        q = q.where((eb) => eb.or([eb('c.owner_id', '=', user.id), ...(user.partnerId ? [eb('c.partner_id', '=', user.partnerId)] : [])]));
      }
      const rows = await q.orderBy(sql`c.draft_state = 'review' DESC NULLS LAST`).orderBy('c.updated_at', 'desc').execute();
      return rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        title: r.title,
        status: r.status,
        version: r.version,
        source: r.source,
        draftState: r.draft_state,
        reviewNote: r.review_note,
        owner: r.owner_id ? { id: r.owner_id, name: r.owner_name! } : null,
        updatedAt: iso(r.updated_at)!,
        enrolled: r.enrolled,
        completed: r.completed,
      }));
    },
  );

  app.post(
    '/api/authoring/courses',
    {
      config: { roles: AUTHORS, partner: true },
      schema: {
        tags: ['authoring'],
        summary: 'Start a new course (a draft owned by me; a partner user’s belongs to their partner)',
        body: Type.Object({ slug: Slug, title: Type.String({ minLength: 3, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Draft, ...errors },
      },
    },
    async (request, reply) => {
      const { slug, title } = request.body;
      // Pages of the authoring area live at these addresses (/authoring/quizzes …).
      if (RESERVED_SLUGS.has(slug)) throw conflict(text(`Alamat kursus '${slug}' sudah dipakai.`, `The course address '${slug}' is already used.`));
      const document: CourseDocT = Value.Default(CourseDoc, { title, modules: [] }) as CourseDocT;
      const row = await db
        .insertInto('courses')
        .values({ slug, title, owner_id: request.user!.id, partner_id: request.user!.roles.includes('admin') ? null : (request.user!.partnerId ?? null), source: 'app', draft: JSON.stringify(document), draft_state: 'editing', draft_updated_at: new Date() })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw conflict(text(`Alamat kursus '${slug}' sudah dipakai.`, `The course address '${slug}' is already used.`));
      app.courseCatalogue.invalidate();
      await audit(db, request.user!.id, 'course.create', slug);
      return reply.status(201).send(await draftView(row.id));
    },
  );

  app.get(
    '/api/authoring/courses/:slug/draft',
    { config: { roles: AUTHORS, partner: true }, schema: { tags: ['authoring'], summary: 'The draft (or, when none, the live course as a document)', params: SlugParam, response: { 200: Draft, ...errors } } },
    async (request) => draftView((await editable(request.user!, request.params.slug)).id),
  );

  app.put(
    '/api/authoring/courses/:slug/draft',
    {
      config: { roles: AUTHORS, partner: true },
      schema: { tags: ['authoring'], summary: 'Save the draft; learners see nothing until an admin publishes it', params: SlugParam, body: CourseDoc, response: { 200: Draft, ...errors } },
    },
    async (request) => {
      const course = await editable(request.user!, request.params.slug);
      if (course.draft_state === 'review' && !request.user!.roles.includes('admin')) {
        throw new AppError(409, 'in_review', text('Kursus sedang ditinjau; tunggu keputusan admin.', 'The course is under review; wait for the admin.'));
      }
      if (course.source === 'file') {
        throw new AppError(409, 'managed_by_files', text('Kursus ini dikelola sebagai berkas di content/courses; ubah berkasnya.', 'This course is managed as files under content/courses; edit the files.'));
      }
      await db
        .updateTable('courses')
        .set({ draft: JSON.stringify(request.body), draft_state: course.draft_state ?? 'editing', draft_updated_at: new Date(), updated_at: sql`now()` })
        .where('id', '=', course.id)
        .execute();
      // Its course page shows the editor the draft's state.
      if (course.draft_state === null) app.courseCatalogue.invalidate();
      return draftView(course.id);
    },
  );

  app.post(
    '/api/authoring/courses/:slug/submit',
    { config: { roles: AUTHORS, partner: true }, schema: { tags: ['authoring'], summary: 'Submit the draft for an admin to review (a partner’s course: under an agreement in force)', params: SlugParam, response: { 200: Draft, ...errors } } },
    async (request) => {
      const course = await editable(request.user!, request.params.slug);
      if (!course.draft) throw new AppError(409, 'no_draft', text('Tidak ada perubahan untuk diajukan.', 'There are no changes to submit.'));
      const problems = await documentProblems(db, course.id, course.slug, course.draft as CourseDocT);
      if ((course.draft as CourseDocT).modules.every((m) => m.lessons.length === 0)) problems.push('Kursus belum memiliki pelajaran.');
      if (problems.length) throw invalid(text(`Belum dapat diajukan: ${problems.join(' ')}`, `Cannot submit yet: ${problems.join(' ')}`), problems);
      if (course.partner_id !== null) await assertActiveAgreement(db, course.partner_id);
      await db
        .updateTable('courses')
        .set({ draft_state: 'review', review_note: null, ...(course.status === 'draft' && { status: 'review' }), updated_at: sql`now()` })
        .where('id', '=', course.id)
        .execute();
      app.courseCatalogue.invalidate();
      await audit(db, request.user!.id, 'course.submit', course.slug);
      return draftView(course.id);
    },
  );

  app.post(
    '/api/authoring/courses/:slug/publish',
    { config: { roles: ['admin'] }, schema: { tags: ['authoring'], summary: 'Publish the submitted draft as a new version (admin)', params: SlugParam, response: { 200: Draft, ...errors } } },
    async (request) => {
      const course = await editable(request.user!, request.params.slug);
      if (!course.draft) throw new AppError(409, 'no_draft', text('Tidak ada perubahan untuk diterbitkan.', 'There are no changes to publish.'));
      const version = await db.transaction().execute(async (trx) => {
        // Publishing twice at once must not apply the same draft twice.
        const locked = await trx.selectFrom('courses').select(['draft']).where('id', '=', course.id).forUpdate().executeTakeFirstOrThrow();
        if (!locked.draft) throw new AppError(409, 'no_draft', text('Draf sudah diterbitkan.', 'The draft was already published.'));
        return publishDocument(trx, course.id, course.slug, locked.draft as CourseDocT);
      });
      app.courseCatalogue.invalidate();
      await audit(db, request.user!.id, 'course.publish', course.slug, { version });
      return draftView(course.id);
    },
  );

  app.post(
    '/api/authoring/courses/:slug/return',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['authoring'],
        summary: 'Send the draft back to its author with a note (admin)',
        params: SlugParam,
        body: Type.Object({ note: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Draft, ...errors },
      },
    },
    async (request) => {
      const course = await editable(request.user!, request.params.slug);
      if (course.draft_state !== 'review') throw new AppError(409, 'not_in_review', text('Kursus ini tidak sedang ditinjau.', 'This course is not under review.'));
      await db
        .updateTable('courses')
        .set({ draft_state: 'editing', review_note: request.body.note, ...(course.status === 'review' && { status: 'draft' }), updated_at: sql`now()` })
        .where('id', '=', course.id)
        .execute();
      app.courseCatalogue.invalidate();
      await audit(db, request.user!.id, 'course.return', course.slug, { note: request.body.note });
      return draftView(course.id);
    },
  );

  app.post(
    '/api/authoring/courses/:slug/archive',
    { config: { roles: ['admin'] }, schema: { tags: ['authoring'], summary: 'Take a course out of the catalogue; those enrolled keep it (admin)', params: SlugParam, response: { 200: Draft, ...errors } } },
    async (request) => {
      const course = await editable(request.user!, request.params.slug);
      await db.updateTable('courses').set({ status: 'archived', updated_at: sql`now()` }).where('id', '=', course.id).execute();
      app.courseCatalogue.invalidate();
      await audit(db, request.user!.id, 'course.archive', course.slug);
      return draftView(course.id);
    },
  );

  app.post(
    '/api/authoring/preview',
    {
      config: { roles: AUTHORS, partner: true },
      schema: {
        tags: ['authoring'],
        summary: 'Render lesson Markdown exactly as learners will see it (nothing is stored)',
        body: Type.Object({ markdown: Type.String({ maxLength: 200_000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ html: Type.String() }), ...errors },
      },
    },
    async (request) => ({ html: renderMarkdown(request.body.markdown) }),
  );

  // ---- Assignment ----------------------------------------------------------------------------
  app.post(
    '/api/courses/:slug/assignments',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['courses'],
        summary: 'Assign a course to an office, a position or named people, with a due date (admin)',
        params: SlugParam,
        body: Type.Object(
          {
            unitId: Type.Optional(Type.Integer({ minimum: 1 })),
            positionId: Type.Optional(Type.Integer({ minimum: 1 })),
            personIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5000, uniqueItems: true })),
            dueAt: Type.Optional(Type.Union([Type.Null(), Type.String({ format: 'date-time' }), Type.String({ format: 'date' })])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer(), assigned: Type.Integer(), alreadyEnrolled: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { unitId, positionId, personIds } = request.body;
      if ([unitId, positionId, personIds].filter((x) => x !== undefined).length !== 1) {
        throw invalid(text('Pilih tepat satu sasaran: unit, jabatan, atau daftar pegawai.', 'Choose exactly one target: an office, a position or a list of people.'));
      }
      const course = await db.selectFrom('courses').select(['id', 'slug', 'status']).where('slug', '=', request.params.slug).executeTakeFirst();
      if (!course) throw courseNotFound();
      if (course.status !== 'published') throw new AppError(409, 'not_published', text('Hanya kursus terbit yang dapat ditugaskan.', 'Only published courses can be assigned.'));
      const dueAt = request.body.dueAt ? new Date(request.body.dueAt.length === 10 ? `${request.body.dueAt}T23:59:59+07:00` : request.body.dueAt) : null;
      const scope = await adminUnitIds(db, user);
      let people = db.selectFrom('people').select('id').where('active', '=', true);
      if (unitId) people = people.where('unit_id', 'in', await expandUnits(db, [unitId]));
      if (positionId) people = people.where('position_id', '=', positionId);
      if (personIds) people = people.where('id', 'in', personIds);
      const targets = await people.execute();
      if (personIds && targets.length !== personIds.length) throw invalid(text('Ada pegawai yang tidak ditemukan atau tidak aktif.', 'Some people were not found or are inactive.'));
      if (scope !== null) {
        const inScope = await db.selectFrom('people').select('id').where('id', 'in', targets.length ? targets.map((t) => t.id) : [0]).where('unit_id', 'in', scope.length ? scope : [0]).execute();
        if (inScope.length !== targets.length) throw forbidden(text('Sebagian sasaran di luar wewenang Anda.', 'Some of the targets are outside your scope.'));
      }
      const result = await db.transaction().execute(async (trx) => {
        const a = await trx
          .insertInto('course_assignments')
          .values({ course_id: course.id, unit_id: unitId ?? null, position_id: positionId ?? null, person_ids: personIds ?? null, due_at: dueAt, assigned_by: user.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        let assigned = 0;
        for (let i = 0; i < targets.length; i += 1000) {
          const batch = targets.slice(i, i + 1000);
          const rows = await trx
            .insertInto('enrollments')
            .values(batch.map((t) => ({ person_id: t.id, course_id: course.id, source: 'assigned' as const, assignment_id: a.id, due_at: dueAt })))
            .onConflict((oc) => oc.columns(['person_id', 'course_id']).doNothing())
            .returning('id')
            .execute();
          assigned += rows.length;
        }
        // Already enrolled and not finished: the assignment's due date now applies to them too.
        if (dueAt) {
          await trx
            .updateTable('enrollments')
            .set({ due_at: dueAt, assignment_id: sql`coalesce(assignment_id, ${a.id})` })
            .where('course_id', '=', course.id)
            .where('person_id', 'in', targets.length ? targets.map((t) => t.id) : [0])
            .where('completed_at', 'is', null)
            .execute();
        }
        await audit(trx, user.id, 'course.assign', course.slug, { unitId, positionId, count: targets.length, dueAt });
        return { id: a.id, assigned, alreadyEnrolled: targets.length - assigned };
      });
      app.courseCatalogue.readers.forgetMany(targets.map((t) => t.id));
      return reply.status(201).send(result);
    },
  );

  // ---- Reports -------------------------------------------------------------------------------
  /**
   * Enrolments of a course the caller may report on: the owner, the owning partner's users and
   * admins (scoped: their offices).
   */
  async function reportRows(user: AuthUser, slug: string) {
    const course = await db.selectFrom('courses').select(['id', 'slug', 'title', 'owner_id', 'partner_id', 'status']).where('slug', '=', slug).executeTakeFirst();
    if (!course) throw courseNotFound();
    if (!canEditCourse(user, course)) throw forbidden();
    const scope = await adminUnitIds(db, user);
    const ownerSeesAll = course.owner_id === user.id || sharesPartner(user, course.partner_id);
    let q = db
      .selectFrom('enrollments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('units as u', 'u.id', 'p.unit_id')
      .leftJoin('positions as pos', 'pos.id', 'p.position_id')
      .select([
        'p.nip',
        'p.name',
        'u.id as unit_id',
        'u.code as unit_code',
        'u.name as unit_name',
        'pos.name as position_name',
        'e.source',
        'e.enrolled_at',
        'e.due_at',
        'e.completed_at',
        'e.jp_awarded',
        'e.last_activity_at',
        enrolmentProgress().as('progress'),
      ])
      .where('e.course_id', '=', course.id);
    if (scope !== null && !ownerSeesAll) q = q.where('p.unit_id', 'in', scope.length ? scope : [0]);
    return { course, rows: await q.orderBy('u.code').orderBy('p.name').execute() };
  }

  const OfficeRow = Type.Object({
    unit: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }), Type.Null()]),
    enrolled: Type.Integer(),
    inProgress: Type.Integer(),
    completed: Type.Integer(),
    overdue: Type.Integer(),
    averageProgress: Type.Integer(),
  });

  app.get(
    '/api/courses/:slug/report',
    {
      config: { roles: AUTHORS, partner: true },
      schema: {
        tags: ['courses'],
        summary: 'Enrolments, progress and completions of a course, per office (owner, the owning partner’s users and admins)',
        params: SlugParam,
        response: { 200: Type.Object({ slug: Type.String(), title: Type.String(), totals: Type.Omit(OfficeRow, ['unit']), offices: Type.Array(OfficeRow) }), ...errors },
      },
    },
    async (request) => {
      const { course, rows } = await reportRows(request.user!, request.params.slug);
      const now = Date.now();
      const summarise = (list: typeof rows) => ({
        enrolled: list.length,
        inProgress: list.filter((r) => !r.completed_at && r.progress > 0).length,
        completed: list.filter((r) => r.completed_at).length,
        overdue: list.filter((r) => !r.completed_at && r.due_at && new Date(r.due_at).getTime() < now).length,
        averageProgress: list.length ? Math.round(list.reduce((s, r) => s + r.progress, 0) / list.length) : 0,
      });
      const byUnit = new Map<number | null, typeof rows>();
      for (const r of rows) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r]);
      return {
        slug: course.slug,
        title: course.title,
        totals: summarise(rows),
        offices: [...byUnit.values()].map((list) => ({
          unit: list[0]!.unit_id !== null ? { id: list[0]!.unit_id, code: list[0]!.unit_code!, name: list[0]!.unit_name! } : null,
          ...summarise(list),
        })),
      };
    },
  );

  app.get(
    '/api/courses/:slug/report.csv',
    {
      config: { roles: AUTHORS, partner: true },
      schema: { tags: ['courses'], summary: 'The same report, one line per person, as CSV (for a partner’s user without the NIP)', params: SlugParam, produces: ['text/csv'], response: { 200: Type.String(), ...errors } },
    },
    async (request, reply) => {
      const { course, rows } = await reportRows(request.user!, request.params.slug);
      // Cells that a spreadsheet would run as a formula are prefixed with a quote.
      const cell = (v: unknown) => {
        let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
        if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
        return /[",;\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
      };
      // A lecturer knows who took their course, but the civil-service number (NIP) stays with the city.
      const withNip = !partnerOnly(request.user!);
      const header = [...(withNip ? ['nip'] : []), 'nama', 'kode_unit', 'unit', 'jabatan', 'sumber', 'terdaftar', 'tenggat', 'progres_persen', 'selesai', 'jp'];
      const lines = rows.map((r) =>
        [...(withNip ? [r.nip] : []), r.name, r.unit_code, r.unit_name, r.position_name, r.source, r.enrolled_at, r.due_at, r.progress, r.completed_at, r.jp_awarded].map(cell).join(','),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="laporan-${course.slug}.csv"`)
        .send(`\uFEFF${header.join(',')}\r\n${lines.join('\r\n')}\r\n`);
    },
  );
};

export default routes;
