import type { Kysely } from 'kysely';
import type { PostAcknowledgement, PostPriority, PostPriorityStore } from '../post-priority.js';
import type { Database, PostPriorityTable } from '../schema.js';
import { codec } from './codec.js';

const priorities = codec<PostPriorityTable, PostPriority>(['requested_ack', 'persistent_notifications'], []);

export class SqlPostPriorityStore implements PostPriorityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(priority: PostPriority): Promise<void> {
    const row = priorities.encode(priority) as PostPriorityTable;
    const { post_id: _p, ...rest } = row;
    await this.db.insertInto('post_priority').values(row).onConflict((oc) => oc.column('post_id').doUpdateSet(rest)).execute();
  }

  async getForPosts(postIds: readonly string[]): Promise<PostPriority[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db.selectFrom('post_priority').selectAll().where('post_id', 'in', postIds).execute();
    return rows.map((r) => priorities.decode(r));
  }

  async saveAck(ack: PostAcknowledgement): Promise<void> {
    await this.db
      .insertInto('post_acknowledgements')
      .values(ack)
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doUpdateSet({ acknowledged_at: ack.acknowledged_at }))
      .execute();
  }

  async getAck(postId: string, userId: string): Promise<PostAcknowledgement | undefined> {
    return this.db.selectFrom('post_acknowledgements').selectAll().where('post_id', '=', postId).where('user_id', '=', userId).executeTakeFirst();
  }

  async deleteAck(postId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('post_acknowledgements').where('post_id', '=', postId).where('user_id', '=', userId).execute();
  }

  async getAcksForPosts(postIds: readonly string[]): Promise<PostAcknowledgement[]> {
    if (postIds.length === 0) return [];
    return this.db.selectFrom('post_acknowledgements').selectAll().where('post_id', 'in', postIds).orderBy('acknowledged_at').orderBy('user_id').execute();
  }
}
