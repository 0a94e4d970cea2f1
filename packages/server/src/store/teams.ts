import type { Team, TeamMember } from './models.js';

export interface TeamStore {
  save(team: Team): Promise<Team>;
  update(team: Team): Promise<Team>;
  get(id: string): Promise<Team | undefined>;
  getByName(name: string): Promise<Team | undefined>;
  getByInviteId(inviteId: string): Promise<Team | undefined>;
  /** Teams not deleted, ordered by display name. `openOnly` limits to allow_open_invite teams. */
  getAll(opts: { offset: number; limit: number; openOnly?: boolean; includeDeleted?: boolean }): Promise<Team[]>;
  countAll(opts: { openOnly?: boolean; includeDeleted?: boolean }): Promise<number>;
  getForUser(userId: string): Promise<Team[]>;

  /** Inserts or revives (delete_at = 0) a membership. */
  saveMember(member: TeamMember): Promise<TeamMember>;
  updateMember(member: TeamMember): Promise<TeamMember>;
  getMember(teamId: string, userId: string): Promise<TeamMember | undefined>;
  getMembers(teamId: string, opts: { offset: number; limit: number; excludeDeletedUsers?: boolean }): Promise<TeamMember[]>;
  getMembersByIds(teamId: string, userIds: readonly string[]): Promise<TeamMember[]>;
  getMembersForUser(userId: string): Promise<TeamMember[]>;
  /** Soft delete: sets delete_at and keeps the row, as Mattermost does. */
  removeMember(teamId: string, userId: string, at: number): Promise<void>;
  countMembers(teamId: string, opts?: { activeUsersOnly?: boolean }): Promise<number>;
}
