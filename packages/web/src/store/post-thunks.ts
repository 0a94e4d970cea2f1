// Writing: optimistic posting (pending_post_id), edits, deletes, reactions, typing.
import type { AppThunk } from './store';
import { pendingPostAdded, pendingPostFailed, pendingPostRemoved, pendingPostRetried, postPinned } from './posts-slice';
import { postDeleted, postEdited, postReceived, reactionAdded, reactionRemoved } from './post-actions';
import { toastShown } from './ui-slice';
import { errorToast } from './errors';
import { toPost, type FileAttachment, type Post } from './model';
import type { Services } from '../api/services';
import { jumpToLatest } from './navigation-actions';

export const sendPost =
  (channelId: string, rootId: string, message: string, files: readonly FileAttachment[] = []): AppThunk<Promise<void>> =>
  async (dispatch, getState, { now }) => {
    const me = getState().session.me;
    const text = message.trim();
    if (!me || (text === '' && files.length === 0)) return;
    // Written while reading old posts (a permalink): the list goes to the newest, where this one will be.
    if (rootId === '' && getState().posts.channels[channelId]?.hasNewer) await dispatch(jumpToLatest(channelId));
    const at = now();
    // Mattermost's pending id shape; the server echoes it so the real post can replace this one.
    const pendingId = `${me.id}:${at}`;
    const post: Post = {
      id: pendingId,
      create_at: at,
      update_at: at,
      edit_at: 0,
      delete_at: 0,
      user_id: me.id,
      channel_id: channelId,
      root_id: rootId,
      message: text,
      type: '',
      props: {},
      pending_post_id: pendingId,
      reply_count: 0,
      is_pinned: false,
      reactions: [],
      files: [...files],
    };
    dispatch(pendingPostAdded(post));
    await dispatch(submitPendingPost(pendingId));
  };

export const submitPendingPost =
  (pendingId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const pending = getState().posts.byId[pendingId];
    if (!pending) return;
    dispatch(pendingPostRetried(pendingId));
    try {
      const created = toPost(
        await client.createPost({
          channel_id: pending.channel_id,
          root_id: pending.root_id,
          message: pending.message,
          pending_post_id: pendingId,
          ...(pending.files.length > 0 ? { file_ids: pending.files.map((f) => f.id) } : {}),
        }),
      );
      dispatch(postReceived({ post: { ...created, pending_post_id: pendingId }, isNew: !getState().posts.byId[created.id], read: true, mentioned: false }));
    } catch {
      dispatch(pendingPostFailed(pendingId));
    }
  };

export const discardPendingPost =
  (pendingId: string): AppThunk =>
  (dispatch) => {
    dispatch(pendingPostRemoved(pendingId));
  };

export const editPost =
  (postId: string, message: string): AppThunk<Promise<boolean>> =>
  async (dispatch, _getState, { client }) => {
    try {
      dispatch(postEdited(toPost(await client.patchPost({ id: postId, message: message.trim() }))));
      return true;
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
      return false;
    }
  };

export const deletePost =
  (postId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const post = getState().posts.byId[postId];
    if (!post) return;
    try {
      await client.deletePost(postId);
      dispatch(postDeleted(post));
    } catch (err) {
      dispatch(toastShown(errorToast(err)));
    }
  };

/** Pins or unpins a post in its channel; shown at once, the server's post_edited confirms it to everyone. */
export const setPinned =
  (postId: string, pinned: boolean): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(postPinned({ postId, pinned }));
    try {
      if (pinned) await client.pinPost(postId);
      else await client.unpinPost(postId);
    } catch (err) {
      dispatch(postPinned({ postId, pinned: !pinned }));
      dispatch(toastShown(errorToast(err)));
    }
  };

export const toggleReaction =
  (postId: string, emojiName: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client, now }) => {
    const state = getState();
    const me = state.session.me;
    const post = state.posts.byId[postId];
    if (!me || !post || state.posts.pending[postId]) return;
    const reaction = { user_id: me.id, post_id: postId, emoji_name: emojiName, create_at: now() };
    const had = post.reactions.some((r) => r.user_id === me.id && r.emoji_name === emojiName);
    // Shown at once; the server's reaction event is idempotent with it.
    dispatch(had ? reactionRemoved(reaction) : reactionAdded(reaction));
    try {
      if (had) await client.removeReaction(me.id, postId, emojiName);
      else await client.addReaction(me.id, postId, emojiName);
    } catch (err) {
      dispatch(had ? reactionAdded(reaction) : reactionRemoved(reaction));
      dispatch(toastShown(errorToast(err)));
    }
  };

// When each (channel, thread) last told the server "typing", per client.
const lastTyping = new WeakMap<Services, Map<string, number>>();
export const TYPING_THROTTLE_MS = 3000;

export const sendTyping =
  (channelId: string, parentId: string): AppThunk =>
  (_dispatch, getState, services) => {
    const state = getState();
    if (state.session.socket !== 'connected') return;
    // As Mattermost's web app: nobody is told who types in a channel this big (the count comes with its stats).
    if ((state.channels.memberCounts[channelId] ?? 0) >= state.session.maxNotificationsPerChannel) return;
    const sent = lastTyping.get(services) ?? new Map<string, number>();
    lastTyping.set(services, sent);
    const key = `${channelId}:${parentId}`;
    const at = services.now();
    if (at - (sent.get(key) ?? 0) < TYPING_THROTTLE_MS) return;
    sent.set(key, at);
    services.socket.userTyping(channelId, parentId);
  };

/** The newest post of mine in a channel (roots) or thread (replies) that can be edited: for Up in the message box. */
export const lastOwnPostId =
  (channelId: string, rootId: string): AppThunk<string | null> =>
  (_dispatch, getState) => {
    const state = getState();
    const me = state.session.me?.id;
    const order = rootId ? state.posts.threads[rootId] ?? [] : state.posts.channels[channelId]?.order ?? [];
    for (let i = order.length - 1; i >= 0; i -= 1) {
      const post = state.posts.byId[order[i]!];
      if (post && post.user_id === me && !state.posts.pending[post.id] && !post.type.startsWith('system_')) return post.id;
    }
    // In a thread, the root is the last thing left to edit.
    const root = rootId ? state.posts.byId[rootId] : undefined;
    return root && root.user_id === me ? root.id : null;
  };
