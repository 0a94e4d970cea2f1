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
      req.session = await app.auth.getSession(found.token);
    } catch (err) {
      if (found.fromCookie) clearSessionCookies(reply);
      if (mode === 'required') throw err;
      return;
    }
    req.tokenFromCookie = found.fromCookie;
    if (found.fromCookie && req.method !== 'GET' && req.method !== 'HEAD') checkCsrf(req, req.session, app.ctx.config.settings.strictCsrf);
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
