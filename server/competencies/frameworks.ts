/**
 * Competency frameworks: one shape (FrameworkDoc) shared by the content files, the admin API
 * and IMS CASE import, and one function that saves it. Saving never rewrites history: a
 * competency whose wording changed gets a new version (evidence keeps the version it was
 * recorded against); one that left the framework is retired, not deleted.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, LevelDoc } from '../db/types.ts';
// Registers the uuid and date-time formats Value.Check needs.
import '../courses/schemas.ts';

export const CODE_PATTERN = '^[A-Z][A-Z0-9]*(\\.[A-Z0-9]+)+$';
const Uuid = Type.String({ format: 'uuid' });
export const LevelSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 5 }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.String({ maxLength: 2000 }),
    indicators: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 12 }),
  },
  { additionalProperties: false },
);
export const CompetencyDoc = Type.Object(
  {
    code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }),
    caseId: Type.Optional(Uuid),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('manajerial'), Type.Literal('sosial_kultural'), Type.Literal('teknis')]),
    unit: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()])),
    description: Type.String({ maxLength: 4000 }),
    levels: Type.Array(LevelSchema, { minItems: 5, maxItems: 5 }),
  },
  { additionalProperties: false },
);
export const FrameworkDoc = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    publisher: Type.Optional(Type.String({ maxLength: 300 })),
    caseId: Type.Optional(Uuid),
    competencies: Type.Array(CompetencyDoc, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type FrameworkDocT = Static<typeof FrameworkDoc>;
export type CompetencyDocT = Static<typeof CompetencyDoc>;

export class FrameworkError extends Error {
  constructor(
    message: string,
    readonly code = 'invalid_framework',
  ) {
    super(message);
  }
}

/** Problems Value.Check cannot see: levels in order, unique codes. */
export function frameworkProblems(doc: FrameworkDocT): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of doc.competencies) {
    if (seen.has(c.code)) problems.push(`${c.code}: appears twice`);
    seen.add(c.code);
    c.levels.forEach((l, i) => {
      if (l.level !== i + 1) problems.push(`${c.code}: levels must be 1 to 5 in order`);
    });
  }
  return problems;
}

/** jsonb keeps keys in its own order: compare levels key by key, not as stored text. */
export const sameLevels = (a: LevelDoc[], b: LevelDoc[]) => JSON.stringify(a.map(normLevel)) === JSON.stringify(b.map(normLevel));
const sameVersion = (a: { name: string; description: string; levels: LevelDoc[] }, c: CompetencyDocT) =>
  a.name === c.name && a.description === c.description && sameLevels(a.levels, c.levels);
const normLevel = (l: LevelDoc): LevelDoc => ({ level: l.level, name: l.name, description: l.description, indicators: l.indicators });

export interface SaveResult {
  frameworkId: number;
  created: string[];
  newVersions: string[];
  unchanged: string[];
  retired: string[];
}

/**
 * Creates or updates the framework `doc.slug` in the caller's transaction. Competencies are
 * matched by code; a code that belongs to another framework is refused.
 */
export async function saveFramework(
  trx: Transaction<DB>,
  doc: FrameworkDocT,
  opts: { source: 'file' | 'app' | 'case'; contentHash?: string | null; by?: number | null; retireMissing?: boolean },
): Promise<SaveResult> {
  const problems = frameworkProblems(doc);
  if (problems.length) throw new FrameworkError(problems.join('; '));
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  for (const c of doc.competencies) if (c.unit && !units.has(c.unit)) throw new FrameworkError(`${c.code}: unknown office code ${c.unit}`, 'unknown_unit');

  const existing = await trx.selectFrom('competency_frameworks').select(['id', 'case_id']).where('slug', '=', doc.slug).forUpdate().executeTakeFirst();
  const fields = {
    title: doc.title,
    description: doc.description ?? '',
    publisher: doc.publisher ?? '',
    source: opts.source,
    content_hash: opts.contentHash ?? null,
  };
  const frameworkId = existing
    ? (await trx.updateTable('competency_frameworks').set({ ...fields, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
    : (await trx.insertInto('competency_frameworks').values({ slug: doc.slug, ...fields, ...(doc.caseId ? { case_id: doc.caseId } : {}) }).returning('id').executeTakeFirstOrThrow()).id;

  const result: SaveResult = { frameworkId, created: [], newVersions: [], unchanged: [], retired: [] };
  const rows = await trx
    .selectFrom('competencies as c')
    .leftJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .select(['c.id', 'c.code', 'c.framework_id', 'c.retired_at', 'v.version', 'v.name', 'v.description', 'v.levels'])
    .where('c.code', 'in', doc.competencies.map((c) => c.code))
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const [position, c] of doc.competencies.entries()) {
    const row = byCode.get(c.code);
    if (row && row.framework_id !== frameworkId) throw new FrameworkError(`${c.code}: already belongs to another framework`, 'competency_code_taken');
    const meta = { kind: c.kind, unit_id: c.unit ? units.get(c.unit)! : null, position: position + 1, retired_at: null, updated_at: sql<Date>`now()` };
    let id = row?.id;
    if (!id) {
      id = (await trx.insertInto('competencies').values({ framework_id: frameworkId, code: c.code, ...(c.caseId ? { case_id: c.caseId } : {}), ...meta } as never).returning('id').executeTakeFirstOrThrow()).id;
      result.created.push(c.code);
    } else {
      await trx.updateTable('competencies').set(meta as never).where('id', '=', id).execute();
    }
    if (row?.name !== undefined && row.name !== null && sameVersion({ name: row.name, description: row.description!, levels: row.levels! }, c)) {
      result.unchanged.push(c.code);
      continue;
    }
    const version = (row?.version ?? 0) + 1;
    const v = await trx
      .insertInto('competency_versions')
      .values({ competency_id: id, version, name: c.name, description: c.description, levels: JSON.stringify(c.levels.map(normLevel)), created_by: opts.by ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('competencies').set({ current_version_id: v.id }).where('id', '=', id).execute();
    if (row) result.newVersions.push(c.code);
  }
  if (opts.retireMissing !== false) {
    const retired = await trx
      .updateTable('competencies')
      .set({ retired_at: sql`now()`, updated_at: sql`now()` })
      .where('framework_id', '=', frameworkId)
      .where('retired_at', 'is', null)
      .where('code', 'not in', doc.competencies.map((c) => c.code))
      .returning('code')
      .execute();
    result.retired = retired.map((r) => r.code);
  }
  return result;
}

export const hashDoc = (doc: unknown) => createHash('sha256').update(JSON.stringify(doc)).digest('hex');

export interface FrameworkView {
  id: number;
  slug: string;
  title: string;
  description: string;
  publisher: string;
  caseId: string;
  version: number;
  source: string;
  updatedAt: string;
  competencies: {
    id: number;
    code: string;
    caseId: string;
    name: string;
    kind: 'manajerial' | 'sosial_kultural' | 'teknis';
    unit: string | null;
    description: string;
    version: number;
    levels: LevelDoc[];
  }[];
}

/** Frameworks with their current competencies (retired ones left out), in file order. */
export async function listFrameworks(db: Kysely<DB> | Transaction<DB>, onlyId?: number): Promise<FrameworkView[]> {
  let fq = db.selectFrom('competency_frameworks').selectAll().orderBy('id');
  if (onlyId) fq = fq.where('id', '=', onlyId);
  const frameworks = await fq.execute();
  if (!frameworks.length) return [];
  const comps = await db
    .selectFrom('competencies as c')
    .innerJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.framework_id', 'c.code', 'c.case_id', 'c.kind', 'u.code as unit', 'v.name', 'v.description', 'v.version', 'v.levels'])
    .where('c.framework_id', 'in', frameworks.map((f) => f.id))
    .where('c.retired_at', 'is', null)
    .orderBy('c.framework_id')
    .orderBy('c.position')
    .orderBy('c.code')
    .execute();
  return frameworks.map((f) => ({
    id: f.id,
    slug: f.slug,
    title: f.title,
    description: f.description,
    publisher: f.publisher,
    caseId: f.case_id,
    version: f.version,
    source: f.source,
    updatedAt: f.updated_at.toISOString(),
    competencies: comps
      .filter((c) => c.framework_id === f.id)
      .map((c) => ({ id: c.id, code: c.code, caseId: c.case_id, name: c.name, kind: c.kind, unit: c.unit, description: c.description, version: c.version, levels: c.levels })),
  }));
}

/** A framework as the document that would recreate it (admin editing, content files, CASE). */
export function toDoc(f: FrameworkView): FrameworkDocT {
  return {
    slug: f.slug,
    title: f.title,
    description: f.description,
    publisher: f.publisher,
    caseId: f.caseId,
    competencies: f.competencies.map((c) => ({
      code: c.code,
      caseId: c.caseId,
      name: c.name,
      kind: c.kind,
      ...(c.unit ? { unit: c.unit } : {}),
      description: c.description,
      levels: c.levels,
    })),
  };
}
