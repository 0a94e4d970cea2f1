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
    expect(rows.map((r) => (r.kind === 'date' ? 'date' : r.continuation ? 'cont' : 'post'))).toEqual(['date', 'post', 'cont', 'post', 'post', 'date', 'post']);
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
});
