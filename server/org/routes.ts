import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql, type Transaction } from 'kysely';
import { hashPassword } from '../auth/password.ts';
import { deletePersonSessions, type AuthUser } from '../auth/sessions.ts';
import type { DB, Role } from '../db/types.ts';
import { conflict, ErrorBody, forbidden, invalid, localeOf, notFound, text } from '../plugins/errors.ts';
import { importStaff } from './import.ts';
import {
  IdParam,
  ImportQuery,
  ImportReport,
  PasswordSet,
  PeoplePage,
  PeopleQuery,
  Person,
  PersonPatch,
  Position,
  PositionCreate,
  PositionPatch,
  PositionQuery,
  Unit,
  UnitCreate,
  UnitPatch,
} from './schemas.ts';
import { adminUnitIds, audit, expandUnits, personQuery, teamIds, toPersonView } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const ADMIN: Role[] = ['admin'];

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db;

  /** Throws unless the admin may manage this office (null office: only a city-wide admin). */
  async function assertAdminOf(user: AuthUser, unitId: number | null, trx: Transaction<DB> | typeof db = db) {
    const scope = await adminUnitIds(trx, user);
    if (scope === null) return;
    if (unitId === null || !scope.includes(unitId)) throw forbidden(text('Unit ini di luar wewenang Anda.', 'This office is outside your scope.'));
  }

  /** Whom this person may see in people lists: null = everyone. */
  async function visiblePeople(user: AuthUser): Promise<{ units: number[] | null; people: number[] }> {
    const isAdmin = user.roles.includes('admin');
    const isSupervisor = user.roles.includes('supervisor');
    if (!isAdmin && !isSupervisor) throw forbidden();
    const units = isAdmin ? await adminUnitIds(db, user) : [];
    if (units === null) return { units: null, people: [] };
    return { units, people: isSupervisor ? await teamIds(db, user.id) : [] };
  }

  // ---- Offices -------------------------------------------------------------------------------
  const unitList = () =>
    db
      .selectFrom('units as u')
      .select([
        'u.id',
        'u.code',
        'u.name',
        'u.kind',
        'u.parent_id as parentId',
        'u.active',
        sql<number>`(SELECT count(*)::int FROM people p WHERE p.unit_id = u.id AND p.active)`.as('peopleCount'),
      ]);

  app.get(
    '/api/units',
    { schema: { tags: ['org'], summary: 'Offices (OPD), kecamatan, kelurahan and schools', response: { 200: Type.Array(Unit), ...errors } } },
    async () => unitList().orderBy('u.code').execute(),
  );

  async function assertParent(user: AuthUser, parentId: number | null | undefined, selfId?: number) {
    if (parentId === undefined || parentId === null) {
      if (parentId === null || selfId === undefined) await assertAdminOf(user, null); // a top-level office: city-wide admins only
      return;
    }
    const parent = await db.selectFrom('units').select('id').where('id', '=', parentId).executeTakeFirst();
    if (!parent) throw invalid(text('Unit induk tidak ditemukan.', 'The parent office does not exist.'));
    if (selfId !== undefined && (await expandUnits(db, [selfId])).includes(parentId)) {
      throw invalid(text('Unit tidak boleh berada di bawah dirinya sendiri.', 'An office cannot sit below itself.'));
    }
    await assertAdminOf(user, parentId);
  }

  app.post(
    '/api/units',
    { config: { roles: ADMIN }, schema: { tags: ['org'], summary: 'Create an office', body: UnitCreate, response: { 201: Unit, ...errors } } },
    async (request, reply) => {
      const { code, name, kind, parentId } = request.body;
      await assertParent(request.user!, parentId ?? undefined);
      try {
        const row = await db.insertInto('units').values({ code, name: name.trim(), kind, parent_id: parentId ?? null }).returning('id').executeTakeFirstOrThrow();
        await audit(db, request.user!.id, 'unit.create', code);
        return reply.status(201).send(await unitList().where('u.id', '=', row.id).executeTakeFirstOrThrow());
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(text(`Kode unit ${code} sudah dipakai.`, `Office code ${code} is already used.`));
        throw err;
      }
    },
  );

  app.patch(
    '/api/units/:id',
    { config: { roles: ADMIN }, schema: { tags: ['org'], summary: 'Edit an office', params: IdParam, body: UnitPatch, response: { 200: Unit, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const unit = await db.selectFrom('units').select(['id', 'code']).where('id', '=', id).executeTakeFirst();
      if (!unit) throw notFound();
      await assertAdminOf(request.user!, id);
      const { name, kind, parentId, active } = request.body;
      if (parentId !== undefined) await assertParent(request.user!, parentId, id);
      await db
        .updateTable('units')
        .set({
          ...(name !== undefined && { name: name.trim() }),
          ...(kind !== undefined && { kind }),
          ...(parentId !== undefined && { parent_id: parentId }),
          ...(active !== undefined && { active }),
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
      await audit(db, request.user!.id, 'unit.update', unit.code, request.body);
      return unitList().where('u.id', '=', id).executeTakeFirstOrThrow();
    },
  );

  // ---- Positions -----------------------------------------------------------------------------
  const positionList = () =>
    db
      .selectFrom('positions as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .select([
        'p.id',
        'p.name',
        'p.tier',
        'u.id as unit_id',
        'u.code as unit_code',
        'u.name as unit_name',
        sql<number>`(SELECT count(*)::int FROM people x WHERE x.position_id = p.id AND x.active)`.as('peopleCount'),
      ]);
  type PositionRow = Awaited<ReturnType<ReturnType<typeof positionList>['executeTakeFirstOrThrow']>>;
  const toPosition = (r: PositionRow) => ({ id: r.id, name: r.name, tier: r.tier, unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name }, peopleCount: r.peopleCount });

  app.get(
    '/api/positions',
    { schema: { tags: ['org'], summary: 'Positions (jabatan), optionally of one office', querystring: PositionQuery, response: { 200: Type.Array(Position), ...errors } } },
    async (request) => {
      let q = positionList();
      if (request.query.unitId) q = q.where('p.unit_id', '=', request.query.unitId);
      return (await q.orderBy('u.code').orderBy('p.name').execute()).map(toPosition);
    },
  );

  app.post(
    '/api/positions',
    { config: { roles: ADMIN }, schema: { tags: ['org'], summary: 'Create a position', body: PositionCreate, response: { 201: Position, ...errors } } },
    async (request, reply) => {
      const { name, tier, unitId } = request.body;
      const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw invalid(text('Unit tidak ditemukan.', 'The office does not exist.'));
      await assertAdminOf(request.user!, unitId);
      try {
        const row = await db.insertInto('positions').values({ name: name.replace(/\s+/g, ' ').trim(), tier, unit_id: unitId }).returning('id').executeTakeFirstOrThrow();
        await audit(db, request.user!.id, 'position.create', String(row.id), request.body);
        return reply.status(201).send(toPosition(await positionList().where('p.id', '=', row.id).executeTakeFirstOrThrow()));
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(text('Jabatan dengan nama ini sudah ada di unit tersebut.', 'A position with this name already exists in that office.'));
        throw err;
      }
    },
  );

  app.patch(
    '/api/positions/:id',
    { config: { roles: ADMIN }, schema: { tags: ['org'], summary: 'Edit a position', params: IdParam, body: PositionPatch, response: { 200: Position, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const pos = await db.selectFrom('positions').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
      if (!pos) throw notFound();
      await assertAdminOf(request.user!, pos.unit_id);
      const { name, tier } = request.body;
      try {
        await db
          .updateTable('positions')
          .set({ ...(name !== undefined && { name: name.replace(/\s+/g, ' ').trim() }), ...(tier !== undefined && { tier }), updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(text('Jabatan dengan nama ini sudah ada di unit tersebut.', 'A position with this name already exists in that office.'));
        throw err;
      }
      await audit(db, request.user!.id, 'position.update', String(id), request.body);
      return toPosition(await positionList().where('p.id', '=', id).executeTakeFirstOrThrow());
    },
  );

  // ---- People --------------------------------------------------------------------------------
  app.get(
    '/api/people',
    {
      schema: {
        tags: ['org'],
        summary: 'People: an admin sees those in their scope, a supervisor their team',
        querystring: PeopleQuery,
        response: { 200: PeoplePage, ...errors },
      },
    },
    async (request) => {
      const { q, unitId, team, limit, offset } = request.query;
      const visible = team
        ? { units: [] as number[], people: request.user!.roles.includes('supervisor') ? await teamIds(db, request.user!.id) : [] }
        : await visiblePeople(request.user!);
      if (team && !request.user!.roles.includes('supervisor')) throw forbidden();
      let query = personQuery(db);
      if (visible.units !== null) {
        const { units, people } = visible;
        query = query.where((eb) =>
          eb.or([
            ...(units.length > 0 ? [eb('p.unit_id', 'in', units)] : []),
            ...(people.length > 0 ? [eb('p.id', 'in', people)] : []),
            eb.lit(false),
          ]),
        );
      }
      if (unitId) query = query.where('p.unit_id', '=', unitId);
      if (q && q.trim()) {
        const term = `%${q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([eb(eb.fn('lower', ['p.name']), 'like', term), eb('p.nip', 'like', term), eb('p.email', 'like', term), eb('p.username', 'like', term)]),
        );
      }
      const [items, total] = await Promise.all([
        query.orderBy(sql`lower(p.name)`).orderBy('p.id').limit(limit).offset(offset).execute(),
        db
          .selectFrom(query.as('x'))
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(toPersonView), total: total.n };
    },
  );

  async function loadVisiblePerson(user: AuthUser, id: number) {
    const row = await personQuery(db).where('p.id', '=', id).executeTakeFirst();
    if (row && row.id === user.id) return row;
    const visible = await visiblePeople(user);
    if (!row) throw notFound();
    if (visible.units === null || (row.unit_id !== null && visible.units.includes(row.unit_id)) || visible.people.includes(row.id)) return row;
    // Not "forbidden": whether this id exists is itself not theirs to know.
    throw notFound();
  }

  app.get(
    '/api/people/:id',
    { schema: { tags: ['org'], summary: 'One person', params: IdParam, response: { 200: Person, ...errors } } },
    async (request) => toPersonView(await loadVisiblePerson(request.user!, request.params.id)),
  );

  app.patch(
    '/api/people/:id',
    { config: { roles: ADMIN }, schema: { tags: ['org'], summary: 'Edit a person (admin)', params: IdParam, body: PersonPatch, response: { 200: Person, ...errors } } },
    async (request) => {
      const user = request.user!;
      const { id } = request.params;
      const body = request.body;
      const before = await loadVisiblePerson(user, id);
      await assertAdminOf(user, before.unit_id);
      const unitId = body.unitId !== undefined ? body.unitId : before.unit_id;
      if (body.unitId !== undefined) {
        if (body.unitId !== null && !(await db.selectFrom('units').select('id').where('id', '=', body.unitId).executeTakeFirst())) {
          throw invalid(text('Unit tidak ditemukan.', 'The office does not exist.'));
        }
        await assertAdminOf(user, body.unitId);
      }
      const positionId = body.positionId !== undefined ? body.positionId : body.unitId !== undefined && body.unitId !== before.unit_id ? null : before.position_id;
      if (positionId !== null) {
        const pos = await db.selectFrom('positions').select('unit_id').where('id', '=', positionId).executeTakeFirst();
        if (!pos || pos.unit_id !== unitId) throw invalid(text('Jabatan tidak ada di unit orang ini.', "The position does not belong to this person's office."));
      }
      if (body.supervisorId !== undefined && body.supervisorId !== null) {
        if (body.supervisorId === id) throw invalid(text('Pegawai tidak boleh menjadi atasannya sendiri.', 'A person cannot be their own supervisor.'));
        if (!(await db.selectFrom('people').select('id').where('id', '=', body.supervisorId).executeTakeFirst())) {
          throw invalid(text('Atasan tidak ditemukan.', 'The supervisor does not exist.'));
        }
        if ((await teamIds(db, id)).includes(body.supervisorId)) {
          throw invalid(text('Atasan ini berada di bawah orang tersebut; rantai atasan akan melingkar.', 'That supervisor reports to this person; the chain would loop.'));
        }
      }
      if (body.roles !== undefined) {
        const had = before.roles.includes('admin');
        const wants = body.roles.includes('admin');
        if (had !== wants && user.adminScope !== null) throw forbidden(text('Hanya admin tingkat kota yang dapat mengubah peran admin.', 'Only city-wide admins can grant or remove the admin role.'));
        if (had && !wants && id === user.id) throw invalid(text('Anda tidak dapat mencabut peran admin Anda sendiri.', 'You cannot remove your own admin role.'));
      }
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('people')
            .set({
              ...(body.name !== undefined && { name: body.name.replace(/\s+/g, ' ').trim() }),
              ...(body.email !== undefined && { email: body.email?.toLowerCase() ?? null }),
              ...(body.unitId !== undefined && { unit_id: body.unitId }),
              position_id: positionId,
              ...(body.supervisorId !== undefined && { supervisor_id: body.supervisorId }),
              ...(body.active !== undefined && { active: body.active }),
              updated_at: sql`now()`,
            })
            .where('id', '=', id)
            .execute();
          if (body.roles !== undefined) {
            const keep = body.roles;
            await trx.deleteFrom('person_roles').where('person_id', '=', id).where('role', 'not in', keep.length ? keep : ['__none__' as Role]).execute();
            const current = new Set((await trx.selectFrom('person_roles').select('role').where('person_id', '=', id).execute()).map((r) => r.role));
            const added = keep.filter((r) => !current.has(r));
            if (added.length) await trx.insertInto('person_roles').values(added.map((role) => ({ person_id: id, role }))).execute();
          }
          if (body.active === false) await deletePersonSessions(trx, id);
          await audit(trx, user.id, 'person.update', String(id), body);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(text('E-mail ini sudah dipakai pegawai lain.', 'This e-mail is already used by someone else.'));
        throw err;
      }
      // Roles and activity travel with cached sessions.
      app.sessionCache.forgetPerson(id);
      return toPersonView((await personQuery(db).where('p.id', '=', id).executeTakeFirst())!);
    },
  );

  app.post(
    '/api/people/:id/password',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Set a temporary password the person must change at next sign-in (admin)',
        params: IdParam,
        body: PasswordSet,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const person = await loadVisiblePerson(request.user!, request.params.id);
      await assertAdminOf(request.user!, person.unit_id);
      const hash = await hashPassword(request.body.password);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ password_hash: hash, must_change_password: true, updated_at: sql`now()` }).where('id', '=', person.id).execute();
        await deletePersonSessions(trx, person.id);
        await audit(trx, request.user!.id, 'person.password_reset', String(person.id));
      });
      app.sessionCache.forgetPerson(person.id);
      return reply.status(204).send(null);
    },
  );

  // ---- Staff import --------------------------------------------------------------------------
  app.post(
    '/api/people/import',
    {
      config: { roles: ADMIN },
      bodyLimit: app.config.IMPORT_MAX_BYTES,
      schema: {
        tags: ['org'],
        summary: 'Import staff from a personnel CSV export (dry run by default)',
        description:
          'Body: the CSV text (Content-Type text/csv). Columns: nip, nama, email, kode_unit, jabatan, nip_atasan, and optionally jenjang for new positions. ' +
          'Comma or semicolon separated. With dryRun=false and rejected lines, nothing is applied unless skipInvalid=true (422 import_has_errors).',
        querystring: ImportQuery,
        consumes: ['text/csv', 'text/plain'],
        response: { 200: ImportReport, 422: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (typeof body !== 'string' || body.trim() === '') throw invalid(text('Kirim isi berkas CSV sebagai badan permintaan.', 'Send the CSV file as the request body.'));
      const scope = { unitIds: await adminUnitIds(db, request.user!) };
      const { dryRun, skipInvalid } = request.query;
      const locale = localeOf(request);
      const report = await db.transaction().execute((trx) => importStaff(trx, body, { dryRun, skipInvalid, scope, locale, actorId: request.user!.id }));
      if (!dryRun && !report.applied) {
        const n = report.summary.reject;
        return reply.status(422).send({
          error: {
            code: 'import_has_errors',
            message:
              locale === 'id'
                ? `${n} baris ditolak; tidak ada yang diterapkan. Perbaiki berkas atau pilih untuk melewati baris yang ditolak.`
                : `${n} line${n === 1 ? ' was' : 's were'} rejected; nothing was applied. Fix the file or choose to skip the rejected lines.`,
            details: report,
          },
        });
      }
      return report;
    },
  );
};

export default routes;
