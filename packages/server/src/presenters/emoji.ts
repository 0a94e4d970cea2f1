// Custom emoji as Mattermost sends them (model/emoji.go); `category` is added by the client, not the server.
import type { CustomEmoji } from '@mattermost/types/emojis';
import type { Emoji } from '../store/store.js';

export type WireEmoji = Omit<CustomEmoji, 'category'>;

export function presentEmoji(e: Emoji): WireEmoji {
  return { id: e.id, create_at: e.create_at, update_at: e.update_at, delete_at: e.delete_at, creator_id: e.creator_id, name: e.name };
}
