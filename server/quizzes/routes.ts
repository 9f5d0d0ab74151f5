import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import { renderMarkdown } from '../courses/markdown.ts';
import { ErrorBody, invalid, localeOf, text } from '../plugins/errors.ts';
import { Response } from './model.ts';
import {
  attemptNotFound,
  attemptView,
  cachedQuiz,
  canManageQuiz,
  GRACE_SECONDS,
  loadQuiz,
  quizNotFound,
  reviewVisible,
  saveAnswer,
  startAttempt,
  startRefusal,
  submitAttempt,
  sweepExpired,
} from './attempts.ts';
import { AnswerBody, AnswerParams, AnswerSaved, Attempt, IdParam, QuizInfo } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** How often in-progress attempts past their deadline are looked for and submitted. */
const SWEEP_MS = 15_000;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  /** Forgets what the catalogue shows of a person's courses: a passed quiz may complete a lesson. */
  const resultChanged = (personId: number) => app.courseCatalogue.readers.forget(personId);

  app.get(
    '/api/quizzes/:id',
    { schema: { tags: ['quizzes'], summary: 'A quiz: its rules, my attempts and whether I can start one', params: IdParam, response: { 200: QuizInfo, ...errors } } },
    async (request) => {
      const user = request.user!;
      const quiz = await loadQuiz(db, request.params.id);
      if (!quiz) throw quizNotFound();
      const manager = await canManageQuiz(db, user, quiz);
      if (!manager && quiz.status !== 'published') throw quizNotFound();
      const [course, attempts, count] = await Promise.all([
        quiz.course_id ? db.selectFrom('courses').select(['id', 'slug', 'title']).where('id', '=', quiz.course_id).executeTakeFirst() : undefined,
        db.selectFrom('quiz_attempts').selectAll().where('quiz_id', '=', quiz.id).where('person_id', '=', user.id).orderBy('number').execute(),
        db
          .selectFrom('quiz_items')
          .select(sql<number>`coalesce(sum(CASE WHEN question_id IS NOT NULL THEN 1 ELSE draw_count END), 0)::int`.as('n'))
          .where('quiz_id', '=', quiz.id)
          .executeTakeFirstOrThrow(),
      ]);
      const showScore = manager || reviewVisible(quiz.review.score, quiz, true, attempts.length);
      const done = attempts.filter((a) => a.state === 'submitted' && !a.needs_grading && a.pct !== null);
      let grade: { pct: number; passed: boolean } | null = null;
      if (showScore && done.length) {
        const pct =
          quiz.grading === 'highest' ? Math.max(...done.map((a) => a.pct!)) : quiz.grading === 'last' ? done[done.length - 1]!.pct! : Math.round((done.reduce((s, a) => s + a.pct!, 0) / done.length) * 100) / 100;
        grade = { pct, passed: pct >= quiz.pass_pct };
      }
      const open = attempts.find((a) => a.state === 'in_progress');
      const cannot = open ? null : await startRefusal(db, user, quiz, manager, attempts.length);
      const locale = localeOf(request);
      return {
        id: quiz.id,
        slug: quiz.slug,
        title: quiz.title,
        descriptionHtml: renderMarkdown(quiz.description_md),
        course: course ?? null,
        status: quiz.status,
        timeLimitMinutes: quiz.time_limit_minutes,
        opensAt: iso(quiz.opens_at),
        closesAt: iso(quiz.closes_at),
        attemptsAllowed: quiz.attempts_allowed,
        grading: quiz.grading,
        passPct: quiz.pass_pct,
        questionCount: count.n,
        review: quiz.review,
        attempts: attempts.map((a) => ({
          id: a.id,
          number: a.number,
          state: a.state,
          startedAt: a.started_at.toISOString(),
          deadline: iso(a.deadline),
          submittedAt: iso(a.submitted_at),
          pct: showScore ? a.pct : null,
          passed: showScore ? a.passed : null,
          needsGrading: a.needs_grading,
        })),
        grade,
        canStart: cannot === null,
        cannotStart: cannot ? { code: cannot.code, message: cannot.text[locale] } : null,
        canManage: manager,
      };
    },
  );

  app.post(
    '/api/quizzes/:id/attempts',
    {
      schema: {
        tags: ['quizzes'],
        summary: 'Start an attempt (201), or get the one in progress (200)',
        description: 'At most one attempt is in progress per person per quiz. The reply carries the deadline by the server’s clock and the questions to show, without their answers.',
        params: IdParam,
        response: { 200: Attempt, 201: Attempt, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const quiz = await cachedQuiz(db, request.params.id);
      if (!quiz) throw quizNotFound();
      const manager = await canManageQuiz(db, user, quiz);
      if (!manager && quiz.status !== 'published') throw quizNotFound();
      const { attemptId, created, fresh } = await startAttempt(db, user, quiz, manager);
      return reply.status(created ? 201 : 200).send((await attemptView(db, attemptId, user, fresh)) as never);
    },
  );

  app.get(
    '/api/attempts/:id',
    { schema: { tags: ['quizzes'], summary: 'An attempt with its questions, my saved answers, and (once submitted) the result', params: IdParam, response: { 200: Attempt, ...errors } } },
    async (request) => {
      const user = request.user!;
      // Past its deadline and never submitted (the learner left): submit it now.
      const due = await db
        .selectFrom('quiz_attempts')
        .select(['id', 'person_id'])
        .where('id', '=', request.params.id)
        .where('state', '=', 'in_progress')
        .where(sql<boolean>`deadline + make_interval(secs => ${GRACE_SECONDS}) < now()`)
        .executeTakeFirst();
      if (due && due.person_id === user.id) {
        await submitAttempt(db, due.id, 'deadline');
        resultChanged(due.person_id);
      }
      return (await attemptView(db, request.params.id, user)) as never;
    },
  );

  app.put(
    '/api/attempts/:id/answers/:questionId',
    {
      schema: {
        tags: ['quizzes'],
        summary: 'Save one answer; 200 only once it is committed',
        description:
          'seq is the client’s counter for the question. The same seq and answer again (a retry) is 200; a lower seq than the stored one is 409 stale_seq and the stored answer stays. After the deadline (plus graceSeconds) 409 deadline_passed.',
        params: AnswerParams,
        body: AnswerBody,
        response: { 200: AnswerSaved, ...errors },
      },
    },
    async (request) => {
      const { id, questionId } = request.params;
      if (!Value.Check(Response, request.body.response)) {
        throw invalid(text('Bentuk jawaban tidak dikenali.', 'The answer is not in a recognised form.'), [{ path: '/response', message: 'must be text, a number, true/false, a list of ids, an object of answers, or null' }]);
      }
      const saved = await saveAnswer(db, request.user!, id, questionId, request.body.response, request.body.seq);
      return { questionId, ...saved };
    },
  );

  app.post(
    '/api/attempts/:id/submit',
    { schema: { tags: ['quizzes'], summary: 'Submit and grade my attempt (again: the same result)', params: IdParam, response: { 200: Attempt, ...errors } } },
    async (request) => {
      const user = request.user!;
      const a = await db.selectFrom('quiz_attempts').select(['person_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!a || a.person_id !== user.id) throw attemptNotFound();
      await submitAttempt(db, request.params.id, 'learner');
      resultChanged(user.id);
      return (await attemptView(db, request.params.id, user)) as never;
    },
  );

  app.get(
    '/api/me/quizzes',
    {
      schema: {
        tags: ['quizzes'],
        summary: 'Tests assigned to me (by office or position) with my attempts',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                slug: Type.String(),
                title: Type.String(),
                dueAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
                closesAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
                timeLimitMinutes: Type.Union([Type.Null(), Type.Integer()]),
                state: Type.Union([Type.Literal('not_started'), Type.Literal('in_progress'), Type.Literal('submitted')]),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const user = request.user!;
      // Assigned to my position, or to my office or any office above it.
      const rows = await db
        .selectFrom('quiz_assignments as qa')
        .innerJoin('quizzes as q', 'q.id', 'qa.quiz_id')
        .select(['q.id', 'q.slug', 'q.title', 'q.closes_at', 'q.time_limit_minutes', 'qa.due_at'])
        .where('q.status', '=', 'published')
        .where((eb) =>
          eb.or([
            eb('qa.position_id', '=', user.place.positionId ?? 0),
            eb(
              'qa.unit_id',
              'in',
              sql<number>`(WITH RECURSIVE up(id) AS (SELECT id FROM units WHERE id = ${user.place.unitId ?? 0} UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL) SELECT id FROM up)`,
            ),
          ]),
        )
        .orderBy('qa.id')
        .execute();
      const mine = new Map<number, (typeof rows)[number]>();
      for (const r of rows) if (!mine.has(r.id)) mine.set(r.id, r);
      const ids = [...mine.keys()];
      const attempts = ids.length ? await db.selectFrom('quiz_attempts').select(['quiz_id', 'state']).where('person_id', '=', user.id).where('quiz_id', 'in', ids).execute() : [];
      return {
        items: [...mine.values()].map((r) => {
          const mineA = attempts.filter((a) => a.quiz_id === r.id);
          return {
            id: r.id,
            slug: r.slug,
            title: r.title,
            dueAt: iso(r.due_at),
            closesAt: iso(r.closes_at),
            timeLimitMinutes: r.time_limit_minutes,
            state: mineA.some((a) => a.state === 'in_progress') ? ('in_progress' as const) : mineA.length ? ('submitted' as const) : ('not_started' as const),
          };
        }),
      };
    },
  );

  // Attempts whose learner never came back are submitted when their time is up.
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepExpired(db)
      .then((people) => people.forEach(resultChanged))
      .catch((err) => app.log.warn({ err }, 'quiz sweep failed; will retry'))
      .finally(() => (sweeping = false));
  }, SWEEP_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
};

export default routes;
