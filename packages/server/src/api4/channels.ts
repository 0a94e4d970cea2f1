// /channels and the channel parts of /teams/{id} and /users/{id}: channels, DMs/GMs, memberships,
// archive/restore, read state.
import { Type, type TSchema } from 'typebox';
import type { App } from '../app/app.js';
import { isValidTeamName } from '../app/teams.js';
import { invalidBodyParam, invalidUrlParam } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import {
  presentChannel,
  presentChannelMember,
  presentChannelMemberWithTeam,
  presentChannelStats,
  presentChannelUnread,
} from '../presenters/channel.js';
import { requireSession } from './auth.js';
import { boolParam, idParam, paging, userIdParam, type Query } from './params.js';
import { STATUS_OK, type Router } from './router.js';

/** Optional, and null accepted as absent: clients echo Go's null fields back. */
const Opt = <T extends TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
const Str = (max = 8192) => Type.String({ maxLength: max });

const CreateChannelBody = Type.Object({
  team_id: Opt(Str(64)),
  name: Opt(Str()),
  display_name: Opt(Str()),
  type: Opt(Str(8)),
  purpose: Opt(Str()),
  header: Opt(Str()),
});
const PatchChannelBody = Type.Object({
  name: Opt(Str()),
  display_name: Opt(Str()),
  purpose: Opt(Str()),
  header: Opt(Str()),
});
const UpdateChannelBody = Type.Intersect([PatchChannelBody, Type.Object({ id: Str(64), type: Opt(Str(8)) })]);
const IdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });
const AddMemberBody = Type.Object({
  user_id: Opt(Str(64)),
  user_ids: Opt(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 })),
  post_root_id: Opt(Str(64)),
});
const SchemeRolesBody = Type.Object({ scheme_admin: Opt(Type.Boolean()), scheme_user: Opt(Type.Boolean()), scheme_guest: Opt(Type.Boolean()) });
const ViewBody = Type.Object({ channel_id: Opt(Str(64)), prev_channel_id: Opt(Str(64)), collapsed_threads_supported: Opt(Type.Boolean()) });

type P = { channel_id: string; team_id: string; user_id: string; channel_name: string; team_name: string };

const channelIdOf = (params: unknown) => idParam((params as P).channel_id, 'channel_id');
const teamIdOf = (params: unknown) => idParam((params as P).team_id, 'team_id');
const nn = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

const CHANNEL_NAME_RE = /^[a-z0-9]+([a-z\-_0-9]+|(__)?)[a-z0-9]*$/;
function channelNameParam(value: string | undefined): string {
  if (!value || value.length > 64 || !CHANNEL_NAME_RE.test(value)) throw invalidUrlParam('channel_name');
  return value;
}

function bodyIds(ids: readonly string[], listName: string, itemName: string): string[] {
  if (ids.length === 0) throw invalidBodyParam(listName);
  for (const id of ids) if (!isValidId(id)) throw invalidBodyParam(itemName);
  return [...new Set(ids)];
}

export function registerChannelRoutes(r: Router, app: App): void {
  r.post('/api/v4/channels', { schema: { body: CreateChannelBody } }, async (req, reply) => {
    const b = req.body;
    if (!b.team_id) throw invalidBodyParam('team_id');
    if (!b.display_name) throw invalidBodyParam('display_name');
    const channel = await app.channels.createChannel(requireSession(req), {
      team_id: b.team_id,
      name: b.name ?? '',
      display_name: b.display_name,
      type: b.type ?? '',
      purpose: nn(b.purpose),
      header: nn(b.header),
    });
    reply.code(201);
    return presentChannel(channel);
  });

  r.post('/api/v4/channels/direct', { schema: { body: Type.Array(Str(64), { maxItems: 100 }) } }, async (req, reply) => {
    for (const id of req.body) if (!isValidId(id)) throw invalidBodyParam('user_id');
    const channel = await app.channels.createDirectChannel(requireSession(req), req.body);
    reply.code(201);
    return presentChannel(channel);
  });

  r.post('/api/v4/channels/group', { schema: { body: Type.Array(Str(64), { maxItems: 100 }) } }, async (req, reply) => {
    const channel = await app.channels.createGroupChannel(requireSession(req), bodyIds(req.body, 'user_ids', 'user_id'));
    reply.code(201);
    return presentChannel(channel);
  });

  r.get('/api/v4/channels/:channel_id', async (req) => presentChannel(await app.channels.getChannel(requireSession(req), channelIdOf(req.params))));

  r.put('/api/v4/channels/:channel_id', { schema: { body: UpdateChannelBody } }, async (req) => {
    const channelId = channelIdOf(req.params);
    const b = req.body;
    if (b.id !== channelId) throw invalidBodyParam('channel_id');
    const channel = await app.channels.updateChannel(requireSession(req), channelId, {
      display_name: b.display_name ?? '',
      name: b.name ?? '',
      header: b.header ?? '',
      purpose: b.purpose ?? '',
      type: nn(b.type),
    });
    return presentChannel(channel);
  });

  r.put('/api/v4/channels/:channel_id/patch', { schema: { body: PatchChannelBody } }, async (req) => {
    const b = req.body;
    const channel = await app.channels.patchChannel(requireSession(req), channelIdOf(req.params), {
      display_name: nn(b.display_name),
      name: nn(b.name),
      header: nn(b.header),
      purpose: nn(b.purpose),
    });
    return presentChannel(channel);
  });

  r.put('/api/v4/channels/:channel_id/privacy', { schema: { body: Type.Object({ privacy: Opt(Str(8)) }) } }, async (req) => {
    const privacy = req.body.privacy;
    if (privacy !== 'O' && privacy !== 'P') throw invalidBodyParam('privacy');
    return presentChannel(await app.channels.updateChannelPrivacy(requireSession(req), channelIdOf(req.params), privacy));
  });

  r.delete('/api/v4/channels/:channel_id', async (req) => {
    await app.channels.deleteChannel(requireSession(req), channelIdOf(req.params), boolParam((req.query as Query).permanent));
    return STATUS_OK;
  });

  r.post('/api/v4/channels/:channel_id/restore', async (req) =>
    presentChannel(await app.channels.restoreChannel(requireSession(req), channelIdOf(req.params))),
  );

  r.get('/api/v4/channels/:channel_id/stats', async (req) => {
    const exclude = boolParam((req.query as Query).exclude_files_count);
    return presentChannelStats(await app.channels.getChannelStats(requireSession(req), channelIdOf(req.params), exclude));
  });

  // A team's channels

  r.get('/api/v4/teams/:team_id/channels', async (req) => {
    const channels = await app.channels.getPublicChannelsForTeam(requireSession(req), teamIdOf(req.params), paging(req.query as Query));
    return channels.map(presentChannel);
  });

  r.get('/api/v4/teams/:team_id/channels/deleted', async (req) => {
    const channels = await app.channels.getDeletedChannelsForTeam(requireSession(req), teamIdOf(req.params), paging(req.query as Query));
    return channels.map(presentChannel);
  });

  r.post('/api/v4/teams/:team_id/channels/ids', { schema: { body: IdList } }, async (req) => {
    const ids = bodyIds(req.body, 'channel_ids', 'channel_id');
    return (await app.channels.getPublicChannelsByIds(requireSession(req), teamIdOf(req.params), ids)).map(presentChannel);
  });

  r.post('/api/v4/channels/group/search', { schema: { body: Type.Object({ term: Str(1024) }) } }, async (req) => {
    return (await app.channels.searchGroupChannels(requireSession(req), req.body.term)).map(presentChannel);
  });

  r.post('/api/v4/teams/:team_id/channels/search', { schema: { body: Type.Object({ term: Opt(Str(1024)) }) } }, async (req) => {
    return (await app.channels.searchChannels(requireSession(req), teamIdOf(req.params), req.body.term ?? '')).map(presentChannel);
  });

  r.get('/api/v4/teams/:team_id/channels/autocomplete', async (req) => {
    const name = (req.query as Query).name ?? '';
    return (await app.channels.autocompleteChannels(requireSession(req), teamIdOf(req.params), name)).map(presentChannel);
  });

  r.get('/api/v4/teams/:team_id/channels/name/:channel_name', async (req) => {
    const p = req.params as P;
    const includeDeleted = boolParam((req.query as Query).include_deleted);
    return presentChannel(await app.channels.getChannelByName(requireSession(req), teamIdOf(p), channelNameParam(p.channel_name), includeDeleted));
  });

  r.get('/api/v4/teams/name/:team_name/channels/name/:channel_name', async (req) => {
    const p = req.params as P;
    if (!p.team_name || !isValidTeamName(p.team_name)) throw invalidUrlParam('team_name');
    const includeDeleted = boolParam((req.query as Query).include_deleted);
    const channel = await app.channels.getChannelByNameForTeamName(requireSession(req), p.team_name, channelNameParam(p.channel_name), includeDeleted);
    return presentChannel(channel);
  });

  // A user's channels and memberships

  r.get('/api/v4/users/:user_id/teams/:team_id/channels', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    const includeDeleted = boolParam((req.query as Query).include_deleted);
    return (await app.channels.getChannelsForTeamForUser(s, userIdParam(p.user_id, s), teamIdOf(p), includeDeleted)).map(presentChannel);
  });

  r.get('/api/v4/users/:user_id/channels', async (req) => {
    const s = requireSession(req);
    const includeDeleted = boolParam((req.query as Query).include_deleted);
    return (await app.channels.getChannelsForUser(s, userIdParam((req.params as P).user_id, s), includeDeleted)).map(presentChannel);
  });

  r.get('/api/v4/users/:user_id/teams/:team_id/channels/members', async (req) => {
    const s = requireSession(req);
    const p = req.params as P;
    const members = await app.channels.getChannelMembersForTeamForUser(s, userIdParam(p.user_id, s), teamIdOf(p));
    const names = await app.schemes.channelRoleNamesMany(members.map((m) => m.channel_id));
    return members.map((m) => presentChannelMember(m, s.userId, names.get(m.channel_id)));
  });

  r.get('/api/v4/users/:user_id/channel_members', async (req) => {
    const s = requireSession(req);
    const rows = await app.channels.getChannelMembersForUser(s, userIdParam((req.params as P).user_id, s), paging(req.query as Query));
    const names = await app.schemes.channelRoleNamesMany(rows.map((x) => x.member.channel_id));
    return rows.map((x) => presentChannelMemberWithTeam(x.member, s.userId, x.team, names.get(x.member.channel_id)));
  });

  r.get('/api/v4/users/:user_id/channels/:channel_id/unread', async (req) => {
    const s = requireSession(req);
    const userId = userIdParam((req.params as P).user_id, s);
    return presentChannelUnread(userId, await app.channels.getChannelUnread(s, userId, channelIdOf(req.params)));
  });

  // Members

  r.get('/api/v4/channels/:channel_id/members', async (req) => {
    const s = requireSession(req);
    const channelId = channelIdOf(req.params);
    const members = await app.channels.getChannelMembers(s, channelId, paging(req.query as Query));
    const names = await app.schemes.channelRoleNames(channelId);
    return members.map((m) => presentChannelMember(m, s.userId, names));
  });

  r.get('/api/v4/channels/:channel_id/members/:user_id', async (req) => {
    const s = requireSession(req);
    const channelId = channelIdOf(req.params);
    const member = await app.channels.getChannelMember(s, channelId, userIdParam((req.params as P).user_id, s));
    return presentChannelMember(member, s.userId, await app.schemes.channelRoleNames(channelId));
  });

  r.post('/api/v4/channels/:channel_id/members/ids', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    const channelId = channelIdOf(req.params);
    const members = await app.channels.getChannelMembersByIds(s, channelId, bodyIds(req.body, 'user_ids', 'user_id'));
    const names = await app.schemes.channelRoleNames(channelId);
    return members.map((m) => presentChannelMember(m, s.userId, names));
  });

  r.post('/api/v4/channels/:channel_id/members', { schema: { body: AddMemberBody } }, async (req, reply) => {
    const s = requireSession(req);
    const b = req.body;
    let userIds: string[];
    if (b.user_ids) {
      for (const id of b.user_ids) if (!isValidId(id)) throw invalidBodyParam('user_id in user_ids');
      userIds = b.user_ids;
    } else {
      if (!isValidId(b.user_id)) throw invalidBodyParam('user_id or user_ids');
      userIds = [b.user_id];
    }
    if (b.post_root_id && !isValidId(b.post_root_id)) throw invalidBodyParam('post_root_id');
    const members = await app.channels.addChannelMembers(s, channelIdOf(req.params), userIds);
    reply.code(201);
    // A single user_id gets a single member back; user_ids an array.
    if (!b.user_ids && members.length === 1 && members[0]!.user_id === b.user_id) return presentChannelMember(members[0]!, s.userId);
    return members.map((m) => presentChannelMember(m, s.userId));
  });

  r.delete('/api/v4/channels/:channel_id/members/:user_id', async (req) => {
    const s = requireSession(req);
    await app.channels.removeChannelMember(s, channelIdOf(req.params), userIdParam((req.params as P).user_id, s));
    return STATUS_OK;
  });

  r.put('/api/v4/channels/:channel_id/members/:user_id/notify_props', { schema: { body: Type.Record(Type.String(), Type.Unknown()) } }, async (req) => {
    const s = requireSession(req);
    // Mattermost reads this body as string → string; other values are not settings.
    const props = Object.fromEntries(Object.entries(req.body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    await app.channels.updateChannelNotifyProps(s, channelIdOf(req.params), userIdParam((req.params as P).user_id, s), props);
    return STATUS_OK;
  });

  r.put('/api/v4/channels/:channel_id/members/:user_id/schemeRoles', { schema: { body: SchemeRolesBody } }, async (req) => {
    const s = requireSession(req);
    const b = req.body;
    await app.channels.updateChannelMemberSchemeRoles(s, channelIdOf(req.params), userIdParam((req.params as P).user_id, s), {
      scheme_admin: b.scheme_admin ?? false,
      scheme_user: b.scheme_user ?? false,
      scheme_guest: b.scheme_guest ?? false,
    });
    return STATUS_OK;
  });

  // Read state

  r.post('/api/v4/channels/members/:user_id/view', { schema: { body: ViewBody } }, async (req) => {
    const s = requireSession(req);
    const channelId = req.body.channel_id ?? '';
    const prevChannelId = req.body.prev_channel_id ?? '';
    // Blank ids are allowed: they mean focus was lost, or there was no previous channel.
    if (channelId && !isValidId(channelId)) throw invalidBodyParam('channel_view.channel_id');
    if (prevChannelId && !isValidId(prevChannelId)) throw invalidBodyParam('channel_view.prev_channel_id');
    const times = await app.channels.viewChannel(s, userIdParam((req.params as P).user_id, s), {
      channelId,
      prevChannelId,
      collapsedThreadsSupported: req.body.collapsed_threads_supported === true,
    });
    return { status: 'OK', last_viewed_at_times: times };
  });

  r.post('/api/v4/channels/members/:user_id/mark_read', { schema: { body: IdList } }, async (req) => {
    const s = requireSession(req);
    const ids = bodyIds(req.body, 'channel_ids', 'channel_id');
    const times = await app.channels.readMultipleChannels(s, userIdParam((req.params as P).user_id, s), ids);
    return { status: 'OK', last_viewed_at_times: times };
  });

  // markAllInTeamAsRead
  r.put('/api/v4/users/:user_id/teams/:team_id/read', async (req) => {
    const s = requireSession(req);
    const times = await app.channels.markAllInTeamAsRead(s, userIdParam((req.params as P).user_id, s), teamIdOf(req.params));
    return { status: 'OK', last_viewed_at_times: times };
  });
}
