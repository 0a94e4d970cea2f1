// System Console statistics (Mattermost's app/analytics.go, GET /analytics/old) and user counts
// (GET /users/stats, /users/stats/filtered). Each figure is one aggregate query; the per-post ones are
// skipped past MAX_USERS_FOR_STATISTICS users, as Mattermost does, and reported as -1.
import { invalidParam } from '../platform/errors.js';
import type { AnalyticsRow, UserCountFilter } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

/** AnalyticsSettings.MaxUsersForStatistics (Mattermost's default). */
export const MAX_USERS_FOR_STATISTICS = 2500;
const DAY_MS = 24 * 60 * 60 * 1000;
const MONTH_MS = 31 * DAY_MS;

export const ANALYTICS_NAMES = ['standard', 'post_counts_day', 'bot_post_counts_day', 'user_counts_with_posts_day', 'extra_counts'] as const;
export type AnalyticsName = (typeof ANALYTICS_NAMES)[number];

/** What only the running node knows: its sockets and database connections. */
export interface NodeStats {
  websocketConnections(): number;
  databaseConnections(): number;
}

export class AnalyticsService {
  private node: NodeStats = { websocketConnections: () => 0, databaseConnections: () => 0 };

  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** Set by the composition root once the hub and the database exist. */
  setNodeStats(stats: NodeStats): void {
    this.node = stats;
  }

  /** GET /analytics/old?name&team_id: Mattermost's AnalyticsRows. */
  async getAnalytics(session: AuthSession, name: string, teamId: string): Promise<AnalyticsRow[]> {
    this.app.authz.requireSystem(session, 'get_analytics');
    if (!(ANALYTICS_NAMES as readonly string[]).includes(name)) throw invalidParam('name');
    const a = this.ctx.store.analytics;
    const team = teamId || undefined;
    const systemUsers = await a.userCount({});
    const skipIntensive = systemUsers > MAX_USERS_FOR_STATISTICS;
    const now = this.ctx.clock.now();
    const rows = (pairs: Array<[string, number]>) => pairs.map(([n, value]) => ({ name: n, value }));

    switch (name as AnalyticsName) {
      case 'standard': {
        const [open, priv, posts, teamUsers, inactive, teams, daily, monthly] = await Promise.all([
          a.channelTypeCount('O', team),
          a.channelTypeCount('P', team),
          skipIntensive ? -1 : a.postCount({ teamId: team }),
          team ? a.userCount({ teamId: team }) : systemUsers,
          team ? -1 : a.inactiveUserCount(),
          a.teamCount(),
          a.activeUserCount(now - DAY_MS),
          a.activeUserCount(now - MONTH_MS),
        ]);
        return rows([
          ['channel_open_count', open],
          ['channel_private_count', priv],
          ['post_count', posts],
          ['unique_user_count', teamUsers],
          ['team_count', teams],
          // This node's: Parley nodes do not exchange statistics.
          ['total_websocket_connections', this.node.websocketConnections()],
          ['total_master_db_connections', this.node.databaseConnections()],
          ['total_read_db_connections', 0],
          ['daily_active_users', daily],
          ['monthly_active_users', monthly],
          ['inactive_user_count', inactive],
        ]);
      }
      case 'post_counts_day':
      case 'bot_post_counts_day':
      case 'user_counts_with_posts_day': {
        if (skipIntensive) return [{ name: '', value: -1 }];
        // From the start of the UTC day 31 days ago: the index on create_at bounds the scan to that window.
        const since = Math.floor((now - 31 * DAY_MS) / DAY_MS) * DAY_MS;
        return a.postCountsByDay({
          teamId: team,
          since,
          until: now,
          distinctUsers: name === 'user_counts_with_posts_day',
          botsOnly: name === 'bot_post_counts_day',
        });
      }
      case 'extra_counts': {
        const [files, hashtags, incoming, outgoing, commands, sessions] = await Promise.all([
          skipIntensive ? -1 : a.postCount({ teamId: team, mustHaveFile: true }),
          skipIntensive ? -1 : a.postCount({ teamId: team, mustHaveHashtag: true }),
          a.incomingWebhookCount(team),
          a.outgoingWebhookCount(team),
          a.commandCount(team),
          a.sessionCount(now),
        ]);
        return rows([
          ['file_post_count', files],
          ['hashtag_post_count', hashtags],
          ['incoming_webhook_count', incoming],
          ['outgoing_webhook_count', outgoing],
          ['command_count', commands],
          ['session_count', sessions],
        ]);
      }
    }
  }

  /**
   * GET /users/stats: active accounts, bots included (Mattermost's GetTotalUsersStats). Someone without
   * view_members (a guest) counts only the people of their own teams.
   */
  async getTotalUsersStats(session: AuthSession): Promise<{ total_users_count: number }> {
    const restricted = !this.app.authz.hasSystem(session, 'view_members');
    const count = await this.ctx.store.analytics.userCount({ includeBots: true, ...(restricted ? { sharesTeamWith: session.userId } : {}) });
    return { total_users_count: count };
  }

  /** GET /users/stats/filtered: System Console user list totals. */
  async getFilteredUsersStats(session: AuthSession, filter: UserCountFilter): Promise<{ total_users_count: number }> {
    this.app.authz.requireSystem(session, 'sysconsole_read_user_management_users');
    return { total_users_count: await this.ctx.store.analytics.userCount(filter) };
  }
}
