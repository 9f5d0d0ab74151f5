/**
 * Evidence rules of a quiz: which competency and level it proves, and on what condition —
 * passing the quiz, or scoring at least minPct on the questions of that competency. (A
 * course's rules are its competencies: completing it proves them.)
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { CODE_PATTERN } from './frameworks.ts';

export const QuizRule = Type.Object(
  {
    code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }),
    level: Type.Integer({ minimum: 1, maximum: 5 }),
    condition: Type.Optional(Type.Union([Type.Literal('passed'), Type.Literal('subscore')], { description: 'passed (default): the quiz is passed; subscore: the questions of this competency score at least minPct' })),
    minPct: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 100 })])),
  },
  { additionalProperties: false },
);
export type QuizRuleT = Static<typeof QuizRule>;

/** What is wrong with these rules, in English and Indonesian pieces the caller joins. */
export async function quizRuleProblems(db: Kysely<DB> | Transaction<DB>, rules: QuizRuleT[]): Promise<string[]> {
  const problems: string[] = [];
  const codes = [...new Set(rules.map((r) => r.code))];
  if (codes.length !== rules.length) problems.push('a competency appears twice');
  const known = codes.length ? new Set((await db.selectFrom('competencies').select('code').where('code', 'in', codes).where('retired_at', 'is', null).execute()).map((r) => r.code)) : new Set<string>();
  for (const r of rules) {
    if (!known.has(r.code)) problems.push(`${r.code}: not a competency of the city's frameworks`);
    const condition = r.condition ?? 'passed';
    if (condition === 'subscore' && (r.minPct === undefined || r.minPct === null)) problems.push(`${r.code}: a sub-score rule needs minPct`);
    if (condition === 'passed' && r.minPct !== undefined && r.minPct !== null) problems.push(`${r.code}: minPct only applies to sub-score rules`);
  }
  return problems;
}

export async function setQuizRules(trx: Transaction<DB>, quizId: number, rules: QuizRuleT[]) {
  await trx.deleteFrom('quiz_competencies').where('quiz_id', '=', quizId).execute();
  if (!rules.length) return;
  await trx
    .insertInto('quiz_competencies')
    .values(
      rules.map((r) => ({
        quiz_id: quizId,
        competency_code: r.code,
        level: r.level,
        condition: r.condition ?? 'passed',
        min_pct: (r.condition ?? 'passed') === 'subscore' ? r.minPct! : null,
      })),
    )
    .execute();
}

export async function quizRules(db: Kysely<DB> | Transaction<DB>, quizId: number): Promise<QuizRuleT[]> {
  const rows = await db.selectFrom('quiz_competencies').selectAll().where('quiz_id', '=', quizId).orderBy('competency_code').execute();
  return rows.map((r) => ({ code: r.competency_code, level: r.level, condition: r.condition, minPct: r.min_pct === null ? null : Number(r.min_pct) }));
}
