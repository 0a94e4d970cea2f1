import type { Draft } from './models.js';

export interface DraftStore {
  /** Inserts or replaces the draft of (user, channel, root); create_at is kept from an earlier one. */
  upsert(draft: Draft): Promise<{ draft: Draft; created: boolean }>;
  get(userId: string, channelId: string, rootId: string): Promise<Draft | undefined>;
  /** Returns the draft that was removed, if any. */
  delete(userId: string, channelId: string, rootId: string): Promise<Draft | undefined>;
  /**
   * Live drafts in the channels of the team the user still belongs to, and in their DMs and GMs, newest
   * change first.
   */
  getForUserInTeam(userId: string, teamId: string): Promise<Draft[]>;
}
