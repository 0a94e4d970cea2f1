// A new post used to read every member of its channel to find who it mentions: O(members) per post, which in
// a 5,000-member town-square was 80 % of the server's CPU. Most members can only be mentioned by
// @username, which the post's text names. These flags mark the few who need more — custom mention keys,
// first-name mentions, reply notifications (users), auto-followed threads (channel members) — so that a
// post reads only them, through indexes that lead with the flags.
import { sql, type Kysely, type Migration } from 'kysely';
import { autoFollowsThreads, hasCustomMentions } from '../sql/mention-flags.js';

export const mentionFlags: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('custom_mentions', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('channel_members').addColumn('auto_follow_threads', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // Two equality columns, so that SQLite prefers it to idx_users_delete_at even without ANALYZE statistics.
    await db.schema.createIndex('idx_users_custom_mentions').on('users').columns(['custom_mentions', 'delete_at']).execute();
    await db.schema
      .createIndex('idx_channel_members_auto_follow')
      .on('channel_members')
      .columns(['channel_id', 'user_id'])
      .where(sql.ref('auto_follow_threads'), '=', 1)
      .execute();
    // Guests are few: their count per channel (channel stats, on every channel switch) reads only them.
    await db.schema
      .createIndex('idx_channel_members_guests')
      .on('channel_members')
      .columns(['channel_id', 'user_id'])
      .where(sql.ref('scheme_guest'), '=', 1)
      .execute();
    // Rows written before the flags existed; JSON is stored as text on both engines.
    const q = db as Kysely<{ users: { id: string; notify_props: string; first_name: string; custom_mentions: number }; channel_members: { channel_id: string; user_id: string; notify_props: string; auto_follow_threads: number } }>;
    const users = await q.selectFrom('users').select(['id', 'notify_props', 'first_name']).execute();
    for (const u of users) {
      if (hasCustomMentions(JSON.parse(u.notify_props) as Record<string, string>, u.first_name)) {
        await q.updateTable('users').set({ custom_mentions: 1 }).where('id', '=', u.id).execute();
      }
    }
    const members = await q.selectFrom('channel_members').select(['channel_id', 'user_id', 'notify_props']).where('notify_props', 'like', '%channel_auto_follow_threads%').execute();
    for (const m of members) {
      if (autoFollowsThreads(JSON.parse(m.notify_props) as Record<string, string>)) {
        await q.updateTable('channel_members').set({ auto_follow_threads: 1 }).where('channel_id', '=', m.channel_id).where('user_id', '=', m.user_id).execute();
      }
    }
  },
};
