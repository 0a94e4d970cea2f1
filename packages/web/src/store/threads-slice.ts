import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { teamSelected } from './teams-slice';
import { postDeleted } from './post-actions';

/** A followed thread as the Threads view shows it (Mattermost's UserThread, less the root post itself). */
export interface FollowedThread {
  id: string;
  channelId: string;
  replyCount: number;
  lastReplyAt: number;
  lastViewedAt: number;
  unreadReplies: number;
  unreadMentions: number;
  participants: string[];
}

export interface ThreadsState {
  /** The current team's followed threads (with its DM and GM threads), newest reply first. */
  order: string[];
  byId: Record<string, FollowedThread>;
  /** The first page has arrived. */
  loaded: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  /** Server totals for the team, kept current by events: the sidebar's "Threads" item. */
  unreadThreads: number;
  unreadMentions: number;
  /** Whether the user follows a thread, for threads opened (the list holds only followed ones). */
  following: Record<string, boolean>;
}

const initialState: ThreadsState = { order: [], byId: {}, loaded: false, hasMore: false, loadingMore: false, unreadThreads: 0, unreadMentions: 0, following: {} };

function place(state: ThreadsState, t: FollowedThread): void {
  state.byId[t.id] = t;
  state.following[t.id] = true;
  state.order = state.order.filter((id) => id !== t.id);
  let i = 0;
  while (i < state.order.length && (state.byId[state.order[i]!]?.lastReplyAt ?? 0) >= t.lastReplyAt) i += 1;
  state.order.splice(i, 0, t.id);
}

export const threadsSlice = createSlice({
  name: 'threads',
  initialState,
  reducers: {
    threadsLoaded(state, action: PayloadAction<{ threads: FollowedThread[]; append: boolean; hasMore: boolean; totals?: { unreadThreads: number; unreadMentions: number } }>) {
      const { threads, append, hasMore, totals } = action.payload;
      if (!append) {
        state.order = [];
        state.byId = {};
      }
      for (const t of threads) place(state, t);
      state.loaded = true;
      state.hasMore = hasMore;
      state.loadingMore = false;
      if (totals) {
        state.unreadThreads = totals.unreadThreads;
        state.unreadMentions = totals.unreadMentions;
      }
    },
    followingKnown(state, action: PayloadAction<{ threadId: string; following: boolean }>) {
      state.following[action.payload.threadId] = action.payload.following;
    },
    threadsLoadingMore(state, action: PayloadAction<boolean>) {
      state.loadingMore = action.payload;
    },
    threadTotalsReceived(state, action: PayloadAction<{ unreadThreads: number; unreadMentions: number }>) {
      state.unreadThreads = action.payload.unreadThreads;
      state.unreadMentions = action.payload.unreadMentions;
    },
    /** `thread_updated`: a reply in a followed thread; `previous*` are the counts before it (from the event). */
    threadUpdated(state, action: PayloadAction<{ thread: FollowedThread; previousUnreadReplies: number; previousUnreadMentions: number }>) {
      const { thread } = action.payload;
      // What this client already shows beats the event's "before" (it may have read the thread since).
      const known = state.byId[thread.id];
      const previousUnreadReplies = known ? known.unreadReplies : action.payload.previousUnreadReplies;
      const previousUnreadMentions = known ? known.unreadMentions : action.payload.previousUnreadMentions;
      if (thread.unreadReplies > 0 && previousUnreadReplies === 0) state.unreadThreads += 1;
      if (thread.unreadReplies === 0 && previousUnreadReplies > 0) state.unreadThreads = Math.max(0, state.unreadThreads - 1);
      state.unreadMentions = Math.max(0, state.unreadMentions + thread.unreadMentions - previousUnreadMentions);
      place(state, thread);
    },
    /** `thread_read_changed` or reading it here. */
    threadReadChanged(state, action: PayloadAction<{ threadId: string; lastViewedAt: number; unreadReplies: number; unreadMentions: number; previousUnreadReplies?: number; previousUnreadMentions?: number }>) {
      const { threadId, lastViewedAt, unreadReplies, unreadMentions } = action.payload;
      const t = state.byId[threadId];
      // A thread shown here counts from what it shows (this client may have marked it read already);
      // one not loaded counts from the event's "before".
      const prevReplies = t ? t.unreadReplies : (action.payload.previousUnreadReplies ?? 0);
      const prevMentions = t ? t.unreadMentions : (action.payload.previousUnreadMentions ?? 0);
      if (prevReplies > 0 && unreadReplies === 0) state.unreadThreads = Math.max(0, state.unreadThreads - 1);
      if (prevReplies === 0 && unreadReplies > 0) state.unreadThreads += 1;
      state.unreadMentions = Math.max(0, state.unreadMentions + unreadMentions - prevMentions);
      if (t) {
        t.lastViewedAt = Math.max(t.lastViewedAt, lastViewedAt);
        t.unreadReplies = unreadReplies;
        t.unreadMentions = unreadMentions;
      }
    },
    allThreadsRead(state) {
      for (const t of Object.values(state.byId)) {
        t.unreadReplies = 0;
        t.unreadMentions = 0;
      }
      state.unreadThreads = 0;
      state.unreadMentions = 0;
    },
    threadUnfollowed(state, action: PayloadAction<string>) {
      state.following[action.payload] = false;
      const t = state.byId[action.payload];
      if (!t) return;
      if (t.unreadReplies > 0) state.unreadThreads = Math.max(0, state.unreadThreads - 1);
      state.unreadMentions = Math.max(0, state.unreadMentions - t.unreadMentions);
      delete state.byId[action.payload];
      state.order = state.order.filter((id) => id !== action.payload);
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      // The list is per team; another team's comes with its own load.
      .addCase(teamSelected, (state) => ({ ...initialState, following: state.following }))
      .addCase(postDeleted, (state, { payload }) => {
        if (payload.root_id !== '' || !state.byId[payload.id]) return;
        const t = state.byId[payload.id]!;
        if (t.unreadReplies > 0) state.unreadThreads = Math.max(0, state.unreadThreads - 1);
        state.unreadMentions = Math.max(0, state.unreadMentions - t.unreadMentions);
        delete state.byId[payload.id];
        state.order = state.order.filter((id) => id !== payload.id);
      }),
});

export const { followingKnown, threadsLoaded, threadsLoadingMore, threadTotalsReceived, threadUpdated, threadReadChanged, allThreadsRead, threadUnfollowed } = threadsSlice.actions;
