import { Type, type Static } from '@sinclair/typebox';
import { CODE_PATTERN } from '../competencies/frameworks.ts';
import { Nullable } from '../org/schemas.ts';

export { IdParam } from '../org/schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Code = Type.String({ pattern: CODE_PATTERN, maxLength: 40 });

/** For each level "1".."5", one true/false per behaviour indicator of that level, in order (as competency_assessments). */
export const Ratings = Type.Record(Type.String({ pattern: '^[1-5]$' }), Type.Array(Type.Boolean(), { maxItems: 12 }));
/** Ratings per competency code. */
export const RatingsByCode = Type.Record(Code, Ratings);

export const NewCampaign = Type.Object(
  {
    name: Type.String({ minLength: 3, maxLength: 200 }),
    opensOn: Day,
    closesOn: Day,
    unitIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, default: [], description: 'Offices targeted' }),
    includeSubUnits: Type.Boolean({ default: true, description: 'Also the offices below the ones given (kelurahan, schools)' }),
    positionIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, default: [], description: 'Positions targeted (wherever they are)' }),
    competencyCodes: Type.Array(Code, { maxItems: 30, default: [], description: "Competencies assessed; none: each person's position standard" }),
    selfAssessment: Type.Boolean({ default: true }),
    peerInput: Type.Boolean({ default: false }),
    maxPeers: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  },
  { additionalProperties: false },
);
export type NewCampaignT = Static<typeof NewCampaign>;

export const TaskStatus = Type.Union([Type.Literal('not_started'), Type.Literal('self_done'), Type.Literal('in_progress'), Type.Literal('finalised')]);
export const CampaignState = Type.Union([Type.Literal('scheduled'), Type.Literal('open'), Type.Literal('closed')]);
const Counts = Type.Object({ total: Type.Integer(), notStarted: Type.Integer(), selfDone: Type.Integer(), inProgress: Type.Integer(), finalised: Type.Integer() });
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });
const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });

export const Campaign = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  opensOn: Type.String(),
  closesOn: Type.String(),
  state: CampaignState,
  overdue: Type.Boolean({ description: 'Past its closing date and not closed' }),
  selfAssessment: Type.Boolean(),
  peerInput: Type.Boolean(),
  maxPeers: Type.Integer(),
  includeSubUnits: Type.Boolean(),
  units: Type.Array(UnitRef),
  positions: Type.Array(Ref),
  competencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  createdBy: Ref,
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
  counts: Counts,
});
export type CampaignT = Static<typeof Campaign>;

export const Problem = Type.Object({
  person: Type.Object({ id: Type.Integer(), name: Type.String(), nip: Nullable(Type.String()) }),
  unit: Nullable(UnitRef),
  reason: Type.Union([Type.Literal('no_supervisor'), Type.Literal('no_competencies')], { description: 'no_supervisor: set one, then refresh the campaign' }),
});
export const CampaignDetail = Type.Intersect([Campaign, Type.Object({ problems: Type.Array(Problem) })]);
export const Opened = Type.Intersect([CampaignDetail, Type.Object({ tasksCreated: Type.Integer() })]);

export const Progress = Type.Object({
  campaign: Campaign,
  offices: Type.Array(Type.Intersect([Type.Object({ unit: Nullable(UnitRef) }), Counts])),
  behind: Type.Array(
    Type.Object({
      supervisor: Ref,
      unit: Nullable(UnitRef),
      unfinished: Type.Integer(),
      lastReminderAt: Nullable(Type.String()),
    }),
    { description: 'Supervisors with tasks not yet finalised, most unfinished first' },
  ),
});

export const TaskSummary = Type.Object({
  id: Type.Integer(),
  campaign: Type.Object({ id: Type.Integer(), name: Type.String(), closesOn: Type.String(), state: CampaignState }),
  person: Ref,
  status: TaskStatus,
  overdue: Type.Boolean(),
  /** What the reader still has to do on it: self, peer or supervisor (none when done). */
  todo: Nullable(Type.Union([Type.Literal('self'), Type.Literal('peer'), Type.Literal('supervisor')])),
});
export const MyWork = Type.Object({
  asSubject: Type.Array(TaskSummary),
  asSupervisor: Type.Array(TaskSummary),
  asPeer: Type.Array(TaskSummary),
  reminders: Type.Array(Type.Object({ campaign: Ref, message: Type.String(), sentAt: Type.String() })),
});

const LevelView = Type.Object({ level: Type.Integer(), name: Type.String(), description: Type.String(), indicators: Type.Array(Type.String()) });
export const TaskCompetency = Type.Object({
  code: Type.String(),
  name: Type.String(),
  levels: Type.Array(LevelView),
  selfRatings: Nullable(Ratings),
  supervisorRatings: Nullable(Ratings),
  supervisorNote: Type.String(),
  /** After finalising: the level the assessment showed (0: not even level 1). */
  resultLevel: Nullable(Type.Integer()),
  /** Peers' marks counted per indicator; only when at least two peers have answered (so no one answer can be told apart). */
  peerSummary: Nullable(Type.Object({ answered: Type.Integer(), marks: Type.Record(Type.String(), Type.Array(Type.Integer())) })),
  /** Each peer's ratings, for the supervisor and admins only. */
  peerInputs: Type.Array(Type.Object({ peer: Ref, ratings: Ratings })),
});
export const Task = Type.Object({
  id: Type.Integer(),
  role: Type.Union([Type.Literal('subject'), Type.Literal('supervisor'), Type.Literal('admin'), Type.Literal('peer')]),
  campaign: Type.Object({ id: Type.Integer(), name: Type.String(), opensOn: Type.String(), closesOn: Type.String(), state: CampaignState, selfAssessment: Type.Boolean(), peerInput: Type.Boolean(), maxPeers: Type.Integer() }),
  person: Type.Object({ id: Type.Integer(), name: Type.String(), unit: Nullable(UnitRef) }),
  supervisor: Nullable(Ref),
  status: TaskStatus,
  overdue: Type.Boolean(),
  selfSubmittedAt: Nullable(Type.String()),
  finalisedAt: Nullable(Type.String()),
  competencies: Type.Array(TaskCompetency),
  /** Peers nominated and whether they answered (never what each said, to the person assessed). */
  peers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), answered: Type.Boolean() })),
  /** Peers' comments: with names for the supervisor and admins; unattributed and sorted for the person (from two answers). */
  peerComments: Type.Array(Type.Object({ peer: Nullable(Ref), comment: Type.String() })),
  /** The reader's own input, when the reader is a nominated peer. */
  myPeerInput: Nullable(Type.Object({ ratings: Nullable(RatingsByCode), comment: Type.String(), submittedAt: Nullable(Type.String()) })),
});
export type TaskT = Static<typeof Task>;
