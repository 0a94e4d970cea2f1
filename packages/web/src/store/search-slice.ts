import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { teamSelected } from './teams-slice';
import { postDeleted, postEdited } from './post-actions';
import type { Post } from './model';

export type SearchStatus = 'loading' | 'done' | 'error';

export interface SearchState {
  /** The results panel is showing. */
  open: boolean;
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
  error: string;
  /** Counts searches, so an answer to an earlier one that arrives late is dropped. */
  seq: number;
}

const initialState: SearchState = { open: false, terms: '', status: 'done', order: [], posts: {}, matches: {}, error: '', seq: 0 };

export const searchSlice = createSlice({
  name: 'search',
  initialState,
  reducers: {
    searchStarted(state, action: PayloadAction<string>) {
      state.open = true;
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
    searchFailed(state, action: PayloadAction<{ seq: number; error: string }>) {
      if (action.payload.seq !== state.seq) return;
      state.status = 'error';
      state.error = action.payload.error;
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
      .addCase(postDeleted, (state, { payload }) => {
        if (!state.posts[payload.id]) return;
        delete state.posts[payload.id];
        state.order = state.order.filter((id) => id !== payload.id);
      }),
});

export const { searchStarted, searchSucceeded, searchFailed, searchClosed } = searchSlice.actions;
