/** One row of Mattermost's AnalyticsRows: a named number (a day "YYYY-MM-DD" for the per-day series). */
export interface AnalyticsRow {
  name: string;
  value: number;
}

export interface UserCountFilter {
  teamId?: string;
  channelId?: string;
  includeDeleted?: boolean;
  includeBots?: boolean;
  /** Only users on at least one team with this user. */
  sharesTeamWith?: string;
  /** System roles, any of which the user must hold. */
  roles?: readonly string[];
}

/** Counts for the System Console (Mattermost's Analytics* store methods); each is one aggregate query. */
export interface AnalyticsStore {
  /** Channels of a type, deleted ones included (as Mattermost), in one team or everywhere. */
  channelTypeCount(type: 'O' | 'P', teamId?: string): Promise<number>;
  /** Posts, deleted ones included (as Mattermost); restricted to those with files or hashtags when asked. */
  postCount(opts: { teamId?: string; mustHaveFile?: boolean; mustHaveHashtag?: boolean }): Promise<number>;
  /**
   * Posts (or distinct posting users) per UTC day with create_at in [since, until], newest day first, at
   * most 30 days; from the create_at index.
   */
  postCountsByDay(opts: { teamId?: string; since: number; until: number; distinctUsers?: boolean; botsOnly?: boolean }): Promise<AnalyticsRow[]>;
  userCount(filter: UserCountFilter): Promise<number>;
  /** Deactivated accounts. */
  inactiveUserCount(): Promise<number>;
  /** Active, non-bot users whose last activity is after `since`. */
  activeUserCount(since: number): Promise<number>;
  /** Teams not deleted. */
  teamCount(): Promise<number>;
  incomingWebhookCount(teamId?: string): Promise<number>;
  outgoingWebhookCount(teamId?: string): Promise<number>;
  commandCount(teamId?: string): Promise<number>;
  /** Sessions not yet expired. */
  sessionCount(now: number): Promise<number>;
}
