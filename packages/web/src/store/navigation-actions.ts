// Moving around: teams, channels, threads, and keeping the loaded parts of the store in step with them.
import type { Team } from '@mattermost/types/teams';
import type { Services } from '../api/services';
import type { AppThunk } from './store';
import { channelRemoved, channelsReceived, channelsReplaced, channelSelected, channelViewed, memberCountReceived, membersReceived, type Channel } from './channels-slice';
import { myTeamsLoaded, myTeamsReceived, teamSelected, teamUnreadsReceived } from './teams-slice';
import { channelPostsLoaded, channelWindowLoaded, newerPostsLoaded, newerPostsLoading, olderPostsLoading, postsUpserted, threadLoaded } from './posts-slice';
import { highlightEnded, newMessagesMarked, postHighlighted, threadClosed, threadOpened, toastShown, viewChanged, type NotificationRequest, type ToastMessage } from './ui-slice';
import { collapsedThreadsOn, loadThreads, loadThreadTotals, markThreadRead } from './thread-actions';
import { followingKnown } from './threads-slice';
import { loadDrafts } from './draft-actions';
import { loadPreferences } from './preference-actions';
import { ensureProfiles, ensureProfilesByUsername } from './profiles';
import { channelUnread, dmPartnerId, groupMemberUsernames, selectMyId, selectSidebarOrder } from './selectors';
import { errorToast } from './errors';
import { toPost, type Post } from './model';
import type { PostList } from '@mattermost/types/posts';

export const PAGE_SIZE = 60;

const LAST_TEAM = 'parley.lastTeam';
const lastChannelKey = (teamId: string) => `parley.lastChannel.${teamId}`;

function postsOf(list: Pick<PostList, 'order' | 'posts'>): Post[] {
  return list.order.map((id) => list.posts[id]).filter((p) => p !== undefined).map(toPost);
}

function authorsOf(posts: readonly Post[]): string[] {
  return posts.map((p) => p.user_id);
}

export const loadTeamChannels =
  (teamId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const [channels, members] = await Promise.all([client.getMyChannels(teamId), client.getMyChannelMembers(teamId)]);
    dispatch(channelsReplaced({ teamId, channels, members }));
    // Names of DM and GM partners arrive alongside the first channel's posts rather than before them.
    void dispatch(ensureConversationProfiles(channels));
  };

/** The people direct and group messages are named after. */
const ensureConversationProfiles =
  (channels: readonly Channel[]): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const state = getState();
    const myId = selectMyId(state);
    const partners = channels.map((c) => dmPartnerId(c, myId)).filter((id): id is string => id !== null);
    const groupNames = channels.flatMap((c) => groupMemberUsernames(c, state.users.byId[myId]?.username ?? ''));
    await Promise.all([dispatch(ensureProfiles(partners)), dispatch(ensureProfilesByUsername(groupNames))]);
  };

export const loadTeamUnreads = (): AppThunk<Promise<void>> => async (dispatch, _getState, { client }) => {
  try {
    dispatch(teamUnreadsReceived(await client.getMyTeamUnreads()));
  } catch {
    // Badges on other teams are a hint; they catch up with the next event.
  }
};

export const loadMyTeams = (): AppThunk<Promise<Team[]>> => async (dispatch, _getState, { client }) => {
  const teams = await client.getMyTeams();
  dispatch(myTeamsLoaded(teams));
  return teams;
};

/** Opens a team: the named channel, else the one last open there, else town-square (or its Threads view). */
export const selectTeam =
  (teamId: string, channelName: string | null = null, threadsView = false): AppThunk<Promise<void>> =>
  async (dispatch, getState, { storage }) => {
    dispatch(teamSelected(teamId));
    storage?.setItem(LAST_TEAM, teamId);
    await dispatch(loadTeamChannels(teamId));
    const state = getState();
    const inTeam = Object.values(state.channels.byId).filter((c) => state.channels.members[c.id] && (c.team_id === teamId || c.team_id === ''));
    const remembered = storage?.getItem(lastChannelKey(teamId));
    const pick =
      (channelName && inTeam.find((c) => c.name === channelName)) ||
      (remembered && inTeam.find((c) => c.id === remembered)) ||
      inTeam.find((c) => c.name === 'town-square' && c.team_id === teamId) ||
      inTeam.find((c) => c.team_id === teamId) ||
      inTeam[0];
    if (threadsView) {
      // The channel to go back to from the Threads view, not yet read: the person is not looking at it.
      if (pick) dispatch(channelSelected(pick.id));
      await dispatch(openThreadsView());
    } else if (pick) await dispatch(selectChannel(pick.id));
    else dispatch(channelSelected(null));
    void dispatch(loadTeamUnreads());
    void dispatch(loadDrafts(teamId));
    if (!threadsView) void dispatch(loadThreadTotals());
  };

export const lastTeamId = (services: Services): string | null => services.storage?.getItem(LAST_TEAM) ?? null;

export const loadLatestPosts =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const list = await client.getPosts(channelId, 0, PAGE_SIZE, false, true);
    const posts = postsOf(list);
    dispatch(channelPostsLoaded({ channelId, posts, hasOlder: list.order.length >= PAGE_SIZE }));
    await dispatch(ensureProfiles(authorsOf(posts)));
  };

export const loadOlderPosts =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().posts;
    const list = state.channels[channelId];
    if (!list || !list.hasOlder || list.loadingOlder) return;
    const oldest = list.order.find((id) => !state.pending[id]);
    if (!oldest) return;
    dispatch(olderPostsLoading({ channelId, loading: true }));
    try {
      const page = await client.getPostsBefore(channelId, oldest, 0, PAGE_SIZE, false, true);
      const posts = postsOf(page);
      dispatch(channelPostsLoaded({ channelId, posts, hasOlder: page.order.length >= PAGE_SIZE }));
      await dispatch(ensureProfiles(authorsOf(posts)));
    } catch (err) {
      dispatch(olderPostsLoading({ channelId, loading: false }));
      dispatch(toastShown(errorToast(err)));
    }
  };

/** Scrolling down in a window of old posts (a permalink): the next page, until it reaches the newest. */
export const loadNewerPosts =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().posts;
    const list = state.channels[channelId];
    if (!list || !list.hasNewer || list.loadingNewer) return;
    const loaded = list.order.filter((id) => !state.pending[id]);
    const newest = loaded[loaded.length - 1];
    if (!newest) return;
    dispatch(newerPostsLoading({ channelId, loading: true }));
    try {
      const page = await client.getPostsAfter(channelId, newest, 0, PAGE_SIZE, false, true);
      const posts = postsOf(page);
      dispatch(newerPostsLoaded({ channelId, posts, hasNewer: page.order.length >= PAGE_SIZE }));
      await dispatch(ensureProfiles(authorsOf(posts)));
    } catch (err) {
      dispatch(newerPostsLoading({ channelId, loading: false }));
      dispatch(toastShown(errorToast(err)));
    }
  };

/** From a window of old posts straight to the newest ones ("Jump to recent messages", or sending). */
export const jumpToLatest =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    try {
      const list = await client.getPosts(channelId, 0, PAGE_SIZE, false, true);
      const posts = postsOf(list);
      dispatch(channelWindowLoaded({ channelId, posts, hasOlder: list.order.length >= PAGE_SIZE, hasNewer: false }));
      await dispatch(ensureProfiles(authorsOf(posts)));
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
    }
  };

/** Posts each side of a permalink's post. */
export const PERMALINK_WINDOW = 30;
/** How long a post opened from a permalink stays marked. */
export const HIGHLIGHT_MS = 3000;

/**
 * A permalink (/<team>/pl/<post_id>, search's Jump): the post's channel, scrolled to it (to its root for a
 * reply, with the thread open), with the posts around it loaded even when it is old. A post that does not
 * exist or cannot be read says so and goes to town-square.
 */
export const openPermalink =
  (postId: string, known?: Post): AppThunk<Promise<void>> =>
  async (dispatch, getState, services) => {
    const { client } = services;
    const notFound = () => {
      dispatch(toastShown({ id: 'permalink.notFound' }));
      const state = getState();
      const teamId = state.teams.currentId;
      const square = Object.values(state.channels.byId).find((c) => c.team_id === teamId && c.name === 'town-square' && state.channels.members[c.id]);
      if (square) return dispatch(selectChannel(square.id));
      return teamId ? dispatch(selectTeam(teamId)) : Promise.resolve();
    };
    let post: Post;
    try {
      post = known ?? toPost(await client.getPost(postId));
    } catch {
      await notFound();
      return;
    }
    if (post.delete_at > 0) {
      await notFound();
      return;
    }
    const channelId = post.channel_id;
    const rootId = post.root_id || post.id;
    if (!getState().channels.members[channelId] && !(await dispatch(fetchChannel(channelId)))) {
      await notFound();
      return;
    }
    const channel = getState().channels.byId[channelId];
    if (!channel) {
      await notFound();
      return;
    }
    const loaded = getState().posts.channels[channelId];
    let highlighted = false;
    if (!loaded?.order.includes(rootId)) {
      try {
        const [root, before, after] = await Promise.all([
          rootId === post.id ? Promise.resolve(post) : client.getPost(rootId).then(toPost),
          client.getPostsBefore(channelId, rootId, 0, PERMALINK_WINDOW, false, true),
          client.getPostsAfter(channelId, rootId, 0, PERMALINK_WINDOW, false, true),
        ]);
        const posts = [...postsOf(before), root, ...postsOf(after)];
        // Marked first, so the list the window starts opens at this post.
        dispatch(postHighlighted({ postId: rootId, channelId }));
        highlighted = true;
        dispatch(channelWindowLoaded({ channelId, posts, hasOlder: before.order.length >= PERMALINK_WINDOW, hasNewer: after.order.length >= PERMALINK_WINDOW }));
        await dispatch(ensureProfiles(authorsOf(posts)));
      } catch {
        await notFound();
        return;
      }
    }
    if (!highlighted) dispatch(postHighlighted({ postId: rootId, channelId }));
    const seq = getState().ui.highlight?.seq ?? 0;
    services.setTimer(() => dispatch(highlightEnded(seq)), HIGHLIGHT_MS);
    const teamId = channel.team_id;
    const state = getState();
    if (teamId && teamId !== state.teams.currentId && state.teams.mine.includes(teamId)) await dispatch(selectTeam(teamId, channel.name));
    else await dispatch(selectChannel(channelId));
    if (post.root_id) await dispatch(openThread(post.root_id));
  };

// Channels with a view request scheduled, per client: a burst of posts in the open channel sends one.
const viewScheduled = new WeakMap<Services, Set<string>>();

export const markChannelViewed =
  (channelId: string, debounceMs = 0): AppThunk =>
  (dispatch, _getState, services) => {
    dispatch(channelViewed({ channelId, at: services.now() }));
    const scheduled = viewScheduled.get(services) ?? new Set<string>();
    viewScheduled.set(services, scheduled);
    if (scheduled.has(channelId)) return;
    scheduled.add(channelId);
    const send = () => {
      scheduled.delete(channelId);
      services.client.viewMyChannel(channelId).catch(() => {
        // The next view retries; the local counters are already right.
      });
    };
    if (debounceMs > 0) services.setTimer(send, debounceMs);
    else send();
  };

export const selectChannel =
  (channelId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client, storage }) => {
    const state = getState();
    const channel = state.channels.byId[channelId];
    if (!channel) return;
    dispatch(channelSelected(channelId));
    // Before the view below moves last_viewed_at to now.
    dispatch(noteNewMessages(channelId));
    const teamId = state.teams.currentId;
    if (teamId) storage?.setItem(lastChannelKey(teamId), channelId);
    const rootId = state.ui.threadRootId;
    if (rootId && state.posts.byId[rootId]?.channel_id !== channelId) dispatch(threadClosed());
    dispatch(markChannelViewed(channelId));
    client
      .getChannelStats(channelId)
      .then((s) => dispatch(memberCountReceived({ channelId, count: s.member_count })))
      .catch(() => {});
    if (!state.posts.channels[channelId]) {
      try {
        await dispatch(loadLatestPosts(channelId));
      } catch (err) {
        dispatch(toastShown(errorToast(err)));
      }
    }
  };

/**
 * Remembers where the unread part of a channel begins, for the "New messages" line, when the channel has
 * unread posts and no line yet (a line already shown stays where it is until another channel opens).
 */
export const noteNewMessages =
  (channelId: string): AppThunk =>
  (dispatch, getState) => {
    const state = getState();
    const member = state.channels.members[channelId];
    if (!member || state.ui.newMessages?.channelId === channelId || !channelUnread(state, channelId).unread) return;
    dispatch(newMessagesMarked({ channelId, since: member.last_viewed_at }));
  };

/**
 * The user is no longer in a channel (left, removed, or it was archived): forget it, and when it was the
 * open one, say why (if there is something to say) and go to the team's town-square.
 */
export const forgetChannel =
  (channelId: string, notice: ToastMessage | null = null): AppThunk =>
  (dispatch, getState) => {
    const wasCurrent = getState().channels.currentId === channelId;
    dispatch(channelRemoved(channelId));
    if (!wasCurrent) return;
    if (notice) dispatch(toastShown(notice));
    const state = getState();
    const teamId = state.teams.currentId;
    const mine = Object.values(state.channels.byId).filter((c) => state.channels.members[c.id] && c.delete_at === 0);
    const next = mine.find((c) => c.team_id === teamId && c.name === 'town-square') ?? mine.find((c) => c.team_id === teamId) ?? mine[0];
    if (next) void dispatch(selectChannel(next.id));
  };

export const openThread =
  (rootId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    dispatch(threadOpened(rootId));
    try {
      // Collapsed-threads listings say whether the reader follows the thread (is_following on the root).
      const list = await client.getPostThread(rootId, true, true);
      const posts = postsOf(list);
      dispatch(threadLoaded({ rootId, posts }));
      if (collapsedThreadsOn(getState())) {
        const root = list.posts[rootId] as { is_following?: boolean } | undefined;
        dispatch(followingKnown({ threadId: rootId, following: root?.is_following === true }));
        dispatch(markThreadRead(rootId));
      }
      await dispatch(ensureProfiles(authorsOf(posts)));
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
    }
  };

/** A channel (and the user's membership) the store does not know yet: created, joined or added. */
export const fetchChannel =
  (channelId: string): AppThunk<Promise<Channel | null>> =>
  async (dispatch, getState, { client }) => {
    try {
      const [channel, member] = await Promise.all([client.getChannel(channelId), client.getChannelMember(channelId, selectMyId(getState()))]);
      dispatch(channelsReceived([channel]));
      dispatch(membersReceived([member]));
      await dispatch(ensureConversationProfiles([channel]));
      return channel;
    } catch {
      return null;
    }
  };

export const fetchMyTeam =
  (teamId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    try {
      dispatch(myTeamsReceived([await client.getTeam(teamId)]));
    } catch {
      // Shown after the next full load.
    }
  };

/**
 * After the socket lost events for good (a new connection id): fetch what may have changed. The database
 * is the truth and `since` listings are exact, including deletions.
 */
export const resync = (): AppThunk<Promise<void>> => async (dispatch, getState, { client }) => {
  try {
    await dispatch(loadMyTeams());
    const teamId = getState().teams.currentId;
    if (teamId) await dispatch(loadTeamChannels(teamId));
    const posts = getState().posts;
    await Promise.all(
      Object.keys(posts.channels).map(async (channelId) => {
        if (!getState().channels.byId[channelId]) return;
        let since = 0;
        for (const p of Object.values(posts.byId)) if (p.channel_id === channelId && !posts.pending[p.id]) since = Math.max(since, p.update_at);
        if (since === 0) return;
        const list = await client.getPostsSince(channelId, since, false, false);
        const changed = Object.values(list.posts).map(toPost);
        dispatch(postsUpserted(changed));
        await dispatch(ensureProfiles(authorsOf(changed)));
      }),
    );
    const current = getState().channels.currentId;
    if (current) dispatch(markChannelViewed(current));
    const rootId = getState().ui.threadRootId;
    if (rootId) await dispatch(openThread(rootId));
    // Preferences and followed threads may have changed too (on another device, or while away).
    await Promise.all([dispatch(loadPreferences()), getState().ui.view === 'threads' ? dispatch(loadThreads()) : dispatch(loadThreadTotals()), teamId ? dispatch(loadDrafts(teamId)) : undefined]);
    await dispatch(loadTeamUnreads());
  } catch (err) {
    dispatch(toastShown(errorToast(err)));
  }
};

/** The Threads view: the followed threads of the current team instead of a channel. */
export const openThreadsView = (): AppThunk<Promise<void>> => async (dispatch, getState) => {
  const rootId = getState().ui.threadRootId;
  const root = rootId ? getState().posts.byId[rootId] : undefined;
  // A thread of the channel that was open stays open beside the list.
  if (rootId && !root) dispatch(threadClosed());
  dispatch(viewChanged('threads'));
  await dispatch(loadThreads());
};

/** Clicking a desktop notification: its team, its channel, and its thread when it was a reply. */
export const openNotificationTarget =
  (req: Pick<NotificationRequest, 'teamId' | 'channelId' | 'rootId'>): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const state = getState();
    if (req.teamId && req.teamId !== state.teams.currentId && state.teams.mine.includes(req.teamId)) await dispatch(selectTeam(req.teamId));
    if (!getState().channels.byId[req.channelId] && !(await dispatch(fetchChannel(req.channelId)))) return;
    await dispatch(selectChannel(req.channelId));
    if (req.rootId) await dispatch(openThread(req.rootId));
  };

/** Ctrl/Cmd+Alt+Up/Down: the previous or next team on the rail (wrapping around). */
export const switchTeamBy =
  (delta: number): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const { mine, currentId } = getState().teams;
    if (mine.length < 2) return;
    const i = currentId ? mine.indexOf(currentId) : -1;
    const next = mine[(i + delta + mine.length) % mine.length];
    if (next && next !== currentId) await dispatch(selectTeam(next));
  };

/** Alt+Up/Down: the channel above or below the open one in the sidebar (wrapping around). */
export const switchChannelBy =
  (delta: number): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    const state = getState();
    const order = selectSidebarOrder(state);
    if (order.length === 0) return;
    const i = state.channels.currentId ? order.indexOf(state.channels.currentId) : -1;
    const next = order[(i + delta + order.length) % order.length];
    if (next) await dispatch(selectChannel(next));
  };
