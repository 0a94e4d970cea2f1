// Message priority (important / urgent, optionally asking for acknowledgement) and acknowledgements.
// Mirrors Mattermost's postPriorityCheck (api4/post_utils.go) and app/post_acknowledgements.go.
// Persistent notifications (re-notifying until acknowledged) are not offered: asking for them is refused as
// Mattermost refuses it when the feature is off.
import { makeEvent } from '../events/event.js';
import { badRequest, forbidden, invalidBodyParam, notFound } from '../platform/errors.js';
import { presentAcknowledgement, presentPost } from '../presenters/post.js';
import type { Post, PostAcknowledgement, PostPriority, PriorityLevel, Store } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext, type Emit } from './context.js';
import type { AuthSession } from './session.js';

/** What a client sends as metadata.priority. */
export interface PriorityInput {
  priority?: unknown;
  requested_ack?: unknown;
  persistent_notifications?: unknown;
}

/** Mattermost lets an acknowledgement be taken back for five minutes. */
const UNACK_WINDOW_MS = 5 * 60 * 1000;
const LEVELS: readonly PriorityLevel[] = ['', 'urgent', 'important'];

export class PostPriorityService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  /**
   * The priority a new post will carry, or undefined for none. Refuses what Mattermost refuses: the
   * feature off, a priority on a reply, persistent notifications.
   */
  parse(session: AuthSession, input: PriorityInput | undefined, rootId: string): Omit<PostPriority, 'post_id' | 'channel_id'> | undefined {
    if (input === undefined) return undefined;
    const notAllowed = () =>
      forbidden('api.post.post_priority.priority_post_not_allowed_for_user.request_error', 'Post priority is not allowed for this user.', `user_id=${session.userId}`);
    if (!this.ctx.config.settings.postPriority) throw notAllowed();
    if (rootId !== '') {
      throw badRequest('api.post.post_priority.priority_post_only_allowed_for_root_post.request_error', 'Post priority is only allowed on root posts.');
    }
    const level = input.priority ?? '';
    if (typeof level !== 'string' || !LEVELS.includes(level as PriorityLevel)) throw invalidBodyParam('metadata.priority.priority');
    for (const flag of ['requested_ack', 'persistent_notifications'] as const) {
      if (input[flag] !== undefined && typeof input[flag] !== 'boolean') throw invalidBodyParam(`metadata.priority.${flag}`);
    }
    if (input.persistent_notifications === true) throw notAllowed();
    const requestedAck = input.requested_ack === true;
    if (level === '' && !requestedAck) return undefined;
    return { priority: level as PriorityLevel, requested_ack: requestedAck, persistent_notifications: false };
  }

  /** POST /users/{uid}/posts/{pid}/ack */
  async acknowledge(session: AuthSession, userId: string, postId: string): Promise<PostAcknowledgement> {
    this.app.authz.requireSelfOr(session, userId);
    const { post } = await this.readablePost(session, postId, 'save');
    return inTransaction(this.ctx, async (tx, emit) => {
      const ack: PostAcknowledgement = { post_id: post.id, user_id: userId, channel_id: post.channel_id, acknowledged_at: this.ctx.clock.now() };
      await tx.postPriority.saveAck(ack);
      await this.announce(tx, emit, post, 'post_acknowledgement_added', ack);
      return ack;
    });
  }

  /** DELETE /users/{uid}/posts/{pid}/ack: only within five minutes of acknowledging. */
  async unacknowledge(session: AuthSession, userId: string, postId: string): Promise<void> {
    this.app.authz.requireSelfOr(session, userId);
    const { post } = await this.readablePost(session, postId, 'delete');
    await inTransaction(this.ctx, async (tx, emit) => {
      const ack = await tx.postPriority.getAck(post.id, userId);
      if (!ack) throw notFound('app.acknowledgement.get.app_error', 'Unable to get the acknowledgement.');
      if (this.ctx.clock.now() - ack.acknowledged_at > UNACK_WINDOW_MS) {
        throw forbidden('api.acknowledgement.delete.deadline.app_error', 'An acknowledgement can only be removed within 5 minutes.');
      }
      await tx.postPriority.deleteAck(post.id, userId);
      await this.announce(tx, emit, post, 'post_acknowledgement_removed', ack);
    });
  }

  private async readablePost(session: AuthSession, postId: string, op: 'save' | 'delete'): Promise<{ post: Post }> {
    const { post, channel } = await this.app.posts.readablePost(session, postId);
    if (channel.delete_at > 0) throw forbidden(`api.acknowledgement.${op}.archived_channel.app_error`, 'Cannot acknowledge posts in an archived channel.');
    return { post };
  }

  /** The acknowledgement event, then the post as it now is (its update_at moves, so `since` returns it). */
  private async announce(tx: Store, emit: Emit, post: Post, name: 'post_acknowledgement_added' | 'post_acknowledgement_removed', ack: PostAcknowledgement): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.posts.touch(post.id, now);
    emit(makeEvent(name, { acknowledgement: JSON.stringify(presentAcknowledgement(ack)) }, { channelId: post.channel_id }));
    const view = await this.app.posts.buildView(tx, { ...post, update_at: now });
    emit(makeEvent('post_edited', { post: JSON.stringify(presentPost(view.post, view.extras)) }, { channelId: post.channel_id }));
  }
}
