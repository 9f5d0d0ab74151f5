/** Webinars: scheduling, registration with a waiting list and approval, assignments, the calendar file, and the room's lifecycle. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { partnerOnly, type AuthUser } from '../auth/sessions.ts';
import { ErrorBody, forbidden, text } from '../plugins/errors.ts';
import { icsFor } from './calendar.ts';
import { listWebinarRows, loadWebinar, registrationViews, webinarViews } from './queries.ts';
import { reconcileMountpoints } from './live/broadcast.ts';
import { endRoom, OPEN_EARLY_MINUTES, openRoom, reconcileRooms } from './rooms.ts';
import {
  AssignmentInput,
  Assignment,
  AssignmentParams,
  CancelBody,
  IdParam,
  ListQuery,
  Registration,
  RegistrationParams,
  Webinar,
  WebinarCreate,
  WebinarList,
  WebinarPatch,
} from './schemas.ts';
import {
  addAssignment,
  canHost,
  canSeeWebinar,
  cancelWebinar,
  createWebinar,
  decide,
  listAssignments,
  register,
  removeAssignment,
  unregister,
  registrationNotFound,
  updateWebinar,
  webinarNotFound,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const HOSTING_ROLES = ['trainer', 'admin'] as const;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  // Whenever a Janus server (re)connects, its rooms are brought in line with the webinars.
  app.janus.onReady(async (key, admin) => {
    await reconcileRooms(db, key, admin, app.log);
    await reconcileMountpoints(db, app.janus, key, app.log);
  });

  async function view(id: number, user: AuthUser) {
    const row = await loadWebinar(db, id);
    if (!row) throw webinarNotFound();
    if (!canSeeWebinar(row, user)) {
      if (user.partnerId && partnerOnly(user)) throw forbidden(text('Webinar ini milik mitra lain.', 'This webinar belongs to another partner.'));
      throw webinarNotFound();
    }
    return (await webinarViews(db, [row], user, app.janus.status()))[0]!;
  }

  async function requireHost(id: number, user: AuthUser) {
    const row = await loadWebinar(db, id);
    if (!row) throw webinarNotFound();
    if (!(await canHost(db, row, user))) throw forbidden(text('Hanya penyelenggara webinar yang dapat melihat ini.', 'Only the webinar’s hosts can see this.'));
    return row;
  }

  app.get(
    '/api/webinars',
    { config: { partner: true }, schema: { tags: ['webinars'], summary: 'Upcoming webinars, or mine (hosting, registered, assigned)', querystring: ListQuery, response: { 200: WebinarList, ...errors } } },
    async (request) => {
      const user = request.user!;
      const rows = await listWebinarRows(db, user, request.query.view, request.query.limit);
      return { items: await webinarViews(db, rows, user, app.janus.status()) };
    },
  );

  app.post(
    '/api/webinars',
    {
      config: { roles: [...HOSTING_ROLES], partner: true },
      schema: { tags: ['webinars'], summary: 'Schedule a webinar (trainers and admins); I become its host', body: WebinarCreate, response: { 201: Webinar, ...errors } },
    },
    async (request, reply) => {
      const id = await createWebinar(db, request.user!, request.body);
      return reply.status(201).send(await view(id, request.user!));
    },
  );

  app.get('/api/webinars/:id', { config: { partner: true }, schema: { tags: ['webinars'], summary: 'One webinar', params: IdParam, response: { 200: Webinar, ...errors } } }, async (request) =>
    view(request.params.id, request.user!),
  );

  app.patch(
    '/api/webinars/:id',
    { config: { partner: true }, schema: { tags: ['webinars'], summary: 'Change a webinar (its host or an admin)', params: IdParam, body: WebinarPatch, response: { 200: Webinar, ...errors } } },
    async (request) => {
      await updateWebinar(db, request.user!, request.params.id, request.body);
      return view(request.params.id, request.user!);
    },
  );

  app.post(
    '/api/webinars/:id/cancel',
    { config: { partner: true }, schema: { tags: ['webinars'], summary: 'Cancel a scheduled webinar (its host or an admin); body {reason?}', params: IdParam, body: CancelBody, response: { 200: Webinar, ...errors } } },
    async (request) => {
      await cancelWebinar(db, request.user!, request.params.id, request.body.reason);
      app.liveRooms.statusChanged(request.params.id, 'cancelled');
      return view(request.params.id, request.user!);
    },
  );

  app.get(
    '/api/webinars/:id/calendar.ics',
    {
      schema: { tags: ['webinars'], summary: 'The webinar as a calendar file (iCalendar)', params: IdParam, produces: ['text/calendar'], response: { 200: Type.String(), ...errors } },
    },
    async (request, reply) => {
      const w = await loadWebinar(db, request.params.id);
      if (!w) throw webinarNotFound();
      const base = app.config.PUBLIC_URL.replace(/\/$/, '');
      const ics = icsFor({
        uid: `webinar-${w.id}@${new URL(base).host}`,
        sequence: w.sequence,
        start: w.starts_at,
        end: w.ends_at,
        summary: w.title,
        description: w.description,
        url: `${base}/webinars/${w.id}`,
        cancelled: w.status === 'cancelled',
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="webinar-${w.id}.ics"`)
        .send(ics);
    },
  );

  // Registration

  app.post(
    '/api/webinars/:id/registrations',
    {
      schema: {
        tags: ['webinars'],
        summary: 'Register for a webinar: 201 when new, 200 with the registration I already have',
        description: 'A seat when one is free, else the waiting list; pending approval when the host must approve (unless assigned to me).',
        params: IdParam,
        response: { 200: Registration, 201: Registration, ...errors },
      },
    },
    async (request, reply) => {
      const { id, created } = await register(db, request.user!, request.params.id);
      const [reg] = await registrationViews(db, request.params.id, { id });
      return reply.status(created ? 201 : 200).send(reg!);
    },
  );

  app.get(
    '/api/webinars/:id/registrations/me',
    { schema: { tags: ['webinars'], summary: 'My registration', params: IdParam, response: { 200: Registration, ...errors } } },
    async (request) => {
      const [reg] = await registrationViews(db, request.params.id, { personId: request.user!.id });
      if (!reg) throw registrationNotFound();
      return reg;
    },
  );

  app.delete(
    '/api/webinars/:id/registrations/me',
    {
      schema: { tags: ['webinars'], summary: 'Withdraw my registration (a seat it held goes to the first person waiting)', params: IdParam, response: { 200: Registration, ...errors } },
    },
    async (request) => {
      const id = await unregister(db, request.user!, request.params.id);
      const [reg] = await registrationViews(db, request.params.id, { id });
      return reg!;
    },
  );

  app.get(
    '/api/webinars/:id/registrations',
    { config: { partner: true }, schema: { tags: ['webinars'], summary: 'Registrations (hosts)', params: IdParam, response: { 200: Type.Object({ items: Type.Array(Registration) }), ...errors } } },
    async (request) => {
      await requireHost(request.params.id, request.user!);
      return { items: await registrationViews(db, request.params.id) };
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/api/webinars/:id/registrations/:registrationId/${decision}`,
      {
        config: { partner: true },
        schema: {
          tags: ['webinars'],
          summary: decision === 'approve' ? 'Approve a registration (a seat, or the waiting list when full)' : 'Decline a registration (its seat goes to the first person waiting)',
          params: RegistrationParams,
          response: { 200: Registration, ...errors },
        },
      },
      async (request) => {
        await decide(db, request.user!, request.params.id, request.params.registrationId, decision);
        const [reg] = await registrationViews(db, request.params.id, { id: request.params.registrationId });
        return reg!;
      },
    );
  }

  // Assignments (admins)

  app.get(
    '/api/webinars/:id/assignments',
    { config: { roles: ['admin'] }, schema: { tags: ['webinars'], summary: 'Offices and positions the webinar is assigned to', params: IdParam, response: { 200: Type.Object({ items: Type.Array(Assignment) }), ...errors } } },
    async (request) => {
      if (!(await loadWebinar(db, request.params.id))) throw webinarNotFound();
      return { items: await listAssignments(db, request.params.id) };
    },
  );

  app.post(
    '/api/webinars/:id/assignments',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['webinars'], summary: 'Assign the webinar to an office (and those below it) or a position', params: IdParam, body: AssignmentInput, response: { 201: Assignment, ...errors } },
    },
    async (request, reply) => {
      const id = await addAssignment(db, request.user!, request.params.id, request.body);
      const item = (await listAssignments(db, request.params.id)).find((a) => a.id === id)!;
      return reply.status(201).send(item);
    },
  );

  app.delete(
    '/api/webinars/:id/assignments/:assignmentId',
    { config: { roles: ['admin'] }, schema: { tags: ['webinars'], summary: 'Remove an assignment', params: AssignmentParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await removeAssignment(db, request.user!, request.params.id, request.params.assignmentId);
      return reply.status(204).send(null);
    },
  );

  // The room

  app.post(
    '/api/webinars/:id/open',
    {
      config: { partner: true },
      schema: {
        tags: ['webinars'],
        summary: 'Open the live room (hosts): the webinar goes live',
        description: `Possible from ${OPEN_EARLY_MINUTES} minutes before the start. 503 live_video_unavailable when no Janus answers.`,
        params: IdParam,
        response: { 200: Webinar, ...errors },
      },
    },
    async (request) => {
      await openRoom(db, app.janus, request.user!, request.params.id);
      app.liveRooms.statusChanged(request.params.id, 'live');
      return view(request.params.id, request.user!);
    },
  );

  app.post(
    '/api/webinars/:id/end',
    { config: { partner: true }, schema: { tags: ['webinars'], summary: 'End the live webinar (hosts): its room is closed', params: IdParam, response: { 200: Webinar, ...errors } } },
    async (request) => {
      await endRoom(db, app.janus, request.user!, request.params.id, request.log, app.jobs);
      app.liveRooms.statusChanged(request.params.id, 'ended');
      return view(request.params.id, request.user!);
    },
  );
};

export default routes;
