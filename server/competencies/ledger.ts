/**
 * The evidence and JP ledgers. Both are append-only (a trigger refuses UPDATE and DELETE):
 * each activity writes one original entry per person (and competency), and any later change
 * — a regraded quiz that no longer passes, a corrected JP — is a correction entry pointing at
 * the original. The value in force is the latest entry of that chain.
 *
 * Every function here takes the caller's transaction: evidence is written together with the
 * fact it proves, or not at all.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, EvidenceSource, JpSource } from '../db/types.ts';
import { issueCertificate } from '../certificates/service.ts';
import { loadSettings } from './settings.ts';
import { onActivityDone } from '../programmes/progress.ts';

type Trx = Transaction<DB>;

export interface EvidenceKey {
  personId: number;
  source: EvidenceSource;
  sourceId: number;
}

export interface EvidenceFact extends EvidenceKey {
  code: string;
  /** The level now proven; null withdraws what the activity had proven. */
  level: number | null;
  sourceRecordId?: number | null;
  title: string;
  detail?: string;
  weight?: number;
  occurredAt?: Date;
  recordedBy?: number | null;
}

/** The competency (not retired) with this code and its current version, if the city has it. */
export async function competencyByCode(trx: Trx, code: string) {
  return trx
    .selectFrom('competencies')
    .select(['id', 'current_version_id'])
    .where('code', '=', code)
    .where('retired_at', 'is', null)
    .where('current_version_id', 'is not', null)
    .executeTakeFirst();
}

/**
 * Makes the ledger say `level` for this activity and competency: writes the original entry,
 * or a correction when the level in force differs, or nothing when it already says so.
 * Returns the entry written, or null (nothing to write, or a code the framework lacks).
 */
export async function ensureEvidence(trx: Trx, f: EvidenceFact): Promise<number | null> {
  const competency = await competencyByCode(trx, f.code);
  if (!competency) return null;
  const chain = await trx
    .selectFrom('evidence')
    .select(['id', 'level', 'corrects_id'])
    .where('person_id', '=', f.personId)
    .where('competency_id', '=', competency.id)
    .where('source', '=', f.source)
    .where('source_id', '=', f.sourceId)
    .orderBy('id')
    .execute();
  const original = chain.find((e) => e.corrects_id === null);
  const inForce = chain.length ? chain[chain.length - 1]!.level : null;
  if (inForce === f.level) return null;
  if (!original && f.level === null) return null;
  const weights: Record<string, number> = (await loadSettings(trx)).weights;
  const weight = f.weight ?? weights[f.source] ?? 1;
  const row = {
    person_id: f.personId,
    competency_id: competency.id,
    competency_version_id: competency.current_version_id!,
    level: f.level,
    source: f.source,
    source_id: f.sourceId,
    source_record_id: f.sourceRecordId ?? null,
    title: f.title,
    detail: f.detail ?? '',
    weight,
    occurred_at: f.occurredAt ?? new Date(),
    recorded_by: f.recordedBy ?? null,
    corrects_id: original?.id ?? null,
  };
  if (original) return (await trx.insertInto('evidence').values(row).returning('id').executeTakeFirstOrThrow()).id;
  const inserted = await trx
    .insertInto('evidence')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'competency_id', 'source', 'source_id']).where('corrects_id', 'is', null).where('person_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export interface JpFact {
  personId: number;
  source: JpSource;
  sourceId: number;
  /** JP now due for this activity; 0 withdraws it. */
  jp: number;
  sourceRecordId?: number | null;
  title: string;
  minutes?: number | null;
  occurredAt?: Date;
  recordedBy?: number | null;
}

/** Makes the JP ledger say `jp` for this activity (original entry, correction, or nothing). */
export async function ensureJp(trx: Trx, f: JpFact): Promise<number | null> {
  const chain = await trx
    .selectFrom('jp_entries')
    .select(['id', 'jp', 'corrects_id', 'year', 'minutes'])
    .where('person_id', '=', f.personId)
    .where('source', '=', f.source)
    .where('source_id', '=', f.sourceId)
    .orderBy('id')
    .execute();
  const original = chain.find((e) => e.corrects_id === null);
  const last = chain[chain.length - 1];
  const inForce = last ? Number(last.jp) : 0;
  if (Math.abs(inForce - f.jp) < 0.005 && (f.minutes ?? null) === (last?.minutes ?? null)) return null;
  if (!original && f.jp === 0 && !f.minutes) return null;
  const occurredAt = f.occurredAt ?? new Date();
  const row = {
    person_id: f.personId,
    // A correction stays in the year of the original: the year the learning happened.
    year: original ? original.year : sql<number>`extract(year FROM ${occurredAt}::timestamptz AT TIME ZONE 'Asia/Jakarta')::int`,
    jp: f.jp,
    source: f.source,
    source_id: f.sourceId,
    source_record_id: f.sourceRecordId ?? null,
    title: f.title,
    minutes: f.minutes ?? null,
    occurred_at: occurredAt,
    recorded_by: f.recordedBy ?? null,
    corrects_id: original?.id ?? null,
  };
  if (original) return (await trx.insertInto('jp_entries').values(row as never).returning('id').executeTakeFirstOrThrow()).id;
  const inserted = await trx
    .insertInto('jp_entries')
    .values(row as never)
    .onConflict((oc) => oc.columns(['person_id', 'source', 'source_id']).where('corrects_id', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** A course was just completed (inside the completing transaction): JP, evidence and the certificate. */
export async function onCourseCompleted(trx: Trx, personId: number, courseId: number, enrollmentId: number) {
  const e = await trx
    .selectFrom('enrollments as e')
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .select(['e.completed_at', 'e.jp_awarded', 'c.title'])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirstOrThrow();
  if (!e.completed_at) return;
  await ensureJp(trx, { personId, source: 'course', sourceId: courseId, sourceRecordId: enrollmentId, jp: Number(e.jp_awarded ?? 0), title: e.title, occurredAt: e.completed_at });
  const rules = await trx.selectFrom('course_competencies').select(['competency_code', 'level']).where('course_id', '=', courseId).execute();
  for (const r of rules) {
    await ensureEvidence(trx, {
      personId,
      code: r.competency_code,
      level: r.level,
      source: 'course',
      sourceId: courseId,
      sourceRecordId: enrollmentId,
      title: e.title,
      occurredAt: e.completed_at,
    });
  }
  await issueCertificate(trx, { personId, kind: 'course', sourceId: courseId, sourceRecordId: enrollmentId });
  await onActivityDone(trx, personId, 'course', courseId);
}

/**
 * A quiz attempt of this person was graded or regraded: for each of the quiz's rules, the
 * first fully graded attempt that meets it is the evidence; when none does any more (a
 * trainer lowered a grade), what the quiz had proven is withdrawn.
 */
export async function onQuizResult(trx: Trx, quizId: number, personId: number) {
  // A programme step this quiz is (recorded before the early return below: a quiz without rules still counts).
  await onActivityDone(trx, personId, 'quiz', quizId);
  const rules = await trx.selectFrom('quiz_competencies').selectAll().where('quiz_id', '=', quizId).execute();
  if (!rules.length) return;
  const quiz = await trx.selectFrom('quizzes').select('title').where('id', '=', quizId).executeTakeFirstOrThrow();
  const attempts = await trx
    .selectFrom('quiz_attempts')
    .select(['id', 'pct', 'passed', 'submitted_at', 'competency_scores'])
    .where('quiz_id', '=', quizId)
    .where('person_id', '=', personId)
    .where('state', '=', 'submitted')
    .where('needs_grading', '=', false)
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
  for (const rule of rules) {
    let met: { id: number; pct: number; at: Date } | null = null;
    for (const a of attempts) {
      if (rule.condition === 'passed' && a.passed) met = { id: a.id, pct: Number(a.pct), at: a.submitted_at! };
      if (rule.condition === 'subscore') {
        const sub = a.competency_scores.find((c) => c.code === rule.competency_code);
        if (sub && sub.max > 0 && sub.pct + 1e-9 >= Number(rule.min_pct)) met = { id: a.id, pct: sub.pct, at: a.submitted_at! };
      }
      if (met) break;
    }
    await ensureEvidence(trx, {
      personId,
      code: rule.competency_code,
      level: met ? rule.level : null,
      source: 'quiz',
      sourceId: quizId,
      sourceRecordId: met?.id ?? null,
      title: quiz.title,
      detail: met ? `${formatPct(met.pct)} %` : '',
      occurredAt: met?.at ?? new Date(),
    });
  }
}

const formatPct = (n: number) => (Math.round(n * 10) / 10).toString().replace('.', ',');

/**
 * Brings facts recorded before the ledgers existed into them, idempotently: completed courses
 * without their certificate (and so without their evidence), then — once — quiz results of
 * quizzes that have evidence rules. Runs at start after the content is loaded; after the
 * first run the course query finds nothing and the quiz pass is skipped.
 */
export async function backfillLedgers(db: Kysely<DB>, log: (line: string) => void = () => {}) {
  const pending = await db
    .selectFrom('enrollments as e')
    .select(['e.id', 'e.person_id', 'e.course_id'])
    .where('e.completed_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('certificates as c').select('c.id').whereRef('c.person_id', '=', 'e.person_id').where('c.kind', '=', 'course').whereRef('c.source_id', '=', 'e.course_id'))),
    )
    .execute();
  for (const e of pending) {
    await db.transaction().execute((trx) => onCourseCompleted(trx, e.person_id, e.course_id, e.id));
  }
  const marker = { kind: 'ledger-backfill', key: 'quiz-results' };
  const done = await db.selectFrom('seeded_content').select('key').where('kind', '=', marker.kind).where('key', '=', marker.key).executeTakeFirst();
  let quizzes = 0;
  if (!done) {
    const pairs = await db
      .selectFrom('quiz_attempts as a')
      .innerJoin('quiz_competencies as r', 'r.quiz_id', 'a.quiz_id')
      .select(['a.quiz_id', 'a.person_id'])
      .where('a.state', '=', 'submitted')
      .distinct()
      .execute();
    for (const p of pairs) await db.transaction().execute((trx) => onQuizResult(trx, p.quiz_id, p.person_id));
    quizzes = pairs.length;
    await db.insertInto('seeded_content').values(marker).onConflict((oc) => oc.doNothing()).execute();
  }
  if (pending.length || quizzes) log(`ledgers: ${pending.length} earlier course completions and ${quizzes} earlier quiz results recorded`);
}
