/** Training evaluation: the shapes of its routes (Kirkpatrick levels 1–3 and the reports). */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const Comment = Type.String({ maxLength: 2000 });

export const ActivityKind = Type.Union([Type.Literal('courses'), Type.Literal('webinars')], { description: 'courses or webinars' });
export const ActivityParams = Type.Object({ kind: ActivityKind, id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const Activity = Type.Object({
  kind: ActivityKind,
  id: Type.Integer(),
  title: Type.String(),
  /** Where the web app shows it: /courses/<slug> or /webinars/<id>. */
  path: Type.String(),
});

/** The reaction survey (level 1). Every scale is 1 (very poor) to 5 (very good); recommend is 0–10. */
export const SurveyAnswers = Type.Object(
  {
    relevance: Type.Integer({ minimum: 1, maximum: 5, description: 'Relevant to my work (1–5)' }),
    trainer: Type.Integer({ minimum: 1, maximum: 5, description: 'The trainer or facilitator (1–5)' }),
    materials: Type.Integer({ minimum: 1, maximum: 5, description: 'The materials (1–5)' }),
    delivery: Type.Integer({ minimum: 1, maximum: 5, description: 'The platform and delivery (1–5)' }),
    recommend: Type.Integer({ minimum: 0, maximum: 10, description: 'How likely I am to recommend it to a colleague (0–10)' }),
    mostUseful: Type.Optional(Comment),
    improve: Type.Optional(Comment),
  },
  { additionalProperties: false },
);
export type SurveyAnswersT = Static<typeof SurveyAnswers>;

export const MySurvey = Type.Object({
  activity: Activity,
  /** Completed the course, or counted present at the webinar. */
  eligible: Type.Boolean(),
  completedAt: Nullable(DateTime),
  dismissed: Type.Boolean(),
  /** My own answers, once sent (they cannot be changed). */
  response: Nullable(Type.Object({ ...SurveyAnswers.properties, submittedAt: DateTime })),
});

export const PendingSurveys = Type.Object({
  items: Type.Array(Type.Object({ activity: Activity, completedAt: DateTime })),
});

export const TestsBody = Type.Object(
  {
    preQuizId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    postQuizId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'Courses only: a webinar’s post-test is its own quiz' }))),
  },
  { additionalProperties: false },
);
export type TestsBodyT = Static<typeof TestsBody>;
export const QuizRef = Type.Object({ id: Type.Integer(), title: Type.String() });
export const Tests = Type.Object({ pre: Nullable(QuizRef), post: Nullable(QuizRef) });

const Round = Type.Number();
export const PersonGain = Type.Object({
  person: Type.Object({ id: Type.Integer(), name: Type.String(), nip: Nullable(Type.String()) }),
  pre: Round,
  post: Round,
  gain: Round,
  normalisedGain: Nullable(Round),
});
export type PersonGainT = Static<typeof PersonGain>;

export const PrePost = Type.Object({
  pre: Nullable(QuizRef),
  post: Nullable(QuizRef),
  /** People with both a graded pre-test and a later graded post-test. */
  people: Type.Integer(),
  preAvg: Nullable(Round),
  postAvg: Nullable(Round),
  gainAvg: Nullable(Round),
  /** Hake's class gain: (postAvg − preAvg) / (100 − preAvg). */
  normalisedGain: Nullable(Round),
  /** Mean of the individual normalised gains (people with a pre-test below 100 %). */
  individualGainAvg: Nullable(Round),
  /** Share of those people whose post-test is higher than their pre-test, 0–100. */
  improvedPct: Nullable(Round),
  /** Per person, for admins only. */
  persons: Type.Optional(Type.Array(PersonGain)),
});
export type PrePostT = Static<typeof PrePost>;

export const Averages = Type.Object({ relevance: Round, trainer: Round, materials: Round, delivery: Round, recommend: Round, nps: Round });

export const Reaction = Type.Object({
  eligible: Type.Integer({ description: 'Completed the course / counted present at the webinar' }),
  responses: Type.Integer(),
  responseRate: Type.Number({ description: '0–100' }),
  /** Below minResponses, averages and comments are withheld so that no one's answers can be singled out. */
  shown: Type.Boolean(),
  averages: Nullable(Averages),
  comments: Nullable(Type.Object({ mostUseful: Type.Array(Type.String()), improve: Type.Array(Type.String()) })),
});

export const FollowUpSummary = Type.Object({
  created: Type.Integer({ description: 'Follow-ups due to supervisors so far' }),
  answered: Type.Integer(),
  distribution: Type.Object({ not_at_all: Type.Integer(), partly: Type.Integer(), mostly: Type.Integer(), fully: Type.Integer() }),
  /** Supervisors' examples, without names; withheld below minResponses answers. */
  examples: Nullable(Type.Array(Type.String())),
});

export const Report = Type.Object({
  activity: Activity,
  trainer: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  minResponses: Type.Integer(),
  reaction: Reaction,
  prePost: PrePost,
  followUp: FollowUpSummary,
});
export type ReportT = Static<typeof Report>;

export const TrainerOverview = Type.Object({
  trainer: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minResponses: Type.Integer(),
  items: Type.Array(
    Type.Object({
      activity: Activity,
      eligible: Type.Integer(),
      responses: Type.Integer(),
      /** Mean of the four 1–5 questions; null below minResponses. */
      overall: Nullable(Round),
      normalisedGain: Nullable(Round),
      followUpsAnswered: Type.Integer(),
      /** Share of answered follow-ups saying mostly or fully applied, 0–100. */
      appliedPct: Nullable(Round),
    }),
  ),
});

export const Applied = Type.Union([Type.Literal('not_at_all'), Type.Literal('partly'), Type.Literal('mostly'), Type.Literal('fully')], {
  description: 'not_at_all, partly, mostly or fully',
});
export const FollowUp = Type.Object({
  id: Type.Integer(),
  activity: Activity,
  person: Type.Object({ id: Type.Integer(), name: Type.String() }),
  completedAt: DateTime,
  dueAt: DateTime,
  applied: Nullable(Applied),
  example: Nullable(Type.String()),
  answeredAt: Nullable(DateTime),
});
export const FollowUpList = Type.Object({ items: Type.Array(FollowUp) });
export const FollowUpQuery = Type.Object({ state: Type.Optional(Type.Union([Type.Literal('due'), Type.Literal('all')], { description: 'due (default): still to answer' })) }, { additionalProperties: false });
export const FollowUpAnswer = Type.Object({ applied: Applied, example: Type.Optional(Comment) }, { additionalProperties: false });
export type FollowUpAnswerT = Static<typeof FollowUpAnswer>;

export const FormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'json (default), csv or xlsx (a download)' })) },
  { additionalProperties: false },
);
