import { Type, type Static } from '@sinclair/typebox';
import { CODE_PATTERN } from '../competencies/frameworks.ts';
import { Nullable } from '../org/schemas.ts';
import { Day } from '../partners/schemas.ts';

export { IdParam } from '../org/schemas.ts';

const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });
export const PlacementKind = Type.Union([Type.Literal('internship'), Type.Literal('research')], { description: 'internship: magang; research: riset' });
export const PlacementStatus = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]);
export const ApplicationStatus = Type.Union([
  Type.Literal('pending_supervisor'),
  Type.Literal('pending_host'),
  Type.Literal('accepted'),
  Type.Literal('declined'),
  Type.Literal('withdrawn'),
  Type.Literal('completed'),
  Type.Literal('not_completed'),
]);

const CompetencyIn = Type.Object({ code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });

export const Placement = Type.Object({
  id: Type.Integer(),
  kind: PlacementKind,
  title: Type.String(),
  topic: Type.String(),
  description: Type.String(),
  host: Type.Object({ partner: Nullable(Ref), unit: Nullable(Ref) }),
  location: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  applyBy: Type.String(),
  seats: Type.Integer(),
  seatsTaken: Type.Integer({ description: 'Accepted (and finished) applicants' }),
  jp: Type.Number(),
  competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer(), name: Nullable(Type.String()) })),
  status: PlacementStatus,
  mine: Nullable(Type.Object({ applicationId: Type.Integer(), status: ApplicationStatus })),
  canManage: Type.Boolean(),
});
export type PlacementT = Static<typeof Placement>;

export const PlacementQuery = Type.Object({
  status: Type.Optional(PlacementStatus),
  kind: Type.Optional(PlacementKind),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const PlacementCreate = Type.Object(
  {
    kind: PlacementKind,
    title: Type.String({ minLength: 3, maxLength: 200 }),
    topic: Type.String({ maxLength: 300, default: '' }),
    description: Type.String({ maxLength: 10000, default: '' }),
    hostUnitId: Type.Optional(Type.Integer({ minimum: 1, description: 'Admins only: the office hosting it (default: the admin’s own office)' })),
    partnerId: Type.Optional(Type.Integer({ minimum: 1, description: 'Admins only: publish on behalf of a partner' })),
    location: Type.String({ maxLength: 300, default: '' }),
    startsOn: Day,
    endsOn: Day,
    applyBy: Day,
    seats: Type.Integer({ minimum: 1, maximum: 500 }),
    jp: Type.Number({ minimum: 0, maximum: 200 }),
    competencies: Type.Array(CompetencyIn, { maxItems: 20, default: [] }),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('open')], { description: "Admins may save a 'draft'; default 'open'" })),
  },
  { additionalProperties: false },
);
export type PlacementCreateT = Static<typeof PlacementCreate>;

export const PlacementPatch = Type.Object(
  {
    kind: Type.Optional(PlacementKind),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
    topic: Type.Optional(Type.String({ maxLength: 300 })),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    location: Type.Optional(Type.String({ maxLength: 300 })),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Day),
    applyBy: Type.Optional(Day),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    jp: Type.Optional(Type.Number({ minimum: 0, maximum: 200 })),
    competencies: Type.Optional(Type.Array(CompetencyIn, { maxItems: 20 })),
    status: Type.Optional(PlacementStatus),
  },
  { additionalProperties: false },
);
export type PlacementPatchT = Static<typeof PlacementPatch>;

const Decision = Nullable(Type.Object({ by: Ref, at: Type.String(), note: Nullable(Type.String()) }));
export const Application = Type.Object({
  id: Type.Integer(),
  placement: Type.Object({ id: Type.Integer(), title: Type.String(), kind: PlacementKind }),
  person: Type.Object({ id: Type.Integer(), name: Type.String(), unit: Nullable(Type.String()), position: Nullable(Type.String()) }),
  status: ApplicationStatus,
  motivation: Type.String(),
  supervisorDecision: Decision,
  hostDecision: Decision,
  report: Nullable(Type.Object({ summary: Type.String(), score: Nullable(Type.Integer()), completed: Type.Boolean(), at: Type.String() })),
  jpAwarded: Nullable(Type.Number()),
  createdAt: Type.String(),
});
export type ApplicationT = Static<typeof Application>;
export const Applications = Type.Object({ items: Type.Array(Application) });

export const ApplicationCreate = Type.Object({ motivation: Type.String({ minLength: 20, maxLength: 3000 }) }, { additionalProperties: false });
export const SupervisorDecision = Type.Object(
  { approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when refusing' })) },
  { additionalProperties: false },
);
export const HostDecision = Type.Object({ accept: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const Report = Type.Object(
  { completed: Type.Boolean(), summary: Type.String({ minLength: 20, maxLength: 5000 }), score: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) },
  { additionalProperties: false },
);
