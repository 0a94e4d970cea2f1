// What the WebSocket layer needs from the application: channel and team membership for routing events,
// and typing notices. Kept here so ws/ never touches the store.
import { makeEvent } from '../events/event.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

const MEMBER_PAGE = 10_000;

export class RealtimeService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  async channelMemberIds(channelId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += MEMBER_PAGE) {
      const page = await this.ctx.store.channels.getMembers(channelId, { offset, limit: MEMBER_PAGE });
      for (const m of page) ids.add(m.user_id);
      if (page.length < MEMBER_PAGE) return ids;
    }
  }

  async teamMemberIds(teamId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += MEMBER_PAGE) {
      const page = await this.ctx.store.teams.getMembers(teamId, { offset, limit: MEMBER_PAGE });
      for (const m of page) if (m.delete_at === 0) ids.add(m.user_id);
      if (page.length < MEMBER_PAGE) return ids;
    }
  }

  /** `user_typing`: needs create_post in the channel; goes to the other members, not stored. */
  async userTyping(session: AuthSession, channelId: string, parentId: string): Promise<void> {
    await this.app.authz.requireChannel(session, channelId, 'create_post');
    await this.ctx.bus.publish(
      makeEvent('typing', { parent_id: parentId, user_id: session.userId }, { channelId }, { omitUsers: [session.userId] }),
    );
  }
}
