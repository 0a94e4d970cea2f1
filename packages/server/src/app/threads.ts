// Collapsed reply threads: a user's followed threads, their read state and following. Mirrors the thread
// functions of server/channels/app/user.go (GetThreadsForUser, UpdateThreadReadForUser,
// UpdateThreadFollowForUser …) and the checks of the thread routes in api4/user.go.
import { makeEvent } from '../events/event.js';
import { badRequest, notFound } from '../platform/errors.js';
import { presentPost } from '../presenters/post.js';
import { presentThread, presentThreadList, type WireThread, type WireThreadList } from '../presenters/thread.js';
import type { WireUser } from '../presenters/user.js';
import type { Channel, Post, Store, UserThread } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';

export interface ThreadListQuery {
  since: number;
  before: string;
  after: string;
  perPage: number;
  extended: boolean;
  deleted: boolean;
  unread: boolean;
  totalsOnly: boolean;
  threadsOnly: boolean;
}

const threadNotFound = () => notFound('app.user.get_threads_for_user.not_found', 'Thread not found or not followed.');
const postNotFound = (id: string) => notFound('app.post.get.app_error', 'Unable to get the post.', `post_id=${id}`);

export class ThreadService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /** Threads shown with their root post presented as any post, participants as {id} or whole users. */
  private async present(session: AuthSession, store: Store, threads: readonly UserThread[], extended: boolean): Promise<WireThread[]> {
    const views = await this.app.posts.buildViews(store, threads.map((t) => t.post));
    const users = new Map<string, WireUser>();
    if (extended) {
      const ids = [...new Set(threads.flatMap((t) => t.thread.participants))];
      for (const u of await store.users.getMany(ids)) users.set(u.id, this.app.users.present(session, u));
    }
    return threads.map((t) => {
      const v = views.get(t.post.id)!;
      return presentThread(t, presentPost(v.post, v.extras), users);
    });
  }

  /** The thread's root, live, in a channel the caller can read. */
  private async readableRoot(session: AuthSession, store: Store, threadId: string): Promise<{ root: Post; channel: Channel }> {
    const root = await store.posts.get(threadId);
    if (!root || root.delete_at > 0 || root.original_id !== '' || root.root_id !== '') throw postNotFound(threadId);
    const channel = await store.channels.get(root.channel_id);
    if (!channel) throw postNotFound(threadId);
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content', store);
    return { root, channel };
  }

  private async requireUserInTeam(session: AuthSession, userId: string, teamId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    await this.app.authz.requireTeam(session, teamId, 'view_team');
  }

  /** GET /users/{uid}/teams/{tid}/threads */
  async getThreadsForUser(session: AuthSession, userId: string, teamId: string, q: ThreadListQuery): Promise<WireThreadList> {
    await this.requireUserInTeam(session, userId, teamId);
    if (q.before && q.after) throw badRequest('api.getThreadsForUser.bad_params', 'Before and after parameters to getThreadsForUser are mutually exclusive.');
    if (q.totalsOnly && q.threadsOnly) throw badRequest('api.getThreadsForUser.bad_only_params', 'OnlyThreads and OnlyTotals parameters to getThreadsForUser are mutually exclusive.');
    const store = this.ctx.store;
    const totals = q.threadsOnly ? null : await store.threads.countForUser(userId, teamId, q.deleted);
    // Mattermost's legacy `unread` flag makes the total the number of unread threads.
    if (totals && q.unread) totals.total = totals.totalUnreadThreads;
    let threads: WireThread[] = [];
    if (!q.totalsOnly) {
      const rows = await store.threads.getForUser(userId, {
        teamId,
        deleted: q.deleted,
        unreadOnly: q.unread,
        since: q.since,
        ...(q.before ? { before: q.before } : {}),
        ...(q.after ? { after: q.after } : {}),
        limit: q.perPage,
      });
      threads = await this.present(session, store, rows, q.extended);
    }
    return presentThreadList(totals, threads);
  }

  /** GET /users/{uid}/teams/{tid}/threads/{thread_id} */
  async getThreadForUser(session: AuthSession, userId: string, teamId: string, threadId: string, extended: boolean): Promise<WireThread> {
    await this.requireUserInTeam(session, userId, teamId);
    const store = this.ctx.store;
    const membership = await store.threads.getMembership(threadId, userId);
    if (!membership) throw notFound('app.user.get_thread_membership_for_user.not_found', 'Thread membership not found.');
    const thread = await store.threads.getOneForUser(userId, threadId);
    if (!thread) throw threadNotFound();
    const channel = await store.channels.get(thread.thread.channel_id);
    if (!channel) throw threadNotFound();
    await this.app.authz.requireReadChannel(session, channel, 'read_channel_content');
    return (await this.present(session, store, [thread], extended))[0]!;
  }

  /**
   * PUT …/threads/{thread_id}/read/{timestamp}: the user has read the thread up to `timestamp`; its
   * mentions are recounted from there. Reading a thread follows it, as in Mattermost.
   */
  async updateThreadReadForUser(session: AuthSession, userId: string, teamId: string, threadId: string, timestamp: number): Promise<WireThread> {
    await this.requireUserInTeam(session, userId, teamId);
    const store = this.ctx.store;
    const { root, channel } = await this.readableRoot(session, store, threadId);
    const user = await store.users.get(userId);
    if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    const mentions = await this.app.posts.countThreadMentions(store, channel, root.id, timestamp, user);
    return inTransaction(this.ctx, async (tx, emit) => {
      const now = this.ctx.clock.now();
      const existing = await tx.threads.getMembership(threadId, userId);
      const previousMentions = existing?.unread_mentions ?? 0;
      const previousReplies = await tx.threads.countRepliesAfter(threadId, existing?.last_viewed ?? 0);
      await tx.threads.saveMembership({ post_id: threadId, user_id: userId, following: true, last_viewed: timestamp, last_updated: now, unread_mentions: mentions });
      const thread = await tx.threads.getOneForUser(userId, threadId);
      if (!thread) throw threadNotFound();
      emit(
        makeEvent(
          'thread_read_changed',
          {
            thread_id: threadId,
            timestamp,
            unread_mentions: mentions,
            unread_replies: thread.unreadReplies,
            previous_unread_mentions: previousMentions,
            previous_unread_replies: previousReplies,
            channel_id: channel.id,
          },
          { userId, teamId },
        ),
      );
      return (await this.present(session, tx, [thread], false))[0]!;
    });
  }

  /** POST …/threads/{thread_id}/set_unread/{post_id}: unread from that post of the thread on. */
  async updateThreadReadForUserByPost(session: AuthSession, userId: string, teamId: string, threadId: string, postId: string): Promise<WireThread> {
    this.app.authz.requireSelfOr(session, userId);
    const post = await this.ctx.store.posts.get(postId);
    if (!post || post.delete_at > 0 || post.original_id !== '') throw postNotFound(postId);
    if (post.root_id !== threadId && post.id !== threadId) {
      throw badRequest('app.user.update_thread_read_for_user_by_post.app_error', 'Unable to update the read state: the post is not in this thread.');
    }
    return this.updateThreadReadForUser(session, userId, teamId, threadId, post.create_at - 1);
  }

  /** PUT …/threads/read: every followed thread of the team (and of DMs and GMs) read now. */
  async updateThreadsReadForUser(session: AuthSession, userId: string, teamId: string): Promise<void> {
    await this.requireUserInTeam(session, userId, teamId);
    await inTransaction(this.ctx, async (tx, emit) => {
      await tx.threads.markAllReadInTeam(userId, teamId, this.ctx.clock.now());
      emit(makeEvent('thread_read_changed', {}, { userId, teamId }));
    });
  }

  /**
   * PUT / DELETE …/threads/{thread_id}/following. Following starts from now (nothing unread); unfollowing
   * keeps the read state. A thread may be followed before it has any reply.
   */
  async updateThreadFollowForUser(session: AuthSession, userId: string, teamId: string, threadId: string, follow: boolean): Promise<void> {
    await this.requireUserInTeam(session, userId, teamId);
    const store = this.ctx.store;
    if (follow) await this.readableRoot(session, store, threadId);
    else if (!(await store.posts.get(threadId))) throw postNotFound(threadId);
    await inTransaction(this.ctx, async (tx, emit) => {
      const now = this.ctx.clock.now();
      const m = await tx.threads.getMembership(threadId, userId);
      if (follow) {
        await tx.threads.saveMembership({ post_id: threadId, user_id: userId, following: true, last_viewed: now, last_updated: now, unread_mentions: 0 });
      } else {
        await tx.threads.saveMembership({ post_id: threadId, user_id: userId, following: false, last_viewed: m?.last_viewed ?? 0, last_updated: now, unread_mentions: m?.unread_mentions ?? 0 });
      }
      const thread = await tx.threads.get(threadId);
      emit(makeEvent('thread_follow_changed', { thread_id: threadId, state: follow, reply_count: thread?.reply_count ?? 0 }, { userId, teamId }));
    });
  }

  /**
   * Moves a user's read position in a thread back (marking a reply unread without collapsed threads):
   * follows it, sets last_viewed and the recounted mentions; tells the user's collapsed-threads clients.
   */
  async setThreadUnreadInTx(
    tx: Store,
    emit: Emit,
    input: { userId: string; channel: Channel; rootId: string; lastViewed: number; unreadMentions: number; notify: boolean },
  ): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.threads.saveMembership({
      post_id: input.rootId,
      user_id: input.userId,
      following: true,
      last_viewed: input.lastViewed,
      last_updated: now,
      unread_mentions: input.unreadMentions,
    });
    if (!input.notify) return;
    const thread = await tx.threads.getOneForUser(input.userId, input.rootId);
    if (!thread) return;
    const view = (await this.app.posts.buildViews(tx, [thread.post])).get(thread.post.id)!;
    emit(
      makeEvent(
        'thread_updated',
        { thread: JSON.stringify(presentThread(thread, presentPost(view.post, view.extras))) },
        { userId: input.userId, teamId: input.channel.team_id },
      ),
    );
  }
}
