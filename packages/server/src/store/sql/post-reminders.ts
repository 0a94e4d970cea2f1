import type { Kysely } from 'kysely';
import type { PostReminder, PostReminderStore } from '../post-reminders.js';
import type { Database } from '../schema.js';

export class SqlPostReminderStore implements PostReminderStore {
  constructor(private readonly db: Kysely<Database>) {}

  async set(reminder: PostReminder): Promise<void> {
    await this.db
      .insertInto('post_reminders')
      .values(reminder)
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doUpdateSet({ target_time: reminder.target_time }))
      .execute();
  }

  async takeDue(nowSeconds: number, limit: number): Promise<PostReminder[]> {
    const due = await this.db
      .selectFrom('post_reminders')
      .select(['post_id', 'user_id'])
      .where('target_time', '<=', nowSeconds)
      .orderBy('target_time')
      .limit(limit)
      .execute();
    const taken: PostReminder[] = [];
    // DELETE … RETURNING per row: whichever node deletes a row delivers it.
    for (const r of due) {
      const row = await this.db
        .deleteFrom('post_reminders')
        .where('post_id', '=', r.post_id)
        .where('user_id', '=', r.user_id)
        .where('target_time', '<=', nowSeconds)
        .returningAll()
        .executeTakeFirst();
      if (row) taken.push(row);
    }
    return taken;
  }
}
