/** Question banks: categories and versioned questions, written the same way by every source. */
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { adminUnitIds } from '../org/service.ts';
import { QuestionDoc, questionProblems, type QuestionDocT } from './model.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** A question document with defaults filled in, or the reasons it cannot be used. */
export function checkQuestion(raw: unknown): { doc: QuestionDocT; problems: string[] } {
  const doc = Value.Default(QuestionDoc, structuredClone(raw)) as QuestionDocT;
  const schemaProblems = [...Value.Errors(QuestionDoc, doc)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
  if (schemaProblems.length) return { doc, problems: schemaProblems };
  return { doc, problems: questionProblems(doc) };
}

/** A stable-order JSON text, so that the same document always compares equal. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    return `{${Object.keys(x)
      .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

export async function ensureCategory(trx: Db, bankId: number, key: string, name: string, position = 0): Promise<number> {
  const row = await trx
    .insertInto('question_categories')
    .values({ bank_id: bankId, key, name, position })
    .onConflict((oc) => oc.columns(['bank_id', 'key']).doUpdateSet({ name, position }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Creates a question or changes it. An unchanged document changes nothing. A changed one
 * replaces the current version when no attempt has shown it yet, and otherwise becomes a new
 * version: past attempts keep the version they saw.
 */
export async function saveQuestion(
  trx: Transaction<DB>,
  input: { bankId: number; categoryId: number; key: string; doc: QuestionDocT; by: number | null },
): Promise<{ id: number; version: number; action: 'created' | 'updated' | 'versioned' | 'unchanged' }> {
  const { bankId, categoryId, key, doc, by } = input;
  const fields = {
    type: doc.type,
    doc: JSON.stringify(doc),
    points: doc.points,
    competency_code: doc.competency?.code ?? null,
    competency_level: doc.competency?.level ?? null,
    tags: doc.tags,
  };
  const existing = await trx.selectFrom('questions').select(['id', 'current_version', 'category_id', 'retired_at']).where('bank_id', '=', bankId).where('key', '=', key).forUpdate().executeTakeFirst();
  if (!existing) {
    const q = await trx.insertInto('questions').values({ bank_id: bankId, category_id: categoryId, key, created_by: by }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('question_versions').values({ question_id: q.id, version: 1, created_by: by, ...fields }).execute();
    return { id: q.id, version: 1, action: 'created' };
  }
  const current = await trx.selectFrom('question_versions').select(['id', 'doc']).where('question_id', '=', existing.id).where('version', '=', existing.current_version).executeTakeFirstOrThrow();
  const moved = existing.category_id !== categoryId || existing.retired_at !== null;
  if (moved) await trx.updateTable('questions').set({ category_id: categoryId, retired_at: null, updated_at: sql`now()` }).where('id', '=', existing.id).execute();
  if (canonical(current.doc) === canonical(doc)) return { id: existing.id, version: existing.current_version, action: moved ? 'updated' : 'unchanged' };
  const used = await trx.selectFrom('attempt_questions').select('attempt_id').where('version_id', '=', current.id).limit(1).executeTakeFirst();
  if (!used) {
    await trx.updateTable('question_versions').set(fields).where('id', '=', current.id).execute();
    await trx.updateTable('questions').set({ updated_at: sql`now()` }).where('id', '=', existing.id).execute();
    return { id: existing.id, version: existing.current_version, action: 'updated' };
  }
  const version = existing.current_version + 1;
  await trx.insertInto('question_versions').values({ question_id: existing.id, version, created_by: by, ...fields }).execute();
  await trx.updateTable('questions').set({ current_version: version, updated_at: sql`now()` }).where('id', '=', existing.id).execute();
  return { id: existing.id, version, action: 'versioned' };
}

/** A free key for a new question in a bank, from its name. */
export async function freeKey(trx: Db, bankId: number, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .toLowerCase()
      .trim()
      .replace(/[\s_]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'soal';
  const taken = new Set((await trx.selectFrom('questions').select('key').where('bank_id', '=', bankId).where('key', 'like', `${base}%`).execute()).map((r) => r.key));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Banks a person may edit: admins (scoped admins: banks of their offices, or of courses and
 * people there), the bank's owner, and the owner of the bank's course.
 */
export async function editableBankIds(db: Db, user: AuthUser): Promise<number[] | null> {
  if (user.roles.includes('admin')) {
    const scope = await adminUnitIds(db, user);
    if (scope === null) return null;
    const rows = await db
      .selectFrom('question_banks as b')
      .leftJoin('people as p', 'p.id', 'b.owner_id')
      .select('b.id')
      .where((eb) => eb.or([eb('b.unit_id', 'in', scope.length ? scope : [0]), eb('p.unit_id', 'in', scope.length ? scope : [0]), eb('b.owner_id', '=', user.id)]))
      .execute();
    return rows.map((r) => r.id);
  }
  const rows = await db
    .selectFrom('question_banks as b')
    .leftJoin('courses as c', 'c.id', 'b.course_id')
    .select('b.id')
    .where((eb) =>
      eb.or([
        eb('b.owner_id', '=', user.id),
        eb('c.owner_id', '=', user.id),
        // A partner's banks, and those of its courses, are shared by its users.
        ...(user.partnerId ? [eb('b.partner_id', '=', user.partnerId), eb('c.partner_id', '=', user.partnerId)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}
