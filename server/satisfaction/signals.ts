/**
 * Low staff scores become unit evidence. For each closed month (Asia/Jakarta) in which an
 * office's U6 (Kompetensi Pelaksana) or U7 (Perilaku Pelaksana) average is below the threshold
 * with enough respondents, the office gets evidence from citizen feedback: M.05 Pelayanan
 * Publik for U6 and U7, M.01 Integritas for U7, at the level of the element's grade (ikm.ts).
 * The evaluation can run any number of times: a month already recorded is left alone, and one
 * whose figures changed since (an admin included or excluded flagged responses) gets a
 * correction — with level NULL when it is no longer below the threshold.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { competencyByCode } from '../competencies/ledger.ts';
import { loadSettings } from '../competencies/settings.ts';
import type { DB, EvidenceSource } from '../db/types.ts';
import { elementByCode } from './elements.ts';
import { evidenceLevel } from './ikm.ts';

type Trx = Transaction<DB>;

/** The competencies each staff element speaks of. */
export const SIGNAL_COMPETENCIES: Record<'U6' | 'U7', string[]> = { U6: ['M.05'], U7: ['M.05', 'M.01'] };

export interface UnitEvidenceFact {
  unitId: number;
  code: string;
  /** The level now shown; null withdraws it. */
  level: number | null;
  source: EvidenceSource;
  sourceId: number;
  /** What makes this entry one of its own (here: the signal, one per office, element and month). */
  sourceRecordId: number;
  title: string;
  detail: string;
  occurredAt: Date;
}

/**
 * Makes the ledger say `level` and `detail` for this office, competency and record: the
 * original entry, a correction pointing at it, or nothing when it already says so. The ledger
 * is append-only (a trigger refuses UPDATE and DELETE).
 */
export async function ensureUnitEvidence(trx: Trx, f: UnitEvidenceFact): Promise<number | null> {
  const competency = await competencyByCode(trx, f.code);
  if (!competency) return null;
  const chain = await trx
    .selectFrom('evidence')
    .select(['id', 'level', 'detail', 'corrects_id'])
    .where('unit_id', '=', f.unitId)
    .where('competency_id', '=', competency.id)
    .where('source', '=', f.source)
    .where('source_id', '=', f.sourceId)
    .where('source_record_id', '=', f.sourceRecordId)
    .orderBy('id')
    .execute();
  const original = chain.find((e) => e.corrects_id === null);
  const last = chain[chain.length - 1];
  if (last && last.level === f.level && last.detail === f.detail) return null;
  if (!original && f.level === null) return null;
  const weights: Record<string, number> = (await loadSettings(trx)).weights;
  const row = {
    unit_id: f.unitId,
    person_id: null,
    competency_id: competency.id,
    competency_version_id: competency.current_version_id!,
    level: f.level,
    source: f.source,
    source_id: f.sourceId,
    source_record_id: f.sourceRecordId,
    title: f.title,
    detail: f.detail,
    weight: weights[f.source] ?? 1,
    occurred_at: f.occurredAt,
    corrects_id: original?.id ?? null,
  };
  if (original) return (await trx.insertInto('evidence').values(row).returning('id').executeTakeFirstOrThrow()).id;
  const inserted = await trx
    .insertInto('evidence')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['unit_id', 'competency_id', 'source', 'source_id', 'source_record_id'])
        .where('corrects_id', 'is', null)
        .where('unit_id', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export interface SignalSettings {
  /** Below this average (1–4) a month is a signal. */
  threshold: number;
  /** …when at least this many respondents answered the element. */
  minResponses: number;
}

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
/** "2026-05-01" → "Mei 2026". */
export const monthNameId = (month: string) => `${MONTHS_ID[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
/** 2.6 → "2,6"; 2.634 → "2,63" (rounded half up). */
export const decimalId = (sum: number, count: number) => {
  const hundredths = Math.floor((200 * sum + count) / (2 * count));
  return (hundredths / 100).toLocaleString('id-ID', { maximumFractionDigits: 2 });
};
/** The last second of a month in Surakarta (UTC+7, no daylight saving). */
const endOfMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) - 7 * 3600_000 - 1000);

export interface EvaluationResult {
  /** Signals (office, element, month) below the threshold now. */
  active: number;
  /** Evidence entries written by this run (originals and corrections). */
  written: number;
}

/** Evaluates every closed month (of one office, or all). `now` decides which months are closed. */
export async function evaluateSignals(db: Kysely<DB>, settings: SignalSettings, opts: { unitId?: number; now?: Date } = {}): Promise<EvaluationResult> {
  return db.transaction().execute(async (trx) => {
    // Two app instances (or the timer and a review) evaluate one after the other.
    await sql`SELECT pg_advisory_xact_lock(7341007)`.execute(trx);
    const now = opts.now ?? new Date();
    const unit = opts.unitId !== undefined ? sql`AND r.unit_id = ${opts.unitId}` : sql``;
    const months = await sql<{ unit_id: number; month: string; s6: number; n6: number; s7: number; n7: number }>`
      SELECT r.unit_id, date_trunc('month', r.submitted_at AT TIME ZONE 'Asia/Jakarta')::date AS month,
             coalesce(sum(r.u6), 0)::int AS s6, count(r.u6)::int AS n6, coalesce(sum(r.u7), 0)::int AS s7, count(r.u7)::int AS n7
        FROM satisfaction_responses r
       WHERE r.counted ${unit}
         AND r.submitted_at < (date_trunc('month', ${now}::timestamptz AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta')
       GROUP BY 1, 2`.execute(trx);
    let existingQ = trx.selectFrom('satisfaction_signals').selectAll();
    if (opts.unitId !== undefined) existingQ = existingQ.where('unit_id', '=', opts.unitId);
    const existing = await existingQ.execute();
    const offices = new Map(
      (await trx.selectFrom('satisfaction_surveys').select(['id', 'unit_id']).where('parent_id', 'is', null).execute()).map((s) => [s.unit_id, s.id]),
    );

    type Figures = { unitId: number; month: string; element: 'U6' | 'U7'; sum: number; count: number };
    const wanted = new Map<string, Figures>();
    const keyOf = (unitId: number, element: string, month: string) => `${unitId}|${element}|${month}`;
    for (const m of months.rows) {
      wanted.set(keyOf(m.unit_id, 'U6', m.month), { unitId: m.unit_id, month: m.month, element: 'U6', sum: m.s6, count: m.n6 });
      wanted.set(keyOf(m.unit_id, 'U7', m.month), { unitId: m.unit_id, month: m.month, element: 'U7', sum: m.s7, count: m.n7 });
    }
    // A recorded month whose responses were all excluded since is looked at again, with none.
    for (const s of existing) {
      const k = keyOf(s.unit_id, s.element, s.month);
      if (!wanted.has(k)) wanted.set(k, { unitId: s.unit_id, month: s.month, element: s.element, sum: 0, count: 0 });
    }

    let active = 0;
    let written = 0;
    for (const f of wanted.values()) {
      const below = f.count >= settings.minResponses && f.sum < settings.threshold * f.count;
      const signal = existing.find((s) => s.unit_id === f.unitId && s.element === f.element && s.month === f.month);
      if (!below && (!signal || signal.level === null)) continue;
      const surveyId = signal?.survey_id ?? offices.get(f.unitId);
      if (!surveyId) continue;
      const level = below ? evidenceLevel(f.sum, f.count) : null;
      const average = f.count ? Math.round((f.sum / f.count) * 10_000) / 10_000 : Number(signal!.average);
      let signalId: number;
      if (signal) {
        signalId = signal.id;
        if (signal.level !== level || Number(signal.average) !== average || signal.responses !== f.count) {
          await trx.updateTable('satisfaction_signals').set({ level, average, responses: f.count, updated_at: new Date() }).where('id', '=', signal.id).execute();
        }
      } else {
        signalId = (
          await trx
            .insertInto('satisfaction_signals')
            .values({ unit_id: f.unitId, survey_id: surveyId, element: f.element, month: f.month, average, responses: f.count, level })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      if (below) active++;
      const element = elementByCode.get(f.element)!;
      const detail = f.count
        ? `${f.element} ${decimalId(f.sum, f.count)} (${monthNameId(f.month)}, ${f.count} responden)`
        : `${f.element} (${monthNameId(f.month)}, 0 responden)`;
      for (const code of SIGNAL_COMPETENCIES[f.element]) {
        const id = await ensureUnitEvidence(trx, {
          unitId: f.unitId,
          code,
          level,
          source: 'citizen_feedback',
          sourceId: surveyId,
          sourceRecordId: signalId,
          title: `Survei kepuasan masyarakat: ${element.name.id} (${f.element})`,
          detail,
          occurredAt: endOfMonth(f.month),
        });
        if (id !== null) written++;
      }
    }
    return { active, written };
  });
}

export interface SignalView {
  id: number;
  unit: { id: number; code: string; name: string };
  surveyId: number;
  element: 'U6' | 'U7';
  elementName: string;
  /** YYYY-MM */
  month: string;
  average: number;
  responses: number;
  /** The level the evidence says; null once withdrawn. */
  level: number | null;
  active: boolean;
  competencies: string[];
  /** The evidence entries, oldest first (originals, then corrections). */
  evidence: { id: number; code: string; level: number | null; detail: string; correctsId: number | null; recordedAt: string }[];
  updatedAt: string;
}

/** Signals of the offices given (null: all), newest month first. */
export async function listSignals(db: Kysely<DB>, unitIds: number[] | null, lang: 'id' | 'en'): Promise<SignalView[]> {
  let q = db
    .selectFrom('satisfaction_signals as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.code', 'u.name', 's.survey_id', 's.element', 's.month', 's.average', 's.responses', 's.level', 's.updated_at']);
  if (unitIds !== null) q = q.where('s.unit_id', 'in', unitIds.length ? unitIds : [0]);
  const rows = await q.orderBy('s.month', 'desc').orderBy('u.name').orderBy('s.element').execute();
  const evidence = rows.length
    ? await db
        .selectFrom('evidence as e')
        .innerJoin('competencies as c', 'c.id', 'e.competency_id')
        .select(['e.id', 'e.source_record_id', 'c.code', 'e.level', 'e.detail', 'e.corrects_id', 'e.recorded_at'])
        .where('e.source', '=', 'citizen_feedback')
        .where('e.unit_id', 'is not', null)
        .where('e.source_record_id', 'in', rows.map((r) => r.id))
        .orderBy('e.id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    unit: { id: r.unit_id, code: r.code, name: r.name },
    surveyId: r.survey_id,
    element: r.element,
    elementName: elementByCode.get(r.element)!.name[lang],
    month: r.month.slice(0, 7),
    average: Number(r.average),
    responses: r.responses,
    level: r.level,
    active: r.level !== null,
    competencies: SIGNAL_COMPETENCIES[r.element],
    evidence: evidence
      .filter((e) => e.source_record_id === r.id)
      .map((e) => ({ id: e.id, code: e.code, level: e.level, detail: e.detail, correctsId: e.corrects_id, recordedAt: new Date(e.recorded_at).toISOString() })),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}
