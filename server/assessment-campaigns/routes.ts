/**
 * Periodic assessment campaigns (supervisor and 360° assessment). Admins open, follow, remind
 * and close; the person rates themself, nominated peers give input, the direct supervisor
 * rates and finalises. Every task route decides the reader's role from the task itself.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql, type Transaction } from 'kysely';
import type { DB, Ratings } from '../db/types.ts';
import { recordAssessment } from '../competencies/evidence-routes.ts';
import { adminUnitIds, audit } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, text } from '../plugins/errors.ts';
import { Nullable } from '../org/schemas.ts';
import { csvCell } from '../reports/tables.ts';
import { Campaign, CampaignDetail, IdParam, MyWork, NewCampaign, Opened, Progress, RatingsByCode, Task, type TaskT } from './schemas.ts';
import {
  assertEditable,
  campaignProblems,
  campaignRows,
  campaignState,
  campaignView,
  checkByCode,
  countStatuses,
  managedCampaign,
  openTasks,
  roleOn,
  taskCompetencies,
  taskFor,
  taskNotFound,
  taskQuery,
  taskRows,
  taskStatus,
  today,
  type TaskRole,
  type TaskRow,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const TAG = ['assessment-campaigns'];
const ADMIN = { roles: ['admin' as const] };
const iso = (d: Date | null) => d?.toISOString() ?? null;

const onlySupervisor = () => forbidden(text('Hanya atasan langsung atau admin unitnya yang dapat menilai pegawai ini.', "Only this person's direct supervisor or office admins can assess them."));

/** The task, locked for change, when the reader is its supervisor (or an office admin) and it is still editable. */
async function lockForSupervisor(trx: Parameters<typeof roleOn>[0], user: Parameters<typeof roleOn>[1], taskId: number) {
  const task = await taskQuery(trx).where('t.id', '=', taskId).forUpdate('t').executeTakeFirst();
  if (!task) throw taskNotFound();
  const role = await roleOn(trx, user, task);
  if (role !== 'supervisor' && role !== 'admin') throw onlySupervisor();
  assertEditable(task);
  return task;
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  // ---- Admin: campaigns -------------------------------------------------------------------------
  app.post(
    '/api/assessment-campaigns',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Open a campaign: one task per person in the offices/positions who has a supervisor (office admins: within their offices)',
        description: 'People without a supervisor (or with nothing to be assessed on) are listed in `problems`; once fixed, POST …/refresh adds their tasks.',
        body: NewCampaign,
        response: { 201: Opened, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const b = request.body;
      const realDay = (d: string) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
      if (!realDay(b.opensOn) || !realDay(b.closesOn)) throw invalid(text('Tanggal tidak valid.', 'Invalid date.'));
      if (!b.unitIds.length && !b.positionIds.length) throw invalid(text('Pilih minimal satu unit kerja atau jabatan.', 'Choose at least one office or position.'));
      if (b.closesOn < b.opensOn) throw invalid(text('Tanggal tutup harus sama dengan atau sesudah tanggal buka.', 'The closing date must be on or after the opening date.'));
      if (b.closesOn < today()) throw invalid(text('Tanggal tutup sudah lewat.', 'The closing date has already passed.'));
      const scope = await adminUnitIds(db, user);
      const units = b.unitIds.length ? await db.selectFrom('units').select(['id']).where('id', 'in', b.unitIds).execute() : [];
      if (units.length !== new Set(b.unitIds).size) throw invalid(text('Ada unit kerja yang tidak dikenal.', 'An office is unknown.'));
      const positions = b.positionIds.length ? await db.selectFrom('positions').select(['id', 'unit_id']).where('id', 'in', b.positionIds).execute() : [];
      if (positions.length !== new Set(b.positionIds).size) throw invalid(text('Ada jabatan yang tidak dikenal.', 'A position is unknown.'));
      if (scope !== null) {
        const allowed = new Set(scope);
        if (units.some((u) => !allowed.has(u.id)) || positions.some((p) => !allowed.has(p.unit_id))) {
          throw forbidden(text('Anda hanya dapat membuka kampanye untuk unit kerja yang Anda kelola.', 'You can only open campaigns for the offices you administer.'));
        }
      }
      const codes = [...new Set(b.competencyCodes)];
      const comps = codes.length ? await db.selectFrom('competencies').select(['id', 'code']).where('code', 'in', codes).where('retired_at', 'is', null).where('current_version_id', 'is not', null).execute() : [];
      const unknown = codes.filter((c) => !comps.some((x) => x.code === c));
      if (unknown.length) throw invalid(text(`Kompetensi tidak dikenal: ${unknown.join(', ')}.`, `Unknown competencies: ${unknown.join(', ')}.`));

      const { id, created } = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('assessment_campaigns')
          .values({ name: b.name.trim(), opens_on: b.opensOn, closes_on: b.closesOn, self_assessment: b.selfAssessment, peer_input: b.peerInput, max_peers: b.maxPeers, include_sub_units: b.includeSubUnits, created_by: user.id })
          .returning(['id', 'include_sub_units'])
          .executeTakeFirstOrThrow();
        if (units.length) await trx.insertInto('assessment_campaign_units').values(units.map((u) => ({ campaign_id: row.id, unit_id: u.id }))).execute();
        if (positions.length) await trx.insertInto('assessment_campaign_positions').values(positions.map((p) => ({ campaign_id: row.id, position_id: p.id }))).execute();
        if (comps.length) await trx.insertInto('assessment_campaign_competencies').values(comps.map((c) => ({ campaign_id: row.id, competency_id: c.id }))).execute();
        const n = await openTasks(trx, row, scope);
        await audit(trx, user.id, 'assessment_campaign.opened', String(row.id), { tasks: n });
        return { id: row.id, created: n };
      });
      const campaign = await campaignRows(db).where('c.id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send({ ...(await campaignView(db, campaign, scope)), problems: await campaignProblems(db, campaign, scope), tasksCreated: created });
    },
  );

  app.get(
    '/api/assessment-campaigns',
    { config: ADMIN, schema: { tags: TAG, summary: 'Campaigns I manage, newest first', response: { 200: Type.Array(Campaign), ...errors } } },
    async (request) => {
      const user = request.user!;
      const scope = await adminUnitIds(db, user);
      const rows = await campaignRows(db).orderBy('c.id', 'desc').limit(200).execute();
      const out = [];
      for (const c of rows) {
        if (scope !== null) {
          try {
            await managedCampaign(db, user, c.id);
          } catch {
            continue;
          }
        }
        out.push(await campaignView(db, c, scope));
      }
      return out;
    },
  );

  app.get(
    '/api/assessment-campaigns/:id',
    { config: ADMIN, schema: { tags: TAG, summary: 'A campaign, with the people who have no task and why', params: IdParam, response: { 200: CampaignDetail, ...errors } } },
    async (request) => {
      const { campaign, scope } = await managedCampaign(db, request.user!, request.params.id);
      return { ...(await campaignView(db, campaign, scope)), problems: await campaignProblems(db, campaign, scope) };
    },
  );

  app.post(
    '/api/assessment-campaigns/:id/refresh',
    { config: ADMIN, schema: { tags: TAG, summary: 'Add the tasks of people fixed since opening (a supervisor set, a position given)', params: IdParam, response: { 200: Opened, ...errors } } },
    async (request) => {
      const user = request.user!;
      const { campaign, scope } = await managedCampaign(db, user, request.params.id);
      if (campaign.closed_at) throw new AppError(409, 'campaign_not_open', text('Kampanye ini sudah ditutup.', 'This campaign is closed.'));
      const created = await db.transaction().execute(async (trx) => {
        const n = await openTasks(trx, campaign, scope);
        await audit(trx, user.id, 'assessment_campaign.refreshed', String(campaign.id), { tasks: n });
        return n;
      });
      return { ...(await campaignView(db, campaign, scope)), problems: await campaignProblems(db, campaign, scope), tasksCreated: created };
    },
  );

  async function progressOf(request: { user?: Parameters<typeof managedCampaign>[1] | null }, id: number) {
    const { campaign, scope } = await managedCampaign(db, request.user!, id);
    const tasks = await taskRows(db, id, scope).execute();
    const byUnit = new Map<number | null, typeof tasks>();
    for (const t of tasks) byUnit.set(t.unit_id, [...(byUnit.get(t.unit_id) ?? []), t]);
    const offices = [...byUnit.values()]
      .map((rows) => ({ unit: rows[0]!.unit_id !== null ? { id: rows[0]!.unit_id, code: rows[0]!.unit_code!, name: rows[0]!.unit_name! } : null, ...countStatuses(rows) }))
      .sort((a, b) => (a.unit?.code ?? '~').localeCompare(b.unit?.code ?? '~'));
    const open = tasks.filter((t) => !t.finalised_at && t.supervisor_id !== null);
    const sups = new Map<number, { name: string; unitId: number | null; n: number }>();
    for (const t of open) {
      const s = sups.get(t.supervisor_id!) ?? { name: t.supervisor_name!, unitId: t.supervisor_unit_id, n: 0 };
      s.n++;
      sups.set(t.supervisor_id!, s);
    }
    const ids = [...sups.keys()];
    const [units, reminders] = await Promise.all([
      db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', [0, ...[...sups.values()].map((s) => s.unitId ?? 0)]).execute(),
      ids.length ? db.selectFrom('assessment_reminders').select(['recipient_id', sql<Date>`max(created_at)`.as('last')]).where('campaign_id', '=', id).where('recipient_id', 'in', ids).groupBy('recipient_id').execute() : Promise.resolve([]),
    ]);
    const behind = [...sups.entries()]
      .map(([sid, s]) => ({
        supervisor: { id: sid, name: s.name },
        unit: units.find((u) => u.id === s.unitId) ?? null,
        unfinished: s.n,
        lastReminderAt: iso(reminders.find((r) => r.recipient_id === sid)?.last ?? null),
      }))
      .sort((a, b) => b.unfinished - a.unfinished || a.supervisor.name.localeCompare(b.supervisor.name));
    return { campaign: await campaignView(db, campaign, scope), offices, behind, tasks, scope };
  }

  app.get(
    '/api/assessment-campaigns/:id/progress',
    { config: ADMIN, schema: { tags: TAG, summary: 'Progress per office (not started, self-assessed, in progress, finalised) and the supervisors behind', params: IdParam, response: { 200: Progress, ...errors } } },
    async (request) => {
      const { campaign, offices, behind } = await progressOf(request, request.params.id);
      return { campaign, offices, behind };
    },
  );

  app.get(
    '/api/assessment-campaigns/:id/progress.csv',
    { config: ADMIN, schema: { tags: TAG, summary: 'The progress as CSV, one line per person (opens in a spreadsheet)', params: IdParam, produces: ['text/csv'], response: { 200: Type.String(), ...errors } } },
    async (request, reply) => {
      const { campaign, tasks } = await progressOf(request, request.params.id);
      const label = { not_started: 'belum_mulai', self_done: 'penilaian_diri_selesai', in_progress: 'sedang_dinilai', finalised: 'final' } as const;
      const head = ['kode_unit', 'unit', 'nama', 'atasan', 'status', 'penilaian_diri', 'final'];
      const lines = tasks
        .sort((a, b) => (a.unit_code ?? '').localeCompare(b.unit_code ?? '') || a.name.localeCompare(b.name))
        .map((t) => [t.unit_code, t.unit_name, t.name, t.supervisor_name, label[taskStatus(t)], iso(t.self_submitted_at), iso(t.finalised_at)].map(csvCell).join(','));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kampanye-penilaian-${campaign.id}.csv"`)
        .send(`\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`);
    },
  );

  app.post(
    '/api/assessment-campaigns/:id/reminders',
    {
      config: ADMIN,
      schema: {
        tags: TAG,
        summary: 'Remind those behind (supervisors with unfinished tasks, people who have not rated themselves, peers who have not answered): an in-app notice',
        params: IdParam,
        body: Type.Object({ message: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ sent: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const { campaign, tasks } = await progressOf(request, request.params.id);
      if (campaign.state !== 'open') throw new AppError(409, 'campaign_not_open', text('Pengingat hanya untuk kampanye yang sedang berjalan.', 'Reminders are only for a campaign that is running.'));
      const open = tasks.filter((t) => !t.finalised_at);
      const recipients = new Set<number>();
      for (const t of open) {
        if (t.supervisor_id !== null) recipients.add(t.supervisor_id);
        if (campaign.selfAssessment && !t.self_submitted_at) recipients.add(t.person_id);
      }
      if (campaign.peerInput && open.length) {
        const peers = await db.selectFrom('assessment_peer_inputs').select('peer_id').where('task_id', 'in', open.map((t) => t.id)).where('submitted_at', 'is', null).execute();
        for (const p of peers) recipients.add(p.peer_id);
      }
      const message = request.body.message?.trim() ?? '';
      await db.transaction().execute(async (trx) => {
        if (recipients.size) await trx.insertInto('assessment_reminders').values([...recipients].map((r) => ({ campaign_id: campaign.id, recipient_id: r, sent_by: user.id, message }))).execute();
        await audit(trx, user.id, 'assessment_campaign.reminded', String(campaign.id), { recipients: recipients.size });
      });
      return { sent: recipients.size };
    },
  );

  app.post(
    '/api/assessment-campaigns/:id/close',
    {
      config: ADMIN,
      schema: { tags: TAG, summary: 'Close the campaign: unfinished tasks stay unfinished (and are reported); nothing more is taken', params: IdParam, response: { 200: Type.Object({ campaign: Campaign, unfinished: Type.Integer() }), ...errors } },
    },
    async (request) => {
      const user = request.user!;
      const { campaign, scope } = await managedCampaign(db, user, request.params.id);
      const done = await db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('assessment_campaigns').set({ closed_at: sql`now()`, closed_by: user.id }).where('id', '=', campaign.id).where('closed_at', 'is', null).returning('id').executeTakeFirst();
        if (row) await audit(trx, user.id, 'assessment_campaign.closed', String(campaign.id));
        return !!row;
      });
      if (!done) throw new AppError(409, 'campaign_not_open', text('Kampanye ini sudah ditutup.', 'This campaign is already closed.'));
      const view = await campaignView(db, (await campaignRows(db).where('c.id', '=', campaign.id).executeTakeFirstOrThrow()), scope);
      return { campaign: view, unfinished: view.counts.total - view.counts.finalised };
    },
  );

  // ---- Everyone: my work ------------------------------------------------------------------------
  app.get(
    '/api/assessment-campaigns/my-work',
    { schema: { tags: TAG, summary: 'My open campaign tasks: about me, my subordinates, as a peer; and reminders sent to me', response: { 200: MyWork, ...errors } } },
    async (request) => {
      const user = request.user!;
      const day = today();
      const live = (q: ReturnType<typeof taskQuery>) => q.where('c.closed_at', 'is', null).where('c.opens_on', '<=', day).orderBy('c.closes_on').orderBy('p.name');
      const [mine, team, peer, reminders] = await Promise.all([
        live(taskQuery(db).where('t.person_id', '=', user.id)).execute(),
        live(taskQuery(db).where('p.supervisor_id', '=', user.id)).execute(),
        taskQuery(db)
          .innerJoin('assessment_peer_inputs as pi', 'pi.task_id', 't.id')
          .select('pi.submitted_at as peer_submitted_at')
          .where('pi.peer_id', '=', user.id)
          .where('c.closed_at', 'is', null)
          .where('c.opens_on', '<=', day)
          .orderBy('c.closes_on')
          .orderBy('p.name')
          .execute(),
        db
          .selectFrom('assessment_reminders as r')
          .innerJoin('assessment_campaigns as c', 'c.id', 'r.campaign_id')
          .select(['c.id', 'c.name', 'r.message', 'r.created_at'])
          .where('r.recipient_id', '=', user.id)
          .where('c.closed_at', 'is', null)
          .orderBy('r.created_at', 'desc')
          .limit(20)
          .execute(),
      ]);
      const summary = (t: TaskRow, todo: 'self' | 'peer' | 'supervisor' | null) => ({
        id: t.id,
        campaign: { id: t.campaign_id, name: t.campaign_name, closesOn: t.closes_on, state: campaignState(t, day) },
        person: { id: t.person_id, name: t.person_name },
        status: taskStatus(t),
        overdue: !t.finalised_at && day > t.closes_on,
        todo,
      });
      const latest = new Map<number, (typeof reminders)[number]>();
      for (const r of reminders) if (!latest.has(r.id)) latest.set(r.id, r);
      return {
        asSubject: mine.map((t) => summary(t, t.self_assessment && !t.self_submitted_at && !t.finalised_at ? 'self' : null)),
        asSupervisor: team.map((t) => summary(t, t.finalised_at ? null : 'supervisor')),
        asPeer: peer.map((t) => summary(t, t.peer_submitted_at || t.finalised_at ? null : 'peer')),
        reminders: [...latest.values()].map((r) => ({ campaign: { id: r.id, name: r.name }, message: r.message, sentAt: r.created_at.toISOString() })),
      };
    },
  );

  // ---- Tasks --------------------------------------------------------------------------------------
  /** Makes a change to a task in one transaction, then answers with the task as the reader now sees it. */
  async function changeTask(user: Parameters<typeof roleOn>[1], taskId: number, change: (trx: Transaction<DB>) => Promise<void>): Promise<TaskT> {
    await db.transaction().execute(change);
    const { task, role } = await taskFor(db, user, taskId);
    return taskView(task, role, user.id);
  }

  async function taskView(task: TaskRow, role: TaskRole, userId: number): Promise<TaskT> {
    const comps = await taskCompetencies(db, task.id);
    const inputs = await db
      .selectFrom('assessment_peer_inputs as pi')
      .innerJoin('people as p', 'p.id', 'pi.peer_id')
      .select(['pi.peer_id', 'p.name', 'pi.ratings', 'pi.comment', 'pi.submitted_at'])
      .where('pi.task_id', '=', task.id)
      .orderBy('p.name')
      .execute();
    const answered = inputs.filter((i) => i.submitted_at);
    const oversees = role === 'supervisor' || role === 'admin';
    // The person assessed sees peers only in aggregate, and only from two answers on.
    const aggregate = role === 'subject' && answered.length >= 2;
    const finalised = !!task.finalised_at;
    const mine = inputs.find((i) => i.peer_id === userId);
    return {
      id: task.id,
      role,
      campaign: { id: task.campaign_id, name: task.campaign_name, opensOn: task.opens_on, closesOn: task.closes_on, state: campaignState(task), selfAssessment: task.self_assessment, peerInput: task.peer_input, maxPeers: task.max_peers },
      person: { id: task.person_id, name: task.person_name, unit: task.unit_id !== null ? { id: task.unit_id, code: task.unit_code!, name: task.unit_name! } : null },
      supervisor: task.supervisor_id !== null ? { id: task.supervisor_id, name: task.supervisor_name! } : null,
      status: taskStatus(task),
      overdue: !finalised && today() > task.closes_on,
      selfSubmittedAt: iso(task.self_submitted_at),
      finalisedAt: iso(task.finalised_at),
      competencies: comps.map((c) => {
        let peerSummary = null;
        if (aggregate || (oversees && answered.length)) {
          const marks: Record<string, number[]> = {};
          for (const l of c.levels) marks[String(l.level)] = l.indicators.map((_, i) => answered.filter((a) => a.ratings?.[c.code]?.[String(l.level)]?.[i]).length);
          peerSummary = { answered: answered.length, marks };
        }
        return {
          code: c.code,
          name: c.name,
          levels: c.levels,
          selfRatings: role === 'subject' || (oversees && task.self_submitted_at) ? c.self_ratings : null,
          supervisorRatings: oversees || (role === 'subject' && finalised) ? c.supervisor_ratings : null,
          supervisorNote: oversees || (role === 'subject' && finalised) ? c.supervisor_note : '',
          resultLevel: finalised && role !== 'peer' ? (c.result_level ?? 0) : null,
          peerSummary,
          peerInputs: oversees ? answered.filter((a) => a.ratings?.[c.code]).map((a) => ({ peer: { id: a.peer_id, name: a.name }, ratings: a.ratings![c.code]! })) : [],
        };
      }),
      peers: role === 'peer' ? [] : inputs.map((i) => ({ id: i.peer_id, name: i.name, answered: !!i.submitted_at })),
      peerComments: oversees
        ? answered.filter((a) => a.comment).map((a) => ({ peer: { id: a.peer_id, name: a.name }, comment: a.comment }))
        : aggregate
          ? answered
              .filter((a) => a.comment)
              .map((a) => a.comment)
              .sort()
              .map((comment) => ({ peer: null, comment }))
          : [],
      myPeerInput: role === 'peer' && mine ? { ratings: mine.ratings, comment: mine.comment, submittedAt: iso(mine.submitted_at) } : null,
    };
  }

  const TaskParam = Type.Object({ taskId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

  app.get(
    '/api/assessment-campaigns/tasks/:taskId',
    {
      schema: {
        tags: TAG,
        summary: 'A task as the reader may see it: the person (own self-assessment; peers aggregated), their direct supervisor or an office admin (everything), a nominated peer (own input)',
        params: TaskParam,
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const { task, role } = await taskFor(db, request.user!, request.params.taskId);
      return taskView(task, role, request.user!.id);
    },
  );

  app.put(
    '/api/assessment-campaigns/tasks/:taskId/self',
    {
      schema: {
        tags: TAG,
        summary: 'Rate myself (the person assessed only); `submit` makes it final and shows it to the supervisor',
        params: TaskParam,
        body: Type.Object({ ratings: RatingsByCode, submit: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      return changeTask(user, request.params.taskId, async (trx) => {
        const { task, role } = await taskFor(trx, user, request.params.taskId, { lock: true });
        if (role !== 'subject') throw forbidden(text('Hanya pegawai yang dinilai yang mengisi penilaian diri.', 'Only the person assessed fills in the self-assessment.'));
        if (!task.self_assessment) throw new AppError(409, 'self_assessment_off', text('Kampanye ini tanpa penilaian diri.', 'This campaign has no self-assessment.'));
        assertEditable(task);
        if (task.self_submitted_at) throw new AppError(409, 'already_submitted', text('Penilaian diri sudah dikirim.', 'The self-assessment has already been submitted.'));
        const comps = await taskCompetencies(trx, task.id);
        checkByCode(comps, request.body.ratings);
        for (const [code, ratings] of Object.entries(request.body.ratings)) {
          const c = comps.find((x) => x.code === code)!;
          await trx.updateTable('assessment_task_competencies').set({ self_ratings: JSON.stringify(ratings) }).where('task_id', '=', task.id).where('competency_id', '=', c.competency_id).execute();
        }
        if (request.body.submit) {
          await trx.updateTable('assessment_tasks').set({ self_submitted_at: sql`now()` }).where('id', '=', task.id).execute();
          await audit(trx, user.id, 'assessment_task.self_submitted', String(task.id));
        }
      });
    },
  );

  app.post(
    '/api/assessment-campaigns/tasks/:taskId/peers',
    {
      schema: {
        tags: TAG,
        summary: 'Nominate peers to give input (the supervisor, an office admin or the person assessed), up to the campaign’s maximum',
        params: TaskParam,
        body: Type.Object({ peerIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      return changeTask(user, request.params.taskId, async (trx) => {
        const { task, role } = await taskFor(trx, user, request.params.taskId, { lock: true });
        if (role === 'peer') throw forbidden(text('Rekan tidak dapat menunjuk rekan lain.', 'A peer cannot nominate other peers.'));
        if (!task.peer_input) throw new AppError(409, 'peer_input_off', text('Kampanye ini tanpa masukan rekan.', 'This campaign has no peer input.'));
        assertEditable(task);
        const ids = [...new Set(request.body.peerIds)];
        if (ids.includes(task.person_id) || (task.supervisor_id !== null && ids.includes(task.supervisor_id))) {
          throw invalid(text('Rekan tidak boleh pegawai itu sendiri atau atasannya.', 'A peer cannot be the person assessed or their supervisor.'));
        }
        const found = await trx.selectFrom('people').select('id').where('id', 'in', ids).where('active', '=', true).execute();
        if (found.length !== ids.length) throw invalid(text('Ada rekan yang tidak dikenal.', 'A peer is unknown.'));
        const already = (await trx.selectFrom('assessment_peer_inputs').select('peer_id').where('task_id', '=', task.id).execute()).map((r) => r.peer_id);
        const fresh = ids.filter((i) => !already.includes(i));
        if (already.length + fresh.length > task.max_peers) throw invalid(text(`Paling banyak ${task.max_peers} rekan.`, `At most ${task.max_peers} peers.`));
        if (fresh.length) await trx.insertInto('assessment_peer_inputs').values(fresh.map((peer_id) => ({ task_id: task.id, peer_id, nominated_by: user.id }))).execute();
        await audit(trx, user.id, 'assessment_task.peers_nominated', String(task.id), { peers: fresh });
      });
    },
  );

  app.get(
    '/api/assessment-campaigns/tasks/:taskId/peer-candidates',
    {
      schema: {
        tags: TAG,
        summary: 'Colleagues who may be nominated as peers: active people of the same office, not the person nor their supervisor (for those who may nominate)',
        params: TaskParam,
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), position: Nullable(Type.String()) })), ...errors },
      },
    },
    async (request) => {
      const { task, role } = await taskFor(db, request.user!, request.params.taskId);
      if (role === 'peer') throw forbidden(text('Rekan tidak dapat menunjuk rekan lain.', 'A peer cannot nominate other peers.'));
      if (task.unit_id === null) return [];
      return db
        .selectFrom('people as p')
        .leftJoin('positions as pos', 'pos.id', 'p.position_id')
        .select(['p.id', 'p.name', 'pos.name as position'])
        .where('p.unit_id', '=', task.unit_id)
        .where('p.active', '=', true)
        .where('p.id', '<>', task.person_id)
        .$if(task.supervisor_id !== null, (q) => q.where('p.id', '<>', task.supervisor_id!))
        .orderBy('p.name')
        .limit(300)
        .execute();
    },
  );

  app.put(
    '/api/assessment-campaigns/tasks/:taskId/peer-input',
    {
      schema: {
        tags: TAG,
        summary: 'Give my input as a nominated peer (ratings per competency and a comment); `submit` makes it final',
        params: TaskParam,
        body: Type.Object({ ratings: RatingsByCode, comment: Type.Optional(Type.String({ maxLength: 4000 })), submit: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      return changeTask(user, request.params.taskId, async (trx) => {
        const { task, role } = await taskFor(trx, user, request.params.taskId, { lock: true });
        if (role !== 'peer') throw forbidden(text('Hanya rekan yang ditunjuk yang memberi masukan.', 'Only nominated peers give input.'));
        assertEditable(task);
        const input = await trx.selectFrom('assessment_peer_inputs').select(['id', 'submitted_at']).where('task_id', '=', task.id).where('peer_id', '=', user.id).executeTakeFirstOrThrow();
        if (input.submitted_at) throw new AppError(409, 'already_submitted', text('Masukan Anda sudah dikirim.', 'Your input has already been submitted.'));
        checkByCode(await taskCompetencies(trx, task.id), request.body.ratings);
        await trx
          .updateTable('assessment_peer_inputs')
          .set({ ratings: JSON.stringify(request.body.ratings), comment: request.body.comment?.trim() ?? '', ...(request.body.submit ? { submitted_at: sql<Date>`now()` } : {}) })
          .where('id', '=', input.id)
          .execute();
      });
    },
  );

  app.put(
    '/api/assessment-campaigns/tasks/:taskId/supervisor',
    {
      schema: {
        tags: TAG,
        summary: 'Save the supervisor’s ratings as a draft (the direct supervisor or an office admin); competencies not sent keep their draft',
        params: TaskParam,
        body: Type.Object({ ratings: RatingsByCode, notes: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 4000 }))) }, { additionalProperties: false }),
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      return changeTask(user, request.params.taskId, async (trx) => {
        const task = await lockForSupervisor(trx, user, request.params.taskId);
        const comps = await taskCompetencies(trx, task.id);
        checkByCode(comps, request.body.ratings);
        const notes = request.body.notes ?? {};
        for (const code of Object.keys(notes)) if (!comps.some((c) => c.code === code)) throw invalid(text(`${code} tidak termasuk kompetensi yang dinilai di sini.`, `${code} is not one of the competencies assessed here.`));
        for (const c of comps) {
          const r: Ratings | undefined = request.body.ratings[c.code];
          const note = notes[c.code];
          if (r === undefined && note === undefined) continue;
          await trx
            .updateTable('assessment_task_competencies')
            .set({ ...(r !== undefined ? { supervisor_ratings: JSON.stringify(r) } : {}), ...(note !== undefined ? { supervisor_note: note.trim() } : {}) })
            .where('task_id', '=', task.id)
            .where('competency_id', '=', c.competency_id)
            .execute();
        }
        await trx.updateTable('assessment_tasks').set({ supervisor_saved_at: sql`now()` }).where('id', '=', task.id).execute();
      });
    },
  );

  app.post(
    '/api/assessment-campaigns/tasks/:taskId/finalise',
    {
      schema: {
        tags: TAG,
        summary: 'Finalise: each competency’s ratings become a supervisor assessment and its evidence; the task is read-only afterwards',
        params: TaskParam,
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      return changeTask(user, request.params.taskId, async (trx) => {
        const task = await lockForSupervisor(trx, user, request.params.taskId);
        const comps = await taskCompetencies(trx, task.id);
        const missing = comps.filter((c) => !c.supervisor_ratings).map((c) => c.code);
        if (missing.length) throw invalid(text(`Nilai dulu semua kompetensi: ${missing.join(', ')}.`, `Rate every competency first: ${missing.join(', ')}.`), { missing });
        for (const c of comps) {
          const saved = await recordAssessment(trx, user, task.person_id, c.code, c.supervisor_ratings!, c.supervisor_note);
          await trx.updateTable('assessment_task_competencies').set({ assessment_id: saved.id }).where('task_id', '=', task.id).where('competency_id', '=', c.competency_id).execute();
        }
        await trx.updateTable('assessment_tasks').set({ finalised_at: sql`now()`, finalised_by: user.id }).where('id', '=', task.id).execute();
        await audit(trx, user.id, 'assessment_task.finalised', String(task.id), { person: task.person_id });
      });
    },
  );
};

export default routes;
