/**
 * Placements: internships and research placements hosted by a partner or an office. Who may
 * manage one, how they and their applications look to each reader, and the completion that
 * turns a placement into JP and evidence.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import { ensureEvidence, ensureJp } from '../competencies/ledger.ts';
import type { ApplicationStatus, DB } from '../db/types.ts';
import { adminUnitIds } from '../org/service.ts';
import { forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import type { ApplicationT, PlacementT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Who is reading, with what the checks below need resolved once. */
export interface Viewer {
  user: AuthUser;
  /** Offices administered: null for the whole city, [] for non-admins. */
  adminScope: number[] | null;
}

export async function viewerOf(db: Db, user: AuthUser): Promise<Viewer> {
  return { user, adminScope: await adminUnitIds(db, user) };
}

export const isAdmin = (v: Viewer) => v.user.roles.includes('admin');

/** Hosts manage a placement: its partner's users, and admins (office admins: for their offices' placements). */
export function canManage(v: Viewer, p: { partner_id: number | null; unit_id: number | null }): boolean {
  if (p.partner_id !== null && v.user.partnerId === p.partner_id) return true;
  if (!isAdmin(v)) return false;
  if (v.adminScope === null) return true;
  return p.unit_id !== null && v.adminScope.includes(p.unit_id);
}

export const placementNotFound = () => notFound(text('Penempatan tidak ditemukan.', 'Placement not found.'));
export const applicationNotFound = () => notFound(text('Lamaran tidak ditemukan.', 'Application not found.'));
export const notHost = () => forbidden(text('Hanya penyelenggara penempatan ini yang dapat melakukannya.', 'Only the host of this placement can do this.'));

/** Applicants who hold (or held) a seat. */
const SEATED: ApplicationStatus[] = ['accepted', 'completed', 'not_completed'];

/** Seats held on a placement (lock the placement first when the count decides a write). */
export async function seatsTaken(db: Db, placementId: number): Promise<number> {
  const row = await db
    .selectFrom('placement_applications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('placement_id', '=', placementId)
    .where('status', 'in', SEATED)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function placementRows(db: Db) {
  return db
    .selectFrom('placements as x')
    .leftJoin('partners as pa', 'pa.id', 'x.partner_id')
    .leftJoin('units as u', 'u.id', 'x.unit_id')
    .selectAll('x')
    .select([
      'pa.name as partner_name',
      'u.name as unit_name',
      sql<number>`(SELECT count(*)::int FROM placement_applications a WHERE a.placement_id = x.id AND a.status IN ('accepted','completed','not_completed'))`.as('seats_taken'),
    ]);
}
export type PlacementRow = Awaited<ReturnType<ReturnType<typeof placementRows>['executeTakeFirstOrThrow']>>;

export async function placementViews(db: Db, v: Viewer, rows: PlacementRow[]): Promise<PlacementT[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [comps, mine] = await Promise.all([
    db
      .selectFrom('placement_competencies as pc')
      .leftJoin('competencies as c', (j) => j.onRef('c.code', '=', 'pc.competency_code'))
      .leftJoin('competency_versions as cv', 'cv.id', 'c.current_version_id')
      .select(['pc.placement_id', 'pc.competency_code', 'pc.level', 'cv.name'])
      .where('pc.placement_id', 'in', ids)
      .orderBy('pc.competency_code')
      .execute(),
    db
      .selectFrom('placement_applications')
      .select(['id', 'placement_id', 'status'])
      .where('placement_id', 'in', ids)
      .where('person_id', '=', v.user.id)
      .orderBy('id', 'desc')
      .execute(),
  ]);
  return rows.map((r) => {
    const own = mine.find((m) => m.placement_id === r.id);
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      topic: r.topic,
      description: r.description,
      host: {
        partner: r.partner_id !== null ? { id: r.partner_id, name: r.partner_name ?? '' } : null,
        unit: r.unit_id !== null ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
      },
      location: r.location,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      applyBy: r.apply_by,
      seats: r.seats,
      seatsTaken: r.seats_taken,
      jp: Number(r.jp),
      competencies: comps.filter((c) => c.placement_id === r.id).map((c) => ({ code: c.competency_code, level: c.level, name: c.name ?? null })),
      status: r.status,
      mine: own ? { applicationId: own.id, status: own.status } : null,
      canManage: canManage(v, r),
    };
  });
}

/**
 * A placement as this reader may see it: open ones to everyone signed in but partner users of
 * another partner, anything to its hosts.
 */
export async function visiblePlacement(db: Db, v: Viewer, id: number): Promise<PlacementRow> {
  const row = await placementRows(db).where('x.id', '=', id).executeTakeFirst();
  if (!row) throw placementNotFound();
  if (canManage(v, row)) return row;
  if (v.user.partnerId && partnerOnly(v.user)) {
    throw forbidden(text('Penempatan ini milik mitra lain.', 'This placement belongs to another partner.'));
  }
  const applied = await db.selectFrom('placement_applications').select('id').where('placement_id', '=', id).where('person_id', '=', v.user.id).executeTakeFirst();
  if (row.status !== 'open' && !applied) throw placementNotFound();
  return row;
}

/** Competency codes the city's frameworks know; 400 naming the others. */
export async function checkCompetencies(db: Db, list: { code: string; level: number }[]) {
  const codes = [...new Set(list.map((c) => c.code))];
  if (codes.length !== list.length) throw invalid(text('Ada kompetensi yang disebut dua kali.', 'A competency is listed twice.'));
  if (!codes.length) return;
  const known = await db.selectFrom('competencies').select('code').where('code', 'in', codes).where('retired_at', 'is', null).execute();
  const unknown = codes.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length) throw invalid(text(`Kompetensi tidak dikenal: ${unknown.join(', ')}.`, `Unknown competencies: ${unknown.join(', ')}.`));
}

export const realDay = (d: string) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

export function checkDates(d: { startsOn: string; endsOn: string; applyBy: string }) {
  if (!realDay(d.startsOn) || !realDay(d.endsOn) || !realDay(d.applyBy)) throw invalid(text('Tanggal tidak valid.', 'Invalid date.'));
  if (d.endsOn < d.startsOn) throw invalid(text('Tanggal selesai harus sama dengan atau sesudah tanggal mulai.', 'The end date must be on or after the start date.'));
  if (d.applyBy > d.endsOn) throw invalid(text('Batas pendaftaran harus sebelum penempatan berakhir.', 'The application deadline must be before the placement ends.'));
}

// ---- Applications --------------------------------------------------------------------------------

export function applicationRows(db: Db) {
  return db
    .selectFrom('placement_applications as a')
    .innerJoin('placements as x', 'x.id', 'a.placement_id')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('positions as pos', 'pos.id', 'p.position_id')
    .leftJoin('people as sb', 'sb.id', 'a.supervisor_by')
    .leftJoin('people as hb', 'hb.id', 'a.host_by')
    .selectAll('a')
    .select([
      'x.title as placement_title',
      'x.kind as placement_kind',
      'x.partner_id',
      'x.unit_id as placement_unit_id',
      'x.jp as placement_jp',
      'x.starts_on',
      'x.seats',
      'x.status as placement_status',
      'p.name as person_name',
      'p.supervisor_id as person_supervisor_id',
      'p.unit_id as person_unit_id',
      'u.name as unit_name',
      'pos.name as position_name',
      'sb.name as supervisor_name',
      'hb.name as host_name',
    ]);
}
export type ApplicationRow = Awaited<ReturnType<ReturnType<typeof applicationRows>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function applicationView(a: ApplicationRow): ApplicationT {
  return {
    id: a.id,
    placement: { id: a.placement_id, title: a.placement_title, kind: a.placement_kind },
    person: { id: a.person_id, name: a.person_name, unit: a.unit_name ?? null, position: a.position_name ?? null },
    status: a.status,
    motivation: a.motivation,
    supervisorDecision: a.supervisor_by !== null && a.supervisor_at ? { by: { id: a.supervisor_by, name: a.supervisor_name ?? '' }, at: iso(a.supervisor_at)!, note: a.supervisor_note } : null,
    hostDecision: a.host_by !== null && a.host_at ? { by: { id: a.host_by, name: a.host_name ?? '' }, at: iso(a.host_at)!, note: a.host_note } : null,
    report:
      a.reported_at && a.report_completed !== null
        ? { summary: a.report_summary ?? '', score: a.report_score, completed: a.report_completed, at: iso(a.reported_at)! }
        : null,
    jpAwarded: a.jp_awarded === null ? null : Number(a.jp_awarded),
    createdAt: iso(a.created_at)!,
  };
}

/** Past the supervisor: what a host sees (never an application its supervisor has not approved). */
export const pastSupervisor = (a: Pick<ApplicationRow, 'supervisor_at' | 'status' | 'host_at'>) =>
  a.supervisor_at !== null && a.status !== 'pending_supervisor' && (a.status !== 'declined' || a.host_at !== null);

/** Decides the applicant's supervisor step: their direct supervisor, or an admin of their office when they have none. */
export function canDecideAsSupervisor(v: Viewer, a: Pick<ApplicationRow, 'person_supervisor_id' | 'person_unit_id'>): boolean {
  if (a.person_supervisor_id !== null) return a.person_supervisor_id === v.user.id;
  if (!isAdmin(v)) return false;
  return v.adminScope === null || (a.person_unit_id !== null && v.adminScope.includes(a.person_unit_id));
}

/** Who may read an application: the applicant, whoever decides their supervisor step, and hosts once it is past the supervisor. */
export function canReadApplication(v: Viewer, a: ApplicationRow): boolean {
  if (a.person_id === v.user.id) return true;
  if (canDecideAsSupervisor(v, a)) return true;
  return pastSupervisor(a) && canManage(v, { partner_id: a.partner_id, unit_id: a.placement_unit_id });
}

export async function lockApplication(trx: Transaction<DB>, id: number) {
  const locked = await trx.selectFrom('placement_applications').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw applicationNotFound();
  return applicationRows(trx).where('a.id', '=', id).executeTakeFirstOrThrow();
}

/**
 * The host reported the placement completed (inside the reporting transaction): the placement's
 * JP and evidence of each of its competencies, at the level it develops.
 */
export async function recordCompletion(trx: Transaction<DB>, a: ApplicationRow, reporterId: number): Promise<void> {
  const jp = Number(a.placement_jp);
  await ensureJp(trx, { personId: a.person_id, source: 'placement', sourceId: a.placement_id, sourceRecordId: a.id, jp, title: a.placement_title, recordedBy: reporterId });
  const comps = await trx.selectFrom('placement_competencies').select(['competency_code', 'level']).where('placement_id', '=', a.placement_id).execute();
  for (const c of comps) {
    await ensureEvidence(trx, {
      personId: a.person_id,
      source: 'placement',
      sourceId: a.placement_id,
      sourceRecordId: a.id,
      code: c.competency_code,
      level: c.level,
      title: a.placement_title,
      detail: a.placement_kind === 'research' ? 'Riset' : 'Magang',
      recordedBy: reporterId,
    });
  }
}
