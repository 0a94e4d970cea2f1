// Emoji reactions on posts. Mirrors server/channels/app/reaction.go (SaveReactionForPost,
// DeleteReactionForPost, GetBulkReactionsForPosts).
import { makeEvent } from '../events/event.js';
import { badRequest, forbidden, notFound, permissionError } from '../platform/errors.js';
import { isValidId } from '../platform/ids.js';
import { presentReaction } from '../presenters/post.js';
import type { Post, Reaction, Store } from '../store/store.js';
import type { App } from './app.js';
import { inTransaction, type AppContext } from './context.js';
import type { AuthSession } from './session.js';

const EMOJI_NAME = /^[a-zA-Z0-9\-+_]+$/;
const EMOJI_NAME_MAX = 64;

export interface ReactionInput {
  user_id: string;
  post_id: string;
  emoji_name: string;
}

const postNotFound = (id: string) => notFound('app.post.get.app_error', 'Unable to get the post.', `post_id=${id}`);

function validateEmojiName(name: string): void {
  if (name === '' || name.length > EMOJI_NAME_MAX || !EMOJI_NAME.test(name)) {
    throw badRequest('model.reaction.is_valid.emoji_name.app_error', 'Invalid emoji name.', `emoji_name=${name}`);
  }
}

export class ReactionService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  private async getLivePost(store: Store, postId: string): Promise<Post> {
    const post = await store.posts.get(postId);
    if (!post || post.delete_at > 0 || post.original_id !== '') throw postNotFound(postId);
    return post;
  }

  /** Archived channels keep their reactions frozen. */
  private async requireLiveChannel(store: Store, post: Post, errorId: string): Promise<void> {
    const channel = await store.channels.get(post.channel_id);
    if (!channel || channel.delete_at > 0) throw forbidden(errorId, 'Unable to react in an archived channel.');
  }

  /** POST /reactions: only for oneself; re-adding a removed reaction revives it. */
  async saveReaction(session: AuthSession, input: ReactionInput): Promise<Reaction> {
    if (!isValidId(input.user_id) || !isValidId(input.post_id) || input.emoji_name === '' || input.emoji_name.length > EMOJI_NAME_MAX) {
      throw badRequest('api.reaction.save_reaction.invalid.app_error', 'Reaction is not valid.');
    }
    validateEmojiName(input.emoji_name);
    if (input.user_id !== session.userId) {
      throw forbidden('api.reaction.save_reaction.user_id.app_error', 'You can not save reaction for the other user.');
    }
    return inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, input.post_id);
      await this.app.authz.requireChannel(session, post.channel_id, 'add_reaction', tx);
      await this.requireLiveChannel(tx, post, 'api.reaction.save.archived_channel.app_error');
      const now = Math.max(this.ctx.clock.now(), post.update_at + 1);
      const saved = await tx.reactions.save({
        user_id: input.user_id,
        post_id: post.id,
        emoji_name: input.emoji_name,
        create_at: now,
        update_at: now,
        delete_at: 0,
        channel_id: post.channel_id,
        remote_id: null,
      });
      emit(makeEvent('reaction_added', { reaction: JSON.stringify(presentReaction(saved)) }, { channelId: post.channel_id }));
      return saved;
    });
  }

  /** DELETE /users/{uid}/posts/{pid}/reactions/{emoji}: one's own, or anyone's with remove_others_reactions. */
  async deleteReaction(session: AuthSession, userId: string, postId: string, emojiName: string): Promise<void> {
    validateEmojiName(emojiName);
    await inTransaction(this.ctx, async (tx, emit) => {
      const post = await this.getLivePost(tx, postId);
      await this.app.authz.requireChannel(session, post.channel_id, 'remove_reaction', tx);
      if (userId !== session.userId) this.app.authz.requireSystem(session, 'remove_others_reactions');
      await this.requireLiveChannel(tx, post, 'api.reaction.delete.archived_channel.app_error');
      const now = Math.max(this.ctx.clock.now(), post.update_at + 1);
      const removed = await tx.reactions.remove(post.id, userId, emojiName, now);
      if (removed) {
        emit(makeEvent('reaction_removed', { reaction: JSON.stringify(presentReaction(removed)) }, { channelId: post.channel_id }));
      }
    });
  }

  /** GET /posts/{pid}/reactions */
  async getReactions(session: AuthSession, postId: string): Promise<Reaction[]> {
    const store = this.ctx.store;
    const post = await this.getLivePost(store, postId);
    const channel = await store.channels.get(post.channel_id);
    if (!channel || !(await this.app.authz.canReadChannel(session, channel, 'read_channel_content'))) throw permissionError('read_channel_content');
    return store.reactions.getForPost(post.id);
  }

  /** POST /posts/ids/reactions: every requested post gets an entry; one unreadable post refuses the lot. */
  async getBulkReactions(session: AuthSession, postIds: readonly string[]): Promise<Record<string, Reaction[]>> {
    const store = this.ctx.store;
    const ids = [...new Set(postIds)];
    const posts = await store.posts.getMany(ids);
    if (posts.length !== ids.length) throw permissionError('read_channel_content');
    const channels = await store.channels.getMany([...new Set(posts.map((p) => p.channel_id))]);
    for (const c of channels) {
      if (!(await this.app.authz.canReadChannel(session, c, 'read_channel_content'))) throw permissionError('read_channel_content');
    }
    const out: Record<string, Reaction[]> = Object.fromEntries(ids.map((id) => [id, []]));
    for (const r of await store.reactions.getForPosts(ids)) out[r.post_id]!.push(r);
    return out;
  }
}
