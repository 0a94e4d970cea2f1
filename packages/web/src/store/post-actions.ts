// Actions about posts that several slices react to (posts, channels' unread counters, typing).
import { createAction } from '@reduxjs/toolkit';
import type { Post, Reaction } from './model';

export interface PostReceived {
  post: Post;
  /** First time this client sees the post: channel counters move only then (REST and WS both deliver our own posts). */
  isNew: boolean;
  /** The receiver has read it: their own post, or the channel is open and visible. */
  read: boolean;
  /** The post mentions the receiver (from the `posted` event's mentions). */
  mentioned: boolean;
}

export const postReceived = createAction<PostReceived>('posts/received');
export const postEdited = createAction<Post>('posts/edited');
export const postDeleted = createAction<Post>('posts/deleted');
export const reactionAdded = createAction<Reaction>('posts/reactionAdded');
export const reactionRemoved = createAction<Reaction>('posts/reactionRemoved');
