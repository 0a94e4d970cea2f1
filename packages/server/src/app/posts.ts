// Posts: create, edit, delete, list, threads, pins, unread markers. Mirrors server/channels/app/post.go
// (CreatePostAsUser, UpdatePost, DeletePost, GetPostsSince, AddCursorIdsForPostList …).
import { makeEvent, type EventHooks, type ServerEvent } from '../events/event.js';
import { badRequest, notFound, permissionError } from '../platform/errors.js';
import { isValidId, newId } from '../platform/ids.js';
import { presentPost, type PostListView, type PostView } from '../presenters/post.js';
import { JOIN_LEAVE_POST_TYPES, type ChannelUnreadAt } from '../store/posts.js';
import type { Channel, ChannelMember, MemberProfile, Post, PostPriority, Store, User } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AfterCommit, type AppContext, type Emit } from './context.js';
import { buildKeywords } from './mentions.js';
import { assignActionIds } from './post-actions.js';
import type { NewPostNotifications } from './notifications.js';
import type { PriorityInput } from './post-priority.js';
import { findMentions, parseHashtags, type MentionKeywords } from './post-text.js';
import type { AuthSession } from './session.js';

export interface SystemPostInput {
  channelId: string;
  /** The user the system message is about (author of record). */
  userId: string;
  /** Mattermost post type, e.g. system_join_channel, system_header_change. */
  type: string;
  message: string;
  props?: Record<string, unknown>;
}

export interface CreatePostInput {
  channel_id: string;
  message?: string;
  root_id?: string;
  file_ids?: string[];
  props?: Record<string, unknown>;
  pending_post_id?: string;
  type?: string;
  /** metadata.priority as the client sent it. */
  priority?: PriorityInput;
}

export interface PostPatch {
  message?: string;
  props?: Record<string, unknown>;
  file_ids?: string[];
  is_pinned?: boolean;
}

export interface ChannelPostsQuery {
  page: number;
  perPage: number;
  since?: number;
  before?: string;
  after?: string;
  includeDeleted?: boolean;
  collapsedThreads?: boolean;
}

export interface ThreadQuery {
  direction?: 'up' | 'down';
  /** 0 = the whole thread. */
  perPage: number;
  fromPost?: string;
  fromCreateAt?: number;
  fromUpdateAt?: number;
  updatesOnly?: boolean;
  /** The client shows collapsed threads: the root says whether the caller follows it. */
  collapsedThreads?: boolean;
}

export const MAX_MESSAGE_RUNES = 16383;
const MAX_PROPS_RUNES = 800000;
const MAX_FILE_IDS_JSON = 300;
const SINCE_LIMIT = 1000;
/** Posts scanned when recounting mentions for set_unread. */
const UNREAD_SCAN_LIMIT = 5000;

const postNotFound = (id: string) => notFound('app.post.get.app_error', 'Unable to get the post.', `post_id=${id}`);
const channelNotFound = (id: string) => notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.', `channel_id=${id}`);
const invalidRoot = () => badRequest('api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');

function runes(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

function validateContent(message: string | undefined, props: Record<string, unknown> | undefined, fileIds: string[] | undefined): void {
  // PostgreSQL text cannot hold NUL; refuse it on both engines rather than fail on one.
  if (message !== undefined && message.includes('\u0000')) {
    throw badRequest('model.post.is_valid.msg.app_error', 'Invalid message: it contains a NUL character.');
  }
  if (message !== undefined && runes(message) > MAX_MESSAGE_RUNES) {
    throw badRequest('model.post.is_valid.message_length.app_error', `Message must be ${MAX_MESSAGE_RUNES} characters or fewer.`);
  }
  if (props !== undefined && runes(JSON.stringify(props)) > MAX_PROPS_RUNES) {
    throw badRequest('model.post.is_valid.props.app_error', 'Invalid props: too large.');
  }
  if (fileIds !== undefined && (fileIds.some((id) => !isValidId(id)) || JSON.stringify(fileIds).length > MAX_FILE_IDS_JSON)) {
    throw badRequest('model.post.is_valid.file_ids.app_error', 'Invalid file ids.');
  }
}

/**
 * Props only integrations may set (Mattermost's ContainsIntegrationsReservedProps): a user posting them
 * through the API could pass for a webhook or post under someone else's name.
 */
export const INTEGRATION_PROPS: readonly string[] = ['from_webhook', 'override_username', 'webhook_display_name', 'override_icon_url', 'override_icon_emoji'];

function withoutIntegrationProps(props: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!props) return {};
  const out = { ...props };
  for (const k of INTEGRATION_PROPS) delete out[k];
  return out;
}

export interface IntegrationPostInput {
  /** The author of record: a webhook's creator, or the user who ran a command. */
  userId: string;
  channelId: string;
  rootId?: string;
  message: string;
  /** '' , 'slack_attachment', 'me' or custom_*; never system_*. */
  type: string;
  props: Record<string, unknown>;
}

/** An ephemeral post: shown to one user on their sockets, never stored. */
export interface EphemeralPostInput {
  channel_id: string;
  message: string;
  root_id?: string;
  props?: Record<string, unknown>;
  /** The author shown; defaults to the recipient. */
  user_id?: string;
}

/** Users may post ordinary messages, /me messages and plugin-style custom_ types; system_ types are the server's. */
function validateUserPostType(type: string): void {
  if ((type !== '' && type !== 'me' && !type.startsWith('custom_')) || type.includes('\u0000')) {
    throw badRequest('model.post.is_valid.type.app_error', 'Invalid post type.', `type=${type}`);
  }
}

/** A post as any listing may show it: live, or deleted but not an edit-history row. */
function isListable(p: Post | undefined): p is Post {
  return p !== undefined && p.original_id === '';
}

/** How long after creation a retried post is announced again. */
const REANNOUNCE_WINDOW_MS = 5 * 60 * 1000;

/** The `posted` event; `hooks` add `mentions` / `followers` for the users they name. */
function postedEvent(view: PostView, channel: Channel, author: User | undefined, setOnline: boolean, hooks?: EventHooks): ServerEvent {
  return makeEvent(
    'posted',
    {
      post: JSON.stringify(presentPost(view.post, view.extras)),
      channel_type: channel.type,
      channel_display_name: channel.display_name,
      channel_name: channel.name,
      sender_name: author ? `@${author.username}` : '',
      team_id: channel.team_id,
      set_online: setOnline,
    },
    { channelId: channel.id },
    hooks ? { hooks } : {},
  );
}

export class PostService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  // ---- reading helpers -------------------------------------------------------------------------

  /** A live post the caller may read (read_channel_content on its channel), with that channel. */
  async readablePost(session: AuthSession, postId: string): Promise<{ post: Post; channel: Channel }> {
    const store = this.ctx.store;
    const post = await this.getLivePost(store, postId);
    const channel = await this.getChannel(store, post.channel_id);
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    return { post, channel };
  }

  private async getLivePost(store: Store, postId: string): Promise<Post> {
    const post = await store.posts.get(postId);
    if (!post || post.delete_at > 0 || post.original_id !== '') throw postNotFound(postId);
    return post;
  }

  private async getChannel(store: Store, channelId: string): Promise<Channel> {
    const channel = await store.channels.get(channelId);
    if (!channel) throw channelNotFound(channelId);
    return channel;
  }

  /** Reactions and thread counters for each post, loaded in two queries. */
  async buildViews(store: Store, posts: readonly Post[]): Promise<Map<string, PostView>> {
    const withReactions = posts.filter((p) => p.has_reactions).map((p) => p.id);
    const withFiles = posts.filter((p) => p.file_ids.length > 0 && p.delete_at === 0).map((p) => p.id);
    const [reactions, threads, files, priorities] = await Promise.all([
      store.reactions.getForPosts(withReactions),
      store.threads.getMany([...new Set(posts.map((p) => p.root_id || p.id))]),
      store.files.getForPosts(withFiles),
      store.postPriority.getForPosts(posts.filter((p) => p.root_id === '').map((p) => p.id)),
    ]);
    const priorityByPost = new Map(priorities.map((p) => [p.post_id, p]));
    const acks = await store.postPriority.getAcksForPosts(priorities.filter((p) => p.requested_ack).map((p) => p.post_id));
    const acksByPost = new Map<string, typeof acks>();
    for (const a of acks) acksByPost.set(a.post_id, [...(acksByPost.get(a.post_id) ?? []), a]);
    const filesByPost = new Map<string, typeof files>();
    for (const f of files) filesByPost.set(f.post_id, [...(filesByPost.get(f.post_id) ?? []), f]);
    const reactionsByPost = new Map<string, typeof reactions>();
    for (const r of reactions) {
      const list = reactionsByPost.get(r.post_id) ?? [];
      list.push(r);
      reactionsByPost.set(r.post_id, list);
    }
    const threadById = new Map(threads.map((t) => [t.post_id, t]));
    const views = new Map<string, PostView>();
    for (const p of posts) {
      const thread = threadById.get(p.root_id || p.id);
      const isRootWithThread = p.root_id === '' && thread !== undefined;
      views.set(p.id, {
        post: p,
        extras: {
          reactions: reactionsByPost.get(p.id) ?? [],
          ...(filesByPost.has(p.id) ? { files: filesByPost.get(p.id) } : {}),
          ...(priorityByPost.has(p.id) ? { priority: priorityByPost.get(p.id), acknowledgements: acksByPost.get(p.id) ?? [] } : {}),
          replyCount: thread ? Number(thread.reply_count) : 0,
          ...(isRootWithThread ? { lastReplyAt: Number(thread.last_reply_at), participants: thread.participants } : {}),
        },
      });
    }
    return views;
  }

  async buildView(store: Store, post: Post, pendingPostId?: string): Promise<PostView> {
    const view = (await this.buildViews(store, [post])).get(post.id)!;
    if (pendingPostId) view.extras.pendingPostId = pendingPostId;
    return view;
  }

  /** A list in the given order; with `context`, the roots of replies ride along in `posts` (not in `order`). */
  private async makeList(store: Store, ordered: readonly Post[], context: { includeDeletedRoots: boolean } | null): Promise<PostListView> {
    const all = new Map(ordered.map((p) => [p.id, p]));
    if (context) {
      const missing = [...new Set(ordered.filter((p) => p.root_id && !all.has(p.root_id)).map((p) => p.root_id))];
      for (const root of await store.posts.getMany(missing)) {
        if (isListable(root) && (root.delete_at === 0 || context.includeDeletedRoots)) all.set(root.id, root);
      }
    }
    return {
      order: ordered.map((p) => p.id),
      posts: await this.buildViews(store, [...all.values()]),
      nextPostId: '',
      prevPostId: '',
    };
  }

  /**
   * Collapsed-thread listings tell the viewer which roots they follow (Mattermost's IsFollowing, present
   * only where the viewer has a thread membership).
   */
  private async markFollowing(store: Store, userId: string, list: PostListView): Promise<PostListView> {
    const roots = [...list.posts.values()].filter((v) => v.post.root_id === '').map((v) => v.post.id);
    for (const m of await store.threads.getMembershipsOfUser(userId, roots)) {
      const v = list.posts.get(m.post_id);
      if (v) v.extras.isFollowing = m.following;
    }
    return list;
  }

  // ---- create ------------------------------------------------------------------------------------

  /**
   * POST /posts. A retry with the same pending_post_id returns the first post instead of a second one;
   * the unique (user_id, pending_post_id) index makes that hold for concurrent retries on any node.
   */
  async createPost(session: AuthSession, input: CreatePostInput, opts: { setOnline?: boolean } = {}): Promise<PostView> {
    const message = input.message ?? '';
    const type = input.type ?? '';
    validateUserPostType(type);
    validateContent(message, input.props, input.file_ids);
    const priority = this.app.postPriority.parse(session, input.priority, input.root_id ?? '');
    const pending = input.pending_post_id ?? '';
    const repeat = await this.findRepeat(session, pending);
    if (repeat) return repeat;
    try {
      return await inTransaction(this.ctx, async (tx, emit, afterCommit) => {
        await this.app.authz.requireChannel(session, input.channel_id, 'create_post', tx);
        const channel = await this.getChannel(tx, input.channel_id);
        if (channel.delete_at > 0) {
          throw badRequest('api.post.create_post.can_not_post_to_deleted.error', 'Can not post to deleted channel.');
        }
        const root = input.root_id ? await this.resolveRoot(tx, input.root_id, channel.id) : undefined;
        const author = await tx.users.get(session.userId);
        const props = withoutIntegrationProps(input.props);
        if (author?.is_bot) props.from_bot = 'true';
        assignActionIds(props);
        const fromIntegration = props.from_bot === 'true';
        const { view, notifications } = await this.insertPost(tx, emit, channel, author, root, {
          user_id: session.userId,
          message,
          type,
          props,
          file_ids: input.file_ids ?? [],
          pending_post_id: pending,
        }, { session, markViewed: !fromIntegration, setOnline: opts.setOnline ?? true, priority });
        // The draft this post came from is done with (Mattermost's deleteDraftsAssociatedWithPost).
        await this.app.drafts.deleteDraftInTx(tx, emit, session.userId, channel.id, root?.id ?? '', '');
        if (author) afterCommit(() => this.app.email.sendPostNotifications({ post: view.post, channel, sender: author, notifications }));
        this.triggerOutgoingWebhooks(afterCommit, view.post, channel, author);
        return view;
      });
    } catch (err) {
      // Lost a race with a concurrent retry: the unique index refused the second insert.
      const winner = await this.findRepeat(session, pending);
      if (winner) return winner;
      throw err;
    }
  }

  private async findRepeat(session: AuthSession, pending: string): Promise<PostView | undefined> {
    if (!pending) return undefined;
    const store = this.ctx.store;
    const existing = await store.posts.getByPendingId(session.userId, pending);
    if (!existing) return undefined;
    const view = await this.buildView(store, existing, pending);
    // A retry means the client never saw the answer: the node may have died between commit and publish,
    // so a recent post is announced again (clients take a `posted` they already have as a no-op).
    if (existing.delete_at === 0 && this.ctx.clock.now() - existing.create_at < REANNOUNCE_WINDOW_MS) {
      const channel = await store.channels.get(existing.channel_id);
      if (channel) await this.ctx.bus.publish(postedEvent(view, channel, await store.users.get(existing.user_id), true));
    }
    return view;
  }

  /**
   * Outgoing webhooks hear of a post once it is committed, without holding up the request (Mattermost's
   * handleWebhookEvents). Posts by webhooks, bots and the system never trigger them, so no integration
   * can answer itself in a loop.
   */
  private triggerOutgoingWebhooks(afterCommit: AfterCommit, post: Post, channel: Channel, author: User | undefined): void {
    if (!this.ctx.config.settings.enableOutgoingWebhooks || channel.type !== 'O' || !author || author.is_bot) return;
    if (post.type.startsWith('system_') || post.props.from_webhook === 'true' || post.props.from_bot === 'true') return;
    afterCommit(() => this.app.webhooks.handleWebhookEvents(post, channel, author));
  }

  /**
   * A post made on behalf of an integration (Mattermost's CreatePost without a session): incoming and
   * outgoing webhook posts, slash command responses. The caller has checked what the integration may do;
   * this validates the content and writes the post like any other. from_webhook posts do not mark the
   * channel read for their author and trigger no outgoing webhooks.
   */
  async createIntegrationPost(input: IntegrationPostInput): Promise<PostView> {
    if (input.type.startsWith('system_')) throw badRequest('api.context.invalid_param.app_error', 'Invalid or missing post.type parameter.');
    if (input.type !== '' && input.type !== 'me' && input.type !== 'slack_attachment' && !input.type.startsWith('custom_')) {
      throw badRequest('model.post.is_valid.type.app_error', 'Invalid post type.', `type=${input.type.slice(0, 40)}`);
    }
    validateContent(input.message, input.props, []);
    return inTransaction(this.ctx, async (tx, emit, afterCommit) => {
      const channel = await this.getChannel(tx, input.channelId);
      if (channel.delete_at > 0) throw badRequest('api.post.create_post.can_not_post_to_deleted.error', 'Can not post to deleted channel.');
      const root = input.rootId ? await this.resolveRoot(tx, input.rootId, channel.id) : undefined;
      const author = await tx.users.get(input.userId);
      if (!author) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
      if (author.is_bot) input.props.from_bot = 'true';
      assignActionIds(input.props);
      const fromIntegration = input.props.from_webhook === 'true' || input.props.from_bot === 'true';
      const { view, notifications } = await this.insertPost(tx, emit, channel, author, root, {
        user_id: author.id,
        message: input.message,
        type: input.type,
        props: input.props,
        file_ids: [],
        pending_post_id: '',
      }, { session: null, markViewed: !fromIntegration, setOnline: false });
      afterCommit(() => this.app.email.sendPostNotifications({ post: view.post, channel, sender: author, notifications }));
      this.triggerOutgoingWebhooks(afterCommit, view.post, channel, author);
      return view;
    });
  }

  /**
   * Mattermost's SendEphemeralPost: a post of type system_ephemeral for one user's eyes, delivered as
   * `ephemeral_message` to that user's sockets and never stored. Nothing is committed, so the event goes
   * out at once.
   */
  async sendEphemeralPost(userId: string, input: EphemeralPostInput): Promise<Post> {
    const now = this.ctx.clock.now();
    const post: Post = {
      id: newId(),
      create_at: now,
      update_at: now,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: input.user_id ?? userId,
      channel_id: input.channel_id,
      root_id: input.root_id ?? '',
      original_id: '',
      message: input.message,
      type: 'system_ephemeral',
      props: input.props ?? {},
      hashtags: '',
      file_ids: [],
      has_reactions: false,
      remote_id: null,
      pending_post_id: '',
    };
    await this.ctx.bus.publish(makeEvent('ephemeral_message', { post: JSON.stringify(presentPost(post)) }, { userId, channelId: input.channel_id }));
    return post;
  }

  /** POST /posts/ephemeral: system admins (create_post_ephemeral) show a post to one user. */
  async createPostEphemeral(session: AuthSession, userId: string, input: { channel_id: string; message: string; root_id?: string; props?: Record<string, unknown> }): Promise<Post> {
    this.app.authz.requireSystem(session, 'create_post_ephemeral');
    validateContent(input.message, input.props, []);
    const channel = await this.getChannel(this.ctx.store, input.channel_id);
    if (!(await this.ctx.store.users.get(userId))) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    return this.sendEphemeralPost(userId, { ...input, channel_id: channel.id, user_id: session.userId });
  }

  /** The live thread root for a reply; a reply to a reply is attached to that reply's root. */
  private async resolveRoot(tx: Store, rootId: string, channelId: string): Promise<Post> {
    let root = await tx.posts.get(rootId);
    if (root && root.root_id) root = await tx.posts.get(root.root_id);
    if (!root || root.delete_at > 0 || root.original_id !== '') throw invalidRoot();
    if (root.channel_id !== channelId) {
      throw badRequest('api.post.create_post.channel_root_id.app_error', 'Invalid ChannelId for RootId parameter.');
    }
    return root;
  }

  /**
   * Writes a system message (joined/left, header changed …) inside the caller's transaction, counting it
   * on the channel and emitting `posted` after commit.
   */
  async createSystemPost(tx: Store, emit: Emit, input: SystemPostInput): Promise<Post> {
    const channel = await this.getChannel(tx, input.channelId);
    const author = await tx.users.get(input.userId);
    const { view } = await this.insertPost(tx, emit, channel, author, undefined, {
      user_id: input.userId,
      message: input.message,
      type: input.type,
      props: input.props ?? {},
      file_ids: [],
      pending_post_id: '',
    }, { session: null, markViewed: false, setOnline: false });
    return view.post;
  }

  /**
   * The one write path for new posts: a create_at strictly after every earlier post of the channel (so
   * before/after cursors never skip a post), channel counters, thread bookkeeping, mentions, the author's
   * own read marker, and the `posted` event — all in the caller's transaction.
   */
  private async insertPost(
    tx: Store,
    emit: Emit,
    channel: Channel,
    author: User | undefined,
    root: Post | undefined,
    fields: Pick<Post, 'user_id' | 'message' | 'type' | 'props' | 'file_ids' | 'pending_post_id'>,
    opts: { session: AuthSession | null; markViewed: boolean; setOnline: boolean; priority?: Omit<PostPriority, 'post_id' | 'channel_id'> },
  ): Promise<{ view: PostView; notifications: NewPostNotifications }> {
    const lastPostAt = await tx.posts.lockChannelForPost(channel.id);
    if (lastPostAt === undefined) throw channelNotFound(channel.id);
    const createAt = Math.max(this.ctx.clock.now(), lastPostAt + 1);
    const postId = newId();
    // Mattermost drops file ids that are not the author's own unattached uploads in this channel.
    const fileIds = fields.file_ids.length > 0 ? await tx.files.attach([...new Set(fields.file_ids)], postId, fields.user_id, channel.id, createAt) : [];
    const post: Post = {
      id: postId,
      create_at: createAt,
      update_at: createAt,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: fields.user_id,
      channel_id: channel.id,
      root_id: root?.id ?? '',
      original_id: '',
      message: fields.message,
      type: fields.type,
      props: fields.props,
      hashtags: fields.type.startsWith('system_') ? '' : parseHashtags(fields.message),
      file_ids: fileIds,
      has_reactions: false,
      remote_id: null,
      pending_post_id: fields.pending_post_id,
    };
    await tx.posts.save(post);
    if (opts.priority) await tx.postPriority.save({ ...opts.priority, post_id: post.id, channel_id: channel.id });
    await tx.channels.recordPost(channel.id, createAt, !root, !JOIN_LEAVE_POST_TYPES.includes(post.type));
    if (root) {
      await tx.threads.recordReply(root.id, channel.id, channel.team_id, post.user_id, createAt);
      // The root changed (reply_count, last_reply_at): `since` must return it again.
      await tx.posts.touch(root.id, createAt);
    }
    const notifications = await this.app.notifications.processNewPost(tx, { post, channel, root, session: opts.session, urgent: opts.priority?.priority === 'urgent' });
    if (opts.markViewed) await this.app.channels.markViewedInTx(tx, emit, post.user_id, [channel.id], createAt, { event: false });

    const view = await this.buildView(tx, post, post.pending_post_id || undefined);
    const hooks = notifications.mentioned.length > 0 || notifications.desktopFollowers.length > 0
      ? { mentions: notifications.mentioned, followers: notifications.desktopFollowers }
      : undefined;
    emit(postedEvent(view, channel, author, opts.setOnline, hooks));
    for (const e of notifications.after) emit(e);
    return { view, notifications };
  }

  // ---- read ----------------------------------------------------------------------------------------

  async getPost(session: AuthSession, postId: string, includeDeleted = false): Promise<PostView> {
    if (includeDeleted) this.app.authz.requireSystem(session, 'manage_system');
    const store = this.ctx.store;
    const post = await store.posts.get(postId);
    if (!isListable(post) || (post.delete_at > 0 && !includeDeleted)) throw postNotFound(postId);
    await this.app.authz.requireReadChannel(session, await this.getChannel(store, post.channel_id), 'read_channel_content');
    return this.buildView(store, post);
  }

  /** POST /posts/ids: posts in channels the caller may read; others are left out silently. */
  async getPostsByIds(session: AuthSession, ids: readonly string[]): Promise<PostView[]> {
    const store = this.ctx.store;
    const posts = (await store.posts.getMany(ids)).filter(isListable);
    const readable = await this.readableChannels(session, posts.map((p) => p.channel_id));
    const visible = posts.filter((p) => readable.has(p.channel_id)).sort((a, b) => b.create_at - a.create_at);
    const views = await this.buildViews(store, visible);
    return visible.map((p) => views.get(p.id)!);
  }

  private async readableChannels(session: AuthSession, channelIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(channelIds)];
    const channels = await this.ctx.store.channels.getMany(ids);
    const out = new Set<string>();
    for (const c of channels) if (await this.app.authz.canReadChannel(session, c, 'read_channel_content')) out.add(c.id);
    return out;
  }

  /** GET /channels/{id}/posts: page, since, before or after, with Mattermost's cursors. */
  async getPostsForChannel(session: AuthSession, channelId: string, q: ChannelPostsQuery): Promise<PostListView> {
    if (q.includeDeleted && !session.isSystemAdmin) throw permissionError('read_deleted_posts');
    const store = this.ctx.store;
    const channel = await this.getChannel(store, channelId);
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    const rootsOnly = q.collapsedThreads === true;
    const paging = { offset: q.page * q.perPage, limit: q.perPage, includeDeleted: q.includeDeleted, rootsOnly };

    if (q.since !== undefined && q.since > 0) {
      const changed = await store.posts.getSince(channelId, q.since, SINCE_LIMIT, rootsOnly);
      const sinceList = await this.makeList(store, changed, rootsOnly ? null : { includeDeletedRoots: true });
      return rootsOnly ? this.markFollowing(store, session.userId, sinceList) : sinceList;
    }

    let rows: Post[];
    const anchorId = q.after ?? q.before;
    if (anchorId) {
      const anchor = await store.posts.get(anchorId);
      if (!anchor || anchor.channel_id !== channelId) rows = [];
      else if (q.after) rows = await store.posts.getAfter(channelId, anchor.create_at, paging);
      else rows = await store.posts.getBefore(channelId, anchor.create_at, paging);
    } else {
      rows = await store.posts.getChannelPage(channelId, paging);
    }
    const list = await this.makeList(store, rows, rootsOnly ? null : { includeDeletedRoots: q.includeDeleted === true });

    // Mattermost's AddCursorIdsForPostList: the anchor is the cursor on its side on page 0, a short page
    // has nothing beyond it, otherwise the cursor is the adjacent post just outside the page.
    let next: string | undefined;
    let prev: string | undefined;
    if (q.after) {
      if (q.page === 0) prev = q.after;
      if (rows.length < q.perPage) next = '';
    } else if (q.before) {
      if (q.page === 0) next = q.before;
      if (rows.length < q.perPage) prev = '';
    }
    list.nextPostId = next ?? (rows.length > 0 ? await store.posts.getIdAfter(channelId, rows[0]!.create_at, rootsOnly) : '');
    list.prevPostId = prev ?? (rows.length > 0 ? await store.posts.getIdBefore(channelId, rows[rows.length - 1]!.create_at, rootsOnly) : '');
    return rootsOnly ? this.markFollowing(store, session.userId, list) : list;
  }

  /**
   * GET /users/{uid}/channels/{cid}/posts/unread: the first unread post with limitBefore posts before it and
   * limitAfter − 1 after it; the newest page when nothing is unread.
   */
  async getPostsAroundLastUnread(
    session: AuthSession,
    userId: string,
    channelId: string,
    q: { limitBefore: number; limitAfter: number; collapsedThreads?: boolean },
  ): Promise<PostListView> {
    this.app.authz.requireSelfOr(session, userId);
    const store = this.ctx.store;
    const channel = await this.getChannel(store, channelId);
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    const rootsOnly = q.collapsedThreads === true;
    const lastViewedAt = (await store.channels.getMember(channelId, userId))?.last_viewed_at ?? 0;

    let rows: Post[] = [];
    if (lastViewedAt > 0) {
      const firstUnreadId = await store.posts.getIdAfter(channelId, lastViewedAt, rootsOnly);
      const firstUnread = firstUnreadId ? await store.posts.get(firstUnreadId) : undefined;
      if (firstUnread) {
        const around = { offset: 0, rootsOnly };
        const [before, after] = await Promise.all([
          store.posts.getBefore(channelId, firstUnread.create_at, { ...around, limit: q.limitBefore }),
          store.posts.getAfter(channelId, firstUnread.create_at, { ...around, limit: q.limitAfter - 1 }),
        ]);
        rows = [...after, firstUnread, ...before];
      }
    }
    if (rows.length === 0) rows = await store.posts.getChannelPage(channelId, { offset: 0, limit: q.limitBefore, rootsOnly });
    const list = await this.makeList(store, rows, rootsOnly ? null : { includeDeletedRoots: false });
    if (rows.length > 0) {
      list.nextPostId = await store.posts.getIdAfter(channelId, rows[0]!.create_at, rootsOnly);
      list.prevPostId = await store.posts.getIdBefore(channelId, rows[rows.length - 1]!.create_at, rootsOnly);
    }
    return rootsOnly ? this.markFollowing(store, session.userId, list) : list;
  }

  /**
   * GET /posts/{id}/thread: the requested post first, then the root and replies in `direction` order
   * (down = oldest first), perPage at a time with has_next. A reply id yields its whole thread.
   */
  async getPostThread(session: AuthSession, postId: string, q: ThreadQuery): Promise<PostListView> {
    const store = this.ctx.store;
    const post = await this.getLivePost(store, postId);
    await this.app.authz.requireReadChannel(session, await this.getChannel(store, post.channel_id), 'read_channel_content');
    const rootId = post.root_id || post.id;
    let rows = await store.posts.getThread(rootId, {
      direction: q.direction,
      fromCreateAt: q.fromCreateAt,
      fromPostId: q.fromPost,
      fromUpdateAt: q.updatesOnly ? q.fromUpdateAt : undefined,
      limit: q.perPage > 0 ? q.perPage + 1 : 0,
    });
    const hasNext = q.perPage > 0 && rows.length > q.perPage;
    if (hasNext) rows = rows.slice(0, q.perPage);
    const ordered = [post, ...rows.filter((p) => p.id !== post.id)];
    const list = await this.makeList(store, ordered, { includeDeletedRoots: false });
    list.hasNext = hasNext;
    return q.collapsedThreads ? this.markFollowing(store, session.userId, list) : list;
  }

  /** GET /posts/{id}/edit_history: the author's earlier versions, newest first. */
  async getEditHistory(session: AuthSession, postId: string): Promise<PostView[]> {
    const store = this.ctx.store;
    const post = await this.getLivePost(store, postId);
    await this.app.authz.requireChannel(session, post.channel_id, 'edit_post');
    if (post.user_id !== session.userId) throw permissionError('edit_post');
    const history = await store.posts.getEditHistory(postId);
    if (history.length === 0) throw notFound('app.post.get_edit_history_for_post.app_error', 'Unable to get the edit history of the post.', `post_id=${postId}`);
    return history.map((p) => ({ post: p, extras: {} }));
  }

  async getPinnedPosts(session: AuthSession, channelId: string): Promise<PostListView> {
    const store = this.ctx.store;
    await this.app.authz.requireReadChannel(session, await this.getChannel(store, channelId), 'read_channel_content');
    return this.makeList(store, await store.posts.getPinned(channelId), null);
  }

  /** GET /users/{uid}/posts/flagged: saved posts in channels the caller can still read. */
  async getFlaggedPosts(
    session: AuthSession,
    userId: string,
    q: { channelId?: string; teamId?: string; page: number; perPage: number },
  ): Promise<PostListView> {
    this.app.authz.requireSelfOr(session, userId);
    const store = this.ctx.store;
    const rows = await store.posts.getFlagged(userId, { channelId: q.channelId, teamId: q.teamId, offset: q.page * q.perPage, limit: q.perPage });
    const readable = await this.readableChannels(session, rows.map((p) => p.channel_id));
    return this.makeList(store, rows.filter((p) => readable.has(p.channel_id)), null);
  }

  // ---- edit, pin, delete ---------------------------------------------------------------------------

  /** PUT /posts/{id} and /patch: editors need edit_post (own) or edit_others_posts. */
  async patchPost(session: AuthSession, postId: string, patch: PostPatch): Promise<PostView> {
    validateContent(patch.message, patch.props, patch.file_ids);
    return inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, postId);
      const permission = post.user_id === session.userId ? 'edit_post' : 'edit_others_posts';
      await this.app.authz.requireChannel(session, post.channel_id, permission, tx);
      const changesContent = (patch.message !== undefined && patch.message !== post.message) || patch.props !== undefined || patch.file_ids !== undefined;
      if (changesContent && post.type.startsWith('system_')) {
        throw badRequest('api.post.update_post.system_message.app_error', 'Unable to update system message.');
      }
      return this.applyPatch(tx, emit, post, patch);
    });
  }

  /**
   * An integration's answer to one of the post's actions replaces its message and/or props (the caller
   * checked the clicking user; the integration owns the post's actions). Announced as post_edited.
   */
  async updatePostForIntegration(postId: string, patch: { message?: string; props?: Record<string, unknown> }): Promise<PostView> {
    validateContent(patch.message, patch.props, undefined);
    return inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, postId);
      return this.applyPatch(tx, emit, post, patch);
    });
  }

  /** POST /posts/{id}/pin and /unpin: anyone who can read the channel. */
  async setPinned(session: AuthSession, postId: string, pinned: boolean): Promise<PostView> {
    return inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, postId);
      await this.app.authz.requireReadChannel(session, await this.getChannel(tx, post.channel_id), 'read_channel_content', tx);
      return this.applyPatch(tx, emit, post, { is_pinned: pinned });
    });
  }

  /**
   * Edits in place, keeping the id. A message change sets edit_at and keeps the previous version as a
   * soft-deleted row whose original_id is this post (the edit history).
   */
  private async applyPatch(tx: Store, emit: Emit, post: Post, patch: PostPatch): Promise<PostView> {
    const channel = await this.getChannel(tx, post.channel_id);
    if (channel.delete_at > 0) {
      throw badRequest('api.post.update_post.can_not_update_post_in_deleted.error', 'Can not update a post in a deleted channel.');
    }
    // Strictly after the previous update_at, so a client syncing with `since` cannot miss the change.
    const now = Math.max(this.ctx.clock.now(), post.update_at + 1);
    const next: Post = { ...post, update_at: now };
    if (patch.message !== undefined && patch.message !== post.message) {
      await tx.posts.save({ ...post, id: newId(), original_id: post.id, delete_at: now, update_at: now, pending_post_id: '' });
      next.message = patch.message;
      next.hashtags = parseHashtags(patch.message);
      next.edit_at = now;
    }
    if (patch.props !== undefined) {
      // Integration props stay what they were: an edit cannot turn a post into a webhook's or back.
      next.props = withoutIntegrationProps(patch.props);
      for (const k of INTEGRATION_PROPS) if (k in post.props) next.props[k] = post.props[k];
    }
    if (patch.file_ids !== undefined) next.file_ids = patch.file_ids;
    if (patch.is_pinned !== undefined) next.is_pinned = patch.is_pinned;
    await tx.posts.update(next);
    const view = await this.buildView(tx, next);
    emit(makeEvent('post_edited', { post: JSON.stringify(presentPost(view.post, view.extras)) }, { channelId: post.channel_id }));
    return view;
  }

  /** DELETE /posts/{id}: soft delete; a root takes its replies with it; a reply's thread is recounted. */
  async deletePost(session: AuthSession, postId: string): Promise<void> {
    await inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, postId);
      const permission = post.user_id === session.userId ? 'delete_post' : 'delete_others_posts';
      await this.app.authz.requireChannel(session, post.channel_id, permission, tx);
      const channel = await this.getChannel(tx, post.channel_id);
      if (channel.delete_at > 0) {
        throw badRequest('api.post.delete_post.can_not_delete_post_in_deleted.error', 'Can not delete a post in a deleted channel.');
      }
      // Thread counters are read-modify-write; the channel's post lock keeps new replies out meanwhile.
      await tx.posts.lockChannelForPost(post.channel_id);
      const now = Math.max(this.ctx.clock.now(), post.update_at + 1);
      const deletedIds = await tx.posts.softDelete(post.id, now, session.userId);
      await tx.files.softDeleteForPosts(deletedIds, now);
      let threadEvents: ServerEvent[] = [];
      if (post.root_id) {
        await tx.threads.recount(post.root_id);
        await tx.posts.touch(post.root_id, now);
        threadEvents = await this.app.notifications.processDeletedReply(tx, { ...post, delete_at: now }, channel);
      } else {
        await tx.threads.markDeleted(post.id, now);
      }
      const deleted: Post = { ...post, delete_at: now, update_at: now, props: { ...post.props, deleteBy: session.userId } };
      emit(makeEvent('post_deleted', { post: JSON.stringify(presentPost(deleted)) }, { channelId: post.channel_id }));
      for (const e of threadEvents) emit(e);
    });
  }

  // ---- unread ----------------------------------------------------------------------------------------

  /**
   * POST /users/{uid}/posts/{pid}/set_unread: the member has read everything before this post; mention
   * counts are recomputed over the posts from it on. Emits `post_unread` to the user. A client without
   * collapsed threads (or a user who has them off) marking a reply also moves their thread back to it, as
   * Mattermost's markChannelAsUnreadFromPostCRTUnsupported does; the channel then counts no root unreads.
   */
  async markPostAsUnread(session: AuthSession, userId: string, postId: string, collapsedThreadsSupported: boolean): Promise<ChannelUnreadAt> {
    this.app.authz.requireSelfOr(session, userId);
    const store = this.ctx.store;
    const post = await this.getLivePost(store, postId);
    const channel = await this.getChannel(store, post.channel_id);
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    const [user, member] = await Promise.all([store.users.get(userId), store.channels.getMember(channel.id, userId)]);
    if (!user || !member) {
      throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.', `user_id=${userId}`);
    }
    const crtOn = await this.app.notifications.isCollapsedThreadsOn(userId);
    const threadPath = post.root_id !== '' && !(collapsedThreadsSupported && crtOn);
    const counted = await this.countMentionsFrom(store, channel, post.create_at, user, member);
    const mentions = threadPath ? { mention_count: counted.mention_count, mention_count_root: 0, urgent_mention_count: 0 } : counted;
    const threadMentions = threadPath ? await this.countThreadMentions(store, channel, post.root_id, post.create_at - 1, user, member) : 0;
    return inTransaction(this.ctx, async (tx, emit) => {
      if (threadPath) await this.app.threads.setThreadUnreadInTx(tx, emit, { userId, channel, rootId: post.root_id, lastViewed: post.create_at - 1, unreadMentions: threadMentions, notify: crtOn });
      const state = await tx.posts.setMemberUnreadFrom(channel.id, userId, post.create_at, mentions, !threadPath, this.ctx.clock.now());
      if (!state) throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user ID and channel ID.');
      emit(
        makeEvent(
          'post_unread',
          {
            msg_count: state.msg_count,
            msg_count_root: state.msg_count_root,
            mention_count: state.mention_count,
            mention_count_root: state.mention_count_root,
            urgent_mention_count: state.urgent_mention_count,
            last_viewed_at: state.last_viewed_at,
            post_id: post.id,
          },
          { userId, channelId: channel.id, teamId: channel.team_id },
        ),
      );
      return state;
    });
  }

  /** One user's mention keywords in a channel, as if online and allowed every channel-wide mention. */
  private keywordsFor(user: User, member: ChannelMember) {
    const profile: MemberProfile = {
      user_id: user.id,
      username: user.username,
      first_name: user.first_name,
      is_bot: user.is_bot,
      notify_props: user.notify_props,
      member_notify_props: member.notify_props,
    };
    return buildKeywords([profile], true, new Set([user.id]));
  }

  /** Whether a post by someone else mentions the user (Mattermost's countMentionsFromPost rules). */
  private mentionsUser(p: Post, channel: Channel, user: User, keywords: MentionKeywords): boolean {
    if (p.user_id === user.id || p.type.startsWith('system_')) return false;
    if (channel.type === 'D' || channel.type === 'G') return true;
    return findMentions(p.message, keywords).users.has(user.id);
  }

  /** Mattermost's countMentionsFromPost: other people's posts from createAt on that mention the user. */
  private async countMentionsFrom(
    store: Store,
    channel: Channel,
    createAt: number,
    user: User,
    member: ChannelMember,
  ): Promise<{ mention_count: number; mention_count_root: number; urgent_mention_count: number }> {
    const posts = await store.posts.getFrom(channel.id, createAt, UNREAD_SCAN_LIMIT);
    const keywords = this.keywordsFor(user, member);
    const mentioning = posts.filter((p) => this.mentionsUser(p, channel, user, keywords));
    const roots = mentioning.filter((p) => p.root_id === '');
    const urgent = (await store.postPriority.getForPosts(roots.map((p) => p.id))).filter((p) => p.priority === 'urgent');
    return { mention_count: mentioning.length, mention_count_root: roots.length, urgent_mention_count: urgent.length };
  }

  /** Mattermost's countThreadMentions: replies after `after` that mention the user. */
  async countThreadMentions(store: Store, channel: Channel, rootId: string, after: number, user: User, member?: ChannelMember): Promise<number> {
    const m = member ?? (await store.channels.getMember(channel.id, user.id));
    const keywords = this.keywordsFor(user, m ?? ({ notify_props: {} } as ChannelMember));
    const thread = await store.posts.getThread(rootId, { limit: 0 });
    return thread.filter((p) => p.root_id !== '' && p.create_at > after && this.mentionsUser(p, channel, user, keywords)).length;
  }
}
