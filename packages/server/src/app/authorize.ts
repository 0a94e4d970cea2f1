// The audited permission checks. Every app function that reads or changes something calls one of these
// before touching the store, whether the caller is HTTP, WebSocket, a job or an import.
import { permissionError } from '../platform/errors.js';
import { hasPermission, memberRoles, splitRoles, type RoleContext, type RoleTable } from '../permissions/check.js';
import type { Channel, Store } from '../store/store.js';
import type { SchemeIndex } from './scheme-index.js';
import type { AuthSession } from './session.js';

/**
 * Where the current role table and scheme assignments come from; both are swapped when an administrator
 * edits a role or a scheme.
 */
export interface RoleTableSource {
  readonly table: RoleTable;
  readonly schemes: SchemeIndex;
}

export class Authorizer {
  constructor(
    private readonly store: Store,
    private readonly roles: RoleTableSource,
  ) {}

  /** The cascade over the current role table, for callers that already hold the member roles. */
  grants(ctx: RoleContext, permission: string): boolean {
    return hasPermission(this.roles.table, ctx, permission);
  }

  hasSystem(session: AuthSession, permission: string): boolean {
    return this.grants({ system: session.systemRoles }, permission);
  }

  async hasTeam(session: AuthSession, teamId: string, permission: string, store: Store = this.store): Promise<boolean> {
    if (this.hasSystem(session, permission)) return true;
    const member = await store.teams.getMember(teamId, session.userId);
    if (!member || member.delete_at > 0) return false;
    const names = this.roles.schemes.teamRoles(teamId);
    return this.grants({ system: session.systemRoles, team: splitRoles(memberRoles('team', member, names)) }, permission);
  }

  /**
   * Mattermost's SessionHasPermissionToChannel: channel member roles when the user is a member,
   * then the team's roles for the channel's team, then system roles.
   */
  async hasChannel(session: AuthSession, channelId: string, permission: string, store: Store = this.store): Promise<boolean> {
    if (this.hasSystem(session, permission)) return true;
    const member = await store.channels.getMember(channelId, session.userId);
    // The channel's team matters only when some team has a scheme and the channel has none of its own.
    const schemes = this.roles.schemes;
    let channel: Channel | undefined;
    if (member && schemes.anyTeamScheme && !schemes.channelHasScheme(channelId)) channel = await store.channels.get(channelId);
    const names = schemes.channelRoles(channelId, channel?.team_id);
    if (member && this.grants({ system: session.systemRoles, channel: splitRoles(memberRoles('channel', member, names)) }, permission)) {
      return true;
    }
    channel ??= await store.channels.get(channelId);
    if (channel && channel.team_id) return this.hasTeam(session, channel.team_id, permission, store);
    return false;
  }

  /**
   * Mattermost's SessionHasPermissionToReadChannel: the permission through the channel's roles, or — for a
   * public channel — read_public_channel on its team, so team members may read without joining.
   */
  async canReadChannel(
    session: AuthSession,
    channel: Pick<Channel, 'id' | 'type' | 'team_id'>,
    permission: 'read_channel' | 'read_channel_content' = 'read_channel',
    store: Store = this.store,
  ): Promise<boolean> {
    if (await this.hasChannel(session, channel.id, permission, store)) return true;
    return channel.type === 'O' && channel.team_id !== '' && this.hasTeam(session, channel.team_id, 'read_public_channel', store);
  }

  async requireReadChannel(
    session: AuthSession,
    channel: Pick<Channel, 'id' | 'type' | 'team_id'>,
    permission: 'read_channel' | 'read_channel_content' = 'read_channel',
    store?: Store,
  ): Promise<void> {
    if (!(await this.canReadChannel(session, channel, permission, store))) throw permissionError(permission);
  }

  requireSystem(session: AuthSession, permission: string): void {
    if (!this.hasSystem(session, permission)) throw permissionError(permission);
  }

  async requireTeam(session: AuthSession, teamId: string, permission: string, store?: Store): Promise<void> {
    if (!(await this.hasTeam(session, teamId, permission, store))) throw permissionError(permission);
  }

  async requireChannel(session: AuthSession, channelId: string, permission: string, store?: Store): Promise<void> {
    if (!(await this.hasChannel(session, channelId, permission, store))) throw permissionError(permission);
  }

  /** Self, or someone allowed to edit other users. */
  requireSelfOr(session: AuthSession, userId: string, permission = 'edit_other_users'): void {
    if (session.userId !== userId) this.requireSystem(session, permission);
  }
}
