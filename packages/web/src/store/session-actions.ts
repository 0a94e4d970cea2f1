// Signing in and out, first-run sign-up, and the WebSocket connection that lives as long as the session.
import type { UserProfile } from '@mattermost/types/users';
import type { Services } from '../api/services';
import { webSocketUrl } from '../api/services';
import type { AppThunk } from './store';
import { bootFailed, configLoaded, DEFAULT_MAX_FILE_SIZE, localeChanged, meUpdated, signedIn, signedOut, socketStateChanged } from './session-slice';
import { usersReceived } from './users-slice';
import { handleSocketEvent } from './socket-events';
import { lastTeamId, loadMyTeams, resync, selectTeam } from './navigation-actions';
import { errorInfo } from './errors';
import { browserLocale, pickLocale, type Locale } from '../i18n/locales';
import type { Route } from '../app/url';

export const bootstrap =
  (route: Route): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(localeChanged(browserLocale()));
    try {
      const config = await client.getClientConfig();
      dispatch(
        configLoaded({
          noAccounts: config.NoAccounts === 'true',
          openServer: config.EnableOpenServer === 'true',
          siteName: config.SiteName || 'Parley',
          maxFileSize: Number(config.MaxFileSize) > 0 ? Number(config.MaxFileSize) : DEFAULT_MAX_FILE_SIZE,
        }),
      );
    } catch (err) {
      dispatch(bootFailed(errorInfo(err).message));
      return;
    }
    let me: UserProfile;
    try {
      me = await client.getMe();
    } catch (err) {
      if (errorInfo(err).status === 401) dispatch(signedOut());
      else dispatch(bootFailed(errorInfo(err).message));
      return;
    }
    await dispatch(startSession(me, route));
  };

export const startSession =
  (me: UserProfile, route: Route): AppThunk<Promise<void>> =>
  async (dispatch, _getState, services) => {
    dispatch(usersReceived([me]));
    dispatch(localeChanged(pickLocale([me.locale])));
    dispatch(signedIn(me));
    dispatch(connectSocket());
    try {
      const teams = await dispatch(loadMyTeams());
      const wanted = route.teamName ? teams.find((t) => t.name === route.teamName) : undefined;
      const remembered = teams.find((t) => t.id === lastTeamId(services));
      const team = wanted ?? remembered ?? teams[0];
      if (team) await dispatch(selectTeam(team.id, wanted ? route.channelName : null));
    } catch (err) {
      dispatch(bootFailed(errorInfo(err).message));
    }
  };

export const login =
  (loginId: string, password: string, route: Route): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const me = await client.login(loginId, password);
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
