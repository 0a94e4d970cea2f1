// Applies Mattermost WebSocket events to the store. Payloads are read defensively: a malformed or unknown
// event is ignored rather than breaking the session. ⚠ fields (post, reaction, channel …) are JSON strings.
import type { ChannelMembership } from '@mattermost/types/channels';
import type { Reaction as WireReaction } from '@mattermost/types/reactions';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { AppThunk } from './store';
import { postDeleted, postEdited, postReceived, reactionAdded, reactionRemoved } from './post-actions';
import { channelsReceived, memberCountChanged, memberUnreadSet, membersReceived, channelViewed, type Channel } from './channels-slice';
import { teamActivity, teamLeft, teamUpdated } from './teams-slice';
import { clientConfigFields, configLoaded, connectionIdReceived, meUpdated, mfaSetupRequired, mustSetUpMfa, socketStateChanged } from './session-slice';
import { draftChanged } from './drafts-slice';
import { statusesReceived, usersReceived } from './users-slice';
import { TYPING_TIMEOUT_MS, typingExpired, typingStarted } from './typing-slice';
import { ensureProfiles } from './profiles';
import { fetchChannel, fetchMyTeam, forgetChannel, markChannelViewed, selectTeam } from './navigation-actions';
import { isArchivingHere } from './team-thunks';
import { channelTitle } from './selectors';
import { countsAsMessage, toPost, toReaction, type IncomingPost } from './model';
import { statusKnown } from './presence';
import { preferencesDeleted, preferencesReceived, type Preference } from './preferences-slice';
import { postsUpserted } from './posts-slice';
import { allThreadsRead, threadReadChanged, threadUnfollowed, threadUpdated } from './threads-slice';
import { loadThreads, markThreadRead, toFollowedThread, type WireThread } from './thread-actions';
import { notifyForPost } from './desktop-notifications';
import { ephemeralPostReceived, openDialogReceived } from './interactive-actions';

export interface SocketMessage {
  event: string;
  data: unknown;
  broadcast?: { channel_id?: string; user_id?: string; team_id?: string } | null;
}

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

function text(data: unknown, key: string): string {
  const v = field(data, key);
  return typeof v === 'string' ? v : '';
}

function num(data: unknown, key: string): number {
  const v = field(data, key);
  return typeof v === 'number' ? v : 0;
}

/** A ⚠ field: JSON inside a string (or, leniently, an object already). */
function decoded<T>(data: unknown, key: string): T | null {
  const v = field(data, key);
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return null;
    }
  }
  return typeof v === 'object' && v !== null ? (v as T) : null;
}

function hasId(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}

/** Thread events name a team; DM and GM threads (team '') show in every team's list. */
function forCurrentTeam(msg: SocketMessage, currentTeamId: string | null): boolean {
  const teamId = msg.broadcast?.team_id ?? '';
  return teamId === '' || teamId === currentTeamId;
}

export const handleSocketEvent =
  (msg: SocketMessage): AppThunk =>
  (dispatch, getState, services) => {
    const state = getState();
    const myId = state.session.me?.id ?? '';
    const channelId = msg.broadcast?.channel_id ?? '';
    const data = msg.data;

    switch (msg.event) {
      case 'hello':
        dispatch(socketStateChanged('connected'));
        if (text(data, 'connection_id')) dispatch(connectionIdReceived(text(data, 'connection_id')));
        return;

      case 'draft_created':
      case 'draft_updated':
      case 'draft_deleted': {
        const draft = decoded<{ channel_id?: string; root_id?: string; message?: string }>(data, 'draft');
        if (!draft || typeof draft.channel_id !== 'string') return;
        // Typed on another device (the server leaves out the connection that wrote it).
        dispatch(draftChanged({ channelId: draft.channel_id, rootId: draft.root_id ?? '', message: msg.event === 'draft_deleted' ? '' : (draft.message ?? '') }));
        return;
      }

      case 'posted': {
        const wire = decoded<IncomingPost>(data, 'post');
        if (!hasId(wire) || !wire) return;
        const post = toPost(wire);
        const mentions = decoded<string[]>(data, 'mentions') ?? [];
        const known = state.channels.byId[post.channel_id];
        const viewing = state.channels.currentId === post.channel_id && services.isVisible();
        const mine = post.user_id === myId;
        const read = mine || viewing;
        const isNew = !state.posts.byId[post.id];
        dispatch(postReceived({ post, isNew, read, mentioned: mentions.includes(myId) }));
        const profile = dispatch(ensureProfiles([post.user_id]));
        if (viewing && !mine) dispatch(markChannelViewed(post.channel_id, 500));
        // A reply arriving in the thread open beside the channel is read as it arrives.
        if (post.root_id && !mine && state.ui.threadRootId === post.root_id && services.isVisible()) dispatch(markThreadRead(post.root_id));
        if (isNew && !mine) {
          const event = {
            mentioned: mentions.includes(myId),
            follower: (decoded<string[]>(data, 'followers') ?? []).includes(myId),
            channel: { type: text(data, 'channel_type'), displayName: text(data, 'channel_display_name'), teamId: text(data, 'team_id') },
            senderName: text(data, 'sender_name'),
          };
          // The sender's name is in the notification: wait for their profile when it is new to us.
          void profile.then(() => dispatch(notifyForPost(post, event)));
        }
        if (!known) {
          const teamId = text(data, 'team_id');
          if (teamId && teamId !== state.teams.currentId) {
            // Join and leave messages do not make a channel unread, so they do not light up the team either.
            if (!mine && countsAsMessage(post)) dispatch(teamActivity({ teamId, mention: mentions.includes(myId) }));
          } else {
            // A conversation someone else just started with us, or a channel we were added to.
            void dispatch(fetchChannel(post.channel_id));
          }
        }
        return;
      }

      case 'post_edited': {
        const wire = decoded<IncomingPost>(data, 'post');
        if (hasId(wire) && wire) dispatch(postEdited(toPost(wire)));
        return;
      }

      case 'ephemeral_message': {
        const wire = decoded<IncomingPost>(data, 'post');
        if (hasId(wire) && wire) dispatch(ephemeralPostReceived(wire));
        return;
      }

      case 'open_dialog':
        dispatch(openDialogReceived(field(data, 'dialog')));
        return;

      case 'post_deleted': {
        const wire = decoded<IncomingPost>(data, 'post');
        if (hasId(wire) && wire) dispatch(postDeleted(toPost(wire)));
        return;
      }

      case 'reaction_added':
      case 'reaction_removed': {
        const r = decoded<WireReaction>(data, 'reaction');
        if (!r || typeof r.post_id !== 'string') return;
        dispatch(msg.event === 'reaction_added' ? reactionAdded(toReaction(r)) : reactionRemoved(toReaction(r)));
        void dispatch(ensureProfiles([r.user_id]));
        return;
      }

      case 'typing': {
        const userId = text(data, 'user_id');
        if (!userId || !channelId || userId === myId) return;
        const parentId = text(data, 'parent_id');
        const at = services.now();
        dispatch(typingStarted({ channelId, parentId, userId, at }));
        void dispatch(ensureProfiles([userId]));
        services.setTimer(() => dispatch(typingExpired({ channelId, parentId, userId, at })), TYPING_TIMEOUT_MS);
        return;
      }

      case 'channel_updated': {
        const channel = decoded<Channel>(data, 'channel');
        if (hasId(channel) && channel && state.channels.byId[channel.id]) dispatch(channelsReceived([channel]));
        return;
      }

      case 'channel_created':
      case 'direct_added':
      case 'group_added': {
        const id = text(data, 'channel_id') || channelId;
        if (id && !state.channels.byId[id]) void dispatch(fetchChannel(id));
        return;
      }

      case 'channel_deleted': {
        const id = text(data, 'channel_id') || channelId;
        const channel = state.channels.byId[id];
        if (!channel) return;
        // Archived channels leave the sidebar (Parley has no "show archived channels" view). Someone else
        // archiving the open one gets a word of explanation; our own archive needs none.
        const notice = isArchivingHere(services, id) ? null : { id: 'channel.archivedNotice' as const, values: { name: channelTitle(channel, myId, state.users.byId) } };
        dispatch(forgetChannel(id, notice));
        return;
      }

      case 'channel_member_updated': {
        const member = decoded<ChannelMembership>(data, 'channelMember');
        if (member && member.user_id === myId) dispatch(membersReceived([member]));
        return;
      }

      case 'user_added': {
        const userId = text(data, 'user_id');
        if (!channelId) return;
        if (userId === myId) {
          if (!state.channels.byId[channelId]) void dispatch(fetchChannel(channelId));
        } else {
          dispatch(memberCountChanged({ channelId, delta: 1 }));
        }
        return;
      }

      case 'user_removed': {
        // The removed user gets {channel_id}; the channel's other members get {user_id} with the channel in broadcast.
        const removedFrom = text(data, 'channel_id');
        if (removedFrom) {
          const channel = state.channels.byId[removedFrom];
          if (!channel) return;
          const kicked = text(data, 'remover_id') !== myId;
          dispatch(forgetChannel(removedFrom, kicked ? { id: 'channel.removedNotice', values: { name: channelTitle(channel, myId, state.users.byId) } } : null));
        } else if (channelId) {
          dispatch(memberCountChanged({ channelId, delta: -1 }));
        }
        return;
      }

      case 'multiple_channels_viewed': {
        const times = field(data, 'channel_times');
        if (typeof times !== 'object' || times === null) return;
        for (const [id, at] of Object.entries(times as Record<string, unknown>)) {
          if (typeof at === 'number') dispatch(channelViewed({ channelId: id, at }));
        }
        return;
      }

      case 'post_unread': {
        if (!channelId) return;
        dispatch(memberUnreadSet({ channelId, msgCount: num(data, 'msg_count'), mentionCount: num(data, 'mention_count'), lastViewedAt: num(data, 'last_viewed_at') }));
        return;
      }

      case 'added_to_team': {
        const teamId = text(data, 'team_id');
        if (teamId && text(data, 'user_id') === myId && !state.teams.mine.includes(teamId)) void dispatch(fetchMyTeam(teamId));
        return;
      }

      case 'leave_team': {
        const teamId = text(data, 'team_id');
        if (teamId && text(data, 'user_id') === myId) dispatch(leaveTeamLocally(teamId));
        return;
      }

      case 'update_team': {
        const team = decoded<Team>(data, 'team');
        if (hasId(team) && team && state.teams.byId[team.id]) dispatch(teamUpdated(team));
        return;
      }

      case 'delete_team': {
        const team = decoded<Team>(data, 'team');
        if (hasId(team) && team && state.teams.mine.includes(team.id)) dispatch(leaveTeamLocally(team.id));
        return;
      }

      case 'config_changed': {
        // An administrator saved the configuration: the client config again, applied without a reload.
        const config = field(data, 'config');
        if (typeof config !== 'object' || config === null) return;
        dispatch(configLoaded(clientConfigFields(config as Record<string, unknown>)));
        const session = getState().session;
        if (session.me && mustSetUpMfa(session, session.me)) dispatch(mfaSetupRequired(true));
        return;
      }

      case 'user_updated': {
        const user = field(data, 'user');
        if (!hasId(user)) return;
        const profile = user as UserProfile;
        dispatch(usersReceived([profile]));
        if (profile.id === myId) dispatch(meUpdated(profile));
        return;
      }

      case 'status_change': {
        const userId = text(data, 'user_id');
        const status = text(data, 'status');
        if (!userId || !status) return;
        dispatch(statusesReceived([{ user_id: userId, status }]));
        dispatch(statusKnown(userId));
        return;
      }

      case 'preferences_changed':
      case 'preferences_deleted': {
        const prefs = (decoded<Preference[]>(data, 'preferences') ?? []).filter((p) => p && typeof p.category === 'string' && typeof p.name === 'string');
        if (msg.event === 'preferences_changed') dispatch(preferencesReceived(prefs.filter((p) => typeof p.value === 'string')));
        else dispatch(preferencesDeleted(prefs));
        return;
      }

      case 'thread_updated': {
        const wire = decoded<WireThread>(data, 'thread');
        if (!wire || typeof wire.id !== 'string' || !wire.post || !forCurrentTeam(msg, state.teams.currentId)) return;
        dispatch(postsUpserted([toPost(wire.post)]));
        const thread = toFollowedThread(wire);
        // Open and visible: read as it arrives (the server counts it unread until told).
        if (state.ui.threadRootId === thread.id && services.isVisible()) {
          thread.unreadReplies = 0;
          thread.unreadMentions = 0;
        }
        dispatch(threadUpdated({ thread, previousUnreadReplies: num(data, 'previous_unread_replies'), previousUnreadMentions: num(data, 'previous_unread_mentions') }));
        void dispatch(ensureProfiles(thread.participants));
        return;
      }

      case 'thread_read_changed': {
        if (!forCurrentTeam(msg, state.teams.currentId)) return;
        const threadId = text(data, 'thread_id');
        // Empty data: every thread of the team was marked read.
        if (!threadId) {
          if (field(data, 'timestamp') === undefined) dispatch(allThreadsRead());
          return;
        }
        dispatch(
          threadReadChanged({
            threadId,
            lastViewedAt: num(data, 'timestamp'),
            unreadReplies: num(data, 'unread_replies'),
            unreadMentions: num(data, 'unread_mentions'),
            previousUnreadReplies: num(data, 'previous_unread_replies'),
            previousUnreadMentions: num(data, 'previous_unread_mentions'),
          }),
        );
        return;
      }

      case 'thread_follow_changed': {
        if (!forCurrentTeam(msg, state.teams.currentId)) return;
        const threadId = text(data, 'thread_id');
        if (!threadId) return;
        if (field(data, 'state') === false) dispatch(threadUnfollowed(threadId));
        else if (state.threads.loaded) void dispatch(loadThreads());
        return;
      }

      default:
        return;
    }
  };

const leaveTeamLocally =
  (teamId: string): AppThunk =>
  (dispatch, getState) => {
    const wasCurrent = getState().teams.currentId === teamId;
    dispatch(teamLeft(teamId));
    if (!wasCurrent) return;
    const next = getState().teams.mine[0];
    if (next) void dispatch(selectTeam(next));
  };

