import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UserProfile } from '@mattermost/types/users';

export type Phase = 'booting' | 'signed-out' | 'signed-in';
export type CollapsedThreadsMode = 'disabled' | 'default_off' | 'default_on' | 'always_on';
export type SocketState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export interface SessionState {
  phase: Phase;
  me: UserProfile | null;
  /** The server has no accounts yet: show the first-run sign-up. */
  noAccounts: boolean;
  openServer: boolean;
  siteName: string;
  /** The server's upload limit in bytes (client config MaxFileSize). */
  maxFileSize: number;
  /** ServiceSettings.CollapsedThreads: whether the Threads view exists and how it starts. */
  collapsedThreads: CollapsedThreadsMode;
  /** ServiceSettings.AllowSyncedDrafts: drafts are kept on the server. */
  syncedDrafts: boolean;
  /** The WebSocket connection's id (from `hello`): requests that name it skip their own echo. */
  connectionId: string;
  socket: SocketState;
  /** The locale the UI renders in (a supported one). */
  locale: string;
  bootError: string | null;
}

/** Mattermost's default FileSettings.MaxFileSize, for a server whose config does not say. */
export const DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024;

const initialState: SessionState = {
  phase: 'booting',
  me: null,
  noAccounts: false,
  openServer: false,
  siteName: 'Parley',
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  collapsedThreads: 'default_off',
  syncedDrafts: false,
  connectionId: '',
  socket: 'idle',
  locale: 'en',
  bootError: null,
};

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    configLoaded(state, action: PayloadAction<{ noAccounts: boolean; openServer: boolean; siteName: string; maxFileSize?: number; collapsedThreads?: CollapsedThreadsMode; syncedDrafts?: boolean }>) {
      Object.assign(state, action.payload);
    },
    bootFailed(state, action: PayloadAction<string>) {
      state.bootError = action.payload;
    },
    signedIn(state, action: PayloadAction<UserProfile>) {
      state.phase = 'signed-in';
      state.me = action.payload;
      state.noAccounts = false;
      state.bootError = null;
    },
    signedOut(state) {
      // Everything else resets on this action too (see the other slices).
      state.phase = 'signed-out';
      state.me = null;
      state.socket = 'idle';
    },
    meUpdated(state, action: PayloadAction<UserProfile>) {
      if (state.me && state.me.id === action.payload.id) state.me = { ...state.me, ...action.payload };
    },
    socketStateChanged(state, action: PayloadAction<SocketState>) {
      state.socket = action.payload;
    },
    connectionIdReceived(state, action: PayloadAction<string>) {
      state.connectionId = action.payload;
    },
    localeChanged(state, action: PayloadAction<string>) {
      state.locale = action.payload;
    },
  },
});

export const { configLoaded, bootFailed, signedIn, signedOut, meUpdated, socketStateChanged, connectionIdReceived, localeChanged } = sessionSlice.actions;
