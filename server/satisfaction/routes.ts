/**
 * Managing the surveys and reading their results: admins manage the surveys of the offices in
 * their scope; supervisors may read the reports of the office they work in. Also the issue's
 * contract `GET /api/reports/ikm?unit=CODE`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { IdParam } from '../org/schemas.ts';
import { audit } from '../org/service.ts';
import { conflict, ErrorBody, invalid, localeOf, notFound, text } from '../plugins/errors.ts';
import { sendTable } from '../reports/tables.ts';
import { posterPdf } from './poster.ts';
import { reportTable, todayInJakarta, unitReport, type Period } from './report.ts';
import { listResponses, reviewResponse } from './responses.ts';
import {
  CreateSurveyBody,
  IkmQuery,
  IkmView,
  Pdf,
  QuestionBody,
  ResponseItem,
  ResponsesQuery,
  ReportQuery,
  ReviewBody,
  SignalItem,
  SignalsQuery,
  SurveyListItem,
  SurveyView,
  UnitReportView,
  UpdateQuestionBody,
  UpdateSurveyBody,
} from './schemas.ts';
import { evaluateSignals, listSignals } from './signals.ts';
import { addQuestion, checkUnitAccess, createSurvey, listSurveys, newSurveyToken, readableUnits, reportUrl, surveyById, surveyUrl, type SurveyRow } from './surveys.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const READERS = { roles: ['admin' as const, 'supervisor' as const] };
const ADMINS = { roles: ['admin' as const] };

const FLAG_EXPLANATIONS = {
  burst: (minutes: number, count: number) =>
    text(`Lebih dari ${count} jawaban untuk unit ini dari satu jaringan dalam ${minutes} menit.`, `More than ${count} responses for this unit from one network within ${minutes} minutes.`),
  identical: (minutes: number, count: number) =>
    text(`${count} atau lebih jawaban yang sama persis dari satu jaringan dalam ${minutes} menit.`, `${count} or more identical answer sets from one network within ${minutes} minutes.`),
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  const publicUrl = config.PUBLIC_URL.replace(/\/+$/, '');
  const signalSettings = { threshold: config.SURVEY_SIGNAL_THRESHOLD, minResponses: config.SURVEY_SIGNAL_MIN_RESPONSES };

  const view = (s: SurveyRow & { questions?: { id: number; kind: 'scale' | 'text'; prompt: string; labels: string[] | null }[] }) => ({
    id: s.id,
    unit: s.unit,
    parentId: s.parentId,
    counter: s.name,
    token: s.token,
    url: surveyUrl(publicUrl, s.token),
    reportUrl: reportUrl(publicUrl, s.token),
    services: s.services,
    active: s.active,
    questions: s.questions ?? [],
  });

  async function survey(id: number): Promise<SurveyRow> {
    const s = await surveyById(db, id);
    if (!s) throw notFound(text('Survei tidak ditemukan.', 'Survey not found.'));
    return s;
  }
  const surveyWithQuestions = async (id: number) => (await listSurveys(db, null)).find((s) => s.id === id)!;

  function rangeOf(q: { from?: string; to?: string }) {
    const today = todayInJakarta();
    const range = { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
    if (range.from > range.to) throw invalid(text('Tanggal awal harus sebelum tanggal akhir.', 'The start date must come before the end date.'));
    return range;
  }

  app.get(
    '/api/satisfaction/surveys',
    {
      config: READERS,
      schema: { tags: ['satisfaction'], summary: 'The surveys I manage or read, with this year’s score, the last six months and flagged responses (an office’s row: the whole office)', response: { 200: Type.Object({ items: Type.Array(SurveyListItem) }), ...errors } },
    },
    async (request) => {
      const units = await readableUnits(db, request.user!);
      const surveys = await listSurveys(db, units);
      const today = todayInJakarta();
      const year = { from: `${today.slice(0, 4)}-01-01`, to: today };
      const sixAgo = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 6, 1)).toISOString().slice(0, 10);
      const flagged = await db
        .selectFrom('satisfaction_responses')
        .select(['unit_id', 'survey_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('flag_reason', 'is not', null)
        .where('review', 'is', null)
        .groupBy(['unit_id', 'survey_id'])
        .execute();
      const items = [];
      for (const s of surveys) {
        // An office's row is the whole office (all its counters); a counter's row, the counter.
        const only = s.parentId === null ? undefined : s.id;
        const r = await unitReport(db, s.unitId, year, 'month', only);
        const trend = await unitReport(db, s.unitId, { from: sixAgo, to: today }, 'month', only);
        items.push({
          ...view(s),
          year: { responses: r.overall.responses, score: r.overall.score, grade: r.overall.grade },
          trend: trend.trend.map((t) => ({ period: t.period, responses: t.responses, score: t.score, grade: t.grade })),
          flagged: flagged.filter((f) => f.unit_id === s.unitId && (only === undefined || f.survey_id === only)).reduce((n, f) => n + Number(f.n), 0),
        });
      }
      return { items };
    },
  );

  app.post(
    '/api/satisfaction/surveys',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'Opens the survey of an office, or of a counter within it (its office survey is opened first when missing)', body: CreateSurveyBody, response: { 201: SurveyView, ...errors } },
    },
    async (request, reply) => {
      const { unitId, counter, services } = request.body;
      const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw notFound(text('Unit tidak ditemukan.', 'Office not found.'));
      await checkUnitAccess(db, request.user!, unitId, 'manage');
      const id = await db.transaction().execute(async (trx) => {
        let office = await trx.selectFrom('satisfaction_surveys').select('id').where('unit_id', '=', unitId).where('parent_id', 'is', null).executeTakeFirst();
        if (!counter && office) throw conflict(text('Unit ini sudah punya survei. Tambahkan loket bila perlu.', 'This office already has a survey; add a counter if needed.'));
        if (!office) office = { id: await createSurvey(trx, { unitId, services: counter ? [] : services, createdBy: request.user!.id }) };
        if (!counter) return office.id;
        const same = await trx.selectFrom('satisfaction_surveys').select('id').where('parent_id', '=', office.id).where(sql<string>`lower(name)`, '=', counter.trim().toLowerCase()).executeTakeFirst();
        if (same) throw conflict(text('Loket dengan nama ini sudah ada.', 'A counter with this name already exists.'));
        return createSurvey(trx, { unitId, parentId: office.id, name: counter.trim(), services, createdBy: request.user!.id });
      });
      await audit(db, request.user!.id, 'satisfaction.survey.create', `survey:${id}`, { unitId, counter: counter ?? null });
      return reply.code(201).send(view(await surveyWithQuestions(id)));
    },
  );

  app.patch(
    '/api/satisfaction/surveys/:id',
    { config: ADMINS, schema: { tags: ['satisfaction'], summary: 'Renames a counter, sets its services, closes or reopens a survey', params: IdParam, body: UpdateSurveyBody, response: { 200: SurveyView, ...errors } } },
    async (request) => {
      const s = await survey(request.params.id);
      await checkUnitAccess(db, request.user!, s.unitId, 'manage');
      const { counter, services, active } = request.body;
      if (counter !== undefined && s.parentId === null) throw invalid(text('Survei kantor tidak punya nama loket.', 'An office survey has no counter name.'));
      await db
        .updateTable('satisfaction_surveys')
        .set({
          ...(counter !== undefined ? { name: counter.trim() } : {}),
          ...(services !== undefined ? { services: JSON.stringify(services.map((x) => x.trim())) } : {}),
          ...(active !== undefined ? { active } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', s.id)
        .execute();
      return view(await surveyWithQuestions(s.id));
    },
  );

  app.post(
    '/api/satisfaction/surveys/:id/token',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'Gives the survey a new public address (the old QR code stops working): against abuse', params: IdParam, response: { 200: SurveyView, ...errors } },
    },
    async (request) => {
      const s = await survey(request.params.id);
      await checkUnitAccess(db, request.user!, s.unitId, 'manage');
      await db.updateTable('satisfaction_surveys').set({ token: newSurveyToken(), updated_at: new Date() }).where('id', '=', s.id).execute();
      await audit(db, request.user!.id, 'satisfaction.survey.token', `survey:${s.id}`);
      return view(await surveyWithQuestions(s.id));
    },
  );

  app.post(
    '/api/satisfaction/surveys/:id/questions',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'Adds a question of the office’s own (1–4 scale with four labels, or text), asked at all its counters', params: IdParam, body: QuestionBody, response: { 201: SurveyView, ...errors } },
    },
    async (request, reply) => {
      const s = await survey(request.params.id);
      await checkUnitAccess(db, request.user!, s.unitId, 'manage');
      const { kind, prompt, labels } = request.body;
      if (kind === 'scale' && !labels) throw invalid(text('Pertanyaan skala perlu empat pilihan jawaban, dari 1 (terburuk) sampai 4 (terbaik).', 'A scale question needs four answers, from 1 (worst) to 4 (best).'));
      const officeId = s.parentId ?? s.id;
      await addQuestion(db, officeId, { kind, prompt, labels: kind === 'scale' ? labels!.map((l) => l.trim()) : null, createdBy: request.user!.id });
      return reply.code(201).send(view(await surveyWithQuestions(officeId)));
    },
  );

  app.patch(
    '/api/satisfaction/questions/:id',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'Rewords or retires (active: false) an office’s own question; answers already given are kept', params: IdParam, body: UpdateQuestionBody, response: { 200: SurveyView, ...errors } },
    },
    async (request) => {
      const q = await db.selectFrom('satisfaction_questions').select(['id', 'survey_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!q) throw notFound(text('Pertanyaan tidak ditemukan.', 'Question not found.'));
      const s = await survey(q.survey_id);
      await checkUnitAccess(db, request.user!, s.unitId, 'manage');
      const { prompt, active } = request.body;
      await db
        .updateTable('satisfaction_questions')
        .set({ ...(prompt !== undefined ? { prompt: prompt.trim() } : {}), ...(active !== undefined ? { active } : {}) })
        .where('id', '=', q.id)
        .execute();
      return view(await surveyWithQuestions(s.id));
    },
  );

  app.get(
    '/api/satisfaction/surveys/:id/poster',
    { config: READERS, schema: { tags: ['satisfaction'], summary: 'The A4 poster with the QR code of the survey (PDF)', params: IdParam, produces: ['application/pdf'], response: { 200: Pdf, ...errors } } },
    async (request, reply) => {
      const s = await survey(request.params.id);
      await checkUnitAccess(db, request.user!, s.unitId, 'read');
      const pdf = await posterPdf({ unitName: s.unit.name, counter: s.name, url: surveyUrl(publicUrl, s.token) });
      const name = `poster-survei-${s.unit.code.toLowerCase()}${s.name ? `-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : ''}.pdf`;
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(pdf);
    },
  );

  app.get(
    '/api/satisfaction/units/:id/report',
    {
      config: READERS,
      schema: {
        tags: ['satisfaction'],
        summary: 'The index of an office over a range: per element, IKM, score and grade; trend by month or quarter; per counter (?format=csv|xlsx: a download)',
        params: IdParam,
        querystring: ReportQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: UnitReportView, ...errors },
      },
    },
    async (request, reply) => {
      const unit = await db.selectFrom('units').select(['id', 'code', 'name']).where('id', '=', request.params.id).executeTakeFirst();
      if (!unit) throw notFound(text('Unit tidak ditemukan.', 'Office not found.'));
      await checkUnitAccess(db, request.user!, unit.id, 'read');
      const { period = 'month', surveyId, format } = request.query;
      if (surveyId !== undefined) {
        const s = await surveyById(db, surveyId);
        if (!s || s.unitId !== unit.id) throw notFound(text('Survei ini bukan milik unit tersebut.', 'This survey does not belong to that office.'));
      }
      const range = rangeOf(request.query);
      const report = await unitReport(db, unit.id, range, period as Period, surveyId);
      if (format === 'csv' || format === 'xlsx') return sendTable(reply, reportTable(unit, report), format);
      return { unit, from: range.from, to: range.to, period: report.period, overall: report.overall, trend: report.trend, counters: report.counters, questions: report.questions, flagged: report.flagged };
    },
  );

  app.get(
    '/api/satisfaction/units/:id/responses',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'An office’s responses with their suggestions, newest first (?flagged=true: those held back, for review)', params: IdParam, querystring: ResponsesQuery, response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ResponseItem) }), ...errors } },
    },
    async (request) => {
      await checkUnitAccess(db, request.user!, request.params.id, 'manage');
      const lang = localeOf(request);
      const { flagged, limit = 50, offset = 0 } = request.query;
      const list = await listResponses(db, request.params.id, { flagged, limit, offset });
      return {
        total: list.total,
        items: list.items.map((r) => ({ ...r, flagExplanation: r.flagReason ? FLAG_EXPLANATIONS[r.flagReason](config.SURVEY_BURST_MINUTES, r.flagReason === 'burst' ? config.SURVEY_BURST_COUNT : config.SURVEY_BURST_IDENTICAL)[lang] : null })),
      };
    },
  );

  app.post(
    '/api/satisfaction/responses/:id/review',
    {
      config: ADMINS,
      schema: { tags: ['satisfaction'], summary: 'Includes a response in the index, or excludes it, whatever the abuse checks said; closed months are evaluated again', params: IdParam, body: ReviewBody, response: { 200: Type.Object({ id: Type.Integer(), review: Type.String(), counted: Type.Boolean() }), ...errors } },
    },
    async (request) => {
      const row = await db.selectFrom('satisfaction_responses').select(['id', 'unit_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw notFound(text('Jawaban tidak ditemukan.', 'Response not found.'));
      await checkUnitAccess(db, request.user!, row.unit_id, 'manage');
      await reviewResponse(db, row.id, request.body.decision, request.user!.id);
      await audit(db, request.user!.id, 'satisfaction.response.review', `response:${row.id}`, { decision: request.body.decision });
      // A decision on a closed month can move its U6/U7 figures: the evidence follows at once.
      await evaluateSignals(db, signalSettings, { unitId: row.unit_id });
      const after = await db.selectFrom('satisfaction_responses').select(['review', 'counted']).where('id', '=', row.id).executeTakeFirstOrThrow();
      return { id: row.id, review: after.review!, counted: after.counted };
    },
  );

  app.get(
    '/api/satisfaction/signals',
    {
      config: READERS,
      schema: { tags: ['satisfaction'], summary: 'Closed months in which an office’s U6 or U7 fell below the threshold, and the unit evidence they wrote', querystring: SignalsQuery, response: { 200: Type.Object({ items: Type.Array(SignalItem) }), ...errors } },
    },
    async (request) => {
      const { unitId } = request.query;
      let units = await readableUnits(db, request.user!);
      if (unitId !== undefined) {
        await checkUnitAccess(db, request.user!, unitId, 'read');
        units = [unitId];
      }
      return { items: await listSignals(db, units, localeOf(request)) };
    },
  );

  app.get(
    '/api/reports/ikm',
    {
      config: READERS,
      schema: { tags: ['satisfaction', 'reports'], summary: 'The index of an office by its code over a range (the evaluation issue’s contract)', querystring: IkmQuery, response: { 200: IkmView, ...errors } },
    },
    async (request) => {
      const unit = await db.selectFrom('units').select(['id', 'code', 'name']).where('code', '=', request.query.unit.toUpperCase()).executeTakeFirst();
      if (!unit) throw notFound(text('Unit dengan kode ini tidak ada.', 'There is no office with this code.'));
      await checkUnitAccess(db, request.user!, unit.id, 'read');
      const range = rangeOf(request.query);
      const { overall } = await unitReport(db, unit.id, range, 'month');
      return {
        unit,
        ...range,
        elements: overall.elements.map((e) => ({ code: e.code, average: e.average, responses: e.responses })),
        ikm: overall.ikm,
        score: overall.score,
        grade: overall.grade,
        responses: overall.responses,
      };
    },
  );
};

export default routes;
