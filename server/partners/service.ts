/**
 * Partner institutions: their agreements, their users, and the rules partner-made content
 * follows. Other features use these functions to scope content to a partner.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { DB } from '../db/types.ts';
import { AppError, forbidden, notFound, text } from '../plugins/errors.ts';
import { todayWib } from '../programmes/service.ts';
import type { AgreementT, PartnerT } from './schemas.ts';

export { todayWib };

type Db = Kysely<DB> | Transaction<DB>;

export const partnerNotFound = () => notFound(text('Mitra tidak ditemukan.', 'Partner not found.'));

export function agreementStatus(a: { starts_on: string; ends_on: string }, today = todayWib()): AgreementT['status'] {
  if (a.ends_on < today) return 'expired';
  if (a.starts_on > today) return 'upcoming';
  return 'active';
}

async function hasActiveAgreement(db: Db, partnerId: number): Promise<boolean> {
  const today = todayWib();
  const row = await db
    .selectFrom('partner_agreements')
    .select('id')
    .where('partner_id', '=', partnerId)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** Partner content goes to the city's review, or a placement opens, only under an agreement in force (and an active partner). */
export async function assertActiveAgreement(db: Db, partnerId: number): Promise<void> {
  const partner = await db.selectFrom('partners').select('active').where('id', '=', partnerId).executeTakeFirst();
  if (!partner?.active || !(await hasActiveAgreement(db, partnerId))) {
    throw new AppError(
      409,
      'no_active_agreement',
      text(
        'Mitra belum memiliki perjanjian kerja sama yang berlaku. Hubungi admin kota.',
        'The partner has no agreement in force. Contact the city administrators.',
      ),
    );
  }
}

/**
 * May this user work on content that belongs to `partnerId` (null: the city's)? Admins may;
 * a partner user only on their own partner's. Returns false for city content and a partner user.
 */
export function sharesPartner(user: AuthUser, partnerId: number | null): boolean {
  return partnerId !== null && !!user.partnerId && user.partnerId === partnerId;
}

/** The partner a partner user must be a member of to act; 403 when their membership has ended. */
export function ownPartnerId(user: AuthUser): number {
  if (!user.partnerId) throw forbidden(text('Akun Anda tidak terdaftar pada mitra mana pun.', 'Your account is not a member of any partner.'));
  return user.partnerId;
}

/** A temporary password for a new partner user: 12 readable characters. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function partnerViews(db: Db, ids: number[]): Promise<PartnerT[]> {
  if (!ids.length) return [];
  const today = todayWib();
  const [partners, agreements, members] = await Promise.all([
    db
      .selectFrom('partners as p')
      .selectAll('p')
      .select([
        sql<number>`(SELECT count(*)::int FROM courses c WHERE c.partner_id = p.id)`.as('courses'),
        sql<number>`(SELECT count(*)::int FROM webinars w WHERE w.partner_id = p.id)`.as('webinars'),
        sql<number>`(SELECT count(*)::int FROM placements x WHERE x.partner_id = p.id)`.as('placements'),
      ])
      .where('p.id', 'in', ids)
      .orderBy(sql`lower(p.name)`)
      .execute(),
    db.selectFrom('partner_agreements').selectAll().where('partner_id', 'in', ids).orderBy('starts_on', 'desc').orderBy('id').execute(),
    db
      .selectFrom('partner_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['m.partner_id', 'p.id', 'p.name', 'p.email'])
      .where('m.partner_id', 'in', ids)
      .where('m.active', '=', true)
      .orderBy('p.name')
      .execute(),
  ]);
  return partners.map((p) => {
    const mine = agreements.filter((a) => a.partner_id === p.id).map((a) => ({
      id: a.id,
      kind: a.kind,
      number: a.number,
      title: a.title,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      scope: a.scope,
      status: agreementStatus(a, today),
    }));
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      website: p.website,
      contactEmail: p.contact_email,
      description: p.description,
      active: p.active,
      hasActiveAgreement: mine.some((a) => a.status === 'active'),
      agreements: mine,
      members: members.filter((m) => m.partner_id === p.id).map((m) => ({ id: m.id, name: m.name, email: m.email })),
      counts: { courses: p.courses, webinars: p.webinars, placements: p.placements },
    };
  });
}

export async function partnerView(db: Db, id: number): Promise<PartnerT> {
  const [view] = await partnerViews(db, [id]);
  if (!view) throw partnerNotFound();
  return view;
}
