// Channels: public/private channels, DMs and GMs, membership, archive/restore, and the read state
// (view, unread). Mirrors server/channels/app/channel.go and the checks of server/channels/api4/channel.go.
import { createHash } from 'node:crypto';
import { makeEvent } from '../events/event.js';
import { AppError, badRequest, forbidden, invalidBodyParam, notFound, permissionError } from '../platform/errors.js';
import { isValidId, newId } from '../platform/ids.js';
import { splitRoles } from '../permissions/check.js';
import { presentChannel, presentChannelMember } from '../presenters/channel.js';
import type { ChannelUnreadRow } from '../store/channels.js';
import type { Channel, ChannelMember, Store, StringMap, Team, User } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';
import { runeCount } from './validate.js';

export const DEFAULT_CHANNEL_NOTIFY_PROPS: Readonly<Record<string, string>> = {
  desktop: 'default',
  mark_unread: 'all',
  push: 'default',
  email: 'default',
  ignore_channel_mentions: 'default',
  channel_auto_follow_threads: 'off',
};

export const TOWN_SQUARE = 'town-square';
export const OFF_TOPIC = 'off-topic';
const DEFAULT_CHANNELS = [
  { name: TOWN_SQUARE, displayName: 'Town Square' },
  { name: OFF_TOPIC, displayName: 'Off-Topic' },
] as const;

export interface CreateChannelInput {
  team_id: string;
  name: string;
  display_name: string;
  type: string;
  purpose?: string;
  header?: string;
}

export interface ChannelPatch {
  display_name?: string;
  name?: string;
  header?: string;
  purpose?: string;
}

/** PUT /channels/{id}: header and purpose are replaced; empty name/display_name keep the old ones. */
export interface ChannelUpdate {
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  type?: string;
}

export interface ChannelStatsResult {
  channelId: string;
  members: number;
  guests: number;
  pinned: number;
  files: number;
}

const CHANNEL_NAME_RE = /^[a-z0-9]+([a-z\-_0-9]+|(__)?)[a-z0-9]*$/;
const GM_NAME_RE = /^[a-f0-9]{40}$/;
const GROUP_MIN = 3;
const GROUP_MAX = 8;
const SEARCH_LIMIT = 100;
const AUTOCOMPLETE_LIMIT = 50;

/** Mattermost's Channel.IsValid for the fields a client controls, with its error ids. */
export function validateChannel(c: Channel): void {
  const invalid = (field: string, message: string) => badRequest(`model.channel.is_valid.${field}.app_error`, message, `id=${c.id}`);
  if (runeCount(c.display_name) > 64) throw invalid('display_name', 'Invalid display name.');
  if (c.name.length > 64 || !CHANNEL_NAME_RE.test(c.name)) throw invalid('1_or_more', 'Name must be 1 or more lowercase alphanumeric characters.');
  if (!['O', 'P', 'D', 'G'].includes(c.type)) throw invalid('type', 'Invalid type.');
  if (runeCount(c.header) > 1024) throw invalid('header', 'Invalid header.');
  if (runeCount(c.purpose) > 250) throw invalid('purpose', 'Invalid purpose.');
  if (c.type !== 'D' && c.type !== 'G') {
    // A regular channel must not be mistaken for a DM or GM by its name.
    const parts = c.name.split('__');
    if (GM_NAME_RE.test(c.name) || (parts.length === 2 && isValidId(parts[0]) && isValidId(parts[1]))) {
      throw invalid('name', 'Invalid channel name. User ids are not permitted in channel name for non-direct message channel.');
    }
  }
}

/** DM name: the two ids sorted and joined with "__" (a self-DM is "id__id"). */
export function directChannelName(a: string, b: string): string {
  return a > b ? `${b}__${a}` : `${a}__${b}`;
}

/** GM name: hex SHA-1 of the sorted ids concatenated. */
export function groupChannelName(userIds: readonly string[]): string {
  const h = createHash('sha1');
  for (const id of [...userIds].sort()) h.update(id);
  return h.digest('hex');
}

// notify_props keys a client may set, and the values Mattermost's ChannelMember.IsValid accepts.
const NOTIFY_LEVELS = ['default', 'all', 'mention', 'none'];
const NOTIFY_PROP_RULES: Record<string, { values?: readonly string[]; errorId: string }> = {
  desktop: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  push: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  // Older clients send "true"/"false", newer ones notification levels; Mattermost accepts both.
  email: { values: [...NOTIFY_LEVELS, 'true', 'false'], errorId: 'model.channel_member.is_valid.email_value.app_error' },
  mark_unread: { values: ['all', 'mention'], errorId: 'model.channel_member.is_valid.unread_level.app_error' },
  ignore_channel_mentions: { values: ['default', 'off', 'on'], errorId: 'model.channel_member.is_valid.ignore_channel_mentions_value.app_error' },
  channel_auto_follow_threads: { values: ['off', 'on'], errorId: 'model.channel_member.is_valid.channel_auto_follow_threads_value.app_error' },
  desktop_threads: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  push_threads: { values: NOTIFY_LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  desktop_sound: { errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  desktop_notification_sound: { errorId: 'model.channel_member.is_valid.notify_level.app_error' },
};

function filterNotifyProps(props: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    // Own keys only: "__proto__" or "constructor" must not find Object.prototype's members.
    const rule = Object.hasOwn(NOTIFY_PROP_RULES, key) ? NOTIFY_PROP_RULES[key] : undefined;
    if (!rule) continue;
    if (typeof value !== 'string' || value.length > 20 || (rule.values && !rule.values.includes(value))) {
      throw badRequest(rule.errorId, `Invalid ${key} notify level.`, `${key}=${value}`);
    }
    out[key] = value;
  }
  return out;
}

const channelNotFound = (id = '') => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.', id && `channel_id=${id}`);
const channelNameNotFound = () => notFound('app.channel.get_by_name.missing.app_error', 'Channel does not exist.');
const memberNotFound = () => notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.');
const missingAccount = () => notFound('app.user.missing_account.const', 'Unable to find the user.');
const channelExists = () => badRequest('store.sql_channel.save_channel.exists.app_error', 'A channel with that name already exists on the same team.');

function isGuest(user: User): boolean {
  return splitRoles(user.roles).includes('system_guest');
}

function isDirectOrGroup(c: Channel): boolean {
  return c.type === 'D' || c.type === 'G';
}

export class ChannelService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private now(): number {
    return this.ctx.clock.now();
  }

  private async requireChannelRow(store: Store, channelId: string): Promise<Channel> {
    const channel = await store.channels.get(channelId);
    if (!channel) throw channelNotFound(channelId);
    return channel;
  }

  private async requireUser(store: Store, userId: string): Promise<User> {
    const user = await store.users.get(userId);
    if (!user) throw missingAccount();
    return user;
  }

  private buildChannel(fields: Pick<Channel, 'team_id' | 'type' | 'name' | 'display_name'> & Partial<Channel>): Channel {
    const now = this.now();
    return {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      header: '',
      purpose: '',
      last_post_at: 0,
      last_root_post_at: 0,
      total_msg_count: 0,
      total_msg_count_root: 0,
      extra_update_at: 0,
      creator_id: '',
      scheme_id: null,
      group_constrained: null,
      shared: null,
      props: null,
      ...fields,
    };
  }

  /** Renaming, header and purpose: a properties permission, or mere membership for DMs and GMs. */
  private async requireManageProperties(session: AuthSession, channel: Channel, store: Store): Promise<void> {
    if (channel.type === 'O') return this.app.authz.requireChannel(session, channel.id, 'manage_public_channel_properties', store);
    if (channel.type === 'P') return this.app.authz.requireChannel(session, channel.id, 'manage_private_channel_properties', store);
    if (isDirectOrGroup(channel) && (await store.channels.getMember(channel.id, session.userId))) return;
    throw forbidden('api.channel.patch_update_channel.forbidden.app_error', 'Failed to update the channel.');
  }

  // ----- building blocks shared with TeamService (inside the caller's transaction) -----

  private async systemPost(tx: Store, emit: Emit, channel: Channel, userId: string, type: string, message: string, props: Record<string, unknown>): Promise<void> {
    await this.app.posts.createSystemPost(tx, emit, { channelId: channel.id, userId, type, message, props });
  }

  /** Inserts a membership (nothing unread on join) and tells the channel. */
  private async saveMemberInTx(tx: Store, emit: Emit, channel: Channel, user: User, asAdmin: boolean): Promise<ChannelMember> {
    const member = await tx.channels.saveMember(this.newMember(channel, user, asAdmin));
    emit(makeEvent('user_added', { user_id: user.id, team_id: channel.team_id }, { channelId: channel.id }));
    return member;
  }

  async createDefaultChannelsInTx(tx: Store, team: Team): Promise<void> {
    for (const d of DEFAULT_CHANNELS) {
      const channel = this.buildChannel({ team_id: team.id, type: 'O', name: d.name, display_name: d.displayName });
      if (!(await tx.channels.save(channel))) throw channelExists();
    }
  }

  /** Mattermost's JoinDefaultChannels: town-square and off-topic, with their join (or added-by) messages. */
  async joinDefaultChannelsInTx(tx: Store, emit: Emit, team: Team, user: User, asAdmin: boolean, actor: User | null): Promise<void> {
    for (const d of DEFAULT_CHANNELS) {
      const channel = await tx.channels.getByName(team.id, d.name);
      if (!channel || channel.type !== 'O') continue;
      await tx.channels.lockChannel(channel.id);
      if (await tx.channels.getMember(channel.id, user.id)) continue;
      await this.saveMemberInTx(tx, emit, channel, user, asAdmin);
      const teamMessage = d.name === TOWN_SQUARE;
      if (actor) {
        const where = teamMessage ? 'team' : 'channel';
        await this.systemPost(tx, emit, channel, actor.id, `system_add_to_${where}`, `${user.username} added to the ${where} by ${actor.username}.`, {
          userId: actor.id,
          username: actor.username,
          addedUserId: user.id,
          addedUsername: user.username,
        });
      } else if (teamMessage) {
        await this.systemPost(tx, emit, channel, user.id, 'system_join_team', `${user.username} joined the team.`, { username: user.username });
      } else {
        await this.systemPost(tx, emit, channel, user.id, 'system_join_channel', `${user.username} joined the channel.`, { username: user.username });
      }
    }
  }

  /** The town-square record of someone leaving the team (or being removed from it). */
  async postLeaveTeamInTx(tx: Store, emit: Emit, team: Team, user: User, self: boolean): Promise<void> {
    const channel = await tx.channels.getByName(team.id, TOWN_SQUARE);
    if (!channel) return;
    if (self) {
      await this.systemPost(tx, emit, channel, user.id, 'system_leave_team', `${user.username} left the team.`, { username: user.username });
    } else {
      await this.systemPost(tx, emit, channel, user.id, 'system_remove_from_team', `${user.username} removed from the team.`, { username: user.username });
    }
  }

  // ----- create -----

  /** POST /channels: the creator becomes channel admin. */
  async createChannel(session: AuthSession, input: CreateChannelInput): Promise<Channel> {
    if (input.type === 'D' || input.type === 'G') {
      throw badRequest('api.channel.create_channel.direct_channel.app_error', 'Must use createDirectChannel API service for direct message channel creation.');
    }
    if (input.type === 'O') await this.app.authz.requireTeam(session, input.team_id, 'create_public_channel');
    else if (input.type === 'P') await this.app.authz.requireTeam(session, input.team_id, 'create_private_channel');
    else throw badRequest('model.channel.is_valid.type.app_error', 'Invalid type.');

    const channel = this.buildChannel({
      team_id: input.team_id,
      type: input.type,
      name: input.name ?? '',
      display_name: (input.display_name ?? '').trim(),
      header: input.header ?? '',
      purpose: input.purpose ?? '',
      creator_id: session.userId,
    });
    validateChannel(channel);
    return inTransaction(this.ctx, async (tx, emit) => {
      const team = await tx.teams.get(channel.team_id);
      if (!team) throw notFound('app.team.get.find.app_error', 'Unable to find the existing team.');
      const max = this.ctx.config.settings.maxChannelsPerTeam;
      if (max > 0 && (await tx.channels.countForTeam(team.id)) + 1 > max) {
        throw badRequest('api.channel.create_channel.max_channel_limit.app_error', `Unable to create more than ${max} channels for current team.`);
      }
      if (!(await tx.channels.save(channel))) throw channelExists();
      const creator = await this.requireUser(tx, session.userId);
      await this.saveMemberInTx(tx, emit, channel, creator, true);
      await this.systemPost(tx, emit, channel, creator.id, 'system_join_channel', `${creator.username} joined the channel.`, { username: creator.username });
      emit(makeEvent('channel_created', { channel_id: channel.id, team_id: channel.team_id }, { userId: creator.id }));
      return channel;
    });
  }

  /** POST /channels/direct: idempotent; a self-DM is allowed. */
  async createDirectChannel(session: AuthSession, userIds: readonly string[]): Promise<Channel> {
    let ids = [...new Set(userIds)];
    if (ids.length === 1 && ids[0] === session.userId) ids = [session.userId, session.userId];
    if (ids.length !== 2) throw invalidBodyParam('user_ids');
    this.app.authz.requireSystem(session, 'create_direct_channel');
    if (!ids.includes(session.userId)) this.app.authz.requireSystem(session, 'manage_system');
    const [first, second] = ids as [string, string];
    return this.directChannelBetween(session.userId, first === session.userId ? second : first);
  }

  /**
   * The DM of two users, made if missing (idempotent; `creatorId` is the one who asked). Also used by the
   * server itself, e.g. for a system bot's reminder, where no session stands behind the request.
   */
  async directChannelBetween(creatorId: string, otherId: string): Promise<Channel> {
    const name = directChannelName(creatorId, otherId);
    const existing = await this.ctx.store.channels.getByName('', name, true);
    if (existing) return existing;
    const ids = [...new Set([creatorId, otherId])];
    const users = await this.ctx.store.users.getMany(ids);
    if (users.length !== ids.length) {
      throw badRequest('api.channel.create_direct_channel.invalid_user.app_error', 'Invalid user ID for direct channel creation.');
    }
    return inTransaction(this.ctx, async (tx, emit) => {
      const channel = this.buildChannel({ team_id: '', type: 'D', name, display_name: '', creator_id: creatorId });
      // A concurrent request may have created it first; then that one is the answer.
      if (!(await tx.channels.save(channel))) return (await tx.channels.getByName('', name, true))!;
      for (const user of users) await this.saveDirectMember(tx, channel, user);
      emit(makeEvent('direct_added', { creator_id: creatorId, teammate_id: otherId }, { channelId: channel.id }));
      return channel;
    });
  }

  /** DM and GM members need no user_added event: direct_added / group_added tell the client. */
  private async saveDirectMember(tx: Store, channel: Channel, user: User): Promise<void> {
    await tx.channels.saveMember(this.newMember(channel, user, false));
  }

  /** A fresh membership; the store starts its read counters at the channel's, so nothing is unread. */
  private newMember(channel: Channel, user: User, asAdmin: boolean): ChannelMember {
    const guest = isGuest(user);
    return {
      channel_id: channel.id,
      user_id: user.id,
      roles: '',
      last_viewed_at: 0,
      msg_count: 0,
      mention_count: 0,
      mention_count_root: 0,
      urgent_mention_count: 0,
      msg_count_root: 0,
      notify_props: { ...DEFAULT_CHANNEL_NOTIFY_PROPS },
      last_update_at: this.now(),
      scheme_guest: guest,
      scheme_user: !guest,
      scheme_admin: asAdmin && !guest,
    };
  }

  /** POST /channels/group: 3–8 users including the caller; idempotent. */
  async createGroupChannel(session: AuthSession, userIds: readonly string[]): Promise<Channel> {
    const ids = [...new Set([...userIds, session.userId])].sort();
    this.app.authz.requireSystem(session, 'create_group_channel');
    if (ids.length < GROUP_MIN || ids.length > GROUP_MAX) {
      throw badRequest('api.channel.create_group.bad_size.app_error', 'Group message channels must contain at least 3 and no more than 8 users.');
    }
    const users = await this.ctx.store.users.getMany(ids);
    if (users.length !== ids.length) {
      throw badRequest('api.channel.create_group.bad_user.app_error', 'One of the provided users does not exist.', `user_ids=${JSON.stringify(ids)}`);
    }
    const name = groupChannelName(ids);
    const existing = await this.ctx.store.channels.getByName('', name, true);
    if (existing) return existing;
    const displayName = [...users.map((u) => u.username)].sort().join(', ');
    return inTransaction(this.ctx, async (tx, emit) => {
      const channel = this.buildChannel({ team_id: '', type: 'G', name, display_name: [...displayName].slice(0, 64).join(''), creator_id: session.userId, shared: false });
      if (!(await tx.channels.save(channel))) return (await tx.channels.getByName('', name, true))!;
      for (const user of users) await this.saveDirectMember(tx, channel, user);
      emit(makeEvent('group_added', { teammate_ids: JSON.stringify(ids) }, { channelId: channel.id }));
      return channel;
    });
  }

  // ----- read -----

  async getChannel(session: AuthSession, channelId: string): Promise<Channel> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    await this.app.authz.requireReadChannel(session, channel);
    return channel;
  }

  /** By name: public channels need read_public_channel; others are "not found" to outsiders. */
  async getChannelByName(session: AuthSession, teamId: string, name: string, includeDeleted: boolean): Promise<Channel> {
    const channel = await this.ctx.store.channels.getByName(teamId, name, includeDeleted);
    if (!channel) throw channelNameNotFound();
    return this.checkByName(session, channel);
  }

  async getChannelByNameForTeamName(session: AuthSession, teamName: string, name: string, includeDeleted: boolean): Promise<Channel> {
    const team = await this.ctx.store.teams.getByName(teamName);
    if (!team) throw notFound('app.team.get_by_name.missing.app_error', 'Unable to find the existing team.');
    return this.getChannelByName(session, team.id, name, includeDeleted);
  }

  private async checkByName(session: AuthSession, channel: Channel): Promise<Channel> {
    if (channel.type === 'O') {
      if (!(await this.app.authz.canReadChannel(session, channel))) throw permissionError('read_public_channel');
      return channel;
    }
    // Team admins may look up private channels of their team by name, as in Mattermost.
    if (channel.team_id && (await this.app.authz.hasTeam(session, channel.team_id, 'manage_team'))) return channel;
    if (!(await this.app.authz.hasChannel(session, channel.id, 'read_channel'))) throw channelNameNotFound();
    return channel;
  }

  async getPublicChannelsForTeam(session: AuthSession, teamId: string, page: { offset: number; limit: number }): Promise<Channel[]> {
    await this.app.authz.requireTeam(session, teamId, 'list_team_channels');
    return this.ctx.store.channels.getPublicForTeam(teamId, page);
  }

  /** Archived channels: public ones, and private ones the caller belongs to (all for admins). */
  async getDeletedChannelsForTeam(session: AuthSession, teamId: string, page: { offset: number; limit: number }): Promise<Channel[]> {
    await this.app.authz.requireTeam(session, teamId, 'list_team_channels');
    const memberUserId = this.app.authz.hasSystem(session, 'manage_system') ? undefined : session.userId;
    return this.ctx.store.channels.getDeletedForTeam(teamId, { ...page, memberUserId });
  }

  async getPublicChannelsByIds(session: AuthSession, teamId: string, channelIds: readonly string[]): Promise<Channel[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    const channels = await this.ctx.store.channels.getPublicByIds(teamId, channelIds);
    if (channels.length === 0) throw notFound('app.channel.get_channels_by_ids.not_found.app_error', 'No channel found.');
    return channels;
  }

  /** POST /teams/{tid}/channels/search: public channels, or only your own for those who may not list. */
  async searchChannels(session: AuthSession, teamId: string, term: string): Promise<Channel[]> {
    if (await this.app.authz.hasTeam(session, teamId, 'list_team_channels')) {
      return this.ctx.store.channels.search({ teamId, term, includeDeleted: true, limit: SEARCH_LIMIT });
    }
    const member = await this.ctx.store.teams.getMember(teamId, session.userId);
    if (!member || member.delete_at > 0) throw notFound('app.team.get_member.missing.app_error', 'No team member found for that user ID and team ID.');
    return this.ctx.store.channels.search({ teamId, term, includePublic: false, memberUserId: session.userId, includeDeleted: true, limit: SEARCH_LIMIT });
  }

  /** POST /channels/group/search: the caller's own group messages, by a member's username prefix. */
  async searchGroupChannels(session: AuthSession, term: string): Promise<Channel[]> {
    if (term.trim() === '') return [];
    return this.ctx.store.channels.searchGroupChannels(session.userId, term, SEARCH_LIMIT);
  }

  /** GET /teams/{tid}/channels/autocomplete: public channels plus the caller's private ones. */
  async autocompleteChannels(session: AuthSession, teamId: string, name: string): Promise<Channel[]> {
    await this.app.authz.requireTeam(session, teamId, 'list_team_channels');
    return this.ctx.store.channels.search({ teamId, term: name, memberUserId: session.userId, includeDeleted: true, limit: AUTOCOMPLETE_LIMIT });
  }

  /** GET /users/{uid}/teams/{tid}/channels: includes the user's DMs and GMs. */
  async getChannelsForTeamForUser(session: AuthSession, userId: string, teamId: string, includeDeleted: boolean): Promise<Channel[]> {
    this.app.authz.requireSelfOr(session, userId);
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    return this.ctx.store.channels.getForUserInTeam(userId, teamId, includeDeleted);
  }

  async getChannelsForUser(session: AuthSession, userId: string, includeDeleted: boolean): Promise<Channel[]> {
    this.app.authz.requireSelfOr(session, userId);
    return this.ctx.store.channels.getAllForUser(userId, includeDeleted);
  }

  async getChannelMembersForTeamForUser(session: AuthSession, userId: string, teamId: string): Promise<ChannelMember[]> {
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    if (session.userId !== userId) await this.app.authz.requireTeam(session, teamId, 'manage_system');
    return this.ctx.store.channels.getMembersForUserInTeam(userId, teamId);
  }

  /** GET /users/{uid}/channel_members: every membership, with the channel's team for the wire. */
  async getChannelMembersForUser(
    session: AuthSession,
    userId: string,
    page: { offset: number; limit: number },
  ): Promise<{ member: ChannelMember; team: Team | undefined }[]> {
    this.app.authz.requireSelfOr(session, userId);
    const members = await this.ctx.store.channels.getMembersForUser(userId, page);
    const channels = new Map((await this.ctx.store.channels.getMany(members.map((m) => m.channel_id))).map((c) => [c.id, c]));
    const teamIds = [...new Set([...channels.values()].map((c) => c.team_id).filter(Boolean))];
    const teams = new Map((await this.ctx.store.teams.getMany(teamIds)).map((t) => [t.id, t]));
    return members.map((member) => ({ member, team: teams.get(channels.get(member.channel_id)?.team_id ?? '') }));
  }

  async getChannelStats(session: AuthSession, channelId: string, excludeFilesCount: boolean): Promise<ChannelStatsResult> {
    await this.app.authz.requireChannel(session, channelId, 'read_channel');
    await this.requireChannelRow(this.ctx.store, channelId);
    const store = this.ctx.store;
    const [members, guests, pinned] = await Promise.all([
      store.channels.countMembers(channelId, { activeUsersOnly: true }),
      store.channels.countGuests(channelId),
      store.posts.countPinned(channelId),
    ]);
    // Files are not stored yet, so there are none; Mattermost answers -1 when the count is skipped.
    return { channelId, members, guests, pinned, files: excludeFilesCount ? -1 : 0 };
  }

  async getChannelMembers(session: AuthSession, channelId: string, page: { offset: number; limit: number }): Promise<ChannelMember[]> {
    await this.app.authz.requireChannel(session, channelId, 'read_channel');
    return this.ctx.store.channels.getMembers(channelId, page);
  }

  async getChannelMember(session: AuthSession, channelId: string, userId: string): Promise<ChannelMember> {
    await this.app.authz.requireChannel(session, channelId, 'read_channel');
    const member = await this.ctx.store.channels.getMember(channelId, userId);
    if (!member) throw memberNotFound();
    return member;
  }

  async getChannelMembersByIds(session: AuthSession, channelId: string, userIds: readonly string[]): Promise<ChannelMember[]> {
    await this.app.authz.requireChannel(session, channelId, 'read_channel');
    return this.ctx.store.channels.getMembersByIds(channelId, userIds);
  }

  /** GET /users/{uid}/channels/{cid}/unread: msg_count is the number of unread messages. */
  async getChannelUnread(session: AuthSession, userId: string, channelId: string): Promise<ChannelUnreadRow> {
    this.app.authz.requireSelfOr(session, userId);
    await this.app.authz.requireChannel(session, channelId, 'read_channel');
    const [channel, member] = await Promise.all([this.ctx.store.channels.get(channelId), this.ctx.store.channels.getMember(channelId, userId)]);
    if (!channel || channel.delete_at > 0 || !member) throw notFound('app.channel.get_unread.app_error', 'Unable to get the channel unread messages.');
    return {
      channel_id: channel.id,
      team_id: channel.team_id,
      total_msg_count: channel.total_msg_count,
      total_msg_count_root: channel.total_msg_count_root,
      msg_count: member.msg_count,
      msg_count_root: member.msg_count_root,
      mention_count: member.mention_count,
      mention_count_root: member.mention_count_root,
      urgent_mention_count: member.urgent_mention_count,
      last_viewed_at: member.last_viewed_at,
      notify_props: member.notify_props,
    };
  }

  // ----- change -----

  private channelUpdated(channel: Channel) {
    return makeEvent('channel_updated', { channel: JSON.stringify(presentChannel(channel)) }, { channelId: channel.id });
  }

  private async saveChannelInTx(tx: Store, emit: Emit, old: Channel, next: Channel): Promise<Channel> {
    validateChannel(next);
    if (next.name !== old.name) {
      const clash = await tx.channels.getByName(next.team_id, next.name, true);
      if (clash && clash.id !== next.id) throw channelExists();
    }
    next.update_at = this.now();
    await tx.channels.update(next);
    emit(this.channelUpdated(next));
    return next;
  }

  /** PUT /channels/{id} */
  async updateChannel(session: AuthSession, channelId: string, update: ChannelUpdate): Promise<Channel> {
    return inTransaction(this.ctx, async (tx, emit) => {
      const old = await this.requireChannelRow(tx, channelId);
      await this.requireManageProperties(session, old, tx);
      if (
        isDirectOrGroup(old) &&
        ((update.name !== '' && update.name !== old.name) || (update.display_name !== '' && update.display_name !== old.display_name) || update.purpose !== old.purpose)
      ) {
        throw badRequest('api.channel.update_channel.update_direct_or_group_messages_not_allowed.app_error', 'You are not allowed to update the name, display_name, and purpose of direct or group messages.');
      }
      if (old.delete_at > 0) throw badRequest('api.channel.update_channel.deleted.app_error', 'The channel has been archived or deleted.');
      if (update.type && update.type !== old.type) throw badRequest('api.channel.update_channel.typechange.app_error', 'Channel type cannot be updated.');
      this.refuseTownSquareRename(old, update.name || undefined);
      const next: Channel = {
        ...old,
        header: update.header,
        purpose: update.purpose,
        display_name: update.display_name ? update.display_name.trim() : old.display_name,
        name: update.name || old.name,
      };
      const saved = await this.saveChannelInTx(tx, emit, old, next);
      await this.postPropertyChanges(tx, emit, session.userId, old, saved, { header: false, purpose: false });
      return saved;
    });
  }

  /** PUT /channels/{id}/patch: each changed display name, header and purpose leaves a system message. */
  async patchChannel(session: AuthSession, channelId: string, patch: ChannelPatch): Promise<Channel> {
    if (patch.display_name === undefined && patch.name === undefined && patch.header === undefined && patch.purpose === undefined) {
      throw badRequest('api.channel.patch_update_channel.no_changes.app_error', 'No changes in the patch.');
    }
    return inTransaction(this.ctx, async (tx, emit) => {
      const old = await this.requireChannelRow(tx, channelId);
      await this.requireManageProperties(session, old, tx);
      if (
        isDirectOrGroup(old) &&
        ((patch.name !== undefined && patch.name !== old.name) ||
          (patch.display_name !== undefined && patch.display_name !== old.display_name) ||
          (patch.purpose !== undefined && patch.purpose !== old.purpose))
      ) {
        throw badRequest('api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error', 'You are not allowed to update the name, display_name, and purpose of direct or group messages.');
      }
      this.refuseTownSquareRename(old, patch.name);
      const next: Channel = { ...old };
      if (patch.display_name !== undefined) next.display_name = patch.display_name.trim();
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.header !== undefined) next.header = patch.header;
      if (patch.purpose !== undefined) next.purpose = patch.purpose;
      const saved = await this.saveChannelInTx(tx, emit, old, next);
      await this.postPropertyChanges(tx, emit, session.userId, old, saved, { header: true, purpose: true });
      return saved;
    });
  }

  private refuseTownSquareRename(old: Channel, name: string | undefined): void {
    if (old.name === TOWN_SQUARE && name !== undefined && name !== old.name) {
      throw badRequest('api.channel.update_channel.tried.app_error', 'Tried to perform an invalid update of the default channel town-square.');
    }
  }

  /** Mattermost's PostUpdateChannel{DisplayName,Header,Purpose}Message, with their texts and props. */
  private async postPropertyChanges(
    tx: Store,
    emit: Emit,
    userId: string,
    old: Channel,
    next: Channel,
    which: { header: boolean; purpose: boolean },
  ): Promise<void> {
    const user = await this.requireUser(tx, userId);
    const u = user.username;
    if (old.display_name !== next.display_name) {
      await this.systemPost(tx, emit, next, userId, 'system_displayname_change', `${u} updated the channel display name from: ${old.display_name} to: ${next.display_name}`, {
        username: u,
        old_displayname: old.display_name,
        new_displayname: next.display_name,
      });
    }
    if (which.header && old.header !== next.header) {
      const message =
        old.header === ''
          ? `${u} updated the channel header to: ${next.header}`
          : next.header === ''
            ? `${u} removed the channel header (was: ${old.header})`
            : `${u} updated the channel header from: ${old.header} to: ${next.header}`;
      await this.systemPost(tx, emit, next, userId, 'system_header_change', message, { username: u, old_header: old.header, new_header: next.header });
    }
    if (which.purpose && old.purpose !== next.purpose) {
      const message =
        old.purpose === ''
          ? `${u} updated the channel purpose to: ${next.purpose}`
          : next.purpose === ''
            ? `${u} removed the channel purpose (was: ${old.purpose})`
            : `${u} updated the channel purpose from: ${old.purpose} to: ${next.purpose}`;
      await this.systemPost(tx, emit, next, userId, 'system_purpose_change', message, { username: u, old_purpose: old.purpose, new_purpose: next.purpose });
    }
  }

  /** PUT /channels/{id}/privacy with "O" or "P". */
  async updateChannelPrivacy(session: AuthSession, channelId: string, privacy: 'O' | 'P'): Promise<Channel> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    await this.app.authz.requireChannel(session, channelId, privacy === 'O' ? 'convert_private_channel_to_public' : 'convert_public_channel_to_private');
    if (channel.type !== 'O' && channel.type !== 'P') throw badRequest('api.channel.update_channel.typechange.app_error', 'Channel type cannot be updated.');
    if (channel.name === TOWN_SQUARE && privacy === 'P') {
      throw badRequest('api.channel.update_channel_privacy.default_channel_error', 'The default channel cannot be made private.');
    }
    if (channel.type === privacy) return channel;
    return inTransaction(this.ctx, async (tx, emit) => {
      const old = await this.requireChannelRow(tx, channelId);
      const next = await this.saveChannelInTx(tx, emit, old, { ...old, type: privacy });
      const user = await this.requireUser(tx, session.userId);
      const message =
        privacy === 'O'
          ? 'This channel has been converted to a Public Channel and can be joined by any team member.'
          : 'This channel has been converted to a Private Channel.';
      await this.systemPost(tx, emit, next, user.id, 'system_change_chan_privacy', message, { username: user.username });
      emit(makeEvent('channel_converted', { channel_id: next.id }, { teamId: next.team_id }));
      return next;
    });
  }

  /** DELETE /channels/{id}: archive. town-square and DMs/GMs cannot be archived. */
  async deleteChannel(session: AuthSession, channelId: string, permanent: boolean): Promise<void> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    if (isDirectOrGroup(channel)) throw badRequest('api.channel.delete_channel.type.invalid', 'Unable to delete direct or group message channels');
    await this.app.authz.requireChannel(session, channelId, channel.type === 'O' ? 'delete_public_channel' : 'delete_private_channel');
    if (permanent) {
      throw new AppError('api.user.delete_channel.not_enabled.app_error', 'Permanent channel deletion feature is not enabled. Please contact your System Administrator.', 401, `channelId=${channelId}`);
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      const current = await this.requireChannelRow(tx, channelId);
      if (current.delete_at > 0) throw badRequest('api.channel.delete_channel.deleted.app_error', 'The channel has been archived or deleted.');
      if (current.name === TOWN_SQUARE) throw badRequest('api.channel.delete_channel.cannot.app_error', 'Unable to delete the default channel town-square.');
      const user = await this.requireUser(tx, session.userId);
      // Written before the archive so it lands while the channel still takes posts.
      await this.systemPost(tx, emit, current, user.id, 'system_channel_deleted', `${user.username} archived the channel.`, { username: user.username });
      const now = this.now();
      await tx.channels.update({ ...current, delete_at: now, update_at: now });
      const audience = current.type === 'O' ? { teamId: current.team_id } : { channelId: current.id };
      emit(makeEvent('channel_deleted', { channel_id: current.id, delete_at: now }, audience));
    });
  }

  /** POST /channels/{id}/restore: team admins (manage_team) only. */
  async restoreChannel(session: AuthSession, channelId: string): Promise<Channel> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    const allowed =
      (channel.team_id !== '' && (await this.app.authz.hasTeam(session, channel.team_id, 'manage_team'))) ||
      this.app.authz.hasSystem(session, 'sysconsole_write_user_management_channels');
    if (!allowed) throw permissionError('manage_team');
    return inTransaction(this.ctx, async (tx, emit) => {
      const current = await this.requireChannelRow(tx, channelId);
      if (current.delete_at === 0) throw badRequest('api.channel.restore_channel.restored.app_error', 'Unable to unarchive channel. The channel is not archived.');
      const restored = { ...current, delete_at: 0, update_at: this.now() };
      await tx.channels.update(restored);
      const audience = restored.type === 'O' ? { teamId: restored.team_id } : { channelId: restored.id };
      emit(makeEvent('channel_restored', { channel_id: restored.id }, audience));
      const user = await this.requireUser(tx, session.userId);
      await this.systemPost(tx, emit, restored, user.id, 'system_channel_restored', `${user.username} unarchived the channel.`, { username: user.username });
      return restored;
    });
  }

  // ----- membership -----

  /**
   * POST /channels/{id}/members. Joining a public channel yourself needs join_public_channels; adding
   * others needs the manage-members permission. Users are added one by one: one failure does not undo
   * the others, and it is reported only when nobody could be added.
   */
  async addChannelMembers(session: AuthSession, channelId: string, userIds: readonly string[]): Promise<ChannelMember[]> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    if (channel.type !== 'O' && channel.type !== 'P') {
      throw badRequest('api.channel.add_user_to_channel.type.app_error', 'Can not add user to this channel type.');
    }
    // Private channels: managing members is required for anyone, yourself included.
    if (channel.type === 'P') await this.app.authz.requireChannel(session, channel.id, 'manage_private_channel_members');
    const canAddSelf = channel.type === 'P' || (await this.app.authz.hasTeam(session, channel.team_id, 'join_public_channels'));
    const canAddOthers = channel.type === 'P' || (await this.app.authz.hasChannel(session, channel.id, 'manage_public_channel_members'));
    const added: ChannelMember[] = [];
    let lastError: AppError | undefined;
    for (const userId of userIds) {
      try {
        const self = userId === session.userId;
        const existing = await this.ctx.store.channels.getMember(channel.id, userId);
        if (existing && self) {
          added.push(existing);
          continue;
        }
        if (self && !canAddSelf) throw permissionError('join_public_channels');
        if (!self && !canAddOthers) throw permissionError('manage_public_channel_members');
        if (existing) {
          added.push(existing);
          continue;
        }
        added.push(await inTransaction(this.ctx, (tx, emit) => this.addMemberInTx(tx, emit, channel, userId, session.userId)));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        lastError = err;
      }
    }
    if (added.length === 0 && lastError) throw lastError;
    return added;
  }

  /** Mattermost's AddChannelMember: the user must be active and on the channel's team. */
  private async addMemberInTx(tx: Store, emit: Emit, channel: Channel, userId: string, actorId: string): Promise<ChannelMember> {
    const user = await this.requireUser(tx, userId);
    if (user.delete_at > 0) throw forbidden('app.channel.add_member.deleted_user.app_error', 'Unable to add a deactivated user to the channel.');
    const teamMember = await tx.teams.getMember(channel.team_id, user.id);
    if (!teamMember) throw notFound('app.team.get_member.missing.app_error', 'No team member found for that user ID and team ID.');
    if (teamMember.delete_at > 0) {
      throw badRequest('api.channel.add_user.to.channel.failed.deleted.app_error', 'Failed to add user to channel because they have been removed from the team.');
    }
    // Locked before looking, so two concurrent adds of the same user cannot both see "not a member".
    await tx.channels.lockChannel(channel.id);
    const existing = await tx.channels.getMember(channel.id, user.id);
    if (existing) return existing;
    const member = await this.saveMemberInTx(tx, emit, channel, user, false);
    if (actorId === user.id) {
      await this.systemPost(tx, emit, channel, user.id, 'system_join_channel', `${user.username} joined the channel.`, { username: user.username });
    } else {
      const actor = await this.requireUser(tx, actorId);
      await this.systemPost(tx, emit, channel, actor.id, 'system_add_to_channel', `${user.username} added to the channel by ${actor.username}.`, {
        userId: actor.id,
        username: actor.username,
        addedUserId: user.id,
        addedUsername: user.username,
      });
    }
    return member;
  }

  /** DELETE /channels/{id}/members/{uid}: leave (self) or remove (others). */
  async removeChannelMember(session: AuthSession, channelId: string, userId: string): Promise<void> {
    const channel = await this.requireChannelRow(this.ctx.store, channelId);
    const user = await this.requireUser(this.ctx.store, userId);
    if (channel.type !== 'O' && channel.type !== 'P') {
      throw badRequest('api.channel.remove_channel_member.type.app_error', 'Unable to remove user from a channel.');
    }
    const self = session.userId === userId;
    if (!self) {
      await this.app.authz.requireChannel(session, channelId, channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members');
    }
    if (channel.name === TOWN_SQUARE && !isGuest(user)) {
      throw badRequest('api.channel.remove.default.app_error', 'Unable to remove user from the default channel town-square.');
    }
    await inTransaction(this.ctx, async (tx, emit) => {
      if (!(await tx.channels.getMember(channelId, userId))) throw memberNotFound();
      await tx.channels.removeMember(channelId, userId);
      // Threads of a channel one has left are no longer followed (Mattermost's DeleteMembershipsForChannel).
      await tx.threads.removeMembershipsForChannel(userId, channelId);
      emit(makeEvent('user_removed', { user_id: userId, remover_id: session.userId }, { channelId }));
      // The removed user is no longer in the channel audience, so they are told directly.
      emit(makeEvent('user_removed', { channel_id: channelId, remover_id: session.userId }, { userId }));
      if (self) {
        // "@username" so mention highlighting still treats it as a user after they left.
        await this.systemPost(tx, emit, channel, user.id, 'system_leave_channel', `@${user.username} left the channel.`, { username: user.username });
      } else {
        await this.systemPost(tx, emit, channel, session.userId, 'system_remove_from_channel', `@${user.username} removed from the channel.`, {
          removedUserId: user.id,
          removedUsername: user.username,
        });
      }
    });
  }

  /** PUT /channels/{cid}/members/{uid}/notify_props: merges the known keys, validated. */
  async updateChannelNotifyProps(session: AuthSession, channelId: string, userId: string, props: Record<string, string>): Promise<ChannelMember> {
    this.app.authz.requireSelfOr(session, userId);
    const filtered = filterNotifyProps(props);
    return inTransaction(this.ctx, async (tx, emit) => {
      const member = await tx.channels.getMember(channelId, userId);
      if (!member) throw memberNotFound();
      const notify: StringMap = { ...member.notify_props, ...filtered };
      const saved = await tx.channels.updateMember({ ...member, notify_props: notify, last_update_at: this.now() });
      emit(this.memberUpdated(saved));
      return saved;
    });
  }

  /** PUT /channels/{cid}/members/{uid}/schemeRoles */
  async updateChannelMemberSchemeRoles(
    session: AuthSession,
    channelId: string,
    userId: string,
    roles: { scheme_admin: boolean; scheme_user: boolean; scheme_guest: boolean },
  ): Promise<ChannelMember> {
    await this.app.authz.requireChannel(session, channelId, 'manage_channel_roles');
    return inTransaction(this.ctx, async (tx, emit) => {
      const member = await tx.channels.getMember(channelId, userId);
      if (!member) throw memberNotFound();
      if (member.scheme_guest) {
        throw badRequest('api.channel.update_channel_member_roles.guest.app_error', 'Invalid channel member update: A guest cannot be made team member or team admin, please promote as a user first.');
      }
      if (roles.scheme_guest) {
        throw badRequest('api.channel.update_channel_member_roles.user_and_guest.app_error', 'Invalid channel member update: A guest cannot be set for a single channel, a System Admin must promote or demote users to/from guests.');
      }
      if (!roles.scheme_user) {
        throw badRequest('api.channel.update_channel_member_roles.unset_user_scheme.app_error', 'Invalid channel member update: A channel member always has a user scheme.');
      }
      const saved = await tx.channels.updateMember({ ...member, scheme_admin: roles.scheme_admin, scheme_user: true, scheme_guest: false, last_update_at: this.now() });
      emit(this.memberUpdated(saved));
      return saved;
    });
  }

  private memberUpdated(m: ChannelMember) {
    return makeEvent('channel_member_updated', { channelMember: JSON.stringify(presentChannelMember(m, m.user_id)) }, { userId: m.user_id });
  }

  /** POST /channels/members/{uid}/view: marks the channel (and the one left) read. */
  async viewChannel(
    session: AuthSession,
    userId: string,
    view: { channelId: string; prevChannelId: string; collapsedThreadsSupported?: boolean },
  ): Promise<Record<string, number>> {
    this.app.authz.requireSelfOr(session, userId);
    return this.markViewed(userId, [view.channelId, view.prevChannelId].filter(Boolean), view.collapsedThreadsSupported ?? false);
  }

  /** POST /channels/members/{uid}/mark_read */
  async readMultipleChannels(session: AuthSession, userId: string, channelIds: readonly string[]): Promise<Record<string, number>> {
    this.app.authz.requireSelfOr(session, userId);
    return this.markViewed(userId, channelIds, true);
  }

  /** PUT /users/{uid}/teams/{tid}/read: every channel of the team the user is in (DMs and GMs are not the team's). */
  async markAllInTeamAsRead(session: AuthSession, userId: string, teamId: string): Promise<Record<string, number>> {
    this.app.authz.requireSelfOr(session, userId);
    await this.app.authz.requireTeam(session, teamId, 'view_team');
    const channels = await this.ctx.store.channels.getForUserInTeam(userId, teamId, false);
    return this.markViewed(userId, channels.filter((c) => c.team_id === teamId).map((c) => c.id), true);
  }

  /** Channels the user does not belong to are left alone and absent from the answer. */
  async markViewed(userId: string, channelIds: readonly string[], collapsedThreadsSupported: boolean): Promise<Record<string, number>> {
    if (channelIds.length === 0) return {};
    return inTransaction(this.ctx, (tx, emit) => this.markViewedInTx(tx, emit, userId, channelIds, this.now(), { collapsedThreadsSupported }));
  }

  /**
   * Mattermost's MarkChannelsAsViewed inside the caller's transaction. Someone who does not see collapsed
   * threads (their setting, or a client without them) reads the channels' threads along with the channels,
   * so that turning collapsed threads on later does not greet them with every old reply unread.
   */
  async markViewedInTx(
    tx: Store,
    emit: Emit,
    userId: string,
    channelIds: readonly string[],
    now: number,
    opts: { event?: boolean; collapsedThreadsSupported?: boolean } = {},
  ): Promise<Record<string, number>> {
    const times = await tx.channels.markViewed(userId, channelIds, now);
    const viewed = Object.keys(times);
    if (viewed.length === 0) return times;
    if (opts.event !== false) emit(makeEvent('multiple_channels_viewed', { channel_times: times }, { userId }));
    const crtOn = await this.app.notifications.isCollapsedThreadsOn(userId, tx);
    if (!(opts.collapsedThreadsSupported ?? true) || !crtOn) {
      await tx.threads.markAllReadInChannels(userId, viewed, now);
      if (crtOn) for (const channelId of viewed) emit(makeEvent('thread_read_changed', { timestamp: now }, { userId, channelId }));
    }
    return times;
  }
}
