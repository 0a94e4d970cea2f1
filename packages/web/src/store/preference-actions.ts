// The user's preferences (favourite channels, saved posts, display settings): loaded with the session,
// changed optimistically, kept current across the user's sessions by preferences_changed events.
import type { PreferenceType } from '@mattermost/types/preferences';
import type { AppThunk } from './store';
import { PREF, prefKey, preferencesDeleted, preferencesLoaded, preferencesReceived, type Preference } from './preferences-slice';
import { toastShown } from './ui-slice';
import { isFavorite, isSavedPost, selectMyId } from './selectors';
import { errorToast } from './errors';

export const loadPreferences = (): AppThunk<Promise<void>> => async (dispatch, _getState, { client }) => {
  // Client4 types the answer as one preference; the server sends the list.
  const list = (await client.getMyPreferences()) as unknown as PreferenceType[];
  dispatch(preferencesLoaded((Array.isArray(list) ? list : []).map(({ category, name, value }) => ({ category, name, value }))));
};

/** Saves preferences, showing them at once and putting the old values back if the server refuses. */
export const savePreferences =
  (prefs: readonly Preference[]): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const myId = selectMyId(state);
    const before = prefs.map((p) => ({ ...p, value: state.preferences.byKey[prefKey(p.category, p.name)] }));
    dispatch(preferencesReceived([...prefs]));
    try {
      await client.savePreferences(myId, prefs.map((p) => ({ ...p, user_id: myId })));
      return true;
    } catch (err) {
      const had = before.filter((p): p is Preference => p.value !== undefined);
      dispatch(preferencesDeleted(before.filter((p) => p.value === undefined)));
      dispatch(preferencesReceived(had));
      dispatch(toastShown(errorToast(err)));
      return false;
    }
  };

export const deletePreferences =
  (prefs: readonly Pick<Preference, 'category' | 'name'>[]): AppThunk<Promise<boolean>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const myId = selectMyId(state);
    const before = prefs.flatMap((p) => {
      const value = state.preferences.byKey[prefKey(p.category, p.name)];
      return value === undefined ? [] : [{ ...p, value }];
    });
    dispatch(preferencesDeleted([...prefs]));
    try {
      await client.deletePreferences(myId, before.map((p) => ({ ...p, user_id: myId })));
      return true;
    } catch (err) {
      dispatch(preferencesReceived(before));
      dispatch(toastShown(errorToast(err)));
      return false;
    }
  };

export const savePreference = (category: string, name: string, value: string) => savePreferences([{ category, name, value }]);

export const toggleFavorite =
  (channelId: string): AppThunk<Promise<boolean>> =>
  (dispatch, getState) =>
    isFavorite(getState(), channelId) ? dispatch(deletePreferences([{ category: PREF.favorite, name: channelId }])) : dispatch(savePreference(PREF.favorite, channelId, 'true'));

export const toggleSavedPost =
  (postId: string): AppThunk<Promise<boolean>> =>
  (dispatch, getState) =>
    isSavedPost(getState(), postId) ? dispatch(deletePreferences([{ category: PREF.saved, name: postId }])) : dispatch(savePreference(PREF.saved, postId, 'true'));

/**
 * This client always shows collapsed reply threads (replies live in threads, not in the channel). When the
 * server leaves the choice to the user and they have not made it, record it, so the server keeps their
 * Threads list and unread replies as the client shows them.
 */
export const adoptCollapsedThreads = (): AppThunk<Promise<void>> => async (dispatch, getState) => {
  const state = getState();
  const mode = state.session.collapsedThreads;
  if (mode !== 'default_off' && mode !== 'default_on') return;
  if (state.preferences.byKey[prefKey(PREF.display, PREF.collapsedThreads)] !== undefined) return;
  await dispatch(savePreference(PREF.display, PREF.collapsedThreads, 'on'));
};
