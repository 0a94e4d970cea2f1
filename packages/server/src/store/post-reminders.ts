// Post reminders (Mattermost's PostReminders): "remind me about this message" at a time, per user and post.

export interface PostReminder {
  post_id: string;
  user_id: string;
  /** Unix seconds. */
  target_time: number;
}

export interface PostReminderStore {
  /** Sets or moves the user's reminder for the post. */
  set(reminder: PostReminder): Promise<void>;
  /**
   * Removes and returns the reminders due at `nowSeconds`. Each row is deleted by exactly one caller, so
   * nodes running this at once never deliver a reminder twice.
   */
  takeDue(nowSeconds: number, limit: number): Promise<PostReminder[]>;
}
