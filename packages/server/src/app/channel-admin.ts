// Channel administration across teams for the System Console (Mattermost's getAllChannels,
// searchAllChannels and moveChannel in api4/channel.go, app/channel.go MoveChannel).
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, notFound, permissionError } from '../platform/errors.js';
import { presentChannel } from '../presenters/channel.js';
import type { Channel, ChannelDirectoryQuery, ChannelWithTeam, Store } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';

/** Without page and per_page, a search answers at most this many channels. */
const SEARCH_LIMIT = 100;
const ALL_MEMBERS = 1_000_000;

export interface AllChannelsQuery {
  page: number;
  perPage: number;
  includeDeleted: boolean;
  excludeDefaultChannels: boolean;
}

export interface ChannelSearchProps {
  term: string;
  teamIds?: string[];
  public?: boolean;
  private?: boolean;
  deleted?: boolean;
  includeDeleted?: boolean;
  excludeDefaultChannels?: boolean;
  searchById?: boolean;
  page?: number;
  perPage?: number;
}

const channelNotFound = () => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
const teamNotFound = () => notFound('app.team.get.find.app_error', 'Unable to find the existing team.');

export class ChannelAdminService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** GET /channels: every team's public and private channels. */
  async getAllChannels(session: AuthSession, q: AllChannelsQuery): Promise<{ channels: ChannelWithTeam[]; totalCount: () => Promise<number> }> {
    this.app.authz.requireSystem(session, 'sysconsole_read_user_management_channels');
    const filter = { ...(q.includeDeleted ? { deleted: 'include' as const } : {}), excludeDefaultChannels: q.excludeDefaultChannels };
    const channels = await this.ctx.store.channelDirectory.list({ ...filter, offset: q.page * q.perPage, limit: q.perPage });
    return { channels, totalCount: () => this.ctx.store.channelDirectory.count(filter) };
  }

  /**
   * POST /channels/search. From the System Console (the default) it needs the console permission and sees
   * every channel; otherwise public channels of the caller's teams and private channels they are in.
   */
  async searchAllChannels(session: AuthSession, props: ChannelSearchProps, systemConsole: boolean): Promise<{ channels: ChannelWithTeam[]; totalCount: number }> {
    if (systemConsole) this.app.authz.requireSystem(session, 'sysconsole_read_user_management_channels');
    const deleted = props.deleted ? ('only' as const) : props.includeDeleted ? ('include' as const) : undefined;
    const type = props.public && !props.private ? ('O' as const) : props.private && !props.public ? ('P' as const) : undefined;
    const filter: Omit<ChannelDirectoryQuery, 'offset' | 'limit'> = {
      term: props.term,
      ...(props.teamIds && props.teamIds.length > 0 ? { teamIds: props.teamIds } : {}),
      ...(type ? { type } : {}),
      ...(deleted ? { deleted } : {}),
      excludeDefaultChannels: props.excludeDefaultChannels === true,
      searchById: props.searchById === true,
      ...(systemConsole ? {} : { visibleTo: session.userId }),
    };
    const paged = props.page !== undefined && props.perPage !== undefined;
    const offset = paged ? props.page! * props.perPage! : 0;
    const limit = paged ? props.perPage! : SEARCH_LIMIT;
    const channels = await this.ctx.store.channelDirectory.list({ ...filter, offset, limit });
    const totalCount = paged ? await this.ctx.store.channelDirectory.count(filter) : channels.length;
    return { channels, totalCount };
  }

  /**
   * POST /channels/{id}/move: the channel, its members and its webhooks go to another team. Every member
   * must be on that team; with force, those who are not are removed from the channel first. Deactivated
   * members are dropped either way, as Mattermost does.
   */
  async moveChannel(session: AuthSession, channelId: string, teamId: string, force: boolean): Promise<Channel> {
    if (!this.app.authz.hasSystem(session, 'manage_system')) throw permissionError('manage_system');
    return inTransaction(this.ctx, async (tx, emit) => {
      const channel = await tx.channels.get(channelId);
      if (!channel) throw channelNotFound();
      const team = await tx.teams.get(teamId);
      if (!team || team.delete_at > 0) throw teamNotFound();
      if (channel.type !== 'O' && channel.type !== 'P') {
        throw new AppError('api.channel.move_channel.type.invalid', 'Direct and group message channels cannot be moved.', 403);
      }
      if (channel.team_id === team.id) return channel;
      await tx.channels.lockChannel(channel.id);
      const members = await tx.channels.getMembers(channel.id, { offset: 0, limit: ALL_MEMBERS });
      const users = new Map((await tx.users.getMany(members.map((m) => m.user_id))).map((u) => [u.id, u]));
      const onTeam = new Set((await tx.teams.getMembersByIds(team.id, [...users.keys()])).filter((m) => m.delete_at === 0).map((m) => m.user_id));
      const inactive = members.filter((m) => (users.get(m.user_id)?.delete_at ?? 1) > 0);
      const offTeam = members.filter((m) => !inactive.includes(m) && !onTeam.has(m.user_id));
      if (offTeam.length > 0 && !force) {
        throw badRequest('app.channel.move_channel.members_do_not_match.error', 'Unable to move a channel unless all its members are already members of the destination team.', `not on the team: ${offTeam.length}`);
      }
      const clash = await tx.channels.getByName(team.id, channel.name, true);
      if (clash) throw badRequest('store.sql_channel.save_channel.exists.app_error', 'A channel with that name already exists on the same team.');
      for (const m of inactive) await this.dropMember(tx, emit, channel.id, m.user_id, session.userId);
      for (const m of offTeam) {
        await this.dropMember(tx, emit, channel.id, m.user_id, session.userId);
        const user = users.get(m.user_id)!;
        await this.app.posts.createSystemPost(tx, emit, {
          channelId: channel.id,
          userId: session.userId,
          type: 'system_remove_from_channel',
          message: `@${user.username} removed from the channel.`,
          props: { removedUserId: user.id, removedUsername: user.username },
        });
      }
      const previous = await tx.teams.get(channel.team_id);
      const moved: Channel = { ...channel, team_id: team.id, update_at: this.ctx.clock.now() };
      await tx.channels.update(moved);
      for (const hook of await tx.webhooks.listIncoming({ teamId: channel.team_id, offset: 0, limit: ALL_MEMBERS })) {
        if (hook.channel_id === channel.id) await tx.webhooks.updateIncoming({ ...hook, team_id: team.id });
      }
      for (const hook of await tx.webhooks.getOutgoingByTeam(channel.team_id)) {
        if (hook.channel_id === channel.id) await tx.webhooks.updateOutgoing({ ...hook, team_id: team.id });
      }
      emit(makeEvent('channel_updated', { channel: JSON.stringify(presentChannel(moved)) }, { channelId: moved.id }));
      await this.app.posts.createSystemPost(tx, emit, {
        channelId: moved.id,
        userId: session.userId,
        type: 'system_move_channel',
        message: `This channel has been moved to this team from ${previous?.name ?? 'another team'}.`,
        props: {},
      });
      this.ctx.log.info({ channel_id: moved.id, from_team_id: channel.team_id, to_team_id: team.id }, 'channel moved to another team');
      return moved;
    });
  }

  private async dropMember(tx: Store, emit: Emit, channelId: string, userId: string, removerId: string): Promise<void> {
    await tx.channels.removeMember(channelId, userId);
    await tx.threads.removeMembershipsForChannel(userId, channelId);
    emit(makeEvent('user_removed', { user_id: userId, remover_id: removerId }, { channelId }));
    emit(makeEvent('user_removed', { channel_id: channelId, remover_id: removerId }, { userId }));
  }
}
