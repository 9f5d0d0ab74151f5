import { FormatRegistry, Type, type Static } from '@sinclair/typebox';
import { Nullable, TierSchema } from '../org/schemas.ts';

// Fastify's validator knows these formats; TypeBox's own Value checks (content files) need them too.
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v));


export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 3, maxLength: 100, description: 'lower-case words joined by dashes' });
export const Key = Type.String({ pattern: '^[a-z0-9]+([._-][a-z0-9]+)*$', minLength: 1, maxLength: 80 });
export const LessonKind = Type.Union([Type.Literal('text'), Type.Literal('video'), Type.Literal('document'), Type.Literal('link'), Type.Literal('quiz')]);
export const Level = Type.Union([Type.Literal('dasar'), Type.Literal('menengah'), Type.Literal('lanjut')]);
export const CourseStatus = Type.Union([Type.Literal('draft'), Type.Literal('review'), Type.Literal('published'), Type.Literal('archived')]);
export const Competency = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false });

/** A lesson as authored: the same shape whether it comes from a content file or the browser. */
export const LessonDoc = Type.Object(
  {
    key: Key,
    kind: LessonKind,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ maxLength: 200_000, default: '' }),
    mediaId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    url: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: '^https?://' }))),
    quizId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    required: Type.Boolean({ default: true }),
    durationMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1000 }))),
    minWatchPct: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  },
  { additionalProperties: false },
);
export const ModuleDoc = Type.Object({ key: Key, title: Type.String({ minLength: 1, maxLength: 200 }), lessons: Type.Array(LessonDoc, { maxItems: 200 }) }, { additionalProperties: false });

/** A whole course as authored (a draft, or a content file once read). */
export const CourseDoc = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 200 }),
    summary: Type.String({ maxLength: 1000, default: '' }),
    description: Type.String({ maxLength: 100_000, default: '' }),
    language: Type.Union([Type.Literal('id'), Type.Literal('en')], { default: 'id' }),
    jp: Type.Number({ minimum: 0, maximum: 200, default: 0 }),
    level: Type.Union([Type.Literal('dasar'), Type.Literal('menengah'), Type.Literal('lanjut')], { default: 'dasar' }),
    coverMediaId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    competencies: Type.Array(Competency, { default: [], maxItems: 50 }),
    targets: Type.Object(
      {
        unitIds: Type.Array(Type.Integer({ minimum: 1 }), { default: [] }),
        positionIds: Type.Array(Type.Integer({ minimum: 1 }), { default: [] }),
        tiers: Type.Array(TierSchema, { default: [] }),
      },
      { additionalProperties: false, default: {} },
    ),
    prerequisites: Type.Array(Slug, { default: [], maxItems: 20 }),
    minVideoWatchPct: Type.Integer({ minimum: 0, maximum: 100, default: 0 }),
    modules: Type.Array(ModuleDoc, { default: [], maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type CourseDocT = Static<typeof CourseDoc>;
export type LessonDocT = Static<typeof LessonDoc>;

export const EnrollmentSummary = Type.Object({
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  /** The JP recorded when it was completed (the course's JP may change later). */
  jpAwarded: Type.Optional(Nullable(Type.Number())),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  source: Type.Union([Type.Literal('self'), Type.Literal('assigned')]),
});

export const CourseCard = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  jp: Type.Number(),
  level: Level,
  language: Type.String(),
  status: CourseStatus,
  coverUrl: Nullable(Type.String()),
  competencies: Type.Array(Competency),
  lessonCount: Type.Integer(),
  durationMinutes: Type.Integer(),
  kinds: Type.Array(LessonKind),
  recommended: Type.Boolean({ description: 'Meant for my office, position or tier' }),
  enrollment: Nullable(EnrollmentSummary),
});

export const CatalogueQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  competency: Type.Optional(Type.String({ maxLength: 40 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, description: 'Courses meant for this office' })),
  jpMin: Type.Optional(Type.Number({ minimum: 0 })),
  jpMax: Type.Optional(Type.Number({ minimum: 0 })),
  level: Type.Optional(Level),
  kind: Type.Optional(LessonKind),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 24 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const CataloguePage = Type.Object({ items: Type.Array(CourseCard), total: Type.Integer() });

export const LessonSummary = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  kind: LessonKind,
  title: Type.String(),
  required: Type.Boolean(),
  durationMinutes: Nullable(Type.Integer()),
  completed: Type.Boolean(),
});
export const CourseDetail = Type.Composite([
  CourseCard,
  Type.Object({
    descriptionHtml: Type.String(),
    version: Type.Integer(),
    minVideoWatchPct: Type.Integer(),
    owner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    prerequisites: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), completed: Type.Boolean() })),
    modules: Type.Array(Type.Object({ id: Type.Integer(), key: Type.String(), title: Type.String(), lessons: Type.Array(LessonSummary) })),
    canEdit: Type.Boolean(),
    lastLessonId: Nullable(Type.Integer()),
    draftState: Nullable(Type.Union([Type.Literal('editing'), Type.Literal('review')])),
  }),
]);

export const LessonDetail = Type.Object({
  id: Type.Integer(),
  courseSlug: Type.String(),
  moduleTitle: Type.String(),
  key: Type.String(),
  kind: LessonKind,
  title: Type.String(),
  bodyHtml: Type.String(),
  url: Nullable(Type.String()),
  quizId: Nullable(Type.Integer()),
  required: Type.Boolean(),
  durationMinutes: Nullable(Type.Integer()),
  minWatchPct: Nullable(Type.Integer()),
  media: Nullable(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      mime: Type.String(),
      url: Type.String(),
      hlsUrl: Nullable(Type.String()),
      status: Type.String(),
      durationSeconds: Nullable(Type.Number()),
      originalName: Type.String(),
      sizeBytes: Type.Integer(),
    }),
  ),
  previousLessonId: Nullable(Type.Integer()),
  nextLessonId: Nullable(Type.Integer()),
  progress: Type.Object({
    completed: Type.Boolean(),
    positionSeconds: Type.Number(),
    watchedSeconds: Type.Number(),
    readPct: Type.Integer(),
  }),
});

export const ProgressBody = Type.Object(
  {
    completed: Type.Optional(Type.Boolean()),
    positionSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
    watchedRanges: Type.Optional(Type.Array(Type.Tuple([Type.Number({ minimum: 0 }), Type.Number({ minimum: 0 })]), { maxItems: 500 })),
    readPct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export const ProgressReply = Type.Object({
  lessonId: Type.Integer(),
  completed: Type.Boolean(),
  positionSeconds: Type.Number(),
  watchedSeconds: Type.Number(),
  readPct: Type.Integer(),
  course: Type.Object({ slug: Type.String(), progress: Type.Integer(), completedAt: Nullable(Type.String({ format: 'date-time' })), jpAwarded: Nullable(Type.Number()) }),
});

export const MyEnrollment = Type.Object({
  id: Type.Integer(),
  course: Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String(), jp: Type.Number(), coverUrl: Nullable(Type.String()), status: CourseStatus }),
  progress: Type.Integer(),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  jpAwarded: Nullable(Type.Number()),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  source: Type.Union([Type.Literal('self'), Type.Literal('assigned')]),
  enrolledAt: Type.String({ format: 'date-time' }),
  lastLessonId: Nullable(Type.Integer()),
});

const DraftState = Nullable(Type.Union([Type.Literal('editing'), Type.Literal('review')]));

/** A course in the authoring list. */
export const AuthoringCourse = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  status: CourseStatus,
  version: Type.Integer(),
  source: Type.Union([Type.Literal('file'), Type.Literal('app')]),
  draftState: DraftState,
  reviewNote: Nullable(Type.String()),
  owner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  updatedAt: Type.String({ format: 'date-time' }),
  enrolled: Type.Integer(),
  completed: Type.Integer(),
});

/** The editable document of a course, with what still stands in the way of publishing it. */
export const Draft = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  status: CourseStatus,
  source: Type.Union([Type.Literal('file'), Type.Literal('app')]),
  draftState: DraftState,
  reviewNote: Nullable(Type.String()),
  version: Type.Integer(),
  document: CourseDoc,
  problems: Type.Array(Type.String()),
});
