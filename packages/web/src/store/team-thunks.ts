// Teams and channels the user creates, joins or opens.
import type { Team } from '@mattermost/types/teams';
import type { Channel } from './channels-slice';
import type { AppThunk } from './store';
import { myTeamsReceived } from './teams-slice';
import { fetchChannel, forgetChannel, selectChannel, selectTeam } from './navigation-actions';
import { selectMyId } from './selectors';
import { usersReceived } from './users-slice';
import { toastShown } from './ui-slice';
import { errorToast } from './errors';
import type { UserProfile } from '@mattermost/types/users';
import type { Services } from '../api/services';
import type { ChannelNotifyProps } from '@mattermost/types/channels';
import { membersReceived } from './channels-slice';

export const createTeam =
  (fields: { displayName: string; name: string; open: boolean }): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const team = await client.createTeam({
      display_name: fields.displayName,
      name: fields.name,
      type: fields.open ? 'O' : 'I',
      allow_open_invite: fields.open,
    } as Team);
    dispatch(myTeamsReceived([team]));
    await dispatch(selectTeam(team.id));
  };

/** Teams the user could join (open teams they are not in). */
export const listJoinableTeams = (): AppThunk<Promise<Team[]>> => async (_dispatch, getState, { client }) => {
  const mine = new Set(getState().teams.mine);
  try {
    const teams = await client.getTeams(0, 200);
    const list = Array.isArray(teams) ? teams : teams.teams;
    return list.filter((t) => !mine.has(t.id) && t.delete_at === 0 && t.allow_open_invite);
  } catch {
    return [];
  }
};

export const joinTeam =
  (teamId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    await client.addToTeam(teamId, selectMyId(getState()));
    dispatch(myTeamsReceived([await client.getTeam(teamId)]));
    await dispatch(selectTeam(teamId));
  };

export const createChannel =
  (fields: { displayName: string; name: string; purpose: string; private: boolean }): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const teamId = getState().teams.currentId;
    if (!teamId) return;
    const channel = await client.createChannel({
      team_id: teamId,
      display_name: fields.displayName,
      name: fields.name,
      purpose: fields.purpose,
      type: fields.private ? 'P' : 'O',
    });
    await dispatch(fetchChannel(channel.id));
    await dispatch(selectChannel(channel.id));
  };

/** Public channels of the current team the user has not joined. */
export const listBrowsableChannels = (): AppThunk<Promise<Channel[]>> => async (_dispatch, getState, { client }) => {
  const state = getState();
  const teamId = state.teams.currentId;
  if (!teamId) return [];
  const channels = await client.getChannels(teamId, 0, 200);
  return channels.filter((c) => !state.channels.members[c.id] && c.delete_at === 0).sort((a, b) => a.display_name.localeCompare(b.display_name));
};

export const joinChannel =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    await client.addToChannel(selectMyId(getState()), channelId);
    await dispatch(fetchChannel(channelId));
    await dispatch(selectChannel(channelId));
  };

export const searchUsers =
  (term: string): AppThunk<Promise<UserProfile[]>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const result = await client.autocompleteUsers(term.trim().replace(/^@/, ''), state.teams.currentId ?? '', '', { limit: 20 });
    const users = result.users.filter((u) => u.id !== selectMyId(state) && u.delete_at === 0);
    dispatch(usersReceived(users));
    return users;
  };

/** Mattermost's limit: a group message has at most 8 members, the creator included. */
export const MAX_GROUP_OTHERS = 7;

/**
 * A conversation with the chosen people: a direct message with one, a group message with 2 to 7 (the
 * server finds the existing one for the same people rather than making a second).
 */
export const openConversation =
  (userIds: readonly string[]): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const me = selectMyId(getState());
    const others = [...new Set(userIds)].filter((id) => id !== me);
    if (others.length === 0 || others.length > MAX_GROUP_OTHERS) return;
    const channel = others.length === 1 ? await client.createDirectChannel([me, others[0]!]) : await client.createGroupChannel([me, ...others]);
    if (!getState().channels.members[channel.id]) await dispatch(fetchChannel(channel.id));
    await dispatch(selectChannel(channel.id));
  };

/** Leaves a channel (the server refuses town-square) and goes to town-square. */
export const leaveChannel =
  (channelId: string): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, { client }) => {
    try {
      await client.removeFromChannel(selectMyId(getState()), channelId);
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
      return false;
    }
    dispatch(forgetChannel(channelId));
    return true;
  };

// Channels this client is archiving right now, per client: their channel_deleted event needs no notice.
const archiving = new WeakMap<Services, Set<string>>();

export function isArchivingHere(services: Services, channelId: string): boolean {
  return archiving.get(services)?.has(channelId) ?? false;
}

/** Archives a channel; whether the user may is the server's call (a 403 shows as a toast). */
export const archiveChannel =
  (channelId: string): AppThunk<Promise<boolean>> =>
  async (dispatch, _getState, services) => {
    const mine = archiving.get(services) ?? new Set<string>();
    archiving.set(services, mine);
    mine.add(channelId);
    try {
      await services.client.deleteChannel(channelId);
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
      return false;
    } finally {
      mine.delete(channelId);
    }
    dispatch(forgetChannel(channelId));
    return true;
  };

/** The user's own settings for a channel (mute, desktop notifications), shown at once. */
export const updateChannelNotifyProps =
  (channelId: string, props: Partial<ChannelNotifyProps>): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const member = state.channels.members[channelId];
    if (!member) return;
    const before = member.notify_props;
    dispatch(membersReceived([{ ...member, notify_props: { ...before, ...props } }]));
    try {
      await client.updateChannelNotifyProps({ channel_id: channelId, user_id: selectMyId(state), ...props });
    } catch (err) {
      dispatch(membersReceived([{ ...member, notify_props: before }]));
      dispatch(toastShown(errorToast(err)));
    }
  };

/** Members of a channel (the first 200, enough for the members list), newest profiles into the store. */
export const listChannelMembers =
  (channelId: string): AppThunk<Promise<UserProfile[]>> =>
  async (dispatch, _getState, { client }) => {
    const users = await client.getProfilesInChannel(channelId, 0, 200);
    dispatch(usersReceived(users));
    return users.filter((u) => u.delete_at === 0);
  };

/** Public channels of the current team whose name matches, for the channel switcher. */
export const findPublicChannels =
  (term: string): AppThunk<Promise<Channel[]>> =>
  async (_dispatch, getState, { client }) => {
    const teamId = getState().teams.currentId;
    if (!teamId) return [];
    const found = (await client.autocompleteChannels(teamId, term)) as Channel[];
    return found.filter((c) => c.type === 'O' && c.delete_at === 0);
  };
