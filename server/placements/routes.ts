/**
 * Internship and research placements: hosts (a partner's users, or admins for an office) publish
 * them; civil servants apply; the supervisor approves; the host accepts and, at the end, reports —
 * a completed placement becomes JP and evidence.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql, type Transaction } from 'kysely';
import { partnerOnly } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { audit } from '../org/service.ts';
import { assertActiveAgreement, ownPartnerId, todayWib } from '../partners/service.ts';
import { AppError, ErrorBody, forbidden, invalid, text } from '../plugins/errors.ts';
import {
  Application,
  ApplicationCreate,
  Applications,
  HostDecision,
  IdParam,
  Placement,
  PlacementCreate,
  PlacementPatch,
  PlacementQuery,
  Report,
  SupervisorDecision,
} from './schemas.ts';
import {
  applicationNotFound,
  applicationRows,
  applicationView,
  canDecideAsSupervisor,
  canManage,
  canReadApplication,
  checkCompetencies,
  checkDates,
  isAdmin,
  lockApplication,
  notHost,
  pastSupervisor,
  placementNotFound,
  placementRows,
  placementViews,
  recordCompletion,
  seatsTaken,
  viewerOf,
  visiblePlacement,
  type Viewer,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const TAG = ['placements'];
const HOSTS = { roles: ['admin' as const], partner: true };

const wrongState = (id: string, en: string) => new AppError(409, 'wrong_state', text(id, en));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  async function view(v: Viewer, id: number) {
    const row = await placementRows(db).where('x.id', '=', id).executeTakeFirstOrThrow();
    return (await placementViews(db, v, [row]))[0]!;
  }

  async function writeCompetencies(trx: Transaction<DB>, placementId: number, list: { code: string; level: number }[]) {
    await trx.deleteFrom('placement_competencies').where('placement_id', '=', placementId).execute();
    if (list.length) await trx.insertInto('placement_competencies').values(list.map((c) => ({ placement_id: placementId, competency_code: c.code, level: c.level }))).execute();
  }

  // ---- Placements ------------------------------------------------------------------------------
  app.get(
    '/api/placements',
    {
      config: { partner: true },
      schema: {
        tags: TAG,
        summary: 'Placements: open ones for everyone signed in, and those I host in any status',
        querystring: PlacementQuery,
        response: { 200: Type.Object({ items: Type.Array(Placement) }), ...errors },
      },
    },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const { status, kind, q } = request.query;
      const partnerUser = partnerOnly(v.user);
      let query = placementRows(db).where((eb) => {
        const mine = [];
        if (v.user.partnerId) mine.push(eb('x.partner_id', '=', v.user.partnerId));
        if (isAdmin(v)) mine.push(v.adminScope === null ? eb.lit(true) : v.adminScope.length ? eb('x.unit_id', 'in', v.adminScope) : eb.lit(false));
        // Partner users see only their own partner's; everyone else also sees what is open.
        if (!partnerUser) mine.push(eb('x.status', '=', 'open'));
        return mine.length ? eb.or(mine) : eb.lit(false);
      });
      if (status) query = query.where('x.status', '=', status);
      if (kind) query = query.where('x.kind', '=', kind);
      if (q?.trim()) {
        const like = `%${q.trim().replace(/[\\%_]/g, '\\$&')}%`;
        query = query.where((eb) => eb.or([eb('x.title', 'ilike', like), eb('x.topic', 'ilike', like), eb('x.description', 'ilike', like)]));
      }
      const rows = await query.orderBy(sql`x.status = 'open' DESC`).orderBy('x.apply_by').orderBy('x.id').limit(500).execute();
      return { items: await placementViews(db, v, rows) };
    },
  );

  app.post(
    '/api/placements',
    {
      config: HOSTS,
      schema: {
        tags: TAG,
        summary: 'Publish a placement (admins for an office or a partner; partner users for their own partner, under an agreement in force)',
        body: PlacementCreate,
        response: { 201: Placement, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const v = await viewerOf(db, request.user!);
      checkDates(b);
      await checkCompetencies(db, b.competencies);
      let partnerId: number | null = null;
      let unitId: number | null = null;
      if (isAdmin(v)) {
        if (b.partnerId !== undefined) {
          partnerId = b.partnerId;
          const exists = await db.selectFrom('partners').select('id').where('id', '=', partnerId).executeTakeFirst();
          if (!exists) throw invalid(text('Mitra tidak dikenal.', 'Unknown partner.'));
        }
        unitId = b.hostUnitId ?? (partnerId === null ? v.user.place.unitId : null);
        if (partnerId === null && unitId === null) throw invalid(text('Pilih unit kerja penyelenggara.', 'Choose the hosting office.'));
        if (unitId !== null) {
          const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).where('active', '=', true).executeTakeFirst();
          if (!unit) throw invalid(text('Unit kerja tidak dikenal.', 'Unknown office.'));
          if (v.adminScope !== null && !v.adminScope.includes(unitId)) throw forbidden(text('Anda hanya dapat memakai unit kerja yang Anda kelola.', 'You can only use offices you administer.'));
        }
        if (v.adminScope !== null && partnerId !== null && unitId === null) throw forbidden();
      } else {
        if (b.hostUnitId !== undefined || b.partnerId !== undefined) throw invalid(text('Mitra tidak dapat memilih penyelenggara lain.', 'Partners cannot choose another host.'));
        if (b.status === 'draft') throw invalid(text('Hanya admin yang dapat menyimpan draf.', 'Only admins can save a draft.'));
        partnerId = ownPartnerId(v.user);
      }
      const status = b.status ?? 'open';
      const id = await db.transaction().execute(async (trx) => {
        if (status === 'open' && partnerId !== null && !isAdmin(v)) await assertActiveAgreement(trx, partnerId);
        const row = await trx
          .insertInto('placements')
          .values({
            kind: b.kind,
            title: b.title.trim(),
            topic: b.topic.trim(),
            description: b.description.trim(),
            partner_id: partnerId,
            unit_id: unitId,
            location: b.location.trim(),
            starts_on: b.startsOn,
            ends_on: b.endsOn,
            apply_by: b.applyBy,
            seats: b.seats,
            jp: b.jp,
            status,
            created_by: v.user.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeCompetencies(trx, row.id, b.competencies);
        await audit(trx, v.user.id, 'placement.create', String(row.id), { partnerId, unitId, status });
        return row.id;
      });
      return reply.status(201).send(await view(v, id));
    },
  );

  app.get(
    '/api/placements/:id',
    { config: { partner: true }, schema: { tags: TAG, summary: 'One placement', params: IdParam, response: { 200: Placement, ...errors } } },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const row = await visiblePlacement(db, v, request.params.id);
      return (await placementViews(db, v, [row]))[0]!;
    },
  );

  app.patch(
    '/api/placements/:id',
    { config: HOSTS, schema: { tags: TAG, summary: 'Change a placement, open, close or cancel it (hosts)', params: IdParam, body: PlacementPatch, response: { 200: Placement, ...errors } } },
    async (request) => {
      const b = request.body;
      const v = await viewerOf(db, request.user!);
      await db.transaction().execute(async (trx) => {
        const p = await trx.selectFrom('placements').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!p) throw placementNotFound();
        if (!canManage(v, p)) throw notHost();
        checkDates({ startsOn: b.startsOn ?? p.starts_on, endsOn: b.endsOn ?? p.ends_on, applyBy: b.applyBy ?? p.apply_by });
        if (b.competencies) await checkCompetencies(trx, b.competencies);
        if (b.status === 'draft' && !isAdmin(v)) throw invalid(text('Hanya admin yang dapat menyimpan draf.', 'Only admins can save a draft.'));
        if (b.status === 'open' && p.status !== 'open' && p.partner_id !== null && !isAdmin(v)) await assertActiveAgreement(trx, p.partner_id);
        if (b.seats !== undefined) {
          const taken = await seatsTaken(trx, p.id);
          if (b.seats < taken) throw new AppError(409, 'seats_taken', text(`Sudah ada ${taken} peserta diterima.`, `${taken} applicants are already accepted.`));
        }
        await trx
          .updateTable('placements')
          .set({
            ...(b.kind !== undefined && { kind: b.kind }),
            ...(b.title !== undefined && { title: b.title.trim() }),
            ...(b.topic !== undefined && { topic: b.topic.trim() }),
            ...(b.description !== undefined && { description: b.description.trim() }),
            ...(b.location !== undefined && { location: b.location.trim() }),
            ...(b.startsOn !== undefined && { starts_on: b.startsOn }),
            ...(b.endsOn !== undefined && { ends_on: b.endsOn }),
            ...(b.applyBy !== undefined && { apply_by: b.applyBy }),
            ...(b.seats !== undefined && { seats: b.seats }),
            ...(b.jp !== undefined && { jp: b.jp }),
            ...(b.status !== undefined && { status: b.status }),
            updated_at: sql`now()`,
          })
          .where('id', '=', p.id)
          .execute();
        if (b.competencies) await writeCompetencies(trx, p.id, b.competencies);
        await audit(trx, v.user.id, 'placement.update', String(p.id), b);
      });
      return view(v, request.params.id);
    },
  );

  // ---- Applications ----------------------------------------------------------------------------
  app.post(
    '/api/placements/:id/applications',
    {
      config: { roles: ['learner'] },
      schema: {
        tags: TAG,
        summary: 'Apply for an open placement before its deadline; my supervisor approves first',
        params: IdParam,
        body: ApplicationCreate,
        response: { 201: Application, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const motivation = request.body.motivation.trim();
      if (motivation.length < 20) throw invalid(text('Motivasi minimal 20 karakter.', 'The motivation needs at least 20 characters.'));
      const id = await db.transaction().execute(async (trx) => {
        const p = await trx.selectFrom('placements').select(['id', 'status', 'apply_by']).where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!p || p.status === 'draft') throw placementNotFound();
        if (p.status !== 'open') throw new AppError(409, 'placement_closed', text('Penempatan ini tidak menerima lamaran.', 'This placement is not taking applications.'));
        if (todayWib() > p.apply_by) throw new AppError(409, 'applications_closed', text('Batas waktu pendaftaran sudah lewat.', 'The application deadline has passed.'));
        const live = await trx
          .selectFrom('placement_applications')
          .select('id')
          .where('placement_id', '=', p.id)
          .where('person_id', '=', user.id)
          .where('status', 'not in', ['withdrawn', 'declined'])
          .executeTakeFirst();
        if (live) throw new AppError(409, 'already_applied', text('Anda sudah melamar penempatan ini.', 'You have already applied for this placement.'));
        const row = await trx
          .insertInto('placement_applications')
          .values({ placement_id: p.id, person_id: user.id, status: 'pending_supervisor', motivation })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
      return reply.status(201).send(applicationView(await applicationRows(db).where('a.id', '=', id).executeTakeFirstOrThrow()));
    },
  );

  app.get(
    '/api/placements/:id/applications',
    { config: HOSTS, schema: { tags: TAG, summary: 'Applications past the supervisor (hosts)', params: IdParam, response: { 200: Applications, ...errors } } },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const p = await db.selectFrom('placements').select(['id', 'partner_id', 'unit_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!p) throw placementNotFound();
      if (!canManage(v, p)) throw notHost();
      const rows = await applicationRows(db).where('a.placement_id', '=', p.id).where('a.supervisor_at', 'is not', null).orderBy('a.id').execute();
      return { items: rows.filter(pastSupervisor).map(applicationView) };
    },
  );

  app.get(
    '/api/me/placement-applications',
    { schema: { tags: TAG, summary: 'My placement applications', response: { 200: Applications, ...errors } } },
    async (request) => ({
      items: (await applicationRows(db).where('a.person_id', '=', request.user!.id).orderBy('a.id', 'desc').execute()).map(applicationView),
    }),
  );

  app.get(
    '/api/placement-applications/:id',
    { config: { partner: true }, schema: { tags: TAG, summary: 'One application (applicant, their supervisor, the host once approved)', params: IdParam, response: { 200: Application, ...errors } } },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const a = await applicationRows(db).where('a.id', '=', request.params.id).executeTakeFirst();
      if (!a) throw applicationNotFound();
      if (!canReadApplication(v, a)) throw forbidden();
      return applicationView(a);
    },
  );

  app.post(
    '/api/placement-applications/:id/withdraw',
    { schema: { tags: TAG, summary: 'Withdraw my application (before it is reported)', params: IdParam, response: { 200: Application, ...errors } } },
    async (request) => {
      const user = request.user!;
      await db.transaction().execute(async (trx) => {
        const a = await lockApplication(trx, request.params.id);
        if (a.person_id !== user.id) throw forbidden(text('Hanya pelamar yang dapat menarik lamarannya.', 'Only the applicant can withdraw an application.'));
        if (!['pending_supervisor', 'pending_host', 'accepted'].includes(a.status)) {
          throw wrongState('Lamaran ini tidak dapat ditarik lagi.', 'This application can no longer be withdrawn.');
        }
        await trx.updateTable('placement_applications').set({ status: 'withdrawn', updated_at: sql`now()` }).where('id', '=', a.id).execute();
      });
      return applicationView(await applicationRows(db).where('a.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  app.get(
    '/api/placement-approvals',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: { tags: TAG, summary: "Applications waiting for me: my team's (supervisors), those without a supervisor (admins)", response: { 200: Applications, ...errors } },
    },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const rows = await applicationRows(db)
        .where('a.status', '=', 'pending_supervisor')
        .where((eb) => {
          const ors = [eb('p.supervisor_id', '=', v.user.id)];
          if (isAdmin(v)) {
            ors.push(
              eb.and([
                eb('p.supervisor_id', 'is', null),
                v.adminScope === null ? eb.lit(true) : v.adminScope.length ? eb('p.unit_id', 'in', v.adminScope) : eb.lit(false),
              ]),
            );
          }
          return eb.or(ors);
        })
        .orderBy('a.id')
        .execute();
      return { items: rows.map(applicationView) };
    },
  );

  app.post(
    '/api/placement-applications/:id/supervisor-decision',
    {
      schema: {
        tags: TAG,
        summary: "Approve or refuse a team member's application (their supervisor; admins when they have none)",
        params: IdParam,
        body: SupervisorDecision,
        response: { 200: Application, ...errors },
      },
    },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const { approve } = request.body;
      const note = request.body.note?.trim() || null;
      if (!approve && !note) throw invalid(text('Tuliskan alasan penolakan.', 'Give a reason for refusing.'));
      await db.transaction().execute(async (trx) => {
        const a = await lockApplication(trx, request.params.id);
        if (!canDecideAsSupervisor(v, a)) throw forbidden(text('Hanya atasan langsung pelamar yang dapat memutuskan.', "Only the applicant's direct supervisor can decide."));
        if (a.status !== 'pending_supervisor') throw wrongState('Lamaran ini sudah diputuskan.', 'This application has already been decided.');
        await trx
          .updateTable('placement_applications')
          .set({ status: approve ? 'pending_host' : 'declined', supervisor_by: v.user.id, supervisor_at: sql`now()`, supervisor_note: note, updated_at: sql`now()` })
          .where('id', '=', a.id)
          .execute();
      });
      return applicationView(await applicationRows(db).where('a.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  app.post(
    '/api/placement-applications/:id/host-decision',
    {
      config: HOSTS,
      schema: { tags: TAG, summary: 'Accept or decline an applicant (host); accepting beyond the seats is refused', params: IdParam, body: HostDecision, response: { 200: Application, ...errors } },
    },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const { accept } = request.body;
      const note = request.body.note?.trim() || null;
      await db.transaction().execute(async (trx) => {
        const a = await lockApplication(trx, request.params.id);
        if (!canManage(v, { partner_id: a.partner_id, unit_id: a.placement_unit_id })) throw notHost();
        if (a.status !== 'pending_host') throw wrongState('Lamaran ini tidak sedang menunggu keputusan penyelenggara.', 'This application is not waiting for the host.');
        if (accept) {
          // The placement's row lock serialises acceptances: two hosts cannot both take the last seat.
          await trx.selectFrom('placements').select('id').where('id', '=', a.placement_id).forUpdate().executeTakeFirstOrThrow();
          if ((await seatsTaken(trx, a.placement_id)) >= a.seats) throw new AppError(409, 'placement_full', text('Semua kursi penempatan ini sudah terisi.', 'All seats of this placement are taken.'));
        }
        await trx
          .updateTable('placement_applications')
          .set({ status: accept ? 'accepted' : 'declined', host_by: v.user.id, host_at: sql`now()`, host_note: note, updated_at: sql`now()` })
          .where('id', '=', a.id)
          .execute();
      });
      return applicationView(await applicationRows(db).where('a.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  app.post(
    '/api/placement-applications/:id/report',
    {
      config: HOSTS,
      schema: {
        tags: TAG,
        summary: 'Report the outcome once the placement has started (host); completed writes JP and evidence',
        params: IdParam,
        body: Report,
        response: { 200: Application, ...errors },
      },
    },
    async (request) => {
      const v = await viewerOf(db, request.user!);
      const { completed, score } = request.body;
      const summary = request.body.summary.trim();
      if (summary.length < 20) throw invalid(text('Ringkasan minimal 20 karakter.', 'The summary needs at least 20 characters.'));
      await db.transaction().execute(async (trx) => {
        const a = await lockApplication(trx, request.params.id);
        if (!canManage(v, { partner_id: a.partner_id, unit_id: a.placement_unit_id })) throw notHost();
        if (a.status !== 'accepted') throw wrongState('Hanya peserta yang diterima yang dapat dilaporkan.', 'Only accepted applicants can be reported on.');
        if (todayWib() < a.starts_on) throw new AppError(409, 'not_started', text('Penempatan belum dimulai.', 'The placement has not started yet.'));
        const jp = completed ? Number(a.placement_jp) : null;
        await trx
          .updateTable('placement_applications')
          .set({
            status: completed ? 'completed' : 'not_completed',
            report_summary: summary,
            report_score: score ?? null,
            report_completed: completed,
            reported_by: v.user.id,
            reported_at: sql`now()`,
            jp_awarded: jp,
            updated_at: sql`now()`,
          })
          .where('id', '=', a.id)
          .execute();
        if (completed) await recordCompletion(trx, a, v.user.id);
        await audit(trx, v.user.id, 'placement.report', String(a.placement_id), { applicationId: a.id, completed });
      });
      return applicationView(await applicationRows(db).where('a.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );
};

export default routes;
