/**
 * Scheduling webinars and registering for them. Every change to a webinar's registrations or
 * seats locks the webinar's row first, so concurrent registrations never overfill it and a
 * freed seat goes to the first person waiting, in the same transaction that freed it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import type { DB, RegistrationStatus } from '../db/types.ts';
import { adminUnitIds } from '../org/service.ts';
import { assertActiveAgreement, sharesPartner } from '../partners/service.ts';
import { AppError, conflict, forbidden, invalid, text } from '../plugins/errors.ts';
import { assignedWebinarIds, isCoHost, lockWebinar, SEATED, seatsTaken, type WebinarRow } from './queries.ts';
import type { WebinarCreateT, WebinarPatchT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Longest a single webinar may be scheduled for. */
const MAX_HOURS = 12;

export const webinarNotFound = () => new AppError(404, 'webinar_not_found', text('Webinar tidak ditemukan.', 'Webinar not found.'));
export const registrationNotFound = () => new AppError(404, 'registration_not_found', text('Pendaftaran tidak ditemukan.', 'Registration not found.'));
export const webinarClosed = (w: Pick<WebinarRow, 'status'>) =>
  new AppError(
    409,
    'webinar_closed',
    w.status === 'cancelled' ? text('Webinar ini dibatalkan.', 'This webinar was cancelled.') : text('Webinar ini sudah selesai.', 'This webinar has ended.'),
  );

/** May edit and cancel: the owner, colleagues of the partner it belongs to, or an admin. */
export function canEdit(w: WebinarRow, user: AuthUser): boolean {
  return w.host_id === user.id || user.roles.includes('admin') || sharesPartner(user, w.partner_id);
}

/**
 * Whether this person may know of the webinar at all: a partner's webinar waiting for (or
 * returned by) the city's review shows only to its partner, its hosts and admins.
 */
export function canSeeWebinar(w: Pick<WebinarRow, 'review_state' | 'partner_id' | 'host_id'>, user: AuthUser): boolean {
  if (user.partnerId && partnerOnly(user) && w.partner_id !== user.partnerId && w.host_id !== user.id) return false;
  return w.review_state === 'approved' || w.host_id === user.id || user.roles.includes('admin') || sharesPartner(user, w.partner_id);
}

/** May run the room and decide registrations: the owner, a co-host or an admin. */
export async function canHost(db: Db, w: WebinarRow, user: AuthUser): Promise<boolean> {
  return canEdit(w, user) || (await isCoHost(db, w.id, user.id));
}

interface Schedule {
  startsAt: Date;
  endsAt: Date;
}

function checkSchedule(s: Schedule, changed: boolean) {
  if (Number.isNaN(s.startsAt.getTime()) || Number.isNaN(s.endsAt.getTime())) throw invalid(text('Waktu tidak valid.', 'Invalid time.'));
  if (s.endsAt <= s.startsAt) throw invalid(text('Waktu selesai harus setelah waktu mulai.', 'The end must come after the start.'));
  if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_HOURS * 3600_000) {
    throw invalid(text(`Webinar paling lama ${MAX_HOURS} jam.`, `A webinar lasts at most ${MAX_HOURS} hours.`));
  }
  if (changed && s.endsAt.getTime() <= Date.now()) throw invalid(text('Waktu selesai sudah lewat.', 'The end time has already passed.'));
}

async function checkReferences(db: Db, input: Pick<WebinarPatchT, 'competencies' | 'courseId' | 'quizId' | 'coHostIds'>, hostId: number) {
  const problems: string[] = [];
  if (input.competencies?.length) {
    const codes = input.competencies.map((c) => c.code);
    if (new Set(codes).size !== codes.length) problems.push('a competency appears twice');
    const known = new Set((await db.selectFrom('competencies').select('code').where('code', 'in', codes).where('retired_at', 'is', null).execute()).map((r) => r.code));
    for (const c of codes) if (!known.has(c)) problems.push(`${c}: not a competency of the city's frameworks`);
  }
  if (input.courseId != null && !(await db.selectFrom('courses').select('id').where('id', '=', input.courseId).executeTakeFirst())) problems.push(`course ${input.courseId} does not exist`);
  if (input.quizId != null && !(await db.selectFrom('quizzes').select('id').where('id', '=', input.quizId).executeTakeFirst())) problems.push(`quiz ${input.quizId} does not exist`);
  if (input.coHostIds?.length) {
    if (input.coHostIds.includes(hostId)) problems.push('the host cannot also be a co-host');
    const found = await db.selectFrom('people').select('id').where('id', 'in', input.coHostIds).where('active', '=', true).execute();
    if (found.length !== input.coHostIds.length) problems.push('a co-host is not an active person');
  }
  if (problems.length) throw invalid(text(`Isian tidak valid: ${problems.join('; ')}.`, `Invalid input: ${problems.join('; ')}.`), problems);
}

async function setCompetencies(trx: Transaction<DB>, webinarId: number, list: { code: string; level: number }[]) {
  await trx.deleteFrom('webinar_competencies').where('webinar_id', '=', webinarId).execute();
  if (list.length) await trx.insertInto('webinar_competencies').values(list.map((c) => ({ webinar_id: webinarId, competency_code: c.code, level: c.level }))).execute();
}

async function setCoHosts(trx: Transaction<DB>, webinarId: number, ids: number[]) {
  await trx.deleteFrom('webinar_hosts').where('webinar_id', '=', webinarId).execute();
  if (ids.length) await trx.insertInto('webinar_hosts').values(ids.map((person_id) => ({ webinar_id: webinarId, person_id }))).execute();
}

export async function createWebinar(db: Kysely<DB>, user: AuthUser, input: WebinarCreateT): Promise<number> {
  const schedule = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
  checkSchedule(schedule, true);
  await checkReferences(db, input, user.id);
  // A partner user's webinar belongs to their partner and waits for the city's review.
  const partnerId = user.roles.includes('admin') ? null : (user.partnerId ?? null);
  return db.transaction().execute(async (trx) => {
    if (partnerId !== null) await assertActiveAgreement(trx, partnerId);
    const { id } = await trx
      .insertInto('webinars')
      .values({
        title: input.title.trim(),
        description: input.description ?? '',
        starts_at: schedule.startsAt,
        ends_at: schedule.endsAt,
        capacity: input.capacity,
        jp: input.jp,
        course_id: input.courseId ?? null,
        quiz_id: input.quizId ?? null,
        approval_required: input.approvalRequired ?? false,
        record: input.record ?? false,
        ...(input.attendanceThresholdPct !== undefined ? { attendance_threshold_pct: input.attendanceThresholdPct } : {}),
        host_id: user.id,
        created_by: user.id,
        ...(partnerId !== null && { partner_id: partnerId, review_state: 'pending' as const }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setCompetencies(trx, id, input.competencies ?? []);
    await setCoHosts(trx, id, input.coHostIds ?? []);
    return id;
  });
}

export async function updateWebinar(db: Kysely<DB>, user: AuthUser, id: number, patch: WebinarPatchT): Promise<void> {
  await checkReferences(db, patch, (await db.selectFrom('webinars').select('host_id').where('id', '=', id).executeTakeFirst())?.host_id ?? user.id);
  await db.transaction().execute(async (trx) => {
    const w = await lockWebinar(trx, id);
    if (!w) throw webinarNotFound();
    if (!canEdit(w, user)) throw forbidden(text('Hanya penyelenggara webinar yang dapat mengubahnya.', 'Only the webinar’s host can change it.'));
    if (w.status === 'ended' || w.status === 'cancelled') throw webinarClosed(w);
    const timesChanged = patch.startsAt !== undefined || patch.endsAt !== undefined;
    const schedule = { startsAt: patch.startsAt ? new Date(patch.startsAt) : w.starts_at, endsAt: patch.endsAt ? new Date(patch.endsAt) : w.ends_at };
    if (timesChanged) checkSchedule(schedule, true);
    if (patch.capacity !== undefined) {
      const taken = await seatsTaken(trx, id);
      if (patch.capacity < taken) {
        throw conflict(
          text(`Sudah ${taken} peserta memegang kursi; kapasitas tidak bisa di bawah itu.`, `${taken} people already hold seats; the capacity cannot go below that.`),
          { taken },
        );
      }
    }
    const calendarChanged = timesChanged || patch.title !== undefined || patch.description !== undefined;
    await trx
      .updateTable('webinars')
      .set({
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(timesChanged ? { starts_at: schedule.startsAt, ends_at: schedule.endsAt } : {}),
        ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
        ...(patch.jp !== undefined ? { jp: patch.jp } : {}),
        ...(patch.courseId !== undefined ? { course_id: patch.courseId } : {}),
        ...(patch.quizId !== undefined ? { quiz_id: patch.quizId } : {}),
        ...(patch.approvalRequired !== undefined ? { approval_required: patch.approvalRequired } : {}),
        ...(patch.attendanceThresholdPct !== undefined ? { attendance_threshold_pct: patch.attendanceThresholdPct } : {}),
        ...(patch.record !== undefined ? { record: patch.record } : {}),
        ...(calendarChanged ? { sequence: sql<number>`sequence + 1` } : {}),
        // Changed after the city returned it: back to the review.
        ...(w.review_state === 'returned' && !user.roles.includes('admin') ? { review_state: 'pending' as const } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
    if (patch.competencies !== undefined) await setCompetencies(trx, id, patch.competencies);
    if (patch.coHostIds !== undefined) await setCoHosts(trx, id, patch.coHostIds);
    if (patch.capacity !== undefined && patch.capacity > w.capacity) await fillSeats(trx, { ...w, capacity: patch.capacity });
  });
}

export async function cancelWebinar(db: Kysely<DB>, user: AuthUser, id: number, reason: string | undefined): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const w = await lockWebinar(trx, id);
    if (!w) throw webinarNotFound();
    if (!canEdit(w, user)) throw forbidden(text('Hanya penyelenggara webinar yang dapat membatalkannya.', 'Only the webinar’s host can cancel it.'));
    if (w.status === 'cancelled') return;
    if (w.status !== 'scheduled') {
      throw conflict(text('Webinar yang sedang berlangsung atau sudah selesai tidak bisa dibatalkan; akhiri saja.', 'A webinar that is live or over cannot be cancelled; end it instead.'));
    }
    await trx
      .updateTable('webinars')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()`, cancel_reason: reason?.trim() || null, sequence: sql<number>`sequence + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  });
}

/**
 * Gives free seats to the people waiting, first come first served. The caller holds the
 * webinar's lock. Those promoted had been let in (approved, or no approval needed).
 */
export async function fillSeats(trx: Transaction<DB>, w: Pick<WebinarRow, 'id' | 'capacity' | 'approval_required'>): Promise<number[]> {
  const free = w.capacity - (await seatsTaken(trx, w.id));
  if (free <= 0) return [];
  const next = await trx
    .selectFrom('webinar_registrations')
    .select('id')
    .where('webinar_id', '=', w.id)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlisted_at')
    .orderBy('id')
    .limit(free)
    .execute();
  if (next.length === 0) return [];
  const ids = next.map((r) => r.id);
  await trx
    .updateTable('webinar_registrations')
    .set({ status: w.approval_required ? 'approved' : 'registered', waitlisted_at: null, updated_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
  return ids;
}

/** Registers the person: a seat when one is free, else the waiting list; pending when the host must approve. */
export async function register(db: Kysely<DB>, user: AuthUser, webinarId: number): Promise<{ id: number; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const w = await lockWebinar(trx, webinarId);
    if (!w || !canSeeWebinar(w, user)) throw webinarNotFound();
    if (w.status === 'ended' || w.status === 'cancelled') throw webinarClosed(w);
    if (w.review_state !== 'approved') {
      throw new AppError(409, 'webinar_not_approved', text('Webinar ini belum disetujui admin kota.', 'This webinar has not been approved by the city yet.'));
    }
    const existing = await trx
      .selectFrom('webinar_registrations')
      .select(['id', 'status'])
      .where('webinar_id', '=', webinarId)
      .where('person_id', '=', user.id)
      .executeTakeFirst();
    if (existing && existing.status !== 'cancelled') return { id: existing.id, created: false };
    // People the webinar was assigned to are expected: they need no approval.
    const assigned = (await assignedWebinarIds(trx, user, [webinarId])).has(webinarId);
    let status: RegistrationStatus;
    if (w.approval_required && !assigned) status = 'pending_approval';
    else status = (await seatsTaken(trx, webinarId)) < w.capacity ? (w.approval_required ? 'approved' : 'registered') : 'waitlisted';
    const values = { status, waitlisted_at: status === 'waitlisted' ? sql<Date>`clock_timestamp()` : null, decided_by: null, decided_at: null };
    if (existing) {
      await trx
        .updateTable('webinar_registrations')
        .set({ ...values, updated_at: sql<Date>`now()` })
        .where('id', '=', existing.id)
        .execute();
      return { id: existing.id, created: true };
    }
    const { id } = await trx
      .insertInto('webinar_registrations')
      .values({ webinar_id: webinarId, person_id: user.id, ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, created: true };
  });
}

/** Withdraws the person's registration; a seat it held goes to the first person waiting. */
export async function unregister(db: Kysely<DB>, user: AuthUser, webinarId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const w = await lockWebinar(trx, webinarId);
    if (!w) throw webinarNotFound();
    if (w.status === 'ended') throw webinarClosed(w);
    const reg = await trx
      .selectFrom('webinar_registrations')
      .select(['id', 'status'])
      .where('webinar_id', '=', webinarId)
      .where('person_id', '=', user.id)
      .executeTakeFirst();
    if (!reg || reg.status === 'cancelled' || reg.status === 'declined') {
      throw new AppError(404, 'registration_not_found', text('Anda tidak terdaftar di webinar ini.', 'You are not registered for this webinar.'));
    }
    await trx
      .updateTable('webinar_registrations')
      .set({ status: 'cancelled', waitlisted_at: null, updated_at: sql<Date>`now()` })
      .where('id', '=', reg.id)
      .execute();
    if (SEATED.includes(reg.status) && w.status !== 'cancelled') await fillSeats(trx, w);
    return reg.id;
  });
}

/** A host lets a registration in (a seat, or the waiting list when full) or turns it down (freeing its seat). */
export async function decide(db: Kysely<DB>, user: AuthUser, webinarId: number, registrationId: number, decision: 'approve' | 'decline'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const w = await lockWebinar(trx, webinarId);
    if (!w) throw webinarNotFound();
    if (!(await canHost(trx, w, user))) throw forbidden(text('Hanya penyelenggara yang dapat memutuskan pendaftaran.', 'Only the hosts can decide registrations.'));
    if (w.status === 'ended' || w.status === 'cancelled') throw webinarClosed(w);
    const reg = await trx
      .selectFrom('webinar_registrations')
      .select(['id', 'status'])
      .where('id', '=', registrationId)
      .where('webinar_id', '=', webinarId)
      .executeTakeFirst();
    if (!reg) throw registrationNotFound();
    const decided = { decided_by: user.id, decided_at: sql<Date>`now()`, updated_at: sql<Date>`now()` };
    if (decision === 'approve') {
      if (reg.status !== 'pending_approval' && reg.status !== 'declined') {
        throw conflict(text('Pendaftaran ini tidak sedang menunggu persetujuan.', 'This registration is not waiting for approval.'), { status: reg.status });
      }
      const seat = (await seatsTaken(trx, webinarId)) < w.capacity;
      await trx
        .updateTable('webinar_registrations')
        .set({ ...decided, status: seat ? 'approved' : 'waitlisted', waitlisted_at: seat ? null : sql<Date>`clock_timestamp()` })
        .where('id', '=', reg.id)
        .execute();
      return;
    }
    if (reg.status === 'cancelled' || reg.status === 'declined') {
      throw conflict(text('Pendaftaran ini sudah dibatalkan atau ditolak.', 'This registration is already cancelled or declined.'), { status: reg.status });
    }
    await trx
      .updateTable('webinar_registrations')
      .set({ ...decided, status: 'declined', waitlisted_at: null })
      .where('id', '=', reg.id)
      .execute();
    if (SEATED.includes(reg.status)) await fillSeats(trx, w);
  });
}

/** An admin may assign a webinar to offices within their scope, or to positions of those offices. */
export async function addAssignment(db: Kysely<DB>, user: AuthUser, webinarId: number, target: { unitId?: number; positionId?: number }): Promise<number> {
  const w = await db.selectFrom('webinars').select(['id', 'status']).where('id', '=', webinarId).executeTakeFirst();
  if (!w) throw webinarNotFound();
  if (w.status === 'ended' || w.status === 'cancelled') throw webinarClosed(w);
  const scope = await adminUnitIds(db, user);
  let unitOfTarget: number | null = null;
  if (target.unitId !== undefined) {
    const unit = await db.selectFrom('units').select('id').where('id', '=', target.unitId).executeTakeFirst();
    if (!unit) throw invalid(text('Unit kerja tidak ditemukan.', 'No such office.'));
    unitOfTarget = unit.id;
  } else {
    const position = await db.selectFrom('positions').select(['id', 'unit_id']).where('id', '=', target.positionId!).executeTakeFirst();
    if (!position) throw invalid(text('Jabatan tidak ditemukan.', 'No such position.'));
    unitOfTarget = position.unit_id;
  }
  if (scope !== null && !scope.includes(unitOfTarget)) throw forbidden(text('Unit kerja ini di luar wewenang Anda.', 'This office is outside your scope.'));
  const row = await db
    .insertInto('webinar_assignments')
    .values({ webinar_id: webinarId, unit_id: target.unitId ?? null, position_id: target.positionId ?? null, assigned_by: user.id })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  const existing = await db
    .selectFrom('webinar_assignments')
    .select('id')
    .where('webinar_id', '=', webinarId)
    .where('unit_id', target.unitId === undefined ? 'is' : '=', target.unitId ?? null)
    .where('position_id', target.positionId === undefined ? 'is' : '=', target.positionId ?? null)
    .executeTakeFirstOrThrow();
  return existing.id;
}

export async function removeAssignment(db: Kysely<DB>, user: AuthUser, webinarId: number, assignmentId: number): Promise<void> {
  const a = await db
    .selectFrom('webinar_assignments as a')
    .leftJoin('positions as p', 'p.id', 'a.position_id')
    .select(['a.id', 'a.unit_id', 'p.unit_id as position_unit_id'])
    .where('a.id', '=', assignmentId)
    .where('a.webinar_id', '=', webinarId)
    .executeTakeFirst();
  if (!a) throw new AppError(404, 'assignment_not_found', text('Penugasan tidak ditemukan.', 'Assignment not found.'));
  const scope = await adminUnitIds(db, user);
  if (scope !== null && !scope.includes((a.unit_id ?? a.position_unit_id)!)) throw forbidden(text('Unit kerja ini di luar wewenang Anda.', 'This office is outside your scope.'));
  await db.deleteFrom('webinar_assignments').where('id', '=', assignmentId).execute();
}

export async function listAssignments(db: Db, webinarId: number) {
  const rows = await db
    .selectFrom('webinar_assignments as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('positions as p', 'p.id', 'a.position_id')
    .select(['a.id', 'a.webinar_id', 'a.created_at', 'u.id as unit_id', 'u.code as unit_code', 'u.name as unit_name', 'p.id as position_id', 'p.name as position_name'])
    .where('a.webinar_id', '=', webinarId)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    webinarId: r.webinar_id,
    unit: r.unit_id !== null ? { id: r.unit_id, code: r.unit_code!, name: r.unit_name! } : null,
    position: r.position_id !== null ? { id: r.position_id, name: r.position_name! } : null,
    createdAt: r.created_at.toISOString(),
  }));
}
