/**
 * Programmes: who may do what, creating and changing them, cohorts and their participants.
 * Progress (what is done) lives in progress.ts, practice evidence in practice.ts.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, ProgrammeStepsTable, ProgrammesTable } from '../db/types.ts';
import { adminUnitIds, expandUnits } from '../org/service.ts';
import { conflict, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import type { CohortT, NewProgrammeT, ParticipantsT, ProgrammeT, SkippedT, StepInputT } from './schemas.ts';

export type Db = Kysely<DB> | Transaction<DB>;
export type ProgrammeRow = Selectable<ProgrammesTable>;
export type StepRow = Selectable<ProgrammeStepsTable> & { requires: number[] };

export const programmeNotFound = () => notFound(text('Program tidak ditemukan.', 'Programme not found.'));
export const cohortNotFound = () => notFound(text('Angkatan tidak ditemukan.', 'Cohort not found.'));
export const stepNotFound = () => notFound(text('Langkah program tidak ditemukan.', 'Programme step not found.'));

/** Today in Surakarta (WIB), YYYY-MM-DD. */
export { today as todayWib } from '../assessment-campaigns/service.ts';
/** A calendar day plus n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** The last moment of a calendar day in WIB. */
export const endOfDayWib = (day: string) => new Date(`${day}T23:59:59.999+07:00`);
export const isRealDay = (d: string) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

// ---- Who may do what ------------------------------------------------------------------------

/** An admin of the programme's office (or above it); a programme of no office is the city admins'. */
export async function managesProgramme(db: Db, user: AuthUser, p: { unit_id: number | null }): Promise<boolean> {
  const units = await adminUnitIds(db, user);
  if (units === null) return true;
  return p.unit_id !== null && units.includes(p.unit_id);
}

/** The cohorts of the programme the person facilitates (none: not a facilitator of it). */
export async function facilitatedCohortIds(db: Db, personId: number, programmeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('cohort_facilitators as f')
    .innerJoin('cohorts as c', 'c.id', 'f.cohort_id')
    .select('f.cohort_id')
    .where('f.person_id', '=', personId)
    .where('c.programme_id', '=', programmeId)
    .execute();
  return rows.map((r) => r.cohort_id);
}

export async function participation(db: Db, personId: number, programmeId: number) {
  return db
    .selectFrom('cohort_participants as cp')
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .select(['c.id', 'c.name', 'c.starts_on', 'c.ends_on', 'c.principal_review', 'cp.added_at'])
    .where('cp.person_id', '=', personId)
    .where('cp.programme_id', '=', programmeId)
    .executeTakeFirst();
}

/**
 * Whether the person may review practice work in the programme without taking part or
 * facilitating: the supervisor of a participant in a cohort with principal review (as in
 * practice.ts's reviewer filter).
 */
export async function reviewsAsSupervisor(db: Db, personId: number, programmeId: number): Promise<boolean> {
  const row = await db
    .selectFrom('cohort_participants as cp')
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .innerJoin('people as pp', 'pp.id', 'cp.person_id')
    .select('cp.cohort_id')
    .where('cp.programme_id', '=', programmeId)
    .where('c.principal_review', '=', true)
    .where('pp.supervisor_id', '=', personId)
    .where('cp.person_id', '<>', personId)
    .executeTakeFirst();
  return !!row;
}

export async function findProgramme(db: Db, id: number): Promise<ProgrammeRow | undefined> {
  return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The programme when the reader manages it; 404 when it does not exist, 403 otherwise. */
export async function managedProgramme(db: Db, user: AuthUser, id: number): Promise<ProgrammeRow> {
  const p = await findProgramme(db, id);
  if (!p) throw programmeNotFound();
  if (!(await managesProgramme(db, user, p))) throw forbidden(text('Program ini dikelola oleh unit kerja lain.', 'This programme is managed by another office.'));
  return p;
}

export async function loadSteps(db: Db, programmeId: number): Promise<StepRow[]> {
  const steps = await db.selectFrom('programme_steps').selectAll().where('programme_id', '=', programmeId).orderBy('position').execute();
  if (!steps.length) return [];
  const reqs = await db
    .selectFrom('programme_step_requires')
    .select(['step_id', 'requires_id'])
    .where(
      'step_id',
      'in',
      steps.map((s) => s.id),
    )
    .execute();
  return steps.map((s) => ({ ...s, requires: reqs.filter((r) => r.step_id === s.id).map((r) => r.requires_id).sort((a, b) => a - b) }));
}

// ---- Creating and changing -------------------------------------------------------------------

async function checkCompetencies(db: Db, codes: string[]) {
  if (!codes.length) return;
  const known = await db.selectFrom('competencies').select('code').where('code', 'in', codes).where('retired_at', 'is', null).execute();
  const missing = [...new Set(codes)].filter((c) => !known.some((k) => k.code === c));
  if (missing.length) throw invalid(text(`Kompetensi tidak dikenal: ${missing.join(', ')}.`, `Unknown competencies: ${missing.join(', ')}.`), { codes: missing });
}

function noDuplicateCodes(list: { code: string }[], where: string) {
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.code)) throw invalid(text(`Kompetensi ${c.code} disebut dua kali (${where}).`, `Competency ${c.code} is listed twice (${where}).`));
    seen.add(c.code);
  }
}

/** Checks the steps against each other and the catalogue; returns each step's title. */
async function checkSteps(db: Db, steps: StepInputT[]): Promise<string[]> {
  const titles: string[] = [];
  for (const [i, s] of steps.entries()) {
    const n = i + 1;
    const at = (id: string, en: string) => text(`Langkah ${n}: ${id}`, `Step ${n}: ${en}`);
    for (const r of s.requires ?? []) {
      if (r >= i) throw invalid(at('prasyarat harus menunjuk langkah sebelumnya.', 'a requirement must point to an earlier step.'), { step: i, requires: r });
    }
    if (new Set(s.requires ?? []).size !== (s.requires ?? []).length) throw invalid(at('prasyarat disebut dua kali.', 'a requirement is listed twice.'));
    const refs = { course: s.courseId, quiz: s.quizId, webinar: s.webinarId };
    for (const [kind, value] of Object.entries(refs)) {
      if (value !== undefined && kind !== s.kind) throw invalid(at(`langkah jenis ${s.kind} tidak memakai ${kind}Id.`, `a ${s.kind} step takes no ${kind}Id.`));
    }
    if (s.kind !== 'practice' && s.practice) throw invalid(at('hanya langkah aksi nyata yang punya tugas dan rubrik.', 'only a practice step has a task and a rubric.'));
    if (s.kind !== 'practice' && s.competencies?.length) throw invalid(at('kompetensi langkah hanya untuk aksi nyata.', 'step competencies are for practice steps only.'));
    let title = s.title?.trim();
    if (s.kind === 'course') {
      if (!s.courseId) throw invalid(at('pilih kursusnya (courseId).', 'choose its course (courseId).'));
      const c = await db.selectFrom('courses').select(['title', 'status']).where('id', '=', s.courseId).executeTakeFirst();
      if (!c || c.status === 'archived') throw invalid(at('kursus tidak ditemukan.', 'course not found.'), { courseId: s.courseId });
      title ||= c.title;
    } else if (s.kind === 'quiz') {
      if (!s.quizId) throw invalid(at('pilih kuisnya (quizId).', 'choose its quiz (quizId).'));
      const q = await db.selectFrom('quizzes').select(['title', 'status']).where('id', '=', s.quizId).executeTakeFirst();
      if (!q || q.status === 'archived') throw invalid(at('kuis tidak ditemukan.', 'quiz not found.'), { quizId: s.quizId });
      title ||= q.title;
    } else if (s.kind === 'webinar') {
      if (!s.webinarId) throw invalid(at('pilih webinarnya (webinarId).', 'choose its webinar (webinarId).'));
      const w = await db.selectFrom('webinars').select(['title', 'status']).where('id', '=', s.webinarId).executeTakeFirst();
      if (!w || w.status === 'cancelled') throw invalid(at('webinar tidak ditemukan.', 'webinar not found.'), { webinarId: s.webinarId });
      title ||= w.title;
    } else {
      if (!s.practice) throw invalid(at('aksi nyata perlu petunjuk dan rubrik (practice).', 'a practice step needs instructions and a rubric (practice).'));
      if (!s.practice.instructions.trim()) throw invalid(at('petunjuk aksi nyata masih kosong.', 'the practice instructions are empty.'));
      noDuplicateCodes(s.competencies ?? [], `langkah ${n}`);
      await checkCompetencies(
        db,
        (s.competencies ?? []).map((c) => c.code),
      );
      title ||= 'Aksi nyata';
    }
    titles.push(title);
  }
  return titles;
}

async function insertSteps(trx: Transaction<DB>, programmeId: number, steps: StepInputT[], titles: string[]) {
  const ids: number[] = [];
  for (const [i, s] of steps.entries()) {
    const row = await trx
      .insertInto('programme_steps')
      .values({
        programme_id: programmeId,
        position: i + 1,
        kind: s.kind,
        title: titles[i]!,
        course_id: s.kind === 'course' ? s.courseId! : null,
        quiz_id: s.kind === 'quiz' ? s.quizId! : null,
        webinar_id: s.kind === 'webinar' ? s.webinarId! : null,
        due_days: s.dueDays ?? null,
        competencies: JSON.stringify(s.kind === 'practice' ? (s.competencies ?? []) : []),
        instructions: s.kind === 'practice' ? s.practice!.instructions.trim() : null,
        rubric: s.kind === 'practice' ? JSON.stringify(s.practice!.rubric.map((r) => ({ criterion: r.criterion.trim(), description: r.description?.trim() ?? '' }))) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const requires = steps.flatMap((s, i) => (s.requires ?? []).map((r) => ({ step_id: ids[i]!, requires_id: ids[r]! })));
  if (requires.length) await trx.insertInto('programme_step_requires').values(requires).execute();
}

async function writeCompetencies(trx: Transaction<DB>, programmeId: number, list: { code: string; level: number }[]) {
  await trx.deleteFrom('programme_competencies').where('programme_id', '=', programmeId).execute();
  if (list.length) await trx.insertInto('programme_competencies').values(list.map((c) => ({ programme_id: programmeId, competency_code: c.code, level: c.level }))).execute();
}

export async function createProgramme(trx: Transaction<DB>, user: AuthUser, b: NewProgrammeT): Promise<number> {
  const scope = await adminUnitIds(trx, user);
  let unitId = b.unitId ?? null;
  if (unitId !== null) {
    const unit = await trx.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw invalid(text('Unit kerja tidak ditemukan.', 'Office not found.'), { unitId });
    if (scope !== null && !scope.includes(unitId)) throw forbidden(text('Anda hanya dapat membuat program untuk unit kerja Anda.', 'You can only create programmes for your own offices.'));
  } else if (scope !== null) {
    // An office admin's programme belongs to their office.
    unitId = user.adminScope?.[0] ?? null;
    if (unitId === null) throw forbidden();
  }
  noDuplicateCodes(b.competencies ?? [], 'program');
  await checkCompetencies(
    trx,
    (b.competencies ?? []).map((c) => c.code),
  );
  const titles = await checkSteps(trx, b.steps);
  const p = await trx
    .insertInto('programmes')
    .values({
      title: b.title.trim(),
      summary: b.summary?.trim() ?? '',
      description: b.description?.trim() ?? '',
      jp: b.jp,
      status: b.status ?? 'active',
      unit_id: unitId,
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeCompetencies(trx, p.id, b.competencies ?? []);
  await insertSteps(trx, p.id, b.steps, titles);
  return p.id;
}

/** Someone has done something in the programme: a step recorded done, a submission, a completion. */
export async function programmeStarted(db: Db, programmeId: number): Promise<boolean> {
  const [done, sub, comp] = await Promise.all([
    db.selectFrom('programme_step_completions').select('step_id').where('programme_id', '=', programmeId).limit(1).executeTakeFirst(),
    db.selectFrom('practice_submissions').select('id').where('programme_id', '=', programmeId).limit(1).executeTakeFirst(),
    db.selectFrom('programme_completions').select('person_id').where('programme_id', '=', programmeId).limit(1).executeTakeFirst(),
  ]);
  return !!(done || sub || comp);
}

export async function updateProgramme(trx: Transaction<DB>, p: ProgrammeRow, b: import('./schemas.ts').ProgrammePatchT) {
  if (b.competencies) {
    noDuplicateCodes(b.competencies, 'program');
    await checkCompetencies(
      trx,
      b.competencies.map((c) => c.code),
    );
  }
  if (b.steps) {
    if (await programmeStarted(trx, p.id)) {
      throw conflict(text('Langkah tidak dapat diubah: peserta sudah mulai mengerjakan program ini.', 'The steps cannot be changed: participants have already started this programme.'));
    }
    const titles = await checkSteps(trx, b.steps);
    await trx.deleteFrom('practice_uploads').where('step_id', 'in', trx.selectFrom('programme_steps').select('id').where('programme_id', '=', p.id)).execute();
    await trx.deleteFrom('programme_steps').where('programme_id', '=', p.id).execute();
    await insertSteps(trx, p.id, b.steps, titles);
    // Participants already there take the new course steps too.
    const cohorts = await trx.selectFrom('cohorts').select(['id', 'programme_id', 'starts_on']).where('programme_id', '=', p.id).execute();
    for (const c of cohorts) {
      const people = await trx.selectFrom('cohort_participants').select('person_id').where('cohort_id', '=', c.id).execute();
      await enrolInCourseSteps(
        trx,
        c,
        people.map((x) => x.person_id),
      );
    }
  }
  if (b.competencies) await writeCompetencies(trx, p.id, b.competencies);
  await trx
    .updateTable('programmes')
    .set({
      ...(b.title !== undefined && { title: b.title.trim() }),
      ...(b.summary !== undefined && { summary: b.summary.trim() }),
      ...(b.description !== undefined && { description: b.description.trim() }),
      ...(b.jp !== undefined && { jp: b.jp }),
      ...(b.status !== undefined && { status: b.status }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', p.id)
    .execute();
}

// ---- Views ----------------------------------------------------------------------------------

export async function cohortBriefs(db: Db, programmeId: number, onlyIds?: number[]) {
  let q = db
    .selectFrom('cohorts as c')
    .select(['c.id', 'c.name', 'c.starts_on', 'c.ends_on', sql<number>`(SELECT count(*)::int FROM cohort_participants cp WHERE cp.cohort_id = c.id)`.as('n')])
    .where('c.programme_id', '=', programmeId)
    .orderBy('c.starts_on')
    .orderBy('c.id');
  if (onlyIds) {
    if (!onlyIds.length) return [];
    q = q.where('c.id', 'in', onlyIds);
  }
  return (await q.execute()).map((c) => ({ id: c.id, name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, participantCount: c.n }));
}

export async function programmeView(db: Db, p: ProgrammeRow, cohorts: ProgrammeT['cohorts']): Promise<ProgrammeT> {
  const [steps, unit, comps] = await Promise.all([
    loadSteps(db, p.id),
    p.unit_id ? db.selectFrom('units').select(['id', 'name']).where('id', '=', p.unit_id).executeTakeFirst() : Promise.resolve(undefined),
    db
      .selectFrom('programme_competencies as pc')
      .leftJoin('competencies as c', (j) => j.onRef('c.code', '=', 'pc.competency_code'))
      .leftJoin('competency_versions as v', 'v.id', 'c.current_version_id')
      .select(['pc.competency_code', 'pc.level', 'v.name'])
      .where('pc.programme_id', '=', p.id)
      .orderBy('pc.competency_code')
      .execute(),
  ]);
  const ids = (k: 'course_id' | 'quiz_id' | 'webinar_id') => steps.map((s) => s[k]).filter((x): x is number => x !== null);
  const [courses, quizzes, webinars] = await Promise.all([
    ids('course_id').length ? db.selectFrom('courses').select(['id', 'slug', 'title', 'jp']).where('id', 'in', ids('course_id')).execute() : [],
    ids('quiz_id').length ? db.selectFrom('quizzes').select(['id', 'title']).where('id', 'in', ids('quiz_id')).execute() : [],
    ids('webinar_id').length ? db.selectFrom('webinars').select(['id', 'title', 'starts_at']).where('id', 'in', ids('webinar_id')).execute() : [],
  ]);
  return {
    id: p.id,
    title: p.title,
    summary: p.summary,
    description: p.description,
    jp: Number(p.jp),
    status: p.status,
    unit: unit ? { id: unit.id, name: unit.name } : null,
    competencies: comps.map((c) => ({ code: c.competency_code, level: c.level, name: c.name ?? null })),
    steps: steps.map((s) => {
      const c = courses.find((x) => x.id === s.course_id);
      const q = quizzes.find((x) => x.id === s.quiz_id);
      const w = webinars.find((x) => x.id === s.webinar_id);
      return {
        id: s.id,
        position: s.position,
        kind: s.kind,
        title: s.title,
        dueDays: s.due_days,
        requires: s.requires,
        competencies: s.competencies,
        course: c ? { id: c.id, slug: c.slug, title: c.title, jp: Number(c.jp) } : null,
        quiz: q ? { id: q.id, title: q.title } : null,
        webinar: w ? { id: w.id, title: w.title, startsAt: w.starts_at.toISOString() } : null,
        practice: s.kind === 'practice' ? { instructions: s.instructions ?? '', rubric: s.rubric ?? [] } : null,
      };
    }),
    cohorts,
  };
}

/** Programmes the reader manages (admins) or facilitates, newest first. */
export async function programmeSummaries(db: Db, user: AuthUser) {
  const units = await adminUnitIds(db, user);
  let q = db
    .selectFrom('programmes as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select([
      'p.id',
      'p.title',
      'p.summary',
      'p.jp',
      'p.status',
      'u.id as unit_id',
      'u.name as unit_name',
      sql<number>`(SELECT count(*)::int FROM programme_steps s WHERE s.programme_id = p.id)`.as('step_count'),
      sql<number>`(SELECT count(*)::int FROM cohorts c WHERE c.programme_id = p.id)`.as('cohort_count'),
      sql<number>`(SELECT count(*)::int FROM cohort_participants cp WHERE cp.programme_id = p.id)`.as('participant_count'),
    ])
    .orderBy('p.id', 'desc');
  const facilitated = db.selectFrom('cohort_facilitators as f').innerJoin('cohorts as c', 'c.id', 'f.cohort_id').select('c.programme_id').where('f.person_id', '=', user.id);
  if (units !== null) {
    q = q.where((eb) => {
      const ors = [eb('p.id', 'in', facilitated)];
      if (units.length) ors.push(eb('p.unit_id', 'in', units));
      return eb.or(ors);
    });
  }
  return (await q.execute()).map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    jp: Number(r.jp),
    status: r.status,
    unit: r.unit_id !== null ? { id: r.unit_id, name: r.unit_name! } : null,
    stepCount: r.step_count,
    cohortCount: r.cohort_count,
    participantCount: r.participant_count,
  }));
}

// ---- Cohorts --------------------------------------------------------------------------------

export async function cohortView(db: Db, cohortId: number, added = 0): Promise<CohortT> {
  const c = await db.selectFrom('cohorts').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow();
  const [facilitators, count] = await Promise.all([
    db
      .selectFrom('cohort_facilitators as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .select(['p.id', 'p.name'])
      .where('f.cohort_id', '=', cohortId)
      .orderBy('p.name')
      .execute(),
    db.selectFrom('cohort_participants').select(sql<number>`count(*)::int`.as('n')).where('cohort_id', '=', cohortId).executeTakeFirstOrThrow(),
  ]);
  return {
    id: c.id,
    programmeId: c.programme_id,
    name: c.name,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    principalReview: c.principal_review,
    facilitators,
    participantCount: count.n,
    added,
  };
}

/** The people the participants object names (office, position, list), active ones only. */
export async function resolveParticipants(db: Db, user: AuthUser, p: ParticipantsT): Promise<number[]> {
  const unitIds = p.unitIds ?? [];
  const positionIds = p.positionIds ?? [];
  const personIds = p.personIds ?? [];
  if (!unitIds.length && !positionIds.length && !personIds.length) {
    throw invalid(text('Pilih peserta: unit kerja/sekolah, jabatan, atau daftar orang.', 'Choose participants: offices/schools, positions or a list of people.'));
  }
  if (unitIds.length) {
    const found = await db.selectFrom('units').select('id').where('id', 'in', unitIds).execute();
    if (found.length !== new Set(unitIds).size) throw invalid(text('Ada unit kerja yang tidak ditemukan.', 'An office was not found.'));
  }
  if (positionIds.length) {
    const found = await db.selectFrom('positions').select('id').where('id', 'in', positionIds).execute();
    if (found.length !== new Set(positionIds).size) throw invalid(text('Ada jabatan yang tidak ditemukan.', 'A position was not found.'));
  }
  const units = unitIds.length ? (p.includeSubUnits ? await expandUnits(db, unitIds) : unitIds) : [];
  const rows = await db
    .selectFrom('people')
    .select(['id', 'unit_id'])
    .where('active', '=', true)
    .where((eb) => {
      const ors = [];
      if (units.length) ors.push(eb('unit_id', 'in', units));
      if (positionIds.length) ors.push(eb('position_id', 'in', positionIds));
      if (personIds.length) ors.push(eb('id', 'in', personIds));
      return eb.or(ors);
    })
    .execute();
  if (personIds.length) {
    const missing = personIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw invalid(text('Ada orang yang tidak ditemukan atau tidak aktif.', 'Some people were not found or are inactive.'), { personIds: missing });
  }
  // An office admin enrols only the staff of their offices.
  const scope = await adminUnitIds(db, user);
  if (scope !== null && rows.some((r) => r.unit_id === null || !scope.includes(r.unit_id))) {
    throw forbidden(text('Sebagian peserta berada di luar unit kerja yang Anda kelola.', 'Some participants are outside the offices you manage.'));
  }
  return rows.map((r) => r.id);
}

/**
 * Adds people to a cohort (those already in a cohort of the programme stay where they are) and
 * enrols them in the courses of the course steps, as assigned, due by the step's date.
 */
export async function addParticipants(trx: Transaction<DB>, cohortId: number, personIds: number[], by: number): Promise<number[]> {
  if (!personIds.length) return [];
  const c = await trx.selectFrom('cohorts').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow();
  const added: number[] = [];
  for (let i = 0; i < personIds.length; i += 1000) {
    const batch = personIds.slice(i, i + 1000);
    const rows = await trx
      .insertInto('cohort_participants')
      .values(batch.map((id) => ({ cohort_id: cohortId, programme_id: c.programme_id, person_id: id, added_by: by })))
      .onConflict((oc) => oc.doNothing())
      .returning('person_id')
      .execute();
    added.push(...rows.map((r) => r.person_id));
  }
  await enrolInCourseSteps(trx, c, added);
  return added;
}

/** Of these people, those not added because they already are in another cohort of the cohort's programme, with that cohort. */
export async function inOtherCohorts(db: Db, cohort: { id: number; programme_id: number }, personIds: number[], added: number[]): Promise<SkippedT> {
  const addedSet = new Set(added);
  const left = [...new Set(personIds)].filter((id) => !addedSet.has(id));
  if (!left.length) return [];
  const rows = await db
    .selectFrom('cohort_participants as cp')
    .innerJoin('cohorts as c', 'c.id', 'cp.cohort_id')
    .innerJoin('people as p', 'p.id', 'cp.person_id')
    .select(['p.id', 'p.name', 'c.id as cohort_id', 'c.name as cohort_name'])
    .where('cp.programme_id', '=', cohort.programme_id)
    .where('cp.cohort_id', '!=', cohort.id)
    // One array parameter: a whole office tree can name more people than a query takes parameters.
    .where(sql<boolean>`cp.person_id = any(${left}::int[])`)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, cohort: { id: r.cohort_id, name: r.cohort_name } }));
}

/** Enrols people in the courses of the programme's course steps (as assigned, due by the step's date) unless enrolled already. */
export async function enrolInCourseSteps(trx: Transaction<DB>, c: { programme_id: number; starts_on: string }, personIds: number[]) {
  if (!personIds.length) return;
  const courseSteps = await trx.selectFrom('programme_steps').select(['course_id', 'due_days']).where('programme_id', '=', c.programme_id).where('kind', '=', 'course').execute();
  for (const s of courseSteps) {
    const dueAt = s.due_days !== null ? endOfDayWib(addDays(c.starts_on, s.due_days)) : null;
    for (let i = 0; i < personIds.length; i += 1000) {
      await trx
        .insertInto('enrollments')
        .values(personIds.slice(i, i + 1000).map((id) => ({ person_id: id, course_id: s.course_id!, source: 'assigned' as const, due_at: dueAt })))
        .onConflict((oc) => oc.columns(['person_id', 'course_id']).doNothing())
        .execute();
    }
  }
}

export async function setFacilitators(trx: Transaction<DB>, cohortId: number, ids: number[]) {
  if (!ids.length) return;
  const found = await trx.selectFrom('people').select('id').where('id', 'in', ids).where('active', '=', true).execute();
  if (found.length !== new Set(ids).size) throw invalid(text('Ada fasilitator yang tidak ditemukan atau tidak aktif.', 'A facilitator was not found or is inactive.'));
  await trx
    .insertInto('cohort_facilitators')
    .values([...new Set(ids)].map((id) => ({ cohort_id: cohortId, person_id: id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findCohort(db: Db, id: number) {
  return db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The cohort and its programme when the reader manages the programme (or, with `facilitator`, facilitates the cohort). */
export async function cohortFor(db: Db, user: AuthUser, cohortId: number, opts: { facilitator: boolean }) {
  const cohort = await findCohort(db, cohortId);
  if (!cohort) throw cohortNotFound();
  const programme = (await findProgramme(db, cohort.programme_id))!;
  if (await managesProgramme(db, user, programme)) return { cohort, programme, admin: true };
  if (opts.facilitator) {
    const f = await db.selectFrom('cohort_facilitators').select('person_id').where('cohort_id', '=', cohortId).where('person_id', '=', user.id).executeTakeFirst();
    if (f) return { cohort, programme, admin: false };
  }
  throw forbidden();
}
