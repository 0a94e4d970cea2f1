// /logs: the node's recent server log lines (Client4 getPlainLogs; getLogs is /logs/query) and client-side
// messages to log (Client4 logClientError).
import { Type } from 'typebox';
import type { App } from '../app/app.js';
import { LOGS_PER_PAGE } from '../app/logs.js';
import { requireSession } from './auth.js';
import { intParam, type Query } from './params.js';
import type { Router } from './router.js';

const Names = Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 });
const QueryBody = Type.Object({
  server_names: Type.Optional(Names),
  log_levels: Type.Optional(Names),
  date_from: Type.Optional(Type.String({ maxLength: 64 })),
  date_to: Type.Optional(Type.String({ maxLength: 64 })),
});

/** Mattermost reads the body as map[string]string: only string fields count. */
function stringFields(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body).slice(0, 20)) if (typeof v === 'string') out[k.slice(0, 64)] = v;
  return out;
}

export function registerLogRoutes(r: Router, app: App): void {
  r.get('/api/v4/logs', async (req) => {
    const session = requireSession(req);
    const q = req.query as Query;
    const page = intParam(q.page, 'page', 0);
    const perPage = intParam(q.logs_per_page, 'logs_per_page', LOGS_PER_PAGE, 0, LOGS_PER_PAGE);
    return app.logs.getLogs(session, page, perPage);
  });

  r.post('/api/v4/logs/query', { schema: { body: QueryBody } }, async (req) => {
    const session = requireSession(req);
    const q = req.query as Query;
    const page = intParam(q.page, 'page', 0);
    const perPage = intParam(q.logs_per_page, 'logs_per_page', LOGS_PER_PAGE, 0, LOGS_PER_PAGE);
    return app.logs.queryLogs(session, page, perPage, req.body);
  });

  r.post('/api/v4/logs', { config: { auth: 'optional' } }, async (req) =>
    app.logs.postLog(req.session, stringFields(req.body), String(req.headers['user-agent'] ?? '')),
  );
}
