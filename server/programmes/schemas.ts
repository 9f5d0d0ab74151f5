import { Type, type Static } from '@sinclair/typebox';
import { CODE_PATTERN } from '../competencies/frameworks.ts';
import { Nullable } from '../org/schemas.ts';

export { IdParam } from '../org/schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });

export const CompetencyLevel = Type.Object({ code: Type.String({ pattern: CODE_PATTERN, maxLength: 40 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });
export const StepKind = Type.Union([Type.Literal('course'), Type.Literal('quiz'), Type.Literal('webinar'), Type.Literal('practice')]);
export const ProgrammeStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')]);

export const RubricRowInput = Type.Object(
  { criterion: Type.String({ minLength: 2, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const StepInput = Type.Object(
  {
    kind: StepKind,
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Default: the course's, quiz's or webinar's title" })),
    courseId: Type.Optional(Id),
    quizId: Type.Optional(Id),
    webinarId: Type.Optional(Id),
    dueDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: "Days after the cohort's start by which the step is due" })),
    requires: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 30, description: 'Indexes of earlier steps in this array' })),
    competencies: Type.Optional(Type.Array(CompetencyLevel, { maxItems: 20, description: 'Practice: what an accepted submission proves' })),
    practice: Type.Optional(
      Type.Object(
        { instructions: Type.String({ minLength: 1, maxLength: 10000 }), rubric: Type.Array(RubricRowInput, { minItems: 1, maxItems: 10 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StepInputT = Static<typeof StepInput>;

export const NewProgramme = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 200 }),
    summary: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 20000 })),
    jp: Type.Number({ minimum: 0, maximum: 500 }),
    unitId: Type.Optional(Id),
    competencies: Type.Optional(Type.Array(CompetencyLevel, { maxItems: 20 })),
    status: Type.Optional(ProgrammeStatus),
    steps: Type.Array(StepInput, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type NewProgrammeT = Static<typeof NewProgramme>;

export const ProgrammePatch = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
    summary: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 20000 })),
    jp: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
    competencies: Type.Optional(Type.Array(CompetencyLevel, { maxItems: 20 })),
    status: Type.Optional(ProgrammeStatus),
    steps: Type.Optional(Type.Array(StepInput, { minItems: 1, maxItems: 50, description: 'Only while no participant has started' })),
  },
  { additionalProperties: false },
);
export type ProgrammePatchT = Static<typeof ProgrammePatch>;

const UnitRef = Nullable(Ref);
export const Step = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  kind: StepKind,
  title: Type.String(),
  dueDays: Nullable(Type.Integer()),
  requires: Type.Array(Type.Integer(), { description: 'Step ids' }),
  competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer() })),
  course: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), jp: Type.Number() })),
  quiz: Nullable(Type.Object({ id: Type.Integer(), title: Type.String() })),
  webinar: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Type.String() })),
  practice: Nullable(Type.Object({ instructions: Type.String(), rubric: Type.Array(Type.Object({ criterion: Type.String(), description: Type.String() })) })),
});
export const CohortBrief = Type.Object({ id: Type.Integer(), name: Type.String(), startsOn: Type.String(), endsOn: Type.String(), participantCount: Type.Integer() });
export const Programme = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  description: Type.String(),
  jp: Type.Number(),
  status: ProgrammeStatus,
  unit: UnitRef,
  competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer(), name: Nullable(Type.String()) })),
  steps: Type.Array(Step),
  cohorts: Type.Array(CohortBrief, { description: 'Admins and facilitators only; [] for participants' }),
});
export type ProgrammeT = Static<typeof Programme>;

export const ProgrammeSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  jp: Type.Number(),
  status: ProgrammeStatus,
  unit: UnitRef,
  stepCount: Type.Integer(),
  cohortCount: Type.Integer(),
  participantCount: Type.Integer(),
});

export const Participants = Type.Object(
  {
    unitIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    includeSubUnits: Type.Optional(Type.Boolean({ description: 'Also the offices below the ones given (schools under the Education Office)' })),
    positionIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    personIds: Type.Optional(Type.Array(Id, { maxItems: 2000 })),
  },
  { additionalProperties: false },
);
export type ParticipantsT = Static<typeof Participants>;

export const NewCohort = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    startsOn: Day,
    endsOn: Day,
    facilitatorIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    principalReview: Type.Optional(Type.Boolean()),
    participants: Participants,
  },
  { additionalProperties: false },
);
export type NewCohortT = Static<typeof NewCohort>;

export const Cohort = Type.Object({
  id: Type.Integer(),
  programmeId: Type.Integer(),
  name: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  principalReview: Type.Boolean(),
  facilitators: Type.Array(Ref),
  participantCount: Type.Integer(),
  added: Type.Integer({ description: 'Participants this request added' }),
});
export type CohortT = Static<typeof Cohort>;

/** People a request named but left out: they already are in another cohort of this programme (one cohort per programme). */
export const Skipped = Type.Array(
  Type.Object({ id: Type.Integer(), name: Type.String(), cohort: Type.Object({ id: Type.Integer(), name: Type.String() }) }),
  { description: 'People left out because they already are in another cohort of this programme' },
);
export type SkippedT = Static<typeof Skipped>;
export const CohortCreated = Type.Object({ ...Cohort.properties, skipped: Skipped });
export type CohortCreatedT = Static<typeof CohortCreated>;
export const ParticipantsAdded = Type.Object({ added: Type.Integer(), participantCount: Type.Integer(), skipped: Skipped });

export const ParticipantStatus = Type.Union([Type.Literal('completed'), Type.Literal('on_track'), Type.Literal('behind'), Type.Literal('stuck')]);
export const Progress = Type.Object({
  cohort: Cohort,
  programme: Type.Object({ id: Type.Integer(), title: Type.String(), jp: Type.Number() }),
  summary: Type.Object({ total: Type.Integer(), completed: Type.Integer(), onTrack: Type.Integer(), behind: Type.Integer(), stuck: Type.Integer() }),
  schools: Type.Array(
    Type.Object({
      unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })),
      total: Type.Integer(),
      completed: Type.Integer(),
      behind: Type.Integer(),
      stuck: Type.Integer(),
      avgPct: Type.Number(),
    }),
  ),
  participants: Type.Array(
    Type.Object({
      person: Type.Object({ id: Type.Integer(), name: Type.String(), nip: Nullable(Type.String()) }),
      unit: UnitRef,
      status: ParticipantStatus,
      done: Type.Integer(),
      total: Type.Integer(),
      pct: Type.Number(),
      currentStep: Nullable(Type.Object({ id: Type.Integer(), title: Type.String() })),
      lastActivityAt: Nullable(Type.String()),
      completedAt: Nullable(Type.String()),
    }),
  ),
});
export type ProgressT = Static<typeof Progress>;
export const ProgressQuery = Type.Object({ unitId: Type.Optional(Id) }, { additionalProperties: false });

export const MyStepStatus = Type.Union([
  Type.Literal('locked'),
  Type.Literal('available'),
  Type.Literal('in_progress'),
  Type.Literal('submitted'),
  Type.Literal('revise'),
  Type.Literal('completed'),
]);
export const MyProgramme = Type.Object({
  programme: Type.Object({ id: Type.Integer(), title: Type.String(), summary: Type.String(), jp: Type.Number() }),
  cohort: Type.Object({ id: Type.Integer(), name: Type.String(), startsOn: Type.String(), endsOn: Type.String() }),
  status: Type.Union([Type.Literal('not_started'), Type.Literal('in_progress'), Type.Literal('completed'), Type.Literal('behind')]),
  done: Type.Integer(),
  total: Type.Integer(),
  pct: Type.Number(),
  completedAt: Nullable(Type.String()),
  certificate: Nullable(Type.Object({ code: Type.String() })),
  reminder: Nullable(Type.Object({ at: Type.String(), message: Type.String() })),
  steps: Type.Array(
    Type.Object({
      id: Type.Integer(),
      position: Type.Integer(),
      kind: StepKind,
      title: Type.String(),
      status: MyStepStatus,
      dueAt: Nullable(Type.String()),
      overdue: Type.Boolean(),
      requires: Type.Array(Type.Integer()),
      link: Nullable(Type.String()),
    }),
  ),
});
export type MyProgrammeT = Static<typeof MyProgramme>;

// ---- Practice evidence ----------------------------------------------------------------------

export const UploadedFile = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), size: Type.Integer(), mime: Type.String() });
export const SubmissionFile = Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), mime: Type.String(), url: Type.String() });
export const PracticeStatus = Type.Union([Type.Literal('submitted'), Type.Literal('accepted'), Type.Literal('revise')]);
export const Submission = Type.Object({
  id: Type.Integer(),
  stepId: Type.Integer(),
  programmeId: Type.Integer(),
  programme: Type.Object({ id: Type.Integer(), title: Type.String() }),
  stepTitle: Type.String(),
  person: Type.Object({ id: Type.Integer(), name: Type.String(), unit: Nullable(Ref) }),
  status: PracticeStatus,
  reflection: Type.String(),
  files: Type.Array(SubmissionFile),
  submittedAt: Type.String(),
  rubric: Type.Array(Type.Object({ criterion: Type.String(), description: Type.String() }), { description: "The step's rubric, for the reviewer" }),
  review: Nullable(
    Type.Object({
      decision: Type.Union([Type.Literal('accept'), Type.Literal('revise')]),
      rubric: Type.Array(Type.Object({ criterion: Type.String(), met: Type.Boolean(), comment: Type.String() })),
      comment: Type.String(),
      reviewer: Ref,
      reviewedAt: Type.String(),
    }),
  ),
});
export type SubmissionT = Static<typeof Submission>;

export const Practice = Type.Object({
  step: Type.Object({
    id: Type.Integer(),
    programmeId: Type.Integer(),
    title: Type.String(),
    instructions: Type.String(),
    rubric: Type.Array(Type.Object({ criterion: Type.String(), description: Type.String() })),
    competencies: Type.Array(Type.Object({ code: Type.String(), level: Type.Integer() })),
    dueAt: Nullable(Type.String()),
  }),
  status: MyStepStatus,
  locked: Type.Boolean(),
  submissions: Type.Array(Submission),
});

export const NewSubmission = Type.Object(
  {
    reflection: Type.String({ minLength: 20, maxLength: 5000 }),
    fileIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const Review = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('revise')]),
    rubric: Type.Array(Type.Object({ met: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), { maxItems: 10 }),
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type ReviewT = Static<typeof Review>;
export const ReviewsQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('submitted'), Type.Literal('all')], { default: 'submitted' })) }, { additionalProperties: false });
export const FileParam = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CohortPersonParam = Type.Object({ id: Id, personId: Id });
