/** Surveys (an office's and its counters'), their public tokens and the office's own questions. */
import { randomInt } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { adminUnitIds, expandUnits } from '../org/service.ts';
import { forbidden, notFound, text } from '../plugins/errors.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Letters and digits a person can read off a poster without mixing them up (no l, o, 0, 1). */
const TOKEN_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const TOKEN_PATTERN = '^[a-km-np-z2-9]{12}$';
export const newSurveyToken = () => Array.from({ length: 12 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('');

export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/s/${token}`;
export const reportUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/satisfaction/report/${token}`;

export interface Question {
  id: number;
  kind: 'scale' | 'text';
  prompt: string;
  labels: string[] | null;
}

/** A survey as the public page shows it: what is asked, of which office and counter. */
export interface PublicSurvey {
  id: number;
  /** The office's survey (the one the index and evidence are kept under). */
  officeSurveyId: number;
  token: string;
  unit: { id: number; code: string; name: string };
  counter: string | null;
  services: string[];
  questions: Question[];
}

export const surveyNotFound = () =>
  notFound(text('Survei ini tidak ditemukan atau sudah tidak aktif. Periksa kembali alamatnya.', 'This survey does not exist or is no longer open. Check the address.'));

async function questionsOf(db: Db, officeSurveyId: number): Promise<Question[]> {
  const rows = await db
    .selectFrom('satisfaction_questions')
    .select(['id', 'kind', 'prompt', 'labels'])
    .where('survey_id', '=', officeSurveyId)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, prompt: r.prompt, labels: r.labels }));
}

function surveyRows(db: Db) {
  return db
    .selectFrom('satisfaction_surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('satisfaction_surveys as p', 'p.id', 's.parent_id')
    .select(['s.id', 's.token', 's.name', 's.parent_id', 's.services', 's.active', 's.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'p.services as parent_services', 'p.active as parent_active']);
}

const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/**
 * The open survey behind a public address, or null: a survey's token (lower case, from its
 * QR code), or an office's code (upper case, e.g. DISDUKCAPIL: its office survey). A counter
 * of a closed office survey is closed too.
 */
export async function surveyByToken(db: Db, token: string): Promise<PublicSurvey | null> {
  const byToken = new RegExp(TOKEN_PATTERN).test(token);
  if (!byToken && !UNIT_CODE_PATTERN.test(token)) return null;
  const r = await (byToken ? surveyRows(db).where('s.token', '=', token) : surveyRows(db).where('u.code', '=', token).where('s.parent_id', 'is', null)).executeTakeFirst();
  if (!r || !r.active || r.parent_active === false) return null;
  const officeSurveyId = r.parent_id ?? r.id;
  const services = r.services.length ? r.services : (r.parent_services ?? []);
  return {
    id: r.id,
    officeSurveyId,
    token: r.token,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name },
    counter: r.name,
    services,
    questions: await questionsOf(db, officeSurveyId),
  };
}

export interface SurveyRow {
  id: number;
  unitId: number;
  parentId: number | null;
  name: string | null;
  token: string;
  services: string[];
  active: boolean;
  unit: { id: number; code: string; name: string };
}

export async function surveyById(db: Db, id: number): Promise<SurveyRow | null> {
  const r = await surveyRows(db).where('s.id', '=', id).executeTakeFirst();
  if (!r) return null;
  return { id: r.id, unitId: r.unit_id, parentId: r.parent_id, name: r.name, token: r.token, services: r.services, active: r.active, unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name } };
}

/** Every survey of the offices given (null: all), office surveys first, then their counters by name. */
export async function listSurveys(db: Db, unitIds: number[] | null): Promise<(SurveyRow & { questions: Question[] })[]> {
  let q = surveyRows(db);
  if (unitIds !== null) q = q.where('s.unit_id', 'in', unitIds.length ? unitIds : [0]);
  const rows = await q.orderBy('u.name').orderBy(sql`s.parent_id IS NOT NULL`).orderBy('s.name').execute();
  const offices = rows.filter((r) => r.parent_id === null);
  const questions = new Map<number, Question[]>();
  for (const o of offices) questions.set(o.id, await questionsOf(db, o.id));
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    parentId: r.parent_id,
    name: r.name,
    token: r.token,
    services: r.services,
    active: r.active,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name },
    questions: r.parent_id === null ? (questions.get(r.id) ?? []) : [],
  }));
}

export type Access = 'manage' | 'read';

/**
 * Admins whose scope holds the office manage its survey; supervisors who work in it (or in an
 * office above it) may read its reports. Anyone else: 403.
 */
export async function checkUnitAccess(db: Db, user: AuthUser, unitId: number, need: Access): Promise<void> {
  const scope = await adminUnitIds(db, user);
  if (scope === null || scope.includes(unitId)) return;
  if (need === 'read' && user.roles.includes('supervisor') && user.place.unitId !== null) {
    if ((await expandUnits(db, [user.place.unitId])).includes(unitId)) return;
  }
  throw forbidden(text('Unit layanan ini di luar wewenang Anda.', 'This service unit is outside your scope.'));
}

/** The offices whose surveys the person may read: null for the whole city. */
export async function readableUnits(db: Db, user: AuthUser): Promise<number[] | null> {
  const scope = await adminUnitIds(db, user);
  if (scope === null) return null;
  const mine = user.roles.includes('supervisor') && user.place.unitId !== null ? await expandUnits(db, [user.place.unitId]) : [];
  return [...new Set([...scope, ...mine])];
}

export async function createSurvey(
  db: Db,
  input: { unitId: number; parentId?: number | null; name?: string | null; services?: string[]; createdBy?: number | null },
): Promise<number> {
  // A new token is tried again on the (unlikely) clash.
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db
        .insertInto('satisfaction_surveys')
        .values({
          unit_id: input.unitId,
          parent_id: input.parentId ?? null,
          name: input.parentId ? (input.name ?? null) : null,
          token: newSurveyToken(),
          services: JSON.stringify(input.services ?? []),
          created_by: input.createdBy ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (err) {
      if ((err as { constraint?: string }).constraint === 'satisfaction_surveys_token_key' && attempt < 3) continue;
      throw err;
    }
  }
}

export async function addQuestion(db: Db, officeSurveyId: number, q: { kind: 'scale' | 'text'; prompt: string; labels?: string[] | null; createdBy?: number | null }): Promise<number> {
  const last = await db
    .selectFrom('satisfaction_questions')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('survey_id', '=', officeSurveyId)
    .executeTakeFirst();
  const row = await db
    .insertInto('satisfaction_questions')
    .values({
      survey_id: officeSurveyId,
      position: (last?.max ?? 0) + 1,
      kind: q.kind,
      prompt: q.prompt.trim(),
      labels: q.kind === 'scale' ? JSON.stringify(q.labels) : null,
      created_by: q.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
