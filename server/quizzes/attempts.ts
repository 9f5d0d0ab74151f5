/**
 * Attempts: starting (idempotent), saving answers (each on its own, ordered by the client's
 * sequence number, acknowledged only once committed), the server's deadline, submission and
 * grading, and the sweep that submits attempts whose learner never came back.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import { Batcher, batcherFor } from '../db/batch.ts';
import { preparedQuery } from '../db/connect.ts';
import type { DB, ReviewOptions } from '../db/types.ts';
import { expandUnits } from '../org/service.ts';
import { AppError, forbidden, notFound, text } from '../plugins/errors.ts';
import { sharesPartner } from '../partners/service.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import { completeIfDone } from '../courses/routes.ts';
import { onQuizResult } from '../competencies/ledger.ts';
import { canonical } from './banks.ts';
import { grade, type QuestionDocT, type ResponseT } from './model.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Saves arriving this long after the deadline still count: they were sent in time. */
export const GRACE_SECONDS = 10;

export const attemptNotFound = () => new AppError(404, 'attempt_not_found', text('Percobaan kuis tidak ditemukan.', 'Quiz attempt not found.'));
export const quizNotFound = () => new AppError(404, 'quiz_not_found', text('Kuis tidak ditemukan.', 'Quiz not found.'));

export interface QuizRow {
  id: number;
  slug: string;
  title: string;
  description_md: string;
  course_id: number | null;
  owner_id: number | null;
  status: 'draft' | 'published' | 'archived';
  time_limit_minutes: number | null;
  opens_at: Date | null;
  closes_at: Date | null;
  attempts_allowed: number | null;
  grading: 'highest' | 'last' | 'average';
  pass_pct: number;
  shuffle_questions: boolean;
  shuffle_choices: boolean;
  per_page: number;
  review: ReviewOptions;
  version: number;
  source: 'app' | 'file';
  partner_id: number | null;
}

export async function loadQuiz(db: Db, quizId: number): Promise<QuizRow | undefined> {
  return db
    .selectFrom('quizzes')
    .select([
      'id', 'slug', 'title', 'description_md', 'course_id', 'owner_id', 'status', 'time_limit_minutes', 'opens_at', 'closes_at',
      'attempts_allowed', 'grading', 'pass_pct', 'shuffle_questions', 'shuffle_choices', 'per_page', 'review', 'version', 'source', 'partner_id',
    ])
    .where('id', '=', quizId)
    .executeTakeFirst() as Promise<QuizRow | undefined>;
}

/** Owners of the quiz (or of its course) and admins edit it and see everyone's attempts. */
export async function canManageQuiz(db: Db, user: AuthUser, quiz: { owner_id: number | null; course_id: number | null; partner_id?: number | null }): Promise<boolean> {
  if (user.roles.includes('admin')) return true;
  if (quiz.owner_id === user.id) return true;
  if (sharesPartner(user, quiz.partner_id ?? null)) return true;
  if (quiz.course_id === null) return false;
  const course = await db.selectFrom('courses').select(['owner_id', 'partner_id']).where('id', '=', quiz.course_id).executeTakeFirst();
  return course?.owner_id === user.id || sharesPartner(user, course?.partner_id ?? null);
}

/** A quiz the caller manages; anyone else gets the same 404 as for a quiz that does not exist (a partner user: 403 for another partner's). */
export async function managedQuiz(db: Db, user: AuthUser, quizId: number): Promise<QuizRow> {
  const quiz = await loadQuiz(db, quizId);
  if (!quiz || !(await canManageQuiz(db, user, quiz))) {
    if (quiz?.partner_id != null && partnerOnly(user)) throw forbidden(text('Kuis ini milik mitra lain.', 'This quiz belongs to another partner.'));
    throw quizNotFound();
  }
  return quiz;
}

/**
 * May this person take the quiz? A course's quiz: those enrolled in the course. A standalone test:
 * those in an office or position it is assigned to, or everyone when it is assigned to no one.
 * Answers with the reason when not (as an AppError), or nothing when they may.
 */
export async function takeRefusal(db: Db, user: AuthUser, quiz: QuizRow, manager: boolean): Promise<AppError | null> {
  if (manager) return null;
  if (quiz.status !== 'published') return quizNotFound();
  if (quiz.course_id !== null) {
    const enrolled = await db.selectFrom('enrollments').select('id').where('person_id', '=', user.id).where('course_id', '=', quiz.course_id).executeTakeFirst();
    if (!enrolled) return new AppError(403, 'not_enrolled', text('Daftar ke kursusnya terlebih dahulu untuk mengerjakan kuis ini.', 'Enrol in its course first to take this quiz.'));
    return null;
  }
  const plan = await quizPlan(db, quiz);
  if (!plan.assigned) return null;
  if (user.place.positionId !== null && plan.assignedPositions.has(user.place.positionId)) return null;
  if (user.place.unitId !== null && plan.assignedUnits.has(user.place.unitId)) return null;
  return new AppError(403, 'not_assigned', text('Uji ini tidak ditugaskan untuk unit atau jabatan Anda.', 'This test is not assigned to your office or position.'));
}

/**
 * Why this person cannot start a new attempt now, or null: not theirs to take (takeRefusal),
 * not open yet, closed, or every attempt allowed used (`attemptsUsed` of them).
 */
export async function startRefusal(db: Db, user: AuthUser, quiz: QuizRow, manager: boolean, attemptsUsed: number): Promise<AppError | null> {
  const refusal = await takeRefusal(db, user, quiz, manager);
  if (refusal) return refusal;
  const now = Date.now();
  if (quiz.opens_at && quiz.opens_at.getTime() > now && !manager) {
    return new AppError(409, 'quiz_not_open', text(`Kuis ini baru dibuka ${quiz.opens_at.toISOString()}.`, `This quiz opens at ${quiz.opens_at.toISOString()}.`), { opensAt: quiz.opens_at.toISOString() });
  }
  if (quiz.closes_at && quiz.closes_at.getTime() <= now) {
    return new AppError(409, 'quiz_closed', text('Kuis ini sudah ditutup.', 'This quiz has closed.'), { closesAt: quiz.closes_at.toISOString() });
  }
  if (quiz.attempts_allowed !== null && attemptsUsed >= quiz.attempts_allowed) {
    return new AppError(409, 'no_attempts_left', text(`Kesempatan mengerjakan sudah habis (${quiz.attempts_allowed} kali).`, `No attempts left (${quiz.attempts_allowed} allowed).`));
  }
  return null;
}

function shuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

interface Candidate {
  question_id: number;
  version_id: number;
  points: number;
  type: string;
  competency_code: string | null;
  doc: QuestionDocT;
}

interface Plan {
  items: { question_id: number | null; category_id: number | null; draw_count: number | null; competency_code: string | null }[];
  fixed: Map<number, Candidate>;
  pool: (Candidate & { category_id: number })[];
  assignedUnits: Set<number>;
  assignedPositions: Set<number>;
  assigned: boolean;
  extras: { person_id: number | null; units: Set<number>; extra_minutes: number }[];
}

/**
 * What starting an attempt needs to know about a quiz (its items, the questions it can draw,
 * who it is assigned to, extra time), kept for a few seconds: when thousands start the same
 * test at the same minute, this is read once, not once each.
 */
const plans = new Map<string, { until: number; plan: Promise<Plan> }>();
const PLAN_TTL_MS = 5_000;

const quizRows = new Map<number, { until: number; row: Promise<QuizRow | undefined> }>();

/** After a change to quizzes or question banks on this instance. */
export function forgetQuizPlans() {
  plans.clear();
  quizRows.clear();
}

/** A quiz's row, kept for a few seconds (a whole city opens the same test at once). */
export function cachedQuiz(db: Db, quizId: number): Promise<QuizRow | undefined> {
  const hit = quizRows.get(quizId);
  if (hit && hit.until > Date.now()) return hit.row;
  if (quizRows.size > 1000) quizRows.clear();
  const row = loadQuiz(db, quizId);
  quizRows.set(quizId, { until: Date.now() + PLAN_TTL_MS, row });
  row.catch(() => quizRows.delete(quizId));
  return row;
}

function quizPlan(db: Db, quiz: QuizRow): Promise<Plan> {
  const key = `${quiz.id}:${quiz.version}`;
  const hit = plans.get(key);
  if (hit && hit.until > Date.now()) return hit.plan;
  const plan = loadPlan(db, quiz);
  plans.set(key, { until: Date.now() + PLAN_TTL_MS, plan });
  plan.catch(() => plans.delete(key));
  return plan;
}

async function loadPlan(db: Db, quiz: QuizRow): Promise<Plan> {
  const items = await db.selectFrom('quiz_items').select(['question_id', 'category_id', 'draw_count', 'competency_code']).where('quiz_id', '=', quiz.id).orderBy('position').execute();
  const base = db
    .selectFrom('questions as q')
    .innerJoin('question_versions as v', (j) => j.onRef('v.question_id', '=', 'q.id').onRef('v.version', '=', 'q.current_version'))
    .select(['q.id as question_id', 'v.id as version_id', 'v.points', 'v.type', 'v.competency_code', 'v.doc', 'q.category_id'])
    .where('q.retired_at', 'is', null);
  const fixedIds = items.flatMap((i) => (i.question_id !== null ? [i.question_id] : []));
  const categoryIds = [...new Set(items.flatMap((i) => (i.category_id !== null ? [i.category_id] : [])))];
  const [fixed, pool, assignments, extras] = await Promise.all([
    fixedIds.length ? base.where('q.id', 'in', fixedIds).execute() : [],
    categoryIds.length ? base.where('q.category_id', 'in', categoryIds).execute() : [],
    db.selectFrom('quiz_assignments').select(['unit_id', 'position_id']).where('quiz_id', '=', quiz.id).execute(),
    db.selectFrom('quiz_extra_time').select(['person_id', 'unit_id', 'extra_minutes']).where('quiz_id', '=', quiz.id).execute(),
  ]);
  const units = assignments.flatMap((a) => (a.unit_id !== null ? [a.unit_id] : []));
  return {
    items,
    fixed: new Map(fixed.map((r) => [r.question_id, r as unknown as Candidate])),
    pool: pool as unknown as (Candidate & { category_id: number })[],
    assigned: assignments.length > 0,
    assignedUnits: new Set(units.length ? await expandUnits(db, units) : []),
    assignedPositions: new Set(assignments.flatMap((a) => (a.position_id !== null ? [a.position_id] : []))),
    extras: await Promise.all(
      extras.map(async (e) => ({ person_id: e.person_id, units: new Set(e.unit_id !== null ? await expandUnits(db, [e.unit_id]) : []), extra_minutes: e.extra_minutes })),
    ),
  };
}

/** The quiz's questions for a new attempt: fixed ones, then random draws, shuffled if asked. */
function drawQuestions(plan: Plan, quiz: QuizRow): { c: Candidate; choiceOrder: string[] | null }[] {
  const chosen: Candidate[] = [];
  const used = new Set<number>();
  for (const item of plan.items) {
    if (item.question_id !== null) {
      const r = plan.fixed.get(item.question_id);
      if (r && !used.has(r.question_id)) {
        chosen.push(r);
        used.add(r.question_id);
      }
    } else {
      const candidates = shuffle(
        plan.pool.filter((r) => r.category_id === item.category_id && !used.has(r.question_id) && (!item.competency_code || r.competency_code === item.competency_code)),
      ).slice(0, item.draw_count ?? 0);
      for (const r of candidates) {
        chosen.push(r);
        used.add(r.question_id);
      }
    }
  }
  const ordered = quiz.shuffle_questions ? shuffle(chosen) : chosen;
  return ordered.map((c) => ({ c, choiceOrder: choiceOrder(c.doc, quiz.shuffle_choices) }));
}

/** The order choices, items or matching options are shown in for this attempt. */
function choiceOrder(doc: QuestionDocT, shuffleChoices: boolean): string[] | null {
  switch (doc.type) {
    case 'single':
    case 'multiple': {
      const ids = (doc.choices ?? []).map((c) => c.id);
      return shuffleChoices && doc.shuffleChoices !== false ? shuffle(ids) : ids;
    }
    case 'ordering': {
      // Always shuffled (the right order would give the answer away), and never left as it is.
      const ids = (doc.items ?? []).map((i) => i.id);
      if (ids.length < 2) return ids;
      let s = shuffle(ids);
      for (let i = 0; i < 5 && s.every((x, k) => x === ids[k]); i++) s = shuffle(ids);
      if (s.every((x, k) => x === ids[k])) s = [...ids.slice(1), ids[0]!];
      return s;
    }
    case 'matching':
      return shuffle([...new Set([...(doc.pairs ?? []).map((p) => p.answer), ...(doc.distractors ?? [])])]);
    default:
      return null;
  }
}

/** Extra minutes for this person: their own, or their office's (or a parent office's); the largest. */
function extraMinutes(plan: Plan, user: AuthUser): number {
  let best = 0;
  for (const e of plan.extras) {
    if (e.person_id === user.id || (user.place.unitId !== null && e.units.has(user.place.unitId))) best = Math.max(best, e.extra_minutes);
  }
  return best;
}

/**
 * Starts an attempt, or returns the one in progress (`created` false). Concurrent starts by the
 * same person meet at the unique index on open attempts: one attempt, whoever wins.
 */
/** A just-started attempt as its view needs it, known without reading it back. */
export interface NewAttempt {
  attempt: {
    id: number;
    quiz_id: number;
    person_id: number;
    number: number;
    state: 'in_progress';
    started_at: Date;
    deadline: Date | null;
    submitted_at: null;
    submitted_by: null;
    score: null;
    max_score: null;
    pct: null;
    passed: null;
    needs_grading: false;
    competency_scores: never[];
  };
  rows: {
    question_id: number;
    version_id: number;
    position: number;
    points: number;
    choice_order: string[] | null;
    fraction: null;
    score: null;
    grader_comment: null;
    doc: unknown;
    response: null;
    seq: null;
    saved_at: null;
  }[];
  used: number;
}

export async function startAttempt(db: Kysely<DB>, user: AuthUser, quiz: QuizRow, manager: boolean): Promise<{ attemptId: number; created: boolean; fresh?: NewAttempt }> {
  // Tried as a new attempt first (one round trip when it is one); an attempt in progress, or
  // no attempts left, shows as nothing inserted and is looked up afterwards.
  const refusal = await startRefusal(db, user, quiz, manager, 0);
  if (refusal) {
    // An attempt already under way is still the learner's to finish (its deadline stands).
    const open = await db.selectFrom('quiz_attempts').select('id').where('quiz_id', '=', quiz.id).where('person_id', '=', user.id).where('state', '=', 'in_progress').executeTakeFirst();
    if (open) return { attemptId: open.id, created: false };
    throw refusal;
  }
  const plan = await quizPlan(db, quiz);
  const questions = drawQuestions(plan, quiz);
  if (questions.length === 0) throw new AppError(409, 'quiz_empty', text('Kuis ini belum memiliki soal.', 'This quiz has no questions yet.'));
  const extra = quiz.time_limit_minutes ? extraMinutes(plan, user) : 0;
  // Up to 50 starts per statement keeps the tail short when thousands arrive at once.
  const batcher = batcherFor(startBatchers, db, () => new Batcher((items) => insertStarts(db, items), { maxItems: 50 }));
  const { row, leader } = await batcher.add({
    quiz_id: quiz.id,
    person_id: user.id,
    minutes: quiz.time_limit_minutes ? quiz.time_limit_minutes + extra : null,
    closes_at: quiz.closes_at ? quiz.closes_at.toISOString() : null,
    allowed: quiz.attempts_allowed,
    questions: questions.map((q, i) => ({ question_id: q.c.question_id, version_id: q.c.version_id, position: i + 1, points: q.c.points, choice_order: q.choiceOrder })),
  });
  // A double start in the same moment: the first is the new attempt, the others find it.
  if (row && !leader) return { attemptId: row.id, created: false };
  if (row) {
    const a = row;
    return {
      attemptId: row.id,
      created: true,
      fresh: {
        attempt: {
          id: row.id,
          quiz_id: quiz.id,
          person_id: user.id,
          number: a.number,
          state: 'in_progress',
          started_at: new Date(a.started_at),
          deadline: a.deadline ? new Date(a.deadline) : null,
          submitted_at: null,
          submitted_by: null,
          score: null,
          max_score: null,
          pct: null,
          passed: null,
          needs_grading: false,
          competency_scores: [],
        },
        rows: questions.map((q, i) => ({
          question_id: q.c.question_id,
          version_id: q.c.version_id,
          position: i + 1,
          points: q.c.points,
          choice_order: q.choiceOrder,
          fraction: null,
          score: null,
          grader_comment: null,
          doc: q.c.doc,
          response: null,
          seq: null,
          saved_at: null,
        })),
        used: a.number,
      },
    };
  }
  const mine = await db.selectFrom('quiz_attempts').select(['id', 'state']).where('quiz_id', '=', quiz.id).where('person_id', '=', user.id).execute();
  const open = mine.find((x) => x.state === 'in_progress');
  if (open) return { attemptId: open.id, created: false };
  const left = await startRefusal(db, user, quiz, manager, mine.length);
  if (left) throw left;
  throw new AppError(409, 'attempt_conflict', text('Percobaan lain baru saja dimulai atau dikumpulkan. Coba lagi.', 'Another attempt was just started or submitted. Try again.'));
}

interface StartItem {
  quiz_id: number;
  person_id: number;
  /** The time limit with this person's extra time; null: none. */
  minutes: number | null;
  closes_at: string | null;
  allowed: number | null;
  questions: { question_id: number; version_id: number; position: number; points: number; choice_order: string[] | null }[];
}
interface StartedRow {
  id: number;
  quiz_id: number;
  person_id: number;
  number: number;
  started_at: Date;
  deadline: Date | null;
}

/**
 * Starts arriving together (a city-wide test opening at 08:00) are written together: one
 * statement and one commit insert every new attempt with the questions it drew. Each is still
 * decided on its own: no attempt in progress for that person (the unique index), attempts left.
 * Of two starts by the same person in one batch, the first (the leader) is the new attempt.
 */
async function insertStarts(db: Kysely<DB>, items: StartItem[]): Promise<{ row: StartedRow | null; leader: boolean }[]> {
  const leaders = new Map<string, StartItem>();
  for (const item of items) {
    const key = `${item.quiz_id}:${item.person_id}`;
    if (!leaders.has(key)) leaders.set(key, item);
  }
  const rows = await preparedQuery<StartedRow>(
    db,
    'quiz.start-attempts',
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS i(quiz_id bigint, person_id bigint, minutes int, closes_at timestamptz, allowed int, questions jsonb)
     ), a AS (
       INSERT INTO quiz_attempts (quiz_id, person_id, number, deadline)
       SELECT i.quiz_id, i.person_id, coalesce(m.max_number, 0) + 1,
              CASE WHEN i.minutes IS NULL THEN i.closes_at
                   WHEN i.closes_at IS NULL THEN now() + make_interval(mins => i.minutes)
                   ELSE least(now() + make_interval(mins => i.minutes), i.closes_at) END
         FROM input i
         CROSS JOIN LATERAL (SELECT max(x.number) AS max_number, count(*) AS n FROM quiz_attempts x WHERE x.quiz_id = i.quiz_id AND x.person_id = i.person_id) m
        WHERE i.allowed IS NULL OR m.n < i.allowed
       ON CONFLICT DO NOTHING
       RETURNING id, quiz_id, person_id, number, started_at, deadline
     ), q AS (
       INSERT INTO attempt_questions (attempt_id, question_id, version_id, position, points, choice_order)
       SELECT a.id, qq.question_id, qq.version_id, qq.position, qq.points,
              CASE WHEN qq.choice_order = 'null'::jsonb THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(qq.choice_order)) END
         FROM a JOIN input i ON i.quiz_id = a.quiz_id AND i.person_id = a.person_id,
              jsonb_to_recordset(i.questions) AS qq(question_id bigint, version_id bigint, position int, points numeric, choice_order jsonb)
       RETURNING attempt_id
     )
     SELECT a.id, a.quiz_id, a.person_id, a.number, a.started_at, a.deadline FROM a WHERE EXISTS (SELECT 1 FROM q WHERE q.attempt_id = a.id)`,
    [JSON.stringify([...leaders.values()])],
  );
  const byKey = new Map(rows.map((r) => [`${r.quiz_id}:${r.person_id}`, r]));
  return items.map((item) => {
    const key = `${item.quiz_id}:${item.person_id}`;
    return { row: byKey.get(key) ?? null, leader: leaders.get(key) === item };
  });
}

const startBatchers = new WeakMap<object, Batcher<StartItem, { row: StartedRow | null; leader: boolean }>>();

export type SaveOutcome = { seq: number; savedAt: string };

interface SaveItem {
  attemptId: number;
  personId: number;
  questionId: number;
  response: ResponseT;
  seq: number;
}

/**
 * Save statements in flight at once. Two measured best on 2 cores (tests/bench/RESULTS.md): more
 * means more, smaller commits competing for the same disk flush.
 */
const MAX_SAVE_STATEMENTS = 2;

/**
 * Saves arriving together are written together: one statement (and one commit) for every save
 * queued while the previous statements were on their way, instead of one each. Each row is
 * still checked on its own: the attempt is the saver's, in progress and within its deadline
 * (plus grace), the question is one the attempt showed, and the stored answer has a lower
 * sequence number. Attempt rows are share-locked so that a submission waits for saves in flight.
 * Answers per item: the row written, or null when it was not (the caller finds out why).
 */
async function writeSaves(db: Kysely<DB>, items: SaveItem[]): Promise<({ seq: number; saved_at: Date } | null)[]> {
  // Of two saves of the same answer in one batch, the higher seq is written; the other is stale.
  // Only the attempt's owner passes the checks: a save by anyone else never displaces theirs.
  const ownKey = (i: SaveItem) => `${i.attemptId}:${i.questionId}:${i.personId}`;
  const best = new Map<string, SaveItem>();
  for (const item of items) {
    const other = best.get(ownKey(item));
    if (!other || other.seq < item.seq) best.set(ownKey(item), item);
  }
  const rows = [...best.values()].sort((a, b) => a.attemptId - b.attemptId || a.questionId - b.questionId);
  const saved = await preparedQuery<{ attempt_id: number; question_id: number; seq: number; saved_at: Date }>(
    db,
    'quiz.save-answers',
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(attempt_id bigint, person_id bigint, question_id bigint, response jsonb, seq bigint)
     ), ok AS (
       SELECT i.* FROM input i
         JOIN quiz_attempts a ON a.id = i.attempt_id AND a.person_id = i.person_id AND a.state = 'in_progress'
              AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => ${GRACE_SECONDS}))
         JOIN attempt_questions q ON q.attempt_id = i.attempt_id AND q.question_id = i.question_id
        ORDER BY i.attempt_id, i.question_id
        FOR SHARE OF a
     )
     INSERT INTO attempt_answers AS x (attempt_id, question_id, response, seq, saved_at)
     SELECT attempt_id, question_id, response, seq, now() FROM ok
     ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at
      WHERE x.seq < excluded.seq
     RETURNING attempt_id, question_id, seq, saved_at`,
    [JSON.stringify(rows.map((r) => ({ attempt_id: r.attemptId, person_id: r.personId, question_id: r.questionId, response: r.response, seq: r.seq })))],
  );
  const written = new Map(saved.map((r) => [`${r.attempt_id}:${r.question_id}`, r]));
  return items.map((item) => {
    const row = written.get(`${item.attemptId}:${item.questionId}`);
    return row && row.seq === item.seq && best.get(ownKey(item)) === item ? { seq: row.seq, saved_at: row.saved_at } : null;
  });
}

const saveBatchers = new WeakMap<object, Batcher<SaveItem, { seq: number; saved_at: Date } | null>>();

/**
 * Saves one answer, acknowledged once committed. When it was not written, says why: not my
 * attempt or not its question (404), submitted or past the deadline (409), or an older save than
 * the one stored (409 stale_seq; the same save again is acknowledged as it was).
 */
export async function saveAnswer(db: Kysely<DB>, user: AuthUser, attemptId: number, questionId: number, response: ResponseT, seq: number): Promise<SaveOutcome> {
  const batcher = batcherFor(saveBatchers, db, () => new Batcher((items) => writeSaves(db, items), { maxItems: 500, maxInFlight: MAX_SAVE_STATEMENTS }));
  const saved = await batcher.add({ attemptId, personId: user.id, questionId, response, seq });
  if (saved) return { seq: saved.seq, savedAt: saved.saved_at.toISOString() };
  const inAttempt = await db.selectFrom('attempt_questions').select('question_id').where('attempt_id', '=', attemptId).where('question_id', '=', questionId).executeTakeFirst();
  // Nothing written: find out why, from the committed state.
  const why = await db
    .selectFrom('quiz_attempts as a')
    .leftJoin('attempt_answers as x', (j) => j.onRef('x.attempt_id', '=', 'a.id').on('x.question_id', '=', questionId))
    .select(['a.person_id', 'a.state', 'x.seq', 'x.response', 'x.saved_at', sql<boolean>`a.deadline IS NOT NULL AND now() > a.deadline + make_interval(secs => ${GRACE_SECONDS})`.as('late')])
    .where('a.id', '=', attemptId)
    .executeTakeFirst();
  if (!why || why.person_id !== user.id) throw attemptNotFound();
  if (!inAttempt) throw new AppError(404, 'question_not_in_attempt', text('Soal ini tidak ada dalam percobaan Anda.', 'This question is not part of your attempt.'));
  if (why.state !== 'in_progress') throw new AppError(409, 'attempt_submitted', text('Percobaan ini sudah dikumpulkan; jawaban tidak dapat diubah.', 'This attempt was submitted; answers can no longer change.'));
  if (why.late) {
    await submitAttempt(db, attemptId, 'deadline');
    throw new AppError(409, 'deadline_passed', text('Waktu mengerjakan sudah habis; jawaban ini tidak tersimpan.', 'Time is up; this answer was not saved.'));
  }
  if (why.seq !== null && why.seq !== undefined) {
    // A retry of the save already stored: the same answer, acknowledged again.
    if (why.seq === seq && canonical(why.response) === canonical(response)) return { seq, savedAt: why.saved_at!.toISOString() };
    throw new AppError(409, 'stale_seq', text('Jawaban yang lebih baru sudah tersimpan.', 'A newer answer is already saved.'), { storedSeq: why.seq });
  }
  throw attemptNotFound();
}

export interface CompetencyScore {
  code: string;
  level: number | null;
  score: number;
  max: number;
  pct: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Grades and closes an attempt; does nothing to one already submitted. Waits for saves in
 * flight (they hold a share lock on the attempt). Passing a quiz that is a course's lesson
 * completes that lesson, and the course when it was the last one.
 */
export async function submitAttempt(db: Kysely<DB>, attemptId: number, by: 'learner' | 'deadline' | 'sweep'): Promise<{ submitted: boolean; personId: number }> {
  return db.transaction().execute(async (trx) => {
    const attempt = await trx.selectFrom('quiz_attempts').select(['id', 'state', 'quiz_id', 'person_id']).where('id', '=', attemptId).forUpdate().executeTakeFirst();
    if (!attempt) throw attemptNotFound();
    if (attempt.state !== 'in_progress') return { submitted: false, personId: attempt.person_id };
    const quiz = (await loadQuiz(trx, attempt.quiz_id))!;
    const graded = await gradeAttempt(trx, attemptId);
    await trx
      .updateTable('quiz_attempts')
      .set({
        state: 'submitted',
        submitted_at: sql`now()`,
        submitted_by: by,
        ...totals(graded, quiz.pass_pct),
      })
      .where('id', '=', attemptId)
      .execute();
    await afterResult(trx, attempt.quiz_id, attempt.person_id);
    return { submitted: true, personId: attempt.person_id };
  });
}

/** Recomputes a submitted attempt's totals from its questions' grades (after a trainer grades one). */
export async function regradeAttempt(trx: Transaction<DB>, attemptId: number): Promise<{ pct: number; passed: boolean | null; needsGrading: boolean }> {
  const attempt = await trx.selectFrom('quiz_attempts').select(['quiz_id', 'person_id']).where('id', '=', attemptId).forUpdate().executeTakeFirstOrThrow();
  const quiz = (await loadQuiz(trx, attempt.quiz_id))!;
  const graded = await trx
    .selectFrom('attempt_questions as q')
    .innerJoin('question_versions as v', 'v.id', 'q.version_id')
    .select(['q.question_id', 'q.points', 'q.fraction', 'v.competency_code', 'v.competency_level'])
    .where('q.attempt_id', '=', attemptId)
    .execute();
  const t = totals(graded, quiz.pass_pct);
  await trx.updateTable('quiz_attempts').set(t).where('id', '=', attemptId).execute();
  await afterResult(trx, attempt.quiz_id, attempt.person_id);
  return { pct: t.pct, passed: t.passed, needsGrading: t.needs_grading };
}

type GradedRow = { question_id: number; points: number; fraction: number | null; competency_code: string | null; competency_level: number | null };

/** Grades every question of the attempt that can be graded automatically, keeping trainers' grades. */
async function gradeAttempt(trx: Transaction<DB>, attemptId: number): Promise<GradedRow[]> {
  const rows = await trx
    .selectFrom('attempt_questions as q')
    .innerJoin('question_versions as v', 'v.id', 'q.version_id')
    .leftJoin('attempt_answers as x', (j) => j.onRef('x.attempt_id', '=', 'q.attempt_id').onRef('x.question_id', '=', 'q.question_id'))
    .select(['q.question_id', 'q.points', 'q.graded_by', 'q.fraction', 'v.doc', 'v.competency_code', 'v.competency_level', 'x.response'])
    .where('q.attempt_id', '=', attemptId)
    .execute();
  const out: GradedRow[] = [];
  for (const r of rows) {
    const fraction = r.graded_by !== null ? r.fraction : grade(r.doc as QuestionDocT, r.response as ResponseT | undefined).fraction;
    out.push({ question_id: r.question_id, points: r.points, fraction, competency_code: r.competency_code, competency_level: r.competency_level });
  }
  const auto = out.filter((r) => rows.find((x) => x.question_id === r.question_id)!.graded_by === null);
  if (auto.length) {
    await sql`
      UPDATE attempt_questions AS q SET fraction = v.fraction, score = round(v.fraction * q.points, 2)
        FROM (VALUES ${sql.join(auto.map((r) => sql`(${r.question_id}::bigint, ${r.fraction}::numeric)`))}) AS v(question_id, fraction)
       WHERE q.attempt_id = ${attemptId} AND q.question_id = v.question_id`.execute(trx);
  }
  return out;
}

/** Score, percentage, pass and per-competency sub-scores from graded questions. */
export function totals(graded: GradedRow[], passPct: number) {
  const max = graded.reduce((s, r) => s + r.points, 0);
  const score = graded.reduce((s, r) => s + (r.fraction ?? 0) * r.points, 0);
  const pending = graded.some((r) => r.fraction === null);
  const pct = max > 0 ? round2((score * 100) / max) : 0;
  const byCode = new Map<string, CompetencyScore>();
  for (const r of graded) {
    if (!r.competency_code) continue;
    const c = byCode.get(r.competency_code) ?? { code: r.competency_code, level: r.competency_level, score: 0, max: 0, pct: 0 };
    c.score += (r.fraction ?? 0) * r.points;
    c.max += r.points;
    c.level = Math.max(c.level ?? 0, r.competency_level ?? 0) || null;
    byCode.set(r.competency_code, c);
  }
  const competencies = [...byCode.values()].map((c) => ({ ...c, score: round2(c.score), max: round2(c.max), pct: c.max > 0 ? round2((c.score * 100) / c.max) : 0 }));
  return {
    score: round2(score),
    max_score: round2(max),
    pct,
    passed: pending ? null : pct >= passPct,
    needs_grading: pending,
    competency_scores: JSON.stringify(competencies),
  };
}

/**
 * What a result changes elsewhere: a passed quiz that is a lesson of a course the person is
 * enrolled in completes the lesson (and the course, when it was the last required lesson).
 */
async function afterResult(trx: Transaction<DB>, quizId: number, personId: number) {
  await onQuizResult(trx, quizId, personId);
  const passed = await trx.selectFrom('quiz_attempts').select('id').where('quiz_id', '=', quizId).where('person_id', '=', personId).where('passed', '=', true).executeTakeFirst();
  if (!passed) return;
  const lessons = await trx
    .selectFrom('lessons as l')
    .innerJoin('enrollments as e', (j) => j.onRef('e.course_id', '=', 'l.course_id').on('e.person_id', '=', personId))
    .select(['l.id', 'l.course_id', 'e.id as enrollment_id'])
    .where('l.quiz_id', '=', quizId)
    .where('l.retired_at', 'is', null)
    .execute();
  for (const l of lessons) {
    await trx.selectFrom('enrollments').select('id').where('id', '=', l.enrollment_id).forUpdate().execute();
    await trx
      .insertInto('lesson_progress')
      .values({ person_id: personId, lesson_id: l.id, completed_at: new Date() })
      .onConflict((oc) => oc.columns(['person_id', 'lesson_id']).doUpdateSet({ completed_at: sql`coalesce(lesson_progress.completed_at, now())`, updated_at: sql`now()` }))
      .execute();
    await completeIfDone(trx, personId, l.course_id, l.enrollment_id);
  }
}

/** Submits every attempt whose deadline (plus grace) has passed. Returns the people affected. */
export async function sweepExpired(db: Kysely<DB>, limit = 500): Promise<number[]> {
  const due = await db
    .selectFrom('quiz_attempts')
    .select('id')
    .where('state', '=', 'in_progress')
    .where(sql<boolean>`deadline + make_interval(secs => ${GRACE_SECONDS}) < now()`)
    .orderBy('deadline')
    .limit(limit)
    .execute();
  const people: number[] = [];
  for (const a of due) {
    const r = await submitAttempt(db, a.id, 'sweep');
    if (r.submitted) people.push(r.personId);
  }
  return people;
}

// ---- Views -------------------------------------------------------------------------------

const rendered = new Map<number, { stemHtml: string; choiceHtml: Map<string, string> }>();
/** Markdown of a question version rendered once (versions never change). */
function renderVersion(versionId: number, doc: QuestionDocT) {
  let hit = rendered.get(versionId);
  if (!hit) {
    if (rendered.size > 5000) rendered.clear();
    const choiceHtml = new Map<string, string>();
    for (const c of doc.choices ?? []) choiceHtml.set(c.id, renderMarkdown(c.text));
    for (const i of doc.items ?? []) choiceHtml.set(i.id, renderMarkdown(i.text));
    for (const p of doc.pairs ?? []) choiceHtml.set(p.id, renderMarkdown(p.prompt));
    hit = { stemHtml: renderMarkdown(doc.stem), choiceHtml };
    rendered.set(versionId, hit);
  }
  return hit;
}

/**
 * Review options: 'after_close' is once the quiz has closed or, for a quiz that never closes,
 * once the learner has used every attempt allowed (so the answers cannot help a later attempt).
 */
export function reviewVisible(when: 'immediately' | 'after_close' | 'never', quiz: Pick<QuizRow, 'closes_at' | 'attempts_allowed'>, submitted: boolean, attemptsUsed: number): boolean {
  if (!submitted || when === 'never') return false;
  if (when === 'immediately') return true;
  if (quiz.closes_at !== null) return quiz.closes_at.getTime() < Date.now();
  return quiz.attempts_allowed !== null && attemptsUsed >= quiz.attempts_allowed;
}

/** The right answer of a question, as shown in a review. */
function key(doc: QuestionDocT): unknown {
  switch (doc.type) {
    case 'single':
    case 'multiple':
      return (doc.choices ?? []).filter((c) => c.fraction > 0).map((c) => c.id);
    case 'truefalse':
      return doc.answer;
    case 'short':
      return (doc.answers ?? []).filter((a) => a.fraction === 1).map((a) => a.text);
    case 'numeric':
      return (doc.numeric ?? []).filter((a) => a.fraction === 1).map((a) => ({ value: a.value, tolerance: a.tolerance }));
    case 'matching':
      return Object.fromEntries((doc.pairs ?? []).map((p) => [p.id, p.answer]));
    case 'ordering':
      return (doc.items ?? []).map((i) => i.id);
    case 'essay':
      return null;
  }
}

/**
 * An attempt as its learner (or a manager) sees it: the questions without their keys while in
 * progress; afterwards the score, right answers and feedback as the quiz's review options allow.
 */
export async function attemptView(db: Db, attemptId: number, user: AuthUser, fresh?: NewAttempt) {
  const a =
    fresh?.attempt ??
    (await db.selectFrom('quiz_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst());
  if (!a) throw attemptNotFound();
  const quiz = (await cachedQuiz(db, a.quiz_id))!;
  const manager = a.person_id !== user.id && (await canManageQuiz(db, user, quiz));
  if (a.person_id !== user.id && !manager) throw attemptNotFound();
  const rows =
    fresh?.rows ??
    (await db
      .selectFrom('attempt_questions as q')
      .innerJoin('question_versions as v', 'v.id', 'q.version_id')
      .leftJoin('attempt_answers as x', (j) => j.onRef('x.attempt_id', '=', 'q.attempt_id').onRef('x.question_id', '=', 'q.question_id'))
      .select(['q.question_id', 'q.version_id', 'q.position', 'q.points', 'q.choice_order', 'q.fraction', 'q.score', 'q.grader_comment', 'v.doc', 'x.response', 'x.seq', 'x.saved_at'])
      .where('q.attempt_id', '=', attemptId)
      .orderBy('q.position')
      .execute());
  const submitted = a.state === 'submitted';
  const used =
    fresh?.used ??
    (quiz.attempts_allowed === null ? 0 : Number((await db.selectFrom('quiz_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('quiz_id', '=', quiz.id).where('person_id', '=', a.person_id).executeTakeFirstOrThrow()).n));
  const showScore = manager || reviewVisible(quiz.review.score, quiz, submitted, used);
  const showAnswers = manager || reviewVisible(quiz.review.answers, quiz, submitted, used);
  const showFeedback = manager || reviewVisible(quiz.review.feedback, quiz, submitted, used);
  const perPage = quiz.per_page > 0 ? quiz.per_page : rows.length || 1;
  return {
    id: a.id,
    quiz: { id: quiz.id, slug: quiz.slug, title: quiz.title, passPct: quiz.pass_pct, courseId: quiz.course_id },
    personId: a.person_id,
    number: a.number,
    state: a.state,
    startedAt: a.started_at.toISOString(),
    deadline: a.deadline ? a.deadline.toISOString() : null,
    graceSeconds: GRACE_SECONDS,
    serverNow: new Date().toISOString(),
    submittedAt: a.submitted_at ? a.submitted_at.toISOString() : null,
    submittedBy: a.submitted_by,
    result:
      submitted && showScore
        ? { score: a.score!, maxScore: a.max_score!, pct: a.pct!, passed: a.passed, needsGrading: a.needs_grading, competencies: a.competency_scores }
        : null,
    pages: Math.max(1, Math.ceil(rows.length / perPage)),
    questions: rows.map((r) => {
      const doc = r.doc as QuestionDocT;
      const html = renderVersion(r.version_id, doc);
      const order = r.choice_order ?? [];
      const fb = doc.feedback;
      const g = submitted && showFeedback ? grade(doc, r.response as ResponseT | undefined) : null;
      return {
        id: r.question_id,
        position: r.position,
        page: Math.floor((r.position - 1) / perPage) + 1,
        type: doc.type,
        name: doc.name,
        stemHtml: html.stemHtml,
        points: r.points,
        choices: doc.type === 'single' || doc.type === 'multiple' ? order.map((id) => ({ id, html: html.choiceHtml.get(id) ?? '' })) : undefined,
        items: doc.type === 'ordering' ? order.map((id) => ({ id, html: html.choiceHtml.get(id) ?? '' })) : undefined,
        prompts: doc.type === 'matching' ? (doc.pairs ?? []).map((p) => ({ id: p.id, html: html.choiceHtml.get(p.id) ?? '' })) : undefined,
        options: doc.type === 'matching' ? order : undefined,
        minWords: doc.type === 'essay' ? (doc.minWords ?? null) : undefined,
        maxWords: doc.type === 'essay' ? (doc.maxWords ?? null) : undefined,
        response: (r.response ?? null) as ResponseT,
        seq: r.seq ?? null,
        savedAt: r.saved_at ? r.saved_at.toISOString() : null,
        ...(submitted && showScore && { score: r.score, fraction: r.fraction }),
        ...(submitted && showAnswers && { correct: key(doc) }),
        ...(g && {
          feedback: [
            ...g.feedback,
            ...(r.fraction === 1 && fb?.correct ? [fb.correct] : []),
            ...(r.fraction !== null && r.fraction < 1 && fb?.incorrect ? [fb.incorrect] : []),
            ...(fb?.general ? [fb.general] : []),
          ].map((t) => renderMarkdown(t)),
          graderComment: r.grader_comment,
        }),
      };
    }),
  };
}
