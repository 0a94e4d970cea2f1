import type { Team, TeamMember } from './models.js';

export interface TeamListOptions {
  offset: number;
  limit: number;
  /** true: only teams anyone may join (allow_open_invite); false: only invite-only teams. */
  openOnly?: boolean;
  includeDeleted?: boolean;
}

export interface TeamStore {
  /** Inserts; false when the name is taken. Deleted teams keep their names, as in Mattermost. */
  save(team: Team): Promise<boolean>;
  update(team: Team): Promise<Team>;
  get(id: string): Promise<Team | undefined>;
  getMany(ids: readonly string[]): Promise<Team[]>;
  getByName(name: string): Promise<Team | undefined>;
  getByInviteId(inviteId: string): Promise<Team | undefined>;
  /** Ordered by display name, then id. */
  getAll(opts: TeamListOptions): Promise<Team[]>;
  countAll(opts: Omit<TeamListOptions, 'offset' | 'limit'>): Promise<number>;
  /** Live teams the user is an active member of, ordered by display name. */
  getForUser(userId: string): Promise<Team[]>;

  /** Inserts or revives (delete_at = 0) a membership. */
  saveMember(member: TeamMember): Promise<TeamMember>;
  updateMember(member: TeamMember): Promise<TeamMember>;
  /** The membership row, including one the user has left (delete_at > 0). */
  getMember(teamId: string, userId: string): Promise<TeamMember | undefined>;
  /** Active memberships, ordered by user id (or username). */
  getMembers(
    teamId: string,
    opts: { offset: number; limit: number; excludeDeletedUsers?: boolean; sortByUsername?: boolean },
  ): Promise<TeamMember[]>;
  /** Active memberships of the given users. */
  getMembersByIds(teamId: string, userIds: readonly string[]): Promise<TeamMember[]>;
  /** All of a user's memberships; left teams only when includeDeleted. */
  getMembersForUser(userId: string, opts?: { includeDeleted?: boolean }): Promise<TeamMember[]>;
  /** Soft delete: sets delete_at and keeps the row, as Mattermost does. */
  removeMember(teamId: string, userId: string, at: number): Promise<void>;
  /** Active memberships; activeUsersOnly also skips deactivated users. */
  countMembers(teamId: string, opts?: { activeUsersOnly?: boolean }): Promise<number>;
}
