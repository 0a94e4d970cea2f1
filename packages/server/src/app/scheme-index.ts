// Which permission scheme applies where, held in memory by every node so that a permission check needs no
// extra query: scheme id → its role names, and the (few) teams and channels assigned to a scheme. Built
// whole from the store and swapped with the role table (app/roles.ts), so both always agree.
import type { SchemeRoleNames } from '../permissions/check.js';
import type { SchemeAssignments, StoredScheme } from '../store/store.js';

export class SchemeIndex {
  private readonly byId: ReadonlyMap<string, StoredScheme>;
  private readonly teamScheme: ReadonlyMap<string, string>;
  private readonly channelScheme: ReadonlyMap<string, string>;

  constructor(schemes: readonly StoredScheme[] = [], assignments: SchemeAssignments = { teams: [], channels: [] }) {
    this.byId = new Map(schemes.map((s) => [s.id, s]));
    // An assignment to a scheme that is gone (deleted by another node meanwhile) counts as none.
    this.teamScheme = new Map(assignments.teams.filter((t) => this.byId.get(t.scheme_id)?.scope === 'team').map((t) => [t.id, t.scheme_id]));
    this.channelScheme = new Map(assignments.channels.filter((c) => this.byId.get(c.scheme_id)?.scope === 'channel').map((c) => [c.id, c.scheme_id]));
  }

  get schemes(): Iterable<StoredScheme> {
    return this.byId.values();
  }

  /** True when some team has a scheme: only then does a channel check need the channel's team. */
  get anyTeamScheme(): boolean {
    return this.teamScheme.size > 0;
  }

  /** The team roles of the team's scheme; undefined means the built-in roles. */
  teamRoles(teamId: string): SchemeRoleNames | undefined {
    const scheme = this.byId.get(this.teamScheme.get(teamId) ?? '');
    return scheme && { guest: scheme.default_team_guest_role, user: scheme.default_team_user_role, admin: scheme.default_team_admin_role };
  }

  /** The channel's own scheme, else its team's scheme, else the built-in roles (undefined). */
  channelRoles(channelId: string, teamId: string | undefined): SchemeRoleNames | undefined {
    const scheme = this.byId.get(this.channelScheme.get(channelId) ?? '') ?? (teamId ? this.byId.get(this.teamScheme.get(teamId) ?? '') : undefined);
    return scheme && { guest: scheme.default_channel_guest_role, user: scheme.default_channel_user_role, admin: scheme.default_channel_admin_role };
  }

  /** Whether the channel has a scheme of its own (then its team does not matter). */
  channelHasScheme(channelId: string): boolean {
    return this.channelScheme.has(channelId);
  }
}

export type SchemeRoleField =
  | 'default_team_admin_role'
  | 'default_team_user_role'
  | 'default_team_guest_role'
  | 'default_channel_admin_role'
  | 'default_channel_user_role'
  | 'default_channel_guest_role';

/** A scheme's roles: the built-in role each starts from and how Mattermost names it for display. */
export const SCHEME_ROLE_SLOTS: ReadonlyArray<{ field: SchemeRoleField; base: string; label: string; teamOnly: boolean }> = [
  { field: 'default_team_admin_role', base: 'team_admin', label: 'Team Admin Role', teamOnly: true },
  { field: 'default_team_user_role', base: 'team_user', label: 'Team User Role', teamOnly: true },
  { field: 'default_team_guest_role', base: 'team_guest', label: 'Team Guest Role', teamOnly: true },
  { field: 'default_channel_admin_role', base: 'channel_admin', label: 'Channel Admin Role', teamOnly: false },
  { field: 'default_channel_user_role', base: 'channel_user', label: 'Channel User Role', teamOnly: false },
  { field: 'default_channel_guest_role', base: 'channel_guest', label: 'Channel Guest Role', teamOnly: false },
];
