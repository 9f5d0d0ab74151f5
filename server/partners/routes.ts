/**
 * Partner institutions (admin), their agreements and users, the partner user's own home, and
 * the list of partners civil servants pick from when claiming prior learning.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { hashPassword } from '../auth/password.ts';
import { partnerOnly } from '../auth/sessions.ts';
import { audit } from '../org/service.ts';
import { realDay } from '../placements/service.ts';
import { AppError, conflict, ErrorBody, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import {
  AgreementCreate,
  Agreement,
  AgreementParams,
  IdParam,
  MemberAdded,
  MemberCreate,
  MemberParams,
  Partner,
  PartnerCreate,
  PartnerHome,
  PartnerOption,
  PartnerPatch,
} from './schemas.ts';
import { agreementStatus, ownPartnerId, partnerNotFound, partnerView, partnerViews, temporaryPassword } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const TAG = ['partners'];
const ADMIN = { roles: ['admin' as const] };

const nameTaken = () => conflict(text('Nama mitra sudah dipakai.', 'A partner with this name already exists.'));
const uniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  async function assertPartnerExists(id: number) {
    const row = await db.selectFrom('partners').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw partnerNotFound();
  }

  app.get(
    '/api/partners',
    { config: ADMIN, schema: { tags: TAG, summary: 'All partner institutions (admin)', response: { 200: Type.Object({ items: Type.Array(Partner) }), ...errors } } },
    async () => {
      const ids = (await db.selectFrom('partners').select('id').execute()).map((r) => r.id);
      return { items: await partnerViews(db, ids) };
    },
  );

  app.get(
    '/api/partners/options',
    {
      schema: {
        tags: TAG,
        summary: 'Active partners to choose from (e.g. as the provider of prior learning)',
        response: { 200: Type.Object({ items: Type.Array(PartnerOption) }), ...errors },
      },
    },
    async () => ({
      items: await db.selectFrom('partners').select(['id', 'name', 'kind']).where('active', '=', true).orderBy(sql`lower(name)`).execute(),
    }),
  );

  app.post(
    '/api/partners',
    { config: ADMIN, schema: { tags: TAG, summary: 'Register a partner institution (admin)', body: PartnerCreate, response: { 201: Partner, ...errors } } },
    async (request, reply) => {
      const b = request.body;
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .insertInto('partners')
            .values({
              name: b.name.trim(),
              kind: b.kind,
              website: b.website?.trim() ?? '',
              contact_email: b.contactEmail?.trim().toLowerCase() ?? '',
              description: b.description?.trim() ?? '',
              created_by: request.user!.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit(trx, request.user!.id, 'partner.create', String(row.id), { name: b.name.trim() });
          return row.id;
        })
        .catch((err) => {
          throw uniqueViolation(err) ? nameTaken() : err;
        });
      return reply.status(201).send(await partnerView(db, id));
    },
  );

  app.get(
    '/api/partners/:id',
    { config: { partner: true }, schema: { tags: TAG, summary: 'One partner (admins, and its own members)', params: IdParam, response: { 200: Partner, ...errors } } },
    async (request) => {
      const user = request.user!;
      if (!user.roles.includes('admin') && user.partnerId !== request.params.id) {
        throw partnerOnly(user) || user.partnerId ? forbidden() : partnerNotFound();
      }
      return partnerView(db, request.params.id);
    },
  );

  app.patch(
    '/api/partners/:id',
    { config: ADMIN, schema: { tags: TAG, summary: 'Change a partner (admin)', params: IdParam, body: PartnerPatch, response: { 200: Partner, ...errors } } },
    async (request) => {
      const b = request.body;
      await db
        .transaction()
        .execute(async (trx) => {
          const updated = await trx
            .updateTable('partners')
            .set({
              ...(b.name !== undefined && { name: b.name.trim() }),
              ...(b.kind !== undefined && { kind: b.kind }),
              ...(b.website !== undefined && { website: b.website.trim() }),
              ...(b.contactEmail !== undefined && { contact_email: b.contactEmail.trim().toLowerCase() }),
              ...(b.description !== undefined && { description: b.description.trim() }),
              ...(b.active !== undefined && { active: b.active }),
              updated_at: sql`now()`,
            })
            .where('id', '=', request.params.id)
            .returning('id')
            .executeTakeFirst();
          if (!updated) throw partnerNotFound();
          await audit(trx, request.user!.id, 'partner.update', String(request.params.id), b);
        })
        .catch((err) => {
          throw uniqueViolation(err) ? nameTaken() : err;
        });
      return partnerView(db, request.params.id);
    },
  );

  // ---- Agreements ------------------------------------------------------------------------------
  app.post(
    '/api/partners/:id/agreements',
    {
      config: ADMIN,
      schema: { tags: TAG, summary: 'Record an agreement (MoU, PKS …) with its period (admin)', params: IdParam, body: AgreementCreate, response: { 201: Agreement, ...errors } },
    },
    async (request, reply) => {
      const b = request.body;
      if (!realDay(b.startsOn) || !realDay(b.endsOn)) throw invalid(text('Tanggal tidak valid.', 'Invalid date.'));
      if (b.endsOn < b.startsOn) throw invalid(text('Tanggal berakhir harus sesudah tanggal mulai.', 'The end date must be after the start date.'));
      await assertPartnerExists(request.params.id);
      const row = await db.transaction().execute(async (trx) => {
        const a = await trx
          .insertInto('partner_agreements')
          .values({
            partner_id: request.params.id,
            kind: b.kind,
            number: b.number.trim(),
            title: b.title.trim(),
            starts_on: b.startsOn,
            ends_on: b.endsOn,
            scope: b.scope.trim(),
            created_by: request.user!.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, request.user!.id, 'partner.agreement_add', String(request.params.id), { agreementId: a.id, number: a.number });
        return a;
      });
      return reply.status(201).send({
        id: row.id,
        kind: row.kind,
        number: row.number,
        title: row.title,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        scope: row.scope,
        status: agreementStatus(row),
      });
    },
  );

  app.delete(
    '/api/partners/:id/agreements/:agreementId',
    { config: ADMIN, schema: { tags: TAG, summary: 'Delete an agreement recorded by mistake (admin)', params: AgreementParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id, agreementId } = request.params;
      await db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom('partner_agreements').where('id', '=', agreementId).where('partner_id', '=', id).returning('number').executeTakeFirst();
        if (!gone) throw notFound(text('Perjanjian tidak ditemukan.', 'Agreement not found.'));
        await audit(trx, request.user!.id, 'partner.agreement_delete', String(id), { agreementId, number: gone.number });
      });
      return reply.status(204).send(null);
    },
  );

  // ---- Members ---------------------------------------------------------------------------------
  app.post(
    '/api/partners/:id/members',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Add a partner user: a new account with a temporary password, or an existing partner account (admin)',
        params: IdParam,
        body: MemberCreate,
        response: { 201: MemberAdded, ...errors },
      },
    },
    async (request, reply) => {
      const partnerId = request.params.id;
      const email = request.body.email.trim().toLowerCase();
      const name = request.body.name.trim();
      await assertPartnerExists(partnerId);
      const password = temporaryPassword();
      const hash = await hashPassword(password);
      const result = await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('people').select(['id', 'name', 'email']).where('email', '=', email).forUpdate().executeTakeFirst();
        if (existing) {
          const roles = (await trx.selectFrom('person_roles').select('role').where('person_id', '=', existing.id).execute()).map((r) => r.role);
          if (!partnerOnly({ roles })) {
            throw new AppError(
              409,
              'not_a_partner_account',
              text('E-mail ini milik akun pegawai kota, bukan akun mitra.', 'This e-mail belongs to a city staff account, not a partner account.'),
            );
          }
          const membership = await trx.selectFrom('partner_members').select('partner_id').where('person_id', '=', existing.id).where('active', '=', true).executeTakeFirst();
          if (membership) {
            throw new AppError(
              409,
              membership.partner_id === partnerId ? 'already_member' : 'member_of_other_partner',
              membership.partner_id === partnerId
                ? text('Orang ini sudah menjadi anggota mitra ini.', 'This person is already a member of this partner.')
                : text('Orang ini sudah menjadi anggota mitra lain.', 'This person is already a member of another partner.'),
            );
          }
          await trx.insertInto('partner_members').values({ partner_id: partnerId, person_id: existing.id, added_by: request.user!.id }).execute();
          await audit(trx, request.user!.id, 'partner.member_add', String(partnerId), { personId: existing.id });
          return { person: existing, temporaryPassword: null };
        }
        const person = await trx
          .insertInto('people')
          .values({ name, email, password_hash: hash, must_change_password: true })
          .returning(['id', 'name', 'email'])
          .executeTakeFirstOrThrow();
        await trx.insertInto('person_roles').values({ person_id: person.id, role: 'partner', scope_unit_id: null }).execute();
        await trx.insertInto('partner_members').values({ partner_id: partnerId, person_id: person.id, added_by: request.user!.id }).execute();
        await audit(trx, request.user!.id, 'partner.member_create', String(partnerId), { personId: person.id });
        return { person, temporaryPassword: password };
      });
      app.sessionCache.forgetPerson(result.person.id);
      return reply.status(201).send(result);
    },
  );

  app.delete(
    '/api/partners/:id/members/:personId',
    { config: ADMIN, schema: { tags: TAG, summary: "End a person's membership of the partner (admin)", params: MemberParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id, personId } = request.params;
      await db.transaction().execute(async (trx) => {
        const ended = await trx
          .updateTable('partner_members')
          .set({ active: false, ended_at: sql`now()` })
          .where('partner_id', '=', id)
          .where('person_id', '=', personId)
          .where('active', '=', true)
          .returning('id')
          .executeTakeFirst();
        if (!ended) throw notFound(text('Anggota tidak ditemukan.', 'Member not found.'));
        await audit(trx, request.user!.id, 'partner.member_remove', String(id), { personId });
      });
      // Their open sessions lose the partner's content at once.
      app.sessionCache.forgetPerson(personId);
      return reply.status(204).send(null);
    },
  );

  // ---- The partner user's home -----------------------------------------------------------------
  app.get(
    '/api/partner/me',
    {
      config: { roles: ['partner'], partner: true },
      schema: { tags: TAG, summary: "My partner, its agreements, and its own activities with their participants' progress", response: { 200: PartnerHome, ...errors } },
    },
    async (request) => {
      const partnerId = ownPartnerId(request.user!);
      const [partner, courses, webinars, placements] = await Promise.all([
        partnerView(db, partnerId),
        db
          .selectFrom('courses as c')
          .select([
            'c.slug',
            'c.title',
            'c.status',
            'c.draft_state',
            sql<number>`(SELECT count(*)::int FROM enrollments e WHERE e.course_id = c.id)`.as('enrolled'),
            sql<number>`(SELECT count(e.completed_at)::int FROM enrollments e WHERE e.course_id = c.id)`.as('completed'),
          ])
          .where('c.partner_id', '=', partnerId)
          .orderBy('c.updated_at', 'desc')
          .execute(),
        db
          .selectFrom('webinars as w')
          .select([
            'w.id',
            'w.title',
            'w.starts_at',
            'w.status',
            'w.review_state',
            'w.review_note',
            sql<number>`(SELECT count(*)::int FROM webinar_registrations r WHERE r.webinar_id = w.id AND r.status IN ('registered','approved'))`.as('registered'),
          ])
          .where('w.partner_id', '=', partnerId)
          .orderBy('w.starts_at', 'desc')
          .execute(),
        db
          .selectFrom('placements as x')
          .select([
            'x.id',
            'x.title',
            'x.status',
            'x.seats',
            sql<number>`(SELECT count(*)::int FROM placement_applications a WHERE a.placement_id = x.id AND a.status NOT IN ('pending_supervisor','withdrawn'))`.as('applications'),
          ])
          .where('x.partner_id', '=', partnerId)
          .orderBy('x.starts_on', 'desc')
          .execute(),
      ]);
      return {
        partner,
        content: {
          courses: courses.map((c) => ({ slug: c.slug, title: c.title, status: c.status, draftState: c.draft_state, enrolled: c.enrolled, completed: c.completed })),
          webinars: webinars.map((w) => ({
            id: w.id,
            title: w.title,
            startsAt: new Date(w.starts_at).toISOString(),
            status: w.status,
            reviewState: w.review_state,
            reviewNote: w.review_note,
            registered: w.registered,
          })),
          placements,
        },
      };
    },
  );
};

export default routes;
