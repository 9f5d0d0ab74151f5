/** Reading webinars, their hosts, seats and registrations. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import type { DB, RegistrationStatus, WebinarsTable } from '../db/types.ts';
import type { JanusStatus } from './janus/gateway.ts';
import type { RegistrationT, WebinarT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type WebinarRow = Selectable<WebinarsTable>;

/** Statuses that hold a seat. */
export const SEATED: RegistrationStatus[] = ['registered', 'approved'];

export async function loadWebinar(db: Db, id: number): Promise<WebinarRow | undefined> {
  return db.selectFrom('webinars').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The webinar row, locked: every change to its registrations, seats or room goes through this lock. */
export async function lockWebinar(trx: Transaction<DB>, id: number): Promise<WebinarRow | undefined> {
  return trx.selectFrom('webinars').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function isCoHost(db: Db, webinarId: number, personId: number): Promise<boolean> {
  const row = await db.selectFrom('webinar_hosts').select('person_id').where('webinar_id', '=', webinarId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

export async function seatsTaken(db: Db, webinarId: number): Promise<number> {
  const row = await db
    .selectFrom('webinar_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('webinar_id', '=', webinarId)
    .where('status', 'in', SEATED)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Webinars assigned (by an admin) to this person's office, an office above it, or their position. */
export async function assignedWebinarIds(db: Db, user: Pick<AuthUser, 'place'>, webinarIds?: number[]): Promise<Set<number>> {
  const { unitId, positionId } = user.place;
  if (unitId === null && positionId === null) return new Set();
  if (webinarIds && webinarIds.length === 0) return new Set();
  const rows = await sql<{ webinar_id: number }>`
    WITH RECURSIVE up(id) AS (
      SELECT id FROM units WHERE id = ${unitId}
      UNION
      SELECT u.parent_id FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL
    )
    SELECT DISTINCT webinar_id FROM webinar_assignments
    WHERE (unit_id IN (SELECT id FROM up) OR position_id = ${positionId})
    ${webinarIds ? sql`AND webinar_id = ANY(${webinarIds}::bigint[])` : sql``}`.execute(db);
  return new Set(rows.rows.map((r) => r.webinar_id));
}

export async function listWebinarRows(db: Db, user: AuthUser, view: 'upcoming' | 'mine', limit: number): Promise<WebinarRow[]> {
  const partnerUser = !!user.partnerId && partnerOnly(user);
  if (view === 'upcoming') {
    return db
      .selectFrom('webinars')
      .selectAll()
      .where('status', 'in', ['scheduled', 'live'])
      .where('ends_at', '>', sql<Date>`now()`)
      // Partner users see their own partner's; a webinar waiting for the city's review only its partner, host and admins.
      .where((eb) =>
        partnerUser
          ? eb.or([eb('partner_id', '=', user.partnerId!), eb('host_id', '=', user.id)])
          : user.roles.includes('admin')
            ? eb.lit(true)
            : eb.or([eb('review_state', '=', 'approved'), eb('host_id', '=', user.id), ...(user.partnerId ? [eb('partner_id', '=', user.partnerId)] : [])]),
      )
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }
  const assigned = [...(await assignedWebinarIds(db, user))];
  return db
    .selectFrom('webinars as w')
    .selectAll('w')
    .where((eb) =>
      eb.or([
        eb('w.host_id', '=', user.id),
        eb.exists(eb.selectFrom('webinar_hosts as h').select('h.person_id').whereRef('h.webinar_id', '=', 'w.id').where('h.person_id', '=', user.id)),
        eb.exists(
          eb
            .selectFrom('webinar_registrations as r')
            .select('r.id')
            .whereRef('r.webinar_id', '=', 'w.id')
            .where('r.person_id', '=', user.id)
            .where('r.status', 'not in', ['cancelled', 'declined']),
        ),
        ...(assigned.length ? [eb('w.id', 'in', assigned)] : []),
        ...(user.partnerId ? [eb('w.partner_id', '=', user.partnerId)] : []),
      ]),
    )
    .orderBy('w.starts_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}

/** Waiting-list places (1 = next) of the waitlisted registrations of these webinars. */
async function waitlistPlaces(db: Db, webinarIds: number[]): Promise<Map<number, number>> {
  if (webinarIds.length === 0) return new Map();
  const rows = await sql<{ id: number; place: number }>`
    SELECT id, row_number() OVER (PARTITION BY webinar_id ORDER BY waitlisted_at, id)::int AS place
    FROM webinar_registrations WHERE status = 'waitlisted' AND webinar_id = ANY(${webinarIds}::bigint[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.place]));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The views of these webinars for this person, read in a few queries whatever their number. */
export async function webinarViews(db: Db, rows: WebinarRow[], user: AuthUser, liveVideo: JanusStatus): Promise<WebinarT[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const partnerIds = [...new Set(rows.map((r) => r.partner_id).filter((p): p is number => p !== null))];
  const [people, coHosts, competencies, counts, mine, assigned, places, partners] = await Promise.all([
    db.selectFrom('people').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.host_id))]).execute(),
    db.selectFrom('webinar_hosts as h').innerJoin('people as p', 'p.id', 'h.person_id').select(['h.webinar_id', 'p.id', 'p.name']).where('h.webinar_id', 'in', ids).orderBy('p.name').execute(),
    db.selectFrom('webinar_competencies').selectAll().where('webinar_id', 'in', ids).orderBy('competency_code').execute(),
    db
      .selectFrom('webinar_registrations')
      .select(['webinar_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('webinar_id', 'in', ids)
      .groupBy(['webinar_id', 'status'])
      .execute(),
    db.selectFrom('webinar_registrations').select(['id', 'webinar_id', 'status']).where('webinar_id', 'in', ids).where('person_id', '=', user.id).execute(),
    assignedWebinarIds(db, user, ids),
    waitlistPlaces(db, ids),
    partnerIds.length ? db.selectFrom('partners').select(['id', 'name']).where('id', 'in', partnerIds).execute() : Promise.resolve([]),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const isAdmin = user.roles.includes('admin');
  return rows.map((w) => {
    const n = (s: RegistrationStatus) => Number(counts.find((c) => c.webinar_id === w.id && c.status === s)?.n ?? 0);
    const taken = n('registered') + n('approved');
    const cohosts = coHosts.filter((h) => h.webinar_id === w.id).map((h) => ({ id: h.id, name: h.name }));
    const reg = mine.find((m) => m.webinar_id === w.id);
    const owner = w.host_id === user.id || (w.partner_id !== null && w.partner_id === user.partnerId);
    return {
      id: w.id,
      title: w.title,
      description: w.description,
      startsAt: w.starts_at.toISOString(),
      endsAt: w.ends_at.toISOString(),
      capacity: w.capacity,
      jp: Number(w.jp),
      competencies: competencies.filter((c) => c.webinar_id === w.id).map((c) => ({ code: c.competency_code, level: c.level })),
      courseId: w.course_id,
      quizId: w.quiz_id,
      approvalRequired: w.approval_required,
      attendanceThresholdPct: Number(w.attendance_threshold_pct),
      record: w.record,
      status: w.status,
      host: { id: w.host_id, name: names.get(w.host_id) ?? '' },
      coHosts: cohosts,
      seats: { taken, free: Math.max(0, w.capacity - taken), waitlisted: n('waitlisted'), pending: n('pending_approval') },
      me: {
        canEdit: owner || isAdmin,
        canHost: owner || isAdmin || cohosts.some((h) => h.id === user.id),
        assigned: assigned.has(w.id),
        registration: reg ? { id: reg.id, status: reg.status, waitlistPosition: places.get(reg.id) ?? null } : null,
      },
      liveVideo,
      openedAt: iso(w.opened_at),
      endedAt: iso(w.ended_at),
      cancelledAt: iso(w.cancelled_at),
      cancelReason: w.cancel_reason,
      partner: w.partner_id !== null ? { id: w.partner_id, name: partners.find((p) => p.id === w.partner_id)?.name ?? '' } : null,
      reviewState: w.review_state,
      reviewNote: w.review_note,
      createdAt: w.created_at.toISOString(),
      updatedAt: w.updated_at.toISOString(),
    };
  });
}

export async function registrationViews(db: Db, webinarId: number, where: { id?: number; personId?: number } = {}): Promise<RegistrationT[]> {
  let q = db
    .selectFrom('webinar_registrations as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.webinar_id', 'r.status', 'r.created_at', 'r.updated_at', 'p.id as person_id', 'p.name'])
    .where('r.webinar_id', '=', webinarId);
  if (where.id !== undefined) q = q.where('r.id', '=', where.id);
  if (where.personId !== undefined) q = q.where('r.person_id', '=', where.personId);
  const [rows, places] = await Promise.all([q.orderBy('r.created_at').orderBy('r.id').execute(), waitlistPlaces(db, [webinarId])]);
  return rows.map((r) => ({
    id: r.id,
    webinarId: r.webinar_id,
    person: { id: r.person_id, name: r.name },
    status: r.status,
    waitlistPosition: places.get(r.id) ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
