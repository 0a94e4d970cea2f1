// The rows of a post list: date separators between days, and posts marked as continuations when they
// follow the same person's post closely (shown without repeating the name and picture).
import type { Post } from '../store/model';
import { isSystemPost } from '../store/model';

export type Row = { kind: 'date'; key: string; at: number } | { kind: 'post'; key: string; postId: string; continuation: boolean };

/** Posts by one person within this gap read as one block. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function buildRows(order: readonly string[], byId: Readonly<Record<string, Post>>): Row[] {
  const rows: Row[] = [];
  let prev: Post | undefined;
  for (const id of order) {
    const post = byId[id];
    if (!post) continue;
    const day = dayKey(post.create_at);
    const newDay = !prev || dayKey(prev.create_at) !== day;
    if (newDay) rows.push({ kind: 'date', key: `date-${day}`, at: post.create_at });
    const continuation =
      !newDay &&
      prev !== undefined &&
      prev.user_id === post.user_id &&
      !isSystemPost(prev) &&
      !isSystemPost(post) &&
      post.create_at - prev.create_at < GROUP_GAP_MS;
    rows.push({ kind: 'post', key: post.id, postId: post.id, continuation });
    prev = post;
  }
  return rows;
}
