import { Type } from '@sinclair/typebox';
import { Nullable, UnitRef } from '../org/schemas.ts';

export const LangQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])) });
export const TokenParam = Type.Object({ token: Type.String({ maxLength: 64, description: 'The survey’s public token (12 characters)' }) });
export const Html = { description: 'An HTML page', type: 'string' } as const;
export const Pdf = { description: 'A PDF file', type: 'string', format: 'binary' } as const;
export const Csv = { description: 'A CSV or XLSX download', type: 'string', format: 'binary' } as const;

const Grade = Nullable(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')], { description: 'A Sangat Baik, B Baik, C Kurang Baik, D Tidak Baik' }));
const Element = Type.Union(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((c) => Type.Literal(c)));

/** What a citizen sends. Values are checked in code so that every mistake is named in plain words. */
export const SubmissionBody = Type.Object(
  {
    answers: Type.Optional(Type.Unknown({ description: '{ "U1": 1..4, …, "U9": 1..4 }: leave out an element not answered; at least one' })),
    profile: Type.Optional(
      Type.Unknown({ description: '{ ageBand: lt20|20-29|30-39|40-49|50-59|60plus, sex: L|P, education: sd|smp|sma|diploma|s1|s2|s3, occupation: pns|tni_polri|swasta|wirausaha|pelajar|rumah_tangga|lainnya, service: one of the survey’s services }, all optional' }),
    ),
    questions: Type.Optional(Type.Unknown({ description: '{ "<question id>": 1..4 (scale) or text }' })),
    suggestion: Type.Optional(Type.Unknown({ description: 'Free text, at most 2000 characters' })),
    key: Type.Optional(Type.Unknown({ description: 'Optional one-time key (8–64 of A-Z a-z 0-9 _ -): sending the same key again stores nothing new' })),
  },
  { additionalProperties: true },
);

export const Received = Type.Object({ status: Type.Literal('received') });

const Labels = Type.Array(Type.String(), { minItems: 4, maxItems: 4 });
export const QuestionView = Type.Object({ id: Type.Integer(), kind: Type.Union([Type.Literal('scale'), Type.Literal('text')]), prompt: Type.String(), labels: Nullable(Labels) });

export const PublicSurveyView = Type.Object({
  token: Type.String(),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  counter: Nullable(Type.String()),
  elements: Type.Array(Type.Object({ code: Element, name: Type.String(), question: Type.String(), labels: Labels })),
  profile: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })) })),
  services: Type.Array(Type.String()),
  questions: Type.Array(QuestionView),
});

export const IndexFiguresSchema = Type.Object({
  responses: Type.Integer(),
  elements: Type.Array(
    Type.Object({ code: Element, responses: Type.Integer(), average: Nullable(Type.Number()), score: Nullable(Type.Number()), grade: Grade }),
  ),
  answered: Type.Integer({ description: 'Elements answered by at least one respondent' }),
  ikm: Nullable(Type.Number({ description: 'Sum of element averages / elements answered (4 decimals)' })),
  score: Nullable(Type.Number({ description: 'IKM × 25, rounded half up to 2 decimals' })),
  grade: Grade,
});

export const ReportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (YYYY-MM-DD, Surakarta time); default 1 January of this year' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day, inclusive; default today' })),
    period: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('quarter')], { default: 'month' })),
    surveyId: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this counter (or the office’s own survey)' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')])),
  },
  { additionalProperties: false },
);

export const UnitReportView = Type.Object({
  unit: UnitRef,
  from: Type.String(),
  to: Type.String(),
  period: Type.Union([Type.Literal('month'), Type.Literal('quarter')]),
  overall: IndexFiguresSchema,
  trend: Type.Array(Type.Composite([Type.Object({ period: Type.String({ description: '2026-05 or 2026-Q2' }) }), IndexFiguresSchema])),
  counters: Type.Array(Type.Object({ survey: Type.Object({ id: Type.Integer(), counter: Nullable(Type.String()) }), figures: IndexFiguresSchema })),
  questions: Type.Array(Type.Object({ id: Type.Integer(), prompt: Type.String(), responses: Type.Integer(), average: Nullable(Type.Number()) })),
  flagged: Type.Integer({ description: 'Responses in the range left out of the index (flagged, or excluded by an admin)' }),
});

export const SurveyView = Type.Object({
  id: Type.Integer(),
  unit: UnitRef,
  parentId: Nullable(Type.Integer()),
  counter: Nullable(Type.String({ description: 'The counter’s name; null for the office’s own survey' })),
  token: Type.String(),
  url: Type.String({ description: 'The public page the QR code opens' }),
  reportUrl: Type.String(),
  services: Type.Array(Type.String()),
  active: Type.Boolean(),
  questions: Type.Array(QuestionView),
});

export const SurveyListItem = Type.Composite([
  SurveyView,
  Type.Object({
    year: Type.Object({ responses: Type.Integer(), score: Nullable(Type.Number()), grade: Grade }, { description: 'This calendar year so far: the whole office for its own survey, the counter for a counter' }),
    trend: Type.Array(Type.Object({ period: Type.String(), responses: Type.Integer(), score: Nullable(Type.Number()), grade: Grade }), { description: 'The last six months' }),
    flagged: Type.Integer({ description: 'Flagged responses waiting for a review' }),
  }),
]);

export const CreateSurveyBody = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    counter: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'A counter of the office; without it, the office’s own survey' })),
    services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const UpdateSurveyBody = Type.Object(
  {
    counter: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    services: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const QuestionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('scale'), Type.Literal('text')]),
    prompt: Type.String({ minLength: 1, maxLength: 300 }),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 4, maxItems: 4, description: 'For a scale: the answers from 1 (worst) to 4 (best)' })),
  },
  { additionalProperties: false },
);
export const UpdateQuestionBody = Type.Object(
  { prompt: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const ResponsesQuery = Type.Object(
  {
    flagged: Type.Optional(Type.Boolean({ description: 'Only responses the abuse checks held back' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export const ResponseItem = Type.Object({
  id: Type.Integer(),
  survey: Type.Object({ id: Type.Integer(), counter: Nullable(Type.String()) }),
  submittedAt: Type.String({ format: 'date-time' }),
  channel: Type.String(),
  answers: Type.Record(Type.String(), Type.Integer()),
  questions: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String()])),
  profile: Type.Object({ ageBand: Nullable(Type.String()), sex: Nullable(Type.String()), education: Nullable(Type.String()), occupation: Nullable(Type.String()), service: Nullable(Type.String()) }),
  suggestion: Nullable(Type.String()),
  flagReason: Nullable(Type.Union([Type.Literal('burst'), Type.Literal('identical')])),
  flagExplanation: Nullable(Type.String()),
  review: Nullable(Type.Union([Type.Literal('include'), Type.Literal('exclude')])),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  counted: Type.Boolean({ description: 'Whether it counts in the index now' }),
});
export const ReviewBody = Type.Object({ decision: Type.Union([Type.Literal('include'), Type.Literal('exclude')]) }, { additionalProperties: false });

export const SignalsQuery = Type.Object({ unitId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export const SignalItem = Type.Object({
  id: Type.Integer(),
  unit: UnitRef,
  surveyId: Type.Integer(),
  element: Type.Union([Type.Literal('U6'), Type.Literal('U7')]),
  elementName: Type.String(),
  month: Type.String({ description: 'YYYY-MM' }),
  average: Type.Number(),
  responses: Type.Integer(),
  level: Nullable(Type.Integer({ description: 'The level the unit evidence says; null once withdrawn' })),
  active: Type.Boolean(),
  competencies: Type.Array(Type.String()),
  evidence: Type.Array(
    Type.Object({ id: Type.Integer(), code: Type.String(), level: Nullable(Type.Integer()), detail: Type.String(), correctsId: Nullable(Type.Integer()), recordedAt: Type.String() }),
  ),
  updatedAt: Type.String(),
});

export const IkmQuery = Type.Object(
  {
    unit: Type.String({ minLength: 1, maxLength: 32, description: 'The office’s code, e.g. DISDUKCAPIL' }),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export const IkmView = Type.Object({
  unit: UnitRef,
  from: Type.String(),
  to: Type.String(),
  elements: Type.Array(Type.Object({ code: Element, average: Nullable(Type.Number()), responses: Type.Integer() })),
  ikm: Nullable(Type.Number()),
  score: Nullable(Type.Number()),
  grade: Grade,
  responses: Type.Integer(),
});
