// System Console statistics: GET /analytics/old (Client4 getAnalytics) and user totals, GET /users/stats
// (getTotalUsersStats) and /users/stats/filtered (getFilteredUsersStats).
import type { App } from '../app/app.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, type Query } from './params.js';
import type { Router } from './router.js';

const ROLE_NAME = /^[a-z0-9_]{1,64}$/;

export function registerAnalyticsRoutes(r: Router, app: App): void {
  r.get('/api/v4/analytics/old', async (req) => {
    const q = req.query as Query;
    const teamId = q.team_id ? idParam(q.team_id, 'team_id') : '';
    return app.analytics.getAnalytics(requireSession(req), q.name || 'standard', teamId);
  });

  r.get('/api/v4/users/stats', async (req) => app.analytics.getTotalUsersStats(requireSession(req)));

  r.get('/api/v4/users/stats/filtered', async (req) => {
    const session = requireSession(req);
    const q = req.query as Query;
    const roles = (q.roles ?? '').split(',').map((s) => s.trim()).filter((s) => ROLE_NAME.test(s));
    return app.analytics.getFilteredUsersStats(session, {
      ...(q.in_team ? { teamId: idParam(q.in_team, 'in_team') } : {}),
      ...(q.in_channel ? { channelId: idParam(q.in_channel, 'in_channel') } : {}),
      includeDeleted: boolParam(q.include_deleted),
      includeBots: boolParam(q.include_bots),
      roles,
    });
  });
}
