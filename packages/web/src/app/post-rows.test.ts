import { describe, expect, it } from 'vitest';
import { buildRows, dayKey, GROUP_GAP_MS } from './post-rows';
import { makePost } from '../test-utils/factories';
import type { Post } from '../store/model';

const day = new Date(2026, 0, 15, 10, 0).getTime();

function index(posts: Post[]) {
  return { order: posts.map((p) => p.id), byId: Object.fromEntries(posts.map((p) => [p.id, p])) };
}

describe('buildRows', () => {
  it('groups one person’s close posts and separates days', () => {
    const posts = [
      makePost({ channel_id: 'c', user_id: 'a', create_at: day }),
      makePost({ channel_id: 'c', user_id: 'a', create_at: day + 60_000 }),
      makePost({ channel_id: 'c', user_id: 'b', create_at: day + 120_000 }),
      makePost({ channel_id: 'c', user_id: 'b', create_at: day + 120_000 + GROUP_GAP_MS + 1 }),
      makePost({ channel_id: 'c', user_id: 'b', create_at: day + 86_400_000 }),
    ];
    const { order, byId } = index(posts);
    const rows = buildRows(order, byId);
    expect(rows.map((r) => (r.kind === 'date' ? 'date' : r.kind === 'post' && r.continuation ? 'cont' : 'post'))).toEqual(['date', 'post', 'cont', 'post', 'post', 'date', 'post']);
  });

  it('never groups system messages', () => {
    const posts = [
      makePost({ channel_id: 'c', user_id: 'a', create_at: day }),
      makePost({ channel_id: 'c', user_id: 'a', create_at: day + 1000, type: 'system_join_channel' }),
      makePost({ channel_id: 'c', user_id: 'a', create_at: day + 2000 }),
    ];
    const { order, byId } = index(posts);
    expect(buildRows(order, byId).filter((r) => r.kind === 'post' && r.continuation)).toHaveLength(0);
  });

  it('puts the "New messages" line above the first later post by someone else, starting a new block', () => {
    const posts = [
      makePost({ channel_id: 'c', user_id: 'a', create_at: day }),
      makePost({ channel_id: 'c', user_id: 'me', create_at: day + 2000 }),
      makePost({ channel_id: 'c', user_id: 'a', create_at: day + 3000 }),
      makePost({ channel_id: 'c', user_id: 'a', create_at: day + 4000 }),
    ];
    const { order, byId } = index(posts);
    const rows = buildRows(order, byId, { since: day + 1000, myId: 'me' });
    const shape = rows.map((r) => (r.kind === 'post' ? `${byId[r.postId]!.create_at - day}${r.continuation ? '+' : ''}` : r.kind));
    // My own post after my last visit is not new to me; the post below the line shows its author again.
    expect(shape).toEqual(['date', '0', '2000', 'new', '3000', '4000+']);
  });

  it('draws no line when nothing is newer than the last visit', () => {
    const posts = [makePost({ channel_id: 'c', user_id: 'a', create_at: day })];
    const { order, byId } = index(posts);
    expect(buildRows(order, byId, { since: day, myId: 'me' }).some((r) => r.kind === 'new')).toBe(false);
  });
});

describe('days in the reader’s time zone', () => {
  it('puts a moment on the calendar day of the given zone', () => {
    const lateUtc = Date.UTC(2025, 2, 3, 23, 30);
    expect(dayKey(lateUtc, 'UTC')).toBe('2025-03-03');
    expect(dayKey(lateUtc, 'Asia/Tokyo')).toBe('2025-03-04');
    expect(dayKey(lateUtc, 'America/New_York')).toBe('2025-03-03');
  });

  it('draws the date line where the zone’s day changes', () => {
    const a = makePost({ channel_id: 'c', user_id: 'u', create_at: Date.UTC(2025, 2, 3, 14, 0) });
    const b = makePost({ channel_id: 'c', user_id: 'u', create_at: Date.UTC(2025, 2, 3, 16, 0) });
    const byId = { [a.id]: a, [b.id]: b };
    const dates = (zone: string) => buildRows([a.id, b.id], byId, null, zone).filter((r) => r.kind === 'date').length;
    expect(dates('UTC')).toBe(1);
    // 14:00 and 16:00 UTC are 23:00 on the 3rd and 01:00 on the 4th in Tokyo.
    expect(dates('Asia/Tokyo')).toBe(2);
  });
});
