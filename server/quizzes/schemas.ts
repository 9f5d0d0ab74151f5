import { Type, type Static } from '@sinclair/typebox';
import type { Role } from '../db/types.ts';
import { Nullable } from '../org/schemas.ts';
import { QuestionType } from './model.ts';

export { IdParam } from '../org/schemas.ts';
/** Who writes questions and builds quizzes (partners too: their work goes through the city's review). */
export const QUIZ_AUTHORS: Role[] = ['trainer', 'admin', 'partner'];
export const AnswerParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }), questionId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export const AnswerBody = Type.Object(
  {
    // Checked in the handler without type coercion (the body validator would turn true into "true").
    response: Type.Unknown({
      description: 'single: a choice id; multiple and ordering: a list of ids; truefalse: true/false; short and essay: text; numeric: a number; matching: {promptId: answer}; null clears',
    }),
    seq: Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1, description: "The client's counter for this question: higher is newer" }),
  },
  { additionalProperties: false },
);
export const AnswerSaved = Type.Object({ questionId: Type.Integer(), seq: Type.Integer(), savedAt: Type.String({ format: 'date-time' }) });

const Html = Type.Object({ id: Type.String(), html: Type.String() });
export const AttemptQuestion = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  page: Type.Integer(),
  type: QuestionType,
  name: Type.String(),
  stemHtml: Type.String(),
  points: Type.Number(),
  choices: Type.Optional(Type.Array(Html)),
  items: Type.Optional(Type.Array(Html)),
  prompts: Type.Optional(Type.Array(Html)),
  options: Type.Optional(Type.Array(Type.String())),
  minWords: Type.Optional(Nullable(Type.Integer())),
  maxWords: Type.Optional(Nullable(Type.Integer())),
  response: Type.Unknown({ description: 'The saved answer, null when none' }),
  seq: Nullable(Type.Integer()),
  savedAt: Nullable(Type.String({ format: 'date-time' })),
  score: Type.Optional(Nullable(Type.Number())),
  fraction: Type.Optional(Nullable(Type.Number())),
  correct: Type.Optional(Type.Unknown({ description: 'The right answer, when the review options show it' })),
  feedback: Type.Optional(Type.Array(Type.String())),
  graderComment: Type.Optional(Nullable(Type.String())),
});
export const CompetencyScore = Type.Object({ code: Type.String(), level: Nullable(Type.Integer()), score: Type.Number(), max: Type.Number(), pct: Type.Number() });
export const Attempt = Type.Object({
  id: Type.Integer(),
  quiz: Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), passPct: Type.Number(), courseId: Nullable(Type.Integer()) }),
  personId: Type.Integer(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('in_progress'), Type.Literal('submitted')]),
  startedAt: Type.String({ format: 'date-time' }),
  deadline: Nullable(Type.String({ format: 'date-time', description: "The server's deadline; saves after it (plus graceSeconds) are refused" })),
  graceSeconds: Type.Integer(),
  serverNow: Type.String({ format: 'date-time' }),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  submittedBy: Nullable(Type.Union([Type.Literal('learner'), Type.Literal('deadline'), Type.Literal('sweep')])),
  result: Nullable(
    Type.Object({
      score: Type.Number(),
      maxScore: Type.Number(),
      pct: Type.Number(),
      passed: Nullable(Type.Boolean()),
      needsGrading: Type.Boolean(),
      competencies: Type.Array(CompetencyScore),
    }),
  ),
  pages: Type.Integer(),
  questions: Type.Array(AttemptQuestion),
});
export type AttemptT = Static<typeof Attempt>;

export const AttemptSummary = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('in_progress'), Type.Literal('submitted')]),
  startedAt: Type.String({ format: 'date-time' }),
  deadline: Nullable(Type.String({ format: 'date-time' })),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  pct: Nullable(Type.Number()),
  passed: Nullable(Type.Boolean()),
  needsGrading: Type.Boolean(),
});
export const ReviewWhen = Type.Union([Type.Literal('immediately'), Type.Literal('after_close'), Type.Literal('never')]);
export const QuizInfo = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  descriptionHtml: Type.String(),
  course: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String() })),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]),
  timeLimitMinutes: Nullable(Type.Integer()),
  opensAt: Nullable(Type.String({ format: 'date-time' })),
  closesAt: Nullable(Type.String({ format: 'date-time' })),
  attemptsAllowed: Nullable(Type.Integer()),
  grading: Type.Union([Type.Literal('highest'), Type.Literal('last'), Type.Literal('average')]),
  passPct: Type.Number(),
  questionCount: Type.Integer(),
  review: Type.Object({ score: ReviewWhen, answers: ReviewWhen, feedback: ReviewWhen }),
  attempts: Type.Array(AttemptSummary),
  /** The grade that counts (highest, last or average of submitted attempts), when the score may be shown. */
  grade: Nullable(Type.Object({ pct: Type.Number(), passed: Type.Boolean() })),
  canStart: Type.Boolean(),
  /** Why not, in the reader's language. */
  cannotStart: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  canManage: Type.Boolean(),
});
