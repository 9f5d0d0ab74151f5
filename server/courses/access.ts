import type { Kysely, Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { sharesPartner } from '../partners/service.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Admins and the course's owner edit it (and, for a partner's course, the partner's users); trainers create courses of their own. */
export function canEditCourse(user: AuthUser, course: { owner_id: number | null; partner_id?: number | null }): boolean {
  return user.roles.includes('admin') || (course.owner_id !== null && course.owner_id === user.id) || sharesPartner(user, course.partner_id ?? null);
}

/**
 * Who may see a course and its files: everyone signed in once it is published (or archived,
 * for those who took it); before that only its owner and admins.
 */
export function canViewCourse(user: AuthUser, course: { owner_id: number | null; partner_id?: number | null; status: string }): boolean {
  if (course.status === 'published' || course.status === 'archived') return true;
  return canEditCourse(user, course);
}

export async function loadCourseForAccess(db: Db, courseId: number) {
  return db.selectFrom('courses').select(['id', 'owner_id', 'partner_id', 'status', 'slug', 'storage_quota_bytes']).where('id', '=', courseId).executeTakeFirst();
}
