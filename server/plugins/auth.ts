import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashToken, partnerOnly, SessionLoader, SESSION_COOKIE, type AuthUser, type SessionInfo } from '../auth/sessions.ts';
import type { Role } from '../db/types.ts';
import { AppError, forbidden, text, unauthenticated } from './errors.ts';

/**
 * Sessions checked in the last few seconds, so a burst of requests costs one lookup, not one
 * each. Whatever ends or changes a session here forgets it at once; on other app instances the
 * change shows within SESSION_CACHE_SECONDS.
 */
export class SessionCache {
  private entries = new Map<string, { session: SessionInfo; until: number }>();
  constructor(private readonly ttlMs: number) {}
  get(tokenHash: string): SessionInfo | null {
    const hit = this.entries.get(tokenHash);
    if (!hit) return null;
    if (hit.until < Date.now()) {
      this.entries.delete(tokenHash);
      return null;
    }
    return hit.session;
  }
  set(session: SessionInfo) {
    if (this.ttlMs <= 0) return;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(session.tokenHash, { session, until: Date.now() + this.ttlMs });
  }
  forget(tokenHash: string) {
    this.entries.delete(tokenHash);
  }
  /** After a password change, a deactivation or a change of roles. */
  forgetPerson(personId: number) {
    for (const [key, hit] of this.entries) if (hit.session.user.id === personId) this.entries.delete(key);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCache: SessionCache;
  }
  interface FastifyRequest {
    /** The signed-in person, or null. */
    user: AuthUser | null;
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** 'public': no sign-in needed. Default for /api routes: signed in. */
    auth?: 'public';
    /** Any one of these roles is required. */
    roles?: Role[];
    /** Set false only where no session can exist yet (sign-in). */
    csrf?: boolean;
    /**
     * Partner users may use this route (the handler scopes it to their own partner); the partner
     * role then also satisfies `roles`. Partner-only users are refused every other /api route.
     */
    partner?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const partnerForbidden = () =>
  new AppError(403, 'partner_forbidden', text('Akun mitra tidak dapat membuka halaman atau data ini.', 'Partner accounts cannot open this page or data.'));

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieSecure(request: FastifyRequest, setting: 'auto' | 'true' | 'false'): boolean {
  return setting === 'true' || (setting === 'auto' && request.protocol === 'https');
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, setting: 'auto' | 'true' | 'false') {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(request, setting) });
}

/**
 * Loads the session from its cookie and enforces, before anything else runs: sign-in on every
 * /api route not marked public, the route's roles, and the CSRF header on state-changing requests.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    const cache = new SessionCache(app.config.SESSION_CACHE_SECONDS * 1000);
    app.decorate('sessionCache', cache);
    const loader = new SessionLoader(app.db, app.config.SESSION_IDLE_MINUTES);
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);

    const signedIn = (request: FastifyRequest, session: SessionInfo) => {
      request.session = session;
      request.user = session.user;
    };

    /** Why the request may not go on, if it may not. */
    function refusal(request: FastifyRequest): AppError | undefined {
      const { config, url } = request.routeOptions;
      // Only API routes are guarded; the web app's files and unmatched paths (answered by the
      // not-found handler) are public.
      if (!url || !url.startsWith('/api/') || config.auth === 'public') return;
      if (!request.user || !request.session) return unauthenticated();
      if (UNSAFE.has(request.method) && config.csrf !== false) {
        const header = request.headers['x-csrf-token'];
        if (typeof header !== 'string' || !sameToken(header, request.session.csrfToken)) {
          return new AppError(
            403,
            'csrf_failed',
            text(
              'Permintaan ditolak karena token keamanan (CSRF) tidak ada atau tidak cocok. Muat ulang halaman.',
              'Request refused: the security (CSRF) token is missing or wrong. Reload the page.',
            ),
          );
        }
      }
      // Deny by default: a partner institution's user never reaches the city's staff data.
      if (!config.partner && partnerOnly(request.user)) return partnerForbidden();
      if (config.roles && !config.roles.some((r) => request.user!.roles.includes(r)) && !(config.partner && request.user.roles.includes('partner'))) return forbidden();
    }

    // A callback hook, not an async one: with the session cached (most requests) it finishes
    // without waiting for a promise.
    app.addHook('onRequest', (request, reply, done) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return done(refusal(request));
      const tokenHash = hashToken(token);
      const cached = cache.get(tokenHash);
      if (cached) {
        signedIn(request, cached);
        return done(refusal(request));
      }
      loader.load(tokenHash).then((session) => {
        let error: Error | undefined;
        try {
          if (session) {
            // Kept from its load, not from its last use: a change made on another instance
            // (deactivation, new roles) shows within the cache's time, and last_seen_at is touched.
            cache.set(session);
            signedIn(request, session);
          } else {
            clearSessionCookie(request, reply, app.config.COOKIE_SECURE);
          }
          error = refusal(request);
        } catch (err) {
          error = err as Error;
        }
        done(error);
      }, done);
    });
  },
  { name: 'auth', dependencies: ['config', 'db', 'errors'] },
);
