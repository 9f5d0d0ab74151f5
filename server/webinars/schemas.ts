import { Type, type Static } from '@sinclair/typebox';
import { CODE_PATTERN } from '../competencies/frameworks.ts';
import { Nullable } from '../org/schemas.ts';

const DateTime = Type.String({ format: 'date-time' });

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const WebinarCompetency = Type.Object(
  {
    code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }),
    level: Type.Integer({ minimum: 1, maximum: 5 }),
  },
  { additionalProperties: false },
);

const fields = {
  title: Type.String({ minLength: 3, maxLength: 200 }),
  description: Type.String({ maxLength: 20_000 }),
  startsAt: DateTime,
  endsAt: DateTime,
  capacity: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Seats; registrations beyond them join the waiting list' }),
  jp: Type.Number({ minimum: 0, maximum: 100, description: 'JP (jam pelajaran) earned by attending above the threshold' }),
  competencies: Type.Array(WebinarCompetency, { maxItems: 50, description: 'Competency levels attendance proves' }),
  courseId: Nullable(Type.Integer({ minimum: 1 })),
  quizId: Nullable(Type.Integer({ minimum: 1, description: 'Post-test' })),
  approvalRequired: Type.Boolean({ description: 'Registrations wait for a host to approve them' }),
  attendanceThresholdPct: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Share of the scheduled time to attend for JP and evidence' }),
  coHostIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, uniqueItems: true }),
  record: Type.Boolean({ description: 'Record the hosts’ video and sound while the room is open' }),
};

export const WebinarCreate = Type.Object(
  {
    title: fields.title,
    description: Type.Optional(fields.description),
    startsAt: fields.startsAt,
    endsAt: fields.endsAt,
    capacity: fields.capacity,
    jp: fields.jp,
    competencies: Type.Optional(fields.competencies),
    courseId: Type.Optional(fields.courseId),
    quizId: Type.Optional(fields.quizId),
    approvalRequired: Type.Optional(fields.approvalRequired),
    attendanceThresholdPct: Type.Optional(fields.attendanceThresholdPct),
    coHostIds: Type.Optional(fields.coHostIds),
    record: Type.Optional(fields.record),
  },
  { additionalProperties: false },
);
export type WebinarCreateT = Static<typeof WebinarCreate>;

export const WebinarPatch = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
export type WebinarPatchT = Static<typeof WebinarPatch>;

export const WebinarStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('live'), Type.Literal('ended'), Type.Literal('cancelled')]);
export const RegistrationStatus = Type.Union([
  Type.Literal('registered'),
  Type.Literal('waitlisted'),
  Type.Literal('pending_approval'),
  Type.Literal('approved'),
  Type.Literal('declined'),
  Type.Literal('cancelled'),
]);

const PersonRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const Registration = Type.Object({
  id: Type.Integer(),
  webinarId: Type.Integer(),
  person: PersonRef,
  status: RegistrationStatus,
  /** Place on the waiting list (1 = next), when waitlisted. */
  waitlistPosition: Nullable(Type.Integer()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type RegistrationT = Static<typeof Registration>;

/** A webinar as anyone signed in sees it: never the Janus room or its secret. */
export const Webinar = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  capacity: Type.Integer(),
  jp: Type.Number(),
  competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer() })),
  courseId: Nullable(Type.Integer()),
  quizId: Nullable(Type.Integer()),
  approvalRequired: Type.Boolean(),
  attendanceThresholdPct: Type.Number(),
  record: Type.Boolean(),
  status: WebinarStatus,
  host: PersonRef,
  coHosts: Type.Array(PersonRef),
  seats: Type.Object({ taken: Type.Integer(), free: Type.Integer(), waitlisted: Type.Integer(), pending: Type.Integer() }),
  me: Type.Object({
    /** May edit and cancel it: its owner, or an admin. */
    canEdit: Type.Boolean(),
    /** May open and end the room and decide registrations: owner, co-hosts, admins. */
    canHost: Type.Boolean(),
    /** Assigned to my office or position by an admin. */
    assigned: Type.Boolean(),
    registration: Nullable(Type.Object({ id: Type.Integer(), status: RegistrationStatus, waitlistPosition: Nullable(Type.Integer()) })),
  }),
  /** Whether live video can run now: ok, unavailable (no Janus here), down (Janus not answering). */
  liveVideo: Type.Union([Type.Literal('ok'), Type.Literal('unavailable'), Type.Literal('down')]),
  openedAt: Nullable(DateTime),
  endedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  /** The partner institution it belongs to; null for the city's own. */
  partner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  /** Partner webinars wait for the city: pending → approved, or returned with a note. */
  reviewState: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('returned')]),
  reviewNote: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type WebinarT = Static<typeof Webinar>;

export const WebinarList = Type.Object({ items: Type.Array(Webinar) });

export const ListQuery = Type.Object({
  view: Type.Union([Type.Literal('upcoming'), Type.Literal('mine')], {
    default: 'upcoming',
    description: 'upcoming: scheduled or live, not yet over; mine: hosting, registered or assigned, past ones too',
  }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

export const RegistrationParams = Type.Object({ id: Type.Integer({ minimum: 1 }), registrationId: Type.Integer({ minimum: 1 }) });

export const AssignmentInput = Type.Object(
  { unitId: Type.Optional(Type.Integer({ minimum: 1 })), positionId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export const Assignment = Type.Object({
  id: Type.Integer(),
  webinarId: Type.Integer(),
  unit: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
  position: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  createdAt: DateTime,
});
export const AssignmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), assignmentId: Type.Integer({ minimum: 1 }) });
