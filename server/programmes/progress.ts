/**
 * What each participant has done in a programme, and what follows from it. A step is done when
 * its fact is there (a completed enrolment, a passed and fully graded attempt, a qualifying
 * webinar outcome, an accepted practice submission) or was once recorded done. The hooks below
 * record steps and the programme's completion in the transaction of the fact; reading progress
 * runs the same sync as a safety net.
 */
import { sql, type Transaction } from 'kysely';
import { formatCertificateCode } from '../certificates/code.ts';
import { issueCertificate } from '../certificates/service.ts';
import { ensureEvidence, ensureJp } from '../competencies/ledger.ts';
import type { DB, PracticeStatus, ProgrammeStepKind } from '../db/types.ts';
import type { MyProgrammeT } from './schemas.ts';
import { addDays, endOfDayWib, loadSteps, todayWib, type Db, type StepRow } from './service.ts';

export interface StepFact {
  done: boolean;
  doneAt: Date | null;
  /** Something happened on the step (a lesson opened, an attempt started, a submission). */
  started: boolean;
  lastActivityAt: Date | null;
  practice: { status: PracticeStatus; at: Date } | null;
}

const later = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
const blank = (): StepFact => ({ done: false, doneAt: null, started: false, lastActivityAt: null, practice: null });

/** Facts per person and step, for these people and steps, in a few queries. */
export async function loadFacts(db: Db, steps: StepRow[], personIds: number[]): Promise<Map<number, Map<number, StepFact>>> {
  const out = new Map<number, Map<number, StepFact>>();
  for (const p of personIds) out.set(p, new Map(steps.map((s) => [s.id, blank()])));
  if (!personIds.length || !steps.length) return out;
  const ids = (k: 'course_id' | 'quiz_id' | 'webinar_id') => [...new Set(steps.map((s) => s[k]).filter((x): x is number => x !== null))];
  const courseIds = ids('course_id');
  const quizIds = ids('quiz_id');
  const webinarIds = ids('webinar_id');
  const practiceIds = steps.filter((s) => s.kind === 'practice').map((s) => s.id);
  const [enrolments, attempts, outcomes, registrations, submissions, recorded] = await Promise.all([
    courseIds.length
      ? db.selectFrom('enrollments').select(['person_id', 'course_id', 'completed_at', 'last_activity_at']).where('course_id', 'in', courseIds).where('person_id', 'in', personIds).execute()
      : [],
    quizIds.length
      ? db
          .selectFrom('quiz_attempts')
          .select([
            'person_id',
            'quiz_id',
            sql<Date | null>`min(submitted_at) FILTER (WHERE state = 'submitted' AND passed AND NOT needs_grading)`.as('passed_at'),
            sql<Date>`max(coalesce(submitted_at, started_at))`.as('last_at'),
          ])
          .where('quiz_id', 'in', quizIds)
          .where('person_id', 'in', personIds)
          .groupBy(['person_id', 'quiz_id'])
          .execute()
      : [],
    webinarIds.length
      ? db.selectFrom('webinar_outcomes').select(['person_id', 'webinar_id', 'qualified', 'computed_at']).where('webinar_id', 'in', webinarIds).where('person_id', 'in', personIds).execute()
      : [],
    webinarIds.length
      ? db
          .selectFrom('webinar_registrations')
          .select(['person_id', 'webinar_id', 'updated_at'])
          .where('webinar_id', 'in', webinarIds)
          .where('person_id', 'in', personIds)
          .where('status', 'in', ['registered', 'approved', 'pending_approval', 'waitlisted'])
          .execute()
      : [],
    practiceIds.length
      ? db
          .selectFrom('practice_submissions')
          .select(['person_id', 'step_id', 'status', 'submitted_at', 'reviewed_at'])
          .where('step_id', 'in', practiceIds)
          .where('person_id', 'in', personIds)
          .orderBy('id')
          .execute()
      : [],
    db
      .selectFrom('programme_step_completions')
      .select(['person_id', 'step_id', 'completed_at'])
      .where(
        'step_id',
        'in',
        steps.map((s) => s.id),
      )
      .where('person_id', 'in', personIds)
      .execute(),
  ]);
  for (const s of steps) {
    for (const personId of personIds) {
      const f = out.get(personId)!.get(s.id)!;
      if (s.kind === 'course') {
        const e = enrolments.find((x) => x.person_id === personId && x.course_id === s.course_id);
        if (e) {
          f.started = e.last_activity_at !== null || e.completed_at !== null;
          f.lastActivityAt = later(e.last_activity_at, e.completed_at);
          if (e.completed_at) Object.assign(f, { done: true, doneAt: e.completed_at });
        }
      } else if (s.kind === 'quiz') {
        const a = attempts.find((x) => x.person_id === personId && x.quiz_id === s.quiz_id);
        if (a) {
          f.started = true;
          f.lastActivityAt = new Date(a.last_at);
          if (a.passed_at) Object.assign(f, { done: true, doneAt: new Date(a.passed_at) });
        }
      } else if (s.kind === 'webinar') {
        const o = outcomes.find((x) => x.person_id === personId && x.webinar_id === s.webinar_id);
        const r = registrations.find((x) => x.person_id === personId && x.webinar_id === s.webinar_id);
        if (r) Object.assign(f, { started: true, lastActivityAt: r.updated_at });
        if (o) {
          f.started = true;
          f.lastActivityAt = later(f.lastActivityAt, o.computed_at);
          if (o.qualified) Object.assign(f, { done: true, doneAt: o.computed_at });
        }
      } else {
        const mine = submissions.filter((x) => x.person_id === personId && x.step_id === s.id);
        const last = mine[mine.length - 1];
        if (last) {
          f.started = true;
          f.lastActivityAt = later(last.submitted_at, last.reviewed_at);
          f.practice = { status: last.status, at: last.reviewed_at ?? last.submitted_at };
          const accepted = mine.find((x) => x.status === 'accepted');
          if (accepted) Object.assign(f, { done: true, doneAt: accepted.reviewed_at });
        }
      }
    }
  }
  for (const r of recorded) {
    const f = out.get(r.person_id)?.get(r.step_id);
    if (f && !f.done) Object.assign(f, { done: true, doneAt: r.completed_at, started: true });
  }
  return out;
}

export type MyStepStatus = MyProgrammeT['steps'][number]['status'];
export type ParticipantStatus = 'completed' | 'on_track' | 'behind' | 'stuck';

export interface Evaluation {
  steps: { step: StepRow; fact: StepFact; status: MyStepStatus; dueAt: Date | null; overdue: boolean; locked: boolean }[];
  done: number;
  total: number;
  pct: number;
  allDone: boolean;
  started: boolean;
  behind: boolean;
  stuck: boolean;
  lastActivityAt: Date | null;
  currentStep: StepRow | null;
}

const DAY = 86_400_000;

/** Where one participant stands, from the facts, the cohort's dates and the time now. */
export function evaluate(steps: StepRow[], facts: Map<number, StepFact>, cohort: { starts_on: string }, joinedAt: Date, now = new Date()): Evaluation {
  const doneIds = new Set(steps.filter((s) => facts.get(s.id)?.done).map((s) => s.id));
  let lastActivityAt: Date | null = null;
  let revisingLong = false;
  const rows = steps.map((step) => {
    const fact = facts.get(step.id) ?? blank();
    lastActivityAt = later(lastActivityAt, fact.lastActivityAt);
    const dueAt = step.due_days !== null ? endOfDayWib(addDays(cohort.starts_on, step.due_days)) : null;
    const locked = !fact.done && step.requires.some((r) => !doneIds.has(r));
    let status: MyStepStatus;
    if (fact.done) status = 'completed';
    else if (locked) status = 'locked';
    else if (fact.practice?.status === 'submitted') status = 'submitted';
    else if (fact.practice?.status === 'revise') status = 'revise';
    else status = fact.started ? 'in_progress' : 'available';
    if (!fact.done && fact.practice?.status === 'revise' && now.getTime() - fact.practice.at.getTime() > 7 * DAY) revisingLong = true;
    return { step, fact, status, dueAt, overdue: !fact.done && dueAt !== null && now > dueAt, locked };
  });
  const done = doneIds.size;
  const total = steps.length;
  const allDone = total > 0 && done === total;
  const quietSince = later(lastActivityAt, joinedAt) ?? joinedAt;
  return {
    steps: rows,
    done,
    total,
    pct: total ? Math.round((done * 1000) / total) / 10 : 0,
    allDone,
    started: done > 0 || rows.some((r) => r.fact.started),
    behind: !allDone && rows.some((r) => r.overdue),
    stuck: !allDone && (now.getTime() - quietSince.getTime() > 14 * DAY || revisingLong),
    lastActivityAt,
    currentStep: rows.find((r) => !r.fact.done)?.step ?? null,
  };
}

export function participantStatus(e: Evaluation): ParticipantStatus {
  if (e.allDone) return 'completed';
  if (e.stuck) return 'stuck';
  if (e.behind) return 'behind';
  return 'on_track';
}

// ---- Recording steps and completions ---------------------------------------------------------

/**
 * Records the steps this person has done and, when every step is, the programme's completion:
 * JP (less what the ledger already holds for the programme's courses and webinars), evidence
 * of the programme's competencies and the certificate. Idempotent; call it in the transaction
 * of the fact.
 */
export async function syncPerson(trx: Transaction<DB>, programmeId: number, personId: number): Promise<void> {
  const member = await trx.selectFrom('cohort_participants').select(['cohort_id']).where('programme_id', '=', programmeId).where('person_id', '=', personId).executeTakeFirst();
  if (!member) return;
  const steps = await loadSteps(trx, programmeId);
  if (!steps.length) return;
  const facts = (await loadFacts(trx, steps, [personId])).get(personId)!;
  const newlyDone = steps.filter((s) => facts.get(s.id)!.done);
  if (newlyDone.length) {
    await trx
      .insertInto('programme_step_completions')
      .values(newlyDone.map((s) => ({ step_id: s.id, person_id: personId, programme_id: programmeId, completed_at: facts.get(s.id)!.doneAt ?? new Date() })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (newlyDone.length < steps.length) return;
  await completeProgramme(trx, programmeId, personId, member.cohort_id);
}

async function completeProgramme(trx: Transaction<DB>, programmeId: number, personId: number, cohortId: number) {
  const p = await trx.selectFrom('programmes').select(['title', 'jp']).where('id', '=', programmeId).executeTakeFirstOrThrow();
  const steps = await trx.selectFrom('programme_steps').select(['kind', 'course_id', 'webinar_id']).where('programme_id', '=', programmeId).execute();
  // JP already in force for the programme's own courses and webinars is not counted twice.
  let counted = 0;
  for (const s of steps) {
    const source = s.kind === 'course' ? 'course' : s.kind === 'webinar' ? 'webinar' : null;
    const sourceId = s.course_id ?? s.webinar_id;
    if (!source || sourceId === null) continue;
    const last = await trx
      .selectFrom('jp_entries')
      .select('jp')
      .where('person_id', '=', personId)
      .where('source', '=', source)
      .where('source_id', '=', sourceId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    counted += last ? Number(last.jp) : 0;
  }
  const jp = Math.max(0, Math.round((Number(p.jp) - counted) * 100) / 100);
  const inserted = await trx
    .insertInto('programme_completions')
    .values({ programme_id: programmeId, person_id: personId, cohort_id: cohortId, jp_awarded: jp })
    .onConflict((oc) => oc.columns(['programme_id', 'person_id']).doNothing())
    .returning('completed_at')
    .executeTakeFirst();
  if (!inserted) return; // completed before
  const occurredAt = inserted.completed_at;
  await ensureJp(trx, { personId, source: 'programme', sourceId: programmeId, jp, title: p.title, occurredAt });
  const comps = await trx.selectFrom('programme_competencies').select(['competency_code', 'level']).where('programme_id', '=', programmeId).execute();
  for (const c of comps) {
    await ensureEvidence(trx, { personId, code: c.competency_code, level: c.level, source: 'programme', sourceId: programmeId, title: p.title, occurredAt });
  }
  const cert = await issueCertificate(trx, { personId, kind: 'programme', sourceId: programmeId });
  await trx.updateTable('programme_completions').set({ certificate_id: cert.id }).where('programme_id', '=', programmeId).where('person_id', '=', personId).execute();
}

/**
 * A course completion, quiz result, webinar outcome or practice review of this person: records
 * the programme steps it finishes (and the completions they bring), in the caller's transaction.
 */
export async function onActivityDone(trx: Transaction<DB>, personId: number, kind: ProgrammeStepKind, refId: number): Promise<void> {
  const column = ({ course: 'course_id', quiz: 'quiz_id', webinar: 'webinar_id', practice: 'id' } as const)[kind];
  const programmes = await trx
    .selectFrom('programme_steps as s')
    .innerJoin('cohort_participants as cp', (j) => j.onRef('cp.programme_id', '=', 's.programme_id').on('cp.person_id', '=', personId))
    .select('s.programme_id')
    .distinct()
    .where('s.kind', '=', kind)
    .where(`s.${column}`, '=', refId)
    .execute();
  for (const p of programmes) await syncPerson(trx, p.programme_id, personId);
}

// ---- A participant's view -------------------------------------------------------------------

function stepLink(programmeId: number, s: StepRow, slugs: Map<number, string>): string | null {
  switch (s.kind) {
    case 'course':
      return slugs.has(s.course_id!) ? `/courses/${slugs.get(s.course_id!)}` : null;
    case 'quiz':
      return `/quizzes/${s.quiz_id}`;
    case 'webinar':
      return `/webinars/${s.webinar_id}`;
    case 'practice':
      return `/programmes/${programmeId}/steps/${s.id}`;
  }
}

export async function myProgrammes(db: import('kysely').Kysely<DB>, personId: number, now = new Date()): Promise<MyProgrammeT[]> {
  const rows = await db
    .selectFrom('cohort_participants as cp')
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .innerJoin('programmes as p', 'p.id', 'cp.programme_id')
    .select(['p.id', 'p.title', 'p.summary', 'p.jp', 'p.status', 'c.id as cohort_id', 'c.name as cohort_name', 'c.starts_on', 'c.ends_on', 'cp.added_at'])
    .where('cp.person_id', '=', personId)
    // An archived programme stays only as the record of one the person completed (with its certificate).
    .where((eb) =>
      eb.or([
        eb('p.status', '=', 'active'),
        eb.and([
          eb('p.status', '=', 'archived'),
          eb.exists(eb.selectFrom('programme_completions as done').select('done.programme_id').whereRef('done.programme_id', '=', 'p.id').where('done.person_id', '=', personId)),
        ]),
      ]),
    )
    .orderBy('c.starts_on', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  const completionOf = (programmeId: number) =>
    db.selectFrom('programme_completions as pc').leftJoin('certificates as cert', 'cert.id', 'pc.certificate_id').select(['pc.completed_at', 'cert.code']).where('pc.programme_id', '=', programmeId).where('pc.person_id', '=', personId).executeTakeFirst();
  const out: MyProgrammeT[] = [];
  for (const r of rows) {
    let steps = await loadSteps(db, r.id);
    let facts = (await loadFacts(db, steps, [personId])).get(personId)!;
    let e = evaluate(steps, facts, r, r.added_at, now);
    let completion = await completionOf(r.id);
    // Safety net: a fact recorded without its hook (or before the programme existed).
    if (e.allDone && !completion) {
      await db.transaction().execute((trx) => syncPerson(trx, r.id, personId));
      steps = await loadSteps(db, r.id);
      facts = (await loadFacts(db, steps, [personId])).get(personId)!;
      e = evaluate(steps, facts, r, r.added_at, now);
      completion = await completionOf(r.id);
    }
    const courseIds = steps.map((s) => s.course_id).filter((x): x is number => x !== null);
    const slugs = new Map(courseIds.length ? (await db.selectFrom('courses').select(['id', 'slug']).where('id', 'in', courseIds).execute()).map((c) => [c.id, c.slug]) : []);
    const reminder = await db
      .selectFrom('programme_reminders')
      .select(['sent_at', 'message'])
      .where('cohort_id', '=', r.cohort_id)
      .where('person_id', '=', personId)
      .where('sent_at', '>', new Date(now.getTime() - 7 * DAY))
      .orderBy('sent_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    out.push({
      programme: { id: r.id, title: r.title, summary: r.summary, jp: Number(r.jp) },
      cohort: { id: r.cohort_id, name: r.cohort_name, startsOn: r.starts_on, endsOn: r.ends_on },
      status: completion ? 'completed' : e.behind ? 'behind' : e.started ? 'in_progress' : 'not_started',
      done: e.done,
      total: e.total,
      pct: completion ? 100 : e.pct,
      completedAt: completion?.completed_at.toISOString() ?? null,
      certificate: completion?.code ? { code: formatCertificateCode(completion.code) } : null,
      reminder: reminder && !completion ? { at: reminder.sent_at.toISOString(), message: reminder.message } : null,
      steps: e.steps.map((x) => ({
        id: x.step.id,
        position: x.step.position,
        kind: x.step.kind,
        title: x.step.title,
        status: x.status,
        dueAt: x.dueAt?.toISOString() ?? null,
        overdue: x.overdue,
        requires: x.step.requires,
        link: stepLink(r.id, x.step, slugs),
      })),
    });
  }
  return out;
}


// ---- A cohort's dashboard -------------------------------------------------------------------

export interface ParticipantProgress {
  person: { id: number; name: string; nip: string | null };
  unit: { id: number; name: string; kind: string } | null;
  status: ParticipantStatus;
  done: number;
  total: number;
  pct: number;
  currentStep: { id: number; title: string } | null;
  lastActivityAt: string | null;
  completedAt: string | null;
}

/** Every participant of a cohort (optionally of one office or school and those below it) and where they stand. */
export async function cohortParticipants(
  db: import('kysely').Kysely<DB>,
  cohort: { id: number; programme_id: number; starts_on: string },
  unitIds: number[] | null,
  now = new Date(),
): Promise<ParticipantProgress[]> {
  let q = db
    .selectFrom('cohort_participants as cp')
    .innerJoin('people as p', 'p.id', 'cp.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.name', 'p.nip', 'u.id as unit_id', 'u.name as unit_name', 'u.kind as unit_kind', 'cp.added_at'])
    .where('cp.cohort_id', '=', cohort.id)
    .orderBy('u.name')
    .orderBy('p.name');
  if (unitIds) q = unitIds.length ? q.where('p.unit_id', 'in', unitIds) : q.where(sql<boolean>`false`);
  const people = await q.execute();
  const steps = await loadSteps(db, cohort.programme_id);
  const ids = people.map((p) => p.id);
  let facts = await loadFacts(db, steps, ids);
  const completions = async () =>
    ids.length
      ? new Map((await db.selectFrom('programme_completions').select(['person_id', 'completed_at']).where('programme_id', '=', cohort.programme_id).where('person_id', 'in', ids).execute()).map((c) => [c.person_id, c.completed_at]))
      : new Map<number, Date>();
  let completed = await completions();
  // Safety net: everything done but no completion recorded.
  const pending = people.filter((p) => !completed.has(p.id) && steps.length > 0 && steps.every((s) => facts.get(p.id)!.get(s.id)!.done));
  if (pending.length) {
    for (const p of pending) await db.transaction().execute((trx) => syncPerson(trx, cohort.programme_id, p.id));
    facts = await loadFacts(db, steps, ids);
    completed = await completions();
  }
  return people.map((p) => {
    const e = evaluate(steps, facts.get(p.id)!, cohort, p.added_at, now);
    const completedAt = completed.get(p.id) ?? null;
    return {
      person: { id: p.id, name: p.name, nip: p.nip },
      unit: p.unit_id !== null ? { id: p.unit_id, name: p.unit_name!, kind: p.unit_kind! } : null,
      status: completedAt ? 'completed' : participantStatus(e),
      done: e.done,
      total: e.total,
      pct: completedAt ? 100 : e.pct,
      currentStep: completedAt || !e.currentStep ? null : { id: e.currentStep.id, title: e.currentStep.title },
      lastActivityAt: e.lastActivityAt?.toISOString() ?? null,
      completedAt: completedAt?.toISOString() ?? null,
    };
  });
}

export function summarise(list: ParticipantProgress[]) {
  const count = (s: ParticipantStatus) => list.filter((p) => p.status === s).length;
  const summary = { total: list.length, completed: count('completed'), onTrack: count('on_track'), behind: count('behind'), stuck: count('stuck') };
  const byUnit = new Map<number | null, ParticipantProgress[]>();
  for (const p of list) {
    const key = p.unit?.id ?? null;
    byUnit.set(key, [...(byUnit.get(key) ?? []), p]);
  }
  const schools = [...byUnit.values()].map((ps) => ({
    unit: ps[0]!.unit,
    total: ps.length,
    completed: ps.filter((p) => p.status === 'completed').length,
    behind: ps.filter((p) => p.status === 'behind').length,
    stuck: ps.filter((p) => p.status === 'stuck').length,
    avgPct: Math.round((ps.reduce((a, p) => a + p.pct, 0) / ps.length) * 10) / 10,
  }));
  schools.sort((a, b) => (a.unit?.name ?? '').localeCompare(b.unit?.name ?? ''));
  return { summary, schools };
}

/** In-app reminders to the participants behind or stuck, at most one per person and day; how many were sent. */
export async function sendReminders(trx: Transaction<DB>, cohortId: number, programmeTitle: string, list: ParticipantProgress[], by: number, now = new Date()): Promise<number> {
  const targets = list.filter((p) => p.status === 'behind' || p.status === 'stuck');
  if (!targets.length) return 0;
  const day = todayWib(now);
  const rows = await trx
    .insertInto('programme_reminders')
    .values(
      targets.map((p) => ({
        cohort_id: cohortId,
        person_id: p.person.id,
        sent_on: day,
        sent_by: by,
        message:
          p.status === 'behind'
            ? `Ada langkah program "${programmeTitle}" yang sudah melewati tenggat. Yuk lanjutkan${p.currentStep ? `: ${p.currentStep.title}` : ''}.`
            : `Sudah beberapa waktu tidak ada kegiatan di program "${programmeTitle}". Yuk lanjutkan${p.currentStep ? `: ${p.currentStep.title}` : ''}.`,
      })),
    )
    .onConflict((oc) => oc.columns(['person_id', 'sent_on']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}
