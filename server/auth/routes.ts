import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { getPersonDetail } from '../org/service.ts';
import { nipProblem } from '../org/nip.ts';
import { ErrorBody, AppError, invalid, notFound, text } from '../plugins/errors.ts';
import { clearSessionCookie, cookieSecure } from '../plugins/auth.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { LoginBody, LoginReply, Me, MePatch, PasswordChange } from './schemas.ts';
import { createSession, deletePersonSessions, deleteSession, SESSION_COOKIE } from './sessions.ts';
import { clearFailures, recordFailure, retryAfterSeconds } from './throttle.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };

/** How a sign-in name is matched: NIP, e-mail or username. */
export function parseLoginName(raw: string): { column: 'nip' | 'email' | 'username'; value: string } {
  const value = raw.trim();
  if (/^[\d\s.]+$/.test(value) || /^\d+(\.\d+)?e\+?\d+$/i.test(value)) {
    const digits = value.replace(/[\s.]/g, '');
    const problem = nipProblem(digits);
    if (problem) throw invalid(problem);
    return { column: 'nip', value: digits };
  }
  if (value.includes('@')) return { column: 'email', value: value.toLowerCase() };
  return { column: 'username', value: value.toLowerCase() };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const cfg = app.config;

  app.post(
    '/api/auth/login',
    {
      config: { auth: 'public', csrf: false },
      schema: { tags: ['auth'], summary: 'Sign in with NIP, e-mail or username', body: LoginBody, response: { 200: LoginReply, ...errors } },
    },
    async (request, reply) => {
      const { column, value } = parseLoginName(request.body.username);
      const account = `${column}:${value}`;
      const limits = { windowMinutes: cfg.LOGIN_WINDOW_MINUTES, maxPerAccount: cfg.LOGIN_MAX_FAILURES_PER_ACCOUNT, maxPerIp: cfg.LOGIN_MAX_FAILURES_PER_IP };
      const wait = await retryAfterSeconds(app.db, account, request.ip, limits);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw new AppError(
          429,
          'too_many_attempts',
          text(
            `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.`,
            `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          ),
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      }
      const person = await app.db
        .selectFrom('people')
        .select(['id', 'password_hash', 'active'])
        .where(column, '=', value)
        .executeTakeFirst();
      const ok = await verifyPassword(request.body.password, person?.password_hash ?? null);
      if (!person || !ok || !person.active) {
        await recordFailure(app.db, account, request.ip);
        throw new AppError(401, 'invalid_credentials', text('NIP/nama pengguna atau kata sandi salah.', 'Wrong NIP/username or password.'));
      }
      await clearFailures(app.db, account);
      const { token, csrfToken } = await createSession(app.db, person.id, {
        maxHours: cfg.SESSION_MAX_HOURS,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(request, cfg.COOKIE_SECURE) });
      const user = (await getPersonDetail(app.db, person.id))!;
      return { csrfToken, user: { ...user, csrfToken } };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { partner: true }, schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await deleteSession(app.db, request.session!.tokenHash);
      app.sessionCache.forget(request.session!.tokenHash);
      clearSessionCookie(request, reply, cfg.COOKIE_SECURE);
      return reply.status(204).send(null);
    },
  );

  app.get('/api/me', { config: { partner: true }, schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: Me, ...errors } } }, async (request) => {
    const me = await getPersonDetail(app.db, request.user!.id);
    if (!me) throw notFound();
    return { ...me, csrfToken: request.session!.csrfToken };
  });

  app.patch(
    '/api/me',
    { config: { partner: true }, schema: { tags: ['auth'], summary: 'Change own preferences', body: MePatch, response: { 200: Me, ...errors } } },
    async (request) => {
      if (request.body.locale) {
        await app.db.updateTable('people').set({ locale: request.body.locale, updated_at: sql`now()` }).where('id', '=', request.user!.id).execute();
        app.sessionCache.forgetPerson(request.user!.id);
      }
      const me = (await getPersonDetail(app.db, request.user!.id))!;
      return { ...me, csrfToken: request.session!.csrfToken };
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { partner: true },
      schema: { tags: ['auth'], summary: 'Change own password; other sessions end', body: PasswordChange, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const userId = request.user!.id;
      const row = await app.db.selectFrom('people').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(request.body.currentPassword, row.password_hash))) {
        throw new AppError(400, 'wrong_password', text('Kata sandi saat ini salah.', 'The current password is wrong.'));
      }
      if (request.body.newPassword === request.body.currentPassword) {
        throw invalid(text('Kata sandi baru harus berbeda dari yang lama.', 'The new password must differ from the old one.'));
      }
      const hash = await hashPassword(request.body.newPassword);
      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('people').set({ password_hash: hash, must_change_password: false, updated_at: sql`now()` }).where('id', '=', userId).execute();
        await deletePersonSessions(trx, userId, request.session!.tokenHash);
      });
      app.sessionCache.forgetPerson(userId);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
