/** The city's review of partner webinars: admins approve them (learners can then see and register) or return them with a note. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { Nullable } from '../org/schemas.ts';
import { audit } from '../org/service.ts';
import { AppError, ErrorBody, text } from '../plugins/errors.ts';
import { loadWebinar, webinarViews } from './queries.ts';
import { IdParam, Webinar } from './schemas.ts';
import { webinarNotFound } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });
const ReviewItem = Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Type.String(), partner: Nullable(Ref), host: Ref });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/webinars/review',
    { config: { roles: ['admin'] }, schema: { tags: ['webinars'], summary: 'Partner webinars waiting for the city’s approval (admin)', response: { 200: Type.Object({ items: Type.Array(ReviewItem) }), ...errors } } },
    async () => {
      const rows = await db
        .selectFrom('webinars as w')
        .innerJoin('people as h', 'h.id', 'w.host_id')
        .leftJoin('partners as p', 'p.id', 'w.partner_id')
        .select(['w.id', 'w.title', 'w.starts_at', 'w.partner_id', 'p.name as partner_name', 'h.id as host_id', 'h.name as host_name'])
        .where('w.review_state', '=', 'pending')
        .where('w.status', '=', 'scheduled')
        .orderBy('w.starts_at')
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          title: r.title,
          startsAt: new Date(r.starts_at).toISOString(),
          partner: r.partner_id !== null ? { id: r.partner_id, name: r.partner_name ?? '' } : null,
          host: { id: r.host_id, name: r.host_name },
        })),
      };
    },
  );

  async function decide(adminId: number, id: number, state: 'approved' | 'returned', note: string | null) {
    await db.transaction().execute(async (trx) => {
      const w = await trx.selectFrom('webinars').select(['id', 'review_state', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!w) throw webinarNotFound();
      if (w.review_state !== 'pending') throw new AppError(409, 'not_in_review', text('Webinar ini tidak sedang menunggu persetujuan.', 'This webinar is not waiting for approval.'));
      await trx
        .updateTable('webinars')
        .set({ review_state: state, review_note: note, reviewed_by: adminId, reviewed_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
      await audit(trx, adminId, state === 'approved' ? 'webinar.approve' : 'webinar.return', String(id), note ? { note } : {});
    });
  }

  async function view(id: number, user: Parameters<typeof webinarViews>[2]) {
    const row = await loadWebinar(db, id);
    if (!row) throw webinarNotFound();
    return (await webinarViews(db, [row], user, app.janus.status()))[0]!;
  }

  app.post(
    '/api/webinars/:id/approve',
    { config: { roles: ['admin'] }, schema: { tags: ['webinars'], summary: 'Approve a partner webinar: learners can see it and register (admin)', params: IdParam, response: { 200: Webinar, ...errors } } },
    async (request) => {
      await decide(request.user!.id, request.params.id, 'approved', null);
      return view(request.params.id, request.user!);
    },
  );

  app.post(
    '/api/webinars/:id/return',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['webinars'],
        summary: 'Return a partner webinar to its partner with a note (admin); a change sends it back to the review',
        params: IdParam,
        body: Type.Object({ note: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Webinar, ...errors },
      },
    },
    async (request) => {
      await decide(request.user!.id, request.params.id, 'returned', request.body.note.trim());
      return view(request.params.id, request.user!);
    },
  );
};

export default routes;
