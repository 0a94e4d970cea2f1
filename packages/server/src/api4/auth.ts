// Finds the caller's token (cookie, Authorization header), resolves the session through app/, and enforces
// CSRF for cookie-authenticated mutations — Mattermost's ParseAuthTokenFromRequest and checkCSRFToken.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import type { AuthSession } from '../app/session.js';
import { AppError, sessionExpired } from '../platform/errors.js';

export type AuthMode = 'required' | 'optional' | 'none';

declare module 'fastify' {
  interface FastifyRequest {
    session: AuthSession | null;
    tokenFromCookie: boolean;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Reachable by a user whom enforced MFA locks out, to set MFA up (Mattermost's APISessionRequiredMfa). */
    mfaExempt?: boolean;
  }
}

export const COOKIE_TOKEN = 'MMAUTHTOKEN';
export const COOKIE_USER_ID = 'MMUSERID';
export const COOKIE_CSRF = 'MMCSRF';

export function parseToken(req: FastifyRequest): { token: string; fromCookie: boolean } | null {
  const cookie = req.cookies?.[COOKIE_TOKEN];
  if (cookie) return { token: cookie, fromCookie: true };
  const header = req.headers.authorization;
  if (header) {
    if (header.length > 7 && header.slice(0, 6).toLowerCase() === 'bearer') return { token: header.slice(7).trim(), fromCookie: false };
    if (header.length > 6 && header.slice(0, 5).toLowerCase() === 'token') return { token: header.slice(6).trim(), fromCookie: false };
  }
  const query = req.query as Record<string, unknown> | undefined;
  if (typeof query?.access_token === 'string') {
    // Only OAuth sessions may pass the token in the URL, and Parley has none yet.
    throw new AppError('api.context.token_provided.app_error', 'Session is not OAuth but token was provided in the query string.', 401);
  }
  return null;
}

const lookups = new WeakMap<FastifyRequest, Promise<AuthSession>>();

/**
 * Resolves the request's token at most once per request: the rate limiter (keying by user) runs before
 * authentication and both need the session.
 */
export function lookupSession(app: App, req: FastifyRequest, token: string): Promise<AuthSession> {
  let found = lookups.get(req);
  if (!found) {
    found = app.auth.getSession(token);
    lookups.set(req, found);
  }
  return found;
}

export function makeAuthHook(app: App) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    req.session = null;
    req.tokenFromCookie = false;
    const mode: AuthMode = req.routeOptions.config?.auth ?? 'required';
    if (mode === 'none') return;
    const found = parseToken(req);
    if (!found) {
      if (mode === 'required') throw sessionExpired();
      return;
    }
    try {
      req.session = await lookupSession(app, req, found.token);
    } catch (err) {
      if (found.fromCookie) clearSessionCookies(reply);
      if (mode === 'required') throw err;
      return;
    }
    req.tokenFromCookie = found.fromCookie;
    if (found.fromCookie && req.method !== 'GET' && req.method !== 'HEAD') checkCsrf(req, req.session, app.ctx.config.settings.strictCsrf);
    // Routes that work without a session (logout, client config) never need MFA; GET /users/me is Mattermost's
    // special case so a client can learn who it is and send the user to MFA setup.
    if (mode === 'required' && !req.routeOptions.config?.mfaExempt && req.url.split('?')[0] !== '/api/v4/users/me') {
      await app.mfa.enforce(req.session);
    }
  };
}

function checkCsrf(req: FastifyRequest, session: AuthSession, strict: boolean): void {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header !== '' && header === session.csrfToken) return;
  if (!strict && req.headers['x-requested-with'] === 'XMLHttpRequest') return;
  throw sessionExpired();
}

export function attachSessionCookies(reply: FastifyReply, session: AuthSession, maxAgeSeconds: number, secure: boolean): void {
  const base = { path: '/', maxAge: maxAgeSeconds, secure, sameSite: 'lax' as const };
  reply.setCookie(COOKIE_TOKEN, session.token, { ...base, httpOnly: true });
  reply.setCookie(COOKIE_USER_ID, session.userId, base);
  reply.setCookie(COOKIE_CSRF, session.csrfToken, base);
}

export function clearSessionCookies(reply: FastifyReply): void {
  for (const name of [COOKIE_TOKEN, COOKIE_USER_ID, COOKIE_CSRF]) reply.clearCookie(name, { path: '/' });
}

export function requireSession(req: FastifyRequest): AuthSession {
  if (!req.session) throw sessionExpired();
  return req.session;
}
