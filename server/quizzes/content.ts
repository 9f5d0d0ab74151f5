/**
 * Question banks (content/question-banks/*.yaml) and quizzes (content/quizzes/*.yaml) kept as
 * files, loaded idempotently like courses: unchanged files change nothing; a changed question
 * becomes a new version when attempts have used it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { QuizRule, quizRuleProblems, setQuizRules, type QuizRuleT } from '../competencies/rules.ts';
import type { DB, ReviewOptions } from '../db/types.ts';
import { forgetQuizPlans } from './attempts.ts';
import { checkQuestion, ensureCategory, saveQuestion } from './banks.ts';

export class QuizContentError extends Error {}

interface FileBank {
  name: string;
  course?: string | null;
  unit?: string | null;
  categories: { key: string; name: string; questions: ({ key: string } & Record<string, unknown>)[] }[];
}
interface FileQuiz {
  title: string;
  description?: string;
  course?: string | null;
  timeLimitMinutes?: number | null;
  attemptsAllowed?: number | null;
  grading?: 'highest' | 'last' | 'average';
  passPct?: number;
  shuffleQuestions?: boolean;
  shuffleChoices?: boolean;
  perPage?: number;
  review?: Partial<ReviewOptions>;
  opensAt?: string | null;
  closesAt?: string | null;
  items: ({ question: string } | { draw: { bank: string; category: string; count: number; competency?: string } })[];
  assign?: { unit?: string; position?: { unit: string; name: string }; dueAt?: string | null }[];
  /** Evidence rules: the competencies and levels passing (or a sub-score) proves. */
  competencies?: QuizRuleT[];
}

async function readYamlDir<T>(dir: string, what: string): Promise<{ slug: string; data: T; hash: string }[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const text = await readFile(path.join(dir, f), 'utf8');
      const slug = f.replace(/\.ya?ml$/, '');
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new QuizContentError(`content/${what}/${f}: the file name must be a slug (lower-case words joined by dashes)`);
      let data: T;
      try {
        data = parseYaml(text) as T;
      } catch (err) {
        throw new QuizContentError(`content/${what}/${f}: ${(err as Error).message}`);
      }
      return { slug, data, hash: createHash('sha256').update(text).digest('hex') };
    }),
  );
}

export interface QuizLoadResult {
  loaded: string[];
  unchanged: string[];
  skipped: string[];
  /** Call once the courses are loaded: links banks and quizzes to courses created after them. */
  linkCourses(): Promise<void>;
}

export async function loadQuizContent(db: Kysely<DB>, contentDir: string, log: (line: string) => void = () => {}): Promise<QuizLoadResult> {
  const banks = await readYamlDir<FileBank>(path.join(contentDir, 'question-banks'), 'question-banks');
  const quizzes = await readYamlDir<FileQuiz>(path.join(contentDir, 'quizzes'), 'quizzes');
  const result: QuizLoadResult = { loaded: [], unchanged: [], skipped: [], linkCourses: async () => {} };
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const courseId = async (slug: string | null | undefined) =>
    slug ? ((await db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst())?.id ?? null) : null;
  const unitId = (code: string | null | undefined, where: string) => {
    if (!code) return null;
    const id = units.get(code);
    if (!id) throw new QuizContentError(`${where}: unknown office code ${code}`);
    return id;
  };

  for (const b of banks) {
    const where = `content/question-banks/${b.slug}.yaml`;
    const existing = await db.selectFrom('question_banks').select(['id', 'source', 'content_hash']).where('slug', '=', b.slug).executeTakeFirst();
    if (existing && existing.source !== 'file') {
      log(`${where}: a bank made in the app has this name; the file is ignored`);
      result.skipped.push(b.slug);
      continue;
    }
    if (existing?.content_hash === b.hash) {
      result.unchanged.push(b.slug);
      continue;
    }
    const data = b.data;
    if (!data?.name || !Array.isArray(data.categories)) throw new QuizContentError(`${where}: needs name and categories`);
    // Check everything before writing anything.
    const checked = data.categories.map((c) => ({
      ...c,
      questions: (c.questions ?? []).map((q) => {
        const { key, ...raw } = q;
        const { doc, problems } = checkQuestion(raw);
        if (problems.length) throw new QuizContentError(`${where}: question ${key}: ${problems.join(' ')}`);
        if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(String(key))) throw new QuizContentError(`${where}: question key '${key}' must be lower-case words`);
        return { key: String(key), doc };
      }),
    }));
    const course = await courseId(data.course);
    const unit = unitId(data.unit, where);
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(7341004)`.execute(trx);
      const again = await trx.selectFrom('question_banks').select(['id', 'content_hash']).where('slug', '=', b.slug).executeTakeFirst();
      if (again?.content_hash === b.hash) return;
      const bankId =
        again?.id ??
        (await trx.insertInto('question_banks').values({ slug: b.slug, name: data.name, course_id: course, unit_id: unit, source: 'file' }).returning('id').executeTakeFirstOrThrow()).id;
      await trx.updateTable('question_banks').set({ name: data.name, course_id: course, unit_id: unit, content_hash: b.hash, updated_at: sql`now()` }).where('id', '=', bankId).execute();
      const keep: string[] = [];
      for (const [i, c] of checked.entries()) {
        const categoryId = await ensureCategory(trx, bankId, c.key, c.name, i);
        for (const q of c.questions) {
          await saveQuestion(trx, { bankId, categoryId, key: q.key, doc: q.doc, by: null });
          keep.push(q.key);
        }
      }
      // Questions no longer in the file are retired, not deleted: attempts still point at them.
      await trx
        .updateTable('questions')
        .set({ retired_at: sql`now()` })
        .where('bank_id', '=', bankId)
        .where('retired_at', 'is', null)
        .where('key', 'not in', keep.length ? keep : [''])
        .execute();
    });
    result.loaded.push(b.slug);
  }

  for (const q of quizzes) {
    const where = `content/quizzes/${q.slug}.yaml`;
    const existing = await db.selectFrom('quizzes').select(['id', 'source', 'content_hash']).where('slug', '=', q.slug).executeTakeFirst();
    if (existing && existing.source !== 'file') {
      log(`${where}: a quiz made in the app has this name; the file is ignored`);
      result.skipped.push(q.slug);
      continue;
    }
    if (existing?.content_hash === q.hash) {
      result.unchanged.push(q.slug);
      continue;
    }
    const data = q.data;
    if (!data?.title || !Array.isArray(data.items)) throw new QuizContentError(`${where}: needs title and items`);
    const items: { question_id: number | null; category_id: number | null; draw_count: number | null; competency_code: string | null }[] = [];
    for (const item of data.items) {
      if ('question' in item) {
        const [bank, key] = String(item.question).split('/');
        const row = await db.selectFrom('questions as q').innerJoin('question_banks as b', 'b.id', 'q.bank_id').select('q.id').where('b.slug', '=', bank!).where('q.key', '=', key ?? '').executeTakeFirst();
        if (!row) throw new QuizContentError(`${where}: no question ${item.question}`);
        items.push({ question_id: row.id, category_id: null, draw_count: null, competency_code: null });
      } else if ('draw' in item) {
        const d = item.draw;
        const row = await db.selectFrom('question_categories as c').innerJoin('question_banks as b', 'b.id', 'c.bank_id').select('c.id').where('b.slug', '=', d.bank).where('c.key', '=', d.category).executeTakeFirst();
        if (!row) throw new QuizContentError(`${where}: no category ${d.bank}/${d.category}`);
        if (!Number.isInteger(d.count) || d.count < 1) throw new QuizContentError(`${where}: draw count must be a whole number ≥ 1`);
        items.push({ question_id: null, category_id: row.id, draw_count: d.count, competency_code: d.competency ?? null });
      } else {
        throw new QuizContentError(`${where}: each item is a question or a draw`);
      }
    }
    const rules = data.competencies ?? [];
    if (!Array.isArray(rules) || !rules.every((r) => Value.Check(QuizRule, r))) throw new QuizContentError(`${where}: competencies must be a list of { code, level, condition?, minPct? }`);
    const ruleProblems = await quizRuleProblems(db, rules);
    if (ruleProblems.length) throw new QuizContentError(`${where}: ${ruleProblems.join('; ')}`);
    const review: ReviewOptions = { score: 'immediately', answers: 'after_close', feedback: 'immediately', ...data.review };
    const course = await courseId(data.course);
    const settings = {
      title: data.title,
      description_md: data.description ?? '',
      course_id: course,
      status: 'published' as const,
      time_limit_minutes: data.timeLimitMinutes ?? null,
      attempts_allowed: data.attemptsAllowed ?? null,
      grading: data.grading ?? 'highest',
      pass_pct: data.passPct ?? 70,
      shuffle_questions: data.shuffleQuestions ?? false,
      shuffle_choices: data.shuffleChoices ?? true,
      per_page: data.perPage ?? 0,
      review: JSON.stringify(review),
      opens_at: data.opensAt ? new Date(data.opensAt) : null,
      closes_at: data.closesAt ? new Date(data.closesAt) : null,
      source: 'file' as const,
      content_hash: q.hash,
    };
    const assignments: { unit_id: number | null; position_id: number | null; due_at: Date | null }[] = [];
    for (const a of data.assign ?? []) {
      if (a.unit) assignments.push({ unit_id: unitId(a.unit, where), position_id: null, due_at: a.dueAt ? new Date(`${a.dueAt}`.length === 10 ? `${a.dueAt}T23:59:59+07:00` : a.dueAt) : null });
      else if (a.position) {
        const pos = await db.selectFrom('positions').select('id').where('unit_id', '=', unitId(a.position.unit, where)!).where(sql`lower(name)`, '=', a.position.name.toLowerCase()).executeTakeFirst();
        if (!pos) throw new QuizContentError(`${where}: no position '${a.position.name}' in ${a.position.unit}`);
        assignments.push({ unit_id: null, position_id: pos.id, due_at: a.dueAt ? new Date(a.dueAt) : null });
      }
    }
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(7341004)`.execute(trx);
      const again = await trx.selectFrom('quizzes').select(['id', 'content_hash']).where('slug', '=', q.slug).executeTakeFirst();
      if (again?.content_hash === q.hash) return;
      const quizId = again
        ? (await trx.updateTable('quizzes').set({ ...settings, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', again.id).returning('id').executeTakeFirstOrThrow()).id
        : (await trx.insertInto('quizzes').values({ slug: q.slug, ...settings }).returning('id').executeTakeFirstOrThrow()).id;
      await trx.deleteFrom('quiz_items').where('quiz_id', '=', quizId).execute();
      await trx.insertInto('quiz_items').values(items.map((it, i) => ({ quiz_id: quizId, position: i + 1, ...it }))).execute();
      await setQuizRules(trx, quizId, rules);
      for (const a of assignments) {
        const has = await trx
          .selectFrom('quiz_assignments')
          .select('id')
          .where('quiz_id', '=', quizId)
          .where((eb) => (a.unit_id !== null ? eb('unit_id', '=', a.unit_id) : eb('position_id', '=', a.position_id!)))
          .executeTakeFirst();
        if (has) await trx.updateTable('quiz_assignments').set({ due_at: a.due_at }).where('id', '=', has.id).execute();
        else await trx.insertInto('quiz_assignments').values({ quiz_id: quizId, ...a }).execute();
      }
    });
    result.loaded.push(q.slug);
  }

  if (result.loaded.length) forgetQuizPlans();
  result.linkCourses = async () => {
    for (const b of banks) {
      if (b.data?.course) {
        await db.updateTable('question_banks').set({ course_id: sql`(SELECT id FROM courses WHERE slug = ${b.data.course})` }).where('slug', '=', b.slug).where('course_id', 'is', null).where('source', '=', 'file').execute();
      }
    }
    for (const q of quizzes) {
      if (q.data?.course) {
        await db.updateTable('quizzes').set({ course_id: sql`(SELECT id FROM courses WHERE slug = ${q.data.course})` }).where('slug', '=', q.slug).where('course_id', 'is', null).where('source', '=', 'file').execute();
      }
    }
  };
  return result;
}
