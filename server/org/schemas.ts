import { Type, type Static } from '@sinclair/typebox';
import { ROLES, TIERS, UNIT_KINDS } from '../db/types.ts';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(values.map((v) => Type.Literal(v)) as never as [ReturnType<typeof Type.Literal<T>>], description ? { description } : {});

export const RoleSchema = literals(ROLES, 'learner, trainer, supervisor, admin or partner');
export const TierSchema = literals(TIERS, 'Position tier (jenjang jabatan)');
export const UnitKindSchema = literals(UNIT_KINDS, 'Kind of office');
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });
export const PositionRef = Type.Object({ id: Type.Integer(), name: Type.String(), tier: TierSchema });
export const PersonRef = Type.Object({ id: Type.Integer(), name: Type.String(), nip: Type.Union([Type.String(), Type.Null()]) });

/**
 * A value or null. Null comes first: the validator coerces types, and tried first as a number a
 * null would become 0 (a "no limit" turned into a limit of zero).
 */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

/** A person as lists and detail pages show them. */
export const Person = Type.Object({
  id: Type.Integer(),
  nip: Nullable(Type.String()),
  username: Nullable(Type.String()),
  email: Nullable(Type.String()),
  name: Type.String(),
  unit: Nullable(UnitRef),
  position: Nullable(PositionRef),
  supervisor: Nullable(PersonRef),
  roles: Type.Array(RoleSchema),
  active: Type.Boolean(),
});
export type PersonT = Static<typeof Person>;

export const Unit = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: UnitKindSchema,
  parentId: Nullable(Type.Integer()),
  active: Type.Boolean(),
  peopleCount: Type.Integer(),
});
export const UnitCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9._-]{0,31}$', description: 'Upper-case letters, digits, . _ -' });
export const UnitCreate = Type.Object(
  { code: UnitCode, name: Type.String({ minLength: 2, maxLength: 200 }), kind: UnitKindSchema, parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))) },
  { additionalProperties: false },
);
export const UnitPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    kind: Type.Optional(UnitKindSchema),
    parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Position = Type.Object({ id: Type.Integer(), name: Type.String(), tier: TierSchema, unit: UnitRef, peopleCount: Type.Integer() });
export const PositionQuery = Type.Object({ unitId: Type.Optional(Type.Integer({ minimum: 1 })) });
export const PositionCreate = Type.Object(
  { name: Type.String({ minLength: 2, maxLength: 200 }), tier: TierSchema, unitId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const PositionPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })), tier: Type.Optional(TierSchema) },
  { additionalProperties: false, minProperties: 1 },
);

export const PeopleQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of a name, NIP, e-mail or username' })),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  team: Type.Boolean({ default: false, description: "Only the caller's team (direct and indirect reports)" }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const PeoplePage = Type.Object({ items: Type.Array(Person), total: Type.Integer() });
export const PersonPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
    unitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    positionId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    supervisorId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    roles: Type.Optional(Type.Array(RoleSchema, { uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const PasswordSet = Type.Object({ password: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: true, description: 'Only report what would happen (default)' }),
  skipInvalid: Type.Boolean({ default: false, description: 'Apply the valid lines even when others are rejected' }),
});
export const ImportAction = Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('unchanged'), Type.Literal('reject')]);
export const ImportLine = Type.Object({
  line: Type.Integer({ description: 'Line number in the file; the header is line 1' }),
  nip: Type.String(),
  name: Type.String(),
  action: ImportAction,
  changes: Type.Optional(Type.Array(Type.String())),
  reason: Type.Optional(Type.String()),
});
export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  applied: Type.Boolean(),
  summary: Type.Object({
    total: Type.Integer(),
    create: Type.Integer(),
    update: Type.Integer(),
    unchanged: Type.Integer(),
    reject: Type.Integer(),
  }),
  lines: Type.Array(ImportLine),
});
export type ImportReportT = Static<typeof ImportReport>;
export type ImportLineT = Static<typeof ImportLine>;
