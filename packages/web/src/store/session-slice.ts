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
  /** TeamSettings.MaxNotificationsPerChannel: from this many members on, a channel gets no typing notices. */
  maxNotificationsPerChannel: number;
  /** ServiceSettings.EnableMultifactorAuthentication: users may turn on two-factor sign-in. */
  mfaEnabled: boolean;
  /** EnforceMultifactorAuthentication (with MFA enabled): a user without MFA must set it up first. */
  mfaEnforced: boolean;
  /** The signed-in user is held at the MFA setup step: the server refuses everything else until it is on. */
  mfaSetupRequired: boolean;
  /** The WebSocket connection's id (from `hello`): requests that name it skip their own echo. */
  connectionId: string;
  socket: SocketState;
  /** The locale the UI renders in (a supported one). */
  locale: string;
  bootError: string | null;
}

/** Mattermost's default TeamSettings.MaxNotificationsPerChannel. */
export const DEFAULT_MAX_NOTIFICATIONS_PER_CHANNEL = 1000;

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
  maxNotificationsPerChannel: DEFAULT_MAX_NOTIFICATIONS_PER_CHANNEL,
  mfaEnabled: false,
  mfaEnforced: false,
  mfaSetupRequired: false,
  connectionId: '',
  socket: 'idle',
  locale: 'en',
  bootError: null,
};

/** What the client keeps from GET /config/client (and from `config_changed`, which carries the same map). */
export type ClientConfigFields = Pick<SessionState, 'noAccounts' | 'openServer' | 'siteName' | 'maxFileSize' | 'collapsedThreads' | 'syncedDrafts' | 'maxNotificationsPerChannel' | 'mfaEnabled' | 'mfaEnforced'>;

function collapsedThreadsMode(value: string | undefined): CollapsedThreadsMode {
  return value === 'disabled' || value === 'default_on' || value === 'always_on' ? value : 'default_off';
}

/** The client config's string map read into typed fields; anything missing or malformed takes its default. */
export function clientConfigFields(config: Readonly<Record<string, unknown>>): ClientConfigFields {
  const str = (key: string): string | undefined => (typeof config[key] === 'string' ? (config[key] as string) : undefined);
  const maxFileSize = Number(str('MaxFileSize'));
  const maxNotifications = Number(str('MaxNotificationsPerChannel'));
  return {
    noAccounts: str('NoAccounts') === 'true',
    openServer: str('EnableOpenServer') === 'true',
    siteName: str('SiteName') || 'Parley',
    maxFileSize: maxFileSize > 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
    collapsedThreads: collapsedThreadsMode(str('CollapsedThreads')),
    syncedDrafts: str('AllowSyncedDrafts') !== 'false',
    maxNotificationsPerChannel: maxNotifications > 0 ? maxNotifications : DEFAULT_MAX_NOTIFICATIONS_PER_CHANNEL,
    mfaEnabled: str('EnableMultifactorAuthentication') === 'true',
    mfaEnforced: str('EnableMultifactorAuthentication') === 'true' && str('EnforceMultifactorAuthentication') === 'true',
  };
}

/**
 * Whether enforced MFA holds this user at the setup step. As on the server: bots and accounts signed in
 * through another service (OAuth, SAML) are exempt.
 */
export function mustSetUpMfa(session: Pick<SessionState, 'mfaEnforced'>, me: UserProfile): boolean {
  if (!session.mfaEnforced || me.mfa_active || me.is_bot) return false;
  const service = me.auth_service ?? '';
  return service === '' || service === 'email' || service === 'ldap';
}

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    configLoaded(state, action: PayloadAction<Partial<ClientConfigFields>>) {
      Object.assign(state, action.payload);
    },
    mfaSetupRequired(state, action: PayloadAction<boolean>) {
      state.mfaSetupRequired = action.payload;
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
      state.mfaSetupRequired = false;
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

export const { configLoaded, mfaSetupRequired, bootFailed, signedIn, signedOut, meUpdated, socketStateChanged, connectionIdReceived, localeChanged } = sessionSlice.actions;
