import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { invalid, text } from '../plugins/errors.ts';
import type { CourseDocT } from './schemas.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Problems that make a course document unpublishable, in plain words. */
export async function documentProblems(db: Db, courseId: number, slug: string, doc: CourseDocT): Promise<string[]> {
  const problems: string[] = [];
  const moduleKeys = new Set<string>();
  const lessonKeys = new Set<string>();
  const mediaIds = new Set<string>();
  const quizIds = new Set<number>();
  if (doc.coverMediaId) mediaIds.add(doc.coverMediaId);
  for (const m of doc.modules) {
    if (moduleKeys.has(m.key)) problems.push(`Kunci modul '${m.key}' dipakai dua kali.`);
    moduleKeys.add(m.key);
    for (const l of m.lessons) {
      if (lessonKeys.has(l.key)) problems.push(`Kunci pelajaran '${l.key}' dipakai dua kali.`);
      lessonKeys.add(l.key);
      if ((l.kind === 'video' || l.kind === 'document') && !l.mediaId) problems.push(`Pelajaran '${l.title}' belum memiliki berkas.`);
      if (l.kind === 'link' && !l.url) problems.push(`Pelajaran '${l.title}' belum memiliki tautan.`);
      if (l.kind === 'quiz' && !l.quizId) problems.push(`Pelajaran '${l.title}' belum memiliki kuis.`);
      if (l.kind === 'quiz' && l.quizId) quizIds.add(l.quizId);
      if (l.mediaId) mediaIds.add(l.mediaId);
    }
  }
  if (mediaIds.size > 0) {
    const found = await db.selectFrom('media').select(['id', 'course_id']).where('id', 'in', [...mediaIds]).execute();
    for (const id of mediaIds) {
      const m = found.find((f) => f.id === id);
      if (!m) problems.push(`Berkas ${id} tidak ditemukan.`);
      else if (m.course_id !== null && m.course_id !== courseId) problems.push(`Berkas ${id} milik kursus lain.`);
    }
  }
  if (quizIds.size > 0) {
    const found = await db.selectFrom('quizzes').select(['id', 'course_id']).where('id', 'in', [...quizIds]).execute();
    for (const id of quizIds) {
      const q = found.find((f) => f.id === id);
      if (!q) problems.push(`Kuis ${id} tidak ditemukan.`);
      else if (q.course_id !== null && q.course_id !== courseId) problems.push(`Kuis ${id} milik kursus lain.`);
    }
  }
  if (doc.prerequisites.includes(slug)) problems.push('Kursus tidak boleh menjadi prasyarat dirinya sendiri.');
  if (doc.prerequisites.length > 0) {
    const found = await db.selectFrom('courses').select('slug').where('slug', 'in', doc.prerequisites).execute();
    for (const p of doc.prerequisites) if (!found.some((f) => f.slug === p)) problems.push(`Kursus prasyarat '${p}' tidak ditemukan.`);
  }
  const { unitIds, positionIds } = doc.targets;
  if (unitIds.length) {
    const n = (await db.selectFrom('units').select('id').where('id', 'in', unitIds).execute()).length;
    if (n !== new Set(unitIds).size) problems.push('Ada unit sasaran yang tidak ditemukan.');
  }
  if (positionIds.length) {
    const n = (await db.selectFrom('positions').select('id').where('id', 'in', positionIds).execute()).length;
    if (n !== new Set(positionIds).size) problems.push('Ada jabatan sasaran yang tidak ditemukan.');
  }
  return problems;
}

/**
 * Makes a course document the live course: a new version whose modules and lessons are matched
 * to the old ones by key, so learners keep their progress on every lesson that still exists.
 * Lessons that left the course are retired, not deleted. Runs inside the caller's transaction.
 */
export async function publishDocument(trx: Transaction<DB>, courseId: number, slug: string, doc: CourseDocT): Promise<number> {
  const problems = await documentProblems(trx, courseId, slug, doc);
  if (problems.length > 0) throw invalid(text(`Kursus belum dapat diterbitkan: ${problems.join(' ')}`, `The course cannot be published yet: ${problems.join(' ')}`), problems);

  const searchText = [doc.description, ...doc.modules.flatMap((m) => [m.title, ...m.lessons.map((l) => l.title)])].join(' ');
  const row = await trx
    .updateTable('courses')
    .set({
      title: doc.title,
      summary: doc.summary,
      description_md: doc.description,
      language: doc.language,
      jp: doc.jp,
      level: doc.level,
      cover_media_id: doc.coverMediaId ?? null,
      min_video_watch_pct: doc.minVideoWatchPct,
      version: sql`version + 1`,
      status: 'published',
      published_at: sql`coalesce(published_at, now())`,
      draft: null,
      draft_state: null,
      review_note: null,
      updated_at: sql`now()`,
      search: sql`setweight(to_tsvector('indonesian', ${doc.title}), 'A') || setweight(to_tsvector('indonesian', ${doc.summary}), 'B') || setweight(to_tsvector('indonesian', ${searchText}), 'C')` as never,
    })
    .where('id', '=', courseId)
    .returning('version')
    .executeTakeFirstOrThrow();

  // Files used by the course now belong to it (quota, access).
  const mediaIds = [doc.coverMediaId, ...doc.modules.flatMap((m) => m.lessons.map((l) => l.mediaId))].filter((x): x is string => !!x);
  if (mediaIds.length) await trx.updateTable('media').set({ course_id: courseId }).where('id', 'in', mediaIds).where('course_id', 'is', null).execute();

  await trx.deleteFrom('course_targets').where('course_id', '=', courseId).execute();
  const targets = [
    ...doc.targets.unitIds.map((unit_id) => ({ course_id: courseId, unit_id })),
    ...doc.targets.positionIds.map((position_id) => ({ course_id: courseId, position_id })),
    ...doc.targets.tiers.map((tier) => ({ course_id: courseId, tier })),
  ];
  if (targets.length) await trx.insertInto('course_targets').values(targets).execute();

  await trx.deleteFrom('course_competencies').where('course_id', '=', courseId).execute();
  if (doc.competencies.length) {
    await trx
      .insertInto('course_competencies')
      .values(doc.competencies.map((c) => ({ course_id: courseId, competency_code: c.code, level: c.level })))
      .onConflict((oc) => oc.columns(['course_id', 'competency_code']).doUpdateSet({ level: sql`excluded.level` }))
      .execute();
  }

  await trx.deleteFrom('course_prerequisites').where('course_id', '=', courseId).execute();
  if (doc.prerequisites.length) {
    const reqs = await trx.selectFrom('courses').select('id').where('slug', 'in', doc.prerequisites).execute();
    await trx.insertInto('course_prerequisites').values(reqs.map((r) => ({ course_id: courseId, requires_id: r.id }))).execute();
  }

  // Modules and lessons, matched by key.
  await trx.updateTable('course_modules').set({ retired_at: sql`now()` }).where('course_id', '=', courseId).where('retired_at', 'is', null).execute();
  await trx.updateTable('lessons').set({ retired_at: sql`now()` }).where('course_id', '=', courseId).where('retired_at', 'is', null).execute();
  for (const [mi, m] of doc.modules.entries()) {
    const mod = await trx
      .insertInto('course_modules')
      .values({ course_id: courseId, key: m.key, position: mi, title: m.title, retired_at: null })
      .onConflict((oc) => oc.columns(['course_id', 'key']).doUpdateSet({ position: mi, title: m.title, retired_at: null }))
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [li, l] of m.lessons.entries()) {
      const values = {
        module_id: mod.id,
        position: li,
        kind: l.kind,
        title: l.title,
        body_md: l.body ?? '',
        media_id: l.mediaId ?? null,
        url: l.url ?? null,
        quiz_id: l.quizId ?? null,
        required: l.required,
        duration_minutes: l.durationMinutes ?? null,
        min_watch_pct: l.minWatchPct ?? null,
        retired_at: null,
      };
      await trx
        .insertInto('lessons')
        .values({ course_id: courseId, key: l.key, ...values })
        .onConflict((oc) => oc.columns(['course_id', 'key']).doUpdateSet(values))
        .execute();
    }
  }
  return row.version;
}

/**
 * An enrolment's progress (0–100) in SQL, for a query where `e` is the enrolments row: 100 once
 * completed, else the share of the course's required current lessons done. Plain text, so the
 * prepared statements use the same definition as the query builder.
 */
export const ENROLMENT_PROGRESS_SQL = `CASE WHEN e.completed_at IS NOT NULL THEN 100 ELSE
  (SELECT CASE WHEN count(*) = 0 THEN 0 ELSE floor(100.0 * count(lp.completed_at) / count(*))::int END
     FROM lessons l LEFT JOIN lesson_progress lp ON lp.lesson_id = l.id AND lp.person_id = e.person_id
    WHERE l.course_id = e.course_id AND l.required AND l.retired_at IS NULL) END`;
export const enrolmentProgress = () => sql<number>`${sql.raw(ENROLMENT_PROGRESS_SQL)}`;

/** Percentage of the required, current lessons a person has completed. */
export async function courseProgress(db: Db, personId: number, courseId: number): Promise<{ progress: number; done: number; total: number }> {
  const row = await db
    .selectFrom('lessons as l')
    .leftJoin('lesson_progress as p', (j) => j.onRef('p.lesson_id', '=', 'l.id').on('p.person_id', '=', personId))
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(p.completed_at)::int`.as('done')])
    .where('l.course_id', '=', courseId)
    .where('l.required', '=', true)
    .where('l.retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  const progress = row.total === 0 ? 0 : Math.floor((row.done * 100) / row.total);
  return { progress, done: row.done, total: row.total };
}

/** Merges watched intervals, so seconds watched twice count once. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && b > a)
    .map(([a, b]) => [Math.max(0, a), b] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 0.5) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export const rangesTotal = (ranges: [number, number][]) => ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
