/**
 * Competency frameworks, standards, and each person's competencies, gaps, recommendations and
 * JP. Frameworks are public (other systems refer to them); a person's profile is theirs, their
 * supervisors' (the whole reporting line) and their office admins'.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, Tier } from '../db/types.ts';
import { TIERS } from '../db/types.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds, audit, teamIds } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, localeOf, notFound, text } from '../plugins/errors.ts';
import { CasePackage, CaseError, fromCase, toCase } from './case.ts';
import { FrameworkDoc, FrameworkError, LevelSchema, listFrameworks, sameLevels, saveFramework } from './frameworks.ts';
import { competencyProfile, currentYear, jpEntries, recommendations, requiredLevels, sumJp, allCompetencies } from './profile.ts';
import { CompetencySettings, forgetSettings, loadSettings } from './settings.ts';
import { CompetencyStatus, Framework, IdParam, JpYear, PersonHeader, Recommendation, StandardRow, YearQuery } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
type Db = Kysely<DB> | Transaction<DB>;

export const frameworkNotFound = () => notFound(text('Kerangka kompetensi tidak ditemukan.', 'Competency framework not found.'));
export const personNotFound = () => notFound(text('Pegawai tidak ditemukan.', 'Person not found.'));

/** City-wide admins edit frameworks, tier defaults and settings (they are the city's). */
export function assertCityAdmin(user: AuthUser) {
  if (!user.roles.includes('admin') || user.adminScope !== null) {
    throw forbidden(text('Hanya admin tingkat kota yang dapat mengubah standar kompetensi.', 'Only city-wide admins can change competency standards.'));
  }
}

export interface PersonRow {
  id: number;
  name: string;
  nip: string | null;
  locale: 'id' | 'en';
  unit_id: number | null;
  unit_code: string | null;
  unit_name: string | null;
  position_id: number | null;
  position_name: string | null;
  tier: string | null;
  supervisor_id: number | null;
}

export function peopleRows(db: Db) {
  return db
    .selectFrom('people as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('positions as pos', 'pos.id', 'p.position_id')
    .select([
      'p.id',
      'p.name',
      'p.nip',
      'p.locale',
      'p.unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'p.position_id',
      'pos.name as position_name',
      'pos.tier',
      'p.supervisor_id',
    ]);
}

export const personHeader = (p: PersonRow) => ({
  id: p.id,
  name: p.name,
  nip: p.nip,
  unit: p.unit_id !== null ? { id: p.unit_id, code: p.unit_code!, name: p.unit_name! } : null,
  position: p.position_id !== null ? { id: p.position_id, name: p.position_name!, tier: p.tier! } : null,
});

/**
 * The person, if the caller may see their competencies: themselves, anyone above them in the
 * reporting line, or an admin of their office. Anyone else gets the same 404 as for nobody.
 */
export async function visiblePerson(db: Db, user: AuthUser, personId: number): Promise<PersonRow> {
  const person = (await peopleRows(db).where('p.id', '=', personId).executeTakeFirst()) as PersonRow | undefined;
  if (!person) throw personNotFound();
  if (person.id === user.id) return person;
  if (user.roles.includes('admin')) {
    const scope = await adminUnitIds(db, user);
    if (scope === null || (person.unit_id !== null && scope.includes(person.unit_id))) return person;
  }
  if (user.roles.includes('supervisor') && (await teamIds(db, user.id)).includes(person.id)) return person;
  throw personNotFound();
}

/** The AuthUser-like place of another person, for "meant for them" recommendations. */
export const placeOf = (p: PersonRow): AuthUser => ({
  id: p.id,
  name: p.name,
  locale: p.locale,
  roles: ['learner'],
  adminScope: [],
  place: { unitId: p.unit_id, positionId: p.position_id, tier: p.tier },
  mustChangePassword: false,
});

export async function jpYear(db: Db, personId: number, year: number) {
  const settings = await loadSettings(db);
  const entries = (await jpEntries(db, [personId], year)).get(personId) ?? [];
  return { year, total: sumJp(entries), target: settings.jpTarget, entries };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const baseUrl = () => app.config.PUBLIC_URL.replace(/\/+$/, '');

  // ---- Frameworks ------------------------------------------------------------------------------
  app.get(
    '/api/competency-frameworks',
    {
      config: { auth: 'public' },
      schema: { tags: ['competencies'], summary: 'Competency frameworks with their competencies, levels and behaviour indicators', response: { 200: Type.Array(Framework), ...errors } },
    },
    async () => listFrameworks(db),
  );

  app.get(
    '/api/competency-frameworks/:id',
    { config: { auth: 'public' }, schema: { tags: ['competencies'], summary: 'One framework', params: IdParam, response: { 200: Framework, ...errors } } },
    async (request) => {
      const [f] = await listFrameworks(db, request.params.id);
      if (!f) throw frameworkNotFound();
      return f;
    },
  );

  app.get(
    '/api/competency-frameworks/:id/case',
    {
      config: { auth: 'public' },
      schema: { tags: ['competencies'], summary: 'The framework as an IMS CASE 1.0 package (CFDocument, CFItems, CFAssociations)', params: IdParam, response: { 200: CasePackage, ...errors } },
    },
    async (request, reply) => {
      const [f] = await listFrameworks(db, request.params.id);
      if (!f) throw frameworkNotFound();
      reply.header('content-disposition', `attachment; filename="${f.slug}.case.json"`);
      return toCase(f, baseUrl());
    },
  );

  app.get(
    '/api/case/uri/:identifier',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['competencies'],
        summary: 'Resolves a CASE identifier of a framework, competency, level or behaviour indicator (the uri in Sinau’s CASE exports)',
        params: Type.Object({ identifier: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ CFDocument: Type.Optional(Type.Unknown()), CFItem: Type.Optional(Type.Unknown()), CFAssociations: Type.Array(Type.Unknown()) }), ...errors },
      },
    },
    async (request) => {
      const id = request.params.identifier.toLowerCase();
      for (const f of await listFrameworks(db)) {
        const pkg = toCase(f, baseUrl());
        const links = pkg.CFAssociations.filter((a) => a.originNodeURI.identifier === id || a.destinationNodeURI.identifier === id);
        if (pkg.CFDocument.identifier === id) return { CFDocument: pkg.CFDocument, CFAssociations: links };
        const item = pkg.CFItems.find((i) => i.identifier === id);
        if (item) return { CFItem: item, CFAssociations: links };
      }
      throw notFound(text('Pengenal CASE tidak dikenal.', 'Unknown CASE identifier.'));
    },
  );

  const SaveReport = Type.Object({ framework: Framework, created: Type.Array(Type.String()), newVersions: Type.Array(Type.String()), unchanged: Type.Array(Type.String()), retired: Type.Array(Type.String()) });
  const report = async (trx: Transaction<DB>, saved: Awaited<ReturnType<typeof saveFramework>>) => {
    const [framework] = await listFrameworks(trx, saved.frameworkId);
    return { framework: framework!, created: saved.created, newVersions: saved.newVersions, unchanged: saved.unchanged, retired: saved.retired };
  };

  /** Saves a framework document and reports what changed; a dry run reports and rolls back. */
  const saveDoc = async (user: AuthUser, body: unknown, source: 'app' | 'case', expectId?: number, dryRun = false) => {
    const rollback = new Error('dry run');
    let dry: Awaited<ReturnType<typeof report>> | null = null;
    try {
      return await db.transaction().execute(async (trx) => {
        const doc = body as Parameters<typeof saveFramework>[1];
        const existing = await trx.selectFrom('competency_frameworks').select(['id', 'source', 'content_hash']).where('slug', '=', doc.slug).executeTakeFirst();
        if (expectId !== undefined && existing?.id !== expectId) {
          if (!(await trx.selectFrom('competency_frameworks').select('id').where('id', '=', expectId).executeTakeFirst())) throw frameworkNotFound();
          throw invalid(text('Slug kerangka tidak dapat diubah.', "A framework's slug cannot change."));
        }
        if (expectId === undefined && existing && source === 'app') {
          throw new AppError(409, 'framework_exists', text(`Kerangka '${doc.slug}' sudah ada.`, `Framework '${doc.slug}' already exists.`));
        }
        // A framework kept as a file stays one: the edit holds until the file itself changes.
        const fromFile = existing?.source === 'file';
        const saved = await saveFramework(trx, doc, { source: fromFile ? 'file' : source, by: user.id, contentHash: fromFile ? existing.content_hash : null });
        const result = await report(trx, saved);
        if (dryRun) {
          dry = result;
          throw rollback;
        }
        await audit(trx, user.id, 'framework.saved', doc.slug, { slug: doc.slug, ...saved });
        return result;
      });
    } catch (err) {
      if (err === rollback && dry) return dry;
      if (err instanceof FrameworkError) throw new AppError(err.code === 'competency_code_taken' ? 409 : 400, err.code, text(`Kerangka tidak valid: ${err.message}`, `Invalid framework: ${err.message}`));
      throw err;
    }
  };

  app.post(
    '/api/competency-frameworks',
    { config: { roles: ['admin'] }, schema: { tags: ['competencies'], summary: 'Create a framework (city admins)', body: FrameworkDoc, response: { 201: SaveReport, ...errors } } },
    async (request, reply) => {
      assertCityAdmin(request.user!);
      return reply.status(201).send(await saveDoc(request.user!, request.body, 'app'));
    },
  );

  app.put(
    '/api/competency-frameworks/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['competencies'],
        summary: 'Replace a framework (city admins): changed competencies get a new version, missing ones are retired',
        params: IdParam,
        body: FrameworkDoc,
        response: { 200: SaveReport, ...errors },
      },
    },
    async (request) => {
      assertCityAdmin(request.user!);
      return saveDoc(request.user!, request.body, 'app', request.params.id);
    },
  );

  app.post(
    '/api/competency-frameworks/import',
    {
      config: { roles: ['admin'] },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['competencies'],
        summary: 'Import an IMS CASE 1.0 package (city admins); the same identifiers update the same framework. dryRun: the report of what would change, nothing saved',
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        body: Type.Unknown(),
        response: { 200: Type.Object({ dryRun: Type.Boolean(), slug: Type.String(), competencies: Type.Integer(), report: Nullable(SaveReport) }), ...errors },
      },
    },
    async (request) => {
      assertCityAdmin(request.user!);
      if (!Value.Check(CasePackage, request.body)) {
        const first = [...Value.Errors(CasePackage, request.body)][0];
        throw new AppError(400, 'invalid_case', text(`Bukan paket CASE yang valid: ${first?.path || '/'} ${first?.message ?? ''}`, `Not a valid CASE package: ${first?.path || '/'} ${first?.message ?? ''}`));
      }
      const byCaseId = await db.selectFrom('competency_frameworks').select('slug').where('case_id', '=', request.body.CFDocument.identifier.toLowerCase()).executeTakeFirst();
      let doc;
      try {
        doc = fromCase(request.body, byCaseId?.slug);
      } catch (err) {
        if (err instanceof CaseError) throw new AppError(400, 'invalid_case', text(`Paket CASE tidak dapat dibaca: ${err.message}`, `Cannot read the CASE package: ${err.message}`));
        throw err;
      }
      if (!Value.Check(FrameworkDoc, doc)) {
        const first = [...Value.Errors(FrameworkDoc, doc)][0];
        throw new AppError(400, 'invalid_case', text(`Isi paket CASE tidak sesuai: ${first?.path} ${first?.message}`, `The CASE package does not fit: ${first?.path} ${first?.message}`));
      }
      const dryRun = request.query.dryRun === true;
      return { dryRun, slug: doc.slug, competencies: doc.competencies.length, report: await saveDoc(request.user!, doc, 'case', undefined, dryRun) };
    },
  );

  app.put(
    '/api/competencies/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['competencies'],
        summary: "Edit a competency's wording (city admins): a new version; evidence keeps the version it was recorded against",
        params: IdParam,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.String({ maxLength: 4000 }), levels: Type.Array(LevelSchema, { minItems: 5, maxItems: 5 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer(), changed: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      assertCityAdmin(request.user!);
      const body = request.body;
      if (body.levels.some((l, i) => l.level !== i + 1)) throw invalid(text('Level harus 1 sampai 5 berurutan.', 'Levels must be 1 to 5 in order.'));
      return db.transaction().execute(async (trx) => {
        const c = await trx
          .selectFrom('competencies as c')
          .innerJoin('competency_versions as v', 'v.id', 'c.current_version_id')
          .select(['c.id', 'c.code', 'v.version', 'v.name', 'v.description', 'v.levels'])
          .where('c.id', '=', request.params.id)
          .forUpdate('c')
          .executeTakeFirst();
        if (!c) throw notFound(text('Kompetensi tidak ditemukan.', 'Competency not found.'));
        const levels = body.levels.map((l) => ({ level: l.level, name: l.name, description: l.description, indicators: l.indicators }));
        if (c.name === body.name && c.description === body.description && sameLevels(c.levels, levels)) return { id: c.id, code: c.code, version: c.version, changed: false };
        const v = await trx
          .insertInto('competency_versions')
          .values({ competency_id: c.id, version: c.version + 1, name: body.name, description: body.description, levels: JSON.stringify(levels), created_by: request.user!.id })
          .returning(['id', 'version'])
          .executeTakeFirstOrThrow();
        await trx.updateTable('competencies').set({ current_version_id: v.id, updated_at: sql`now()` }).where('id', '=', c.id).execute();
        await audit(trx, request.user!.id, 'competency.edited', c.code, { code: c.code, version: v.version });
        return { id: c.id, code: c.code, version: v.version, changed: true };
      });
    },
  );

  app.get(
    '/api/competencies/:id/versions',
    {
      schema: {
        tags: ['competencies'],
        summary: "A competency's versions, newest first",
        params: IdParam,
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), version: Type.Integer(), name: Type.String(), description: Type.String(), createdAt: Type.String(), createdBy: Nullable(Type.String()) })), ...errors },
      },
    },
    async (request) => {
      const rows = await db
        .selectFrom('competency_versions as v')
        .leftJoin('people as p', 'p.id', 'v.created_by')
        .select(['v.id', 'v.version', 'v.name', 'v.description', 'v.created_at', 'p.name as by'])
        .where('v.competency_id', '=', request.params.id)
        .orderBy('v.version', 'desc')
        .execute();
      if (!rows.length) throw notFound(text('Kompetensi tidak ditemukan.', 'Competency not found.'));
      return rows.map((r) => ({ id: r.id, version: r.version, name: r.name, description: r.description, createdAt: r.created_at.toISOString(), createdBy: r.by }));
    },
  );

  // ---- Settings and standards ----------------------------------------------------------------
  app.get(
    '/api/competency-settings',
    { schema: { tags: ['competencies'], summary: 'How attainment is computed, JP conversion, evidence weights', response: { 200: CompetencySettings, ...errors } } },
    async () => loadSettings(db, true),
  );

  app.put(
    '/api/competency-settings',
    { config: { roles: ['admin'] }, schema: { tags: ['competencies'], summary: 'Change the attainment method and JP rules (city admins)', body: CompetencySettings, response: { 200: CompetencySettings, ...errors } } },
    async (request) => {
      assertCityAdmin(request.user!);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('competency_settings').set({ settings: JSON.stringify(request.body), updated_by: request.user!.id, updated_at: sql`now()` }).execute();
        await audit(trx, request.user!.id, 'competency_settings.changed', null, request.body);
      });
      forgetSettings();
      return loadSettings(db, true);
    },
  );

  const TierLevels = Type.Object(Object.fromEntries(TIERS.map((t) => [t, Type.Integer({ minimum: 0, maximum: 5 })])) as Record<Tier, ReturnType<typeof Type.Integer>>, { additionalProperties: false });
  app.get(
    '/api/tier-standards',
    { schema: { tags: ['competencies'], summary: 'Default required level of managerial and socio-cultural competencies per tier', response: { 200: TierLevels, ...errors } } },
    async () => Object.fromEntries((await db.selectFrom('tier_standards').select(['tier', 'level']).execute()).map((r) => [r.tier, r.level])) as Record<Tier, number>,
  );
  app.put(
    '/api/tier-standards',
    { config: { roles: ['admin'] }, schema: { tags: ['competencies'], summary: 'Change the tier defaults (city admins)', body: Type.Partial(TierLevels, { minProperties: 1 }), response: { 200: TierLevels, ...errors } } },
    async (request) => {
      assertCityAdmin(request.user!);
      await db.transaction().execute(async (trx) => {
        for (const [tier, level] of Object.entries(request.body)) {
          await trx.updateTable('tier_standards').set({ level: level as number, updated_at: sql`now()` }).where('tier', '=', tier as Tier).execute();
        }
        await audit(trx, request.user!.id, 'tier_standards.changed', null, request.body);
      });
      return Object.fromEntries((await db.selectFrom('tier_standards').select(['tier', 'level']).execute()).map((r) => [r.tier, r.level])) as Record<Tier, number>;
    },
  );

  async function standardOf(positionId: number) {
    const pos = await db.selectFrom('positions').select(['id', 'name', 'tier', 'unit_id']).where('id', '=', positionId).executeTakeFirst();
    if (!pos) throw notFound(text('Jabatan tidak ditemukan.', 'Position not found.'));
    const [comps, required, overrides] = await Promise.all([
      allCompetencies(db),
      requiredLevels(db, [positionId]),
      db.selectFrom('position_standards').select(['competency_id', 'source']).where('position_id', '=', positionId).execute(),
    ]);
    const own = new Map(overrides.map((o) => [o.competency_id, o.source]));
    const levels = required.get(positionId) ?? new Map<number, number>();
    const rows = [...comps.values()]
      .filter((c) => levels.has(c.id) || own.has(c.id))
      .map((c) => ({ code: c.code, name: c.name, kind: c.kind, level: levels.get(c.id) ?? 0, from: own.has(c.id) ? ('position' as const) : ('tier' as const), source: own.get(c.id) ?? null }));
    return { position: { id: pos.id, name: pos.name, tier: pos.tier }, unitId: pos.unit_id, competencies: rows };
  }
  const PositionStandard = Type.Object({ position: Type.Object({ id: Type.Integer(), name: Type.String(), tier: Type.String() }), competencies: Type.Array(StandardRow) });

  app.get(
    '/api/positions/:id/standard',
    { schema: { tags: ['competencies'], summary: "A position's competency standard: required level per competency", params: IdParam, response: { 200: PositionStandard, ...errors } } },
    async (request) => {
      const { position, competencies } = await standardOf(request.params.id);
      return { position, competencies };
    },
  );

  app.put(
    '/api/positions/:id/standard',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['competencies'],
        summary: "Set a position's required levels (admins of its office): a level overrides the tier default (0: not required); 'default' goes back to it",
        params: IdParam,
        body: Type.Object(
          {
            levels: Type.Array(
              Type.Object(
                {
                  code: Type.String({ minLength: 1, maxLength: 40 }),
                  level: Type.Union([Type.Integer({ minimum: 0, maximum: 5 }), Type.Literal('default')], { description: "0–5, or 'default' for the tier's default" }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 200 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PositionStandard, ...errors },
      },
    },
    async (request) => {
      const pos = await db.selectFrom('positions').select(['id', 'unit_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!pos) throw notFound(text('Jabatan tidak ditemukan.', 'Position not found.'));
      const scope = await adminUnitIds(db, request.user!);
      if (scope !== null && !scope.includes(pos.unit_id)) throw forbidden(text('Jabatan ini di luar wewenang Anda.', 'This position is outside your scope.'));
      const comps = new Map([...(await allCompetencies(db)).values()].map((c) => [c.code, c.id]));
      const unknown = request.body.levels.filter((l) => !comps.has(l.code)).map((l) => l.code);
      if (unknown.length) throw invalid(text(`Kompetensi tidak dikenal: ${unknown.join(', ')}`, `Unknown competencies: ${unknown.join(', ')}`), { unknown });
      await db.transaction().execute(async (trx) => {
        for (const l of request.body.levels) {
          const competencyId = comps.get(l.code)!;
          if (l.level === 'default') {
            await trx.deleteFrom('position_standards').where('position_id', '=', pos.id).where('competency_id', '=', competencyId).execute();
          } else {
            await trx
              .insertInto('position_standards')
              .values({ position_id: pos.id, competency_id: competencyId, level: l.level, source: 'app' })
              .onConflict((oc) => oc.columns(['position_id', 'competency_id']).doUpdateSet({ level: l.level as number, source: 'app', updated_at: sql`now()` }))
              .execute();
          }
        }
        await audit(trx, request.user!.id, 'position_standard.changed', String(pos.id), { positionId: pos.id, levels: request.body.levels });
      });
      const { position, competencies } = await standardOf(pos.id);
      return { position, competencies };
    },
  );

  // ---- A person's competencies, JP and recommendations -----------------------------------------
  const me = async (user: AuthUser) => (await peopleRows(db).where('p.id', '=', user.id).executeTakeFirstOrThrow()) as PersonRow;

  app.get(
    '/api/me/competencies',
    {
      schema: {
        tags: ['competencies'],
        summary: "My competencies against my position's standard: required, attained, gap, and the evidence, largest gap first",
        response: { 200: Type.Array(CompetencyStatus), ...errors },
      },
    },
    async (request) => {
      const p = await me(request.user!);
      return competencyProfile(db, { id: p.id, position_id: p.position_id, locale: localeOf(request) });
    },
  );

  app.get(
    '/api/me/jp',
    { schema: { tags: ['competencies'], summary: 'My JP (lesson hours) of a year against the yearly target', querystring: YearQuery, response: { 200: JpYear, ...errors } } },
    async (request) => jpYear(db, request.user!.id, request.query.year ?? currentYear()),
  );

  app.get(
    '/api/me/recommendations',
    { schema: { tags: ['competencies'], summary: 'Courses and tests that close my gaps, best fit first', response: { 200: Type.Array(Recommendation), ...errors } } },
    async (request) => {
      const p = await me(request.user!);
      const profile = await competencyProfile(db, { id: p.id, position_id: p.position_id, locale: localeOf(request) });
      return recommendations(db, request.user!, profile);
    },
  );

  const PersonCompetencies = Type.Object({ person: PersonHeader, competencies: Type.Array(CompetencyStatus), jp: JpYear, recommendations: Type.Array(Recommendation) });
  app.get(
    '/api/people/:id/competencies',
    {
      schema: {
        tags: ['competencies'],
        summary: "A person's competencies, JP and recommendations (themselves, their supervisors, their office's admins)",
        params: IdParam,
        querystring: YearQuery,
        response: { 200: PersonCompetencies, ...errors },
      },
    },
    async (request) => {
      const p = await visiblePerson(db, request.user!, request.params.id);
      const profile = await competencyProfile(db, { id: p.id, position_id: p.position_id, locale: localeOf(request) });
      return {
        person: personHeader(p),
        competencies: profile,
        jp: await jpYear(db, p.id, request.query.year ?? currentYear()),
        recommendations: await recommendations(db, placeOf(p), profile),
      };
    },
  );
};

export default routes;
