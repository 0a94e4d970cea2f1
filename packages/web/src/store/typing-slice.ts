import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { postReceived } from './post-actions';

/** Who is typing where: key `${channelId}:${parentId}` → user id → when the typing event arrived. */
export interface TypingState {
  byKey: Record<string, Record<string, number>>;
}

const initialState: TypingState = { byKey: {} };

export function typingKey(channelId: string, parentId: string): string {
  return `${channelId}:${parentId}`;
}

export const TYPING_TIMEOUT_MS = 5000;

export const typingSlice = createSlice({
  name: 'typing',
  initialState,
  reducers: {
    typingStarted(state, action: PayloadAction<{ channelId: string; parentId: string; userId: string; at: number }>) {
      const { channelId, parentId, userId, at } = action.payload;
      (state.byKey[typingKey(channelId, parentId)] ??= {})[userId] = at;
    },
    typingExpired(state, action: PayloadAction<{ channelId: string; parentId: string; userId: string; at: number }>) {
      const { channelId, parentId, userId, at } = action.payload;
      const key = typingKey(channelId, parentId);
      const users = state.byKey[key];
      // A newer typing event from the same person restarted the clock.
      if (!users || users[userId] !== at) return;
      delete users[userId];
      if (Object.keys(users).length === 0) delete state.byKey[key];
    },
  },
  extraReducers: (b) =>
    b.addCase(signedOut, () => initialState).addCase(postReceived, (state, { payload: { post } }) => {
      // Whoever just posted has stopped typing there.
      const key = typingKey(post.channel_id, post.root_id);
      const users = state.byKey[key];
      if (!users) return;
      delete users[post.user_id];
      if (Object.keys(users).length === 0) delete state.byKey[key];
    }),
});

export const { typingStarted, typingExpired } = typingSlice.actions;
