/**
 * For trainers and admins: a quiz's results per person and office (and as CSV), item analysis
 * so bad questions can be fixed, and grading of essays. Partner users reach these for their own
 * partner's quizzes (managedQuiz scopes them), without the NIP.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds } from '../org/service.ts';
import { AppError, ErrorBody, invalid, text } from '../plugins/errors.ts';
import { attemptNotFound, canManageQuiz, loadQuiz, managedQuiz, regradeAttempt } from './attempts.ts';
import type { QuestionDocT, ResponseT } from './model.ts';
import { IdParam } from './schemas.ts';
import { csvCell } from '../reports/tables.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const ResultRow = Type.Object({
  attemptId: Type.Integer(),
  /** `nip` is left out for a partner's user: the civil-service number stays with the city. */
  person: Type.Object({ id: Type.Integer(), name: Type.String(), nip: Type.Optional(Type.Union([Type.Null(), Type.String()])) }),
  unit: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })]),
  number: Type.Integer(),
  state: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  submittedAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
  pct: Nullable(Type.Number()),
  passed: Type.Union([Type.Null(), Type.Boolean()]),
  needsGrading: Type.Boolean(),
});
const Results = Type.Object({
  quiz: Type.Object({ id: Type.Integer(), title: Type.String(), passPct: Type.Number() }),
  summary: Type.Object({ people: Type.Integer(), attempts: Type.Integer(), submitted: Type.Integer(), passedPeople: Type.Integer(), averagePct: Nullable(Type.Number()), needsGrading: Type.Integer() }),
  byOffice: Type.Array(Type.Object({ unit: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })]), people: Type.Integer(), passedPeople: Type.Integer(), averagePct: Nullable(Type.Number()) })),
  items: Type.Array(ResultRow),
});
const Analysis = Type.Object({
  attempts: Type.Integer({ description: 'Submitted attempts analysed' }),
  questions: Type.Array(
    Type.Object({
      questionId: Type.Integer(),
      name: Type.String(),
      type: Type.String(),
      answered: Type.Integer(),
      /** Mean score on the question, % (Moodle's facility index): very high is too easy, very low too hard or wrong. */
      facilityIndex: Nullable(Type.Number()),
      /** Correlation of the question's score with the rest of the test, % (−100 … 100): low or negative means it does not tell strong from weak. */
      discriminationIndex: Nullable(Type.Number()),
      /** How often each choice was picked (single, multiple, true/false). */
      distractors: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), correct: Type.Boolean(), count: Type.Integer() })),
    }),
  ),
});

/** Pearson correlation; null when either side does not vary. */
function correlation(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  /** Attempts of the quiz the caller may see: scoped admins see their offices' people. */
  async function resultRows(user: AuthUser, quizId: number) {
    const scope = user.roles.includes('admin') ? await adminUnitIds(db, user) : null;
    let q = db
      .selectFrom('quiz_attempts as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .leftJoin('units as u', 'u.id', 'p.unit_id')
      .select(['a.id', 'a.number', 'a.state', 'a.started_at', 'a.submitted_at', 'a.pct', 'a.passed', 'a.needs_grading', 'p.id as person_id', 'p.name', 'p.nip', 'u.id as unit_id', 'u.code as unit_code', 'u.name as unit_name'])
      .where('a.quiz_id', '=', quizId)
      .orderBy('u.name')
      .orderBy('p.name')
      .orderBy('a.number');
    if (scope !== null) q = q.where('p.unit_id', 'in', scope.length ? scope : [0]);
    return q.execute();
  }

  app.get(
    '/api/quizzes/:id/results',
    { config: { partner: true }, schema: { tags: ['quizzes'], summary: 'Results per person and office (owners, admins)', params: IdParam, response: { 200: Results, ...errors } } },
    async (request) => {
      const quiz = await managedQuiz(db, request.user!, request.params.id);
      const rows = await resultRows(request.user!, quiz.id);
      const withNip = !partnerOnly(request.user!);
      const submitted = rows.filter((r) => r.state === 'submitted');
      const graded = submitted.filter((r) => r.pct !== null && !r.needs_grading);
      const best = new Map<number, number>();
      for (const r of graded) best.set(r.person_id, Math.max(best.get(r.person_id) ?? 0, r.pct!));
      const offices = new Map<number | null, { unit: { id: number; code: string; name: string } | null; people: Set<number>; best: Map<number, number> }>();
      for (const r of rows) {
        const o = offices.get(r.unit_id) ?? { unit: r.unit_id ? { id: r.unit_id, code: r.unit_code!, name: r.unit_name! } : null, people: new Set(), best: new Map() };
        o.people.add(r.person_id);
        if (r.state === 'submitted' && r.pct !== null && !r.needs_grading) o.best.set(r.person_id, Math.max(o.best.get(r.person_id) ?? 0, r.pct));
        offices.set(r.unit_id, o);
      }
      const avg = (xs: number[]) => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
      return {
        quiz: { id: quiz.id, title: quiz.title, passPct: quiz.pass_pct },
        summary: {
          people: new Set(rows.map((r) => r.person_id)).size,
          attempts: rows.length,
          submitted: submitted.length,
          passedPeople: [...best.values()].filter((p) => p >= quiz.pass_pct).length,
          averagePct: avg(graded.map((r) => r.pct!)),
          needsGrading: submitted.filter((r) => r.needs_grading).length,
        },
        byOffice: [...offices.values()].map((o) => ({
          unit: o.unit,
          people: o.people.size,
          passedPeople: [...o.best.values()].filter((p) => p >= quiz.pass_pct).length,
          averagePct: avg([...o.best.values()]),
        })),
        items: rows.map((r) => ({
          attemptId: r.id,
          person: { id: r.person_id, name: r.name, ...(withNip ? { nip: r.nip } : {}) },
          unit: r.unit_id ? { id: r.unit_id, code: r.unit_code!, name: r.unit_name! } : null,
          number: r.number,
          state: r.state,
          startedAt: r.started_at.toISOString(),
          submittedAt: iso(r.submitted_at),
          pct: r.pct,
          passed: r.passed,
          needsGrading: r.needs_grading,
        })),
      };
    },
  );

  app.get(
    '/api/quizzes/:id/results.csv',
    { config: { partner: true }, schema: { tags: ['quizzes'], summary: 'Results as CSV, one line per attempt (opens in a spreadsheet)', params: IdParam } },
    async (request, reply) => {
      const quiz = await managedQuiz(db, request.user!, request.params.id);
      const rows = await resultRows(request.user!, quiz.id);
      // A partner's lecturer knows who took their quiz, but the civil-service number (NIP) stays with the city.
      const withNip = !partnerOnly(request.user!);
      const head = [...(withNip ? ['nip'] : []), 'nama', 'kode_unit', 'unit', 'percobaan', 'status', 'mulai', 'dikumpulkan', 'nilai_persen', 'lulus', 'menunggu_penilaian'];
      const lines = rows.map((r) =>
        [...(withNip ? [r.nip] : []), r.name, r.unit_code, r.unit_name, r.number, r.state === 'submitted' ? 'dikumpulkan' : 'berlangsung', r.started_at.toISOString(), iso(r.submitted_at), r.pct, r.passed === null ? '' : r.passed ? 'ya' : 'tidak', r.needs_grading ? 'ya' : 'tidak']
          .map(csvCell)
          .join(','),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="hasil-${quiz.slug}.csv"`)
        .send(`\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`);
    },
  );

  app.get(
    '/api/quizzes/:id/analysis',
    { config: { partner: true }, schema: { tags: ['quizzes'], summary: 'Item analysis: facility and discrimination per question, distractor counts', params: IdParam, response: { 200: Analysis, ...errors } } },
    async (request) => {
      const quiz = await managedQuiz(db, request.user!, request.params.id);
      const rows = await db
        .selectFrom('attempt_questions as q')
        .innerJoin('quiz_attempts as a', 'a.id', 'q.attempt_id')
        .innerJoin('question_versions as v', 'v.id', 'q.version_id')
        .leftJoin('attempt_answers as x', (j) => j.onRef('x.attempt_id', '=', 'q.attempt_id').onRef('x.question_id', '=', 'q.question_id'))
        .select(['q.attempt_id', 'q.question_id', 'q.points', 'q.fraction', 'v.doc', 'x.response'])
        .where('a.quiz_id', '=', quiz.id)
        .where('a.state', '=', 'submitted')
        .execute();
      const attempts = new Map<number, { score: number; max: number }>();
      for (const r of rows) {
        const t = attempts.get(r.attempt_id) ?? { score: 0, max: 0 };
        t.score += (r.fraction ?? 0) * r.points;
        t.max += r.points;
        attempts.set(r.attempt_id, t);
      }
      const byQuestion = new Map<number, typeof rows>();
      for (const r of rows) byQuestion.set(r.question_id, [...(byQuestion.get(r.question_id) ?? []), r]);
      const questions = [...byQuestion.entries()].map(([questionId, rs]) => {
        const latest = rs[rs.length - 1]!.doc as QuestionDocT;
        const graded = rs.filter((r) => r.fraction !== null);
        const fractions = graded.map((r) => Number(r.fraction));
        // The rest of the test: the attempt's score without this question, as a share.
        const rest = graded.map((r) => {
          const t = attempts.get(r.attempt_id)!;
          const max = t.max - r.points;
          return max > 0 ? (t.score - Number(r.fraction) * r.points) / max : 0;
        });
        const r = correlation(fractions, rest);
        const counts = new Map<string, number>();
        for (const row of rs) {
          const resp = row.response as ResponseT | null;
          for (const id of Array.isArray(resp) ? resp : typeof resp === 'string' || typeof resp === 'boolean' ? [String(resp)] : []) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        const distractors =
          latest.type === 'single' || latest.type === 'multiple'
            ? (latest.choices ?? []).map((c) => ({ id: c.id, text: c.text, correct: c.fraction > 0, count: counts.get(c.id) ?? 0 }))
            : latest.type === 'truefalse'
              ? [true, false].map((b) => ({ id: String(b), text: b ? 'Benar' : 'Salah', correct: latest.answer === b, count: counts.get(String(b)) ?? 0 }))
              : [];
        return {
          questionId,
          name: latest.name,
          type: latest.type,
          answered: rs.filter((x) => x.response !== null && x.response !== undefined).length,
          facilityIndex: fractions.length ? round((fractions.reduce((s, x) => s + x, 0) / fractions.length) * 100) : null,
          discriminationIndex: r === null ? null : round(r * 100),
          distractors,
        };
      });
      return { attempts: attempts.size, questions };
    },
  );

  app.get(
    '/api/quizzes/:id/grading',
    {
      config: { partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Essays waiting for a grade',
        params: IdParam,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                attemptId: Type.Integer(),
                questionId: Type.Integer(),
                person: Type.Object({ id: Type.Integer(), name: Type.String() }),
                name: Type.String(),
                points: Type.Number(),
                response: Type.Unknown(),
                rubric: Type.Array(Type.Object({ criterion: Type.String(), points: Type.Number() })),
                graderInfo: Type.Union([Type.Null(), Type.String()]),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const quiz = await managedQuiz(db, request.user!, request.params.id);
      const scope = request.user!.roles.includes('admin') ? await adminUnitIds(db, request.user!) : null;
      let q = db
        .selectFrom('attempt_questions as q')
        .innerJoin('quiz_attempts as a', 'a.id', 'q.attempt_id')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .innerJoin('question_versions as v', 'v.id', 'q.version_id')
        .leftJoin('attempt_answers as x', (j) => j.onRef('x.attempt_id', '=', 'q.attempt_id').onRef('x.question_id', '=', 'q.question_id'))
        .select(['q.attempt_id', 'q.question_id', 'q.points', 'p.id as person_id', 'p.name as person_name', 'v.doc', 'x.response'])
        .where('a.quiz_id', '=', quiz.id)
        .where('a.state', '=', 'submitted')
        .where('q.fraction', 'is', null)
        .orderBy('a.submitted_at');
      if (scope !== null) q = q.where('p.unit_id', 'in', scope.length ? scope : [0]);
      const rows = await q.execute();
      return {
        items: rows.map((r) => {
          const doc = r.doc as QuestionDocT;
          return {
            attemptId: r.attempt_id,
            questionId: r.question_id,
            person: { id: r.person_id, name: r.person_name },
            name: doc.name,
            points: r.points,
            response: r.response ?? null,
            rubric: doc.rubric ?? [],
            graderInfo: doc.graderInfo ?? null,
          };
        }),
      };
    },
  );

  app.put(
    '/api/attempts/:id/questions/:questionId/grade',
    {
      config: { partner: true },
      schema: {
        tags: ['quizzes'],
        summary: 'Grade (or regrade) one question of a submitted attempt: an essay, or an override',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), questionId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            score: Type.Number({ minimum: 0 }),
            comment: Type.Optional(Type.String({ maxLength: 10_000 })),
            rubricScores: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ attemptId: Type.Integer(), pct: Type.Number(), passed: Type.Union([Type.Null(), Type.Boolean()]), needsGrading: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { id, questionId } = request.params;
      const a = await db.selectFrom('quiz_attempts').select(['quiz_id', 'state', 'person_id']).where('id', '=', id).executeTakeFirst();
      if (!a) throw attemptNotFound();
      const quiz = (await loadQuiz(db, a.quiz_id))!;
      if (!(await canManageQuiz(db, user, quiz))) throw attemptNotFound();
      if (a.state !== 'submitted') throw new AppError(409, 'attempt_in_progress', text('Percobaan ini belum dikumpulkan.', 'This attempt has not been submitted yet.'));
      const q = await db
        .selectFrom('attempt_questions as q')
        .innerJoin('question_versions as v', 'v.id', 'q.version_id')
        .select(['q.points', 'v.doc'])
        .where('q.attempt_id', '=', id)
        .where('q.question_id', '=', questionId)
        .executeTakeFirst();
      if (!q) throw new AppError(404, 'question_not_in_attempt', text('Soal ini tidak ada dalam percobaan tersebut.', 'This question is not part of that attempt.'));
      const { score, comment, rubricScores } = request.body;
      if (score > q.points) throw invalid(text(`Nilai paling tinggi ${q.points}.`, `The most this question gives is ${q.points}.`));
      const rubric = (q.doc as QuestionDocT).rubric ?? [];
      if (rubricScores && (rubricScores.length !== rubric.length || rubricScores.some((s, i) => s > rubric[i]!.points))) {
        throw invalid(text('Nilai rubrik tidak sesuai dengan kriterianya.', 'The rubric scores do not match its criteria.'));
      }
      const result = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('attempt_questions')
          .set({
            fraction: score / q.points,
            score,
            graded_by: user.id,
            graded_at: sql`now()`,
            grader_comment: comment ?? null,
            rubric_scores: rubricScores ? JSON.stringify(rubricScores) : null,
          })
          .where('attempt_id', '=', id)
          .where('question_id', '=', questionId)
          .execute();
        return regradeAttempt(trx, id);
      });
      app.courseCatalogue.readers.forget(a.person_id);
      return { attemptId: id, ...result };
    },
  );
};

export default routes;
