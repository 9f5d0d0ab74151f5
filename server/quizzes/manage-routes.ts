/** Trainers and admins build quizzes: settings, fixed questions and random draws, who takes it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import { Slug } from '../courses/schemas.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds, audit, expandUnits } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, text } from '../plugins/errors.ts';
import { forgetQuizPlans, loadQuiz, managedQuiz } from './attempts.ts';
import { QuizRule, quizRuleProblems, quizRules, setQuizRules } from '../competencies/rules.ts';
import { editableBankIds } from './banks.ts';
import { canEditCourse } from '../courses/access.ts';
import { IdParam, QUIZ_AUTHORS, ReviewWhen } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const DateTime = Type.String({ format: 'date-time' });
const Maybe = <T extends Parameters<typeof Nullable>[0]>(t: T) => Type.Optional(Nullable(t));

export const QuizSettings = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.String({ maxLength: 50_000, default: '' }),
    timeLimitMinutes: Maybe(Type.Integer({ minimum: 1, maximum: 1440 })),
    opensAt: Maybe(DateTime),
    closesAt: Maybe(DateTime),
    attemptsAllowed: Maybe(Type.Integer({ minimum: 1, maximum: 100 })),
    grading: Type.Union([Type.Literal('highest'), Type.Literal('last'), Type.Literal('average')], { default: 'highest' }),
    passPct: Type.Number({ minimum: 0, maximum: 100, default: 70 }),
    shuffleQuestions: Type.Boolean({ default: false }),
    shuffleChoices: Type.Boolean({ default: true }),
    perPage: Type.Integer({ minimum: 0, maximum: 200, default: 0 }),
    review: Type.Object({ score: ReviewWhen, answers: ReviewWhen, feedback: ReviewWhen }, { default: { score: 'immediately', answers: 'after_close', feedback: 'immediately' } }),
    items: Type.Array(
      Type.Union([
        Type.Object({ questionId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        Type.Object({ categoryId: Type.Integer({ minimum: 1 }), count: Type.Integer({ minimum: 1, maximum: 200 }), competency: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      ]),
      { maxItems: 500, default: [] },
    ),
    status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')], { default: 'draft' }),
    competencies: Type.Array(QuizRule, { maxItems: 50, default: [], description: 'Evidence rules: the competency levels passing the quiz (or a sub-score) proves' }),
  },
  { additionalProperties: false },
);
type QuizSettingsT = Static<typeof QuizSettings>;

const QuizEdit = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  courseId: Type.Union([Type.Null(), Type.Integer()]),
  version: Type.Integer(),
  settings: QuizSettings,
  assignments: Type.Array(Type.Object({ id: Type.Integer(), unitId: Type.Union([Type.Null(), Type.Integer()]), positionId: Type.Union([Type.Null(), Type.Integer()]), dueAt: Type.Union([Type.Null(), DateTime]) })),
  extraTime: Type.Array(Type.Object({ personId: Type.Union([Type.Null(), Type.Integer()]), unitId: Type.Union([Type.Null(), Type.Integer()]), minutes: Type.Integer() })),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  async function view(id: number) {
    const q = (await loadQuiz(db, id))!;
    const [items, assignments, extra, rules] = await Promise.all([
      db.selectFrom('quiz_items').selectAll().where('quiz_id', '=', id).orderBy('position').execute(),
      db.selectFrom('quiz_assignments').selectAll().where('quiz_id', '=', id).orderBy('id').execute(),
      db.selectFrom('quiz_extra_time').selectAll().where('quiz_id', '=', id).orderBy('id').execute(),
      quizRules(db, id),
    ]);
    return {
      id: q.id,
      slug: q.slug,
      courseId: q.course_id,
      version: q.version,
      settings: {
        title: q.title,
        description: q.description_md,
        timeLimitMinutes: q.time_limit_minutes,
        opensAt: q.opens_at?.toISOString() ?? null,
        closesAt: q.closes_at?.toISOString() ?? null,
        attemptsAllowed: q.attempts_allowed,
        grading: q.grading,
        passPct: q.pass_pct,
        shuffleQuestions: q.shuffle_questions,
        shuffleChoices: q.shuffle_choices,
        perPage: q.per_page,
        review: q.review,
        items: items.map((i) => (i.question_id !== null ? { questionId: i.question_id } : { categoryId: i.category_id!, count: i.draw_count!, ...(i.competency_code && { competency: i.competency_code }) })),
        status: q.status,
        competencies: rules,
      },
      assignments: assignments.map((a) => ({ id: a.id, unitId: a.unit_id, positionId: a.position_id, dueAt: a.due_at?.toISOString() ?? null })),
      extraTime: extra.map((e) => ({ personId: e.person_id, unitId: e.unit_id, minutes: e.extra_minutes })),
    };
  }

  async function checkRules(rules: QuizSettingsT['competencies']) {
    const problems = await quizRuleProblems(db, rules);
    if (problems.length) throw invalid(text(`Aturan kompetensi tidak valid: ${problems.join('; ')}`, `Invalid competency rules: ${problems.join('; ')}`), { problems });
  }

  /** Items may use only questions and categories of banks the caller may edit. */
  async function checkItems(user: AuthUser, items: QuizSettingsT['items']) {
    const banks = await editableBankIds(db, user);
    const qIds = items.flatMap((i) => ('questionId' in i ? [i.questionId] : []));
    const cIds = items.flatMap((i) => ('categoryId' in i ? [i.categoryId] : []));
    const [qs, cs] = await Promise.all([
      qIds.length ? db.selectFrom('questions').select(['id', 'bank_id']).where('id', 'in', qIds).where('retired_at', 'is', null).execute() : [],
      cIds.length ? db.selectFrom('question_categories').select(['id', 'bank_id']).where('id', 'in', cIds).execute() : [],
    ]);
    const allowed = (bank: number) => banks === null || banks.includes(bank);
    const missing = [...qIds.filter((id) => !qs.some((q) => q.id === id && allowed(q.bank_id))), ...cIds.filter((id) => !cs.some((c) => c.id === id && allowed(c.bank_id)))];
    if (missing.length) throw invalid(text('Ada soal atau kategori yang tidak ditemukan di bank soal Anda.', 'Some questions or categories are not in your question banks.'), { missing });
    if (new Set(qIds).size !== qIds.length) throw invalid(text('Soal yang sama tercantum dua kali.', 'The same question is listed twice.'));
  }

  function columns(s: QuizSettingsT) {
    if (s.opensAt && s.closesAt && Date.parse(s.closesAt) <= Date.parse(s.opensAt)) throw invalid(text('Waktu tutup harus sesudah waktu buka.', 'The closing time must be after the opening time.'));
    return {
      title: s.title,
      description_md: s.description,
      time_limit_minutes: s.timeLimitMinutes ?? null,
      opens_at: s.opensAt ? new Date(s.opensAt) : null,
      closes_at: s.closesAt ? new Date(s.closesAt) : null,
      attempts_allowed: s.attemptsAllowed ?? null,
      grading: s.grading,
      pass_pct: s.passPct,
      shuffle_questions: s.shuffleQuestions,
      shuffle_choices: s.shuffleChoices,
      per_page: s.perPage,
      review: JSON.stringify(s.review),
      status: s.status,
    };
  }

  const itemRows = (quizId: number, items: QuizSettingsT['items']) =>
    items.map((i, k) =>
      'questionId' in i
        ? { quiz_id: quizId, position: k + 1, question_id: i.questionId, category_id: null, draw_count: null, competency_code: null }
        : { quiz_id: quizId, position: k + 1, question_id: null, category_id: i.categoryId, draw_count: i.count, competency_code: i.competency ?? null },
    );

  app.get(
    '/api/quizzes',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Quizzes I manage',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), status: Type.String(), courseId: Type.Union([Type.Null(), Type.Integer()]), attempts: Type.Integer() })) }), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      let q = db
        .selectFrom('quizzes as q')
        .leftJoin('courses as c', 'c.id', 'q.course_id')
        .select(['q.id', 'q.slug', 'q.title', 'q.status', 'q.course_id', sql<number>`(SELECT count(*) FROM quiz_attempts a WHERE a.quiz_id = q.id)::int`.as('attempts')])
        .orderBy('q.title');
      if (!user.roles.includes('admin')) {
        q = q.where((eb) =>
          eb.or([
            eb('q.owner_id', '=', user.id),
            eb('c.owner_id', '=', user.id),
            ...(user.partnerId ? [eb('q.partner_id', '=', user.partnerId), eb('c.partner_id', '=', user.partnerId)] : []),
          ]),
        );
      }
      const rows = await q.execute();
      return { items: rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, status: r.status, courseId: r.course_id, attempts: r.attempts })) };
    },
  );

  app.post(
    '/api/quizzes',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Create a quiz (standalone, or for a course I own)',
        body: Type.Object({ slug: Slug, courseSlug: Type.Optional(Slug), settings: QuizSettings }, { additionalProperties: false }),
        response: { 201: QuizEdit, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { slug, courseSlug, settings } = request.body;
      let courseId: number | null = null;
      if (courseSlug) {
        const c = await db.selectFrom('courses').select(['id', 'owner_id', 'partner_id']).where('slug', '=', courseSlug).executeTakeFirst();
        if (!c) throw new AppError(404, 'course_not_found', text('Kursus tidak ditemukan.', 'Course not found.'));
        if (!canEditCourse(user, c)) throw forbidden();
        courseId = c.id;
      }
      await checkItems(user, settings.items);
      await checkRules(settings.competencies);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('quizzes')
          .values({ slug, course_id: courseId, owner_id: user.id, partner_id: user.roles.includes('admin') ? null : (user.partnerId ?? null), source: 'app', ...columns(settings) })
          .onConflict((oc) => oc.column('slug').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError(409, 'conflict', text(`Alamat kuis '${slug}' sudah dipakai.`, `The quiz address '${slug}' is already used.`));
        if (settings.items.length) await trx.insertInto('quiz_items').values(itemRows(row.id, settings.items)).execute();
        await setQuizRules(trx, row.id, settings.competencies);
        return row.id;
      });
      await audit(db, user.id, 'quiz.create', slug);
      return reply.status(201).send(await view(id));
    },
  );

  app.get(
    '/api/quizzes/:id/edit',
    { config: { roles: QUIZ_AUTHORS, partner: true }, schema: { tags: ['quizzes'], summary: 'A quiz’s settings, items, assignments and extra time, to edit', params: IdParam, response: { 200: QuizEdit, ...errors } } },
    async (request) => {
      await managedQuiz(db, request.user!, request.params.id);
      return view(request.params.id);
    },
  );

  app.put(
    '/api/quizzes/:id',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Change a quiz’s settings and items; attempts under way keep the questions they drew',
        params: IdParam,
        body: QuizSettings,
        response: { 200: QuizEdit, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const quiz = await managedQuiz(db, user, request.params.id);
      if (quiz.source === 'file') throw new AppError(409, 'managed_by_files', text('Kuis ini dikelola sebagai berkas di content/quizzes; ubah berkasnya.', 'This quiz is managed as a file under content/quizzes; edit the file.'));
      await checkItems(user, request.body.items);
      await checkRules(request.body.competencies);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('quizzes').set({ ...columns(request.body), version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', quiz.id).execute();
        await trx.deleteFrom('quiz_items').where('quiz_id', '=', quiz.id).execute();
        if (request.body.items.length) await trx.insertInto('quiz_items').values(itemRows(quiz.id, request.body.items)).execute();
        await setQuizRules(trx, quiz.id, request.body.competencies);
      });
      forgetQuizPlans();
      await audit(db, user.id, 'quiz.update', quiz.slug);
      return view(quiz.id);
    },
  );

  app.post(
    '/api/quizzes/:id/assignments',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['quizzes'],
        summary: 'Assign a standalone test to an office (and everything below it) or a position (admin)',
        params: IdParam,
        body: Type.Object({ unitId: Type.Optional(Type.Integer({ minimum: 1 })), positionId: Type.Optional(Type.Integer({ minimum: 1 })), dueAt: Maybe(DateTime) }, { additionalProperties: false }),
        response: { 201: QuizEdit, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const quiz = await managedQuiz(db, user, request.params.id);
      const { unitId, positionId, dueAt } = request.body;
      if ((unitId === undefined) === (positionId === undefined)) throw invalid(text('Pilih tepat satu sasaran: unit atau jabatan.', 'Choose exactly one target: an office or a position.'));
      if (quiz.course_id !== null) throw new AppError(409, 'course_quiz', text('Kuis kursus diikuti lewat kursusnya; tugaskan kursusnya.', 'A course quiz is taken through its course; assign the course.'));
      const scope = await adminUnitIds(db, user);
      const unitOf = unitId ?? (await db.selectFrom('positions').select('unit_id').where('id', '=', positionId!).executeTakeFirst())?.unit_id;
      if (unitOf === undefined || unitOf === null) throw invalid(text('Unit atau jabatan tidak ditemukan.', 'Office or position not found.'));
      if (!(await db.selectFrom('units').select('id').where('id', '=', unitOf).executeTakeFirst())) throw invalid(text('Unit tidak ditemukan.', 'Office not found.'));
      if (scope !== null && !scope.includes(unitOf)) throw forbidden(text('Sasaran di luar wewenang Anda.', 'The target is outside your scope.'));
      await db.insertInto('quiz_assignments').values({ quiz_id: quiz.id, unit_id: unitId ?? null, position_id: positionId ?? null, due_at: dueAt ? new Date(dueAt) : null, assigned_by: user.id }).execute();
      forgetQuizPlans();
      await audit(db, user.id, 'quiz.assign', quiz.slug, { unitId, positionId, dueAt });
      return reply.status(201).send(await view(quiz.id));
    },
  );

  app.put(
    '/api/quizzes/:id/extra-time',
    {
      config: { roles: QUIZ_AUTHORS, partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Extra time for a person or an office (replaces the list)',
        params: IdParam,
        body: Type.Array(
          Type.Object({ personId: Type.Optional(Type.Integer({ minimum: 1 })), unitId: Type.Optional(Type.Integer({ minimum: 1 })), minutes: Type.Integer({ minimum: 1, maximum: 1440 }) }, { additionalProperties: false }),
          { maxItems: 1000 },
        ),
        response: { 200: QuizEdit, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const quiz = await managedQuiz(db, user, request.params.id);
      const rows = request.body;
      if (rows.some((r) => (r.personId === undefined) === (r.unitId === undefined))) throw invalid(text('Setiap baris untuk satu pegawai atau satu unit.', 'Each line is for one person or one office.'));
      const people = rows.flatMap((r) => (r.personId ? [r.personId] : []));
      const units = rows.flatMap((r) => (r.unitId ? [r.unitId] : []));
      if (new Set(people).size !== people.length || new Set(units).size !== units.length) throw invalid(text('Pegawai atau unit tercantum dua kali.', 'A person or office is listed twice.'));
      const [p, u] = await Promise.all([
        people.length ? db.selectFrom('people').select('id').where('id', 'in', people).execute() : [],
        units.length ? expandUnits(db, units) : ([] as number[]),
      ]);
      if (p.length !== people.length || units.some((x) => !u.includes(x))) throw invalid(text('Ada pegawai atau unit yang tidak ditemukan.', 'Some people or offices were not found.'));
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('quiz_extra_time').where('quiz_id', '=', quiz.id).execute();
        if (rows.length) await trx.insertInto('quiz_extra_time').values(rows.map((r) => ({ quiz_id: quiz.id, person_id: r.personId ?? null, unit_id: r.unitId ?? null, extra_minutes: r.minutes }))).execute();
      });
      forgetQuizPlans();
      return view(quiz.id);
    },
  );
};

export default routes;
