// The audit log from the API side: one hook records every successful, authenticated change to accounts,
// sessions and tokens, teams, channels, roles, configuration and integrations (the handlers where
// Mattermost calls auditRec), plus every login attempt; and the routes that read it (Client4 getAudits,
// getUserAudits). Rows are written after the response has gone out, never on the request path.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import type { AuditEntry } from '../app/audits.js';
import { presentAudit } from '../presenters/audit.js';
import { requireSession } from './auth.js';
import { idParam, intParam, paging, userIdParam, type Query } from './params.js';
import type { Router } from './router.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOGIN_ROUTE = '/api/v4/users/login';

/** The first path segment after /api/v4 of the resources whose changes are audited. */
const AUDITED_RESOURCES = new Set(['users', 'teams', 'channels', 'roles', 'schemes', 'config', 'hooks', 'commands', 'bots', 'oauth', 'license', 'email', 'system']);

/**
 * High-volume activity Mattermost does not audit, wherever it sits in the path: posting, reactions,
 * typing, viewing and read state, preferences, drafts, threads, statuses, and the lookups that are POSTs
 * only because their lists do not fit a URL (users/ids, …/search).
 */
const NOISE = /\/(posts|reactions|typing|view|preferences|drafts|threads|status|set_unread|read|ids|usernames|search|autocomplete)(\/|$)/;

export function isAuditedRoute(method: string, route: string | undefined): boolean {
  if (!route || !MUTATING.has(method) || route === LOGIN_ROUTE) return false;
  const m = /^\/api\/v4\/([^/]+)/.exec(route);
  return m !== null && AUDITED_RESOURCES.has(m[1]!) && !NOISE.test(route);
}

/** Mattermost's action: the request path, without the query string. */
const actionOf = (req: FastifyRequest) => req.url.split('?')[0]!;

/** The login response's user id, read once from the payload of a successful login. */
const loginUser = new WeakMap<FastifyRequest, string>();

export function registerAuditHooks(r: Router, app: App): void {
  r.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (req.routeOptions.url === LOGIN_ROUTE && req.method === 'POST' && reply.statusCode === 200 && typeof payload === 'string') {
      try {
        const id = (JSON.parse(payload) as { id?: unknown }).id;
        if (typeof id === 'string') loginUser.set(req, id);
      } catch {
        // Not JSON: nothing to learn.
      }
    }
    return payload;
  });

  r.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url;
    if (route === LOGIN_ROUTE && req.method === 'POST') {
      app.audits.record(...loginEntries(req, reply.statusCode, loginUser.get(req)));
      return;
    }
    const session = req.session;
    if (!session || reply.statusCode < 200 || reply.statusCode >= 300 || !isAuditedRoute(req.method, route)) return;
    app.audits.record({ user_id: session.userId, action: actionOf(req), extra_info: '', ip_address: req.ip, session_id: session.id });
  });
}

/** Mattermost's "attempt - login_id=…", then "success" or "failure - login_id=…". Never the password. */
function loginEntries(req: FastifyRequest, status: number, userId: string | undefined): AuditEntry[] {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as { id?: unknown; login_id?: unknown };
  const loginId = typeof body.login_id === 'string' ? body.login_id.trim() : '';
  const claimed = typeof body.id === 'string' ? body.id : '';
  const base = { action: actionOf(req), ip_address: req.ip, session_id: '' };
  const attempt = { ...base, user_id: userId ?? claimed, extra_info: `attempt - login_id=${loginId}` };
  if (status === 200 && userId) return [attempt, { ...base, user_id: userId, extra_info: 'success' }];
  return [attempt, { ...base, user_id: claimed, extra_info: `failure - login_id=${loginId}` }];
}

export function registerAuditRoutes(r: Router, app: App): void {
  r.get('/api/v4/audits', async (req) => {
    const q = req.query as Query;
    const { page, perPage } = paging(q);
    const audits = await app.audits.getAudits(requireSession(req), {
      page,
      perPage,
      ...(q.user_id ? { userId: idParam(q.user_id, 'user_id') } : {}),
      ...(q.action ? { action: q.action.slice(0, 512) } : {}),
      ...(q.since ? { since: intParam(q.since, 'since', 0) } : {}),
    });
    return audits.map(presentAudit);
  });

  r.get('/api/v4/users/:user_id/audits', async (req) => {
    const s = requireSession(req);
    const userId = userIdParam((req.params as { user_id: string }).user_id, s);
    const { page, perPage } = paging(req.query as Query);
    return (await app.audits.getUserAudits(s, userId, page, perPage)).map(presentAudit);
  });
}
