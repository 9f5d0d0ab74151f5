/**
 * /api/evaluations…: the reaction survey after a course or webinar, its pre-test and post-test,
 * the supervisor's follow-up after 90 days, and the reports per activity and per trainer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../plugins/errors.ts';
import { sendTable, type Cell } from '../reports/tables.ts';
import {
  ActivityParams,
  FollowUpAnswer,
  FollowUpList,
  FollowUpQuery,
  FormatQuery,
  IdParam,
  MySurvey,
  PendingSurveys,
  Report,
  SurveyAnswers,
  Tests,
  TestsBody,
  TrainerOverview,
} from './schemas.ts';
import {
  activityReport,
  activityTests,
  answerFollowup,
  dismissSurvey,
  loadActivity,
  myFollowups,
  mySurvey,
  pendingSurveys,
  requireReport,
  setTests,
  submitSurvey,
  trainerOverview,
} from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['evaluation'];
const APPLIED_ID = { not_at_all: 'tidak sama sekali', partly: 'sebagian', mostly: 'sebagian besar', fully: 'sepenuhnya' } as const;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/evaluations/me/pending',
    { schema: { tags, summary: 'Reaction surveys waiting for me: activities completed in the last 90 days, neither answered nor dismissed', response: { 200: PendingSurveys, ...errors } } },
    async (request) => pendingSurveys(db, request.user!.id),
  );

  app.get(
    '/api/evaluations/:kind/:id/survey',
    {
      schema: {
        tags,
        summary: 'My reaction survey for a course or webinar: whether I may answer it, and my answers once sent',
        params: ActivityParams,
        response: { 200: MySurvey, ...errors },
      },
    },
    async (request) => mySurvey(db, await loadActivity(db, request.params.kind, request.params.id), request.user!.id),
  );

  app.post(
    '/api/evaluations/:kind/:id/survey',
    {
      schema: {
        tags,
        summary: 'Answer the reaction survey (Kirkpatrick level 1), once',
        description:
          'Open once the course is completed or the webinar’s outcome counted me present. 403 not_eligible before that; 409 already_answered the second time: answers are final.',
        params: ActivityParams,
        body: SurveyAnswers,
        response: { 201: MySurvey, ...errors },
      },
    },
    async (request, reply) => {
      const a = await loadActivity(db, request.params.kind, request.params.id);
      await submitSurvey(db, a, request.user!.id, request.body);
      return reply.status(201).send(await mySurvey(db, a, request.user!.id));
    },
  );

  app.post(
    '/api/evaluations/:kind/:id/survey/dismiss',
    {
      schema: {
        tags,
        summary: 'Stop prompting me for this survey (it stays open to answer)',
        params: ActivityParams,
        response: { 200: MySurvey, ...errors },
      },
    },
    async (request) => {
      const a = await loadActivity(db, request.params.kind, request.params.id);
      await dismissSurvey(db, a, request.user!.id);
      return mySurvey(db, a, request.user!.id);
    },
  );

  app.get(
    '/api/evaluations/:kind/:id/tests',
    {
      schema: { tags, summary: 'The activity’s pre-test and post-test quizzes (trainer, admins)', params: ActivityParams, response: { 200: Tests, ...errors } },
    },
    async (request) => {
      const a = await loadActivity(db, request.params.kind, request.params.id);
      await requireReport(db, a, request.user!);
      return activityTests(db, a);
    },
  );

  app.put(
    '/api/evaluations/:kind/:id/tests',
    {
      schema: {
        tags,
        summary: 'Name the pre-test (and for a course the post-test) quiz; null removes it (trainer, admins)',
        description: 'A webinar’s post-test is its own quizId; sending postQuizId for a webinar is 400.',
        params: ActivityParams,
        body: TestsBody,
        response: { 200: Tests, ...errors },
      },
    },
    async (request) => setTests(db, await loadActivity(db, request.params.kind, request.params.id), request.user!, request.body),
  );

  app.get(
    '/api/evaluations/:kind/:id/report',
    {
      schema: {
        tags,
        summary: 'Evaluation report of a course or webinar (its trainer, admins): reaction, pre/post, follow-ups',
        description:
          'Anonymous: no names in the reaction part. Averages, comments and supervisors’ examples are withheld below minResponses (3) answers. Per-person pre/post results for admins only. format=csv or xlsx downloads it as one table.',
        params: ActivityParams,
        querystring: FormatQuery,
        response: { 200: Report, ...errors },
      },
    },
    async (request, reply) => {
      const a = await loadActivity(db, request.params.kind, request.params.id);
      const r = await activityReport(db, a, request.user!);
      const format = request.query.format;
      if (format !== 'csv' && format !== 'xlsx') return r;
      const rows: Cell[][] = [
        ['reaksi', 'memenuhi_syarat', r.reaction.eligible],
        ['reaksi', 'responden', r.reaction.responses],
        ['reaksi', 'tingkat_respons_persen', r.reaction.responseRate],
      ];
      if (r.reaction.averages) {
        const av = r.reaction.averages;
        rows.push(
          ['reaksi', 'relevansi_rata2', av.relevance],
          ['reaksi', 'pengajar_rata2', av.trainer],
          ['reaksi', 'materi_rata2', av.materials],
          ['reaksi', 'platform_rata2', av.delivery],
          ['reaksi', 'rekomendasi_rata2', av.recommend],
          ['reaksi', 'nps', av.nps],
        );
      }
      for (const c of r.reaction.comments?.mostUseful ?? []) rows.push(['reaksi', 'paling_bermanfaat', c]);
      for (const c of r.reaction.comments?.improve ?? []) rows.push(['reaksi', 'perlu_diperbaiki', c]);
      const pp = r.prePost;
      rows.push(
        ['pembelajaran', 'tes_awal', pp.pre?.title ?? ''],
        ['pembelajaran', 'tes_akhir', pp.post?.title ?? ''],
        ['pembelajaran', 'peserta_dengan_keduanya', pp.people],
        ['pembelajaran', 'rata2_tes_awal', pp.preAvg],
        ['pembelajaran', 'rata2_tes_akhir', pp.postAvg],
        ['pembelajaran', 'rata2_kenaikan', pp.gainAvg],
        ['pembelajaran', 'gain_ternormalisasi', pp.normalisedGain],
        ['pembelajaran', 'persen_meningkat', pp.improvedPct],
      );
      for (const p of pp.persons ?? []) rows.push(['pembelajaran_per_orang', `${p.person.nip ?? ''} ${p.person.name}`.trim(), `${p.pre} → ${p.post} (g ${p.normalisedGain ?? '-'})`]);
      rows.push(['penerapan', 'tindak_lanjut_dibuat', r.followUp.created], ['penerapan', 'tindak_lanjut_dijawab', r.followUp.answered]);
      for (const [k, v] of Object.entries(r.followUp.distribution)) rows.push(['penerapan', APPLIED_ID[k as keyof typeof APPLIED_ID], v]);
      for (const e of r.followUp.examples ?? []) rows.push(['penerapan', 'contoh', e]);
      return sendTable(reply, { name: `evaluasi-${a.kind === 'courses' ? 'kursus' : 'webinar'}-${a.id}`, head: ['tingkat', 'ukuran', 'nilai'], rows }, format);
    },
  );

  app.get(
    '/api/evaluations/trainers/:id',
    {
      schema: {
        tags,
        summary: 'Evaluation overview of a trainer’s courses and webinars (the trainer themself, admins)',
        params: IdParam,
        response: { 200: TrainerOverview, ...errors },
      },
    },
    async (request) => trainerOverview(db, request.params.id, request.user!),
  );

  app.get(
    '/api/evaluations/follow-ups',
    {
      schema: {
        tags,
        summary: 'My follow-ups as a supervisor (Kirkpatrick level 3): due 90 days after a team member completed a course or attended a webinar',
        description: 'Reading creates the follow-ups that have fallen due. state=all includes answered ones.',
        querystring: FollowUpQuery,
        response: { 200: FollowUpList, ...errors },
      },
    },
    async (request) => myFollowups(db, request.user!.id, request.query.state ?? 'due'),
  );

  app.post(
    '/api/evaluations/follow-ups/:id',
    {
      schema: {
        tags,
        summary: 'Answer a follow-up: has the person applied the activity at work? Once; 409 already_answered after',
        params: IdParam,
        body: FollowUpAnswer,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await answerFollowup(db, request.params.id, request.user!, request.body);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
