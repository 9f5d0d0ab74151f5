/** Courses and people for competency tests, built straight in the database. */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/types.ts';

let n = 0;
/** A published course of `lessons` text lessons, proving these competency levels, with its lesson ids. */
export async function makeCourse(db: Kysely<DB>, opts: { jp?: number; competencies?: { code: string; level: number }[]; lessons?: number; title?: string; targetUnitId?: number } = {}) {
  n++;
  const slug = `kursus-uji-${process.pid}-${n}`;
  return db.transaction().execute(async (trx) => {
    const course = await trx
      .insertInto('courses')
      .values({ slug, title: opts.title ?? `Kursus Uji ${n}`, status: 'published', jp: opts.jp ?? 4, version: 1, published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mod = await trx.insertInto('course_modules').values({ course_id: course.id, key: 'm1', position: 1, title: 'Modul 1' }).returning('id').executeTakeFirstOrThrow();
    const lessonIds: number[] = [];
    for (let i = 1; i <= (opts.lessons ?? 1); i++) {
      const l = await trx
        .insertInto('lessons')
        .values({ course_id: course.id, module_id: mod.id, key: `l${i}`, position: i, kind: 'text', title: `Pelajaran ${i}`, body_md: 'Isi' })
        .returning('id')
        .executeTakeFirstOrThrow();
      lessonIds.push(l.id);
    }
    for (const c of opts.competencies ?? []) {
      await trx.insertInto('course_competencies').values({ course_id: course.id, competency_code: c.code, level: c.level }).execute();
    }
    if (opts.targetUnitId) await trx.insertInto('course_targets').values({ course_id: course.id, unit_id: opts.targetUnitId }).execute();
    return { courseId: course.id, slug, lessonIds };
  });
}

export async function personId(db: Kysely<DB>, username: string): Promise<number> {
  return (await db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}
