// The Threads view (Mattermost's collapsed reply threads): the threads the user follows in the current team,
// their unread replies and mentions, reading and following them.
import type { AppThunk, RootState } from './store';
import { allThreadsRead, followingKnown, threadReadChanged, threadsLoaded, threadsLoadingMore, threadTotalsReceived, threadUnfollowed, type FollowedThread } from './threads-slice';
import { postsUpserted } from './posts-slice';
import { toastShown } from './ui-slice';
import { ensureProfiles } from './profiles';
import { selectMyId } from './selectors';
import { PREF, prefKey } from './preferences-slice';
import { errorToast } from './errors';
import { toPost, type IncomingPost } from './model';

export const THREADS_PAGE = 25;

/** A thread as the server sends it (UserThread); participants may be bare `{id}`s. */
export interface WireThread {
  id: string;
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  participants?: { id: string }[] | null;
  post: IncomingPost;
  unread_replies: number;
  unread_mentions: number;
}

export function toFollowedThread(w: WireThread): FollowedThread {
  return {
    id: w.id,
    channelId: w.post.channel_id,
    replyCount: w.reply_count,
    lastReplyAt: w.last_reply_at,
    lastViewedAt: w.last_viewed_at,
    unreadReplies: w.unread_replies,
    unreadMentions: w.unread_mentions,
    participants: (w.participants ?? []).map((p) => p.id),
  };
}

/**
 * Whether the server treats this user as on collapsed reply threads (the setting, then their
 * display_settings/collapsed_reply_threads preference): only then does it keep their thread list current.
 */
export function collapsedThreadsOn(s: RootState): boolean {
  const mode = s.session.collapsedThreads;
  if (mode === 'disabled') return false;
  if (mode === 'always_on') return true;
  const chosen = s.preferences.byKey[prefKey(PREF.display, PREF.collapsedThreads)];
  return (chosen ?? (mode === 'default_on' ? 'on' : 'off')) === 'on';
}

function storeThreads(threads: readonly WireThread[]): AppThunk<Promise<FollowedThread[]>> {
  return async (dispatch) => {
    const posts = threads.map((t) => toPost(t.post));
    dispatch(postsUpserted(posts));
    const followed = threads.map(toFollowedThread);
    await dispatch(ensureProfiles([...posts.map((p) => p.user_id), ...followed.flatMap((t) => t.participants)]));
    return followed;
  };
}

/** The first page of the team's followed threads (append: the next page, older than the last shown). */
export const loadThreads =
  (append = false): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const teamId = state.teams.currentId;
    if (!teamId || !collapsedThreadsOn(state)) return;
    const before = append ? (state.threads.order.at(-1) ?? '') : '';
    if (append) {
      if (!state.threads.hasMore || state.threads.loadingMore) return;
      dispatch(threadsLoadingMore(true));
    }
    try {
      const list = await client.getUserThreads(selectMyId(state), teamId, { perPage: THREADS_PAGE, before, threadsOnly: append });
      const threads = await dispatch(storeThreads((list.threads ?? []) as unknown as WireThread[]));
      if (getState().teams.currentId !== teamId) return;
      dispatch(
        threadsLoaded({
          threads,
          append,
          hasMore: threads.length >= THREADS_PAGE,
          totals: append ? undefined : { unreadThreads: list.total_unread_threads ?? 0, unreadMentions: list.total_unread_mentions ?? 0 },
        }),
      );
    } catch (err) {
      dispatch(threadsLoadingMore(false));
      dispatch(toastShown(errorToast(err)));
    }
  };

/** Just the unread totals, for the sidebar before the Threads view was ever opened. */
export const loadThreadTotals = (): AppThunk<Promise<void>> => async (dispatch, getState, { client }) => {
  const state = getState();
  const teamId = state.teams.currentId;
  if (!teamId || !collapsedThreadsOn(state)) return;
  try {
    const list = await client.getUserThreads(selectMyId(state), teamId, { totalsOnly: true });
    if (getState().teams.currentId === teamId) dispatch(threadTotalsReceived({ unreadThreads: list.total_unread_threads ?? 0, unreadMentions: list.total_unread_mentions ?? 0 }));
  } catch {
    // The badge is a hint; events keep it moving and the next load corrects it.
  }
};

/** The user has seen a thread up to now (it is open and visible), when they follow it. */
export const markThreadRead =
  (threadId: string): AppThunk =>
  (dispatch, getState, { client, now }) => {
    const state = getState();
    const teamId = state.teams.currentId;
    if (!teamId || !collapsedThreadsOn(state) || state.threads.following[threadId] !== true) return;
    const at = now();
    dispatch(threadReadChanged({ threadId, lastViewedAt: at, unreadReplies: 0, unreadMentions: 0 }));
    client.updateThreadReadForUser(selectMyId(state), teamId, threadId, at).catch(() => {
      // The next open retries; the count here is already right.
    });
  };

export const markAllThreadsRead = (): AppThunk<Promise<void>> => async (dispatch, getState, { client }) => {
  const state = getState();
  const teamId = state.teams.currentId;
  if (!teamId) return;
  dispatch(allThreadsRead());
  try {
    await client.updateThreadsReadForUser(selectMyId(state), teamId);
  } catch (err) {
    dispatch(toastShown(errorToast(err)));
  }
};

export const setThreadFollowing =
  (threadId: string, follow: boolean): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState();
    const teamId = state.teams.currentId;
    if (!teamId) return;
    try {
      dispatch(followingKnown({ threadId, following: follow }));
      await client.updateThreadFollowForUser(selectMyId(state), teamId, threadId, follow);
      if (!follow) dispatch(threadUnfollowed(threadId));
      else if (getState().threads.loaded) await dispatch(loadThreads());
    } catch (err) {
      dispatch(followingKnown({ threadId, following: !follow }));
      dispatch(toastShown(errorToast(err)));
    }
  };
