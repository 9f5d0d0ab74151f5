import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import type { CertificateKind } from '../db/types.ts';
import { formatCertificateCode } from './code.ts';
import type { Certificate } from './service.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT, type CertificateSigner } from './signing.ts';

export const CITY_NAME = 'Pemerintah Kota Surakarta';
/** Bits per status list: the W3C minimum, so one revocation hides among 131,072 positions. */
export const STATUS_LIST_SIZE = 131_072;

/** Where a certificate sits among the revocation lists. */
export function statusPosition(statusIndex: number): { list: number; index: number } {
  return { list: Math.floor(statusIndex / STATUS_LIST_SIZE) + 1, index: statusIndex % STATUS_LIST_SIZE };
}

/** "M.05 Pelayanan Publik"; the code alone when no framework names it. */
export const competencyLabel = (c: { code: string; name: string }) => (c.name === c.code ? c.code : `${c.code} ${c.name}`);
export const verifyUrl = (publicUrl: string, code: string) => `${publicUrl}/verify/${formatCertificateCode(code)}`;
export const statusListUrl = (publicUrl: string, list: number) => `${publicUrl}/api/certificates/status/${list}`;

/** The city as the issuer of every credential. */
export function issuerProfile(signer: CertificateSigner, publicUrl: string) {
  return { id: signer.did, type: ['Profile'], name: CITY_NAME, url: publicUrl };
}

const ACHIEVEMENT_TYPE: Record<CertificateKind, string> = { course: 'Course', programme: 'LearningProgram', webinar: 'Course' };
const CRITERIA: Record<CertificateKind, (title: string) => string> = {
  course: (title) => `Menyelesaikan seluruh pelajaran wajib kursus "${title}" di Sinau. (Completed every required lesson of the course.)`,
  programme: (title) => `Menyelesaikan program "${title}". (Completed the programme.)`,
  webinar: (title) => `Mengikuti webinar "${title}" sesuai ketentuan kehadiran. (Attended the webinar as required.)`,
};

/**
 * The certificate as an Open Badges 3.0 credential (W3C VC Data Model 2.0), unsigned. JP (jam
 * pelajaran, learning hours) are the achievement's credits; each competency is an alignment.
 */
export function certificateCredential(cert: Certificate, signer: CertificateSigner, publicUrl: string) {
  const issuedAt = cert.issued_at.toISOString();
  const status = statusPosition(cert.status_index);
  const listUrl = statusListUrl(publicUrl, status.list);
  const identifier: Record<string, unknown>[] = [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: cert.holder_name }];
  // The NIP, as the PDF shows it: how other government systems know the holder.
  if (cert.holder_nip) identifier.push({ type: 'IdentityObject', identityType: 'ext:NIP', hashed: false, identityHash: cert.holder_nip });
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${cert.credential_id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Sertifikat: ${cert.activity_title}`,
    description: `Sertifikat Sinau ${formatCertificateCode(cert.code)}; periksa keabsahannya di ${verifyUrl(publicUrl, cert.code)}`,
    issuer: issuerProfile(signer, publicUrl),
    validFrom: issuedAt,
    awardedDate: issuedAt,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier,
      creditsEarned: cert.jp,
      achievement: {
        id: cert.activity_path ? `${publicUrl}${cert.activity_path}` : `urn:sinau:${cert.kind}:${cert.source_id}`,
        type: ['Achievement'],
        achievementType: ACHIEVEMENT_TYPE[cert.kind],
        name: cert.activity_title,
        description: cert.activity_summary || `${cert.activity_title} — ${CITY_NAME}`,
        criteria: { narrative: CRITERIA[cert.kind](cert.activity_title) },
        creditsAvailable: cert.jp,
        inLanguage: 'id',
        ...(cert.competencies.length
          ? {
              alignment: cert.competencies.map((c) => ({
                type: ['Alignment'],
                targetType: 'CFItem',
                targetCode: c.code,
                targetName: c.name,
                targetDescription: `Level ${c.level}`,
                ...(c.framework ? { targetFramework: c.framework.title } : {}),
                // The competency's CASE URI (served by Sinau), or the list of frameworks.
                targetUrl: c.caseId ? `${publicUrl}/api/case/uri/${c.caseId}` : `${publicUrl}/api/competency-frameworks`,
              })),
            }
          : {}),
      },
    },
    credentialStatus: {
      id: `${listUrl}#${status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(status.index),
      statusListCredential: listUrl,
    },
  };
}

/** A BitstringStatusListCredential with the given positions revoked, unsigned. */
export async function statusListCredential(list: number, revoked: number[], signer: CertificateSigner, publicUrl: string, validFrom: Date) {
  const bits = await createList({ length: STATUS_LIST_SIZE });
  for (const index of revoked) bits.setStatus(index, true);
  const credential = await createCredential({ id: statusListUrl(publicUrl, list), list: bits, statusPurpose: 'revocation' });
  // The issuer's id alone: the status list context (VC 2.0) has no Profile type.
  return { ...credential, issuer: signer.did, validFrom: validFrom.toISOString() };
}
