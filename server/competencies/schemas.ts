import { Type } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';

export { IdParam } from '../org/schemas.ts';
export const Kind = Type.Union([Type.Literal('manajerial'), Type.Literal('sosial_kultural'), Type.Literal('teknis')]);
export const Level = Type.Object({ level: Type.Integer(), name: Type.String(), description: Type.String(), indicators: Type.Array(Type.String()) });
export const Competency = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  caseId: Type.String(),
  name: Type.String(),
  kind: Kind,
  unit: Nullable(Type.String()),
  description: Type.String(),
  version: Type.Integer(),
  levels: Type.Array(Level),
});
export const Framework = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  publisher: Type.String(),
  caseId: Type.String(),
  version: Type.Integer(),
  source: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  competencies: Type.Array(Competency),
});
export const EvidenceView = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  sourceId: Type.Integer(),
  title: Type.String(),
  detail: Type.String(),
  level: Type.Integer(),
  weight: Type.Number(),
  currentWeight: Type.Number({ description: 'Weight after ageing' }),
  occurredAt: Type.String({ format: 'date-time' }),
  supportsLevel: Type.Boolean({ description: 'Part of what the attained level rests on' }),
});
export const CompetencyStatus = Type.Object({
  competencyId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  framework: Type.String(),
  required: Type.Integer({ description: "The position's standard (0: not required)" }),
  attained: Type.Integer({ description: 'Level proven by current evidence (0: none)' }),
  gap: Type.Integer(),
  explanation: Type.String({ description: 'Why this level, in plain words' }),
  evidence: Type.Array(EvidenceView),
});
export const JpEntry = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  sourceId: Type.Integer(),
  title: Type.String(),
  jp: Type.Number(),
  minutes: Nullable(Type.Integer()),
  occurredAt: Type.String({ format: 'date-time' }),
  corrected: Type.Boolean(),
});
export const JpYear = Type.Object({ year: Type.Integer(), total: Type.Number(), target: Type.Number(), entries: Type.Array(JpEntry) });
export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) }, { additionalProperties: false });
export const Recommendation = Type.Object({
  kind: Type.Union([Type.Literal('course'), Type.Literal('quiz'), Type.Literal('webinar')]),
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  jp: Type.Number(),
  url: Type.String(),
  enrolled: Type.Boolean(),
  forMe: Type.Boolean({ description: 'Meant for my office, position or tier' }),
  fit: Type.Number({ description: 'Higher fits better: 2 per gap closed, less for a gap narrowed' }),
  competencies: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), required: Type.Integer(), attained: Type.Integer(), closesGap: Type.Boolean() }),
  ),
});
export const PersonHeader = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nip: Nullable(Type.String()),
  unit: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
  position: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), tier: Type.String() })),
});
export const StandardRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  level: Type.Integer(),
  from: Type.Union([Type.Literal('tier'), Type.Literal('position')], { description: "tier: the tier's default; position: set for this position" }),
  source: Nullable(Type.String()),
});
