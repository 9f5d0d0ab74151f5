/**
 * Admin reports over the ledgers, for the whole city or the admin's offices: the heat-map of
 * offices × competencies (share of people meeting their standard), who is below the yearly JP
 * target, and training needs (the gaps most people share, ranked by priority: training-needs.ts).
 * Each as JSON, CSV or XLSX; training needs also as a PDF document.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/sessions.ts';
import { CITY_NAME } from '../certificates/credential.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds, expandUnits, teamIds } from '../org/service.ts';
import { ErrorBody, forbidden, localeOf, notFound, text } from '../plugins/errors.ts';
import { sendTable, type Table } from '../reports/tables.ts';
import { competencyProfiles, currentYear, jpEntries, sumJp } from './profile.ts';
import { peopleRows, type PersonRow } from './routes.ts';
import { loadSettings, type CompetencySettingsT } from './settings.ts';
import { trainingNeedsPdf } from './training-needs-pdf.ts';
import { analyseTrainingNeeds, peopleTable, rankingTable, type Need } from './training-needs.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
const ReportQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this office and the offices below it' })),
    unit: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$', description: 'The same, by office code (e.g. DISDUKCAPIL)' })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'json (default), csv or xlsx (a download)' })),
  },
  { additionalProperties: false },
);
const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  /** Active people in the admin's scope (narrowed to unitId and below), with their profiles. */
  async function population(user: AuthUser, query: { unitId?: number; unit?: string }, locale: 'id' | 'en') {
    let unitId = query.unitId;
    if (query.unit !== undefined) {
      const u = await db.selectFrom('units').select('id').where('code', '=', query.unit.toUpperCase()).executeTakeFirst();
      if (!u) throw notFound(text('Unit dengan kode ini tidak ada.', 'There is no office with this code.'));
      unitId = u.id;
    }
    const scope = await adminUnitIds(db, user);
    let units: number[] | null = scope;
    if (unitId !== undefined) {
      const below = await expandUnits(db, [unitId]);
      if (scope !== null && !scope.includes(unitId)) throw forbidden(text('Unit ini di luar wewenang Anda.', 'This office is outside your scope.'));
      units = below;
    }
    let q = peopleRows(db).where('p.active', '=', true).where('p.unit_id', 'is not', null);
    if (units !== null) q = q.where('p.unit_id', 'in', units.length ? units : [0]);
    const people = (await q.orderBy('u.name').orderBy('p.name').execute()) as PersonRow[];
    const settings = await loadSettings(db);
    const profiles = await competencyProfiles(db, people.map((p) => ({ id: p.id, position_id: p.position_id, locale })), { settings });
    return { people, profiles, settings };
  }

  const reply = (r: FastifyReply, format: string | undefined, json: unknown, table: () => Table) => (format === 'csv' || format === 'xlsx' ? sendTable(r, table(), format) : json);

  app.get(
    '/api/reports/competencies',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Heat-map: per office and competency, how many people it is required of and the share meeting the standard',
        querystring: ReportQuery,
        response: {
          200: Type.Object({
            competencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
            offices: Type.Array(
              Type.Object({
                unit: UnitRef,
                people: Type.Integer(),
                cells: Type.Array(Type.Object({ code: Type.String(), required: Type.Integer(), meeting: Type.Integer(), share: Nullable(Type.Number()) })),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request, r) => {
      const { people, profiles } = await population(request.user!, request.query, localeOf(request));
      const comps = new Map<string, { code: string; name: string; kind: string }>();
      const offices = new Map<number, { unit: { id: number; code: string; name: string }; people: number; cells: Map<string, { required: number; meeting: number }> }>();
      for (const p of people) {
        const o = offices.get(p.unit_id!) ?? { unit: { id: p.unit_id!, code: p.unit_code!, name: p.unit_name! }, people: 0, cells: new Map() };
        o.people++;
        for (const c of profiles.get(p.id) ?? []) {
          if (c.required <= 0) continue;
          comps.set(c.code, { code: c.code, name: c.name, kind: c.kind });
          const cell = o.cells.get(c.code) ?? { required: 0, meeting: 0 };
          cell.required++;
          if (c.gap === 0) cell.meeting++;
          o.cells.set(c.code, cell);
        }
        offices.set(p.unit_id!, o);
      }
      const kindOrder: Record<string, number> = { manajerial: 0, sosial_kultural: 1, teknis: 2 };
      const columns = [...comps.values()].sort((a, b) => kindOrder[a.kind]! - kindOrder[b.kind]! || a.code.localeCompare(b.code));
      const rows = [...offices.values()].map((o) => ({
        unit: o.unit,
        people: o.people,
        cells: columns.map((c) => {
          const cell = o.cells.get(c.code) ?? { required: 0, meeting: 0 };
          return { code: c.code, ...cell, share: cell.required ? Math.round((cell.meeting / cell.required) * 1000) / 10 : null };
        }),
      }));
      return reply(r, request.query.format, { competencies: columns, offices: rows }, () => ({
        name: 'peta-kompetensi',
        head: ['kode_unit', 'unit', 'pegawai', ...columns.map((c) => `${c.code} (% memenuhi)`)],
        rows: rows.map((o) => [o.unit.code, o.unit.name, o.people, ...o.cells.map((c) => c.share)]),
      }));
    },
  );

  app.get(
    '/api/reports/jp',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: "Each person's JP of the year against the target, and per office how many are below it",
        querystring: Type.Composite([ReportQuery, Type.Object({ below: Type.Optional(Type.Boolean({ description: 'Only people below the target' })) })], { additionalProperties: false }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            target: Type.Number(),
            offices: Type.Array(Type.Object({ unit: UnitRef, people: Type.Integer(), below: Type.Integer(), averageJp: Type.Number() })),
            people: Type.Array(
              Type.Object({
                id: Type.Integer(),
                name: Type.String(),
                nip: Nullable(Type.String()),
                unit: UnitRef,
                position: Nullable(Type.String()),
                jp: Type.Number(),
                below: Type.Boolean(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request, r) => {
      const year = request.query.year ?? currentYear();
      const { people, settings } = await population(request.user!, request.query, localeOf(request));
      const jp = await jpEntries(db, people.map((p) => p.id), year);
      const rows = people.map((p) => {
        const total = sumJp(jp.get(p.id) ?? []);
        return { id: p.id, name: p.name, nip: p.nip, unit: { id: p.unit_id!, code: p.unit_code!, name: p.unit_name! }, position: p.position_name, jp: total, below: total < settings.jpTarget };
      });
      const offices = new Map<number, { unit: { id: number; code: string; name: string }; people: number; below: number; sum: number }>();
      for (const p of rows) {
        const o = offices.get(p.unit.id) ?? { unit: p.unit, people: 0, below: 0, sum: 0 };
        o.people++;
        o.sum += p.jp;
        if (p.below) o.below++;
        offices.set(p.unit.id, o);
      }
      const list = request.query.below ? rows.filter((p) => p.below) : rows;
      const officeRows = [...offices.values()].map((o) => ({ unit: o.unit, people: o.people, below: o.below, averageJp: Math.round((o.sum / o.people) * 100) / 100 })).sort((a, b) => b.below / b.people - a.below / a.people);
      return reply(r, request.query.format, { year, target: settings.jpTarget, offices: officeRows, people: list }, () => ({
        name: `jp-${year}`,
        head: ['nip', 'nama', 'kode_unit', 'unit', 'jabatan', `jp_${year}`, 'target', 'di_bawah_target'],
        rows: list.map((p) => [p.nip, p.name, p.unit.code, p.unit.name, p.position, p.jp, settings.jpTarget, p.below]),
      }));
    },
  );

  const TrainingNeedsQuery = Type.Object(
    {
      ...ReportQuery.properties,
      year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200, description: 'The plan year the document is titled with (default: this year)' })),
      format: Type.Optional(
        Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('pdf')], {
          description: 'json (default); csv or xlsx (the table chosen by `table`); pdf (the document for the annual plan)',
        }),
      ),
      table: Type.Optional(
        Type.Union([Type.Literal('summary'), Type.Literal('ranking'), Type.Literal('people')], {
          description: 'csv/xlsx: summary (default, the columns of old), ranking (every part of the priority, activities, proposals) or people (each person below a standard)',
        }),
      ),
      peopleLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'People affected listed per competency (default 20; `people` counts them all)' })),
    },
    { additionalProperties: false },
  );
  const TeamNeedsQuery = Type.Omit(TrainingNeedsQuery, ['unit', 'unitId'], { additionalProperties: false });
  const Activity = Type.Object({
    kind: Type.Union([Type.Literal('course'), Type.Literal('webinar')]),
    id: Type.Integer(),
    title: Type.String(),
    url: Type.String(),
    level: Type.Integer(),
    jp: Type.Number(),
    startsAt: Nullable(Type.String({ format: 'date-time' })),
    reachesTarget: Type.Boolean({ description: 'Develops the competency at the target level or above' }),
    covers: Type.Integer({ description: 'People affected whose required level it reaches' }),
  });

  const TrainingNeedsReply = Type.Array(
    Type.Object({
      rank: Type.Integer({ description: '1 = highest priority' }),
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      people: Type.Integer({ description: 'People below the standard' }),
      required: Type.Integer({ description: 'People it is required of' }),
      totalGap: Type.Integer({ description: 'Levels missing, added up' }),
      averageGap: Type.Number(),
      priority: Type.Number({ description: 'Σ gap × (1 + survey weight); totalGap when no signal applies' }),
      surveySignal: Nullable(
        Type.Object({
          element: Type.Union([Type.Literal('U6'), Type.Literal('U7')]),
          unit: UnitRef,
          average: Type.Number({ description: 'The element average (1–4) of the worst month' }),
          score: Type.Number({ description: 'average × 25' }),
          grade: Type.String(),
          months: Type.Array(Type.String(), { description: 'YYYY-MM, the months below the threshold in the window' }),
          weight: Type.Number(),
          people: Type.Integer({ description: 'People whose gap it weighs' }),
        }),
      ),
      targetLevel: Type.Integer({ description: 'The level most of the people affected require' }),
      offices: Type.Array(Type.Object({ unit: UnitRef, people: Type.Integer() })),
      courses: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), level: Type.Integer(), jp: Type.Number() })),
      activities: Type.Array(Activity, { description: 'Published courses and upcoming or recent webinars at the target level or above; else the closest below' }),
      affected: Type.Array(
        Type.Object({
          id: Type.Integer(),
          name: Type.String(),
          nip: Nullable(Type.String()),
          position: Nullable(Type.String()),
          unit: UnitRef,
          required: Type.Integer(),
          attained: Type.Integer(),
          gap: Type.Integer(),
        }),
      ),
      proposal: Nullable(
        Type.Object({
          title: Type.String(),
          level: Type.Integer(),
          form: Type.Union([Type.Literal('e_learning'), Type.Literal('webinar'), Type.Literal('coaching')]),
          jp: Type.Number(),
          headCount: Type.Integer(),
          positions: Type.Array(Type.Object({ name: Type.String(), tier: Nullable(Type.String()), people: Type.Integer() })),
          offices: Type.Array(Type.Object({ unit: UnitRef, people: Type.Integer() })),
        }),
      ),
    }),
  );

  app.get(
    '/api/reports/training-needs',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Training needs: the competencies with the largest shared gaps, ranked by priority, with the people affected, the courses and webinars that address them and a proposed programme where none does',
        description:
          'priority = Σ over the people below the standard of gap × (1 + survey weight of their office); the survey weight is the heaviest U6/U7 signal of the office or an office above it in the last trainingNeeds.signalMonths months that speaks of the competency, by grade (trainingNeeds.signalWeights in /api/competency-settings).',
        querystring: TrainingNeedsQuery,
        response: {
          200: TrainingNeedsReply,
          ...errors,
        },
      },
    },
    async (request, r) => {
      const q = request.query;
      const { people, profiles, settings } = await population(request.user!, q, localeOf(request));
      const rows = await analyseTrainingNeeds(db, people, profiles, settings, { peopleLimit: limitOf(q) });
      const file = (q.unit ?? (q.unitId !== undefined ? String(q.unitId) : 'kota')).toLowerCase();
      return sendNeeds(r, q, rows, settings, q.format === 'pdf' ? await scopeName(request.user!, q) : '', file);
    },
  );

  app.get(
    '/api/team/training-needs',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['reports'],
        summary: 'The same analysis for my team (everyone below me in the reporting line), as JSON, CSV, XLSX or PDF',
        querystring: TeamNeedsQuery,
        response: { 200: TrainingNeedsReply, ...errors },
      },
    },
    async (request, r) => {
      const q = request.query;
      const user = request.user!;
      const ids = await teamIds(db, user.id);
      const people = ids.length ? ((await peopleRows(db).where('p.id', 'in', ids).where('p.active', '=', true).where('p.unit_id', 'is not', null).orderBy('p.name').execute()) as PersonRow[]) : [];
      const settings = await loadSettings(db);
      const locale = localeOf(request);
      const profiles = await competencyProfiles(db, people.map((p) => ({ id: p.id, position_id: p.position_id, locale })), { settings });
      const rows = await analyseTrainingNeeds(db, people, profiles, settings, { peopleLimit: limitOf(q) });
      return sendNeeds(r, q, rows, settings, `Tim ${user.name}`, 'tim');
    },
  );

  /** Downloads list everyone; JSON `peopleLimit` (20 by default) per competency. */
  const limitOf = (q: { format?: string; peopleLimit?: number }) => (q.format && q.format !== 'json' ? Number.POSITIVE_INFINITY : (q.peopleLimit ?? 20));

  /** The needs as JSON, one of their tables as CSV/XLSX, or the PDF document. */
  async function sendNeeds(r: FastifyReply, q: { format?: string; table?: string; year?: number }, rows: Need[], settings: CompetencySettingsT, office: string, fileKey: string) {
    const year = q.year ?? currentYear();
    if (q.format === 'pdf') {
      const bytes = await trainingNeedsPdf({ office, year, needs: rows, settings, generatedAt: new Date() });
      return r.type('application/pdf').header('content-disposition', `attachment; filename="analisis-kebutuhan-pelatihan-${fileKey}-${year}.pdf"`).send(bytes);
    }
    if ((q.format === 'csv' || q.format === 'xlsx') && q.table === 'ranking') return sendTable(r, rankingTable(rows, `kebutuhan-pelatihan-peringkat-${year}`), q.format);
    if ((q.format === 'csv' || q.format === 'xlsx') && q.table === 'people') return sendTable(r, peopleTable(rows, `kebutuhan-pelatihan-pegawai-${year}`), q.format);
    return reply(r, q.format, rows, () => ({
      name: 'kebutuhan-pelatihan',
      head: ['kode', 'kompetensi', 'jenis', 'pegawai_di_bawah_standar', 'pegawai_wajib', 'total_kesenjangan_level', 'rata_rata_kesenjangan', 'unit_terbanyak', 'kursus'],
      rows: rows.map((n) => [n.code, n.name, n.kind, n.people, n.required, n.totalGap, n.averageGap, n.offices.slice(0, 3).map((o) => `${o.unit.code} (${o.people})`).join('; '), n.courses.map((c) => c.title).join('; ')]),
    }));
  }

  /** The office a report is for, by name; the city when none is chosen (an office admin's scope is still applied). */
  async function scopeName(user: AuthUser, query: { unitId?: number; unit?: string }): Promise<string> {
    if (query.unit === undefined && query.unitId === undefined) {
      if (user.adminScope === null || !user.adminScope.length) return CITY_NAME;
      return (await db.selectFrom('units').select('name').where('id', 'in', user.adminScope).orderBy('name').execute()).map((u) => u.name).join(', ');
    }
    let q = db.selectFrom('units').select('name');
    q = query.unit !== undefined ? q.where('code', '=', query.unit.toUpperCase()) : q.where('id', '=', query.unitId!);
    return (await q.executeTakeFirst())?.name ?? CITY_NAME;
  }
};

export default routes;
