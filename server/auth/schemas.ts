import { Type } from '@sinclair/typebox';
import { Person, UnitRef } from '../org/schemas.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254, description: 'NIP (18 digits), e-mail (partners) or username' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/** The signed-in person with what the client needs to act for them. */
export const Me = Type.Composite([
  Person,
  Type.Object({
    locale: Type.Union([Type.Literal('id'), Type.Literal('en')]),
    mustChangePassword: Type.Boolean(),
    adminScope: Type.Union([Type.Array(UnitRef), Type.Null()], { description: 'Offices an admin is limited to; null when city-wide or not an admin' }),
    csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every state-changing request' }),
  }),
]);

export const LoginReply = Type.Object({ csrfToken: Type.String(), user: Me });
export const MePatch = Type.Object({ locale: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])) }, { additionalProperties: false, minProperties: 1 });
export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);
