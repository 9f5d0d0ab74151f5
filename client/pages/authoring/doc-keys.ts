import type { CourseDoc, LessonDoc, LessonKind, ModuleDoc } from '../../api/courses.ts';

/** "Pelayanan Prima di Kelurahan" → "pelayanan-prima-di-kelurahan" (the server's slug pattern). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** Every module and lesson key in the course (they must be unique within it). */
function usedKeys(doc: CourseDoc): Set<string> {
  const keys = new Set<string>();
  for (const m of doc.modules) {
    keys.add(m.key);
    for (const l of m.lessons) keys.add(l.key);
  }
  return keys;
}

/**
 * A fresh key such as "modul-3" or "pelajaran-12". Keys tie learners' progress to a lesson
 * across published versions, so they are made once and never derived from titles that change.
 */
export function freshKey(doc: CourseDoc, prefix: 'modul' | 'pelajaran'): string {
  const keys = usedKeys(doc);
  let n = 1;
  while (keys.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

export function blankModule(doc: CourseDoc, title: string): ModuleDoc {
  return { key: freshKey(doc, 'modul'), title, lessons: [] };
}

export function blankLesson(doc: CourseDoc, title: string, kind: LessonKind = 'text'): LessonDoc {
  return { key: freshKey(doc, 'pelajaran'), kind, title, body: '', required: true, durationMinutes: null, mediaId: null, url: null, quizId: null, minWatchPct: null };
}

/** A copy of the list with one item moved by `by` places (no change at either end). */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item!);
  return copy;
}
