import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signedOut } from './session-slice';
import { postDeleted, postEdited, postReceived, reactionAdded, reactionRemoved } from './post-actions';
import { byCreateAt, type Post } from './model';

export interface ChannelPosts {
  /** Root post ids, oldest first (replies live in threads: the channel shows collapsed threads). */
  order: string[];
  hasOlder: boolean;
  loadingOlder: boolean;
  /**
   * The loaded part ends before the newest posts (a window around an old post opened from a permalink):
   * posts after it are not loaded yet, and new ones wait until the window reaches them.
   */
  hasNewer?: boolean;
  loadingNewer?: boolean;
  /** Counts the windows that replaced the list: a new one is a new list to show, positioned afresh. */
  windowSeq?: number;
}

export type PendingState = 'sending' | 'failed';

export interface PostsState {
  byId: Record<string, Post>;
  channels: Record<string, ChannelPosts>;
  /** Reply ids per root, oldest first; present once the thread has been fetched. */
  threads: Record<string, string[]>;
  /** Optimistic posts by their pending id. */
  pending: Record<string, PendingState>;
}

const initialState: PostsState = { byId: {}, channels: {}, threads: {}, pending: {} };

function insertSorted(order: string[], id: string, byId: Record<string, Post>): void {
  if (order.includes(id)) return;
  const post = byId[id]!;
  let i = order.length;
  // Nearly every insert is the newest post, so walk from the end.
  while (i > 0 && byCreateAt(byId[order[i - 1]!]!, post) > 0) i -= 1;
  order.splice(i, 0, id);
}

function removeId(order: string[] | undefined, id: string): void {
  if (!order) return;
  const i = order.indexOf(id);
  if (i >= 0) order.splice(i, 1);
}

/**
 * Whether a root post belongs in the loaded part of its channel's list. One older than the oldest loaded
 * post (an old thread opened from search, an old post edited while away) would leave a gap of unloaded
 * posts above the newest ones, so it waits for the page that contains it.
 */
function withinLoaded(state: PostsState, list: ChannelPosts, post: Post): boolean {
  const loaded = list.order.filter((id) => !state.pending[id]);
  if (list.hasNewer) {
    // Likewise one newer than the window: the posts between are not loaded.
    const newest = loaded[loaded.length - 1];
    const newestPost = newest ? state.byId[newest] : undefined;
    if (newestPost === undefined || byCreateAt(post, newestPost) > 0) return false;
  }
  if (!list.hasOlder) return true;
  const oldestPost = loaded[0] ? state.byId[loaded[0]] : undefined;
  return oldestPost === undefined || byCreateAt(post, oldestPost) >= 0;
}

/**
 * Stores a post the server sent as it now is, placing it in its channel or thread list when that is loaded.
 * `contiguous`: the post comes with a page of the channel's history, which extends the loaded part.
 */
function upsert(state: PostsState, post: Post, contiguous = false): void {
  if (post.delete_at > 0) {
    remove(state, post, false);
    return;
  }
  const known = state.byId[post.id];
  if (known && known.update_at > post.update_at) return;
  const sameVersion = known !== undefined && known.update_at === post.update_at;
  state.byId[post.id] = sameVersion
    ? { ...post, reactions: post.reactions.length === 0 ? known.reactions : post.reactions, files: post.files.length === 0 ? known.files : post.files }
    : post;
  if (post.root_id === '') {
    const list = state.channels[post.channel_id];
    if (list && (contiguous || list.order.includes(post.id) || withinLoaded(state, list, post))) insertSorted(list.order, post.id, state.byId);
  } else {
    const thread = state.threads[post.root_id];
    if (thread) insertSorted(thread, post.id, state.byId);
  }
}

function remove(state: PostsState, post: Pick<Post, 'id' | 'root_id' | 'channel_id'>, adjustCount: boolean): void {
  const known = state.byId[post.id];
  delete state.byId[post.id];
  if (post.root_id === '') {
    removeId(state.channels[post.channel_id]?.order, post.id);
    delete state.threads[post.id];
  } else {
    removeId(state.threads[post.root_id], post.id);
    const root = state.byId[post.root_id];
    if (root && known && adjustCount) root.reply_count = Math.max(0, root.reply_count - 1);
  }
}

export const postsSlice = createSlice({
  name: 'posts',
  initialState,
  reducers: {
    channelPostsLoaded(state, action: PayloadAction<{ channelId: string; posts: Post[]; hasOlder?: boolean }>) {
      const { channelId, posts, hasOlder } = action.payload;
      const list = (state.channels[channelId] ??= { order: [], hasOlder: true, loadingOlder: false });
      for (const p of posts) upsert(state, p, true);
      if (hasOlder !== undefined) list.hasOlder = hasOlder;
      list.loadingOlder = false;
    },
    /**
     * A window of posts around one post (a permalink): the channel's list becomes that window, with gaps
     * before and after it as the server said; posts already loaded outside it stay stored by id.
     */
    channelWindowLoaded(state, action: PayloadAction<{ channelId: string; posts: Post[]; hasOlder: boolean; hasNewer: boolean }>) {
      const { channelId, posts, hasOlder, hasNewer } = action.payload;
      const previous = state.channels[channelId];
      const pendingIds = previous?.order.filter((id) => state.pending[id]) ?? [];
      const list = { order: [] as string[], hasOlder, loadingOlder: false, hasNewer, loadingNewer: false, windowSeq: (previous?.windowSeq ?? 0) + 1 };
      state.channels[channelId] = list;
      for (const p of posts) upsert(state, p, true);
      const stored = state.channels[channelId]!;
      // Your own posts still being sent belong after the newest posts, so only when the window reaches them.
      if (!hasNewer) for (const id of pendingIds) insertSorted(stored.order, id, state.byId);
    },
    /** The page after the window; `hasNewer: false` once it reaches the newest post. */
    newerPostsLoaded(state, action: PayloadAction<{ channelId: string; posts: Post[]; hasNewer: boolean }>) {
      const { channelId, posts, hasNewer } = action.payload;
      const list = state.channels[channelId];
      if (!list) return;
      for (const p of posts) upsert(state, p, true);
      list.hasNewer = hasNewer;
      list.loadingNewer = false;
    },
    newerPostsLoading(state, action: PayloadAction<{ channelId: string; loading: boolean }>) {
      const list = state.channels[action.payload.channelId];
      if (list) list.loadingNewer = action.payload.loading;
    },
    olderPostsLoading(state, action: PayloadAction<{ channelId: string; loading: boolean }>) {
      const list = state.channels[action.payload.channelId];
      if (list) list.loadingOlder = action.payload.loading;
    },
    postsUpserted(state, action: PayloadAction<Post[]>) {
      for (const p of action.payload) upsert(state, p);
    },
    threadLoaded(state, action: PayloadAction<{ rootId: string; posts: Post[] }>) {
      const { rootId, posts } = action.payload;
      state.threads[rootId] ??= [];
      for (const p of posts) upsert(state, p);
      const root = state.byId[rootId];
      const thread = state.threads[rootId];
      // Pending replies stay; everything else in the thread came from the server just now.
      if (root && thread) root.reply_count = Math.max(root.reply_count, thread.filter((id) => !state.pending[id]).length);
    },
    pendingPostAdded(state, action: PayloadAction<Post>) {
      const post = action.payload;
      state.byId[post.id] = post;
      state.pending[post.id] = 'sending';
      if (post.root_id === '') {
        const list = state.channels[post.channel_id];
        // Beyond a window of old posts it waits, like the newest posts, until the list reaches the end.
        if (list && !list.hasNewer) insertSorted(list.order, post.id, state.byId);
      } else {
        const thread = (state.threads[post.root_id] ??= []);
        insertSorted(thread, post.id, state.byId);
        const root = state.byId[post.root_id];
        if (root) root.reply_count += 1;
      }
    },
    pendingPostFailed(state, action: PayloadAction<string>) {
      if (state.pending[action.payload]) state.pending[action.payload] = 'failed';
    },
    pendingPostRetried(state, action: PayloadAction<string>) {
      if (state.pending[action.payload]) state.pending[action.payload] = 'sending';
    },
    postPinned(state, action: PayloadAction<{ postId: string; pinned: boolean }>) {
      const post = state.byId[action.payload.postId];
      if (post) post.is_pinned = action.payload.pinned;
    },
    pendingPostRemoved(state, action: PayloadAction<string>) {
      const post = state.byId[action.payload];
      delete state.pending[action.payload];
      if (post) remove(state, post, true);
    },
  },
  extraReducers: (b) =>
    b
      .addCase(signedOut, () => initialState)
      .addCase(postReceived, (state, { payload: { post } }) => {
        const pendingId = post.pending_post_id;
        const pending = pendingId && pendingId !== post.id ? state.byId[pendingId] : undefined;
        if (pending && pendingId) {
          // The server's copy takes the optimistic post's place, so the list does not jump.
          delete state.byId[pendingId];
          delete state.pending[pendingId];
          state.byId[post.id] = post;
          const order = post.root_id === '' ? state.channels[post.channel_id]?.order : state.threads[post.root_id];
          if (order) {
            const i = order.indexOf(pendingId);
            if (i >= 0 && !order.includes(post.id)) order[i] = post.id;
            else removeId(order, pendingId);
          }
          return;
        }
        const isNew = !state.byId[post.id];
        upsert(state, post);
        if (isNew && post.root_id !== '') {
          const root = state.byId[post.root_id];
          if (root) root.reply_count += 1;
        }
      })
      .addCase(postEdited, (state, { payload: post }) => {
        const known = state.byId[post.id];
        if (!known) return;
        state.byId[post.id] = {
          ...post,
          reactions: post.reactions.length > 0 ? post.reactions : known.reactions,
          reply_count: post.reply_count || known.reply_count,
        };
      })
      .addCase(postDeleted, (state, { payload: post }) => {
        remove(state, post, true);
      })
      .addCase(reactionAdded, (state, { payload: r }) => {
        const post = state.byId[r.post_id];
        if (!post || post.reactions.some((x) => x.user_id === r.user_id && x.emoji_name === r.emoji_name)) return;
        post.reactions.push(r);
      })
      .addCase(reactionRemoved, (state, { payload: r }) => {
        const post = state.byId[r.post_id];
        if (post) post.reactions = post.reactions.filter((x) => !(x.user_id === r.user_id && x.emoji_name === r.emoji_name));
      }),
});

export const {
  channelPostsLoaded,
  channelWindowLoaded,
  newerPostsLoaded,
  newerPostsLoading,
  olderPostsLoading,
  postsUpserted,
  threadLoaded,
  pendingPostAdded,
  pendingPostFailed,
  pendingPostRetried,
  pendingPostRemoved,
  postPinned,
} = postsSlice.actions;
