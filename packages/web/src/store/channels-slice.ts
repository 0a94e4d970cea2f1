import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import { signedOut } from './session-slice';
import { postReceived } from './post-actions';
import { countsAsMessage } from './model';

export type Channel = ServerChannel;

export interface ChannelsState {
  byId: Record<string, Channel>;
  /** The signed-in user's memberships, by channel id. */
  members: Record<string, ChannelMembership>;
  currentId: string | null;
  memberCounts: Record<string, number>;
}

const initialState: ChannelsState = { byId: {}, members: {}, currentId: null, memberCounts: {} };

export const channelsSlice = createSlice({
  name: 'channels',
  initialState,
  reducers: {
    channelsReceived(state, action: PayloadAction<Channel[]>) {
      for (const c of action.payload) {
        const known = state.byId[c.id];
        // A channel_updated event carries counters that may trail the posts this client already counted.
        state.byId[c.id] = known
          ? { ...c, total_msg_count: Math.max(known.total_msg_count, c.total_msg_count), total_msg_count_root: Math.max(known.total_msg_count_root ?? 0, c.total_msg_count_root ?? 0), last_post_at: Math.max(known.last_post_at, c.last_post_at) }
          : c;
      }
    },
    channelsReplaced(state, action: PayloadAction<{ teamId: string; channels: Channel[]; members: ChannelMembership[] }>) {
      const { teamId, channels, members } = action.payload;
      // A fresh listing for a team is the truth: drop what the user no longer belongs to.
      for (const [id, c] of Object.entries(state.byId)) {
        if (c.team_id === teamId || c.team_id === '') {
          delete state.byId[id];
          delete state.members[id];
        }
      }
      for (const c of channels) state.byId[c.id] = c;
      for (const m of members) state.members[m.channel_id] = m;
    },
    membersReceived(state, action: PayloadAction<ChannelMembership[]>) {
      for (const m of action.payload) state.members[m.channel_id] = { ...state.members[m.channel_id], ...m };
    },
    memberUnreadSet(state, action: PayloadAction<{ channelId: string; msgCount: number; mentionCount: number; lastViewedAt: number }>) {
      const m = state.members[action.payload.channelId];
      if (!m) return;
      m.msg_count = action.payload.msgCount;
      m.mention_count = action.payload.mentionCount;
      m.last_viewed_at = action.payload.lastViewedAt;
    },
    channelRemoved(state, action: PayloadAction<string>) {
      delete state.byId[action.payload];
      delete state.members[action.payload];
      if (state.currentId === action.payload) state.currentId = null;
    },
    channelSelected(state, action: PayloadAction<string | null>) {
      state.currentId = action.payload;
    },
    channelViewed(state, action: PayloadAction<{ channelId: string; at: number }>) {
      const c = state.byId[action.payload.channelId];
      const m = state.members[action.payload.channelId];
      if (!c || !m) return;
      m.msg_count = Math.max(m.msg_count, c.total_msg_count);
      m.msg_count_root = Math.max(m.msg_count_root ?? 0, c.total_msg_count_root ?? 0);
      m.mention_count = 0;
      m.mention_count_root = 0;
      m.last_viewed_at = Math.max(m.last_viewed_at, action.payload.at);
    },
    memberCountReceived(state, action: PayloadAction<{ channelId: string; count: number }>) {
      state.memberCounts[action.payload.channelId] = action.payload.count;
    },
    memberCountChanged(state, action: PayloadAction<{ channelId: string; delta: number }>) {
      const n = state.memberCounts[action.payload.channelId];
      if (n !== undefined) state.memberCounts[action.payload.channelId] = Math.max(0, n + action.payload.delta);
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      .addCase(postReceived, (state, { payload: { post, isNew, read, mentioned } }) => {
        const c = state.byId[post.channel_id];
        if (!c || !isNew) return;
        const isRoot = post.root_id === '';
        if (countsAsMessage(post)) {
          c.total_msg_count += 1;
          if (isRoot) c.total_msg_count_root = (c.total_msg_count_root ?? 0) + 1;
        }
        c.last_post_at = Math.max(c.last_post_at, post.create_at);
        const m = state.members[post.channel_id];
        if (!m) return;
        if (read) {
          m.msg_count = c.total_msg_count;
          m.msg_count_root = c.total_msg_count_root;
          m.mention_count = 0;
          m.mention_count_root = 0;
          m.last_viewed_at = Math.max(m.last_viewed_at, post.create_at);
        } else if (mentioned) {
          m.mention_count += 1;
          if (isRoot) m.mention_count_root = (m.mention_count_root ?? 0) + 1;
        }
      }),
});

export const {
  channelsReceived,
  channelsReplaced,
  membersReceived,
  memberUnreadSet,
  channelRemoved,
  channelSelected,
  channelViewed,
  memberCountReceived,
  memberCountChanged,
} = channelsSlice.actions;
