import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuthUser } from '../auth/sessions.ts';
import type { CertificateCompetency, CertificateKind, CertificatesTable, DB } from '../db/types.ts';
import { adminUnitIds, audit } from '../org/service.ts';
import { AppError, forbidden, text } from '../plugins/errors.ts';
import { formatCertificateCode, newCertificateCode, parseCertificateCode } from './code.ts';

type Db = Kysely<DB> | Transaction<DB>;
export type Certificate = Selectable<CertificatesTable>;

export interface IssueInput {
  personId: number;
  kind: CertificateKind;
  /** The activity: a course or webinar id (programmes once they exist). */
  sourceId: number;
  /** The record that completed it: for a course, the enrolment; none for a webinar. */
  sourceRecordId?: number | null;
}

interface Snapshot {
  activity_title: string;
  activity_summary: string;
  activity_path: string | null;
  jp: number;
  competencies: CertificateCompetency[];
  issued_at: Date | null;
}

async function courseSnapshot(db: Db, personId: number, courseId: number, enrollmentId: number | null): Promise<Snapshot> {
  const course = await db.selectFrom('courses').select(['slug', 'title', 'summary', 'jp']).where('id', '=', courseId).executeTakeFirst();
  if (!course) throw new Error(`issueCertificate: there is no course ${courseId}`);
  let completion: { completed_at: Date | null; jp_awarded: number | null } | undefined;
  if (enrollmentId !== null) {
    completion = await db
      .selectFrom('enrollments')
      .select(['completed_at', 'jp_awarded'])
      .where('id', '=', enrollmentId)
      .where('person_id', '=', personId)
      .where('course_id', '=', courseId)
      .executeTakeFirst();
    if (!completion?.completed_at) throw new Error(`issueCertificate: enrolment ${enrollmentId} is not a completed enrolment of person ${personId} in course ${courseId}`);
  }
  const rows = await db
    .selectFrom('course_competencies as cc')
    .leftJoin('competencies as c', 'c.code', 'cc.competency_code')
    .leftJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .leftJoin('competency_frameworks as f', 'f.id', 'c.framework_id')
    .select(['cc.competency_code as code', 'cc.level', 'v.name', 'c.case_id', 'f.slug as framework_slug', 'f.title as framework_title'])
    .where('cc.course_id', '=', courseId)
    .orderBy('cc.competency_code')
    .execute();
  return {
    activity_title: course.title,
    activity_summary: course.summary,
    activity_path: `/courses/${course.slug}`,
    // What was awarded at completion; the course's JP may change later.
    jp: completion?.jp_awarded ?? course.jp,
    competencies: rows.map(competencyOnCertificate),
    issued_at: completion?.completed_at ?? null,
  };
}

interface CompetencyRow {
  code: string;
  level: number;
  name: string | null;
  case_id: string | null;
  framework_slug: string | null;
  framework_title: string | null;
}

/** A competency as a certificate shows it; a code the frameworks do not know (yet) is shown as it is. */
const competencyOnCertificate = (r: CompetencyRow) => ({
  code: r.code,
  name: r.name ?? r.code,
  level: r.level,
  framework: r.framework_slug && r.framework_title ? { slug: r.framework_slug, title: r.framework_title } : null,
  caseId: r.case_id,
});

/**
 * A webinar attended above its threshold. Who qualifies is decided by the webinar's outcomes
 * (webinars/outcomes.ts), which write the JP first: the certificate shows the JP in force.
 */
async function webinarSnapshot(db: Db, personId: number, webinarId: number): Promise<Snapshot> {
  const w = await db.selectFrom('webinars').select(['title', 'description', 'status', 'ends_at', 'ended_at']).where('id', '=', webinarId).executeTakeFirst();
  if (!w) throw new Error(`issueCertificate: there is no webinar ${webinarId}`);
  if (w.status !== 'ended' || !w.ended_at) throw new Error(`issueCertificate: webinar ${webinarId} has not ended`);
  const jp = await db
    .selectFrom('jp_entries')
    .select('jp')
    .where('person_id', '=', personId)
    .where('source', '=', 'webinar')
    .where('source_id', '=', webinarId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('webinar_competencies as wc')
    .leftJoin('competencies as c', 'c.code', 'wc.competency_code')
    .leftJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .leftJoin('competency_frameworks as f', 'f.id', 'c.framework_id')
    .select(['wc.competency_code as code', 'wc.level', 'v.name', 'c.case_id', 'f.slug as framework_slug', 'f.title as framework_title'])
    .where('wc.webinar_id', '=', webinarId)
    .orderBy('wc.competency_code')
    .execute();
  const firstParagraph = w.description.trim().split(/\n\s*\n/)[0] ?? '';
  return {
    activity_title: w.title,
    activity_summary: firstParagraph.length > 300 ? `${firstParagraph.slice(0, 299)}…` : firstParagraph,
    activity_path: `/webinars/${webinarId}`,
    jp: jp ? Number(jp.jp) : 0,
    competencies: rows.map(competencyOnCertificate),
    // Attendance counts up to the scheduled end, so that is when it was complete.
    issued_at: w.ended_at < w.ends_at ? w.ended_at : w.ends_at,
  };
}

/** A programme completed: what completed it is recorded in programme_completions. */
async function programmeSnapshot(db: Db, personId: number, programmeId: number): Promise<Snapshot> {
  const p = await db.selectFrom('programmes').select(['title', 'summary', 'jp']).where('id', '=', programmeId).executeTakeFirst();
  if (!p) throw new Error(`issueCertificate: there is no programme ${programmeId}`);
  const done = await db.selectFrom('programme_completions').select('completed_at').where('programme_id', '=', programmeId).where('person_id', '=', personId).executeTakeFirst();
  if (!done) throw new Error(`issueCertificate: person ${personId} has not completed programme ${programmeId}`);
  const rows = await db
    .selectFrom('programme_competencies as pc')
    .leftJoin('competencies as c', 'c.code', 'pc.competency_code')
    .leftJoin('competency_versions as v', 'v.id', 'c.current_version_id')
    .leftJoin('competency_frameworks as f', 'f.id', 'c.framework_id')
    .select(['pc.competency_code as code', 'pc.level', 'v.name', 'c.case_id', 'f.slug as framework_slug', 'f.title as framework_title'])
    .where('pc.programme_id', '=', programmeId)
    .orderBy('pc.competency_code')
    .execute();
  return {
    activity_title: p.title,
    activity_summary: p.summary,
    activity_path: `/programmes/${programmeId}`,
    jp: Number(p.jp),
    competencies: rows.map(competencyOnCertificate),
    issued_at: done.completed_at,
  };
}

const findIssued = (db: Db, { personId, kind, sourceId }: IssueInput) =>
  db.selectFrom('certificates').selectAll().where('person_id', '=', personId).where('kind', '=', kind).where('source_id', '=', sourceId).executeTakeFirst();

/**
 * Issues the certificate of a completed activity, or returns the one already issued for the
 * same person and activity. Call it in the transaction that records the completion. It only
 * writes a row (a snapshot of what the certificate shows): the PDF and the signed credential
 * are made when someone downloads them.
 */
export async function issueCertificate(trx: Db, input: IssueInput): Promise<Certificate> {
  const existing = await findIssued(trx, input);
  if (existing) return existing;
  const person = await trx.selectFrom('people').select(['name', 'nip']).where('id', '=', input.personId).executeTakeFirst();
  if (!person) throw new Error(`issueCertificate: there is no person ${input.personId}`);
  let snapshot: Snapshot;
  switch (input.kind) {
    case 'course':
      snapshot = await courseSnapshot(trx, input.personId, input.sourceId, input.sourceRecordId ?? null);
      break;
    case 'webinar':
      snapshot = await webinarSnapshot(trx, input.personId, input.sourceId);
      break;
    case 'programme':
      snapshot = await programmeSnapshot(trx, input.personId, input.sourceId);
      break;
    default:
      throw new Error(`issueCertificate: certificates for a ${input.kind} are not issued yet`);
  }
  const inserted = await trx
    .insertInto('certificates')
    .values({
      code: newCertificateCode(),
      person_id: input.personId,
      kind: input.kind,
      source_id: input.sourceId,
      source_record_id: input.sourceRecordId ?? null,
      holder_name: person.name,
      holder_nip: person.nip,
      activity_title: snapshot.activity_title,
      activity_summary: snapshot.activity_summary,
      activity_path: snapshot.activity_path,
      jp: snapshot.jp,
      competencies: JSON.stringify(snapshot.competencies),
      ...(snapshot.issued_at ? { issued_at: snapshot.issued_at } : {}),
    })
    // Issued meanwhile by a concurrent completion: that one stands.
    .onConflict((oc) => oc.columns(['person_id', 'kind', 'source_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const winner = await findIssued(trx, input);
  if (!winner) throw new Error('issueCertificate: a concurrent issue is not visible to this transaction');
  return winner;
}

export const invalidCode = () =>
  new AppError(
    400,
    'invalid_certificate_code',
    text(
      'Kode sertifikat tidak valid: periksa kembali penulisannya (12 huruf dan angka, misalnya 7K3M-9QX2-HT4C).',
      'This is not a valid certificate code: check how it was typed (12 letters and digits, e.g. 7K3M-9QX2-HT4C).',
    ),
  );
export const certificateNotFound = () =>
  new AppError(404, 'certificate_not_found', text('Tidak ada sertifikat dengan kode ini.', 'There is no certificate with this code.'));

/** The certificate a typed code names; 400 for a malformed code, 404 for an unknown one. */
export async function findByCode(db: Db, input: string): Promise<Certificate> {
  const code = parseCertificateCode(input);
  if (!code) throw invalidCode();
  const cert = await db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();
  if (!cert) throw certificateNotFound();
  return cert;
}

/** The holder, or an admin whose offices include the holder's. */
export async function canReadCertificate(db: Db, user: AuthUser, cert: Certificate): Promise<boolean> {
  if (cert.person_id === user.id) return true;
  return canAdminister(db, user, cert);
}

async function canAdminister(db: Db, user: AuthUser, cert: Certificate): Promise<boolean> {
  const units = await adminUnitIds(db, user);
  if (units === null) return true;
  if (units.length === 0) return false;
  const holder = await db.selectFrom('people').select('unit_id').where('id', '=', cert.person_id).executeTakeFirst();
  return holder?.unit_id != null && units.includes(holder.unit_id);
}

export async function myCertificates(db: Db, personId: number): Promise<Certificate[]> {
  return db.selectFrom('certificates').selectAll().where('person_id', '=', personId).orderBy('issued_at', 'desc').orderBy('id', 'desc').execute();
}

/** Revokes for good (a certificate issued in error is revoked, never deleted). */
export async function revokeCertificate(trx: Transaction<DB>, user: AuthUser, input: string, reason: string): Promise<Certificate> {
  const cert = await findByCode(trx, input);
  if (!(await canAdminister(trx, user, cert))) throw forbidden();
  const revoked = await trx
    .updateTable('certificates')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: user.id, revoke_reason: reason.trim() })
    .where('id', '=', cert.id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!revoked) throw new AppError(409, 'already_revoked', text('Sertifikat ini sudah dicabut.', 'This certificate has already been revoked.'));
  await audit(trx, user.id, 'certificate.revoke', `certificate:${revoked.id}`, { code: formatCertificateCode(revoked.code), reason: revoked.revoke_reason });
  return revoked;
}

/** Positions set in one revocation status list (list n holds indexes (n-1)·size … n·size-1). */
export async function revokedPositions(db: Db, list: number, size: number): Promise<number[]> {
  const first = (list - 1) * size;
  const rows = await db
    .selectFrom('certificates')
    .select('status_index')
    .where('revoked_at', 'is not', null)
    .where('status_index', '>=', first)
    .where('status_index', '<', first + size)
    .orderBy('status_index')
    .execute();
  return rows.map((r) => r.status_index - first);
}

/** How many status lists exist: list 1 always (an empty one), more as certificates fill them. */
export async function statusListCount(db: Db, size: number): Promise<number> {
  const row = await db.selectFrom('certificates').select(sql<number | null>`max(status_index)`.as('max')).executeTakeFirstOrThrow();
  return row.max === null ? 1 : Math.floor(row.max / size) + 1;
}
