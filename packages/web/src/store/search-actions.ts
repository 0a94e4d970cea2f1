// Message search (Mattermost's searchPostsWithParams) and jumping from a result to where it was said.
import type { AppThunk } from './store';
import { listStarted, searchFailed, searchStarted, searchSucceeded } from './search-slice';
import { selectMyId } from './selectors';
import { threadClosed } from './ui-slice';
import { ensureProfiles } from './profiles';
import { openPermalink } from './navigation-actions';
import { errorToast } from './errors';
import { toPost, type IncomingPost } from './model';

export const SEARCH_PAGE_SIZE = 20;

/** Minutes west of UTC (getTimezoneOffset) → seconds east of UTC, which on:, before: and after: use. */
export function timeZoneOffsetSeconds(date: Date): number {
  return -date.getTimezoneOffset() * 60;
}

export const runSearch =
  (terms: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client, now }) => {
    const text = terms.trim();
    const teamId = getState().teams.currentId;
    if (text === '' || !teamId) return;
    // One side panel at a time: the results take the thread's place.
    dispatch(threadClosed());
    dispatch(searchStarted(text));
    const seq = getState().search.seq;
    try {
      const result = await client.searchPostsWithParams(teamId, {
        terms: text,
        is_or_search: false,
        include_deleted_channels: false,
        time_zone_offset: timeZoneOffsetSeconds(new Date(now())),
        page: 0,
        per_page: SEARCH_PAGE_SIZE,
      });
      const posts = (result.order ?? []).map((id) => result.posts?.[id]).filter((p) => p !== undefined).map(toPost);
      await dispatch(ensureProfiles(posts.map((p) => p.user_id)));
      dispatch(searchSucceeded({ seq, posts, matches: result.matches ?? {} }));
    } catch (err) {
      dispatch(searchFailed({ seq, error: errorToast(err) }));
    }
  };

const showList =
  (kind: 'saved' | 'pinned', channelId: string, fetch: () => Promise<{ order?: string[]; posts?: Record<string, IncomingPost> }>): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    dispatch(threadClosed());
    dispatch(listStarted({ kind, channelId }));
    const seq = getState().search.seq;
    try {
      const list = await fetch();
      const posts = (list.order ?? []).map((id) => list.posts?.[id]).filter((p) => p !== undefined).map(toPost);
      // Newest first, as search results are.
      posts.sort((a, b) => b.create_at - a.create_at);
      await dispatch(ensureProfiles(posts.map((p) => p.user_id)));
      dispatch(searchSucceeded({ seq, posts, matches: {} }));
    } catch (err) {
      dispatch(searchFailed({ seq, error: errorToast(err) }));
    }
  };

/** The posts the user saved (Mattermost's flagged posts), in every team. */
export const showSavedPosts = (): AppThunk<Promise<void>> => (dispatch, getState, { client }) =>
  dispatch(showList('saved', '', () => client.getFlaggedPosts(selectMyId(getState()), '', '', 0, 100)));

/** The posts pinned in a channel. */
export const showPinnedPosts =
  (channelId: string): AppThunk<Promise<void>> =>
  (dispatch, _getState, { client }) =>
    dispatch(showList('pinned', channelId, () => client.getPinnedPosts(channelId)));

/**
 * Opens a result where it was said, as its permalink does: the channel scrolled to it (to its root, with the
 * thread open, for a reply), the posts around it loaded however old it is.
 */
export const jumpToResult =
  (postId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const post = getState().search.posts[postId];
    if (!post) return;
    await dispatch(openPermalink(post.id, post));
  };
