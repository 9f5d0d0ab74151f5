/**
 * The index of an office over a period, its trend by month or quarter and its counters, from
 * the responses that count (flagged ones left out until an admin includes them). Months and
 * quarters are those of Surakarta (Asia/Jakarta).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Table } from '../reports/tables.ts';
import { ELEMENT_CODES, elementByCode } from './elements.ts';
import { computeIndex, GRADE_LABELS, type ElementSums, type IndexResult } from './ikm.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type Period = 'month' | 'quarter';

interface SumsRow {
  key: string;
  responses: number;
  [column: string]: string | number | null;
}

const sumColumns = sql.join(ELEMENT_CODES.map((c) => sql`coalesce(sum(${sql.ref(c.toLowerCase())}), 0)::int AS ${sql.ref(`s_${c}`)}, count(${sql.ref(c.toLowerCase())})::int AS ${sql.ref(`n_${c}`)}`));

const toSums = (r: SumsRow): ElementSums => Object.fromEntries(ELEMENT_CODES.map((c) => [c, { sum: Number(r[`s_${c}`]), count: Number(r[`n_${c}`]) }]));

function addSums(into: ElementSums, more: ElementSums) {
  for (const c of ELEMENT_CODES) {
    const a = into[c] ?? { sum: 0, count: 0 };
    const b = more[c] ?? { sum: 0, count: 0 };
    into[c] = { sum: a.sum + b.sum, count: a.count + b.count };
  }
}

/** Start (inclusive) and end (exclusive) instants of local dates in Surakarta. */
const localStart = (date: string) => sql`(${date}::date)::timestamp AT TIME ZONE 'Asia/Jakarta'`;
const localEnd = (date: string) => sql`((${date}::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')`;

export interface Range {
  from: string;
  to: string;
}

/** Today's date in Surakarta, YYYY-MM-DD. */
export const todayInJakarta = (now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);

async function grouped(db: Db, unitId: number, range: Range, key: ReturnType<typeof sql>, surveyId?: number): Promise<SumsRow[]> {
  const r = await sql<SumsRow>`
    SELECT ${key} AS key, count(*)::int AS responses, ${sumColumns}
      FROM satisfaction_responses
     WHERE unit_id = ${unitId} AND counted
       AND submitted_at >= ${localStart(range.from)} AND submitted_at < ${localEnd(range.to)}
       ${surveyId ? sql`AND survey_id = ${surveyId}` : sql``}
     GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows;
}

const local = sql`(submitted_at AT TIME ZONE 'Asia/Jakarta')`;
const PERIOD_KEY: Record<Period, ReturnType<typeof sql>> = {
  month: sql`to_char(${local}, 'YYYY-MM')`,
  quarter: sql`to_char(${local}, 'YYYY-"Q"Q')`,
};

export interface IndexFigures extends IndexResult {
  responses: number;
}

export interface TrendPoint extends IndexFigures {
  /** 2026-05, or 2026-Q2. */
  period: string;
}

export interface UnitReport {
  range: Range;
  period: Period;
  overall: IndexFigures;
  trend: TrendPoint[];
  counters: { survey: { id: number; counter: string | null }; figures: IndexFigures }[];
  /** The office's own scale questions: average over those who answered. */
  questions: { id: number; prompt: string; responses: number; average: number | null }[];
  /** Responses held back by the abuse checks (and not included by an admin) in the range. */
  flagged: number;
}

const figures = (responses: number, sums: ElementSums): IndexFigures => ({ responses, ...computeIndex(sums) });

export async function unitReport(db: Db, unitId: number, range: Range, period: Period, surveyId?: number): Promise<UnitReport> {
  const rows = await grouped(db, unitId, range, PERIOD_KEY[period], surveyId);
  const total: ElementSums = {};
  let responses = 0;
  const trend = rows.map((r) => {
    const sums = toSums(r);
    addSums(total, sums);
    responses += r.responses;
    return { period: r.key, ...figures(r.responses, sums) };
  });
  const byCounter = await grouped(db, unitId, range, sql`survey_id::text`, surveyId);
  const surveys = await db.selectFrom('satisfaction_surveys').select(['id', 'name', 'parent_id']).where('unit_id', '=', unitId).execute();
  const counters = surveys
    .sort((a, b) => (a.parent_id === null ? -1 : b.parent_id === null ? 1 : (a.name ?? '').localeCompare(b.name ?? '')))
    .filter((s) => !surveyId || s.id === surveyId)
    .map((s) => {
      const r = byCounter.find((x) => Number(x.key) === s.id);
      return { survey: { id: s.id, counter: s.name }, figures: r ? figures(r.responses, toSums(r)) : figures(0, {}) };
    });

  const office = surveys.find((s) => s.parent_id === null);
  const scale = office
    ? await db.selectFrom('satisfaction_questions').select(['id', 'prompt']).where('survey_id', '=', office.id).where('kind', '=', 'scale').orderBy('position').execute()
    : [];
  const questions = [];
  for (const q of scale) {
    const r = await sql<{ n: number; s: number }>`
      SELECT count(*)::int AS n, coalesce(sum((extra ->> ${String(q.id)})::int), 0)::int AS s
        FROM satisfaction_responses
       WHERE unit_id = ${unitId} AND counted AND extra ? ${String(q.id)}
         AND submitted_at >= ${localStart(range.from)} AND submitted_at < ${localEnd(range.to)}
         ${surveyId ? sql`AND survey_id = ${surveyId}` : sql``}`.execute(db);
    const { n, s } = r.rows[0]!;
    questions.push({ id: q.id, prompt: q.prompt, responses: n, average: n ? Math.round((s / n) * 100) / 100 : null });
  }

  const flagged = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM satisfaction_responses
     WHERE unit_id = ${unitId} AND NOT counted
       AND submitted_at >= ${localStart(range.from)} AND submitted_at < ${localEnd(range.to)}
       ${surveyId ? sql`AND survey_id = ${surveyId}` : sql``}`.execute(db);

  return { range, period, overall: figures(responses, total), trend, counters, questions, flagged: flagged.rows[0]!.n };
}

/** Years in which the office has counted responses, newest first. */
export async function reportYears(db: Db, unitId: number): Promise<number[]> {
  const r = await sql<{ y: number }>`
    SELECT DISTINCT extract(year FROM ${local})::int AS y FROM satisfaction_responses WHERE unit_id = ${unitId} AND counted ORDER BY 1 DESC`.execute(db);
  return r.rows.map((x) => x.y);
}

/** The report as one table: a row per period, then the whole range. Numbers stay numbers. */
export function reportTable(unit: { code: string; name: string }, report: UnitReport): Table {
  const row = (label: string, f: IndexFigures) => [
    label,
    f.responses,
    ...ELEMENT_CODES.map((c) => f.elements.find((e) => e.code === c)!.average),
    f.ikm,
    f.score,
    f.grade,
    f.grade ? GRADE_LABELS[f.grade].id : null,
  ];
  return {
    name: `ikm-${unit.code.toLowerCase()}-${report.range.from}-${report.range.to}`,
    head: ['periode', 'responden', ...ELEMENT_CODES.map((c) => `${c} ${elementByCode.get(c)!.name.id}`), 'IKM', 'nilai_unit', 'mutu', 'kinerja'],
    rows: [...report.trend.map((t) => row(t.period, t)), row(`${report.range.from} s.d. ${report.range.to}`, report.overall)],
  };
}

