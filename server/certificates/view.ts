import type { CertificateKind } from '../db/types.ts';
import { formatCertificateCode } from './code.ts';
import { verifyUrl } from './credential.ts';
import type { Certificate } from './service.ts';

/** The NIP with its first 8 digits (the date of birth) hidden. */
export const maskNip = (nip: string | null) => (nip ? '•'.repeat(Math.min(8, nip.length)) + nip.slice(8) : null);

/** What anyone holding the code may see: what the certificate shows, with the NIP masked. */
export function verification(cert: Certificate) {
  const revoked = cert.revoked_at !== null;
  return {
    code: formatCertificateCode(cert.code),
    valid: !revoked,
    status: revoked ? ('revoked' as const) : ('valid' as const),
    ...(revoked ? { revokedAt: cert.revoked_at!.toISOString(), reason: cert.revoke_reason ?? '' } : {}),
    certificate: {
      holderName: cert.holder_name,
      holderNip: maskNip(cert.holder_nip),
      kind: cert.kind,
      activity: cert.activity_title,
      jp: cert.jp,
      issuedAt: cert.issued_at.toISOString(),
      competencies: cert.competencies.map(({ code, name, level }) => ({ code, name, level })),
    },
  };
}
export type Verification = ReturnType<typeof verification>;

/** A certificate in the holder's list, with where to get it. */
export function ownView(cert: Certificate, publicUrl: string) {
  const code = formatCertificateCode(cert.code);
  return {
    code,
    kind: cert.kind as CertificateKind,
    activity: { title: cert.activity_title, path: cert.activity_path },
    jp: cert.jp,
    competencies: cert.competencies.map(({ code, name, level }) => ({ code, name, level })),
    issuedAt: cert.issued_at.toISOString(),
    revokedAt: cert.revoked_at ? cert.revoked_at.toISOString() : null,
    revokeReason: cert.revoke_reason,
    pdfUrl: `/api/certificates/${code}/pdf`,
    credentialUrl: `/api/certificates/${code}/credential`,
    verifyUrl: verifyUrl(publicUrl, cert.code),
  };
}
