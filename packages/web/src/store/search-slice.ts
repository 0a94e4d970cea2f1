import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { teamSelected } from './teams-slice';
import { postDeleted, postEdited } from './post-actions';
import { postPinned } from './posts-slice';
import type { Post } from './model';
import type { ToastMessage } from './ui-slice';

export type SearchStatus = 'loading' | 'done' | 'error';

/** What the results panel lists: a search, the user's saved posts, or a channel's pinned posts. */
export type ResultsKind = 'search' | 'saved' | 'pinned';

export interface SearchState {
  /** The results panel is showing. */
  open: boolean;
  kind: ResultsKind;
  /** For pinned posts: whose. */
  channelId: string;
  /** What the user typed, sent to the server as is (it understands from:, in:, "phrases", -exclusions). */
  terms: string;
  status: SearchStatus;
  /** Result ids, newest first, as the server ranked them. */
  order: string[];
  /**
   * The results themselves. They are kept apart from the posts slice: an old result placed in a loaded
   * channel list would sit above a gap of posts that were never fetched.
   */
  posts: Record<string, Post>;
  /** Per post, the terms the server says matched (for highlighting). */
  matches: Record<string, string[]>;
  error: ToastMessage;
  /** Counts searches, so an answer to an earlier one that arrives late is dropped. */
  seq: number;
}

const initialState: SearchState = { open: false, kind: 'search', channelId: '', terms: '', status: 'done', order: [], posts: {}, matches: {}, error: '', seq: 0 };

export const searchSlice = createSlice({
  name: 'search',
  initialState,
  reducers: {
    searchStarted(state, action: PayloadAction<string>) {
      state.open = true;
      state.kind = 'search';
      state.channelId = '';
      state.terms = action.payload;
      state.status = 'loading';
      state.order = [];
      state.posts = {};
      state.matches = {};
      state.error = '';
      state.seq += 1;
    },
    searchSucceeded(state, action: PayloadAction<{ seq: number; posts: Post[]; matches: Record<string, string[]> }>) {
      if (action.payload.seq !== state.seq) return;
      state.status = 'done';
      state.order = action.payload.posts.map((p) => p.id);
      state.posts = Object.fromEntries(action.payload.posts.map((p) => [p.id, p]));
      state.matches = action.payload.matches;
    },
    searchFailed(state, action: PayloadAction<{ seq: number; error: ToastMessage }>) {
      if (action.payload.seq !== state.seq) return;
      state.status = 'error';
      state.error = action.payload.error;
    },
    listStarted(state, action: PayloadAction<{ kind: 'saved' | 'pinned'; channelId: string }>) {
      state.open = true;
      state.kind = action.payload.kind;
      state.channelId = action.payload.channelId;
      state.status = 'loading';
      state.order = [];
      state.posts = {};
      state.matches = {};
      state.error = '';
      state.seq += 1;
    },
    searchClosed(state) {
      state.open = false;
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      // Results are per team: another team's would not open.
      .addCase(teamSelected, (state) => ({ ...initialState, seq: state.seq + 1 }))
      .addCase(postEdited, (state, { payload }) => {
        const known = state.posts[payload.id];
        if (known) state.posts[payload.id] = { ...payload, reactions: known.reactions, reply_count: payload.reply_count || known.reply_count };
      })
      .addCase(postPinned, (state, { payload }) => {
        const known = state.posts[payload.postId];
        if (known) known.is_pinned = payload.pinned;
      })
      .addCase(postDeleted, (state, { payload }) => {
        if (!state.posts[payload.id]) return;
        delete state.posts[payload.id];
        state.order = state.order.filter((id) => id !== payload.id);
      }),
});

export const { searchStarted, listStarted, searchSucceeded, searchFailed, searchClosed } = searchSlice.actions;
