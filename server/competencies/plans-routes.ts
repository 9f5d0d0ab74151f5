/**
 * Development plans (rencana pengembangan kompetensi): per person per year, picked from the
 * recommendations, agreed with the supervisor (draft → submitted → approved → done, or back to
 * draft with a note), with the year's JP target beside them. And the supervisor's team view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, PlanStatus } from '../db/types.ts';
import { Nullable } from '../org/schemas.ts';
import { audit, teamIds } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, localeOf, notFound, text } from '../plugins/errors.ts';
import { competencyProfiles, currentYear, jpEntries, sumJp } from './profile.ts';
import { loadSettings } from './settings.ts';
import { mayReview } from './evidence-routes.ts';
import { peopleRows, personHeader, type PersonRow } from './routes.ts';
import { IdParam, PersonHeader, YearQuery } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
type Db = Kysely<DB> | Transaction<DB>;

const ItemInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('course'), Type.Literal('quiz'), Type.Literal('other')]),
    courseId: Type.Optional(Type.Integer({ minimum: 1 })),
    quizId: Type.Optional(Type.Integer({ minimum: 1 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Required for other; courses and quizzes use their own title' })),
    competencyCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    jp: Type.Optional(Type.Number({ minimum: 0, maximum: 200, description: 'For other; courses use their JP' })),
    plannedQuarter: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 4 }))),
  },
  { additionalProperties: false },
);
const Item = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  courseId: Nullable(Type.Integer()),
  quizId: Nullable(Type.Integer()),
  title: Type.String(),
  url: Nullable(Type.String()),
  competencyCode: Nullable(Type.String()),
  jp: Type.Number(),
  plannedQuarter: Nullable(Type.Integer()),
  done: Type.Boolean({ description: 'The course is completed or the quiz passed' }),
});
export const Plan = Type.Object({
  id: Nullable(Type.Integer({ description: 'null: no plan saved for this year yet' })),
  person: PersonHeader,
  year: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('done')]),
  note: Type.String(),
  decisionNote: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  items: Type.Array(Item),
  plannedJp: Type.Number(),
  jpThisYear: Type.Number(),
  target: Type.Number(),
});
type PlanT = Static<typeof Plan>;

export const TeamMember = Type.Object({
  person: PersonHeader,
  direct: Type.Boolean({ description: 'Reports to me directly' }),
  jp: Type.Number(),
  target: Type.Number(),
  gaps: Type.Integer({ description: 'Competencies below the standard' }),
  topGaps: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), required: Type.Integer(), attained: Type.Integer() })),
  meetingStandard: Type.Integer(),
  required: Type.Integer(),
  plan: Nullable(Type.Object({ id: Type.Integer(), status: Type.String() })),
  pendingClaims: Type.Integer(),
});
export const Team = Type.Object({ year: Type.Integer(), target: Type.Number(), members: Type.Array(TeamMember), plansToApprove: Type.Integer(), claimsToReview: Type.Integer() });

const planNotFound = () => notFound(text('Rencana pengembangan tidak ditemukan.', 'Development plan not found.'));

async function planView(db: Db, person: PersonRow, year: number): Promise<PlanT> {
  const plan = await db
    .selectFrom('development_plans as d')
    .leftJoin('people as r', 'r.id', 'd.decided_by')
    .select(['d.id', 'd.status', 'd.note', 'd.decision_note', 'r.name as decided_by', 'd.submitted_at', 'd.decided_at'])
    .where('d.person_id', '=', person.id)
    .where('d.year', '=', year)
    .executeTakeFirst();
  const items = plan
    ? await db
        .selectFrom('development_plan_items as i')
        .leftJoin('courses as c', 'c.id', 'i.course_id')
        .leftJoin('enrollments as e', (j) => j.onRef('e.course_id', '=', 'i.course_id').on('e.person_id', '=', person.id))
        .select([
          'i.id',
          'i.kind',
          'i.course_id',
          'i.quiz_id',
          'i.title',
          'c.slug',
          'i.competency_code',
          'i.jp',
          'i.planned_quarter',
          'e.completed_at',
          sql<boolean>`EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.quiz_id = i.quiz_id AND a.person_id = ${person.id} AND a.passed AND NOT a.needs_grading)`.as('quiz_passed'),
        ])
        .where('i.plan_id', '=', plan.id)
        .orderBy('i.position')
        .orderBy('i.id')
        .execute()
    : [];
  const settings = await loadSettings(db);
  const jp = sumJp((await jpEntries(db, [person.id], year)).get(person.id) ?? []);
  return {
    id: plan?.id ?? null,
    person: personHeader(person),
    year,
    status: (plan?.status ?? 'draft') as PlanStatus,
    note: plan?.note ?? '',
    decisionNote: plan?.decision_note ?? null,
    decidedBy: plan?.decided_by ?? null,
    submittedAt: plan?.submitted_at?.toISOString() ?? null,
    decidedAt: plan?.decided_at?.toISOString() ?? null,
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      courseId: i.course_id,
      quizId: i.quiz_id,
      title: i.title,
      url: i.kind === 'course' && i.slug ? `/courses/${i.slug}` : i.kind === 'quiz' ? `/quizzes/${i.quiz_id}` : null,
      competencyCode: i.competency_code,
      jp: Number(i.jp),
      plannedQuarter: i.planned_quarter,
      done: i.kind === 'course' ? i.completed_at !== null : i.kind === 'quiz' ? i.quiz_passed : false,
    })),
    plannedJp: Math.round(items.reduce((s, i) => s + Number(i.jp), 0) * 100) / 100,
    jpThisYear: jp,
    target: settings.jpTarget,
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const me = async (user: AuthUser) => (await peopleRows(db).where('p.id', '=', user.id).executeTakeFirstOrThrow()) as PersonRow;
  const yearOf = (q: { year?: number }) => q.year ?? currentYear();

  app.get(
    '/api/me/plan',
    { schema: { tags: ['competencies'], summary: 'My development plan of a year (an empty draft when none is saved)', querystring: YearQuery, response: { 200: Plan, ...errors } } },
    async (request) => planView(db, await me(request.user!), yearOf(request.query)),
  );

  app.put(
    '/api/me/plan',
    {
      schema: {
        tags: ['competencies'],
        summary: 'Save my draft plan: its items in order (only while a draft)',
        querystring: YearQuery,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000 })), items: Type.Array(ItemInput, { maxItems: 50 }) }, { additionalProperties: false }),
        response: { 200: Plan, ...errors },
      },
    },
    async (request) => {
      const person = await me(request.user!);
      const year = yearOf(request.query);
      const rows: { position: number; kind: 'course' | 'quiz' | 'other'; course_id: number | null; quiz_id: number | null; title: string; jp: number; competency_code: string | null; planned_quarter: number | null }[] = [];
      for (const [position, i] of request.body.items.entries()) {
        if (i.kind === 'course') {
          if (!i.courseId) throw invalid(text('Pilih kursusnya.', 'Choose the course.'));
          const c = await db.selectFrom('courses').select(['title', 'jp', 'status']).where('id', '=', i.courseId).executeTakeFirst();
          if (!c || c.status !== 'published') throw invalid(text(`Kursus ${i.courseId} tidak tersedia.`, `Course ${i.courseId} is not available.`));
          rows.push({ position, kind: 'course' as const, course_id: i.courseId, quiz_id: null, title: c.title, jp: Number(c.jp), competency_code: i.competencyCode ?? null, planned_quarter: i.plannedQuarter ?? null });
        } else if (i.kind === 'quiz') {
          if (!i.quizId) throw invalid(text('Pilih kuisnya.', 'Choose the quiz.'));
          const q = await db.selectFrom('quizzes').select(['title', 'status']).where('id', '=', i.quizId).executeTakeFirst();
          if (!q || q.status !== 'published') throw invalid(text(`Kuis ${i.quizId} tidak tersedia.`, `Quiz ${i.quizId} is not available.`));
          rows.push({ position, kind: 'quiz' as const, course_id: null, quiz_id: i.quizId, title: q.title, jp: 0, competency_code: i.competencyCode ?? null, planned_quarter: i.plannedQuarter ?? null });
        } else {
          if (!i.title?.trim()) throw invalid(text('Tuliskan nama kegiatannya.', 'Give the activity a name.'));
          rows.push({ position, kind: 'other' as const, course_id: null, quiz_id: null, title: i.title.trim(), jp: i.jp ?? 0, competency_code: i.competencyCode ?? null, planned_quarter: i.plannedQuarter ?? null });
        }
      }
      await db.transaction().execute(async (trx) => {
        const plan =
          (await trx.selectFrom('development_plans').select(['id', 'status']).where('person_id', '=', person.id).where('year', '=', year).forUpdate().executeTakeFirst()) ??
          (await trx
            .insertInto('development_plans')
            .values({ person_id: person.id, year })
            .onConflict((oc) => oc.columns(['person_id', 'year']).doUpdateSet({ updated_at: sql`now()` }))
            .returning(['id', 'status'])
            .executeTakeFirstOrThrow());
        if (plan.status !== 'draft') throw new AppError(409, 'plan_not_draft', text('Rencana ini sudah diajukan; minta atasan mengembalikannya untuk diubah.', 'This plan has been submitted; ask your supervisor to return it for changes.'));
        await trx.updateTable('development_plans').set({ note: request.body.note ?? '', updated_at: sql`now()` }).where('id', '=', plan.id).execute();
        await trx.deleteFrom('development_plan_items').where('plan_id', '=', plan.id).execute();
        if (rows.length) await trx.insertInto('development_plan_items').values(rows.map((r) => ({ ...r, plan_id: plan.id }))).execute();
      });
      return planView(db, person, year);
    },
  );

  app.post(
    '/api/me/plan/submit',
    { schema: { tags: ['competencies'], summary: 'Submit my draft plan to my supervisor', querystring: YearQuery, response: { 200: Plan, ...errors } } },
    async (request) => {
      const person = await me(request.user!);
      const year = yearOf(request.query);
      if (person.supervisor_id === null) throw new AppError(409, 'no_supervisor', text('Anda belum memiliki atasan di Sinau; hubungi admin unit Anda.', 'You have no supervisor in Sinau yet; contact your office admin.'));
      const plan = await db.selectFrom('development_plans').select(['id', 'status']).where('person_id', '=', person.id).where('year', '=', year).executeTakeFirst();
      if (!plan) throw new AppError(409, 'plan_empty', text('Simpan rencana dengan minimal satu kegiatan terlebih dahulu.', 'Save the plan with at least one activity first.'));
      const count = await db.selectFrom('development_plan_items').select(sql<number>`count(*)::int`.as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
      if (count.n === 0) throw new AppError(409, 'plan_empty', text('Rencana belum berisi kegiatan.', 'The plan has no activities yet.'));
      const done = await db.updateTable('development_plans').set({ status: 'submitted', submitted_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', plan.id).where('status', '=', 'draft').returning('id').executeTakeFirst();
      if (!done) throw new AppError(409, 'plan_not_draft', text('Rencana ini sudah diajukan.', 'This plan has already been submitted.'));
      return planView(db, person, year);
    },
  );

  app.post(
    '/api/plans/:id/decision',
    {
      schema: {
        tags: ['competencies'],
        summary: "A supervisor (or office admin) approves a submitted plan, returns it to draft with a note, or marks an approved plan done",
        params: IdParam,
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('return'), Type.Literal('done')]), note: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
        response: { 200: Plan, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { decision, note } = request.body;
      const plan = await db.selectFrom('development_plans as d').innerJoin('people as p', 'p.id', 'd.person_id').select(['d.id', 'd.person_id', 'd.year', 'd.status', 'p.unit_id']).where('d.id', '=', request.params.id).executeTakeFirst();
      if (!plan || !(await mayReview(db, user, { id: plan.person_id, unit_id: plan.unit_id }))) throw planNotFound();
      const from: Record<typeof decision, PlanStatus> = { approve: 'submitted', return: 'submitted', done: 'approved' };
      const to: Record<typeof decision, PlanStatus> = { approve: 'approved', return: 'draft', done: 'done' };
      if (decision === 'return' && !note?.trim()) throw invalid(text('Tuliskan apa yang perlu diubah.', 'Say what needs to change.'));
      const updated = await db
        .updateTable('development_plans')
        .set({ status: to[decision], decided_by: user.id, decided_at: sql`now()`, decision_note: note?.trim() || null, updated_at: sql`now()` })
        .where('id', '=', plan.id)
        .where('status', '=', from[decision])
        .returning('id')
        .executeTakeFirst();
      if (!updated) throw new AppError(409, 'plan_wrong_state', text(`Rencana ini berstatus ${plan.status}.`, `This plan is ${plan.status}.`), { status: plan.status });
      await audit(db, user.id, `plan.${decision}`, String(plan.id));
      const person = (await peopleRows(db).where('p.id', '=', plan.person_id).executeTakeFirstOrThrow()) as PersonRow;
      return planView(db, person, plan.year);
    },
  );

  // ---- The supervisor's team --------------------------------------------------------------------
  app.get(
    '/api/team',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['competencies'],
        summary: 'My team (everyone below me in the reporting line): gaps, JP of the year, plans and claims waiting for me',
        querystring: YearQuery,
        response: { 200: Team, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const year = yearOf(request.query);
      const ids = await teamIds(db, user.id);
      const settings = await loadSettings(db);
      if (!ids.length) return { year, target: settings.jpTarget, members: [], plansToApprove: 0, claimsToReview: 0 };
      const people = (await peopleRows(db).where('p.id', 'in', ids).where('p.active', '=', true).orderBy('p.name').execute()) as PersonRow[];
      const locale = localeOf(request);
      const [profiles, jp, plans, claims] = await Promise.all([
        competencyProfiles(db, people.map((p) => ({ id: p.id, position_id: p.position_id, locale })), { settings }),
        jpEntries(db, ids, year),
        db.selectFrom('development_plans').select(['id', 'person_id', 'status']).where('person_id', 'in', ids).where('year', '=', year).execute(),
        db.selectFrom('prior_learning_claims').select(['person_id', sql<number>`count(*)::int`.as('n')]).where('person_id', 'in', ids).where('status', '=', 'pending').groupBy('person_id').execute(),
      ]);
      const members = people.map((p) => {
        const profile = (profiles.get(p.id) ?? []).filter((c) => c.required > 0);
        const gaps = profile.filter((c) => c.gap > 0);
        const plan = plans.find((x) => x.person_id === p.id);
        return {
          person: personHeader(p),
          direct: p.supervisor_id === user.id,
          jp: sumJp(jp.get(p.id) ?? []),
          target: settings.jpTarget,
          gaps: gaps.length,
          topGaps: gaps.slice(0, 3).map((g) => ({ code: g.code, name: g.name, required: g.required, attained: g.attained })),
          meetingStandard: profile.length - gaps.length,
          required: profile.length,
          plan: plan ? { id: plan.id, status: plan.status } : null,
          pendingClaims: claims.find((c) => c.person_id === p.id)?.n ?? 0,
        };
      });
      return {
        year,
        target: settings.jpTarget,
        members,
        plansToApprove: plans.filter((p) => p.status === 'submitted').length,
        claimsToReview: claims.reduce((s, c) => s + c.n, 0),
      };
    },
  );

  app.get(
    '/api/people/:id/plan',
    { schema: { tags: ['competencies'], summary: "A team member's plan of a year (supervisors, office admins)", params: IdParam, querystring: YearQuery, response: { 200: Plan, ...errors } } },
    async (request) => {
      const user = request.user!;
      const person = (await peopleRows(db).where('p.id', '=', request.params.id).executeTakeFirst()) as PersonRow | undefined;
      if (!person || (person.id !== user.id && !(await mayReview(db, user, person)))) throw notFound(text('Pegawai tidak ditemukan.', 'Person not found.'));
      return planView(db, person, yearOf(request.query));
    },
  );
};

export default routes;
