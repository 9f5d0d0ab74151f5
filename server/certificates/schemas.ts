import { Type } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';

export const CodeParam = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, description: 'The verification code, e.g. 7K3M-9QX2-HT4C (case, hyphens and spaces do not matter)' }),
});
export const StatusListParam = Type.Object({ list: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
export const LangQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])) });
export const VerifyFormQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 40 })),
  lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
});

export const CertificateKind = Type.Union([Type.Literal('course'), Type.Literal('programme'), Type.Literal('webinar')]);
const Competency = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });

/** One of my certificates, with where to download it and where others can check it. */
export const MyCertificate = Type.Object({
  code: Type.String({ description: 'XXXX-XXXX-XXXX' }),
  kind: CertificateKind,
  activity: Type.Object({ title: Type.String(), path: Nullable(Type.String({ description: "The activity's page in the web app" })) }),
  jp: Type.Number(),
  competencies: Type.Array(Competency),
  issuedAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  revokeReason: Nullable(Type.String()),
  pdfUrl: Type.String(),
  credentialUrl: Type.String(),
  verifyUrl: Type.String({ description: 'The public verification page (the QR code points here)' }),
});
export const MyCertificates = Type.Object({ items: Type.Array(MyCertificate) });

const Verified = {
  code: Type.String(),
  valid: Type.Boolean(),
  certificate: Type.Object({
    holderName: Type.String(),
    holderNip: Nullable(Type.String({ description: 'With the first 8 digits (the date of birth) hidden' })),
    kind: CertificateKind,
    activity: Type.String(),
    jp: Type.Number(),
    issuedAt: Type.String({ format: 'date-time' }),
    competencies: Type.Array(Competency),
  }),
};
/** What anyone with the code learns: validity and what the certificate itself shows. */
export const Verification = Type.Object({
  ...Verified,
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked')]),
  revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
  reason: Type.Optional(Type.String({ description: 'Why it was revoked (public)' })),
});
/** 404: the error shape, plus the verification fields a checker reads. */
export const VerificationNotFound = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  code: Type.String(),
  valid: Type.Literal(false),
  status: Type.Literal('not_found'),
});

export const RevokeBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500, description: 'Shown on the public verification page' }) },
  { additionalProperties: false },
);

export const IssuerDocument = Type.Object({
  id: Type.String({ description: 'did:key of the city key: the issuer of every credential' }),
  type: Type.Array(Type.String()),
  name: Type.String(),
  url: Type.String(),
  verificationMethod: Type.Array(
    Type.Object({ id: Type.String(), type: Type.Literal('Multikey'), controller: Type.String(), publicKeyMultibase: Type.String() }),
  ),
  assertionMethod: Type.Array(Type.String()),
  statusLists: Type.Array(Type.String()),
});
