/**
 * Admin reports over the ledgers, for the whole city or the admin's offices: the heat-map of
 * offices × competencies (share of people meeting their standard), who is below the yearly JP
 * target, and training needs (the gaps most people share). Each as JSON, CSV or XLSX.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/sessions.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds, expandUnits } from '../org/service.ts';
import { ErrorBody, forbidden, localeOf, notFound, text } from '../plugins/errors.ts';
import { sendTable, type Table } from '../reports/tables.ts';
import { competencyProfiles, currentYear, jpEntries, sumJp, type CompetencyStatus } from './profile.ts';
import { peopleRows, type PersonRow } from './routes.ts';
import { loadSettings } from './settings.ts';

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

  app.get(
    '/api/reports/training-needs',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Training needs: the competencies with the largest shared gaps, the offices and people affected, and the courses that close them',
        querystring: ReportQuery,
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              kind: Type.String(),
              people: Type.Integer({ description: 'People below the standard' }),
              required: Type.Integer({ description: 'People it is required of' }),
              totalGap: Type.Integer({ description: 'Levels missing, added up' }),
              averageGap: Type.Number(),
              offices: Type.Array(Type.Object({ unit: UnitRef, people: Type.Integer() })),
              courses: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), level: Type.Integer(), jp: Type.Number() })),
            }),
          ),
          ...errors,
        },
      },
    },
    async (request, r) => {
      const { people, profiles } = await population(request.user!, request.query, localeOf(request));
      const needs = new Map<string, { c: CompetencyStatus; people: number; required: number; totalGap: number; offices: Map<number, { unit: { id: number; code: string; name: string }; people: number }> }>();
      for (const p of people) {
        for (const c of profiles.get(p.id) ?? []) {
          if (c.required <= 0) continue;
          const n = needs.get(c.code) ?? { c, people: 0, required: 0, totalGap: 0, offices: new Map() };
          n.required++;
          if (c.gap > 0) {
            n.people++;
            n.totalGap += c.gap;
            const o = n.offices.get(p.unit_id!) ?? { unit: { id: p.unit_id!, code: p.unit_code!, name: p.unit_name! }, people: 0 };
            o.people++;
            n.offices.set(p.unit_id!, o);
          }
          needs.set(c.code, n);
        }
      }
      const codes = [...needs.keys()];
      const courses = codes.length
        ? await db
            .selectFrom('course_competencies as cc')
            .innerJoin('courses as c', 'c.id', 'cc.course_id')
            .select(['c.id', 'c.slug', 'c.title', 'c.jp', 'cc.competency_code', 'cc.level'])
            .where('c.status', '=', 'published')
            .where('cc.competency_code', 'in', codes)
            .orderBy('cc.level', 'desc')
            .execute()
        : [];
      const rows = [...needs.values()]
        .filter((n) => n.people > 0)
        .sort((a, b) => b.totalGap - a.totalGap || b.people - a.people)
        .map((n) => ({
          code: n.c.code,
          name: n.c.name,
          kind: n.c.kind,
          people: n.people,
          required: n.required,
          totalGap: n.totalGap,
          averageGap: Math.round((n.totalGap / n.people) * 100) / 100,
          offices: [...n.offices.values()].sort((a, b) => b.people - a.people),
          courses: courses.filter((c) => c.competency_code === n.c.code).map((c) => ({ id: c.id, slug: c.slug, title: c.title, level: c.level, jp: Number(c.jp) })),
        }));
      return reply(r, request.query.format, rows, () => ({
        name: 'kebutuhan-pelatihan',
        head: ['kode', 'kompetensi', 'jenis', 'pegawai_di_bawah_standar', 'pegawai_wajib', 'total_kesenjangan_level', 'rata_rata_kesenjangan', 'unit_terbanyak', 'kursus'],
        rows: rows.map((n) => [n.code, n.name, n.kind, n.people, n.required, n.totalGap, n.averageGap, n.offices.slice(0, 3).map((o) => `${o.unit.code} (${o.people})`).join('; '), n.courses.map((c) => c.title).join('; ')]),
      }));
    },
  );
};

export default routes;
