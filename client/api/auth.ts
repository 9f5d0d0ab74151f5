import { request, setCsrfToken } from './http.ts';
import type { Static } from '@sinclair/typebox';
import type * as S from '../../server/auth/schemas.ts';

/** The signed-in person, as GET /api/me returns it (the server's schema). */
export type Me = Static<typeof S.Me>;
export type MeLocale = Me['locale'];
type LoginResponse = Static<typeof S.LoginReply>;

/** username may be an 18-digit NIP, an e-mail address (partners) or a short username. */
export async function login(username: string, password: string): Promise<Me> {
  const response = await request<LoginResponse>('POST', '/api/auth/login', {
    json: { username, password },
    redirectOnUnauthenticated: false,
  });
  setCsrfToken(response.csrfToken);
  return response.user;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/api/auth/logout', { redirectOnUnauthenticated: false });
  } finally {
    setCsrfToken(null);
  }
}

export async function getMe(options: { redirectOnUnauthenticated?: boolean } = {}): Promise<Me> {
  const me = await request<Me>('GET', '/api/me', options);
  if (me.csrfToken) setCsrfToken(me.csrfToken);
  return me;
}

export async function updateMe(changes: { locale?: MeLocale }): Promise<Me> {
  const me = await request<Me>('PATCH', '/api/me', { json: changes });
  if (me.csrfToken) setCsrfToken(me.csrfToken);
  return me;
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request<void>('POST', '/api/me/password', { json: { currentPassword, newPassword } });
}
