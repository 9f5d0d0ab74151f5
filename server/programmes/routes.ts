/**
 * Programmes and cohorts: admins of the owning office create and run them, facilitators follow
 * their cohorts, participants see their own steps. Practice evidence is in practice.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { expandUnits, audit } from '../org/service.ts';
import { ErrorBody, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { sendTable } from '../reports/tables.ts';
import { cohortParticipants, myProgrammes, sendReminders, summarise, syncPerson } from './progress.ts';
import {
  CohortCreated,
  CohortPersonParam,
  IdParam,
  MyProgramme,
  NewCohort,
  NewProgramme,
  Participants,
  ParticipantsAdded,
  Programme,
  ProgrammePatch,
  ProgrammeSummary,
  Progress,
  ProgressQuery,
} from './schemas.ts';
import {
  addParticipants,
  cohortBriefs,
  cohortFor,
  cohortView,
  createProgramme,
  facilitatedCohortIds,
  findProgramme,
  inOtherCohorts,
  isRealDay,
  managedProgramme,
  managesProgramme,
  participation,
  programmeNotFound,
  programmeSummaries,
  programmeView,
  resolveParticipants,
  reviewsAsSupervisor,
  setFacilitators,
  updateProgramme,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const TAG = ['programmes'];
const ADMIN = { roles: ['admin' as const] };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const forgetReaders = (ids: number[]) => app.courseCatalogue?.readers.forgetMany(ids);

  app.post(
    '/api/programmes',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Create a programme: ordered steps (course, quiz, webinar, practice) with prerequisites and due days',
        description: "`requires` holds indexes of earlier steps in the same array. Office admins create programmes of their own offices (by default their first).",
        body: NewProgramme,
        response: { 201: Programme, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const id = await db.transaction().execute(async (trx) => {
        const id = await createProgramme(trx, user, request.body);
        await audit(trx, user.id, 'programme.create', `programme:${id}`, { title: request.body.title });
        return id;
      });
      return reply.status(201).send(await programmeView(db, (await findProgramme(db, id))!, []));
    },
  );

  app.get(
    '/api/programmes',
    {
      schema: {
        tags: TAG,
        summary: 'Programmes the reader manages (admins) or facilitates',
        response: { 200: Type.Object({ items: Type.Array(ProgrammeSummary) }), ...errors },
      },
    },
    async (request) => ({ items: await programmeSummaries(db, request.user!) }),
  );

  app.get(
    '/api/programmes/:id',
    {
      schema: {
        tags: TAG,
        summary: 'A programme with its steps (for participants and principal reviewers); cohorts for its admins and facilitators',
        params: IdParam,
        response: { 200: Programme, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const p = await findProgramme(db, request.params.id);
      if (!p) throw programmeNotFound();
      if (await managesProgramme(db, user, p)) return programmeView(db, p, await cohortBriefs(db, p.id));
      const mine = await facilitatedCohortIds(db, user.id, p.id);
      if (mine.length) return programmeView(db, p, await cohortBriefs(db, p.id, mine));
      // Participants, and principals reviewing their staff's practice work, read the steps only.
      if (p.status !== 'draft' && ((await participation(db, user.id, p.id)) || (await reviewsAsSupervisor(db, user.id, p.id)))) return programmeView(db, p, []);
      throw forbidden(text('Anda bukan peserta atau pengelola program ini.', 'You are neither a participant nor a manager of this programme.'));
    },
  );

  app.patch(
    '/api/programmes/:id',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Change a programme; its steps only while no participant has started',
        params: IdParam,
        body: ProgrammePatch,
        response: { 200: Programme, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      await db.transaction().execute(async (trx) => {
        const p = await managedProgramme(trx, user, request.params.id);
        await trx.selectFrom('programmes').select('id').where('id', '=', p.id).forUpdate().execute();
        await updateProgramme(trx, p, request.body);
        await audit(trx, user.id, 'programme.update', `programme:${p.id}`, { fields: Object.keys(request.body) });
      });
      const p = (await findProgramme(db, request.params.id))!;
      return programmeView(db, p, await cohortBriefs(db, p.id));
    },
  );

  // ---- Cohorts ----------------------------------------------------------------------------------

  app.post(
    '/api/programmes/:id/cohorts',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: "Start a cohort: dates, facilitators, participants by office/school, position or list (enrolled in the programme's courses)",
        params: IdParam,
        body: NewCohort,
        response: { 201: CohortCreated, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const b = request.body;
      if (!isRealDay(b.startsOn) || !isRealDay(b.endsOn)) throw invalid(text('Tanggal tidak valid.', 'Invalid date.'));
      if (b.endsOn < b.startsOn) throw invalid(text('Tanggal selesai harus sama dengan atau sesudah tanggal mulai.', 'The end date must be on or after the start date.'));
      const result = await db.transaction().execute(async (trx) => {
        const p = await managedProgramme(trx, user, request.params.id);
        const people = await resolveParticipants(trx, user, b.participants);
        const c = await trx
          .insertInto('cohorts')
          .values({ programme_id: p.id, name: b.name.trim(), starts_on: b.startsOn, ends_on: b.endsOn, principal_review: b.principalReview ?? false, created_by: user.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setFacilitators(trx, c.id, b.facilitatorIds ?? []);
        const added = await addParticipants(trx, c.id, people, user.id);
        const skipped = await inOtherCohorts(trx, { id: c.id, programme_id: p.id }, people, added);
        // People who already did some steps (a course finished earlier) have them recorded now.
        for (const id of added) await syncPerson(trx, p.id, id);
        await audit(trx, user.id, 'cohort.create', `cohort:${c.id}`, { programmeId: p.id, added: added.length, skipped: skipped.length });
        return { id: c.id, added, skipped };
      });
      forgetReaders(result.added);
      return reply.status(201).send({ ...(await cohortView(db, result.id, result.added.length)), skipped: result.skipped });
    },
  );

  app.post(
    '/api/cohorts/:id/participants',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Add participants to a cohort (people already in another cohort of the programme stay there and are listed as skipped)',
        params: IdParam,
        body: Participants,
        response: { 200: ParticipantsAdded, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { added, skipped } = await db.transaction().execute(async (trx) => {
        const { cohort, admin } = await cohortFor(trx, user, request.params.id, { facilitator: false });
        if (!admin) throw forbidden();
        const people = await resolveParticipants(trx, user, request.body);
        const added = await addParticipants(trx, cohort.id, people, user.id);
        const skipped = await inOtherCohorts(trx, cohort, people, added);
        for (const id of added) await syncPerson(trx, cohort.programme_id, id);
        await audit(trx, user.id, 'cohort.participants.add', `cohort:${cohort.id}`, { added: added.length, skipped: skipped.length });
        return { added, skipped };
      });
      forgetReaders(added);
      const view = await cohortView(db, request.params.id);
      return { added: added.length, participantCount: view.participantCount, skipped };
    },
  );

  app.delete(
    '/api/cohorts/:id/participants/:personId',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Remove a participant from a cohort (what they did stays in their records)',
        params: CohortPersonParam,
        response: { 204: { description: 'Removed', type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      await db.transaction().execute(async (trx) => {
        const { cohort } = await cohortFor(trx, user, request.params.id, { facilitator: false });
        const gone = await trx.deleteFrom('cohort_participants').where('cohort_id', '=', cohort.id).where('person_id', '=', request.params.personId).returning('person_id').executeTakeFirst();
        if (!gone) throw notFound(text('Orang ini bukan peserta angkatan ini.', 'This person is not a participant of this cohort.'));
        await audit(trx, user.id, 'cohort.participants.remove', `cohort:${cohort.id}`, { personId: request.params.personId });
      });
      return reply.status(204).send();
    },
  );

  async function progressOf(userId: Parameters<typeof cohortFor>[1], cohortId: number, unitId: number | undefined) {
    const { cohort, programme } = await cohortFor(db, userId, cohortId, { facilitator: true });
    const units = unitId ? await expandUnits(db, [unitId]) : null;
    const list = await cohortParticipants(db, cohort, units);
    return { cohort, programme, list };
  }

  app.get(
    '/api/cohorts/:id/progress',
    {
      schema: {
        tags: TAG,
        summary: "A cohort's progress: per participant (completed, on track, behind, stuck) and per school",
        description: 'behind: a step is past its due date (start + dueDays) and not done; stuck: no activity for 14 days, or a practice task waiting for revision for more than 7.',
        params: IdParam,
        querystring: ProgressQuery,
        response: { 200: Progress, ...errors },
      },
    },
    async (request) => {
      const { cohort, programme, list } = await progressOf(request.user!, request.params.id, request.query.unitId);
      return {
        cohort: await cohortView(db, cohort.id),
        programme: { id: programme.id, title: programme.title, jp: Number(programme.jp) },
        ...summarise(list),
        participants: list,
      };
    },
  );

  app.get(
    '/api/cohorts/:id/progress.csv',
    {
      schema: {
        tags: TAG,
        summary: "A cohort's progress as CSV (UTF-8 with BOM), one line per participant",
        params: IdParam,
        querystring: ProgressQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const { cohort, list } = await progressOf(request.user!, request.params.id, request.query.unitId);
      const label = { completed: 'selesai', on_track: 'sesuai_jadwal', behind: 'tertinggal', stuck: 'macet' } as const;
      const head = ['nip', 'nama', 'unit', 'status', 'langkah_selesai', 'jumlah_langkah', 'persen', 'langkah_sekarang', 'aktivitas_terakhir', 'selesai_pada'];
      const rows = list.map((p) => [p.person.nip, p.person.name, p.unit?.name ?? '', label[p.status], p.done, p.total, p.pct, p.currentStep?.title ?? '', p.lastActivityAt ?? '', p.completedAt ?? '']);
      return sendTable(reply, { name: `angkatan-${cohort.id}-progres`, head, rows }, 'csv');
    },
  );

  app.post(
    '/api/cohorts/:id/reminders',
    {
      schema: {
        tags: TAG,
        summary: 'Remind participants who are behind or stuck (in the app, at most once a day each)',
        params: IdParam,
        response: { 200: Type.Object({ sent: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { cohort, programme, list } = await progressOf(user, request.params.id, undefined);
      const sent = await db.transaction().execute(async (trx) => {
        const sent = await sendReminders(trx, cohort.id, programme.title, list, user.id);
        if (sent) await audit(trx, user.id, 'cohort.reminders', `cohort:${cohort.id}`, { sent });
        return sent;
      });
      return { sent };
    },
  );

  // ---- Participants -----------------------------------------------------------------------------

  app.get(
    '/api/me/programmes',
    {
      schema: {
        tags: TAG,
        summary: 'My programmes: each step with its status, due date and link; the certificate once completed',
        response: { 200: Type.Object({ items: Type.Array(MyProgramme) }), ...errors },
      },
    },
    async (request) => ({ items: await myProgrammes(db, request.user!.id) }),
  );
};

export default routes;
