// Collapsed reply threads under /users/{uid}/teams/{tid}/threads (Client4 getUserThreads, getUserThread,
// updateThreadsReadForUser, updateThreadReadForUser, markThreadAsUnreadForUser, updateThreadFollowForUser).
import type { App } from '../app/app.js';
import { invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, intParam, paging, userIdParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

type P = { user_id: string; team_id: string; thread_id: string; timestamp: string; post_id: string };

const base = '/api/v4/users/:user_id/teams/:team_id/threads';

/** Client4 always sends before= and after=, empty when unused. */
function cursor(value: string | undefined, name: string): string {
  if (!value) return '';
  if (!isValidId(value)) throw invalidUrlParam(name);
  return value;
}

export function registerThreadRoutes(r: Router, app: App): void {
  const ids = (req: { params: unknown }, s: Parameters<typeof userIdParam>[1]) => {
    const p = req.params as P;
    return { userId: userIdParam(p.user_id, s), teamId: idParam(p.team_id, 'team_id') };
  };

  r.get(base, async (req) => {
    const s = requireSession(req);
    const { userId, teamId } = ids(req, s);
    const q = req.query as Query;
    return app.threads.getThreadsForUser(s, userId, teamId, {
      since: intParam(q.since, 'since', 0),
      before: cursor(q.before, 'before'),
      after: cursor(q.after, 'after'),
      perPage: paging(q).perPage,
      extended: boolParam(q.extended),
      deleted: boolParam(q.deleted),
      unread: boolParam(q.unread),
      totalsOnly: boolParam(q.totalsOnly),
      threadsOnly: boolParam(q.threadsOnly),
    });
  });

  r.put(`${base}/read`, async (req) => {
    const s = requireSession(req);
    const { userId, teamId } = ids(req, s);
    await app.threads.updateThreadsReadForUser(s, userId, teamId);
    return STATUS_OK;
  });

  r.get(`${base}/:thread_id`, async (req) => {
    const s = requireSession(req);
    const { userId, teamId } = ids(req, s);
    const threadId = idParam((req.params as P).thread_id, 'thread_id');
    return app.threads.getThreadForUser(s, userId, teamId, threadId, boolParam((req.query as Query).extended));
  });

  r.put(`${base}/:thread_id/read/:timestamp`, async (req) => {
    const s = requireSession(req);
    const { userId, teamId } = ids(req, s);
    const p = req.params as P;
    const timestamp = intParam(p.timestamp, 'timestamp', -1);
    if (timestamp < 0) throw invalidUrlParam('timestamp');
    return app.threads.updateThreadReadForUser(s, userId, teamId, idParam(p.thread_id, 'thread_id'), timestamp);
  });

  r.post(`${base}/:thread_id/set_unread/:post_id`, async (req) => {
    const s = requireSession(req);
    const { userId, teamId } = ids(req, s);
    const p = req.params as P;
    return app.threads.updateThreadReadForUserByPost(s, userId, teamId, idParam(p.thread_id, 'thread_id'), idParam(p.post_id, 'post_id'));
  });

  for (const follow of [true, false]) {
    const route = follow ? r.put.bind(r) : r.delete.bind(r);
    route(`${base}/:thread_id/following`, async (req) => {
      const s = requireSession(req);
      const { userId, teamId } = ids(req, s);
      await app.threads.updateThreadFollowForUser(s, userId, teamId, idParam((req.params as P).thread_id, 'thread_id'), follow);
      return STATUS_OK;
    });
  }
}
