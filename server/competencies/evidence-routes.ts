/**
 * Evidence that people bring rather than earn in Sinau: prior learning (a certificate from
 * training elsewhere, reviewed by the supervisor or an admin) and supervisor assessments on a
 * competency's behaviour indicators. Both land in the ledger in the transaction that accepts
 * or saves them.
 */
import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB, LevelDoc } from '../db/types.ts';
import { cleanFileName, storeUpload, type StoredUpload } from '../media/service.ts';
import { Nullable } from '../org/schemas.ts';
import { adminUnitIds, audit, teamIds } from '../org/service.ts';
import { AppError, ErrorBody, forbidden, invalid, notFound, text } from '../plugins/errors.ts';
import { CODE_PATTERN } from './frameworks.ts';
import { competencyByCode, ensureEvidence, ensureJp } from './ledger.ts';
import { visiblePerson } from './routes.ts';
import { IdParam } from './schemas.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };
type Db = Kysely<DB> | Transaction<DB>;
const PROOF_MAX_BYTES = 10 * 1024 * 1024;

const Claimed = Type.Array(Type.Object({ code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }), { maxItems: 20 });
export const ClaimFields = Type.Object(
  {
    kind: Type.Union([Type.Literal('pelatihan'), Type.Literal('pendidikan'), Type.Literal('seminar'), Type.Literal('sertifikasi'), Type.Literal('lainnya')]),
    title: Type.String({ minLength: 3, maxLength: 300 }),
    provider: Type.String({ maxLength: 300 }),
    completedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }),
    jp: Type.Number({ minimum: 0, maximum: 200 }),
    competencies: Claimed,
    note: Type.String({ maxLength: 2000 }),
    partnerId: Nullable(Type.Integer({ minimum: 1, description: 'The partner institution where the learning took place (GET /api/partners/options)' })),
  },
  { additionalProperties: false },
);
type ClaimFieldsT = Static<typeof ClaimFields>;

export const Claim = Type.Object({
  id: Type.Integer(),
  person: Type.Object({ id: Type.Integer(), name: Type.String(), nip: Nullable(Type.String()), unit: Nullable(Type.String()) }),
  kind: Type.String(),
  title: Type.String(),
  provider: Type.String(),
  partner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  completedOn: Type.String(),
  jp: Type.Number(),
  competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer() })),
  note: Type.String(),
  proof: Nullable(Type.Object({ mediaId: Type.String(), name: Type.String(), mime: Type.String(), url: Type.String() })),
  status: Type.String(),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  reviewReason: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const Assessment = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  assessor: Type.Object({ id: Type.Integer(), name: Type.String() }),
  level: Type.Integer({ description: 'Level shown (0: not even level 1)' }),
  ratings: Type.Record(Type.String(), Type.Array(Type.Boolean())),
  note: Type.String(),
  createdAt: Type.String(),
});

const claimNotFound = () => notFound(text('Klaim pembelajaran tidak ditemukan.', 'Prior-learning claim not found.'));

function claimQuery(db: Db) {
  return db
    .selectFrom('prior_learning_claims as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('media as m', 'm.id', 'c.proof_media_id')
    .leftJoin('people as r', 'r.id', 'c.reviewed_by')
    .leftJoin('partners as pa', 'pa.id', 'c.partner_id')
    .select([
      'c.id',
      'c.partner_id',
      'pa.name as partner_name',
      'c.person_id',
      'p.name as person_name',
      'p.nip',
      'p.unit_id',
      'u.code as unit_code',
      'c.kind',
      'c.title',
      'c.provider',
      'c.completed_on',
      'c.jp',
      'c.competencies',
      'c.note',
      'c.proof_media_id',
      'm.original_name',
      'm.mime',
      'c.status',
      'r.name as reviewer',
      'c.reviewed_at',
      'c.review_reason',
      'c.created_at',
    ]);
}
type ClaimRow = Awaited<ReturnType<ReturnType<typeof claimQuery>['executeTakeFirstOrThrow']>>;
const day = (d: unknown) => (d instanceof Date ? new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10) : String(d).slice(0, 10));
const claimView = (c: ClaimRow): Static<typeof Claim> => ({
  id: c.id,
  person: { id: c.person_id, name: c.person_name, nip: c.nip, unit: c.unit_code },
  kind: c.kind,
  title: c.title,
  provider: c.provider,
  partner: c.partner_id !== null ? { id: c.partner_id, name: c.partner_name ?? '' } : null,
  completedOn: day(c.completed_on),
  jp: Number(c.jp),
  competencies: c.competencies,
  note: c.note,
  proof: c.proof_media_id ? { mediaId: c.proof_media_id, name: c.original_name!, mime: c.mime!, url: `/api/media/${c.proof_media_id}` } : null,
  status: c.status,
  reviewedBy: c.reviewer,
  reviewedAt: c.reviewed_at?.toISOString() ?? null,
  reviewReason: c.review_reason,
  createdAt: c.created_at.toISOString(),
});

/** May `user` review claims and assess this person? Their supervisors (the whole line) and admins of their office. */
export async function mayReview(db: Db, user: AuthUser, person: { id: number; unit_id: number | null }): Promise<boolean> {
  if (person.id === user.id) return false;
  if (user.roles.includes('admin')) {
    const scope = await adminUnitIds(db, user);
    if (scope === null || (person.unit_id !== null && scope.includes(person.unit_id))) return true;
  }
  return user.roles.includes('supervisor') && (await teamIds(db, user.id)).includes(person.id);
}

async function checkCodes(db: Db, claimed: { code: string }[]) {
  for (const c of claimed) {
    if (!(await competencyByCode(db as Transaction<DB>, c.code))) throw invalid(text(`Kompetensi ${c.code} tidak dikenal.`, `Unknown competency ${c.code}.`));
  }
  if (new Set(claimed.map((c) => c.code)).size !== claimed.length) throw invalid(text('Satu kompetensi disebut dua kali.', 'A competency is listed twice.'));
}

/**
 * Level shown on a competency from the indicators a supervisor marked: a level counts when at
 * least two thirds of its indicators are shown, and the result is the highest level up to
 * which every level counts.
 */
export function assessedLevel(levels: LevelDoc[], ratings: Record<string, boolean[]>): number {
  let shown = 0;
  for (const l of levels) {
    const marks = ratings[String(l.level)] ?? [];
    const yes = marks.filter(Boolean).length;
    if (yes * 3 >= l.indicators.length * 2 && yes > 0) shown = l.level;
    else break;
  }
  return shown;
}

/**
 * Writes a supervisor assessment and the evidence of the level it shows, in the caller's
 * transaction. Authorisation is the caller's: this only checks the competency and the shape
 * of the ratings (one mark per indicator of each level given).
 */
export async function recordAssessment(trx: Transaction<DB>, assessor: { id: number; name: string }, personId: number, code: string, ratings: Record<string, boolean[]>, note: string): Promise<{ id: number; level: number }> {
  const c = await trx
    .selectFrom('competencies as c')
    .innerJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .select(['c.id', 'c.current_version_id', 'v.name', 'v.levels'])
    .where('c.code', '=', code)
    .where('c.retired_at', 'is', null)
    .executeTakeFirst();
  if (!c) throw invalid(text(`Kompetensi ${code} tidak dikenal.`, `Unknown competency ${code}.`));
  for (const [level, marks] of Object.entries(ratings)) {
    const want = c.levels.find((l) => l.level === Number(level))?.indicators.length ?? 0;
    if (marks.length !== want) throw invalid(text(`Level ${level} punya ${want} indikator; kirim ${want} penilaian.`, `Level ${level} has ${want} indicators; send ${want} ratings.`));
  }
  const level = assessedLevel(c.levels, ratings);
  const row = await trx
    .insertInto('competency_assessments')
    .values({ person_id: personId, assessor_id: assessor.id, competency_id: c.id, competency_version_id: c.current_version_id!, ratings: JSON.stringify(ratings), level: level || null, note })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (level > 0) {
    await ensureEvidence(trx, { personId, code, level, source: 'assessment', sourceId: row.id, sourceRecordId: row.id, title: `${c.name} — ${assessor.name}`, recordedBy: assessor.id });
  }
  await audit(trx, assessor.id, 'competency.assessed', String(personId), { code, level });
  return { id: row.id, level };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, storage } = app;
  await app.register(multipart, { limits: { fileSize: PROOF_MAX_BYTES + 1, files: 1, fields: 10, fieldSize: 8000, parts: 11 } });

  // ---- Prior learning --------------------------------------------------------------------------
  app.post(
    '/api/me/prior-learning',
    {
      schema: {
        tags: ['competencies'],
        summary: 'Claim learning done outside Sinau, with its proof (multipart: the fields, then one PDF or image `file`)',
        description: 'Fields: kind, title, provider, completedOn (YYYY-MM-DD), jp, competencies (JSON: [{"code","level"}]), note; then `file` (PDF, JPEG, PNG or WebP, at most 10 MB).',
        consumes: ['multipart/form-data'],
        response: { 201: Claim, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', text('Kirim formulir multipart dengan berkas bukti.', 'Send a multipart form with the proof file.'));
      const user = request.user!;
      const raw: Record<string, string> = {};
      let upload: StoredUpload | null = null;
      let name = '';
      const id = randomUUID();
      try {
        let fields: ClaimFieldsT | null = null;
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (upload) throw invalid(text('Kirim berkas sebagai bagian terakhir formulir.', 'Send the file as the last part of the form.'));
            raw[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file' || upload) {
            part.file.destroy();
            throw invalid(text("Kirim satu berkas bukti pada isian 'file'.", "Send one proof file in the 'file' field."));
          }
          fields = parseClaimFields(raw);
          await checkCodes(db, fields.competencies);
          if (fields.partnerId !== null) {
            const partner = await db.selectFrom('partners').select(['name']).where('id', '=', fields.partnerId).where('active', '=', true).executeTakeFirst();
            if (!partner) throw invalid(text('Mitra tidak dikenal.', 'Unknown partner.'));
            // The partner chosen names the provider when none was typed.
            if (!fields.provider.trim()) fields.provider = partner.name;
          }
          upload = await storeUpload(storage, part.file, { id, maxBytes: PROOF_MAX_BYTES, quota: null });
          if (upload.type.kind !== 'document' && upload.type.kind !== 'image') throw new AppError(415, 'unsupported_media_type', text('Bukti harus berupa PDF atau gambar.', 'The proof must be a PDF or a picture.'));
          name = cleanFileName(part.filename, upload.type.ext);
        }
        if (!upload || !fields) throw invalid(text("Lampirkan berkas bukti pada isian 'file'.", "Attach the proof in the 'file' field."));
        const f = fields;
        const stored = upload;
        const claimId = await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('media')
            .values({ id, owner_id: user.id, course_id: null, kind: stored.type.kind, mime: stored.type.mime, size_bytes: stored.size, sha256: stored.sha256, original_name: name, storage_key: stored.key })
            .execute();
          const row = await trx
            .insertInto('prior_learning_claims')
            .values({ person_id: user.id, kind: f.kind, title: f.title.trim(), provider: f.provider.trim(), partner_id: f.partnerId, completed_on: f.completedOn, jp: f.jp, competencies: JSON.stringify(f.competencies), proof_media_id: id, note: f.note })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit(trx, user.id, 'prior_learning.claimed', String(row.id));
          return row.id;
        });
        return reply.status(201).send(claimView(await claimQuery(db).where('c.id', '=', claimId).executeTakeFirstOrThrow()));
      } catch (err) {
        if (upload) await storage.delete(upload.key).catch((e: unknown) => request.log.error({ err: e }, 'could not remove a refused proof'));
        throw err;
      }
    },
  );

  app.get(
    '/api/me/prior-learning',
    { schema: { tags: ['competencies'], summary: 'My prior-learning claims, newest first', response: { 200: Type.Array(Claim), ...errors } } },
    async (request) => (await claimQuery(db).where('c.person_id', '=', request.user!.id).orderBy('c.id', 'desc').execute()).map(claimView),
  );

  app.post(
    '/api/me/prior-learning/:id/withdraw',
    { schema: { tags: ['competencies'], summary: 'Withdraw a claim not yet reviewed', params: IdParam, response: { 200: Claim, ...errors } } },
    async (request) => {
      const done = await db
        .updateTable('prior_learning_claims')
        .set({ status: 'withdrawn' })
        .where('id', '=', request.params.id)
        .where('person_id', '=', request.user!.id)
        .where('status', '=', 'pending')
        .returning('id')
        .executeTakeFirst();
      if (!done) {
        const mine = await db.selectFrom('prior_learning_claims').select('status').where('id', '=', request.params.id).where('person_id', '=', request.user!.id).executeTakeFirst();
        if (!mine) throw claimNotFound();
        throw new AppError(409, 'claim_already_reviewed', text('Klaim ini sudah ditinjau.', 'This claim has already been reviewed.'));
      }
      return claimView(await claimQuery(db).where('c.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  app.get(
    '/api/prior-learning',
    {
      schema: {
        tags: ['competencies'],
        summary: 'Claims I may review (my team, my offices), pending first',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn')])),
            personId: Type.Optional(Type.Integer({ minimum: 1, description: "Only this person's claims" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Claim), ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const scope = user.roles.includes('admin') ? await adminUnitIds(db, user) : [];
      const team = user.roles.includes('supervisor') ? await teamIds(db, user.id) : [];
      if (scope !== null && !scope.length && !team.length) return [];
      let q = claimQuery(db).where('c.person_id', '<>', user.id);
      if (scope !== null) {
        q = q.where((eb) => eb.or([...(scope.length ? [eb('p.unit_id', 'in', scope)] : []), ...(team.length ? [eb('c.person_id', 'in', team)] : []), eb.val(false)]));
      }
      if (request.query.status) q = q.where('c.status', '=', request.query.status);
      if (request.query.personId) q = q.where('c.person_id', '=', request.query.personId);
      return (await q.orderBy(sql`c.status = 'pending'`, 'desc').orderBy('c.id', 'desc').limit(500).execute()).map(claimView);
    },
  );

  app.post(
    '/api/prior-learning/:id/review',
    {
      schema: {
        tags: ['competencies'],
        summary: "Accept (evidence and JP are recorded) or reject (with a reason) a claim: the claimant's supervisors and office admins",
        params: IdParam,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
            jp: Type.Optional(Type.Number({ minimum: 0, maximum: 200, description: 'Accept with fewer JP than claimed' })),
            competencies: Type.Optional(Claimed),
          },
          { additionalProperties: false },
        ),
        response: { 200: Claim, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const body = request.body;
      if (body.decision === 'reject' && !body.reason?.trim()) throw invalid(text('Tuliskan alasan penolakan.', 'Give the reason for rejecting.'));
      if (body.competencies) await checkCodes(db, body.competencies);
      await db.transaction().execute(async (trx) => {
        const claim = await trx.selectFrom('prior_learning_claims as c').innerJoin('people as p', 'p.id', 'c.person_id').select(['c.id', 'c.person_id', 'p.unit_id', 'c.status', 'c.title', 'c.jp', 'c.competencies', 'c.completed_on']).where('c.id', '=', request.params.id).forUpdate('c').executeTakeFirst();
        if (!claim || !(await mayReview(trx, user, { id: claim.person_id, unit_id: claim.unit_id }))) throw claimNotFound();
        if (claim.status !== 'pending') throw new AppError(409, 'claim_already_reviewed', text('Klaim ini sudah ditinjau.', 'This claim has already been reviewed.'));
        if (body.decision === 'reject') {
          await trx.updateTable('prior_learning_claims').set({ status: 'rejected', reviewed_by: user.id, reviewed_at: sql`now()`, review_reason: body.reason!.trim() }).where('id', '=', claim.id).execute();
        } else {
          const jp = body.jp ?? Number(claim.jp);
          if (jp > Number(claim.jp)) throw invalid(text('JP yang diterima tidak boleh melebihi yang diklaim.', 'Accepted JP cannot exceed the JP claimed.'));
          const competencies = body.competencies ?? claim.competencies;
          const occurredAt = new Date(`${day(claim.completed_on)}T12:00:00+07:00`);
          for (const c of competencies) {
            await ensureEvidence(trx, { personId: claim.person_id, code: c.code, level: c.level, source: 'prior_learning', sourceId: claim.id, title: claim.title, occurredAt, recordedBy: user.id });
          }
          if (jp > 0) await ensureJp(trx, { personId: claim.person_id, source: 'prior_learning', sourceId: claim.id, jp, title: claim.title, occurredAt, recordedBy: user.id });
          await trx
            .updateTable('prior_learning_claims')
            .set({ status: 'accepted', reviewed_by: user.id, reviewed_at: sql`now()`, review_reason: body.reason?.trim() || null, jp, competencies: JSON.stringify(competencies) })
            .where('id', '=', claim.id)
            .execute();
        }
        await audit(trx, user.id, `prior_learning.${body.decision}`, String(claim.id));
      });
      return claimView(await claimQuery(db).where('c.id', '=', request.params.id).executeTakeFirstOrThrow());
    },
  );

  // ---- Supervisor assessment -------------------------------------------------------------------
  const assessments = (personId: number) =>
    db
      .selectFrom('competency_assessments as a')
      .innerJoin('competencies as c', 'c.id', 'a.competency_id')
      .innerJoin('competency_versions as v', 'v.id', 'a.competency_version_id')
      .innerJoin('people as s', 's.id', 'a.assessor_id')
      .select(['a.id', 'c.code', 'v.name', 'v.version', 'a.assessor_id', 's.name as assessor', 'a.level', 'a.ratings', 'a.note', 'a.created_at'])
      .where('a.person_id', '=', personId)
      .orderBy('a.id', 'desc');
  const assessmentView = (a: Awaited<ReturnType<ReturnType<typeof assessments>['execute']>>[number]) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    version: a.version,
    assessor: { id: a.assessor_id, name: a.assessor },
    level: a.level ?? 0,
    ratings: a.ratings,
    note: a.note,
    createdAt: a.created_at.toISOString(),
  });

  app.get(
    '/api/people/:id/assessments',
    { schema: { tags: ['competencies'], summary: "A person's supervisor assessments (themselves, supervisors, office admins)", params: IdParam, response: { 200: Type.Array(Assessment), ...errors } } },
    async (request) => {
      const p = await visiblePerson(db, request.user!, request.params.id);
      return (await assessments(p.id).execute()).map(assessmentView);
    },
  );

  app.post(
    '/api/people/:id/assessments',
    {
      schema: {
        tags: ['competencies'],
        summary: "Rate a subordinate on a competency's behaviour indicators; the level shown becomes evidence",
        description: 'ratings: for each level "1".."5", one true/false per indicator of that level (in order). A level counts when at least two thirds of its indicators are shown; the result is the highest level up to which every level counts.',
        params: IdParam,
        body: Type.Object(
          {
            code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }),
            ratings: Type.Record(Type.String({ pattern: '^[1-5]$' }), Type.Array(Type.Boolean(), { maxItems: 12 })),
            note: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Assessment, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const person = await db.selectFrom('people').select(['id', 'unit_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!person) throw notFound(text('Pegawai tidak ditemukan.', 'Person not found.'));
      if (person.id === user.id) throw forbidden(text('Anda tidak dapat menilai diri sendiri di sini.', 'You cannot assess yourself here.'));
      if (!(await mayReview(db, user, person))) throw forbidden(text('Hanya atasan atau admin unitnya yang dapat menilai pegawai ini.', "Only this person's supervisors or office admins can assess them."));
      const body = request.body;
      const id = await db.transaction().execute(async (trx) => (await recordAssessment(trx, user, person.id, body.code, body.ratings, body.note ?? '')).id);
      return reply.status(201).send(assessmentView((await assessments(person.id).where('a.id', '=', id).executeTakeFirstOrThrow())));
    },
  );
};

function parseClaimFields(raw: Record<string, string>): ClaimFieldsT {
  let competencies: unknown = [];
  try {
    competencies = raw.competencies ? JSON.parse(raw.competencies) : [];
  } catch {
    throw invalid(text('Isian competencies harus JSON: [{"code":"M.01","level":2}].', 'The competencies field must be JSON: [{"code":"M.01","level":2}].'));
  }
  const value = {
    kind: raw.kind ?? '',
    title: raw.title ?? '',
    provider: raw.provider ?? '',
    completedOn: raw.completedOn ?? '',
    jp: raw.jp === undefined || raw.jp === '' ? 0 : Number(raw.jp),
    competencies,
    note: raw.note ?? '',
    partnerId: raw.partnerId === undefined || raw.partnerId === '' ? null : Number(raw.partnerId),
  };
  const unknown = Object.keys(raw).filter((k) => !(k in value));
  if (unknown.length) throw invalid(text(`Isian tidak dikenal: ${unknown.join(', ')}`, `Unknown fields: ${unknown.join(', ')}`));
  if (!Value.Check(ClaimFields, value)) {
    const first = [...Value.Errors(ClaimFields, value)][0];
    throw invalid(text(`Isian ${first?.path.slice(1) || ''} tidak valid: ${first?.message}`, `Field ${first?.path.slice(1) || ''} is invalid: ${first?.message}`), { path: first?.path });
  }
  const date = new Date(`${value.completedOn}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getTime() > Date.now() + 864e5) throw invalid(text('Tanggal selesai tidak valid atau di masa depan.', 'The completion date is invalid or in the future.'));
  return value as ClaimFieldsT;
}

export default routes;
