import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';

export { IdParam } from '../org/schemas.ts';

export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });

export const PartnerKind = Type.Union([Type.Literal('university'), Type.Literal('professional'), Type.Literal('company'), Type.Literal('government')]);
export const AgreementKind = Type.Union([Type.Literal('mou'), Type.Literal('pks'), Type.Literal('other')], { description: 'mou: Nota Kesepahaman; pks: Perjanjian Kerja Sama' });

export const Agreement = Type.Object({
  id: Type.Integer(),
  kind: AgreementKind,
  number: Type.String(),
  title: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  scope: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('upcoming')]),
});
export type AgreementT = Static<typeof Agreement>;

export const Member = Type.Object({ id: Type.Integer(), name: Type.String(), email: Nullable(Type.String()) });

export const Partner = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: PartnerKind,
  website: Type.String(),
  contactEmail: Type.String(),
  description: Type.String(),
  active: Type.Boolean(),
  /** Whether one of its agreements is in force today: needed to submit content and publish placements. */
  hasActiveAgreement: Type.Boolean(),
  agreements: Type.Array(Agreement),
  members: Type.Array(Member),
  counts: Type.Object({ courses: Type.Integer(), webinars: Type.Integer(), placements: Type.Integer() }),
});
export type PartnerT = Static<typeof Partner>;

const Website = Type.String({ maxLength: 300 });
const Email = Type.String({ maxLength: 200, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });
export const PartnerCreate = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    kind: PartnerKind,
    website: Type.Optional(Website),
    contactEmail: Type.Optional(Email),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export const PartnerPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    kind: Type.Optional(PartnerKind),
    website: Type.Optional(Website),
    contactEmail: Type.Optional(Email),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AgreementCreate = Type.Object(
  {
    kind: AgreementKind,
    number: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    startsOn: Day,
    endsOn: Day,
    scope: Type.String({ maxLength: 5000, default: '' }),
  },
  { additionalProperties: false },
);
export type AgreementCreateT = Static<typeof AgreementCreate>;

export const MemberCreate = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 200, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
  },
  { additionalProperties: false },
);
export const MemberAdded = Type.Object({
  person: Member,
  /** Only for a newly made account: shown once, to pass on; it must be changed at first sign-in. */
  temporaryPassword: Nullable(Type.String()),
});

export const AgreementParams = Type.Object({ id: Type.Integer({ minimum: 1 }), agreementId: Type.Integer({ minimum: 1 }) });
export const MemberParams = Type.Object({ id: Type.Integer({ minimum: 1 }), personId: Type.Integer({ minimum: 1 }) });

export const PartnerOption = Type.Object({ id: Type.Integer(), name: Type.String(), kind: PartnerKind });

export const PartnerHome = Type.Object({
  partner: Partner,
  content: Type.Object({
    courses: Type.Array(
      Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String(), draftState: Nullable(Type.String()), enrolled: Type.Integer(), completed: Type.Integer() }),
    ),
    webinars: Type.Array(
      Type.Object({
        id: Type.Integer(),
        title: Type.String(),
        startsAt: Type.String(),
        status: Type.String(),
        reviewState: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('returned')]),
        reviewNote: Nullable(Type.String()),
        registered: Type.Integer(),
      }),
    ),
    placements: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String(), seats: Type.Integer(), applications: Type.Integer() })),
  }),
});

export { Ref };
