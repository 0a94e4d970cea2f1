import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UserProfile } from '@mattermost/types/users';
import { signedOut } from './session-slice';

export interface UsersState {
  byId: Record<string, UserProfile>;
  statuses: Record<string, string>;
}

const initialState: UsersState = { byId: {}, statuses: {} };

export const usersSlice = createSlice({
  name: 'users',
  initialState,
  reducers: {
    usersReceived(state, action: PayloadAction<UserProfile[]>) {
      for (const u of action.payload) state.byId[u.id] = u;
    },
    statusesReceived(state, action: PayloadAction<{ user_id: string; status: string }[]>) {
      for (const s of action.payload) state.statuses[s.user_id] = s.status;
    },
  },
  extraReducers: (b) => b.addCase(signedOut, () => initialState),
});

export const { usersReceived, statusesReceived } = usersSlice.actions;
