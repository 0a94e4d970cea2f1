// Signing in and out, first-run sign-up, and the WebSocket connection that lives as long as the session.
import type { UserProfile } from '@mattermost/types/users';
import type { Services } from '../api/services';
import { webSocketUrl } from '../api/services';
import type { AppThunk } from './store';
import { bootFailed, clientConfigFields, configLoaded, localeChanged, meUpdated, mfaSetupRequired, signedIn, signedOut, socketStateChanged, mustSetUpMfa } from './session-slice';
import { usersReceived } from './users-slice';
import { handleSocketEvent } from './socket-events';
import { lastTeamId, loadMyTeams, openPermalink, resync, selectTeam } from './navigation-actions';
import { errorInfo, errorToast } from './errors';
import { adoptCollapsedThreads, loadPreferences } from './preference-actions';
import { toastShown, type ToastMessage } from './ui-slice';
import { browserLocale, pickLocale, type Locale } from '../i18n/locales';
import type { Route } from '../app/url';

export const bootstrap =
  (route: Route): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(localeChanged(browserLocale()));
    // Both at once: who the user is does not depend on the server's settings.
    const [config, who] = await Promise.allSettled([client.getClientConfig(), client.getMe()]);
    if (config.status === 'rejected') {
      dispatch(bootFailed(errorInfo(config.reason).message));
      return;
    }
    dispatch(configLoaded(clientConfigFields(config.value)));
    if (who.status === 'rejected') {
      if (errorInfo(who.reason).status === 401) dispatch(signedOut());
      else dispatch(bootFailed(errorInfo(who.reason).message));
      return;
    }
    const me: UserProfile = who.value;
    await dispatch(startSession(me, route));
  };

/** The server's answer to a user who must set up MFA before anything else (enforced MFA). */
export const MFA_REQUIRED_ERROR = 'api.context.mfa_required.app_error';

export const startSession =
  (me: UserProfile, route: Route): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    dispatch(usersReceived([me]));
    dispatch(localeChanged(pickLocale([me.locale])));
    dispatch(signedIn(me));
    // Everything but the setup routes would answer 403 until MFA is on, so nothing else is asked for yet.
    if (mustSetUpMfa(getState().session, me)) {
      dispatch(mfaSetupRequired(true));
      return;
    }
    await dispatch(openSession(route));
  };

/** The signed-in app: socket, preferences, teams, and the team and channel the address names. */
const openSession =
  (route: Route): AppThunk<Promise<void>> =>
  async (dispatch, _getState, services) => {
    dispatch(connectSocket());
    // Preferences decide how much is shown (favourites, theme, clock); a failure only loses those.
    const prefs = dispatch(loadPreferences()).catch(() => {});
    void dispatch(syncAutomaticTimezone());
    try {
      const [teams] = await Promise.all([dispatch(loadMyTeams()), prefs]);
      void dispatch(adoptCollapsedThreads());
      const wanted = route.teamName ? teams.find((t) => t.name === route.teamName) : undefined;
      const remembered = teams.find((t) => t.id === lastTeamId(services));
      const team = wanted ?? remembered ?? teams[0];
      if (team) await dispatch(selectTeam(team.id, wanted ? route.channelName : null, wanted !== undefined && route.threads === true));
      // A permalink: the post's channel, scrolled to it (or a word that it cannot be shown, and town-square).
      if (team && route.postId) await dispatch(openPermalink(route.postId));
    } catch (err) {
      // Enforcement switched on after the client config was read: the setup step, as at sign-in.
      if (errorInfo(err).id === MFA_REQUIRED_ERROR) {
        services.socket.close();
        dispatch(mfaSetupRequired(true));
        return;
      }
      dispatch(bootFailed(errorInfo(err).message));
    }
  };

/** MFA is now on (the enforced setup step is done): the profile says so, and the app opens. */
export const mfaSetupDone =
  (route: Route): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const me = await client.getMe();
    dispatch(meUpdated(me));
    dispatch(usersReceived([me]));
    dispatch(mfaSetupRequired(false));
    // Held mid-session (enforcement came with a config change): the app is already loaded.
    if (!getState().teams.loaded) await dispatch(openSession(route));
  };

/** The login error that means "this account needs its MFA code" (missing or malformed `token`). */
export const MFA_TOKEN_ERROR = 'mfa.validate_token.authenticate.app_error';

/** Sign-in; `token` is the MFA code (or a recovery code) for an account with MFA on. */
export const login =
  (loginId: string, password: string, route: Route, token = ''): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const me = await client.login(loginId, password, token);
    await dispatch(startSession(me, route));
  };

/** Sign-up, then sign-in. The first account of a server becomes its administrator. */
export const signUp =
  (fields: { email: string; username: string; password: string }, route: Route): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const locale = getState().session.locale;
    await client.createUser({ ...fields, locale } as UserProfile, '', '');
    await dispatch(login(fields.username, fields.password, route));
  };

export const logout = (): AppThunk<Promise<void>> => async (dispatch, _getState, { client, socket }) => {
  socket.close();
  try {
    await client.logout();
  } finally {
    dispatch(signedOut());
  }
};

// Listeners are attached once per socket; a later sign-in only reconnects.
const wired = new WeakSet<Services['socket']>();

export const connectSocket = (): AppThunk => (dispatch, _getState, { socket, client }) => {
  if (!wired.has(socket)) {
    wired.add(socket);
    socket.addMessageListener((msg) => dispatch(handleSocketEvent(msg)));
    socket.addMissedMessageListener(() => {
      void dispatch(resync());
    });
    socket.addCloseListener(() => dispatch(socketStateChanged('reconnecting')));
    // A resumed connection gets the missed events but no new `hello`, so the open socket itself says "back".
    socket.addReconnectListener(() => dispatch(socketStateChanged('connected')));
    socket.addFirstConnectListener(() => dispatch(socketStateChanged('connected')));
  }
  dispatch(socketStateChanged('connecting'));
  // No token: the browser sends the session cookie with the upgrade request.
  socket.initialize(webSocketUrl(client));
};

export const changeLocale =
  (locale: Locale): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(localeChanged(locale));
    const me = await client.patchMe({ locale });
    dispatch(meUpdated(me));
    dispatch(usersReceived([me]));
  };

export type Gender = 'female' | 'male' | 'other';

/** Grammatical gender for translations that need it (Russian verbs, for one); kept in the user's props. */
export const changeGender =
  (gender: Gender): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const props = { ...(getState().session.me?.props ?? {}), gender };
    const me = await client.patchMe({ props } as Partial<UserProfile>);
    dispatch(meUpdated(me));
    dispatch(usersReceived([me]));
  };

/** The browser's time zone (IANA name), or '' where Intl does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  } catch {
    return '';
  }
}

/** With the automatic time zone on (Mattermost's default), the server learns the zone this browser is in. */
export const syncAutomaticTimezone = (): AppThunk<Promise<void>> => async (dispatch, getState, { client }) => {
  const me = getState().session.me;
  const zone = browserTimeZone();
  if (!me || !zone) return;
  const tz = me.timezone;
  if (tz?.useAutomaticTimezone === 'false' || tz?.automaticTimezone === zone) return;
  try {
    const updated = await client.patchMe({ timezone: { useAutomaticTimezone: 'true', automaticTimezone: zone, manualTimezone: tz?.manualTimezone ?? '' } });
    dispatch(meUpdated(updated));
    dispatch(usersReceived([updated]));
  } catch {
    // Times then show in the zone the server last knew; nothing else depends on it.
  }
};

/** Profile fields (names, nickname, time zone, notification settings …): shown at once, put back if the server refuses. */
export const updateMe =
  (patch: Partial<Pick<UserProfile, 'first_name' | 'last_name' | 'nickname' | 'position' | 'timezone' | 'notify_props'>>): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, { client }) => {
    const before = getState().session.me;
    if (!before) return false;
    dispatch(meUpdated({ ...before, ...patch }));
    try {
      const me = await client.patchMe(patch);
      dispatch(meUpdated(me));
      dispatch(usersReceived([me]));
      return true;
    } catch (err) {
      dispatch(meUpdated(before));
      dispatch(toastShown(errorToast(err)));
      return false;
    }
  };

export interface MfaSecret {
  /** The base32 secret, for typing into an authenticator app. */
  secret: string;
  /** The otpauth:// address as a PNG, base64. */
  qr_code: string;
}

/** A new TOTP secret for the signed-in user; it only takes effect when `activateMfa` confirms a code for it. */
export const generateMfaSecret = (): AppThunk<Promise<MfaSecret>> => async (_dispatch, getState, { client }) => {
  const me = getState().session.me;
  if (!me) throw new Error('not signed in');
  return (await client.generateMfaSecret(me.id)) as MfaSecret;
};

/** Turns MFA on with a code from the new secret; resolves to the one-time recovery codes (shown once). */
export const activateMfa =
  (code: string): AppThunk<Promise<string[]>> =>
  async (dispatch, getState, { client }) => {
    const me = getState().session.me;
    if (!me) throw new Error('not signed in');
    const answer = (await client.updateUserMfa(me.id, true, code)) as { recovery_codes?: unknown };
    dispatch(meUpdated({ ...me, mfa_active: true }));
    const codes = answer.recovery_codes;
    return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
  };

/** Turns MFA off for the signed-in user. */
export const deactivateMfa = (): AppThunk<Promise<void>> => async (dispatch, getState, { client }) => {
  const me = getState().session.me;
  if (!me) return;
  await client.updateUserMfa(me.id, false, '');
  dispatch(meUpdated({ ...me, mfa_active: false }));
};

/** The largest profile picture the server takes (it answers 413 above this). */
export const PICTURE_MAX_BYTES = 10 * 1024 * 1024;

/** Fetches the signed-in user again, after a change the server answered only with "OK". */
const refreshMe = (): AppThunk<Promise<void>> => async (dispatch, _getState, { client }) => {
  const me = await client.getMe();
  dispatch(meUpdated(me));
  dispatch(usersReceived([me]));
};

/**
 * A new profile picture. Resolves to null when it is in place (last_picture_update has moved, so every
 * avatar asks for the new image), or to what to tell the person.
 */
export const uploadProfilePicture =
  (file: File): AppThunk<Promise<ToastMessage | null>> =>
  async (dispatch, getState, { client }) => {
    const me = getState().session.me;
    if (!me) return null;
    if (file.size > PICTURE_MAX_BYTES) return { id: 'error.pictureTooLarge' };
    try {
      await client.uploadProfileImage(me.id, file);
      await dispatch(refreshMe());
      return null;
    } catch (err) {
      return errorToast(err);
    }
  };

/** Back to the picture the server generates from the username. Same answer as uploadProfilePicture. */
export const removeProfilePicture = (): AppThunk<Promise<ToastMessage | null>> => async (dispatch, getState, { client }) => {
  const me = getState().session.me;
  if (!me) return null;
  try {
    await client.setDefaultProfileImage(me.id);
    await dispatch(refreshMe());
    return null;
  } catch (err) {
    return errorToast(err);
  }
};
