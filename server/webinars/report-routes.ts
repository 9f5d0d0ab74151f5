/**
 * What a webinar came to: the hosts' attendance report and the poll and Q&A results (JSON, CSV
 * or XLSX), and each attendee's own outcome (minutes, JP, certificate).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuthUser } from '../auth/sessions.ts';
import { Nullable } from '../org/schemas.ts';
import { AppError, ErrorBody, forbidden, text } from '../plugins/errors.ts';
import { sendTable } from '../reports/tables.ts';
import { attendanceReport, myOutcome, webinarResults } from './outcomes.ts';
import { loadWebinar } from './queries.ts';
import { IdParam } from './schemas.ts';
import { canHost, webinarNotFound } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const DateTime = Type.String({ format: 'date-time' });
const FormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'json (default), csv or xlsx (a download)' })) },
  { additionalProperties: false },
);
const CloseReason = Type.Union(['left', 'timeout', 'ended', 'removed', 'restart'].map((r) => Type.Literal(r)));

const AttendanceReport = Type.Object({
  status: Type.Union(['scheduled', 'live', 'ended', 'cancelled'].map((s) => Type.Literal(s))),
  scheduledMinutes: Type.Integer(),
  thresholdPct: Type.Number(),
  items: Type.Array(
    Type.Object({
      person: Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        nip: Nullable(Type.String()),
        unit: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
      }),
      host: Type.Boolean({ description: 'The owner or a co-host: runs the webinar and earns nothing from it' }),
      registered: Type.Boolean({ description: 'Held a seat' }),
      minutes: Type.Integer({ description: 'Within the schedule, overlapping connections counted once' }),
      attendedPct: Type.Number({ description: 'Share of the scheduled time, 0–100' }),
      qualified: Nullable(Type.Boolean({ description: 'Earned JP, evidence and a certificate; null before the end, and for hosts' })),
      jp: Nullable(Type.Number()),
      attentionChecks: Type.Integer({ description: 'Attention checks shown to this person' }),
      attentionAcked: Type.Integer(),
      intervals: Type.Array(Type.Object({ joinedAt: DateTime, leftAt: Nullable(DateTime), closeReason: Nullable(CloseReason), mode: Type.String() })),
    }),
  ),
});

const Results = Type.Object({
  polls: Type.Array(
    Type.Object({
      id: Type.Integer(),
      question: Type.String(),
      multiple: Type.Boolean(),
      status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
      voters: Type.Integer(),
      options: Type.Array(Type.Object({ label: Type.String(), votes: Type.Integer() })),
      createdAt: DateTime,
      closedAt: Nullable(DateTime),
    }),
  ),
  questions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      body: Type.String(),
      anonymous: Type.Boolean(),
      askedBy: Type.Object({ id: Type.Integer(), name: Type.String() }, { description: 'Hosts see who asked, even an anonymous question' }),
      status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('dismissed')]),
      votes: Type.Integer(),
      createdAt: DateTime,
      decidedAt: Nullable(DateTime),
    }),
  ),
});

const Outcome = Type.Object({
  webinarId: Type.Integer(),
  minutes: Type.Integer(),
  attendedPct: Type.Number(),
  thresholdPct: Type.Number(),
  qualified: Type.Boolean(),
  jp: Type.Number(),
  attentionChecks: Type.Integer(),
  attentionAcked: Type.Integer(),
  certificateCode: Nullable(Type.String({ description: 'XXXX-XXXX-XXXX; /api/certificates/<code>/pdf downloads it' })),
  computedAt: DateTime,
});

/** A time as people in Surakarta read it, for the spreadsheets. */
const localTime = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Jakarta', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso)) : '';
const pct = (n: number) => Math.round(n * 100) / 100;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  async function hostedWebinar(id: number, user: AuthUser) {
    const w = await loadWebinar(db, id);
    if (!w) throw webinarNotFound();
    if (!(await canHost(db, w, user))) throw forbidden(text('Hanya penyelenggara webinar yang dapat melihat laporan ini.', 'Only the webinar’s hosts can see this report.'));
    return w;
  }

  app.get(
    '/api/webinars/:id/attendance',
    {
      config: { partner: true },
      schema: {
        tags: ['webinars'],
        summary: 'Attendance report (hosts and admins): per person minutes, share of the schedule, qualification and connection intervals',
        description: 'People who attended and people who held a seat. While live, open connections count up to now. format=csv or xlsx downloads one row per person.',
        params: IdParam,
        querystring: FormatQuery,
        response: { 200: AttendanceReport, ...errors },
      },
    },
    async (request, reply) => {
      const w = await hostedWebinar(request.params.id, request.user!);
      const report = await attendanceReport(db, w);
      const format = request.query.format;
      if (format !== 'csv' && format !== 'xlsx') return report;
      return sendTable(
        reply,
        {
          name: `kehadiran-webinar-${w.id}`,
          head: ['nip', 'nama', 'kode_unit', 'unit', 'peran', 'terdaftar', 'menit', 'persen_hadir', 'memenuhi', 'jp', 'cek_perhatian', 'cek_dijawab', 'masuk_pertama', 'keluar_terakhir', 'jumlah_sambungan'],
          rows: report.items.map((i) => {
            const lefts = i.intervals.map((x) => x.leftAt);
            return [
              i.person.nip,
              i.person.name,
              i.person.unit?.code,
              i.person.unit?.name,
              i.host ? 'penyelenggara' : 'peserta',
              i.registered,
              i.minutes,
              pct(i.attendedPct),
              i.qualified,
              i.jp,
              i.attentionChecks,
              i.attentionAcked,
              localTime(i.intervals[0]?.joinedAt ?? null),
              lefts.length && lefts.every((l) => l !== null) ? localTime(lefts.sort().at(-1)!) : '',
              i.intervals.length,
            ];
          }),
        },
        format,
      );
    },
  );

  app.get(
    '/api/webinars/:id/results',
    {
      config: { partner: true },
      schema: {
        tags: ['webinars'],
        summary: 'Poll and Q&A results (hosts and admins)',
        description: 'Polls with votes per option; questions with upvotes and status, most upvoted first. format=csv or xlsx downloads both as one table.',
        params: IdParam,
        querystring: FormatQuery,
        response: { 200: Results, ...errors },
      },
    },
    async (request, reply) => {
      const w = await hostedWebinar(request.params.id, request.user!);
      const results = await webinarResults(db, w.id);
      const format = request.query.format;
      if (format !== 'csv' && format !== 'xlsx') return results;
      return sendTable(
        reply,
        {
          name: `hasil-webinar-${w.id}`,
          head: ['jenis', 'no', 'pertanyaan', 'pilihan_atau_status', 'jumlah', 'penanya', 'anonim', 'waktu'],
          rows: [
            ...results.polls.flatMap((p, n) =>
              p.options.map((o) => ['jajak_pendapat', n + 1, p.question, o.label, o.votes, '', '', localTime(p.createdAt)]),
            ),
            ...results.questions.map((q, n) => ['tanya_jawab', n + 1, q.body, q.status, q.votes, q.askedBy.name, q.anonymous, localTime(q.createdAt)]),
          ],
        },
        format,
      );
    },
  );

  app.get(
    '/api/me/webinars/:id/outcome',
    {
      schema: {
        tags: ['webinars'],
        summary: 'What attending this webinar earned me: minutes, share, whether I qualified, JP and the certificate',
        description: '404 outcome_not_found until the webinar has ended, and when I did not attend it.',
        params: IdParam,
        response: { 200: Outcome, ...errors },
      },
    },
    async (request) => {
      const outcome = await myOutcome(db, request.user!.id, request.params.id);
      if (outcome) return outcome;
      if (!(await loadWebinar(db, request.params.id))) throw webinarNotFound();
      throw new AppError(404, 'outcome_not_found', text('Belum ada hasil kehadiran Anda untuk webinar ini.', 'There is no attendance outcome of yours for this webinar (yet).'));
    },
  );
};

export default routes;
