// The rows of a post list: date separators between days, the "New messages" line, and posts marked as
// continuations when they follow the same person's post closely (shown without repeating the name and
// picture).
import type { Post } from '../store/model';
import { isSystemPost } from '../store/model';

export type Row =
  | { kind: 'date'; key: string; at: number }
  | { kind: 'new'; key: 'new-messages' }
  | { kind: 'post'; key: string; postId: string; continuation: boolean };

/** Posts by one person within this gap read as one block. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of a moment, in a time zone (the browser's when not given): the reader's "today". */
export function dayKey(at: number, timeZone?: string): string {
  if (!timeZone) {
    const d = new Date(at);
    return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
  }
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    } catch {
      // An unknown zone name: the browser's days are the next best thing.
      return dayKey(at);
    }
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}

export interface NewSince {
  /** The reader's last view of the channel before this one: later posts are new. */
  since: number;
  /** The reader's own posts are never new to them. */
  myId: string;
}

export function buildRows(order: readonly string[], byId: Readonly<Record<string, Post>>, newSince: NewSince | null = null, timeZone?: string): Row[] {
  const rows: Row[] = [];
  let prev: Post | undefined;
  let lineDrawn = newSince === null;
  for (const id of order) {
    const post = byId[id];
    if (!post) continue;
    const day = dayKey(post.create_at, timeZone);
    const newDay = !prev || dayKey(prev.create_at, timeZone) !== day;
    if (newDay) rows.push({ kind: 'date', key: `date-${day}`, at: post.create_at });
    const firstNew = !lineDrawn && newSince !== null && post.create_at > newSince.since && post.user_id !== newSince.myId;
    if (firstNew) {
      rows.push({ kind: 'new', key: 'new-messages' });
      lineDrawn = true;
    }
    const continuation =
      !newDay &&
      !firstNew &&
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
