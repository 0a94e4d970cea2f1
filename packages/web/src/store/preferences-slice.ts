import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';

/** A preference as the server stores it (Mattermost's PreferenceType without the user id). */
export interface Preference {
  category: string;
  name: string;
  value: string;
}

export interface PreferencesState {
  /** The signed-in user's preferences, by `${category}/${name}`. */
  byKey: Record<string, string>;
  /** The server's list has arrived (until then defaults apply). */
  loaded: boolean;
}

const initialState: PreferencesState = { byKey: {}, loaded: false };

export const prefKey = (category: string, name: string): string => `${category}/${name}`;

// The categories and names the client reads and writes: Mattermost's where it has one, so other
// Mattermost clients agree on them; Parley's own under `parley`.
export const PREF = {
  favorite: 'favorite_channel',
  saved: 'flagged_post',
  display: 'display_settings',
  clock: 'use_military_time',
  nameFormat: 'name_format',
  collapsedThreads: 'collapsed_reply_threads',
  parley: 'parley',
  theme: 'theme',
  sound: 'notification_sound',
} as const;

export const preferencesSlice = createSlice({
  name: 'preferences',
  initialState,
  reducers: {
    preferencesLoaded(state, action: PayloadAction<Preference[]>) {
      state.loaded = true;
      state.byKey = {};
      for (const p of action.payload) state.byKey[prefKey(p.category, p.name)] = p.value;
    },
    preferencesReceived(state, action: PayloadAction<Preference[]>) {
      for (const p of action.payload) state.byKey[prefKey(p.category, p.name)] = p.value;
    },
    preferencesDeleted(state, action: PayloadAction<Pick<Preference, 'category' | 'name'>[]>) {
      for (const p of action.payload) delete state.byKey[prefKey(p.category, p.name)];
    },
  },
  extraReducers: (b) => b.addCase(signedOut, () => initialState),
});

export const { preferencesLoaded, preferencesReceived, preferencesDeleted } = preferencesSlice.actions;
