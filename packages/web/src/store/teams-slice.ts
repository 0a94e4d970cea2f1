import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Team } from '@mattermost/types/teams';
import { signedOut } from './session-slice';

/** Unread totals of teams other than the current one (whose channels are not loaded). */
export interface TeamUnread {
  msgCount: number;
  mentionCount: number;
}

export interface TeamsState {
  /** The first listing of the user's teams has arrived. */
  loaded: boolean;
  byId: Record<string, Team>;
  /** Teams the user belongs to, in display order. */
  mine: string[];
  currentId: string | null;
  unreads: Record<string, TeamUnread>;
}

const initialState: TeamsState = { loaded: false, byId: {}, mine: [], currentId: null, unreads: {} };

function sortMine(state: TeamsState): void {
  state.mine.sort((a, b) => (state.byId[a]?.display_name ?? '').localeCompare(state.byId[b]?.display_name ?? ''));
}

export const teamsSlice = createSlice({
  name: 'teams',
  initialState,
  reducers: {
    myTeamsLoaded(state, action: PayloadAction<Team[]>) {
      state.loaded = true;
      state.mine = [];
      for (const t of action.payload) {
        state.byId[t.id] = t;
        if (t.delete_at === 0) state.mine.push(t.id);
      }
      sortMine(state);
      if (state.currentId && !state.mine.includes(state.currentId)) state.currentId = null;
    },
    myTeamsReceived(state, action: PayloadAction<Team[]>) {
      for (const t of action.payload) {
        state.byId[t.id] = t;
        if (!state.mine.includes(t.id) && t.delete_at === 0) state.mine.push(t.id);
      }
      sortMine(state);
    },
    teamUpdated(state, action: PayloadAction<Team>) {
      state.byId[action.payload.id] = action.payload;
      sortMine(state);
    },
    teamLeft(state, action: PayloadAction<string>) {
      state.mine = state.mine.filter((id) => id !== action.payload);
      delete state.unreads[action.payload];
      if (state.currentId === action.payload) state.currentId = null;
    },
    teamSelected(state, action: PayloadAction<string | null>) {
      state.currentId = action.payload;
      if (action.payload) delete state.unreads[action.payload];
    },
    teamUnreadsReceived(state, action: PayloadAction<{ team_id: string; msg_count: number; mention_count: number }[]>) {
      for (const u of action.payload) {
        if (u.team_id === state.currentId) continue;
        state.unreads[u.team_id] = { msgCount: u.msg_count, mentionCount: u.mention_count };
      }
    },
    teamActivity(state, action: PayloadAction<{ teamId: string; mention: boolean }>) {
      const { teamId, mention } = action.payload;
      if (teamId === state.currentId || !state.mine.includes(teamId)) return;
      const u = (state.unreads[teamId] ??= { msgCount: 0, mentionCount: 0 });
      u.msgCount += 1;
      if (mention) u.mentionCount += 1;
    },
  },
  extraReducers: (b) => b.addCase(signedOut, () => initialState),
});

export const { myTeamsLoaded, myTeamsReceived, teamUpdated, teamLeft, teamSelected, teamUnreadsReceived, teamActivity } = teamsSlice.actions;
