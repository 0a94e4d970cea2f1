import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';

/** Unsent text per channel and thread: kept across channel switches, reloads and (when the server syncs drafts) devices. */
export interface DraftsState {
  byKey: Record<string, string>;
}

const initialState: DraftsState = { byKey: {} };

export function draftKey(channelId: string, rootId: string): string {
  return `${channelId}:${rootId}`;
}

export const draftsSlice = createSlice({
  name: 'drafts',
  initialState,
  reducers: {
    draftChanged(state, action: PayloadAction<{ channelId: string; rootId: string; message: string }>) {
      const { channelId, rootId, message } = action.payload;
      const key = draftKey(channelId, rootId);
      if (message.trim() === '') delete state.byKey[key];
      else state.byKey[key] = message;
    },
    draftsLoaded(state, action: PayloadAction<{ channelId: string; rootId: string; message: string }[]>) {
      for (const d of action.payload) {
        const key = draftKey(d.channelId, d.rootId);
        // What was typed here since wins over what the server had.
        if (state.byKey[key] === undefined && d.message.trim() !== '') state.byKey[key] = d.message;
      }
    },
  },
  extraReducers: (b) => b.addCase(signedOut, () => initialState),
});

export const { draftChanged, draftsLoaded } = draftsSlice.actions;
