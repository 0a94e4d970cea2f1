import { describe, expect, it } from 'vitest';
import { buildRows, GROUP_GAP_MS } from './post-rows';
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
