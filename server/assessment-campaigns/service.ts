/**
 * Assessment campaigns: who is in one, the tasks it opens, who may do what on a task, and the
 * progress per office. Finalising a task writes ordinary supervisor assessments through the
 * competency feature's recordAssessment, so the result is evidence exactly as a single
 * assessment is.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, LevelDoc, Ratings } from '../db/types.ts';
import { requiredLevels } from '../competencies/profile.ts';
import { adminUnitIds, expandUnits } from '../org/service.ts';
import { AppError, invalid, notFound, text } from '../plugins/errors.ts';
import type { CampaignT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type TaskStatusT = 'not_started' | 'self_done' | 'in_progress' | 'finalised';
export type CampaignStateT = 'scheduled' | 'open' | 'closed';

/** Today in Surakarta (WIB): campaign periods are calendar days there. */
export const today = (now = new Date()) => now.toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });

export const campaignNotFound = () => notFound(text('Kampanye penilaian tidak ditemukan.', 'Assessment campaign not found.'));
export const taskNotFound = () => notFound(text('Tugas penilaian tidak ditemukan.', 'Assessment task not found.'));

export function campaignState(c: { opens_on: string; closed_at: Date | null }, day = today()): CampaignStateT {
  if (c.closed_at) return 'closed';
  return day < c.opens_on ? 'scheduled' : 'open';
}

export function taskStatus(t: { finalised_at: Date | null; supervisor_saved_at: Date | null; self_submitted_at: Date | null }): TaskStatusT {
  if (t.finalised_at) return 'finalised';
  if (t.supervisor_saved_at) return 'in_progress';
  if (t.self_submitted_at) return 'self_done';
  return 'not_started';
}

/** Ratings must name levels the competency has, with one mark per indicator. */
export function checkRatings(code: string, levels: LevelDoc[], ratings: Ratings) {
  for (const [level, marks] of Object.entries(ratings)) {
    const want = levels.find((l) => l.level === Number(level))?.indicators.length;
    if (want === undefined) throw invalid(text(`${code} tidak punya level ${level}.`, `${code} has no level ${level}.`));
    if (marks.length !== want) throw invalid(text(`${code} level ${level} punya ${want} indikator; kirim ${want} penilaian.`, `${code} level ${level} has ${want} indicators; send ${want} ratings.`));
  }
}

// ---- Campaigns -----------------------------------------------------------------------------------

export function campaignRows(db: Db) {
  return db
    .selectFrom('assessment_campaigns as c')
    .innerJoin('people as by', 'by.id', 'c.created_by')
    .select(['c.id', 'c.name', 'c.opens_on', 'c.closes_on', 'c.self_assessment', 'c.peer_input', 'c.max_peers', 'c.include_sub_units', 'c.created_by', 'by.name as created_by_name', 'c.created_at', 'c.closed_at']);
}
type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignRows>['executeTakeFirstOrThrow']>>;

/** The offices a campaign targets, expanded to the offices below when it says so. */
export async function targetUnitIds(db: Db, campaignId: number, includeSub: boolean): Promise<number[]> {
  const roots = (await db.selectFrom('assessment_campaign_units').select('unit_id').where('campaign_id', '=', campaignId).execute()).map((r) => r.unit_id);
  return includeSub ? expandUnits(db, roots) : roots;
}

/** Active people in a campaign's targets (their office or their position), within `scope` when given. */
export async function peopleInCampaign(db: Db, c: { id: number; include_sub_units: boolean }, scope: number[] | null) {
  const units = await targetUnitIds(db, c.id, c.include_sub_units);
  const positions = (await db.selectFrom('assessment_campaign_positions').select('position_id').where('campaign_id', '=', c.id).execute()).map((r) => r.position_id);
  if (!units.length && !positions.length) return [];
  let q = db
    .selectFrom('people as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.name', 'p.nip', 'p.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'p.position_id', 'p.supervisor_id'])
    .where('p.active', '=', true)
    .where((eb) => eb.or([...(units.length ? [eb('p.unit_id', 'in', units)] : []), ...(positions.length ? [eb('p.position_id', 'in', positions)] : [])]));
  if (scope !== null) q = scope.length ? q.where('p.unit_id', 'in', scope) : q.where(sql<boolean>`false`);
  return q.orderBy('p.name').execute();
}

/** The competencies a person is assessed on: the campaign's, else their position standard's. */
async function competenciesFor(db: Db, campaignId: number, positionIds: number[]): Promise<{ chosen: number[]; byPosition: Map<number, number[]> }> {
  const chosen = (await db.selectFrom('assessment_campaign_competencies').select('competency_id').where('campaign_id', '=', campaignId).orderBy('competency_id').execute()).map((r) => r.competency_id);
  const byPosition = new Map<number, number[]>();
  if (!chosen.length) for (const [pos, m] of await requiredLevels(db, positionIds)) byPosition.set(pos, [...m.keys()].sort((a, b) => a - b));
  return { chosen, byPosition };
}

/**
 * Creates the missing tasks of a campaign: one per person in scope who has a supervisor and
 * something to be assessed on. Returns how many were created and who could not get one.
 */
export async function openTasks(trx: Transaction<DB>, c: { id: number; include_sub_units: boolean }, scope: number[] | null) {
  const people = await peopleInCampaign(trx, c, scope);
  const existing = new Set((await trx.selectFrom('assessment_tasks').select('person_id').where('campaign_id', '=', c.id).execute()).map((r) => r.person_id));
  const { chosen, byPosition } = await competenciesFor(trx, c.id, [...new Set(people.map((p) => p.position_id).filter((x): x is number => x !== null))]);
  let created = 0;
  for (const p of people) {
    if (existing.has(p.id) || p.supervisor_id === null) continue;
    const comps = chosen.length ? chosen : ((p.position_id !== null && byPosition.get(p.position_id)) || []);
    if (!comps.length) continue;
    const task = await trx.insertInto('assessment_tasks').values({ campaign_id: c.id, person_id: p.id }).onConflict((oc) => oc.columns(['campaign_id', 'person_id']).doNothing()).returning('id').executeTakeFirst();
    if (!task) continue;
    await trx
      .insertInto('assessment_task_competencies')
      .values(comps.map((competency_id, i) => ({ task_id: task.id, competency_id, position: i })))
      .execute();
    created++;
  }
  return created;
}

/** People in scope who have no task, and why (to be fixed by an admin, then the campaign refreshed). */
export async function campaignProblems(db: Db, c: { id: number; include_sub_units: boolean }, scope: number[] | null) {
  const people = await peopleInCampaign(db, c, scope);
  const withTask = new Set((await db.selectFrom('assessment_tasks').select('person_id').where('campaign_id', '=', c.id).execute()).map((r) => r.person_id));
  return people
    .filter((p) => !withTask.has(p.id))
    .map((p) => ({
      person: { id: p.id, name: p.name, nip: p.nip },
      unit: p.unit_id !== null ? { id: p.unit_id, code: p.unit_code!, name: p.unit_name! } : null,
      reason: p.supervisor_id === null ? ('no_supervisor' as const) : ('no_competencies' as const),
    }));
}

/** Tasks of a campaign with their person's office and direct supervisor, within `scope` when given. */
export function taskRows(db: Db, campaignId: number, scope: number[] | null) {
  let q = db
    .selectFrom('assessment_tasks as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('people as s', 's.id', 'p.supervisor_id')
    .select(['t.id', 't.person_id', 'p.name', 'p.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'p.supervisor_id', 's.name as supervisor_name', 's.unit_id as supervisor_unit_id', 't.self_submitted_at', 't.supervisor_saved_at', 't.finalised_at'])
    .where('t.campaign_id', '=', campaignId);
  if (scope !== null) q = scope.length ? q.where('p.unit_id', 'in', scope) : q.where(sql<boolean>`false`);
  return q;
}

const zero = () => ({ total: 0, notStarted: 0, selfDone: 0, inProgress: 0, finalised: 0 });
export function countStatuses(rows: Parameters<typeof taskStatus>[0][]) {
  const counts = zero();
  for (const r of rows) {
    counts.total++;
    const s = taskStatus(r);
    if (s === 'not_started') counts.notStarted++;
    else if (s === 'self_done') counts.selfDone++;
    else if (s === 'in_progress') counts.inProgress++;
    else counts.finalised++;
  }
  return counts;
}

export async function campaignView(db: Db, c: CampaignRow, scope: number[] | null): Promise<CampaignT> {
  const [units, positions, competencies, tasks] = await Promise.all([
    db.selectFrom('assessment_campaign_units as cu').innerJoin('units as u', 'u.id', 'cu.unit_id').select(['u.id', 'u.code', 'u.name']).where('cu.campaign_id', '=', c.id).orderBy('u.code').execute(),
    db.selectFrom('assessment_campaign_positions as cp').innerJoin('positions as p', 'p.id', 'cp.position_id').select(['p.id', 'p.name']).where('cp.campaign_id', '=', c.id).orderBy('p.name').execute(),
    db
      .selectFrom('assessment_campaign_competencies as cc')
      .innerJoin('competencies as k', 'k.id', 'cc.competency_id')
      .innerJoin('competency_versions as v', 'v.id', 'k.current_version_id')
      .select(['k.code', 'v.name'])
      .where('cc.campaign_id', '=', c.id)
      .orderBy('k.code')
      .execute(),
    taskRows(db, c.id, scope).execute(),
  ]);
  const day = today();
  const state = campaignState(c, day);
  return {
    id: c.id,
    name: c.name,
    opensOn: c.opens_on,
    closesOn: c.closes_on,
    state,
    overdue: state === 'open' && day > c.closes_on,
    selfAssessment: c.self_assessment,
    peerInput: c.peer_input,
    maxPeers: c.max_peers,
    includeSubUnits: c.include_sub_units,
    units,
    positions,
    competencies,
    createdBy: { id: c.created_by, name: c.created_by_name },
    createdAt: c.created_at.toISOString(),
    closedAt: c.closed_at?.toISOString() ?? null,
    counts: countStatuses(tasks),
  };
}

/**
 * The campaign, if this admin may manage it: city-wide admins all; an office admin those they
 * opened or that target their offices. Anyone else gets the same 404 as for nothing.
 */
export async function managedCampaign(db: Db, user: AuthUser, id: number): Promise<{ campaign: CampaignRow; scope: number[] | null }> {
  const campaign = await campaignRows(db).where('c.id', '=', id).executeTakeFirst();
  if (!campaign || !user.roles.includes('admin')) throw campaignNotFound();
  const scope = await adminUnitIds(db, user);
  if (scope === null || campaign.created_by === user.id) return { campaign, scope };
  const targets = await targetUnitIds(db, id, campaign.include_sub_units);
  const positionUnits = (await db.selectFrom('assessment_campaign_positions as cp').innerJoin('positions as p', 'p.id', 'cp.position_id').select('p.unit_id').where('cp.campaign_id', '=', id).execute()).map((r) => r.unit_id);
  if ([...targets, ...positionUnits].some((u) => scope.includes(u))) return { campaign, scope };
  throw campaignNotFound();
}

// ---- Tasks ---------------------------------------------------------------------------------------

export function taskQuery(db: Db) {
  return db
    .selectFrom('assessment_tasks as t')
    .innerJoin('assessment_campaigns as c', 'c.id', 't.campaign_id')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('people as s', 's.id', 'p.supervisor_id')
    .select([
      't.id',
      't.campaign_id',
      'c.name as campaign_name',
      'c.opens_on',
      'c.closes_on',
      'c.closed_at',
      'c.self_assessment',
      'c.peer_input',
      'c.max_peers',
      't.person_id',
      'p.name as person_name',
      'p.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'p.supervisor_id',
      's.name as supervisor_name',
      't.self_submitted_at',
      't.supervisor_saved_at',
      't.finalised_at',
    ]);
}
export type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirstOrThrow']>>;
export type TaskRole = 'subject' | 'supervisor' | 'admin' | 'peer';

/** What the reader is to this task, or null (they have nothing to do with it). */
export async function roleOn(db: Db, user: AuthUser, t: TaskRow): Promise<TaskRole | null> {
  if (t.person_id === user.id) return 'subject';
  if (t.supervisor_id === user.id) return 'supervisor';
  if (user.roles.includes('admin')) {
    const scope = await adminUnitIds(db, user);
    if (scope === null || (t.unit_id !== null && scope.includes(t.unit_id))) return 'admin';
  }
  const peer = await db.selectFrom('assessment_peer_inputs').select('id').where('task_id', '=', t.id).where('peer_id', '=', user.id).executeTakeFirst();
  return peer ? 'peer' : null;
}

/** The task and the reader's role on it; 404 for anyone who has nothing to do with it. */
export async function taskFor(db: Db, user: AuthUser, id: number, opts: { lock?: boolean } = {}): Promise<{ task: TaskRow; role: TaskRole }> {
  let q = taskQuery(db).where('t.id', '=', id);
  if (opts.lock) q = q.forUpdate('t');
  const task = await q.executeTakeFirst();
  if (!task) throw taskNotFound();
  const role = await roleOn(db, user, task);
  if (!role) throw taskNotFound();
  return { task, role };
}

/** Changes are taken only while the campaign is open and the task not finalised. */
export function assertEditable(t: TaskRow) {
  const state = campaignState(t);
  if (state !== 'open') throw new AppError(409, 'campaign_not_open', state === 'closed' ? text('Kampanye ini sudah ditutup.', 'This campaign is closed.') : text('Kampanye ini belum dibuka.', 'This campaign has not opened yet.'));
  if (t.finalised_at) throw new AppError(409, 'task_finalised', text('Penilaian ini sudah difinalisasi dan tidak dapat diubah.', 'This assessment has been finalised and can no longer be changed.'));
}

export async function taskCompetencies(db: Db, taskId: number) {
  return db
    .selectFrom('assessment_task_competencies as tc')
    .innerJoin('competencies as k', 'k.id', 'tc.competency_id')
    .innerJoin('competency_versions as v', 'v.id', 'k.current_version_id')
    .leftJoin('competency_assessments as a', 'a.id', 'tc.assessment_id')
    .select(['tc.competency_id', 'k.code', 'v.name', 'v.levels', 'tc.self_ratings', 'tc.supervisor_ratings', 'tc.supervisor_note', 'tc.assessment_id', 'a.level as result_level'])
    .where('tc.task_id', '=', taskId)
    .orderBy('tc.position')
    .execute();
}

/** Checks every code is one of the task's competencies and every rating fits its levels. */
export function checkByCode(comps: { code: string; levels: LevelDoc[] }[], byCode: Record<string, Ratings>) {
  for (const [code, ratings] of Object.entries(byCode)) {
    const c = comps.find((x) => x.code === code);
    if (!c) throw invalid(text(`${code} tidak termasuk kompetensi yang dinilai di sini.`, `${code} is not one of the competencies assessed here.`));
    checkRatings(code, c.levels, ratings);
  }
}
