/**
 * What citizens reach without an account: the survey page a QR code opens (a plain HTML form,
 * posted back urlencoded), its JSON twin for other clients, and the report an office
 * publishes. Outside /api (the pages) nothing asks for a session; the /api/public routes are
 * marked public.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieSecure } from '../plugins/auth.ts';
import { AppError, ErrorBody, localeOf, text } from '../plugins/errors.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, loadHasher, newDeviceToken, validDeviceToken, type Hasher } from './abuse.ts';
import { ELEMENTS, PROFILE_FIELDS, type Lang } from './elements.ts';
import { problemPage, reportPage, surveyPage, thanksPage, type FormValues } from './pages.ts';
import { unitReport, reportYears, todayInJakarta } from './report.ts';
import { checkSubmission, storeResponse, SubmissionInvalid, type Limits, type Origin, type RawSubmission } from './responses.ts';
import { Html, LangQuery, PublicSurveyView, Received, SubmissionBody, TokenParam } from './schemas.ts';
import { surveyByToken, surveyNotFound, type PublicSurvey } from './surveys.ts';

// The pages need no script, and nothing on them may be framed or load anything.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const errors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody, 503: ErrorBody };
const newFormKey = () => randomBytes(12).toString('base64url');

/** The form's fields as the checks expect them (fields the form does not have are ignored). */
function fromForm(values: FormValues): RawSubmission {
  const answers: Record<string, string> = {};
  for (const e of ELEMENTS) if (values[e.code] !== undefined) answers[e.code] = values[e.code]!;
  const profile: Record<string, string> = {};
  for (const f of PROFILE_FIELDS) if (values[f.key] !== undefined) profile[f.key] = values[f.key]!;
  if (values.service !== undefined) profile.service = values.service;
  const questions: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const m = /^q(\d{1,12})$/.exec(k);
    if (m) questions[m[1]!] = v;
  }
  return { answers, profile, questions, suggestion: values.suggestion, key: values.k };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  const limits: Limits = {
    deviceHour: config.SURVEY_LIMIT_DEVICE_HOUR,
    deviceDay: config.SURVEY_LIMIT_DEVICE_DAY,
    ipHour: config.SURVEY_LIMIT_IP_HOUR,
    ipDay: config.SURVEY_LIMIT_IP_DAY,
    burstMinutes: config.SURVEY_BURST_MINUTES,
    burstCount: config.SURVEY_BURST_COUNT,
    burstIdentical: config.SURVEY_BURST_IDENTICAL,
  };
  let hasher: Promise<Hasher> | null = null;
  const getHasher = () =>
    (hasher ??= loadHasher(db, config.SURVEY_HASH_SECRET).catch((err: unknown) => {
      hasher = null;
      throw err;
    }));

  // The page's form posts urlencoded: parsed here only, for these routes.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** The device's cookie, given to it now when it has none (or only when `give`). */
  function deviceToken(request: FastifyRequest, reply: FastifyReply, give: boolean): string | null {
    const have = request.cookies[DEVICE_COOKIE];
    if (validDeviceToken(have)) return have;
    if (!give) return null;
    const token = newDeviceToken();
    reply.setCookie(DEVICE_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(request, config.COOKIE_SECURE), maxAge: DEVICE_COOKIE_MAX_AGE });
    return token;
  }

  async function originOf(request: FastifyRequest, channel: 'form' | 'api', device: string | null): Promise<Origin> {
    const h = await getHasher();
    return { channel, deviceHash: device ? h.device(device) : null, ipHash: h.ip(request.ip), netHash: h.net(request.ip) };
  }

  /**
   * A form posted from another site (which could make visitors' browsers answer for it) is
   * refused: browsers say where a form came from in Origin and Sec-Fetch-Site.
   */
  function crossSite(request: FastifyRequest): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return true;
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || origin === 'null') return false;
    const own = new Set([`${request.protocol}://${request.host}`, new URL(config.PUBLIC_URL).origin]);
    return !own.has(origin);
  }

  const html = (reply: FastifyReply) => reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
  const langOf = (request: { query: { lang?: Lang } }): Lang => request.query.lang ?? 'id';

  const showSurvey = async (request: FastifyRequest<{ Params: { token: string }; Querystring: { lang?: Lang } }>, reply: FastifyReply) => {
    const lang = langOf(request);
    const survey = await surveyByToken(db, request.params.token);
    if (!survey) return html(reply).code(404).send(problemPage(lang, 'not_found', surveyNotFound().text, `/s/${encodeURIComponent(request.params.token)}`));
    deviceToken(request, reply, true);
    return html(reply).send(surveyPage(lang, survey, { key: newFormKey() }));
  };
  app.get(
    '/s/:token',
    { schema: { tags: ['satisfaction'], summary: 'The survey page a QR code opens (public HTML, no script)', params: TokenParam, querystring: LangQuery, produces: ['text/html'], response: { 200: Html, 404: Html } } },
    showSurvey,
  );
  app.get(
    '/survei/:token',
    {
      schema: {
        tags: ['satisfaction'],
        summary: "An office's survey page by the office's code (e.g. /survei/DISDUKCAPIL), or by a survey's token",
        params: TokenParam,
        querystring: LangQuery,
        produces: ['text/html'],
        response: { 200: Html, 404: Html },
      },
    },
    showSurvey,
  );

  app.post(
    '/s/:token',
    {
      schema: {
        tags: ['satisfaction'],
        summary: 'Sends the survey form (urlencoded); 303 to the thank-you page, or the form again with the mistakes named',
        params: TokenParam,
        querystring: LangQuery,
        consumes: ['application/x-www-form-urlencoded'],
        body: Type.Record(Type.String(), Type.String()),
        produces: ['text/html'],
        response: { 400: Html, 403: Html, 404: Html, 429: Html },
      },
    },
    async (request, reply) => {
      const lang = langOf(request);
      const path = `/s/${encodeURIComponent(request.params.token)}`;
      const survey = await surveyByToken(db, request.params.token);
      if (!survey) return html(reply).code(404).send(problemPage(lang, 'not_found', surveyNotFound().text, path));
      if (crossSite(request)) {
        return html(reply)
          .code(403)
          .send(problemPage(lang, 'refused', text('Formulir ini hanya dapat dikirim dari halaman survei Sinau sendiri.', 'This form can only be sent from Sinau’s own survey page.'), path));
      }
      const values = request.body as FormValues;
      try {
        const submission = checkSubmission(survey, fromForm(values));
        await storeResponse(db, survey, submission, await originOf(request, 'form', deviceToken(request, reply, true)), limits);
      } catch (err) {
        if (err instanceof SubmissionInvalid) {
          const key = typeof values.k === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(values.k) ? values.k : newFormKey();
          return html(reply).code(400).send(surveyPage(lang, survey, { values, errors: err.fields, key }));
        }
        if (err instanceof AppError && err.statusCode === 429) {
          return html(reply).code(429).headers(err.headers ?? {}).send(problemPage(lang, 'rate_limited', err.text, path));
        }
        throw err;
      }
      return reply.redirect(`/s/${survey.token}/thanks${lang === 'en' ? '?lang=en' : ''}`, 303);
    },
  );

  app.get(
    '/s/:token/thanks',
    { schema: { tags: ['satisfaction'], summary: 'The thank-you page after sending (public HTML)', params: TokenParam, querystring: LangQuery, produces: ['text/html'], response: { 200: Html, 404: Html } } },
    async (request, reply) => {
      const lang = langOf(request);
      const survey = await surveyByToken(db, request.params.token);
      if (!survey) return html(reply).code(404).send(problemPage(lang, 'not_found', surveyNotFound().text, `/s/${encodeURIComponent(request.params.token)}`));
      return html(reply).send(thanksPage(lang, survey));
    },
  );

  const publicView = (survey: PublicSurvey, lang: Lang) => ({
    token: survey.token,
    unit: { code: survey.unit.code, name: survey.unit.name },
    counter: survey.counter,
    elements: ELEMENTS.map((e) => ({ code: e.code, name: e.name[lang], question: e.question[lang], labels: [...e.labels[lang]] })),
    profile: PROFILE_FIELDS.map((f) => ({ key: f.key, label: f.label[lang], options: f.options.map((o) => ({ value: o.value, label: o.label[lang] })) })),
    services: survey.services,
    questions: survey.questions,
  });

  async function openSurvey(token: string): Promise<PublicSurvey> {
    const survey = await surveyByToken(db, token);
    if (!survey) throw surveyNotFound();
    return survey;
  }

  app.get(
    '/api/public/surveys/:token',
    {
      config: { auth: 'public' },
      schema: { tags: ['satisfaction'], summary: 'A survey’s questions and choices (public)', params: TokenParam, querystring: LangQuery, response: { 200: PublicSurveyView, ...errors } },
    },
    async (request) => publicView(await openSurvey(request.params.token), request.query.lang ?? localeOf(request)),
  );

  app.post(
    '/api/public/surveys/:token/responses',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['satisfaction'],
        summary: 'Sends a response (public): 201; 400 names each field at fault; 429 with Retry-After over a rate limit',
        params: TokenParam,
        body: SubmissionBody,
        response: { 200: Received, 201: Received, ...errors },
      },
    },
    async (request, reply) => {
      const survey = await openSurvey(request.params.token);
      let submission;
      try {
        submission = checkSubmission(survey, request.body as RawSubmission);
      } catch (err) {
        if (err instanceof SubmissionInvalid) throw new SubmissionInvalid(err.fields, localeOf(request));
        throw err;
      }
      const stored = await storeResponse(db, survey, submission, await originOf(request, 'api', deviceToken(request, reply, false)), limits);
      return reply.code(stored.duplicate ? 200 : 201).send({ status: 'received' as const });
    },
  );

  app.get(
    '/satisfaction/report/:token',
    {
      schema: {
        tags: ['satisfaction'],
        summary: 'The printable report an office publishes (public HTML): aggregates only',
        params: TokenParam,
        querystring: Type.Composite([LangQuery, Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) })]),
        produces: ['text/html'],
        response: { 200: Html, 404: Html },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang ?? 'id';
      const survey = await surveyByToken(db, request.params.token);
      if (!survey) return html(reply).code(404).send(problemPage(lang, 'not_found', surveyNotFound().text, `/satisfaction/report/${encodeURIComponent(request.params.token)}`));
      const today = todayInJakarta();
      const year = request.query.year ?? Number(today.slice(0, 4));
      const report = await unitReport(db, survey.unit.id, { from: `${year}-01-01`, to: `${year}-12-31` }, 'quarter');
      const years = await reportYears(db, survey.unit.id);
      if (!years.includes(year)) years.push(year);
      years.sort((a, b) => b - a);
      return html(reply).send(reportPage(lang, { token: survey.token, unit: survey.unit, counter: null, year, years, report, publishedAt: new Date() }));
    },
  );
};

export default routes;
