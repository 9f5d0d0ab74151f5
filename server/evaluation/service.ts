/**
 * Training evaluation of courses and webinars, after Kirkpatrick:
 *  1. reaction: a short survey once a person completed the course or was counted present at the
 *     webinar (its outcome qualified); once per person and activity, never changed afterwards;
 *  2. learning: pre-test against post-test (prepost.ts);
 *  3. behaviour: 90 days later the person's supervisor says whether it is applied at work.
 * Eligibility is read from the facts themselves (enrolments, webinar outcomes), so nothing in
 * the courses or webinars code has to call in here.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import { canEditCourse } from '../courses/access.ts';
import type { DB } from '../db/types.ts';
import { AppError, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { loadWebinar } from '../webinars/queries.ts';
import { canHost } from '../webinars/service.ts';
import { compare, pairAttempts, round, type GradedAttempt } from './prepost.ts';
import type { FollowUpAnswerT, PrePostT, ReportT, SurveyAnswersT, TestsBodyT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type Kind = 'courses' | 'webinars';

/** Fewer answers than this and a report withholds averages, comments and examples: with two or one, anyone could be singled out. */
export const MIN_RESPONSES = 3;
/** The supervisor's follow-up is due this long after the completion or attendance. */
export const FOLLOWUP_DAYS = 90;
/** Completions older than this get no follow-up: the question would come far too late. */
const FOLLOWUP_LATEST_DAYS = 365;
/** The survey prompt shows this long after completing; the survey itself stays open. */
const PROMPT_DAYS = 90;

export interface ActivityRow {
  kind: Kind;
  id: number;
  title: string;
  path: string;
  trainerId: number | null;
  /** Webinars: the schedule and the post-test (its quiz). */
  startsAt: Date | null;
  endsAt: Date | null;
  quizId: number | null;
}

const col = (kind: Kind) => (kind === 'courses' ? 'course_id' : 'webinar_id') as 'course_id';
const activityNotFound = () => new AppError(404, 'not_found', text('Kegiatan tidak ditemukan.', 'Activity not found.'));

export async function loadActivity(db: Db, kind: Kind, id: number): Promise<ActivityRow> {
  if (kind === 'courses') {
    const c = await db.selectFrom('courses').select(['id', 'title', 'slug', 'owner_id']).where('id', '=', id).executeTakeFirst();
    if (!c) throw activityNotFound();
    return { kind, id: c.id, title: c.title, path: `/courses/${c.slug}`, trainerId: c.owner_id, startsAt: null, endsAt: null, quizId: null };
  }
  const w = await loadWebinar(db, id);
  if (!w) throw activityNotFound();
  return { kind, id: w.id, title: w.title, path: `/webinars/${w.id}`, trainerId: w.host_id, startsAt: new Date(w.starts_at), endsAt: new Date(w.ends_at), quizId: w.quiz_id };
}

export const activityView = (a: ActivityRow) => ({ kind: a.kind, id: a.id, title: a.title, path: a.path });

/** The course's owner, the webinar's host or co-hosts, and admins (activities belong to no office, so scoped admins too). */
export async function canSeeReport(db: Db, a: ActivityRow, user: AuthUser): Promise<boolean> {
  if (user.roles.includes('admin')) return true;
  if (a.kind === 'courses') return canEditCourse(user, { owner_id: a.trainerId });
  const w = await loadWebinar(db, a.id);
  return !!w && (await canHost(db, w, user));
}

export async function requireReport(db: Db, a: ActivityRow, user: AuthUser) {
  if (!(await canSeeReport(db, a, user))) {
    throw forbidden(text('Hanya pengampu kegiatan ini dan admin yang dapat melihat evaluasinya.', 'Only this activity’s trainer and admins can see its evaluation.'));
  }
}

// ---- Level 1: the reaction survey -------------------------------------------------------------

/** When the person completed the activity (course completed, or counted present at the webinar's end); null if not. */
export async function completedAt(db: Db, a: ActivityRow, personId: number): Promise<Date | null> {
  if (a.kind === 'courses') {
    const e = await db.selectFrom('enrollments').select('completed_at').where('course_id', '=', a.id).where('person_id', '=', personId).executeTakeFirst();
    return e?.completed_at ?? null;
  }
  const o = await db
    .selectFrom('webinar_outcomes as o')
    .innerJoin('webinars as w', 'w.id', 'o.webinar_id')
    .select(sql<Date>`coalesce(w.ended_at, o.computed_at)`.as('at'))
    .where('o.webinar_id', '=', a.id)
    .where('o.person_id', '=', personId)
    .where('o.qualified', '=', true)
    .executeTakeFirst();
  return o?.at ?? null;
}

export async function mySurvey(db: Db, a: ActivityRow, personId: number) {
  const [done, response, dismissal] = await Promise.all([
    completedAt(db, a, personId),
    db.selectFrom('evaluation_responses').selectAll().where(col(a.kind), '=', a.id).where('person_id', '=', personId).executeTakeFirst(),
    db.selectFrom('evaluation_dismissals').select('id').where(col(a.kind), '=', a.id).where('person_id', '=', personId).executeTakeFirst(),
  ]);
  return {
    activity: activityView(a),
    eligible: done !== null,
    completedAt: done ? done.toISOString() : null,
    dismissed: !!dismissal,
    response: response
      ? {
          relevance: response.relevance,
          trainer: response.trainer,
          materials: response.materials,
          delivery: response.delivery,
          recommend: response.recommend,
          ...(response.most_useful ? { mostUseful: response.most_useful } : {}),
          ...(response.improve ? { improve: response.improve } : {}),
          submittedAt: new Date(response.submitted_at).toISOString(),
        }
      : null,
  };
}

const notEligible = () =>
  new AppError(
    403,
    'not_eligible',
    text('Survei ini terbuka setelah Anda menyelesaikan kursus atau tercatat hadir di webinar.', 'This survey opens once you have completed the course or were counted present at the webinar.'),
  );

/** Sends the survey: 403 not_eligible before completion, 409 already_answered the second time (answers are final). */
export async function submitSurvey(db: Kysely<DB>, a: ActivityRow, personId: number, answers: SurveyAnswersT) {
  if (!(await completedAt(db, a, personId))) throw notEligible();
  const clean = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
  const row = await db
    .insertInto('evaluation_responses')
    .values({
      [col(a.kind)]: a.id,
      person_id: personId,
      relevance: answers.relevance,
      trainer: answers.trainer,
      materials: answers.materials,
      delivery: answers.delivery,
      recommend: answers.recommend,
      most_useful: clean(answers.mostUseful),
      improve: clean(answers.improve),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    throw new AppError(409, 'already_answered', text('Anda sudah mengisi survei ini; jawaban tidak dapat diubah.', 'You have already answered this survey; answers cannot be changed.'));
  }
}

export async function dismissSurvey(db: Kysely<DB>, a: ActivityRow, personId: number) {
  if (!(await completedAt(db, a, personId))) throw notEligible();
  await db
    .insertInto('evaluation_dismissals')
    .values({ [col(a.kind)]: a.id, person_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Surveys waiting for me: completed recently, neither answered nor dismissed. */
export async function pendingSurveys(db: Db, personId: number, now = new Date()) {
  const since = new Date(now.getTime() - PROMPT_DAYS * 86_400_000);
  const courses = await db
    .selectFrom('enrollments as e')
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .select(['c.id', 'c.title', 'c.slug', 'e.completed_at'])
    .where('e.person_id', '=', personId)
    .where('e.completed_at', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evaluation_responses as r').select('r.id').whereRef('r.course_id', '=', 'e.course_id').whereRef('r.person_id', '=', 'e.person_id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evaluation_dismissals as d').select('d.id').whereRef('d.course_id', '=', 'e.course_id').whereRef('d.person_id', '=', 'e.person_id'))),
    )
    .execute();
  const webinars = await db
    .selectFrom('webinar_outcomes as o')
    .innerJoin('webinars as w', 'w.id', 'o.webinar_id')
    .select(['w.id', 'w.title', sql<Date>`coalesce(w.ended_at, o.computed_at)`.as('at')])
    .where('o.person_id', '=', personId)
    .where('o.qualified', '=', true)
    .where(sql<boolean>`coalesce(w.ended_at, o.computed_at) >= ${since}`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evaluation_responses as r').select('r.id').whereRef('r.webinar_id', '=', 'o.webinar_id').whereRef('r.person_id', '=', 'o.person_id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evaluation_dismissals as d').select('d.id').whereRef('d.webinar_id', '=', 'o.webinar_id').whereRef('d.person_id', '=', 'o.person_id'))),
    )
    .execute();
  const items = [
    ...courses.map((c) => ({ activity: { kind: 'courses' as const, id: c.id, title: c.title, path: `/courses/${c.slug}` }, completedAt: c.completed_at! })),
    ...webinars.map((w) => ({ activity: { kind: 'webinars' as const, id: w.id, title: w.title, path: `/webinars/${w.id}` }, completedAt: new Date(w.at) })),
  ].sort((x, y) => y.completedAt.getTime() - x.completedAt.getTime());
  return { items: items.map((i) => ({ ...i, completedAt: i.completedAt.toISOString() })) };
}

// ---- Level 2: pre-test and post-test -----------------------------------------------------------

export async function activityTests(db: Db, a: ActivityRow) {
  const row = await db.selectFrom('evaluation_tests').select(['pre_quiz_id', 'post_quiz_id']).where(col(a.kind), '=', a.id).executeTakeFirst();
  const preId = row?.pre_quiz_id ?? null;
  const postId = a.kind === 'webinars' ? a.quizId : (row?.post_quiz_id ?? null);
  const ids = [preId, postId].filter((x): x is number => x !== null);
  const quizzes = ids.length ? await db.selectFrom('quizzes').select(['id', 'title']).where('id', 'in', ids).execute() : [];
  const ref = (id: number | null) => quizzes.find((q) => q.id === id) ?? null;
  return { pre: ref(preId), post: ref(postId) };
}

/** Names the pre-test (and, for a course, the post-test) quiz; the trainer of the activity or an admin. */
export async function setTests(db: Kysely<DB>, a: ActivityRow, user: AuthUser, body: TestsBodyT) {
  await requireReport(db, a, user);
  if (a.kind === 'webinars' && body.postQuizId !== undefined) {
    throw invalid(text('Tes akhir webinar adalah kuisnya sendiri (quizId webinar).', 'A webinar’s post-test is its own quiz (the webinar’s quizId).'));
  }
  const ids = [body.preQuizId, body.postQuizId].filter((x): x is number => typeof x === 'number');
  if (ids.length) {
    const found = await db.selectFrom('quizzes').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((i) => !found.some((f) => f.id === i));
    if (missing.length) throw invalid(text(`Kuis ${missing.join(', ')} tidak ada.`, `Quiz ${missing.join(', ')} does not exist.`));
  }
  const set: { pre_quiz_id?: number | null; post_quiz_id?: number | null } = {};
  if (body.preQuizId !== undefined) set.pre_quiz_id = body.preQuizId;
  if (body.postQuizId !== undefined) set.post_quiz_id = body.postQuizId;
  const key = col(a.kind);
  // One statement, so two saves at once cannot both insert (the unique index is partial, hence the WHERE).
  await db
    .insertInto('evaluation_tests')
    .values({ [key]: a.id, ...set, updated_by: user.id })
    .onConflict((oc) =>
      oc
        .column(key)
        .where(key, 'is not', null)
        .doUpdateSet({ ...set, updated_by: user.id, updated_at: new Date() }),
    )
    .execute();
  return activityTests(db, a);
}

/**
 * The activity's window: a course's attempts count from each person's enrolment; a webinar's
 * pre-test until it ends and its post-test from its start.
 */
export async function prePost(db: Db, a: ActivityRow, withPersons: boolean): Promise<PrePostT> {
  const tests = await activityTests(db, a);
  const empty: PrePostT = { pre: tests.pre, post: tests.post, people: 0, preAvg: null, postAvg: null, gainAvg: null, normalisedGain: null, individualGainAvg: null, improvedPct: null };
  if (!tests.pre || !tests.post) return withPersons ? { ...empty, persons: [] } : empty;
  const preId = tests.pre.id;
  const postId = tests.post.id;
  let q = db
    .selectFrom('quiz_attempts as t')
    .select(['t.id', 't.quiz_id', 't.person_id', 't.submitted_at', 't.pct'])
    .where('t.quiz_id', 'in', [preId, postId])
    .where('t.state', '=', 'submitted')
    .where('t.needs_grading', '=', false)
    .where('t.pct', 'is not', null)
    .where('t.submitted_at', 'is not', null);
  if (a.kind === 'courses') {
    q = q.innerJoin('enrollments as e', (j) => j.onRef('e.person_id', '=', 't.person_id').on('e.course_id', '=', a.id)).whereRef('t.submitted_at', '>=', 'e.enrolled_at');
  } else {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('t.quiz_id', '=', preId), eb('t.submitted_at', '<=', a.endsAt!)]),
        eb.and([eb('t.quiz_id', '=', postId), eb('t.submitted_at', '>=', a.startsAt!)]),
      ]),
    );
  }
  const rows = await q.execute();
  const attempts: GradedAttempt[] = rows.map((r) => ({ id: r.id, quizId: r.quiz_id, personId: r.person_id, submittedAt: new Date(r.submitted_at!), pct: Number(r.pct) }));
  const pairs = pairAttempts(attempts, preId, postId);
  const c = compare(pairs);
  const { persons, ...figures } = c;
  const result: PrePostT = { ...empty, ...figures };
  if (withPersons) {
    const people = persons.length ? await db.selectFrom('people').select(['id', 'name', 'nip']).where('id', 'in', persons.map((p) => p.personId)).execute() : [];
    result.persons = persons
      .map((p) => {
        const person = people.find((x) => x.id === p.personId)!;
        return { person: { id: person.id, name: person.name, nip: person.nip }, pre: p.pre, post: p.post, gain: p.gain, normalisedGain: p.normalisedGain };
      })
      .sort((x, y) => x.person.name.localeCompare(y.person.name, 'id'));
  }
  return result;
}

// ---- Level 3: the supervisor's follow-up -------------------------------------------------------

/**
 * Creates the follow-ups that have fallen due for this supervisor's people: completions and
 * qualified attendances between FOLLOWUP_LATEST_DAYS and FOLLOWUP_DAYS ago. Idempotent (one per
 * person and activity, by unique index), so every read can call it.
 */
export async function createDueFollowups(db: Db, supervisorId: number, now = new Date()) {
  const due = new Date(now.getTime() - FOLLOWUP_DAYS * 86_400_000);
  const oldest = new Date(now.getTime() - FOLLOWUP_LATEST_DAYS * 86_400_000);
  await sql`
    INSERT INTO evaluation_followups (course_id, person_id, supervisor_id, completed_at, due_at)
    SELECT e.course_id, e.person_id, p.supervisor_id, e.completed_at, e.completed_at + make_interval(days => ${FOLLOWUP_DAYS})
      FROM enrollments e JOIN people p ON p.id = e.person_id
     WHERE p.supervisor_id = ${supervisorId} AND p.supervisor_id <> p.id AND p.active
       AND e.completed_at <= ${due} AND e.completed_at > ${oldest}
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`
    INSERT INTO evaluation_followups (webinar_id, person_id, supervisor_id, completed_at, due_at)
    SELECT o.webinar_id, o.person_id, p.supervisor_id, coalesce(w.ended_at, o.computed_at), coalesce(w.ended_at, o.computed_at) + make_interval(days => ${FOLLOWUP_DAYS})
      FROM webinar_outcomes o JOIN webinars w ON w.id = o.webinar_id JOIN people p ON p.id = o.person_id
     WHERE o.qualified AND p.supervisor_id = ${supervisorId} AND p.supervisor_id <> p.id AND p.active
       AND coalesce(w.ended_at, o.computed_at) <= ${due} AND coalesce(w.ended_at, o.computed_at) > ${oldest}
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function myFollowups(db: Kysely<DB>, supervisorId: number, state: 'due' | 'all', now = new Date()) {
  await createDueFollowups(db, supervisorId, now);
  let q = db
    .selectFrom('evaluation_followups as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .leftJoin('courses as c', 'c.id', 'f.course_id')
    .leftJoin('webinars as w', 'w.id', 'f.webinar_id')
    .select(['f.id', 'f.course_id', 'f.webinar_id', 'c.title as course_title', 'c.slug', 'w.title as webinar_title', 'p.id as person_id', 'p.name', 'f.completed_at', 'f.due_at', 'f.applied', 'f.example', 'f.answered_at'])
    .where('f.supervisor_id', '=', supervisorId)
    .orderBy('f.due_at')
    .orderBy('f.id');
  if (state === 'due') q = q.where('f.answered_at', 'is', null);
  const rows = await q.execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      activity:
        r.course_id !== null
          ? { kind: 'courses' as const, id: r.course_id, title: r.course_title ?? '', path: `/courses/${r.slug}` }
          : { kind: 'webinars' as const, id: r.webinar_id!, title: r.webinar_title ?? '', path: `/webinars/${r.webinar_id}` },
      person: { id: r.person_id, name: r.name },
      completedAt: r.completed_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      applied: r.applied,
      example: r.example,
      answeredAt: r.answered_at ? r.answered_at.toISOString() : null,
    })),
  };
}

/** The supervisor it was given to answers, once (409 already_answered after). */
export async function answerFollowup(db: Kysely<DB>, id: number, user: AuthUser, body: FollowUpAnswerT) {
  const example = body.example?.trim() ? body.example.trim() : null;
  const row = await db
    .updateTable('evaluation_followups')
    .set({ applied: body.applied, example, answered_at: new Date() })
    .where('id', '=', id)
    .where('supervisor_id', '=', user.id)
    .where('answered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (row) return;
  const f = await db.selectFrom('evaluation_followups').select(['supervisor_id', 'answered_at']).where('id', '=', id).executeTakeFirst();
  if (!f) throw notFound(text('Tindak lanjut tidak ditemukan.', 'Follow-up not found.'));
  if (f.supervisor_id !== user.id) throw forbidden(text('Tindak lanjut ini untuk atasan lain.', 'This follow-up is for another supervisor.'));
  throw new AppError(409, 'already_answered', text('Tindak lanjut ini sudah dijawab.', 'This follow-up has already been answered.'));
}

// ---- Reports ---------------------------------------------------------------------------------

async function eligibleCount(db: Db, a: ActivityRow): Promise<number> {
  if (a.kind === 'courses') {
    const r = await db.selectFrom('enrollments').select((eb) => eb.fn.countAll<number>().as('n')).where('course_id', '=', a.id).where('completed_at', 'is not', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  const r = await db.selectFrom('webinar_outcomes').select((eb) => eb.fn.countAll<number>().as('n')).where('webinar_id', '=', a.id).where('qualified', '=', true).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function reaction(db: Db, a: ActivityRow) {
  const eligible = await eligibleCount(db, a);
  // No person_id leaves this query: the report is anonymous, for trainers and admins alike.
  const rows = await db
    .selectFrom('evaluation_responses')
    .select(['relevance', 'trainer', 'materials', 'delivery', 'recommend', 'most_useful', 'improve', 'submitted_at'])
    .where(col(a.kind), '=', a.id)
    .orderBy('submitted_at')
    .execute();
  const n = rows.length;
  const shown = n >= MIN_RESPONSES;
  const avg = (k: 'relevance' | 'trainer' | 'materials' | 'delivery' | 'recommend') => round(rows.reduce((s, r) => s + r[k], 0) / n);
  // Comments in a fixed order unrelated to who wrote them or when.
  const sorted = (xs: (string | null)[]) => xs.filter((x): x is string => !!x).sort((x, y) => x.localeCompare(y, 'id'));
  return {
    eligible,
    responses: n,
    responseRate: eligible ? round((Math.min(n, eligible) * 100) / eligible) : 0,
    shown,
    averages: shown
      ? {
          relevance: avg('relevance'),
          trainer: avg('trainer'),
          materials: avg('materials'),
          delivery: avg('delivery'),
          recommend: avg('recommend'),
          nps: round(((rows.filter((r) => r.recommend >= 9).length - rows.filter((r) => r.recommend <= 6).length) * 100) / n),
        }
      : null,
    comments: shown ? { mostUseful: sorted(rows.map((r) => r.most_useful)), improve: sorted(rows.map((r) => r.improve)) } : null,
  };
}

async function followUpSummary(db: Db, a: ActivityRow) {
  const rows = await db.selectFrom('evaluation_followups').select(['applied', 'example']).where(col(a.kind), '=', a.id).execute();
  const answered = rows.filter((r) => r.applied !== null);
  const distribution = { not_at_all: 0, partly: 0, mostly: 0, fully: 0 };
  for (const r of answered) distribution[r.applied!]++;
  return {
    created: rows.length,
    answered: answered.length,
    distribution,
    examples: answered.length >= MIN_RESPONSES ? answered.map((r) => r.example).filter((x): x is string => !!x).sort((x, y) => x.localeCompare(y, 'id')) : null,
  };
}

export async function activityReport(db: Db, a: ActivityRow, user: AuthUser): Promise<ReportT> {
  await requireReport(db, a, user);
  const trainer = a.trainerId ? await db.selectFrom('people').select(['id', 'name']).where('id', '=', a.trainerId).executeTakeFirst() : undefined;
  const [r, pp, fu] = await Promise.all([reaction(db, a), prePost(db, a, user.roles.includes('admin')), followUpSummary(db, a)]);
  return { activity: activityView(a), trainer: trainer ?? null, minResponses: MIN_RESPONSES, reaction: r, prePost: pp, followUp: fu };
}

/** Every activity the trainer owns or hosts, with its headline figures: the trainer themself or an admin. */
export async function trainerOverview(db: Db, trainerId: number, user: AuthUser) {
  if (trainerId !== user.id && !user.roles.includes('admin')) {
    throw forbidden(text('Anda hanya dapat melihat evaluasi kegiatan Anda sendiri.', 'You can only see the evaluation of your own activities.'));
  }
  const trainer = await db.selectFrom('people').select(['id', 'name']).where('id', '=', trainerId).executeTakeFirst();
  if (!trainer) throw notFound();
  const [courses, webinars] = await Promise.all([
    db.selectFrom('courses').select('id').where('owner_id', '=', trainerId).where('status', 'in', ['published', 'archived']).orderBy('title').execute(),
    db.selectFrom('webinars').select('id').where('host_id', '=', trainerId).where('status', '!=', 'cancelled').orderBy('starts_at', 'desc').execute(),
  ]);
  const activities = [
    ...(await Promise.all(courses.map((c) => loadActivity(db, 'courses', c.id)))),
    ...(await Promise.all(webinars.map((w) => loadActivity(db, 'webinars', w.id)))),
  ];
  const items = [];
  for (const a of activities) {
    const [r, pp, fu] = await Promise.all([reaction(db, a), prePost(db, a, false), followUpSummary(db, a)]);
    items.push({
      activity: activityView(a),
      eligible: r.eligible,
      responses: r.responses,
      overall: r.averages ? round((r.averages.relevance + r.averages.trainer + r.averages.materials + r.averages.delivery) / 4) : null,
      normalisedGain: pp.normalisedGain,
      followUpsAnswered: fu.answered,
      appliedPct: fu.answered ? round(((fu.distribution.mostly + fu.distribution.fully) * 100) / fu.answered) : null,
    });
  }
  return { trainer, minResponses: MIN_RESPONSES, items };
}

