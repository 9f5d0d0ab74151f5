import type { MyEnrollment } from '../../api/courses.ts';

/** The yearly JP minimum every civil servant must reach. */
export const yearlyJpTarget = 20;

export interface LearningGroups {
  /** Assigned to me and not finished, soonest due first. */
  assigned: MyEnrollment[];
  /** Chosen by me and not finished. */
  inProgress: MyEnrollment[];
  /** Finished, most recent first. */
  completed: MyEnrollment[];
}

export function groupEnrollments(enrollments: readonly MyEnrollment[]): LearningGroups {
  const open = enrollments.filter((e) => !e.completedAt);
  const dueTime = (e: MyEnrollment) => (e.dueAt ? Date.parse(e.dueAt) : Number.POSITIVE_INFINITY);
  return {
    assigned: open.filter((e) => e.source === 'assigned').sort((a, b) => dueTime(a) - dueTime(b)),
    inProgress: open.filter((e) => e.source !== 'assigned'),
    completed: enrollments.filter((e) => e.completedAt).sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!)),
  };
}

/** JP recorded for courses completed in the given calendar year (Surakarta time). */
export function jpInYear(enrollments: readonly MyEnrollment[], year = new Date().getFullYear()): number {
  const total = enrollments
    .filter((e) => e.completedAt && new Date(Date.parse(e.completedAt) + 7 * 3600_000).getUTCFullYear() === year)
    .reduce((sum, e) => sum + (e.jpAwarded ?? e.course.jp), 0);
  return Math.round(total * 10) / 10;
}

/** Where to pick a course up again: the lesson last worked on, else the course page. */
export function continueHref(e: MyEnrollment): string {
  return e.lastLessonId ? `/learn/${e.lastLessonId}` : `/courses/${encodeURIComponent(e.course.slug)}`;
}
