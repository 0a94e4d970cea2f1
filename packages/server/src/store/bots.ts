// Bot accounts: the bots row joined with its users row (username, display name).
import type { Bot } from './models.js';

/** A bot as Mattermost models it: its row plus the username and display name kept on its user. */
export interface BotWithUser extends Bot {
  username: string;
  /** The bot user's first_name. */
  display_name: string;
}

export interface BotQuery {
  /** Only bots owned by this user. */
  ownerId?: string;
  /** Disabled bots (delete_at > 0) too. */
  includeDeleted: boolean;
  /** Only bots whose owner is deactivated or gone. */
  onlyOrphaned: boolean;
  offset: number;
  limit: number;
}

export interface BotStore {
  /** Inserts; false when the user already has a bots row (a concurrent conversion won). */
  save(bot: Bot): Promise<boolean>;
  /** The bot; a disabled one only with includeDeleted. */
  get(userId: string, includeDeleted: boolean): Promise<BotWithUser | undefined>;
  /** Bots by username. */
  list(q: BotQuery): Promise<BotWithUser[]>;
  /** Replaces description, owner_id, update_at, delete_at and last_icon_update. */
  update(bot: Bot): Promise<void>;
}
