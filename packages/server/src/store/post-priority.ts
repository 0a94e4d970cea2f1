// Message priority and acknowledgements of posts (Mattermost's PostPriority / PostAcknowledgement stores).

export type PriorityLevel = '' | 'urgent' | 'important';

export interface PostPriority {
  post_id: string;
  channel_id: string;
  priority: PriorityLevel;
  requested_ack: boolean;
  persistent_notifications: boolean;
}

export interface PostAcknowledgement {
  post_id: string;
  user_id: string;
  channel_id: string;
  acknowledged_at: number;
}

export interface PostPriorityStore {
  save(priority: PostPriority): Promise<void>;
  /** The priorities of those posts that have one. */
  getForPosts(postIds: readonly string[]): Promise<PostPriority[]>;
  /** Insert or refresh the user's acknowledgement (a repeat moves acknowledged_at). */
  saveAck(ack: PostAcknowledgement): Promise<void>;
  getAck(postId: string, userId: string): Promise<PostAcknowledgement | undefined>;
  deleteAck(postId: string, userId: string): Promise<void>;
  /** Acknowledgements of those posts, oldest first. */
  getAcksForPosts(postIds: readonly string[]): Promise<PostAcknowledgement[]>;
}
